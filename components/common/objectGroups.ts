/**
 * Rendered objects (a chart templated client-side, a release manifest) registered in up to four
 * `yaml.v2.ConfigGroup`s, in an order that holds on create and on destroy. All of them name their
 * children with one `resourcePrefix`, so an object's URN does not depend on the group holding it
 * (a URN holds its parent's type, not its name):
 * - `<name>-crds`: the CustomResourceDefinitions, kept on delete when asked (keptCrds.ts);
 * - `<name>`: everything else but the admission webhook configurations, after the CRDs;
 * - `<name>-webhooks`: the Mutating/ValidatingWebhookConfigurations, after everything but their
 *   backends. They are created once the webhook's Service (and all but the workload behind it)
 *   exists, and on destroy deleted before those. Seen on the e2e control plane (a real garbage
 *   collector): Tekton's config webhook intercepts the ConfigMaps of its namespace; deleted in
 *   parallel with the webhook's Service, each ConfigMap's foreground deletion could never
 *   finish, because the garbage collector's update was refused (`service
 *   "tekton-pipelines-webhook" not found`), and `destroy` hung.
 * - `<name>-webhook-backends`: the workloads serving those webhooks ({@link webhookBackends}),
 *   after the webhook configurations, so that Pulumi's readiness wait on them can pass: a
 *   backend may need its configurations to become ready. kruise-manager does: its `/readyz`
 *   passes only once its webhook controller has found both of its webhook configurations and
 *   patched its CA into them, and its controllers start only after that. With the configurations
 *   after the manager's Deployment, `pulumi up` waited for a manager that waited for them, until
 *   the Deployment's await timed out (seen on the e2e control plane, test/e2e/support/
 *   controlPlane.ts). On destroy a backend goes first; its configurations right after it.
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

/** A workload kind: its Pods can serve a webhook. */
const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet"]);

/**
 * The workloads among `objs` that serve the webhooks of `webhookConfigurations`: those whose Pod
 * template carries every label of the selector of a Service a webhook calls
 * (`clientConfig.service`), in that Service's namespace.
 */
export function webhookBackends<T extends Record<string, any>>(
  objs: T[],
  webhookConfigurations: Record<string, any>[],
): T[] {
  const services = new Set<string>();
  for (const c of webhookConfigurations) {
    for (const w of (c.webhooks ?? []) as Record<string, any>[]) {
      const svc = w?.clientConfig?.service;
      if (svc?.name) services.add(`${svc.namespace ?? ""}/${svc.name}`);
    }
  }
  const selectors = objs
    .filter(
      (o) =>
        o.kind === "Service" &&
        o.apiVersion === "v1" &&
        services.has(`${o.metadata?.namespace ?? ""}/${o.metadata?.name}`) &&
        Object.keys(o.spec?.selector ?? {}).length > 0,
    )
    .map((o) => ({ namespace: o.metadata?.namespace, selector: o.spec.selector }));
  return objs.filter((o) => {
    if (!WORKLOAD_KINDS.has(o.kind)) return false;
    const labels = o.spec?.template?.metadata?.labels ?? {};
    return selectors.some(
      (s) =>
        s.namespace === o.metadata?.namespace &&
        Object.entries(s.selector as Record<string, string>).every(([k, v]) => labels[k] === v),
    );
  });
}

/**
 * The objects of each group, each in the order given. With `keepCrds` false, CRDs are in `rest`.
 * `backends`: the workloads serving the webhook configurations ({@link webhookBackends}).
 */
export function splitObjects<T extends Record<string, any>>(
  objs: T[],
  keepCrds: boolean,
): { crds: T[]; rest: T[]; webhooks: T[]; backends: T[] } {
  const crd = (o: T) => keepCrds && isCrd(o);
  const webhooks = objs.filter(isWebhookConfiguration);
  const backends = webhookBackends(objs, webhooks);
  return {
    crds: objs.filter(crd),
    rest: objs.filter((o) => !crd(o) && !isWebhookConfiguration(o) && !backends.includes(o)),
    webhooks,
    backends,
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
  /** The workloads serving the webhooks (`<name>-webhook-backends`). */
  readonly backends: k8s.yaml.v2.ConfigGroup;
  /** Every object of the four. */
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
  const backends = new k8s.yaml.v2.ConfigGroup(
    `${name}-webhook-backends`,
    { objs: parts.backends, resourcePrefix },
    alsoAfter(opts, webhooks),
  );
  const resources = pulumi
    .all([crds ? crds.resources : [], main.resources, webhooks.resources, backends.resources])
    .apply(([c, m, w, b]) => [...c, ...m, ...w, ...b]);
  return { main, crds, webhooks, backends, resources };
}
