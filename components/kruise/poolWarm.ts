import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ruleIssue } from "../common/errors";
import { labelSelectorShape } from "../common/labelSelector";
import { LabelSelectorArgs, LabelSelectorRequirementArgs } from "../common/labelSelectorArgs";
import { withoutUndefined } from "./imagePullJob";
import {
  checkNodeSelector,
  checkSelectorExclusive,
  deadlineSecondsSchema,
  podSelectorSchema,
} from "./imagePullJobRules";
import { CompletionPolicyType } from "./imagePullJobTypes";
import { checkWarmArgs, registerWarmJobs, warmOutputs } from "./warmComponent";
import {
  OneShotOptions,
  oneShotWait,
  checkSelectableCompletion,
  pulumiOwnedTtlSchema,
  selectableDeadline,
  JobShape,
  WarmArgsCommon,
  warmArgsShape,
} from "./warmJobs";
import {
  WarmResult,
  checkMaxFailedNodes,
  maxFailedNodesShape,
  withMaxFailedNodes,
} from "./warmOutcome";
import { WarmPlan, checkPlan } from "./warmPlan";
import { GetterStore } from "../common/getterStore";

/** Each component's jobs (its getter's value; see GetterStore). */
const jobsOf = new GetterStore<k8s.apiextensions.CustomResource[]>();

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
  names?: pulumi.Input<pulumi.Input<string>[]>;
  /** Node labels, e.g. `{ "resource-pool": "serverless" }`. Maps to `spec.selector.matchLabels`. @default none */
  matchLabels?: pulumi.Input<Record<string, string>>;
  /** Node label requirements. Maps to `spec.selector.matchExpressions`. @default none */
  matchExpressions?: pulumi.Input<pulumi.Input<LabelSelectorRequirementArgs>[]>;
  /**
   * Pods (in the job's `namespace`) whose nodes are warmed: the warm follows the workload.
   * Maps to `spec.podSelector`. @default none
   */
  podSelector?: pulumi.Input<LabelSelectorArgs>;
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
  /** Nodes pulling at once (0 pauses). A whole number (its decimal string, as some config sources give it, is read the same). Maps to `spec.parallelism`. @default 10 */
  parallelism?: pulumi.Input<number>;
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
    ...maxFailedNodesShape,
    ttlSecondsAfterFinished: pulumiOwnedTtlSchema,
  })
  .transform(withMaxFailedNodes)
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

/** What PoolWarm adds to the common args for one job's spec. */
function poolWarmShape(a: z.output<typeof poolWarmArgsSchema>): JobShape {
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
}

/**
 * Warms one resource pool: the nodes selected by name or label (e.g. `resource-pool=serverless`),
 * or the nodes where a workload's pods run (`podSelector`, same namespace). `Never` (the default)
 * keeps the images on the pool as it changes; `Always` pulls once, with the same lifecycle as
 * `SidecarWarm` (no TTL on jobs Pulumi owns; a new image creates a new job, then deletes the
 * old one).
 */
export class PoolWarm extends pulumi.ComponentResource {
  /** Namespace of the jobs. */
  public readonly namespace: pulumi.Output<string>;
  /** ImagePullJob name per image, e.g. `{ "docker.io/library/nginx:1.27": "base-nginx-1-27-3f2a9c1d" }`. */
  public readonly jobNames: pulumi.Output<Record<string, string>>;
  /**
   * With `waitForCompletion`: per image, the finished job's counts (desired, succeeded, failed,
   * unfinished, the failures allowed, the first failed nodes). Resolving it fails the `up` when
   * more nodes than `maxFailedNodes` are without the image. Empty when nothing waits.
   */
  public readonly warmResults: pulumi.Output<Record<string, WarmResult>>;
  /**
   * With the `plan` arg: each image's job's plan (warmPlan.ts): estimated seconds, nodes a second
   * and what limits them, peak concurrent pulls and registry egress. The jobs of several images run
   * at once: their egress adds up. Undefined without `plan`.
   */
  public readonly plan: pulumi.Output<WarmPlan | undefined>;

  /**
   * The ImagePullJob resources, one per image, in `images` order: depend on these. A getter, for
   * TypeScript programs (Pulumi's schema has no type for a custom resource); other languages read
   * `jobNames`.
   */
  public get jobs(): k8s.apiextensions.CustomResource[] {
    return jobsOf.get(this);
  }

  constructor(name: string, args: PoolWarmArgs, opts?: pulumi.ComponentResourceOptions) {
    const checked = checkPoolWarmArgs(name, args);
    super(`kruise-devops:index:${KIND}`, name, {}, opts);
    const w = registerWarmJobs(
      this,
      { kind: KIND, name, args, opts, schema: poolWarmArgsSchema, shape: poolWarmShape },
      checked,
    );
    this.namespace = w.namespace;
    this.jobNames = w.jobNames;
    jobsOf.set(this, w.jobs);
    this.warmResults = w.warmResults;
    this.plan = w.plan;
    this.registerOutputs(warmOutputs(w));
  }
}
