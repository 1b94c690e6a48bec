/**
 * Argo CD health checks for the OpenKruise kinds Argo CD does not ship (ImagePullJob,
 * ImageListPullJob, SidecarSet): Lua scripts kept as `.lua` files beside this module, rendered to
 * `argocd-cm` keys `resource.customizations.health.<group>_<Kind>`. Argo CD's built-in checks
 * for CloneSet, Advanced StatefulSet/DaemonSet, BroadcastJob and AdvancedCronJob are left alone
 * unless overridden explicitly.
 */
import * as fs from "fs";
import * as path from "path";

/** Kruise kinds with a health check in this package. */
export const KRUISE_HEALTH_CHECK_KINDS = [
  "ImagePullJob",
  "ImageListPullJob",
  "SidecarSet",
] as const;
export type KruiseHealthCheckKind = (typeof KRUISE_HEALTH_CHECK_KINDS)[number];

/** Kruise kinds Argo CD already checks (resource_customizations/apps.kruise.io in argo-cd). */
export const ARGOCD_BUILT_IN_KRUISE_KINDS = [
  "AdvancedCronJob",
  "BroadcastJob",
  "CloneSet",
  "DaemonSet",
  "StatefulSet",
] as const;

/** The `argocd-cm` key of the health check of `group`/`kind`. */
export function healthCheckKey(group: string, kind: string): string {
  return `resource.customizations.health.${group.replace(/\//g, "_")}_${kind}`;
}

/** The Lua source of this package's health check for `kind`. */
export function healthCheckScript(kind: KruiseHealthCheckKind): string {
  return fs.readFileSync(path.join(__dirname, "health", `${kind}.lua`), "utf8");
}

/** The `argocd-cm` entries for this package's Kruise health checks. */
export function kruiseHealthChecks(): Record<string, string> {
  return Object.fromEntries(
    KRUISE_HEALTH_CHECK_KINDS.map((k) => [
      healthCheckKey("apps.kruise.io", k),
      healthCheckScript(k),
    ]),
  );
}
