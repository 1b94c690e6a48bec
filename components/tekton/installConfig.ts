/**
 * Typed overrides of Tekton Pipelines' `feature-flags` and `config-defaults` ConfigMaps
 * (v1.15.0 `config/config-feature-flags.yaml`, `config/config-defaults.yaml`), rendered to the
 * string data the controller reads. Pure.
 */

import type * as pulumi from "@pulumi/pulumi";

/** Namespace of the Tekton Pipelines controller and its ConfigMaps. */
export const TEKTON_NAMESPACE: string = "tekton-pipelines";

/** API maturity Tekton allows in specs (`feature-flags` `enable-api-fields`). */
export const TektonApiFields = {
  Stable: "stable",
  Beta: "beta",
  Alpha: "alpha",
} as const;
/** One of {@link TektonApiFields}. */
export type TektonApiFields = (typeof TektonApiFields)[keyof typeof TektonApiFields];

/** How the affinity assistant coschedules a run's Pods (`feature-flags` `coschedule`). */
export const TektonCoschedule = {
  /** The Pods sharing a PVC workspace on one node. */
  Workspaces: "workspaces",
  /** Every Pod of a PipelineRun on one node. */
  PipelineRuns: "pipelineruns",
  /** Every Pod of a PipelineRun on one node, one PipelineRun a node. */
  IsolatePipelineRun: "isolate-pipelinerun",
  /** No affinity assistant. */
  Disabled: "disabled",
} as const;
/** One of {@link TektonCoschedule}. */
export type TektonCoschedule = (typeof TektonCoschedule)[keyof typeof TektonCoschedule];

/** Where Tekton reads task results from (`feature-flags` `results-from`). */
export const TektonResultsFrom = {
  TerminationMessage: "termination-message",
  SidecarLogs: "sidecar-logs",
} as const;
/** One of {@link TektonResultsFrom}. */
export type TektonResultsFrom = (typeof TektonResultsFrom)[keyof typeof TektonResultsFrom];

/** `feature-flags` keys this package types. Unset keys keep the release's value. */
export interface TektonFeatureFlags {
  /** API maturity allowed in specs (`TektonApiFields`). Maps to `enable-api-fields`. @default "beta" (release) */
  enableApiFields?: pulumi.Input<TektonApiFields>;
  /** Affinity-assistant coscheduling of a run's Pods (`TektonCoschedule`). Maps to `coschedule`. @default "workspaces" (release) */
  coschedule?: pulumi.Input<TektonCoschedule>;
  /** Skip the credential initialiser (then `GitCredentials` / `RegistryCredentials` are not written to `$HOME`). Maps to `disable-creds-init`. @default false (release) */
  disableCredsInit?: pulumi.Input<boolean>;
  /** Wait for sidecars to be ready before steps start. Maps to `await-sidecar-readiness`. @default true (release) */
  awaitSidecarReadiness?: pulumi.Input<boolean>;
  /** The cluster injects sidecars (e.g. a service mesh). Maps to `running-in-environment-with-injected-sidecars`. @default true (release) */
  runningInEnvironmentWithInjectedSidecars?: pulumi.Input<boolean>;
  /** Refuse SSH Git credentials without `known_hosts`. Maps to `require-git-ssh-secret-known-hosts`. @default false (release) */
  requireGitSshSecretKnownHosts?: pulumi.Input<boolean>;
  /** Where task results are read from (`TektonResultsFrom`). Maps to `results-from`. @default "termination-message" (release) */
  resultsFrom?: pulumi.Input<TektonResultsFrom>;
  /** Run steps with a restricted security context. Maps to `set-security-context`. @default false (release) */
  setSecurityContext?: pulumi.Input<boolean>;
  /** Keep a cancelled run's Pod for debugging. Maps to `keep-pod-on-cancel`. @default false (release) */
  keepPodOnCancel?: pulumi.Input<boolean>;
  /** CEL in `when` expressions. Maps to `enable-cel-in-whenexpression`. @default false (release) */
  enableCelInWhenExpression?: pulumi.Input<boolean>;
  /** StepActions. Maps to `enable-step-actions`. @default true (release) */
  enableStepActions?: pulumi.Input<boolean>;
  /** `enum` on params. Maps to `enable-param-enum`. @default false (release) */
  enableParamEnum?: pulumi.Input<boolean>;
  /** Provenance in run status (Chains). Maps to `enable-provenance-in-status`. @default true (release) */
  enableProvenanceInStatus?: pulumi.Input<boolean>;
  /** CloudEvents for runs. Maps to `send-cloudevents-for-runs`. @default true (release) */
  sendCloudEventsForRuns?: pulumi.Input<boolean>;
}

/** `config-defaults` keys this package types. */
export interface TektonConfigDefaults {
  /** Run timeout when a run sets none. Maps to `default-timeout-minutes`. @default 60 (release) */
  timeoutMinutes?: pulumi.Input<number>;
  /** ServiceAccount of runs that name none. Maps to `default-service-account`. @default "default" (release) */
  serviceAccount?: pulumi.Input<string>;
  /** Value of `app.kubernetes.io/managed-by` on run Pods. Maps to `default-managed-by-label-value`. @default "tekton-pipelines" (release) */
  managedByLabelValue?: pulumi.Input<string>;
  /** Pod template applied to every run (YAML). Maps to `default-pod-template`. @default none */
  podTemplate?: pulumi.Input<string>;
  /** Cap on matrix fan-out. Maps to `default-max-matrix-combinations-count`. @default 256 (release) */
  maxMatrixCombinationsCount?: pulumi.Input<number>;
  /** Resolver used when a ref names none (e.g. "cluster", "git", "bundles"). Maps to `default-resolver-type`. @default none */
  resolverType?: pulumi.Input<string>;
}

const FLAG_KEYS: Record<keyof TektonFeatureFlags, string> = {
  enableApiFields: "enable-api-fields",
  coschedule: "coschedule",
  disableCredsInit: "disable-creds-init",
  awaitSidecarReadiness: "await-sidecar-readiness",
  runningInEnvironmentWithInjectedSidecars: "running-in-environment-with-injected-sidecars",
  requireGitSshSecretKnownHosts: "require-git-ssh-secret-known-hosts",
  resultsFrom: "results-from",
  setSecurityContext: "set-security-context",
  keepPodOnCancel: "keep-pod-on-cancel",
  enableCelInWhenExpression: "enable-cel-in-whenexpression",
  enableStepActions: "enable-step-actions",
  enableParamEnum: "enable-param-enum",
  enableProvenanceInStatus: "enable-provenance-in-status",
  sendCloudEventsForRuns: "send-cloudevents-for-runs",
};

const DEFAULT_KEYS: Record<keyof TektonConfigDefaults, string> = {
  timeoutMinutes: "default-timeout-minutes",
  serviceAccount: "default-service-account",
  managedByLabelValue: "default-managed-by-label-value",
  podTemplate: "default-pod-template",
  maxMatrixCombinationsCount: "default-max-matrix-combinations-count",
  resolverType: "default-resolver-type",
};

function render<T extends object>(
  values: pulumi.Unwrap<T> | undefined,
  keys: Record<keyof T, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(keys).sort() as (keyof T)[]) {
    const v = (values as Partial<Record<keyof T, unknown>> | undefined)?.[k];
    if (v !== undefined) out[keys[k]] = String(v);
  }
  return out;
}

/** The `feature-flags` data to merge over the release's. */
export function featureFlagsData(
  flags: pulumi.Unwrap<TektonFeatureFlags> | undefined,
): Record<string, string> {
  return render(flags, FLAG_KEYS);
}

/** The `config-defaults` data to merge over the release's. */
export function configDefaultsData(
  d: pulumi.Unwrap<TektonConfigDefaults> | undefined,
): Record<string, string> {
  return render(d, DEFAULT_KEYS);
}
