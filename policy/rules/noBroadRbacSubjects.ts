/**
 * Policy `no-broad-rbac-subjects`: no RoleBinding or ClusterRoleBinding (or patch of one) binds a
 * role to everyone: `system:authenticated` (every pipeline ServiceAccount among them),
 * `system:unauthenticated` or the `system:anonymous` user, or every ServiceAccount
 * (`system:serviceaccounts`, `system:serviceaccounts:<ns>`). Upstream bindings our installs
 * render (Tekton's version-info RoleBinding) are exempt (policy/rbac.ts).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { arr, at, str } from "../plain";
import { broadSubject, upstreamRole } from "../rbac";
import { Problem, metadataOf, resourceRule, ruleMessage } from "../support";
import { TYPES, ofTypes } from "../types";

export const noBroadRbacSubjects: ResourceValidationPolicy = {
  name: "no-broad-rbac-subjects",
  description:
    "No RoleBinding or ClusterRoleBinding (or patch) binds system:authenticated, system:unauthenticated, system:anonymous, or every ServiceAccount (of a namespace).",
  enforcementLevel: "mandatory",
  validateResource: resourceRule(
    ofTypes(TYPES.roleBinding, TYPES.clusterRoleBinding),
    (props, args): Problem[] => {
      if (upstreamRole(args.urn, metadataOf(props).name)) return [];
      const role = `${str(at(props, "roleRef", "kind")) ?? "role"} ${str(at(props, "roleRef", "name")) ?? "?"}`;
      return arr(props.subjects).flatMap((s, i) => {
        const who = broadSubject(s);
        return who
          ? [
              {
                path: ["subjects", i],
                message: ruleMessage(
                  `(${str(at(s, "kind"))} ${str(at(s, "name"))}) grants ${role} to ${who}`,
                  "a group binding reaches accounts the stack never shows, and any pod's ServiceAccount token (or no credentials at all) then holds the role",
                  "bind the ServiceAccounts or users that need the role by name (for pipelines, PipelineServiceAccount)",
                ),
              },
            ]
          : [];
      });
    },
  ),
};
