/** Small Kubernetes objects and the provider's type tokens, shared by the unit tests' fixtures. */

/** `kubernetes:yaml/v2:ConfigGroup`, as the mocks record it. */
export const CONFIG_GROUP = "kubernetes:yaml/v2:ConfigGroup";
/** `kubernetes:helm.sh/v4:Chart`. */
export const HELM_CHART = "kubernetes:helm.sh/v4:Chart";
/** The provider's `helm template` function. */
export const HELM_TEMPLATE = "kubernetes:helm:template";

/** An object with just its identity: apiVersion, kind, name, and namespace when given. */
export function manifest(apiVersion: string, kind: string, name: string, namespace?: string) {
  return {
    apiVersion,
    kind,
    metadata: namespace === undefined ? { name } : { name, namespace },
  };
}

/** A CustomResourceDefinition named `name` (`apiextensions.k8s.io/v1` unless told). */
export const crd = (name: string, apiVersion = "apiextensions.k8s.io/v1") =>
  manifest(apiVersion, "CustomResourceDefinition", name);
