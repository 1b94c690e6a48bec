/**
 * Policy `no-pipeline-clusterrolebinding` (stack): no ClusterRoleBinding binds a pipeline
 * ServiceAccount. A stack policy, because a binding's props only name its subjects.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { ruleMessage } from "../../components/common/errors";
import { MANAGED_LABELS, componentLabels } from "../../components/common/k8sNames";
import { Obj, arr, at, obj, str } from "../plain";
import { Finding, metadataOf, ofType, stackRule } from "../support";
import { TYPES } from "../types";

/** The label value PipelineServiceAccount puts on its ServiceAccount. */
export const PIPELINE_SA_COMPONENT = componentLabels("PipelineServiceAccount", "x")[
  MANAGED_LABELS.component
];

/** `namespace/name` of a ServiceAccount (namespace `default` when unset). */
const accountId = (namespace: string | undefined, name: string) =>
  `${namespace ?? "default"}/${name}`;

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
    if (name === "system:serviceaccounts" && pipelineSAs.size > 0) return `Group ${name}`;
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
    "No ClusterRoleBinding binds a pipeline ServiceAccount (one made by PipelineServiceAccount).",
  enforcementLevel: "mandatory",
  validateStack: stackRule((items) => {
    const pipelineSAs = new Set(
      ofType(items, TYPES.serviceAccount)
        .filter(
          (r) =>
            at(r.props, "metadata", "labels", MANAGED_LABELS.component) === PIPELINE_SA_COMPONENT,
        )
        .map((r) => {
          const { name, namespace } = metadataOf(r.props);
          return accountId(namespace, name ?? r.name);
        }),
    );
    if (pipelineSAs.size === 0) return [];
    return ofType(items, TYPES.clusterRoleBinding).flatMap((r) =>
      arr(r.props.subjects).flatMap((s, i): Finding[] => {
        const which = obj(s) && pipelineSubject(obj(s)!, pipelineSAs);
        if (!which) return [];
        const role = str(at(r.props, "roleRef", "name")) ?? "?";
        const message = ruleMessage(
          `(${which}) binds a pipeline ServiceAccount to ClusterRole ${role} in every namespace`,
          "a pipeline needs ImagePullJobs in its own namespace and get/patch on its named workloads, nothing cluster-wide",
          "drop the ClusterRoleBinding; grant what the steps need with PipelineServiceAccount (warm, deploys), which makes a Role and RoleBinding per namespace",
        );
        return [{ item: r, problem: { path: ["subjects", i], message } }];
      }),
    );
  }),
};
