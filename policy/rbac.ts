/**
 * How the policy rules read RBAC roles: what amounts to cluster-admin or admin (every verb on
 * every resource, the escalation verbs, aggregation into the built-in admin and edit roles), and
 * which roles are upstream's own, installed by our components, and so exempt.
 */
import { Obj, arr, at, obj, str } from "./plain";
import { Path, Problem, urnChain } from "./support";

/** The aggregation labels that add a ClusterRole's rules to the built-in admin and edit roles. */
export const ADMIN_AGGREGATION_LABELS = [
  "rbac.authorization.k8s.io/aggregate-to-admin",
  "rbac.authorization.k8s.io/aggregate-to-edit",
] as const;

/** True when list `v` holds `want` or the wildcard `*`. */
const holds = (v: unknown, ...want: string[]) =>
  arr(v).some((x) => x === "*" || want.includes(x as string));

/** True when `rule` grants `verb` on `resource` of `group`, on every object (no resourceNames). */
function grants(rule: unknown, group: string, resources: string[], verbs: string[]): boolean {
  return (
    arr(at(rule, "resourceNames")).length === 0 &&
    holds(at(rule, "apiGroups"), group) &&
    holds(at(rule, "resources"), ...resources) &&
    holds(at(rule, "verbs"), ...verbs)
  );
}

/**
 * What a role's `rules` grant that amounts to admin, with where: `*` verbs on `*` resources of
 * `*` API groups (what cluster-admin is; `nonResourceURLs` alone are not, nor `*` in only some
 * fields), or a verb that lets its holder grant itself anything (`escalate`/`bind` on roles,
 * `impersonate` of users or groups, system:masters included).
 */
export function adminGrants(role: Obj, cluster: boolean): { path: Path; what: string }[] {
  return arr(role.rules).flatMap((rule, i) => {
    const path = ["rules", i];
    const all = (f: string) => arr(at(rule, f)).includes("*");
    if (
      all("apiGroups") &&
      all("resources") &&
      all("verbs") &&
      !arr(at(rule, "resourceNames")).length
    )
      return [
        { path, what: "grants every verb on every resource of every API group (`*` on `*`)" },
      ];
    if (grants(rule, "rbac.authorization.k8s.io", ["roles", "clusterroles"], ["escalate", "bind"]))
      return [
        { path, what: "grants escalate or bind on roles, so its holder can grant itself any role" },
      ];
    // Users and groups are cluster-wide: only a ClusterRole can let its holder impersonate them.
    if (cluster && grants(rule, "", ["users", "groups"], ["impersonate"]))
      return [
        {
          path,
          what: "grants impersonate on users or groups, so its holder can act as system:masters",
        },
      ];
    return [];
  });
}

/**
 * Where a ClusterRole widens or copies the built-in admin/edit roles: an aggregation label (its
 * rules join admin or edit, held by namespace owners and developers across the cluster), or an
 * `aggregationRule` that selects those labels (a copy of admin or edit under another name) or
 * selects everything (an empty selector: cluster-admin's rules included).
 */
export function adminAggregation(role: Obj): { path: Path; what: string }[] {
  const labels = obj(at(role, "metadata", "labels")) ?? {};
  const found: { path: Path; what: string }[] = ADMIN_AGGREGATION_LABELS.filter(
    (l) => str(labels[l]) === "true",
  ).map((l) => ({
    path: ["metadata", "labels", l],
    what: `adds its rules to the built-in ${l.endsWith("admin") ? "admin" : "edit"} role`,
  }));
  arr(at(role, "aggregationRule", "clusterRoleSelectors")).forEach((sel, i) => {
    const matchLabels = obj(at(sel, "matchLabels")) ?? {};
    const selects = ADMIN_AGGREGATION_LABELS.find((l) => str(matchLabels[l]) === "true");
    const empty =
      Object.keys(matchLabels).length === 0 && arr(at(sel, "matchExpressions")).length === 0;
    if (selects || empty)
      found.push({
        path: ["aggregationRule", "clusterRoleSelectors", i],
        what: empty
          ? "aggregates every ClusterRole (an empty selector), cluster-admin included"
          : `aggregates what the built-in ${selects!.endsWith("admin") ? "admin" : "edit"} role aggregates: a copy of it under another name`,
      });
  });
  return found;
}

/** The subjects that stand for everyone, or every ServiceAccount (of a namespace). */
export function broadSubject(subject: unknown): string | undefined {
  const kind = str(at(subject, "kind"));
  const name = str(at(subject, "name")) ?? "";
  if (kind === "User" && name === "system:anonymous") return "every anonymous request";
  if (kind !== "Group") return undefined;
  if (name === "system:authenticated")
    return "every authenticated user and ServiceAccount, pipeline ServiceAccounts included";
  if (name === "system:unauthenticated") return "every anonymous request";
  if (name === "system:serviceaccounts") return "every ServiceAccount of the cluster";
  const ns = /^system:serviceaccounts:(.+)$/.exec(name);
  return ns ? `every ServiceAccount of namespace ${ns[1]}` : undefined;
}

/** True when a binding's roleRef names a built-in role that grants admin or edit powers. */
export function adminRoleRef(kind: string | undefined, name: string | undefined): boolean {
  return kind === "ClusterRole" && ["cluster-admin", "admin", "edit"].includes(name ?? "");
}

/**
 * The upstream roles and bindings our components install, exempt: a role of that name rendered by the
 * component's own chart or manifest group (the URN's type chain ends
 * `<component>$<Chart|ConfigGroup>$<role type>`), not one a user adds beside it or parents to it.
 */
const UPSTREAM_ROLES: readonly { component: string; name: RegExp }[] = [
  // Argo CD's application-controller syncs any kind to any namespace: `*` on `*` by design; its
  // chart's createAggregateRoles adds the Argo CD CRDs to view/edit/admin.
  {
    component: "kruise-devops:index:ArgoCd",
    name: /(^|-)(application-controller|aggregate-to-(view|edit|admin))$/,
  },
  // Tekton and Kruise add their CRDs to the built-in edit/admin roles.
  // Tekton also lets every authenticated user read its version (RoleBinding tekton-pipelines-info).
  {
    component: "kruise-devops:index:TektonPipelines",
    name: /^(tekton-aggregate-(edit|view)|tekton-pipelines-info)$/,
  },
  { component: "kruise-devops:index:KruiseOperator", name: /^aggregate-kruise-(admin|edit|view)$/ },
];
const RENDERERS = ["kubernetes:helm.sh/v4:Chart", "kubernetes:yaml/v2:ConfigGroup"];

/** True when the role or binding at `urn` named `name` is one an upstream install of ours makes. */
export function upstreamRole(urn: string, name: string | undefined): boolean {
  const chain = urnChain(urn);
  const [component, renderer] = chain.slice(-3, -1);
  return (
    chain.length >= 3 &&
    name !== undefined &&
    RENDERERS.includes(renderer) &&
    UPSTREAM_ROLES.some((u) => u.component === component && u.name.test(name))
  );
}

/** The problems of a role's grants, each as `message(what)` at its path. */
export function roleProblems(
  role: Obj,
  cluster: boolean,
  message: (what: string) => string,
): Problem[] {
  return [...adminGrants(role, cluster), ...(cluster ? adminAggregation(role) : [])].map((g) => ({
    path: g.path,
    message: message(g.what),
  }));
}
