/**
 * CustomResourceDefinitions kept on delete, with no callback into the program.
 *
 * Why not a resource transform (`retainOnDelete` set on each CRD child of a chart or config
 * group, as this package did up to 0.1.0): a transform on a remote component (`helm.v4.Chart`,
 * `yaml.v2.ConfigGroup`, `ConfigFile`) is a callback from the engine into the Node program for
 * every child the provider registers. The Node SDK shuts its callback server for good as soon as
 * any engine call answers UNAVAILABLE or CANCELLED (`terminateRpcs()` in
 * `@pulumi/pulumi/runtime/resource.js` and `invoke.js`; through 3.276 at least), and the engine
 * keeps dialling the dead address, so one transient fault under load turns every later child into
 * `invoke transform: … connection refused` and fails the whole preview or up (seen in this
 * project's e2e suite; README "Why no transforms"). `retainOnDelete` on a component is inherited
 * by every child the engine registers under it, remote children included, so the CRDs go into a
 * group of their own that carries it.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** True for a CustomResourceDefinition object. */
export function isCrd(o: Record<string, any>): boolean {
  return (
    o.kind === "CustomResourceDefinition" &&
    typeof o.apiVersion === "string" &&
    o.apiVersion.startsWith("apiextensions.k8s.io/")
  );
}

/**
 * The CRDs among `objs` as a `yaml.v2.ConfigGroup` named `name`, whose children are named with
 * `resourcePrefix` (give the prefix the objects had before, so their URNs stay the same: a URN
 * holds the parent's type, not its name) and kept on delete (`retainOnDelete` on the group,
 * inherited by each child).
 */
export function keptCrdsGroup(
  name: string,
  resourcePrefix: string,
  crds: pulumi.Input<Record<string, any>[]>,
  opts: pulumi.ComponentResourceOptions,
): k8s.yaml.v2.ConfigGroup {
  return new k8s.yaml.v2.ConfigGroup(
    name,
    { objs: crds, resourcePrefix },
    { ...opts, retainOnDelete: true },
  );
}
