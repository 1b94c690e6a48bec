/** kruise-devops: the public API. Re-exports only. */
export * from "./kruise";
export * from "./tekton";
export * from "./argocd";
export * from "./access";
export { ChartSource } from "./common/chartSource";
export { IntOrPercent } from "./common/intOrPercent";
export {
  KRUISE_CHART,
  KRUISE_VERSION,
  KRUISE_SCHEDULED_WARM_MIN_VERSION,
  TEKTON_PIPELINES,
  ARGOCD_CHART,
  ARGOCD_VERSION,
} from "./common/versions";
export {
  LabelSelector,
  LabelSelectorOperator,
  LabelSelectorRequirement,
} from "./common/labelSelector";
export { DockerReference, parseNormalizedNamed } from "./common/dockerReference";
export * from "./platform";
export * from "./platformConfig";
