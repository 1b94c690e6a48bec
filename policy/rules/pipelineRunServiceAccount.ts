/**
 * Policy `pipelinerun-serviceaccount` (stack): a PipelineRun or TaskRun runs as a ServiceAccount
 * PipelineServiceAccount made in the same stack, which grants only what the steps need; not as
 * `default` (Tekton's default when none is named) nor an account whose rights the stack does not
 * show. A stack policy: the run names the account, another resource is the account.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { arr, at, str } from "../plain";
import { Finding, Item, Path, metadataOf, ofType, stackRule, ruleMessage } from "../support";
import { TYPES } from "../types";
import { accountId, pipelineServiceAccounts } from "./noPipelineClusterRoleBinding";

/** The policy's config: accounts (`namespace/name`) a run may use though no PipelineServiceAccount made them. */
export interface PipelineRunServiceAccountConfig {
  allowedServiceAccounts?: string[];
}

/** The accounts a run names, and where: the run's own, and each per-task override. */
function runAccounts(run: Item): { path: Path; name: string; defaulted?: true }[] {
  const v1beta1 = run.type.includes("/v1beta1:");
  const isPipelineRun = TYPES.tektonPipelineRun.includes(run.type);
  const own: Path =
    isPipelineRun && !v1beta1
      ? ["spec", "taskRunTemplate", "serviceAccountName"]
      : ["spec", "serviceAccountName"];
  const overrides = isPipelineRun
    ? arr(at(run.props, "spec", "taskRunSpecs")).flatMap((t, i) => {
        const field = v1beta1 ? "taskServiceAccountName" : "serviceAccountName";
        const name = str(at(t, field));
        return name ? [{ path: ["spec", "taskRunSpecs", i, field], name }] : [];
      })
    : [];
  const named = str(at(run.props, ...own.map(String)));
  return [
    named === undefined
      ? { path: own, name: "default", defaulted: true as const }
      : { path: own, name: named },
    ...overrides,
  ];
}

export const pipelineRunServiceAccount: StackValidationPolicy = {
  name: "pipelinerun-serviceaccount",
  description:
    "PipelineRuns and TaskRuns run as a ServiceAccount made by PipelineServiceAccount in the stack (not `default`, nor an account the stack does not show), unless listed in allowedServiceAccounts.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedServiceAccounts: {
        type: "array",
        items: { type: "string" },
        description:
          "ServiceAccounts (`namespace/name`) runs may use though no PipelineServiceAccount of the stack made them.",
      },
    },
  },
  validateStack: stackRule((items, args) => {
    const allowed = new Set(
      args.getConfig<PipelineRunServiceAccountConfig>()?.allowedServiceAccounts ?? [],
    );
    const made = pipelineServiceAccounts(items);
    return ofType(items, TYPES.tektonPipelineRun, TYPES.tektonTaskRun)
      .filter((r) => !r.type.endsWith("Patch"))
      .flatMap((run) =>
        runAccounts(run).flatMap(({ path, name, defaulted }): Finding[] => {
          const id = accountId(metadataOf(run.props).namespace, name);
          if (made.has(id) || allowed.has(id)) return [];
          const message = ruleMessage(
            `(${id}${defaulted ? ", Tekton's default" : ""}) is not a ServiceAccount PipelineServiceAccount made in this stack`,
            "a run holds whatever its ServiceAccount may do, and the stack shows neither the rights of an account it did not make nor stops them growing",
            "run as a PipelineServiceAccount (CiPipeline serviceAccount: the component), or list the account in this policy's allowedServiceAccounts",
          );
          return [{ item: run, problem: { path, message } }];
        }),
      );
  }),
};
