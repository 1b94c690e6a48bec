import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { checkNodeSelector, nodeSelectorSchema } from "./imagePullJobRules";
import { ImagePullJobNodeSelectorArgs } from "./imagePullJobArgs";
import { CompletionPolicyType } from "./imagePullJobTypes";
import { checkWarmArgs, registerWarmJobs, warmOutputs } from "./warmComponent";
import { WarmResult } from "./warmOutcome";
import { WarmPlan } from "./warmPlan";
import { JobShape, WarmArgsCommon, warmArgsShape } from "./warmJobs";
import { GetterStore } from "../common/getterStore";

/** Each component's jobs (its getter's value; see GetterStore). */
const jobsOf = new GetterStore<k8s.apiextensions.CustomResource[]>();

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
  /** Nodes pulling at once (0 pauses). A whole number (its decimal string, as some config sources give it, is read the same). Maps to `spec.parallelism`. @default 10 */
  parallelism?: pulumi.Input<number>;
  /**
   * Restricts warming to nodes by name or by labels (not both). Without it every node, including
   * nodes that join later, is warmed. Maps to `spec.selector`. @default none (all nodes)
   */
  nodeSelector?: pulumi.Input<ImagePullJobNodeSelectorArgs>;
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

/** What BaseImageWarm adds to the common args for one job's spec. */
function baseImageWarmShape(a: z.output<typeof baseImageWarmArgsSchema>): JobShape {
  return {
    selector: a.nodeSelector,
    completionPolicy: { type: CompletionPolicyType.Never },
  };
}

/**
 * Keeps base images on every node of the cluster, new nodes included: one long-running
 * (`completionPolicy: Never`) ImagePullJob per image. Kruise re-pulls about once a day and warms
 * each node that joins. Changing an image creates the new job before deleting the old one.
 * Needs Kruise's `KruiseDaemon` and `ImagePullJobGate` feature gates.
 */
export class BaseImageWarm extends pulumi.ComponentResource {
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

  constructor(name: string, args: BaseImageWarmArgs, opts?: pulumi.ComponentResourceOptions) {
    const checked = checkBaseImageWarmArgs(name, args);
    super(`kruise-devops:index:${KIND}`, name, {}, opts);
    const w = registerWarmJobs(
      this,
      { kind: KIND, name, args, opts, schema: baseImageWarmArgsSchema, shape: baseImageWarmShape },
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
