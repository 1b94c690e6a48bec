/**
 * Policy `imagepulljob-policies`: ImagePullJobs set their policies explicitly and pass Kruise's
 * webhook rules client-side, with the same checks the ImagePullJob builder runs.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import {
  checkCompletion,
  checkNodeSelector,
  checkSelectorExclusive,
  parallelismSchema,
} from "../../components/kruise/imagePullJobRules";
import { IMAGE_PULL_JOB_DEFAULTS } from "../../components/kruise/imagePullJobTypes";
import { renderPath } from "../../components/common/errors";
import { Hidden, at, num, obj, str } from "../plain";
import { Path, Problem, collect, resourceRule, ruleMessage } from "../support";
import { TYPES, isPatch, ofTypes } from "../types";

const EXPLICIT_RULE =
  "the published Kruise charts register webhook paths the 1.9 manager no longer serves, so Kruise's defaulting may never run";

/**
 * The ImagePullJob (or ImageListPullJob) spec checks: explicit policies, then webhook rules 2–5,
 * 9–11 (parallelism: a whole number, no percentage) and 12–14. A `partial` object (a
 * server-side-apply patch) is judged on what it holds: nothing is wanted explicit, and a deadline
 * is only compared with a timeout the patch gives too.
 */
export function imagePullJobProblems(
  props: unknown,
  partial = false,
  /** Where the object sits in the resource's props (e.g. a template's path). */
  prefix: Path = [],
): Problem[] {
  const under = (...path: Path): Path => [...prefix, ...path];
  const spec = obj(at(props, "spec")) ?? {};
  const completion = obj(spec.completionPolicy);
  const pull = obj(spec.pullPolicy);
  return collect((ctx) => {
    const add = (path: Path, message: string) => ctx.addIssue({ code: "custom", path, message });
    // A value unknown during preview (or secret) is not judged.
    if (spec.parallelism !== undefined && !(spec.parallelism instanceof Hidden)) {
      const parsed = parallelismSchema.safeParse(spec.parallelism);
      for (const issue of parsed.success ? [] : parsed.error.issues)
        add(under("spec", "parallelism"), issue.message);
    }
    if (partial) {
      // A patch leaves the rest as it is: nothing to want explicit.
    } else if (completion?.type === undefined) {
      add(
        under("spec", "completionPolicy", "type"),
        ruleMessage(
          "is not set",
          `the CRD requires it and ${EXPLICIT_RULE}`,
          "set 'Always' (a one-shot warm) or 'Never' (keep warming new nodes)",
        ),
      );
    }
    for (const field of ["timeoutSeconds", "backoffLimit"] as const) {
      if (!partial && pull?.[field] === undefined) {
        add(
          under("spec", "pullPolicy", field),
          ruleMessage(
            "is not set",
            EXPLICIT_RULE,
            `set it explicitly (Kruise's default is ${IMAGE_PULL_JOB_DEFAULTS[field]})`,
          ),
        );
      }
    }
    const type = str(completion?.type);
    if (type !== undefined) {
      checkCompletion(
        ctx,
        {
          type,
          activeDeadlineSeconds: num(completion?.activeDeadlineSeconds),
          ttlSecondsAfterFinished: num(completion?.ttlSecondsAfterFinished),
          // A patch without timeoutSeconds keeps the object's, unknown here: 0 compares with nothing.
          timeoutSeconds:
            num(pull?.timeoutSeconds) ?? (partial ? 0 : IMAGE_PULL_JOB_DEFAULTS.timeoutSeconds),
        },
        {
          type: under("spec", "completionPolicy", "type"),
          activeDeadlineSeconds: under("spec", "completionPolicy", "activeDeadlineSeconds"),
          ttlSecondsAfterFinished: under("spec", "completionPolicy", "ttlSecondsAfterFinished"),
          timeoutSeconds: renderPath(under("spec", "pullPolicy", "timeoutSeconds")),
        },
      );
    }
    const selector = obj(spec.selector);
    if (selector) {
      checkNodeSelector(
        ctx,
        {
          names: Array.isArray(selector.names) ? (selector.names as string[]) : undefined,
          matchLabels: obj(selector.matchLabels),
          matchExpressions: Array.isArray(selector.matchExpressions)
            ? selector.matchExpressions
            : undefined,
        },
        under("spec", "selector"),
      );
    }
    checkSelectorExclusive(
      ctx,
      spec.selector !== undefined && spec.selector !== null,
      spec.podSelector !== undefined && spec.podSelector !== null,
      under("spec", "podSelector"),
    );
  });
}

/** The same checks on an AdvancedCronJob's ImageListPullJob template, at its paths; none without one. */
export function cronTemplateProblems(props: unknown, partial = false): Problem[] {
  const template = at(props, "spec", "template", "imageListPullJobTemplate");
  if (obj(template) === undefined) return [];
  return imagePullJobProblems(template, partial, ["spec", "template", "imageListPullJobTemplate"]);
}

export const imagePullJobPolicies: ResourceValidationPolicy = {
  name: "imagepulljob-policies",
  description:
    "ImagePullJobs (and ImageListPullJobs, and AdvancedCronJobs' ImageListPullJob templates) set completionPolicy.type and pullPolicy explicitly and pass Kruise's webhook rules client-side (parallelism a whole number, deadline vs timeout, Never without deadline/TTL, selector xor podSelector); patches judged on what they hold.",
  enforcementLevel: "mandatory",
  validateResource: resourceRule(
    ofTypes(TYPES.imagePullJob, TYPES.imageListPullJob, TYPES.advancedCronJob),
    (props, args) =>
      (TYPES.advancedCronJob as readonly string[]).includes(args.type)
        ? cronTemplateProblems(props, isPatch(args.type))
        : imagePullJobProblems(props, isPatch(args.type)),
  ),
};
