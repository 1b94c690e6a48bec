/**
 * Rendered objects (a chart templated client-side, a release manifest) registered in up to three
 * `yaml.v2.ConfigGroup`s, in an order that holds on create and on destroy. All three name their
 * children with one `resourcePrefix`, so an object's URN does not depend on the group holding it
 * (a URN holds its parent's type, not its name):
 * - `<name>-crds`: the CustomResourceDefinitions, kept on delete when asked (keptCrds.ts);
 * - `<name>`: everything else but the admission webhook configurations, after the CRDs;
 * - `<name>-webhooks`: the Mutating/ValidatingWebhookConfigurations, after everything else. They
 *   are created once the webhook's Deployment and Service exist, and on destroy deleted first,
 *   while their backend still runs. Seen on the e2e control plane (a real garbage collector):
 *   Tekton's config webhook intercepts the ConfigMaps of its namespace; deleted in parallel with
 *   the webhook's Service, each ConfigMap's foreground deletion could never finish, because the
 *   garbage collector's update was refused (`service "tekton-pipelines-webhook" not found`), and
 *   `destroy` hung.
 * No transform: nothing calls back into the program.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { alsoAfter } from "./children";
import { isCrd, keptCrdsGroup } from "./keptCrds";

/** True for an admission webhook configuration. */
export function isWebhookConfiguration(o: Record<string, any>): boolean {
  return (
    (o.kind === "MutatingWebhookConfiguration" || o.kind === "ValidatingWebhookConfiguration") &&
    typeof o.apiVersion === "string" &&
    o.apiVersion.startsWith("admissionregistration.k8s.io/")
  );
}

/** The objects of each group, each in the order given. With `keepCrds` false, CRDs are in `rest`. */
export function splitObjects<T extends Record<string, any>>(
  objs: T[],
  keepCrds: boolean,
): { crds: T[]; rest: T[]; webhooks: T[] } {
  const crd = (o: T) => keepCrds && isCrd(o);
  return {
    crds: objs.filter(crd),
    rest: objs.filter((o) => !crd(o) && !isWebhookConfiguration(o)),
    webhooks: objs.filter(isWebhookConfiguration),
  };
}

/** The groups of {@link objectGroups}. */
export interface ObjectGroups {
  /** Everything but kept CRDs and webhook configurations (`<name>`). */
  readonly main: k8s.yaml.v2.ConfigGroup;
  /** The kept CRDs (`<name>-crds`), or undefined when they are not kept. */
  readonly crds: k8s.yaml.v2.ConfigGroup | undefined;
  /** The webhook configurations (`<name>-webhooks`). */
  readonly webhooks: k8s.yaml.v2.ConfigGroup;
  /** Every object of the three. */
  readonly resources: pulumi.Output<pulumi.Resource[]>;
}

/**
 * Registers `objs` as {@link ObjectGroups}, children named with `resourcePrefix`. `mainOpts` are
 * merged into the main group's options only (e.g. `aliases`).
 */
export function objectGroups(
  name: string,
  resourcePrefix: string,
  objs: pulumi.Output<Record<string, any>[]>,
  opts: pulumi.ComponentResourceOptions,
  keepCrds: boolean,
  mainOpts: pulumi.ComponentResourceOptions = {},
): ObjectGroups {
  const parts = objs.apply((o) => splitObjects(o, keepCrds));
  const crds = keepCrds
    ? keptCrdsGroup(`${name}-crds`, resourcePrefix, parts.crds, opts)
    : undefined;
  const main = new k8s.yaml.v2.ConfigGroup(
    name,
    { objs: parts.rest, resourcePrefix },
    { ...(crds ? alsoAfter(opts, crds) : opts), ...mainOpts },
  );
  const webhooks = new k8s.yaml.v2.ConfigGroup(
    `${name}-webhooks`,
    { objs: parts.webhooks, resourcePrefix },
    alsoAfter(opts, main),
  );
  const resources = pulumi
    .all([crds ? crds.resources : [], main.resources, webhooks.resources])
    .apply(([c, m, w]) => [...c, ...m, ...w]);
  return { main, crds, webhooks, resources };
}
