/**
 * Policy `registry-egress-budget` (stack, advisory): the warms of a stack, started together, stay
 * within the registry's egress budget. Each planned warm job carries its plan's peak egress
 * (annotation `kruise-devops.io/peak-egress-mibps`, components/kruise/warmJobs.ts); the jobs of
 * one `up` start together, so their peaks add up.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { PEAK_EGRESS_ANNOTATION } from "../../components/kruise/warmJobs";
import { at, obj, str } from "../plain";
import { Finding, listOf, ofType, stackRule, ruleMessage } from "../support";
import { TYPES } from "../types";

/** The policy's config: the registry's egress budget, MiB/s. */
export interface RegistryEgressConfig {
  registryEgressBudgetMiBps?: number;
}

export const registryEgressBudget: StackValidationPolicy = {
  name: "registry-egress-budget",
  description:
    "The peak registry egress of the stack's planned warms, added up, stays within registryEgressBudgetMiBps.",
  enforcementLevel: "advisory",
  configSchema: {
    properties: {
      registryEgressBudgetMiBps: {
        type: "number",
        description:
          "What the registry (or its mirror) can serve to the nodes at once, MiB/s. Unset: the policy does not apply.",
      },
    },
  },
  validateStack: stackRule((items, args) => {
    const budget = args.getConfig<RegistryEgressConfig>()?.registryEgressBudgetMiBps;
    if (budget === undefined) {
      args.notApplicable("no registryEgressBudgetMiBps set");
      return [];
    }
    const planned = ofType(items, TYPES.imagePullJob)
      .map((item) => ({
        item,
        egress: Number(
          str(obj(at(item.props, "metadata", "annotations"))?.[PEAK_EGRESS_ANNOTATION]),
        ),
      }))
      .filter((p) => Number.isFinite(p.egress) && p.egress > 0);
    const total = planned.reduce((sum, p) => sum + p.egress, 0);
    if (total <= budget) return [];
    const top = [...planned].sort((a, b) => b.egress - a.egress)[0];
    const findings: Finding[] = [
      {
        item: top.item,
        problem: {
          path: ["metadata", "annotations", PEAK_EGRESS_ANNOTATION],
          message: ruleMessage(
            `the stack's ${planned.length} planned warm job(s) (${listOf(planned.map((p) => p.item.who))}) pull up to ${Math.round(total * 10) / 10} MiB/s at their peak together, over registryEgressBudgetMiBps (${budget}); this one the most (${top.egress} MiB/s)`,
            "each node pulling counts against the registry's egress, and the jobs of one `up` start together",
            "lower parallelism (the plan output shows the peak), stagger the warms over several `up`s, or raise the budget if the registry can serve it",
          ),
        },
      },
    ];
    return findings;
  }),
};
