/** Resource transforms this package applies to the children of charts and manifests. */
import * as pulumi from "@pulumi/pulumi";

/** The Pulumi type of a CustomResourceDefinition. */
export const CRD_TYPE = "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition";

/**
 * A transform that sets `retainOnDelete` on every CustomResourceDefinition below the resource it
 * is given to: destroying (or replacing) the installer leaves the CRDs, and so every custom
 * resource of their kinds, in the cluster. Other resources and options are left as they are.
 */
export const retainCrds: pulumi.ResourceTransform = (args) => {
  if (args.type !== CRD_TYPE) return undefined;
  return { props: args.props, opts: pulumi.mergeOptions(args.opts, { retainOnDelete: true }) };
};

/**
 * A transform that merges `data` into the ConfigMap `namespace/name` below the resource it is
 * given to (keys in `data` win), leaving every other resource alone.
 */
export function patchConfigMap(
  namespace: string,
  name: string,
  data: Record<string, string>,
): pulumi.ResourceTransform {
  return (args) => {
    if (args.type !== "kubernetes:core/v1:ConfigMap") return undefined;
    const meta = (args.props.metadata ?? {}) as { name?: string; namespace?: string };
    if (meta.name !== name || meta.namespace !== namespace) return undefined;
    const current = (args.props.data ?? {}) as Record<string, string>;
    return { props: { ...args.props, data: { ...current, ...data } }, opts: args.opts };
  };
}
