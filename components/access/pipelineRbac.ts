/**
 * The least-privilege RBAC of a pipeline ServiceAccount, as pure data: which Role rules each
 * namespace gets for the steps the pipeline runs. Nothing cluster-wide, nothing the steps do not
 * call. Pure.
 */

/** Kinds of workload a pipeline's deploy step may update. */
export const DeployTargetKind = {
  /** `apps/v1` Deployment, updated by `kubectl set image` + `kubectl rollout status`. */
  Deployment: "Deployment",
  /** `apps.kruise.io/v1alpha1` CloneSet, updated in place by an image patch, then watched. */
  CloneSet: "CloneSet",
} as const;
export type DeployTargetKind = (typeof DeployTargetKind)[keyof typeof DeployTargetKind];

/** One workload the pipeline deploys. */
export interface DeployTarget {
  /** Its kind. */
  kind: DeployTargetKind;
  /** Its name (the Role grants on this name only). Maps to the rule's `resourceNames`. */
  name: string;
  /** Its namespace. @default the ServiceAccount's namespace */
  namespace?: string;
}

/** A `rbac.authorization.k8s.io/v1` PolicyRule. */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  resourceNames?: string[];
  verbs: string[];
}

/** API group and resource of each deploy target kind. */
export const WORKLOAD_RESOURCES: Record<DeployTargetKind, { apiGroup: string; resource: string }> =
  {
    Deployment: { apiGroup: "apps", resource: "deployments" },
    CloneSet: { apiGroup: "apps.kruise.io", resource: "clonesets" },
  };

/**
 * Verbs of the warm step on ImagePullJobs in the pipeline's namespace: `create` the job, `get`
 * / `list` / `watch` it until it completes (`kubectl wait`), `delete` the previous run's job.
 * `create` and `list` cannot be limited to names by RBAC.
 */
export const IMAGE_PULL_JOB_VERBS = ["create", "delete", "get", "list", "watch"] as const;

/**
 * Verbs of the deploy step on the named workloads: `get` + `patch` (`kubectl set image`, `kubectl
 * patch`), `list` + `watch` (`kubectl rollout status` / `kubectl wait`, which the API server
 * authorises against `resourceNames` through their `metadata.name` field selector).
 */
export const DEPLOY_VERBS = ["get", "list", "patch", "watch"] as const;

/** The Role rules per namespace for a ServiceAccount in `namespace`. Sorted, deduplicated. */
export function pipelineRoleRules(
  namespace: string,
  warm: boolean,
  deploys: readonly DeployTarget[],
): Map<string, PolicyRule[]> {
  const byNamespace = new Map<string, Map<DeployTargetKind, Set<string>>>();
  for (const d of deploys) {
    const ns = d.namespace ?? namespace;
    const kinds = byNamespace.get(ns) ?? new Map<DeployTargetKind, Set<string>>();
    kinds.set(d.kind, (kinds.get(d.kind) ?? new Set()).add(d.name));
    byNamespace.set(ns, kinds);
  }
  const out = new Map<string, PolicyRule[]>();
  if (warm) {
    out.set(namespace, [
      {
        apiGroups: ["apps.kruise.io"],
        resources: ["imagepulljobs"],
        verbs: [...IMAGE_PULL_JOB_VERBS],
      },
    ]);
  }
  for (const ns of [...byNamespace.keys()].sort()) {
    const rules = out.get(ns) ?? [];
    for (const kind of [...byNamespace.get(ns)!.keys()].sort()) {
      const { apiGroup, resource } = WORKLOAD_RESOURCES[kind];
      rules.push({
        apiGroups: [apiGroup],
        resources: [resource],
        resourceNames: [...byNamespace.get(ns)!.get(kind)!].sort(),
        verbs: [...DEPLOY_VERBS],
      });
    }
    out.set(ns, rules);
  }
  return out;
}
