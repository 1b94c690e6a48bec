import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { checkNodeSelector, deadlineSecondsSchema, nodeSelectorSchema } from "./imagePullJobRules";
import { CompletionPolicyType, ImagePullJobNodeSelector } from "./imagePullJobTypes";
import { WarmComponent, checkWarmArgs } from "./warmComponent";
import {
  checkWarmCompletion,
  OneShotOptions,
  oneShotWait,
  pulumiOwnedTtlSchema,
  WarmArgsCommon,
  warmArgsShape,
} from "./warmJobs";
import { checkMaxFailedNodes, maxFailedNodesSchema } from "./warmOutcome";
import { checkPlan } from "./warmPlan";

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
  /** Nodes pulling at once (0 pauses). A whole number, or its decimal string (as YAML or stack config give it). Maps to `spec.parallelism`. @default 20 */
  parallelism?: pulumi.Input<number | string>;
  /**
   * Seconds after the start at which the job ends, unfinished nodes counted as failed. Must be ≥
   * `pullPolicy.timeoutSeconds`. Maps to `spec.completionPolicy.activeDeadlineSeconds`. @default 1800
   */
  activeDeadlineSeconds?: pulumi.Input<number>;
  /** Nodes by name or labels (not both). Maps to `spec.selector`. @default none (all nodes) */
  nodeSelector?: pulumi.Input<ImagePullJobNodeSelector>;
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
    maxFailedNodes: maxFailedNodesSchema.optional(),
    ttlSecondsAfterFinished: pulumiOwnedTtlSchema,
  })
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
export class SidecarWarm extends WarmComponent<typeof sidecarWarmArgsSchema> {
  constructor(name: string, args: SidecarWarmArgs, opts?: pulumi.ComponentResourceOptions) {
    super(KIND, name, args, opts, sidecarWarmArgsSchema, (a) => ({
      selector: a.nodeSelector,
      completionPolicy: {
        type: CompletionPolicyType.Always,
        activeDeadlineSeconds: a.activeDeadlineSeconds,
      },
      ...oneShotWait(a, a.activeDeadlineSeconds),
    }));
  }
}
