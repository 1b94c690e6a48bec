/**
 * Policy `kruise-feature-gates` (stack): the Kruise install's feature gates fit what the stack
 * does with it (image warming; Argo CD over Kruise workloads).
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { COMPARE_OPTIONS_ANNOTATION } from "../../components/argocd/applicationSpec";
import { argoCdInStack } from "../argoCd";
import {
  KRUISE_CHART_DEFAULT_FEATURE_GATES,
  effectiveFeatureGates,
  imageWarmers,
  kruiseInstalls,
} from "../kruise";
import { Finding, listOf, ofType, stackRule, ruleMessage } from "../support";
import { TYPES } from "../types";

export const kruiseFeatureGates: StackValidationPolicy = {
  name: "kruise-feature-gates",
  description:
    "The Kruise install's feature gates fit the stack: ImagePullJobGate and KruiseDaemon on when ImagePullJobs are used; TemplateNoDefaults on (or Argo CD server-side diff) when Argo CD and Kruise workloads meet.",
  enforcementLevel: "mandatory",
  validateStack: stackRule((items, args) => {
    const installs = kruiseInstalls(items);
    if (installs.length === 0) {
      args.notApplicable("the stack installs no Kruise chart");
      return [];
    }
    const warmers = imageWarmers(items);
    const workloads = ofType(items, TYPES.kruiseWorkload).map((r) => r.who);
    const argo = argoCdInStack(items);

    return installs.flatMap(({ item, featureGates }) => {
      const gates = effectiveFeatureGates(featureGates);
      const shown =
        featureGates === undefined
          ? `featureGates (unset: the chart's "${KRUISE_CHART_DEFAULT_FEATURE_GATES}")`
          : `featureGates "${featureGates}"`;
      const found: Finding[] = [];
      const report = (message: string) =>
        found.push({ item, problem: { path: [], message: `${shown} ${message}` } });
      const off = (["KruiseDaemon", "ImagePullJobGate"] as const).filter((g) => !gates[g]);
      if (warmers.length > 0 && off.length > 0) {
        report(
          ruleMessage(
            `leaves ${off.join(" and ")} off, but the stack warms images with ${listOf(warmers)}`,
            "Kruise's ImagePullJob webhook answers 403 and no controller pulls unless KruiseDaemon and ImagePullJobGate are on",
            `set ${off.map((g) => `${g}=true`).join(",")} in featureGates (KruiseOperator: drop ${off.map((g) => `featureGates.${g}: false`).join(" and ")}; ImagePullJobGate is on by default there)`,
          ),
        );
      }
      if (
        argo.present &&
        workloads.length > 0 &&
        !gates.TemplateNoDefaults &&
        argo.clientDiffing.length > 0
      ) {
        report(
          ruleMessage(
            `leaves TemplateNoDefaults off while Argo CD (${listOf(argo.clientDiffing)}) diffs client-side and the stack runs Kruise workloads (${listOf(workloads)})`,
            "Kruise's webhook writes pod-template defaults into Kruise workloads, which Argo CD then reports as drift (Kruise's GitOps guide)",
            `turn on TemplateNoDefaults=true (KruiseOperator gitOps: true), or annotate every Application ${COMPARE_OPTIONS_ANNOTATION}: ServerSideDiff=true (ArgoApplication serverSideDiff: true)`,
          ),
        );
      }
      return found;
    });
  }),
};
