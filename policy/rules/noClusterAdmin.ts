/** Policy `no-cluster-admin`: no binding grants the cluster-admin role. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ruleMessage } from "../../components/common/errors";
import { at, str } from "../plain";
import { problemIf, resourceRule } from "../support";
import { TYPES, ofTypes } from "../types";

export const noClusterAdmin: ResourceValidationPolicy = {
  name: "no-cluster-admin",
  description: "No RoleBinding or ClusterRoleBinding grants the cluster-admin role.",
  enforcementLevel: "mandatory",
  validateResource: resourceRule(ofTypes(TYPES.roleBinding, TYPES.clusterRoleBinding), (props) =>
    problemIf(
      str(at(props, "roleRef", "name")) === "cluster-admin",
      ["roleRef", "name"],
      ruleMessage(
        "is cluster-admin",
        "cluster-admin is Kubernetes' superuser role: every verb on every resource, Secrets included",
        "bind a Role (or ClusterRole) with only the verbs needed; for pipelines use PipelineServiceAccount",
      ),
    ),
  ),
};
