/** Argo CD: the install with Kruise health checks, and Applications. */
export {
  ARGOCD_BUILT_IN_KRUISE_KINDS,
  healthCheckScript,
  KRUISE_HEALTH_CHECK_KINDS,
  kruiseHealthChecks,
} from "./healthChecks";
export type { KruiseHealthCheckKind } from "./healthChecks";
export { ARGOCD_BCRYPT_COST, hashAdminPassword } from "./adminPassword";
export { argoCdValues, SERVER_SIDE_DIFF_PARAM } from "./values";
export type { ArgoCdValuesInput } from "./values";
export { ArgoCd, DEFAULT_ADMIN_PASSWORD_MTIME, DEFAULT_ARGOCD_NAMESPACE } from "./install";
export type { ArgoCdArgs, ArgoCdCrds } from "./install";
export {
  buildApplication,
  CASCADE_FINALIZER,
  COMPARE_OPTIONS_ANNOTATION,
  IN_CLUSTER,
} from "./applicationSpec";
export type {
  ApplicationDestination,
  ApplicationHelm,
  ApplicationPlan,
  ApplicationSyncPolicy,
  HelmParameter,
} from "./applicationSpec";
export { ArgoApplication } from "./application";
export type { ApplicationKruise, ApplicationKruiseGates, ArgoApplicationArgs } from "./application";
