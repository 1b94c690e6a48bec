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
export * from "./featureGates";
export * from "./operatorValues";
export * from "./operator";
export * from "./cloneSetRules";
export * from "./cloneSetSpec";
export * from "./cloneSet";
