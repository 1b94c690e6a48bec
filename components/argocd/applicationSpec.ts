/** The Argo CD Application manifest (`argoproj.io/v1alpha1`). Pure. */

import * as pulumi from "@pulumi/pulumi";

/** The Application kind's API version. */
export const APPLICATION_API_VERSION = "argoproj.io/v1alpha1";
/** The annotation that makes Argo CD diff an Application server-side. */
export const COMPARE_OPTIONS_ANNOTATION = "argocd.argoproj.io/compare-options";
/** The finalizer that makes deleting an Application delete what it deployed. */
export const CASCADE_FINALIZER = "resources-finalizer.argocd.argoproj.io";
/** The in-cluster API server, Argo CD's name for "this cluster". */
export const IN_CLUSTER = "https://kubernetes.default.svc";

/** One `helm --set`. */
export interface HelmParameter {
  /** Value path. Maps to `helm.parameters[].name`. */
  name: string;
  /** Value. Maps to `helm.parameters[].value`. */
  value: string;
  /** `--set-string` instead of `--set`. Maps to `helm.parameters[].forceString`. @default false */
  forceString?: boolean;
}

/** Helm options of the source. Give `parameters` or `valuesObject` (or both; parameters win). */
export interface ApplicationHelm {
  /** Maps to `spec.source.helm.parameters`. @default none */
  parameters?: pulumi.Input<HelmParameter[]>;
  /** Values as an object, free-form (any JSON the chart takes). Maps to `spec.source.helm.valuesObject`. @default none */
  valuesObject?: pulumi.Input<{ [key: string]: any }>;
  /** Values files in the source. Maps to `spec.source.helm.valueFiles`. @default none */
  valueFiles?: pulumi.Input<string[]>;
  /** Release name. Maps to `spec.source.helm.releaseName`. @default the Application's name */
  releaseName?: pulumi.Input<string>;
}

/** Where the Application deploys. Give `server` or `name`. */
export interface ApplicationDestination {
  /** API server URL. Maps to `spec.destination.server`. @default "https://kubernetes.default.svc" */
  server?: pulumi.Input<string>;
  /** Cluster name registered in Argo CD. Maps to `spec.destination.name`. @default none */
  name?: pulumi.Input<string>;
  /** Namespace of the deployed objects. Maps to `spec.destination.namespace`. */
  namespace: pulumi.Input<string>;
}

/** How Argo CD syncs. */
export interface ApplicationSyncPolicy {
  /**
   * Sync automatically on every change in Git; `prune` deletes what left Git, `selfHeal` undoes
   * changes made in the cluster. Maps to `spec.syncPolicy.automated`. @default none (manual sync, e.g. from a pipeline)
   */
  automated?: pulumi.Input<ApplicationAutomatedSync>;
  /** e.g. `["CreateNamespace=true", "ServerSideApply=true"]`. Maps to `spec.syncPolicy.syncOptions`. @default none */
  syncOptions?: pulumi.Input<string[]>;
  /** Retries of a failed sync. Maps to `spec.syncPolicy.retry`. @default none */
  retry?: pulumi.Input<ApplicationSyncRetry>;
}

/** Automated sync. Maps to `spec.syncPolicy.automated`. */
export interface ApplicationAutomatedSync {
  /** Delete what left Git. Maps to `automated.prune`. @default false */
  prune?: pulumi.Input<boolean>;
  /** Undo changes made in the cluster. Maps to `automated.selfHeal`. @default false */
  selfHeal?: pulumi.Input<boolean>;
}

/** Retries of a failed sync. Maps to `spec.syncPolicy.retry`. */
export interface ApplicationSyncRetry {
  /** Attempts; negative: no limit. Maps to `retry.limit`. @default none (Argo CD reads 0: no retry) */
  limit?: pulumi.Input<number>;
  /** The wait between attempts. Maps to `retry.backoff`. @default Argo CD's (5s, ×2, 3m) */
  backoff?: pulumi.Input<ApplicationRetryBackoff>;
}

/** The wait between sync retries. Maps to `spec.syncPolicy.retry.backoff`. */
export interface ApplicationRetryBackoff {
  /** First wait: whole seconds or a Go duration. Maps to `backoff.duration`. @default "5s" */
  duration?: pulumi.Input<string>;
  /** Factor each wait grows by. Maps to `backoff.factor`. @default 2 */
  factor?: pulumi.Input<number>;
  /** Longest wait. Maps to `backoff.maxDuration`. @default "3m" */
  maxDuration?: pulumi.Input<string>;
}

/** What {@link buildApplication} needs, resolved. */
export interface ApplicationPlan {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  project: string;
  source: {
    repoURL: string;
    targetRevision: string;
    path?: string;
    chart?: string;
    helm?: {
      parameters?: HelmParameter[];
      valuesObject?: Record<string, unknown>;
      valueFiles?: string[];
      releaseName?: string;
    };
  };
  destination: { server?: string; name?: string; namespace: string };
  syncPolicy?: pulumi.Unwrap<ApplicationSyncPolicy>;
  serverSideDiff: boolean;
  cascadeDelete: boolean;
  ignoreDifferences?: Record<string, unknown>[];
}

/** The `argoproj.io/v1alpha1` Application. */
export function buildApplication(p: ApplicationPlan) {
  return {
    apiVersion: APPLICATION_API_VERSION,
    kind: "Application",
    metadata: {
      name: p.name,
      namespace: p.namespace,
      labels: p.labels,
      ...(p.serverSideDiff
        ? { annotations: { [COMPARE_OPTIONS_ANNOTATION]: "ServerSideDiff=true" } }
        : {}),
      ...(p.cascadeDelete ? { finalizers: [CASCADE_FINALIZER] } : {}),
    },
    spec: {
      project: p.project,
      source: p.source,
      destination: p.destination.name
        ? { name: p.destination.name, namespace: p.destination.namespace }
        : { server: p.destination.server ?? IN_CLUSTER, namespace: p.destination.namespace },
      ...(p.syncPolicy ? { syncPolicy: p.syncPolicy } : {}),
      ...(p.ignoreDifferences ? { ignoreDifferences: p.ignoreDifferences } : {}),
    },
  };
}
