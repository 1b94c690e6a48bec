/**
 * Policy `no-cluster-admin`: no binding grants the cluster-admin role, nor the built-in admin
 * ClusterRole; patches of existing bindings (`*BindingPatch`) included.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ruleMessage } from "../../components/common/errors";
import { at, str } from "../plain";
import { Problem, resourceRule } from "../support";
import { TYPES, ofTypes } from "../types";

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

export const noClusterAdmin: ResourceValidationPolicy = {
  name: "no-cluster-admin",
  description:
    "No RoleBinding or ClusterRoleBinding (or patch of one) grants the cluster-admin role or the admin ClusterRole.",
  enforcementLevel: "mandatory",
  validateResource: resourceRule(
    ofTypes(TYPES.roleBinding, TYPES.clusterRoleBinding),
    (props): Problem[] => {
      const why = roleRefProblem(
        str(at(props, "roleRef", "kind")),
        str(at(props, "roleRef", "name")),
      );
      return why ? [{ path: ["roleRef", "name"], message: why }] : [];
    },
  ),
};
