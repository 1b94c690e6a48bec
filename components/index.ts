/** kruise-devops: the public API. Re-exports only. */
export * from "./kruise";
export {
  LabelSelector,
  LabelSelectorOperator,
  LabelSelectorRequirement,
} from "./common/labelSelector";
export { DockerReference, parseNormalizedNamed } from "./common/dockerReference";
