/**
 * One Helm chart as Pulumi resources, templated one of two ways (`ChartTemplating`). Both give
 * a v2-style component whose children are the chart's objects, so transforms, `dependsOn` on
 * `resources` and render mode behave the same either way.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
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
export type ChartTemplating = "server" | "client";

/** The schema of a component's `templating` arg. */
export const chartTemplatingSchema = z.enum(["server", "client"]);

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
  /** The `helm.v4.Chart` or `yaml.v2.ConfigGroup` holding the objects. */
  readonly component: k8s.helm.v4.Chart | k8s.yaml.v2.ConfigGroup;
  /** Every object of the chart. */
  readonly resources: pulumi.Output<pulumi.Resource[]>;
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

/** Registers `req` templated `templating`'s way, as a child named `name`. */
export function chartResources(
  name: string,
  req: ChartRequest,
  templating: ChartTemplating,
  opts: pulumi.ComponentResourceOptions,
): ChartResources {
  if (templating === "server") {
    const chart = new k8s.helm.v4.Chart(name, req, opts);
    return { component: chart, resources: chart.resources };
  }
  const { values, ...rest } = req;
  const objs = pulumi.output(values).apply(async (v) => {
    const res = await pulumi.runtime.invoke(
      "kubernetes:helm:template",
      { jsonOpts: JSON.stringify(templateRequest(rest, v as Record<string, unknown>)) },
      { parent: opts.parent, provider: opts.provider },
    );
    return withoutHooks((res.result as unknown[] | undefined) ?? []);
  });
  // resourcePrefix: children are named after this group, as helm.v4.Chart's are after the chart.
  const group = new k8s.yaml.v2.ConfigGroup(name, { objs, resourcePrefix: name }, opts);
  return { component: group, resources: group.resources };
}
