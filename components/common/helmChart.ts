/**
 * One Helm chart as Pulumi resources, templated one of two ways (`ChartTemplating`). Both give
 * a v2-style component whose children are the chart's objects, so `dependsOn` on `resources` and
 * render mode behave the same either way. The CRDs can be kept on delete (`KeptCrds`).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { alsoAfter } from "./children";
import { isCrd, keptCrdsGroup } from "./keptCrds";
import { objectGroups } from "./objectGroups";
import { mergeValues } from "./values";
import { CLIENT_TEMPLATE_KUBE_VERSION } from "./versions";

/**
 * How a chart is templated.
 * - `server`: `helm.v4.Chart`, which templates with `--dry-run=server`, so the chart's `lookup`
 *   calls read the live cluster (charts use them to keep generated certificates and immutable
 *   Service fields across upgrades). Needs a reachable cluster, also in render mode.
 * - `client`: the provider's `kubernetes:helm:template` function, which templates like
 *   `helm template` with no cluster (`lookup` returns nothing), then `yaml.v2.ConfigGroup`.
 *   Helm hooks are dropped, as `helm.v4.Chart` drops them. For render mode
 *   (`renderYamlToDirectory`) with no cluster, and for manifests meant for another cluster.
 */
export const ChartTemplating = {
  /** `helm.v4.Chart`, Helm's `--dry-run=server`: the chart's `lookup` calls read the cluster. */
  Server: "server",
  /** `kubernetes:helm:template` then `yaml.v2.ConfigGroup`, like `helm template`: no cluster. */
  Client: "client",
} as const;
/** How a chart is templated: `"server"` or `"client"` (see the {@link ChartTemplating} values). */
export type ChartTemplating = (typeof ChartTemplating)[keyof typeof ChartTemplating];

/** The schema of a component's `templating` arg. */
export const chartTemplatingSchema = z.enum(ChartTemplating);

/** The chart to template: the fields `helm.v4.ChartArgs` and the template function share. */
export interface ChartRequest {
  /** Chart name in `repositoryOpts.repo`, or an absolute local chart path. */
  chart: string;
  version?: string;
  repositoryOpts?: { repo: string };
  /** Release name. */
  name: string;
  namespace: string;
  values: pulumi.Input<Record<string, unknown>>;
}

/** The chart's objects as resources, whichever way it was templated. */
export interface ChartResources {
  /**
   * The `helm.v4.Chart`, or the `yaml.v2.ConfigGroup` holding the objects but kept CRDs and webhook
   * configurations (client templating: components/common/objectGroups.ts).
   */
  readonly component: k8s.helm.v4.Chart | k8s.yaml.v2.ConfigGroup;
  /** The CRDs kept on delete, in a group of their own (see {@link KeptCrds}); else undefined. */
  readonly crds: k8s.yaml.v2.ConfigGroup | undefined;
  /** Every object of the chart, CRDs and webhook configurations included. */
  readonly resources: pulumi.Output<pulumi.Resource[]>;
}

/**
 * Keep the chart's CRDs on delete, with no transform (components/common/keptCrds.ts says why).
 * With `client` templating the rendered CRDs go into a `yaml.v2.ConfigGroup` of their own
 * (`<name>-crds`) that carries `retainOnDelete`. With `server` templating, `server` says how:
 * - `"annotation"`: the chart marks its CRDs `helm.sh/resource-policy: keep` (Argo CD's
 *   `crds.keep`), which `helm.v4.Chart` turns into `retainOnDelete` on each of them itself;
 * - `{ omitValues }`: the values that leave the CRDs out of the chart (Kruise
 *   `crds.managed: false`); the CRDs are then templated client-side into the kept group.
 */
export interface KeptCrds {
  server: "annotation" | { omitValues: Record<string, unknown> };
}

const HOOK_ANNOTATION = "helm.sh/hook";

/** The request as `kubernetes:helm:template` takes it (`HelmChartOpts`, snake_case JSON). */
export function templateRequest(
  req: Omit<ChartRequest, "values">,
  values: Record<string, unknown>,
): Record<string, unknown> {
  const local = req.repositoryOpts === undefined;
  return {
    ...(local
      ? { path: req.chart }
      : { chart: req.chart, version: req.version, fetch_opts: { repo: req.repositoryOpts!.repo } }),
    release_name: req.name,
    namespace: req.namespace,
    kube_version: CLIENT_TEMPLATE_KUBE_VERSION,
    values,
  };
}

/** The objects `helm template` rendered, minus Helm hooks (which no Pulumi resource runs). */
export function withoutHooks(objects: unknown[]): Record<string, any>[] {
  return objects.filter(
    (o): o is Record<string, any> =>
      o !== null &&
      typeof o === "object" &&
      (o as any).metadata?.annotations?.[HOOK_ANNOTATION] === undefined,
  );
}

/**
 * A rewrite of the rendered objects (e.g. components/kruise/webhookConfigurations.ts); an Output
 * when it needs args known only at apply time.
 */
export type RenderedObjects = (objs: Record<string, any>[]) => pulumi.Input<Record<string, any>[]>;

/** What `kubernetes:helm:template` renders for `req` with `values` (like `helm template`), minus hooks. */
function clientTemplate(
  req: Omit<ChartRequest, "values">,
  values: pulumi.Input<Record<string, unknown>>,
  opts: pulumi.ComponentResourceOptions,
): pulumi.Output<Record<string, any>[]> {
  return pulumi.output(values).apply(async (v) => {
    const res = await pulumi.runtime.invoke(
      "kubernetes:helm:template",
      { jsonOpts: JSON.stringify(templateRequest(req, v as Record<string, unknown>)) },
      { parent: opts.parent, provider: opts.provider },
    );
    return withoutHooks((res.result as unknown[] | undefined) ?? []);
  });
}

/**
 * Registers `req` templated `templating`'s way, as a child named `name`, with its CRDs in a kept
 * group of their own when `keepCrds` is given; templated client-side, the webhook configurations
 * come last (objectGroups.ts), and `adjust` rewrites the rendered objects before they are
 * registered (`helm.v4.Chart` renders and registers in the provider, so with `server` templating
 * there is nothing to rewrite: `adjust` applies to client templating only). No transform:
 * nothing calls back into the program.
 */
export function chartResources(
  name: string,
  req: ChartRequest,
  templating: ChartTemplating,
  opts: pulumi.ComponentResourceOptions,
  keepCrds?: KeptCrds,
  adjust: RenderedObjects = (objs) => objs,
): ChartResources {
  const { values, ...rest } = req;
  // resourcePrefix: children are named after the chart component, as helm.v4.Chart's are; the
  // kept CRDs keep that prefix, so their URNs do not depend on which group holds them.
  if (templating === ChartTemplating.Server) {
    let crds: k8s.yaml.v2.ConfigGroup | undefined;
    const omit =
      keepCrds && keepCrds.server !== "annotation" ? keepCrds.server.omitValues : undefined;
    if (omit) {
      const objs = clientTemplate(rest, values, opts).apply((o) => o.filter(isCrd));
      crds = keptCrdsGroup(`${name}-crds`, name, objs, opts);
    }
    const chartValues = omit ? pulumi.output(values).apply((v) => mergeValues(v, omit)) : values;
    const component = new k8s.helm.v4.Chart(
      name,
      { ...req, values: chartValues },
      crds ? alsoAfter(opts, crds) : opts,
    );
    const resources = crds
      ? pulumi.all([crds.resources, component.resources]).apply(([a, b]) => [...a, ...b])
      : component.resources;
    return { component, crds, resources };
  }
  // Client-side: the objects in ordered groups (CRDs, the rest, then the webhook configurations).
  const objs = clientTemplate(rest, values, opts).apply((o) => pulumi.output(adjust(o)));
  const groups = objectGroups(name, name, objs, opts, !!keepCrds);
  return { component: groups.main, crds: groups.crds, resources: groups.resources };
}
