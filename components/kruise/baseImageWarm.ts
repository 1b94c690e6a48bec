import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { checkNodeSelector, nodeSelectorSchema } from "./imagePullJobRules";
import { CompletionPolicyType, ImagePullJobNodeSelector } from "./imagePullJobTypes";
import { WarmComponent, checkWarmArgs } from "./warmComponent";
import { WarmArgsCommon, warmArgsShape } from "./warmJobs";

const KIND = "BaseImageWarm";

/** Default `parallelism` of a BaseImageWarm job. */
export const BASE_IMAGE_WARM_DEFAULT_PARALLELISM = 10;

/** Args of {@link BaseImageWarm}. */
export interface BaseImageWarmArgs extends WarmArgsCommon {
  /**
   * Images to keep on every node, each with a tag or digest. One ImagePullJob per image, named
   * `<name>-<image>-<hash>`. Plain values: job names derive from them.
   * Maps to `spec.image` (Kruise parses it with `reference.ParseNormalizedNamed`).
   */
  images: string[];
  /** Nodes pulling at once (0 pauses). A whole number, or its decimal string (as YAML or stack config give it). Maps to `spec.parallelism`. @default 10 */
  parallelism?: pulumi.Input<number | string>;
  /**
   * Restricts warming to nodes by name or by labels (not both). Without it every node, including
   * nodes that join later, is warmed. Maps to `spec.selector`. @default none (all nodes)
   */
  nodeSelector?: pulumi.Input<ImagePullJobNodeSelector>;
}

/** The schema of {@link BaseImageWarmArgs}. */
export const baseImageWarmArgsSchema = z
  .strictObject({
    ...warmArgsShape(BASE_IMAGE_WARM_DEFAULT_PARALLELISM),
    nodeSelector: nodeSelectorSchema.optional(),
  })
  .superRefine((a, ctx) => checkNodeSelector(ctx, a.nodeSelector, ["nodeSelector"]));

/** BaseImageWarm's args, checked before it registers anything (Platform runs it first). */
export function checkBaseImageWarmArgs(name: string, args: BaseImageWarmArgs) {
  return checkWarmArgs(KIND, name, baseImageWarmArgsSchema, args);
}

/**
 * Keeps base images on every node of the cluster, new nodes included: one long-running
 * (`completionPolicy: Never`) ImagePullJob per image. Kruise re-pulls about once a day and warms
 * each node that joins. Changing an image creates the new job before deleting the old one.
 * Needs Kruise's `KruiseDaemon` and `ImagePullJobGate` feature gates.
 */
export class BaseImageWarm extends WarmComponent<typeof baseImageWarmArgsSchema> {
  constructor(name: string, args: BaseImageWarmArgs, opts?: pulumi.ComponentResourceOptions) {
    super(KIND, name, args, opts, baseImageWarmArgsSchema, (a) => ({
      selector: a.nodeSelector,
      completionPolicy: { type: CompletionPolicyType.Never },
    }));
  }
}
