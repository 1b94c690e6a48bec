import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { checkNodeSelector, deadlineSecondsSchema, nodeSelectorSchema } from "./imagePullJobRules";
import { ImagePullJobNodeSelectorArgs } from "./imagePullJobArgs";
import { CompletionPolicyType } from "./imagePullJobTypes";
import { checkWarmArgs, registerWarmJobs, warmOutputs } from "./warmComponent";
import {
  checkWarmCompletion,
  OneShotOptions,
  oneShotWait,
  pulumiOwnedTtlSchema,
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

const KIND = "SidecarWarm";

/** Default `parallelism` of a SidecarWarm job. */
export const SIDECAR_WARM_DEFAULT_PARALLELISM = 20;
/** Default `activeDeadlineSeconds` of a SidecarWarm job. */
export const SIDECAR_WARM_DEFAULT_DEADLINE_SECONDS = 1800;

/** Args of {@link SidecarWarm}. */
export interface SidecarWarmArgs extends OneShotOptions, WarmArgsCommon {
  /**
   * Sidecar images to pull once, each with a tag or digest: one ImagePullJob per image version,
   * named `<name>-<image>-<hash>`. Plain values: job names derive from them. Maps to `spec.image`.
   */
  images: string[];
  /** Nodes pulling at once (0 pauses). A whole number (its decimal string, as some config sources give it, is read the same). Maps to `spec.parallelism`. @default 20 */
  parallelism?: pulumi.Input<number>;
  /**
   * Seconds after the start at which the job ends, unfinished nodes counted as failed. Must be ≥
   * `pullPolicy.timeoutSeconds`. Maps to `spec.completionPolicy.activeDeadlineSeconds`. @default 1800
   */
  activeDeadlineSeconds?: pulumi.Input<number>;
  /** Nodes by name or labels (not both). Maps to `spec.selector`. @default none (all nodes) */
  nodeSelector?: pulumi.Input<ImagePullJobNodeSelectorArgs>;
}

/** The schema of {@link SidecarWarmArgs}. */
export const sidecarWarmArgsSchema = z
  .strictObject({
    ...warmArgsShape(SIDECAR_WARM_DEFAULT_PARALLELISM),
    nodeSelector: nodeSelectorSchema.optional(),
    activeDeadlineSeconds: deadlineSecondsSchema
      .optional()
      .transform((s) => s ?? SIDECAR_WARM_DEFAULT_DEADLINE_SECONDS),
    waitForCompletion: z.boolean().default(false),
    ...maxFailedNodesShape,
    ttlSecondsAfterFinished: pulumiOwnedTtlSchema,
  })
  .transform(withMaxFailedNodes)
  .superRefine((a, ctx) => {
    checkNodeSelector(ctx, a.nodeSelector, ["nodeSelector"]);
    checkMaxFailedNodes(ctx, a.maxFailedNodes, a.waitForCompletion);
    checkPlan(ctx, a.plan, a.parallelism, a.activeDeadlineSeconds);
    checkWarmCompletion(
      ctx,
      CompletionPolicyType.Always,
      a.activeDeadlineSeconds,
      a.pullPolicy.timeoutSeconds,
    );
  });

/** SidecarWarm's args, checked before it registers anything (Platform runs it first). */
export function checkSidecarWarmArgs(name: string, args: SidecarWarmArgs) {
  return checkWarmArgs(KIND, name, sidecarWarmArgsSchema, args);
}

/** What SidecarWarm adds to the common args for one job's spec. */
function sidecarWarmShape(a: z.output<typeof sidecarWarmArgsSchema>): JobShape {
  return {
    selector: a.nodeSelector,
    completionPolicy: {
      type: CompletionPolicyType.Always,
      activeDeadlineSeconds: a.activeDeadlineSeconds,
    },
    ...oneShotWait(a, a.activeDeadlineSeconds),
  };
}

/**
 * Pulls sidecar images onto the nodes once per image version, before the pods that need them
 * (`completionPolicy: Always`, `activeDeadlineSeconds` 1800 by default). With `waitForCompletion`
 * `pulumi up` waits for the pull to finish.
 *
 * Lifecycle: the finished job stays in the cluster as the record of the warm; no
 * `ttlSecondsAfterFinished` is set, because Kruise would then delete an object Pulumi owns and the
 * next `pulumi up --refresh` would create it again and re-pull on every node. Kruise clears the
 * per-node entries of a finished job by itself. A new image version creates a new job, then
 * deletes the old one; destroy deletes them all.
 */
export class SidecarWarm extends pulumi.ComponentResource {
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

  constructor(name: string, args: SidecarWarmArgs, opts?: pulumi.ComponentResourceOptions) {
    const checked = checkSidecarWarmArgs(name, args);
    super(`kruise-devops:index:${KIND}`, name, {}, opts);
    const w = registerWarmJobs(
      this,
      { kind: KIND, name, args, opts, schema: sidecarWarmArgsSchema, shape: sidecarWarmShape },
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
