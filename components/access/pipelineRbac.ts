/**
 * The least-privilege RBAC of a pipeline ServiceAccount, as pure data: which Role rules each
 * namespace gets for the steps the pipeline runs. Nothing cluster-wide, nothing the steps do not
 * call. Pure.
 */
import { kubectlVerbs } from "./kubectlVerbs";

/** Kinds of workload a pipeline's deploy step may update. */
export const DeployTargetKind = {
  /** `apps/v1` Deployment, updated by `kubectl set image` + `kubectl rollout status`. */
  Deployment: "Deployment",
  /** `apps.kruise.io/v1alpha1` CloneSet, updated in place by an image patch, then polled. */
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
  /** The API groups of the resources, `""` for the core group. Maps to `apiGroups`. */
  apiGroups: string[];
  /** The resources, e.g. `imagepulljobs`. Maps to `resources`. */
  resources: string[];
  /** The only objects it grants on, by name. Maps to `resourceNames`. @default every object */
  resourceNames?: string[];
  /** The verbs granted, e.g. `get`, `patch`. Maps to `verbs`. */
  verbs: string[];
}

/** API group and resource of each deploy target kind. */
export const WORKLOAD_RESOURCES: Record<DeployTargetKind, { apiGroup: string; resource: string }> =
  {
    Deployment: { apiGroup: "apps", resource: "deployments" },
    CloneSet: { apiGroup: "apps.kruise.io", resource: "clonesets" },
  };

/**
 * The kubectl commands the warm step (tekton/tasks/warm.ts, and the GitLab example's warm job)
 * runs on its ImagePullJob: `create -f -`, `wait --for=jsonpath=…`, `get -o json`. Kruise deletes
 * the step's jobs itself (they carry a TTL), so the step never deletes one.
 */
export const WARM_KUBECTL = ["create", "wait", "get"] as const;

/**
 * Verbs of the warm step on ImagePullJobs in the pipeline's namespace, derived from
 * {@link WARM_KUBECTL}: create, get, list, watch. `create` and `list` cannot be limited to names
 * by RBAC.
 */
export const IMAGE_PULL_JOB_VERBS: readonly string[] = kubectlVerbs(WARM_KUBECTL);

/**
 * The kubectl commands each deploy step runs on its workload: a Deployment is rolled with
 * `set image` then `rollout status` (tasks/deployDeployment.ts); a CloneSet is read, patched and
 * polled with `get` (tasks/deployCloneSet.ts).
 */
export const DEPLOY_KUBECTL: Readonly<Record<DeployTargetKind, readonly string[]>> = {
  Deployment: ["set image", "rollout status"],
  CloneSet: ["get", "patch"],
};

/**
 * Verbs of the deploy step on each named workload, derived from {@link DEPLOY_KUBECTL}: a
 * Deployment get, list, patch, watch; a CloneSet get, patch.
 */
export const DEPLOY_VERBS: Readonly<Record<DeployTargetKind, readonly string[]>> = {
  Deployment: kubectlVerbs(DEPLOY_KUBECTL.Deployment),
  CloneSet: kubectlVerbs(DEPLOY_KUBECTL.CloneSet),
};

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
        verbs: [...DEPLOY_VERBS[kind]],
      });
    }
    out.set(ns, rules);
  }
  return out;
}
