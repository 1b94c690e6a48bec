/** kruise-devops: the public API. Re-exports only. */
export * from "./kruise";
export * from "./tekton";
export * from "./argocd";
export * from "./access";
export type { ChartSource } from "./common/chartSource";
export { ChartTemplating } from "./common/helmChart";
export type { IntOrPercent } from "./common/intOrPercent";
export {
  ARGOCD_CHART,
  ARGOCD_VERSION,
  KRUISE_CHART,
  KRUISE_SCHEDULED_WARM_MIN_VERSION,
  KRUISE_VERSION,
  TEKTON_PIPELINES,
} from "./common/versions";
export { LabelSelectorOperator } from "./common/labelSelector";
export type { LabelSelector, LabelSelectorRequirement } from "./common/labelSelector";
export type { LabelSelectorArgs, LabelSelectorRequirementArgs } from "./common/labelSelectorArgs";
export { parseNormalizedNamed } from "./common/dockerReference";
export type { DockerReference } from "./common/dockerReference";
export { ArgsError } from "./common/errors";
export type { ArgProblem, BrokenRule } from "./common/errors";
export { ApplyError } from "./common/applyError";
export { Platform } from "./platform";
export type { PlatformArgs, PlatformPipelineArgs, PlatformWarmArgs } from "./platform";
export { PLATFORM_SECRET_KEYS, platformArgsFromConfig, platformFromConfig } from "./platformConfig";
