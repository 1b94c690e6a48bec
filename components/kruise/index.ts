export {
  CompletionPolicyType,
  DEFAULT_IMAGE_PULL_JOB_API_VERSION,
  IMAGE_PULL_JOB_DEFAULTS,
  ImagePullJobApiVersion,
  ImagePullPolicy,
} from "./imagePullJobTypes";
export type {
  CompletionPolicy,
  ImagePullJobManifest,
  ImagePullJobNodeSelector,
  ImagePullJobSpec,
  PullPolicy,
  ResolvedImagePullJobSpec,
  SandboxConfig,
} from "./imagePullJobTypes";
export type {
  ImagePullJobNodeSelectorArgs,
  PullPolicyArgs,
  SandboxConfigArgs,
} from "./imagePullJobArgs";
export { buildImagePullJob, resolveImagePullJobSpec } from "./imagePullJob";
export type { ImagePullJobMeta } from "./imagePullJob";
export { COMPLETION_GRACE_SECONDS, DEFAULT_WARM_NAMESPACE, WAIT_FOR_COMPLETION } from "./warmJobs";
export type {
  OneShotOptions,
  WarmArgsCommon,
  WarmJobIdentityArgs,
  WarmTemplateArgs,
  WarmWaitArgs,
} from "./warmJobs";
export { WarmPlanLimit, planWarm } from "./warmPlan";
export type { ResolvedWarmPlanInputs, WarmPlan, WarmPlanInputs } from "./warmPlan";
export type { WarmResult } from "./warmOutcome";
export { BASE_IMAGE_WARM_DEFAULT_PARALLELISM, BaseImageWarm } from "./baseImageWarm";
export type { BaseImageWarmArgs } from "./baseImageWarm";
export {
  SIDECAR_WARM_DEFAULT_DEADLINE_SECONDS,
  SIDECAR_WARM_DEFAULT_PARALLELISM,
  SidecarWarm,
} from "./sidecarWarm";
export type { SidecarWarmArgs } from "./sidecarWarm";
export {
  POOL_WARM_DEFAULT_DEADLINE_SECONDS,
  POOL_WARM_DEFAULT_PARALLELISM,
  PoolWarm,
} from "./poolWarm";
export type { PoolWarmArgs, WarmPool } from "./poolWarm";
export {
  IMAGE_LIST_WARM_DEFAULT_DEADLINE_SECONDS,
  IMAGE_LIST_WARM_DEFAULT_PARALLELISM,
  ImageListWarm,
} from "./imageListWarm";
export type { ImageListWarmArgs } from "./imageListWarm";
export type { FailedListImage, ListWarmResult } from "./warmOutcome";
export {
  SCHEDULED_WARM_DEFAULT_DEADLINE_SECONDS,
  SCHEDULED_WARM_DEFAULT_PARALLELISM,
  SCHEDULED_WARM_HISTORY,
  ScheduledWarm,
} from "./scheduledWarm";
export type { ScheduledWarmArgs } from "./scheduledWarm";
export { ScheduledWarmConcurrency } from "./advancedCronJob";
export { buildImageListPullJob } from "./imageListPullJob";
export type { ImageListPullJobManifest } from "./imageListPullJob";
export { buildAdvancedCronJob } from "./advancedCronJob";
export type { AdvancedCronJobManifest } from "./advancedCronJob";
export {
  KRUISE_FEATURE_GATES,
  OPERATOR_DEFAULT_GATES,
  PRE_DOWNLOAD_GATES,
  renderFeatureGates,
  resolveFeatureGates,
} from "./featureGates";
export type {
  GateProblem,
  KruiseFeatureGate,
  KruiseFeatureGates,
  ResolvedGates,
} from "./featureGates";
export { operatorValues, TolerationEffect, TolerationOperator } from "./operatorValues";
export type {
  KruiseDaemonArgs,
  KruiseManagerArgs,
  KruiseManagerImage,
  OperatorValuesInput,
  ResourceRequirements,
  Toleration,
} from "./operatorValues";
export { DEFAULT_KRUISE_NAMESPACE, KruiseOperator } from "./operator";
export type { KruiseOperatorArgs, KruiseOperatorCrds } from "./operator";
export {
  CLONESET_DEFAULTS,
  CloneSetUpdateType,
  PRE_DOWNLOAD_ANNOTATIONS,
  PRE_DOWNLOAD_MIN_REPLICAS,
  preDownloadSkip,
} from "./cloneSetRules";
export { buildCloneSet, CLONESET_API_VERSION, preDownloadAnnotations } from "./cloneSetSpec";
export type { CloneSetPlan } from "./cloneSetSpec";
export type {
  PodContainer,
  PodEnvMap,
  PodPortMap,
  PodSpecShorthand,
  PodVolumeMount,
} from "./podShorthand";
export { CloneSet } from "./cloneSet";
export type { CloneSetArgs, CloneSetPreDownload, CloneSetUpdateStrategy } from "./cloneSet";
