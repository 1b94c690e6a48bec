/**
 * The Tekton task library: pure functions returning Tekton v1 `TaskSpec`s for the CI/CD
 * pipeline (clone, test, build and push, warm the nodes, deploy), with their pinned images, and
 * the step scripts of the build, warm and deploy tasks as builders of their own, for other CI
 * systems (kanikoDigestScript, buildkitBuildScript, warmScript, deploymentRolloutScript).
 */
import { buildkitBuildTask } from "./buildBuildkit";
import { kanikoBuildTask } from "./buildKaniko";
import { argocdSyncTask } from "./deployArgoCd";
import { cloneSetImageTask } from "./deployCloneSet";
import { deploymentImageTask } from "./deployDeployment";
import { gitCloneTask } from "./gitClone";
import { unitTestTask } from "./unitTest";
import { warmTask } from "./warm";

export * from "./images";
export type { TaskOptions, ComputeResources, WorkloadInputs } from "./shared";
export type { ScriptInput, ScriptOutput } from "./stepScript";
export { scriptCommands } from "./stepScript";
export * from "./gitClone";
export * from "./unitTest";
export * from "./buildKaniko";
export * from "./buildBuildkit";
export * from "./warm";
export * from "./deployArgoCd";
export * from "./deployDeployment";
export * from "./deployCloneSet";

/** Every task of the library by its short name (also a good Task object name). */
export const TASK_LIBRARY = {
  "git-clone": gitCloneTask,
  "unit-test": unitTestTask,
  "build-kaniko": kanikoBuildTask,
  "build-buildkit": buildkitBuildTask,
  warm: warmTask,
  "deploy-argocd": argocdSyncTask,
  "deploy-deployment": deploymentImageTask,
  "deploy-cloneset": cloneSetImageTask,
} as const;

/** A short name of {@link TASK_LIBRARY}. */
export type TaskLibraryName = keyof typeof TASK_LIBRARY;
