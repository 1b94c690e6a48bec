/** Tekton Pipelines: the install, the typed v1 model, the task library and CiPipeline. */
export {
  configDefaultsData,
  featureFlagsData,
  TEKTON_NAMESPACE,
  TektonApiFields,
  TektonCoschedule,
  TektonResultsFrom,
} from "./installConfig";
export type { TektonConfigDefaults, TektonFeatureFlags } from "./installConfig";
export { TektonPipelines } from "./install";
export type { TektonPipelinesArgs, TektonSource } from "./install";
export { ParamType, TEKTON_API_VERSION } from "./types";
export type {
  EnvVar,
  ObjectMeta,
  Param,
  ParamSpec,
  ParamValue,
  PipelineManifest,
  PipelineRunManifest,
  PipelineRunSpec,
  PipelineSpec,
  PipelineTask,
  SecurityContext,
  Step,
  TaskManifest,
  TaskResult,
  TaskSpec,
  Volume,
  WhenExpression,
  WorkspaceBinding,
  WorkspaceDeclaration,
} from "./types";
export {
  checkPipelineRunSpec,
  checkPipelineSpec,
  checkTaskSpec,
  executionOrder,
} from "./validation";
export type { SpecProblem } from "./validation";
export { pipelineManifest, pipelineRunManifest, taskManifest } from "./manifests";
export * from "./tasks";
export { CI_TASKS, ciRunSpec, ImageBuilder, planCiPipeline } from "./ciPipelinePlan";
export type { CiPlan, CiPlanInput } from "./ciPipelinePlan";
export { CiPipeline } from "./ciPipeline";
export type {
  CiApplicationRef,
  CiArgoCdDeployArgs,
  CiBuildArgs,
  CiDeployArgs,
  CiPipelineArgs,
  CiRunArgs,
  CiSecretRef,
  CiServiceAccount,
  CiTestArgs,
  CiWarmArgs,
  CiWorkloadDeployArgs,
  CiWorkspaceArgs,
} from "./ciPipelineArgs";
