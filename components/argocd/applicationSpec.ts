/** The Argo CD Application manifest (`argoproj.io/v1alpha1`). Pure. */

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
  parameters?: HelmParameter[];
  /** Values as an object. Maps to `spec.source.helm.valuesObject`. @default none */
  valuesObject?: Record<string, unknown>;
  /** Values files in the source. Maps to `spec.source.helm.valueFiles`. @default none */
  valueFiles?: string[];
  /** Release name. Maps to `spec.source.helm.releaseName`. @default the Application's name */
  releaseName?: string;
}

/** Where the Application deploys. Give `server` or `name`. */
export interface ApplicationDestination {
  /** API server URL. Maps to `spec.destination.server`. @default "https://kubernetes.default.svc" */
  server?: string;
  /** Cluster name registered in Argo CD. Maps to `spec.destination.name`. @default none */
  name?: string;
  /** Namespace of the deployed objects. Maps to `spec.destination.namespace`. */
  namespace: string;
}

/** How Argo CD syncs. */
export interface ApplicationSyncPolicy {
  /**
   * Sync automatically on every change in Git; `prune` deletes what left Git, `selfHeal` undoes
   * changes made in the cluster. Maps to `spec.syncPolicy.automated`. @default none (manual sync, e.g. from a pipeline)
   */
  automated?: { prune?: boolean; selfHeal?: boolean };
  /** e.g. `["CreateNamespace=true", "ServerSideApply=true"]`. Maps to `spec.syncPolicy.syncOptions`. @default none */
  syncOptions?: string[];
  /** Retries of a failed sync. Maps to `spec.syncPolicy.retry`. @default none */
  retry?: {
    limit?: number;
    backoff?: { duration?: string; factor?: number; maxDuration?: string };
  };
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
    helm?: ApplicationHelm;
  };
  destination: ApplicationDestination;
  syncPolicy?: ApplicationSyncPolicy;
  serverSideDiff: boolean;
  cascadeDelete: boolean;
  ignoreDifferences?: Record<string, unknown>[];
}

/** The `argoproj.io/v1alpha1` Application. */
export function buildApplication(p: ApplicationPlan) {
  return {
    apiVersion: "argoproj.io/v1alpha1",
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
