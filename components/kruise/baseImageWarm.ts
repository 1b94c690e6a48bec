import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { checkNodeSelector, nodeSelectorSchema } from "./imagePullJobRules";
import {
  CompletionPolicyType,
  ImagePullJobApiVersion,
  ImagePullJobNodeSelector,
  ImagePullPolicy,
  PullPolicy,
  SandboxConfig,
} from "./imagePullJobTypes";
import { WarmComponent } from "./warmComponent";
import { warmArgsShape } from "./warmJobs";

const KIND = "BaseImageWarm";

/** Default `parallelism` of a BaseImageWarm job. */
export const BASE_IMAGE_WARM_DEFAULT_PARALLELISM = 10;

/** Args of {@link BaseImageWarm}. */
export interface BaseImageWarmArgs {
  /**
   * Images to keep on every node, each with a tag or digest. One ImagePullJob per image, named
   * `<name>-<image>-<hash>`. Plain values: job names derive from them.
   * Maps to `spec.image` (Kruise parses it with `reference.ParseNormalizedNamed`).
   */
  images: string[];
  /**
   * Secrets (in `namespace`) holding registry credentials. Immutable in Kruise, so they are part
   * of each job's name: changing them creates new jobs, then deletes the old ones.
   * Maps to `spec.pullSecrets`. @default none
   */
  pullSecrets?: string[];
  /** Nodes pulling at once (0 pauses). Maps to `spec.parallelism`. @default 10 */
  parallelism?: pulumi.Input<number>;
  /** Per-node pull timeout and retries. Maps to `spec.pullPolicy`. @default `{ timeoutSeconds: 600, backoffLimit: 3 }` */
  pullPolicy?: pulumi.Input<PullPolicy>;
  /** Maps to `spec.imagePullPolicy`. @default "IfNotPresent" */
  imagePullPolicy?: pulumi.Input<ImagePullPolicy>;
  /** Namespace of the jobs (and of `pullSecrets`). Maps to `metadata.namespace`. @default "default" */
  namespace?: pulumi.Input<string>;
  /**
   * Restricts warming to nodes by name or by labels (not both). Without it every node, including
   * nodes that join later, is warmed. Maps to `spec.selector`. @default none (all nodes)
   */
  nodeSelector?: pulumi.Input<ImagePullJobNodeSelector>;
  /** Maps to `spec.sandboxConfig`. @default none */
  sandboxConfig?: pulumi.Input<SandboxConfig>;
  /** Extra labels on every job. Maps to `metadata.labels`. @default none */
  labels?: pulumi.Input<Record<string, string>>;
  /**
   * `apps.kruise.io/v1alpha1` (Kruise 1.8 and 1.9) or `apps.kruise.io/v1beta1` (1.9 only). Part of
   * each job's name. Maps to `apiVersion`. @default "apps.kruise.io/v1alpha1"
   */
  apiVersion?: ImagePullJobApiVersion;
}

/** The schema of {@link BaseImageWarmArgs}. */
export const baseImageWarmArgsSchema = z
  .strictObject({
    ...warmArgsShape(BASE_IMAGE_WARM_DEFAULT_PARALLELISM),
    nodeSelector: nodeSelectorSchema.optional(),
  })
  .superRefine((a, ctx) => checkNodeSelector(ctx, a.nodeSelector, ["nodeSelector"]));

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
