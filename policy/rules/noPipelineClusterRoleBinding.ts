/**
 * Policy `no-pipeline-clusterrolebinding` (stack): no ClusterRoleBinding binds a pipeline
 * ServiceAccount (by name, as a user, or through a group that holds it), and no RoleBinding in
 * any namespace binds one to an admin-like role (cluster-admin, admin, edit, or a role of the
 * stack that amounts to admin). A stack policy, because a binding's props only name its subjects.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { MANAGED_LABELS, componentLabels } from "../../components/common/k8sNames";
import { Obj, arr, at, obj, str } from "../plain";
import { adminGrants, adminRoleRef } from "../rbac";
import { Finding, Item, childOf, metadataOf, ofType, stackRule, ruleMessage } from "../support";
import { TYPES, is } from "../types";

/** The label value PipelineServiceAccount puts on its ServiceAccount. */
export const PIPELINE_SA_COMPONENT = componentLabels("PipelineServiceAccount", "x")[
  MANAGED_LABELS.component
];

/** The type of the component that makes pipeline ServiceAccounts. */
export const PIPELINE_SA_TYPE = "kruise-devops:index:PipelineServiceAccount";

/** `namespace/name` of a ServiceAccount (namespace `default` when unset). */
export const accountId = (namespace: string | undefined, name: string) =>
  `${namespace ?? "default"}/${name}`;

/**
 * The pipeline ServiceAccounts of the stack (`namespace/name`): made by PipelineServiceAccount
 * (its child), or labelled as its are.
 */
export function pipelineServiceAccounts(items: readonly Item[]): Set<string> {
  return new Set(
    ofType(items, TYPES.serviceAccount)
      .filter(
        (r) =>
          childOf(r.urn, PIPELINE_SA_TYPE) ||
          at(r.props, "metadata", "labels", MANAGED_LABELS.component) === PIPELINE_SA_COMPONENT,
      )
      .map((r) => {
        const { name, namespace } = metadataOf(r.props);
        return accountId(namespace, name ?? r.name);
      }),
  );
}

/** Which of `subject`'s accounts is a pipeline ServiceAccount (`namespace/name` set). */
function pipelineSubject(subject: Obj, pipelineSAs: ReadonlySet<string>): string | undefined {
  const kind = str(subject.kind);
  const name = str(subject.name) ?? "";
  if (kind === "ServiceAccount") {
    const id = accountId(str(subject.namespace), name);
    return pipelineSAs.has(id) ? `ServiceAccount ${id}` : undefined;
  }
  if (kind === "User") {
    const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(name);
    return m && pipelineSAs.has(`${m[1]}/${m[2]}`) ? `User ${name}` : undefined;
  }
  if (kind === "Group") {
    if (["system:serviceaccounts", "system:authenticated"].includes(name) && pipelineSAs.size > 0)
      return `Group ${name}`;
    const m = /^system:serviceaccounts:([^:]+)$/.exec(name);
    return m && [...pipelineSAs].some((id) => id.startsWith(`${m[1]}/`))
      ? `Group ${name}`
      : undefined;
  }
  return undefined;
}

export const noPipelineClusterRoleBinding: StackValidationPolicy = {
  name: "no-pipeline-clusterrolebinding",
  description:
    "No ClusterRoleBinding binds a pipeline ServiceAccount (one made by PipelineServiceAccount), and no RoleBinding binds one to an admin-like role in any namespace.",
  enforcementLevel: "mandatory",
  validateStack: stackRule((items) => {
    const pipelineSAs = pipelineServiceAccounts(items);
    if (pipelineSAs.size === 0) return [];
    const clusterWide = ofType(items, TYPES.clusterRoleBinding).flatMap((r) =>
      arr(r.props.subjects).flatMap((s, i): Finding[] => {
        const which = obj(s) && pipelineSubject(obj(s)!, pipelineSAs);
        if (!which) return [];
        const role = str(at(r.props, "roleRef", "name")) ?? "?";
        const message = ruleMessage(
          `(${which}) binds a pipeline ServiceAccount to ClusterRole ${role} in every namespace`,
          PIPELINE_NEEDS,
          "drop the ClusterRoleBinding; grant what the steps need with PipelineServiceAccount (warm, deploys), which makes a Role and RoleBinding per namespace",
        );
        return [{ item: r, problem: { path: ["subjects", i], message } }];
      }),
    );
    return [...clusterWide, ...adminRoleBindings(items, pipelineSAs)];
  }),
};

const PIPELINE_NEEDS =
  "a pipeline needs ImagePullJobs in its own namespace and get/patch on its named workloads, nothing cluster-wide";

/** Roles of the stack (`Kind namespace/name`) that amount to admin. */
function adminLikeRoles(items: readonly Item[]): Set<string> {
  return new Set(
    [...ofType(items, TYPES.role), ...ofType(items, TYPES.clusterRole)]
      .filter((r) => adminGrants(r.props, is(TYPES.clusterRole, r.type)).length > 0)
      .map((r) => {
        const { name, namespace } = metadataOf(r.props);
        return is(TYPES.role, r.type)
          ? `Role ${accountId(namespace, name ?? r.name)}`
          : `ClusterRole ${name}`;
      }),
  );
}

/** RoleBindings, in any namespace, of a pipeline ServiceAccount to an admin-like role. */
function adminRoleBindings(items: readonly Item[], pipelineSAs: ReadonlySet<string>): Finding[] {
  const adminLike = adminLikeRoles(items);
  return ofType(items, TYPES.roleBinding).flatMap((r) => {
    const kind = str(at(r.props, "roleRef", "kind"));
    const role = str(at(r.props, "roleRef", "name"));
    const ns = metadataOf(r.props).namespace;
    const ref = kind === "Role" ? `Role ${accountId(ns, role ?? "?")}` : `ClusterRole ${role}`;
    if (!adminRoleRef(kind, role) && !adminLike.has(ref)) return [];
    return arr(r.props.subjects).flatMap((s, i): Finding[] => {
      const which = obj(s) && pipelineSubject(obj(s)!, pipelineSAs);
      if (!which) return [];
      const message = ruleMessage(
        `(${which}) binds a pipeline ServiceAccount to ${ref}, an admin-like role, in namespace ${ns ?? "default"}`,
        PIPELINE_NEEDS,
        "drop the RoleBinding; grant what the steps need with PipelineServiceAccount (warm, deploys), which makes a Role with only those verbs",
      );
      return [{ item: r, problem: { path: ["subjects", i], message } }];
    });
  });
}
