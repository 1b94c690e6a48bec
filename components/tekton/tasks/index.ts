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

export { TASK_IMAGES, taskImages } from "./images";
export type { TaskImages } from "./images";
export type { ComputeResources, TaskOptions, WorkloadInputs } from "./shared";
export type { ScriptInput, ScriptOutput } from "./stepScript";
export { scriptCommands } from "./stepScript";
export { gitCloneTask } from "./gitClone";
export type { GitCloneTaskOptions } from "./gitClone";
export { unitTestTask } from "./unitTest";
export type { UnitTestTaskOptions } from "./unitTest";
export { kanikoBuildTask, kanikoDigestScript, kanikoExecutorArgs } from "./buildKaniko";
export type {
  KanikoBuildTaskOptions,
  KanikoDigestScriptIo,
  KanikoExecutorTarget,
} from "./buildKaniko";
export { buildkitBuildScript, buildkitBuildTask, BUILDKITD_FLAGS } from "./buildBuildkit";
export type { BuildkitBuildScriptIo, BuildkitBuildTaskOptions } from "./buildBuildkit";
export {
  WARM_COMPLETION_DEFAULTS,
  WARM_GENERATE_NAME,
  WARM_PLACEHOLDER_IMAGE,
  warmJobTemplate,
  warmScript,
  warmTask,
} from "./warm";
export type { WarmJobCreator, WarmJobTemplate, WarmScriptIo, WarmTaskOptions } from "./warm";
export { argocdSyncTask } from "./deployArgoCd";
export type { ArgoCdSyncTaskOptions } from "./deployArgoCd";
export { deploymentImageTask, deploymentRolloutScript } from "./deployDeployment";
export type { DeploymentImageTaskOptions, DeploymentRolloutScriptIo } from "./deployDeployment";
export { cloneSetImageTask } from "./deployCloneSet";
export type { CloneSetImageTaskOptions } from "./deployCloneSet";

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
