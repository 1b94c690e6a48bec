/**
 * Policy `no-cluster-admin`: no binding grants the cluster-admin role, nor the built-in admin
 * ClusterRole, and no Role or ClusterRole amounts to them (every verb on every resource, the
 * escalation verbs, aggregation into admin/edit); patches of existing objects (`*Patch`)
 * included. The upstream roles our ArgoCd, TektonPipelines and KruiseOperator install are exempt
 * (policy/rbac.ts), and roles named in the config's `allowedRoles`.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { at, str } from "../plain";
import { roleProblems, upstreamRole } from "../rbac";
import { Problem, metadataOf, resourceRule, ruleMessage } from "../support";
import { TYPES, is, ofTypes } from "../types";

/** Why binding `roleRef` is refused, or undefined. */
function roleRefProblem(kind: string | undefined, name: string | undefined): string | undefined {
  if (name === "cluster-admin") {
    return ruleMessage(
      "is cluster-admin",
      "cluster-admin is Kubernetes' superuser role: every verb on every resource, Secrets included",
      "bind a Role (or ClusterRole) with only the verbs needed; for pipelines use PipelineServiceAccount",
    );
  }
  if (name === "admin" && kind === "ClusterRole") {
    return ruleMessage(
      "is the admin ClusterRole",
      "Kubernetes' admin role grants every verb on a namespace's resources, Secrets and RoleBindings included, so its holder can grant itself more",
      "bind a Role with only the verbs needed; for pipelines use PipelineServiceAccount",
    );
  }
  return undefined;
}

/** The policy's config: names of Roles/ClusterRoles whose grants are accepted (another upstream's). */
export interface NoClusterAdminConfig {
  allowedRoles?: string[];
}

const ROLE_RULE =
  "a role that amounts to cluster-admin or admin hands their power to whoever holds it, or (aggregated) to every holder of admin or edit in the cluster, bindings the stack never shows";
const ROLE_FIX =
  "grant only the verbs and resources needed; if the role is another upstream install's own, add its name to this policy's allowedRoles";

export const noClusterAdmin: ResourceValidationPolicy = {
  name: "no-cluster-admin",
  description:
    "No RoleBinding or ClusterRoleBinding grants cluster-admin or the admin ClusterRole, and no Role or ClusterRole amounts to them (`*` on `*`, escalate/bind/impersonate, aggregation into admin or edit); patches included.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedRoles: {
        type: "array",
        items: { type: "string" },
        description:
          "Names of Roles/ClusterRoles whose grants are accepted (another upstream install's own); never exempts a binding of cluster-admin or admin.",
      },
    },
  },
  validateResource: resourceRule(
    ofTypes(TYPES.roleBinding, TYPES.clusterRoleBinding, TYPES.role, TYPES.clusterRole),
    (props, args): Problem[] => {
      if (is(TYPES.role, args.type) || is(TYPES.clusterRole, args.type)) {
        const name = metadataOf(props).name;
        const allowed = args.getConfig<NoClusterAdminConfig>()?.allowedRoles ?? [];
        if (upstreamRole(args.urn, name) || (name !== undefined && allowed.includes(name)))
          return [];
        return roleProblems(props, is(TYPES.clusterRole, args.type), (what) =>
          ruleMessage(what, ROLE_RULE, ROLE_FIX),
        );
      }
      const why = roleRefProblem(
        str(at(props, "roleRef", "kind")),
        str(at(props, "roleRef", "name")),
      );
      return why ? [{ path: ["roleRef", "name"], message: why }] : [];
    },
  ),
};
