import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ruleIssue } from "../common/errors";
import {
  LabelSelector,
  LabelSelectorRequirement,
  labelSelectorShape,
} from "../common/labelSelector";
import { withoutUndefined } from "./imagePullJob";
import {
  checkNodeSelector,
  checkSelectorExclusive,
  deadlineSecondsSchema,
  podSelectorSchema,
} from "./imagePullJobRules";
import { CompletionPolicyType } from "./imagePullJobTypes";
import { WarmComponent, checkWarmArgs } from "./warmComponent";
import {
  OneShotOptions,
  oneShotWait,
  checkSelectableCompletion,
  pulumiOwnedTtlSchema,
  selectableDeadline,
  WarmArgsCommon,
  warmArgsShape,
} from "./warmJobs";
import { checkMaxFailedNodes, maxFailedNodesSchema } from "./warmOutcome";
import { checkPlan } from "./warmPlan";

const KIND = "PoolWarm";

/** Default `parallelism` of a PoolWarm job. */
export const POOL_WARM_DEFAULT_PARALLELISM = 10;
/** Default `activeDeadlineSeconds` of a PoolWarm job with `completionPolicy: "Always"`. */
export const POOL_WARM_DEFAULT_DEADLINE_SECONDS = 1800;

/**
 * The pool to warm, in exactly one of three forms: nodes by `names`, nodes by labels
 * (`matchLabels` / `matchExpressions`), or the nodes where pods matching `podSelector` run.
 */
export interface WarmPool {
  /** Node names. Maps to `spec.selector.names`. @default none */
  names?: string[];
  /** Node labels, e.g. `{ "resource-pool": "serverless" }`. Maps to `spec.selector.matchLabels`. @default none */
  matchLabels?: Record<string, string>;
  /** Node label requirements. Maps to `spec.selector.matchExpressions`. @default none */
  matchExpressions?: LabelSelectorRequirement[];
  /**
   * Pods (in the job's `namespace`) whose nodes are warmed: the warm follows the workload.
   * Maps to `spec.podSelector`. @default none
   */
  podSelector?: LabelSelector;
}

/** Args of {@link PoolWarm}. */
export interface PoolWarmArgs extends OneShotOptions, WarmArgsCommon {
  /** Images to pull onto the pool, each with a tag or digest; one job per image. Plain values. Maps to `spec.image`. */
  images: string[];
  /** Which nodes form the pool. Maps to `spec.selector` or `spec.podSelector`. */
  pool: pulumi.Input<WarmPool>;
  /**
   * `Never`: keep the images on the pool, new members included. `Always`: pull once and finish.
   * Maps to `spec.completionPolicy.type`. @default "Never"
   */
  completionPolicy?: pulumi.Input<CompletionPolicyType>;
  /**
   * `Always` only: seconds after the start at which the job ends. Must be ≥
   * `pullPolicy.timeoutSeconds`. Maps to `spec.completionPolicy.activeDeadlineSeconds`.
   * @default 1800 with "Always"; none with "Never"
   */
  activeDeadlineSeconds?: pulumi.Input<number>;
  /** Nodes pulling at once (0 pauses). A whole number, or its decimal string (as YAML or stack config give it). Maps to `spec.parallelism`. @default 10 */
  parallelism?: pulumi.Input<number | string>;
}

/** The schema of {@link PoolWarmArgs}. */
export const poolWarmArgsSchema = z
  .strictObject({
    ...warmArgsShape(POOL_WARM_DEFAULT_PARALLELISM),
    pool: z.strictObject({
      ...labelSelectorShape,
      names: z.array(z.string()).optional(),
      podSelector: podSelectorSchema.optional(),
    }),
    completionPolicy: z.string().default(CompletionPolicyType.Never),
    activeDeadlineSeconds: deadlineSecondsSchema.optional(),
    waitForCompletion: z.boolean().default(false),
    maxFailedNodes: maxFailedNodesSchema.optional(),
    ttlSecondsAfterFinished: pulumiOwnedTtlSchema,
  })
  .superRefine((a, ctx) => {
    checkMaxFailedNodes(ctx, a.maxFailedNodes, a.waitForCompletion);
    if (a.completionPolicy === CompletionPolicyType.Always) {
      checkPlan(ctx, a.plan, a.parallelism, effectiveDeadline(a));
    }
    const { podSelector, ...nodes } = a.pool;
    const hasNodes = Object.values(nodes).some((v) => v !== undefined);
    if (!hasNodes && podSelector === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["pool"],
        ...ruleIssue(
          "selects nothing",
          "an ImagePullJob without a selector warms every node of the cluster",
          "give names, matchLabels/matchExpressions or podSelector; to warm every node use BaseImageWarm",
        ),
      });
    }
    checkNodeSelector(ctx, hasNodes ? nodes : undefined, ["pool"]);
    checkSelectorExclusive(ctx, hasNodes, podSelector !== undefined, ["pool", "podSelector"]);
    checkSelectableCompletion(ctx, a, effectiveDeadline(a), { warm: "a job", object: "job" });
  });

/** The deadline a job gets: the default applies to `Always` only. */
function effectiveDeadline(a: {
  completionPolicy: string;
  activeDeadlineSeconds?: number;
}): number | undefined {
  return selectableDeadline(a, POOL_WARM_DEFAULT_DEADLINE_SECONDS);
}

/** PoolWarm's args, checked before it registers anything (Platform runs it first). */
export function checkPoolWarmArgs(name: string, args: PoolWarmArgs) {
  return checkWarmArgs(KIND, name, poolWarmArgsSchema, args);
}

/**
 * Warms one resource pool: the nodes selected by name or label (e.g. `resource-pool=serverless`),
 * or the nodes where a workload's pods run (`podSelector`, same namespace). `Never` (the default)
 * keeps the images on the pool as it changes; `Always` pulls once, with the same lifecycle as
 * {@link SidecarWarm} (no TTL on jobs Pulumi owns; a new image creates a new job, then deletes the
 * old one).
 */
export class PoolWarm extends WarmComponent<typeof poolWarmArgsSchema> {
  constructor(name: string, args: PoolWarmArgs, opts?: pulumi.ComponentResourceOptions) {
    super(KIND, name, args, opts, poolWarmArgsSchema, (a) => {
      const { podSelector, ...nodes } = a.pool;
      const deadline = effectiveDeadline(a);
      return {
        selector: podSelector === undefined ? withoutUndefined(nodes) : undefined,
        podSelector,
        completionPolicy: withoutUndefined({
          type: a.completionPolicy as CompletionPolicyType,
          activeDeadlineSeconds: deadline,
        }),
        ...(deadline === undefined ? {} : oneShotWait(a, deadline)),
      };
    });
  }
}
