/** How the policy rules recognise Argo CD in a stack: its chart, its params ConfigMap, its diffing. */
import { COMPARE_OPTIONS_ANNOTATION } from "../components/argocd/applicationSpec";
import { SERVER_SIDE_DIFF_PARAM } from "../components/argocd/values";
import { Obj, at, obj, str, truthy } from "./plain";
import { Item, chartNamed, metadataOf, ofType } from "./support";
import { TYPES } from "./types";

/** The ConfigMap of argocd-server's and the controller's command-line parameters. */
export const ARGOCD_PARAMS_CM = "argocd-cmd-params-cm";

/** True when a Helm chart/release looks like Argo CD's. */
export function isArgoCdChart(props: Obj): boolean {
  if (chartNamed(props, "argo-cd")) return true;
  return obj(at(props, "values", "configs")) !== undefined && "crds" in (obj(props.values) ?? {});
}

/** True when an Application diffs server-side (`compare-options` holds `ServerSideDiff=true`). */
function diffsServerSide(app: Obj): boolean {
  const v = str(at(app, "metadata", "annotations", COMPARE_OPTIONS_ANNOTATION)) ?? "";
  return v.split(",").some((o) => o.trim() === "ServerSideDiff=true");
}

/** What a stack shows of Argo CD. */
export interface ArgoCdInStack {
  /** An Argo CD chart, its params ConfigMap, or an Application is in the stack. */
  present: boolean;
  /** The Applications that diff client-side (none when server-side diff is on globally). */
  clientDiffing: string[];
}

/** Argo CD in a stack: is it there, and which Applications diff client-side. */
export function argoCdInStack(items: readonly Item[]): ArgoCdInStack {
  const apps = ofType(items, TYPES.application);
  const charts = ofType(items, TYPES.helm).filter((r) => isArgoCdChart(r.props));
  const paramsCms = ofType(items, TYPES.configMap).filter(
    (r) => metadataOf(r.props).name === ARGOCD_PARAMS_CM,
  );
  const globalServerSideDiff =
    charts.some((c) =>
      truthy(at(c.props, "values", "configs", "params", SERVER_SIDE_DIFF_PARAM)),
    ) || paramsCms.some((c) => truthy(at(c.props, "data", SERVER_SIDE_DIFF_PARAM)));
  return {
    present: charts.length + paramsCms.length + apps.length > 0,
    clientDiffing: globalServerSideDiff
      ? []
      : apps.filter((a) => !diffsServerSide(a.props)).map((a) => a.who),
  };
}
