/**
 * How the policy rules read a Kruise install in a stack: where it is, its effective feature gates,
 * and who warms images with it.
 */
import {
  KRUISE_FEATURE_GATES,
  KruiseFeatureGate,
  resolveFeatureGates,
} from "../components/kruise/featureGates";
import { Obj, arr, at, goBool, obj, str } from "./plain";
import { Item, chartNamed, metadataOf, ofType } from "./support";
import { TYPES, isPatch } from "./types";

/** The Kruise chart's own `featureGates` default (chart 1.8.3 values.yaml). */
export const KRUISE_CHART_DEFAULT_FEATURE_GATES = "ImagePullJobGate=true";
const KRUISE_MANAGER_DEPLOYMENT = "kruise-controller-manager";
const FEATURE_GATES_FLAG = "--feature-gates=";

/**
 * Every gate's effective value for a `featureGates` string (`Name=bool,...`; the chart's default
 * when undefined): Kruise's defaults for gates not named, then the ties Kruise's
 * SetDefaultFeatureGates applies (components/kruise/featureGates.ts). Names Kruise does not know
 * and values that are not booleans are ignored here (KruiseOperator rejects them).
 */
export function effectiveFeatureGates(
  featureGates: string | undefined,
): Record<KruiseFeatureGate, boolean> {
  const given: Partial<Record<KruiseFeatureGate, boolean>> = {};
  for (const entry of (featureGates ?? KRUISE_CHART_DEFAULT_FEATURE_GATES).split(",")) {
    const [k, v] = entry.split("=").map((s) => s.trim());
    if (!(k in KRUISE_FEATURE_GATES)) continue;
    const value = goBool(v);
    if (value !== undefined) given[k as KruiseFeatureGate] = value;
  }
  // Given explicitly so that the operator's own default (ImagePullJobGate on) is not applied:
  // an unset gate in the string takes Kruise's default.
  given.ImagePullJobGate ??= KRUISE_FEATURE_GATES.ImagePullJobGate.default;
  return { ...resolveFeatureGates(given, false, undefined).effective };
}

/** True when a Helm chart/release looks like OpenKruise's. */
export function isKruiseChart(props: Obj): boolean {
  if (chartNamed(props, "kruise")) return true;
  const values = obj(props.values);
  return values !== undefined && "featureGates" in values && obj(values.installation) !== undefined;
}

/** A Kruise install: where its `featureGates` come from. */
export interface KruiseInstall {
  item: Item;
  /** The string, or undefined for the chart's default. */
  featureGates: string | undefined;
}

/** The `--feature-gates` of a manager Deployment's first container that sets it. */
function managerFeatureGates(deployment: Obj): string | undefined {
  for (const c of arr(at(deployment, "spec", "template", "spec", "containers"))) {
    const flag = arr(at(c, "args"))
      .map(str)
      .find((a) => a?.startsWith(FEATURE_GATES_FLAG));
    if (flag !== undefined) return flag.slice(FEATURE_GATES_FLAG.length);
  }
  return undefined;
}

/** The manager Deployments (or, `patchesOnly`, patches of one) that set `--feature-gates`. */
function managerInstalls(items: readonly Item[], patchesOnly: boolean): KruiseInstall[] {
  const managers: KruiseInstall[] = [];
  for (const item of ofType(items, TYPES.deployment)) {
    if (patchesOnly && !isPatch(item.type)) continue;
    if (metadataOf(item.props).name !== KRUISE_MANAGER_DEPLOYMENT) continue;
    const featureGates = managerFeatureGates(item.props);
    if (featureGates !== undefined) managers.push({ item, featureGates });
  }
  return managers;
}

/**
 * The Kruise installs of the stack: Kruise charts whose values are visible (under mocks, and in
 * resource-level props), else the manager Deployments a chart rendered (under a real engine a
 * stack policy sees the chart's children, and a component's outputs rather than its values).
 * A `DeploymentPatch` of the manager that sets `--feature-gates` overrides what a chart rendered,
 * so it counts beside the charts. Installs whose featureGates cannot be read (unknown, secret)
 * are left out.
 */
export function kruiseInstalls(items: readonly Item[]): KruiseInstall[] {
  const charts: KruiseInstall[] = [];
  for (const item of ofType(items, TYPES.helm).filter((r) => isKruiseChart(r.props))) {
    const fg = at(item.props, "values", "featureGates");
    if (fg === undefined || typeof fg === "string") charts.push({ item, featureGates: fg });
  }
  if (charts.length > 0) return [...charts, ...managerInstalls(items, true)];
  return managerInstalls(items, false);
}

/** True when a Role lets its subjects create ImagePullJobs (a pipeline's warm step). */
function grantsImagePullJobCreate(role: Obj): boolean {
  const has = (list: unknown, v: string) => arr(list).some((x) => x === v || x === "*");
  return arr(role.rules).some(
    (r) =>
      has(at(r, "apiGroups"), "apps.kruise.io") &&
      has(at(r, "resources"), "imagepulljobs") &&
      has(at(r, "verbs"), "create"),
  );
}

/** Who warms images in the stack: ImagePullJobs, and Roles that let a pipeline create them. */
export function imageWarmers(items: readonly Item[]): string[] {
  return [
    ...ofType(items, TYPES.imagePullJob, TYPES.imageListPullJob).map((r) => r.who),
    ...ofType(items, TYPES.advancedCronJob)
      .filter((r) => at(r.props, "spec", "template", "imageListPullJobTemplate") !== undefined)
      .map((r) => r.who),
    ...ofType(items, TYPES.role)
      .filter((r) => grantsImagePullJobCreate(r.props))
      .map((r) => `${r.who} (a pipeline warm step)`),
  ];
}
