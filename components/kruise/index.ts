export * from "./imagePullJobTypes";
export * from "./imagePullJobRules";
export * from "./imagePullJob";
export {
  COMPLETION_GRACE_SECONDS,
  DEFAULT_WARM_NAMESPACE,
  OneShotOptions,
  WAIT_FOR_COMPLETION,
} from "./warmJobs";
export { WarmPlan, WarmPlanInputs, planWarm } from "./warmPlan";
export { WarmResult } from "./warmOutcome";
export * from "./baseImageWarm";
export * from "./sidecarWarm";
export * from "./poolWarm";
export {
  ImageListWarm,
  ImageListWarmArgs,
  IMAGE_LIST_WARM_DEFAULT_DEADLINE_SECONDS,
  IMAGE_LIST_WARM_DEFAULT_PARALLELISM,
} from "./imageListWarm";
export { ListWarmResult } from "./warmOutcome";
export {
  ScheduledWarm,
  ScheduledWarmArgs,
  SCHEDULED_WARM_DEFAULT_DEADLINE_SECONDS,
  SCHEDULED_WARM_DEFAULT_PARALLELISM,
  SCHEDULED_WARM_HISTORY,
} from "./scheduledWarm";
export { ScheduledWarmConcurrency } from "./advancedCronJob";
export { buildImageListPullJob, ImageListPullJobManifest } from "./imageListPullJob";
export { buildAdvancedCronJob, AdvancedCronJobManifest } from "./advancedCronJob";
export * from "./featureGates";
export * from "./operatorValues";
export * from "./operator";
export * from "./cloneSetRules";
export * from "./cloneSetSpec";
export * from "./podShorthand";
export * from "./cloneSet";
