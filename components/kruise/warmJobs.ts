/**
 * What the three warm components share: their common args schema, the per-image job plan and the
 * manifest of one job (through the pure builder in imagePullJob.ts). Pure: registration lives in
 * warmComponent.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ruleIssue } from "../common/errors";
import { IntOrPercent } from "../common/intOrPercent";
import { matchLabelsSchema } from "../common/labelSelector";
import { componentLabels, namespaceSchema } from "../common/k8sNames";
import { buildImagePullJob, withoutUndefined } from "./imagePullJob";
import {
  apiVersionSchema,
  checkCompletion,
  imagePullPolicySchema,
  imagesSchema,
  parallelismSchema,
  pullPolicySchema,
  pullSecretsSchema,
  sandboxConfigSchema,
} from "./imagePullJobRules";
import {
  CompletionPolicyType,
  DEFAULT_IMAGE_PULL_JOB_API_VERSION,
  IMAGE_PULL_JOB_DEFAULTS,
  ImagePullJobApiVersion,
  ImagePullJobManifest,
  ImagePullPolicy,
  ResolvedImagePullJobSpec,
} from "./imagePullJobTypes";
import { PullPolicyArgs, SandboxConfigArgs } from "./imagePullJobArgs";
import { WarmOwner, warmJobObjectName, warmJobResourceName } from "./warmIdentity";
import { WarmPlan, WarmPlanInputs, planWarm, warmPlanInputsSchema } from "./warmPlan";

/**
 * The job template args every warm component takes (ImagePullJobs, list jobs and scheduled list
 * jobs alike). Every field takes an Input, nested fields included.
 */
export interface WarmTemplateArgs {
  /** Per-node pull timeout and retries. Maps to `spec.pullPolicy`. @default `{ timeoutSeconds: 600, backoffLimit: 3 }` */
  pullPolicy?: pulumi.Input<PullPolicyArgs>;
  /** Maps to `spec.imagePullPolicy`. @default "IfNotPresent" */
  imagePullPolicy?: pulumi.Input<ImagePullPolicy>;
  /** Namespace of the jobs (and of `pullSecrets`). Maps to `metadata.namespace`. @default "default" */
  namespace?: pulumi.Input<string>;
  /** Maps to `spec.sandboxConfig`. @default none */
  sandboxConfig?: pulumi.Input<SandboxConfigArgs>;
  /** Extra labels on every job. Maps to `metadata.labels`. @default none */
  labels?: pulumi.Input<Record<string, string>>;
}

/** The args that name a warm's jobs (ImageListWarm's too): plain values. */
export interface WarmJobIdentityArgs {
  /**
   * Secrets (in `namespace`) holding registry credentials. Immutable in Kruise, so they are part
   * of each job's identity: changing them creates new jobs, then deletes the old ones (README
   * "What re-runs a warm"). Maps to `spec.pullSecrets`. Plain: part of each job's name. @default none
   */
  pullSecrets?: string[];
  /**
   * `apps.kruise.io/v1alpha1` (Kruise 1.8 and 1.9) or `apps.kruise.io/v1beta1` (1.9 only). Part of
   * each job's name. Maps to `apiVersion`. Plain: part of each job's name and of its resource type. @default "apps.kruise.io/v1alpha1"
   */
  apiVersion?: ImagePullJobApiVersion;
}

/** The args every warm component of one ImagePullJob per image takes (Base, Sidecar, Pool). */
export interface WarmArgsCommon extends WarmTemplateArgs, WarmJobIdentityArgs {
  /**
   * What the warm planner needs (warmPlan.ts): the nodes the job will select, the image size and
   * an assumed pull rate. Gives the `plan` output (estimated time, peak registry egress), and a
   * one-shot warm whose deadline cannot cover the nodes at its parallelism is refused at preview
   * (or, when it holds Outputs, at `up` before any job is created), naming the arg to raise and
   * to what. Each job carries its peak egress as the annotation
   * `kruise-devops.io/peak-egress-mibps`, which the policy pack's `registry-egress-budget` adds
   * up. Maps to no job field. @default none (no plan, no check)
   */
  plan?: pulumi.Input<WarmPlanInputs>;
}

/** The namespace warm jobs go to unless told otherwise. */
export const DEFAULT_WARM_NAMESPACE = "default";

/** The annotation on a planned job holding its peak registry egress, MiB/s (policy pack). */
export const PEAK_EGRESS_ANNOTATION = "kruise-devops.io/peak-egress-mibps";

/** The annotation value that makes `pulumi up` wait for an `Always` job to finish. */
export const WAIT_FOR_COMPLETION = "jsonpath={.status.completionTime}";

/** Seconds `pulumi up` waits past `activeDeadlineSeconds` for Kruise to record completion. */
export const COMPLETION_GRACE_SECONDS = 120;

/** The schema of the args every warm component takes, with the given parallelism default. */
export function warmArgsShape(defaultParallelism: number) {
  return {
    images: imagesSchema(true),
    pullSecrets: pullSecretsSchema.optional(),
    apiVersion: apiVersionSchema.default(DEFAULT_IMAGE_PULL_JOB_API_VERSION),
    namespace: namespaceSchema.default(DEFAULT_WARM_NAMESPACE),
    parallelism: parallelismSchema.optional().transform((p) => p ?? defaultParallelism),
    pullPolicy: pullPolicySchema,
    imagePullPolicy: imagePullPolicySchema.default(IMAGE_PULL_JOB_DEFAULTS.imagePullPolicy),
    sandboxConfig: sandboxConfigSchema.optional(),
    labels: matchLabelsSchema.optional(),
    plan: warmPlanInputsSchema.optional(),
  };
}

/** The args that name the jobs: they must be plain values, checked before anything else. */
export const warmIdentitySchema = z.looseObject({
  images: imagesSchema(true),
  pullSecrets: pullSecretsSchema.optional(),
  apiVersion: apiVersionSchema.default(DEFAULT_IMAGE_PULL_JOB_API_VERSION),
});

/** The parsed common args. */
export type WarmCommon = z.output<z.ZodObject<ReturnType<typeof warmArgsShape>>>;

/** One job of a warm component: its image and its Pulumi name. */
export interface PlannedJob {
  readonly image: string;
  /** The Pulumi child name (plain values only); the object's name also hashes the spec. */
  readonly resourceName: string;
}

/** The jobs of `owner`: one per image, each with its Pulumi name (warmIdentity.ts). */
export function planJobs(
  owner: WarmOwner,
  identity: z.output<typeof warmIdentitySchema>,
): PlannedJob[] {
  return identity.images.map((image) => ({
    image,
    resourceName: warmJobResourceName(owner, image, identity.pullSecrets, identity.apiVersion),
  }));
}

/** What a component adds to the common args for one job's spec. */
export interface JobShape {
  selector?: ResolvedImagePullJobSpec["selector"];
  podSelector?: ResolvedImagePullJobSpec["podSelector"];
  completionPolicy: ResolvedImagePullJobSpec["completionPolicy"];
  /** Seconds `pulumi up` waits for completion; undefined: it does not wait. */
  waitSeconds?: number;
  /** When waiting: the failed or unfinished nodes allowed (warmOutcome.ts). */
  maxFailedNodes?: IntOrPercent;
}

/** The plan of each of a component's jobs, when it was given `plan` (warmPlan.ts). */
export function jobPlan(
  common: Pick<WarmCommon, "plan" | "parallelism">,
  shape: JobShape,
): WarmPlan | undefined {
  return common.plan === undefined
    ? undefined
    : planWarm(common.plan, common.parallelism, shape.completionPolicy.activeDeadlineSeconds);
}

/**
 * The ImagePullJob template a warm's args give (every spec field but the image), Kruise's
 * defaults written out: the spec of each of a component's jobs, and of a list warm. Pure.
 */
export function warmTemplate(
  common: Omit<WarmCommon, "images" | "plan">,
  shape: JobShape,
): Omit<ResolvedImagePullJobSpec, "image"> {
  return withoutUndefined({
    pullSecrets: common.pullSecrets,
    selector: shape.selector,
    podSelector: shape.podSelector,
    parallelism: common.parallelism,
    pullPolicy: common.pullPolicy,
    completionPolicy: shape.completionPolicy,
    sandboxConfig: common.sandboxConfig,
    imagePullPolicy: common.imagePullPolicy,
  });
}

/** The annotations of a warm's job: Pulumi's wait when it waits, the planned peak egress. */
export function warmAnnotations(
  shape: JobShape,
  plan: WarmPlan | undefined,
): Record<string, string> | undefined {
  const annotations: Record<string, string> = {
    ...(shape.waitSeconds === undefined
      ? {}
      : {
          "pulumi.com/waitFor": WAIT_FOR_COMPLETION,
          "pulumi.com/timeoutSeconds": String(shape.waitSeconds),
        }),
    ...(plan ? { [PEAK_EGRESS_ANNOTATION]: String(plan.peakEgressMiBPerSecond) } : {}),
  };
  return Object.keys(annotations).length > 0 ? annotations : undefined;
}

/**
 * The manifest of one planned job, named from its identity ({@link warmJobObjectName}): a change
 * of a field Kruise does not act on names a new job. Pure.
 */
export function warmJobManifest(
  owner: WarmOwner,
  common: WarmCommon,
  shape: JobShape,
  job: PlannedJob,
): ImagePullJobManifest {
  const apiVersion = common.apiVersion as ImagePullJobApiVersion;
  const spec: ResolvedImagePullJobSpec = { image: job.image, ...warmTemplate(common, shape) };
  return buildImagePullJob(
    {
      apiVersion,
      name: warmJobObjectName(owner, apiVersion, spec),
      namespace: common.namespace,
      labels: componentLabels(owner.kind, owner.name, common.labels),
      annotations: warmAnnotations(shape, jobPlan(common, shape)),
    },
    spec,
  );
}

/**
 * `ttlSecondsAfterFinished` on a job Pulumi owns: refused with the reason. Kruise's controller
 * deletes such a job itself; `pulumi refresh` then drops it from state and the next `pulumi up`
 * creates it again, which re-runs the pull across every selected node.
 */
export const pulumiOwnedTtlSchema = z
  .unknown()
  .optional()
  .superRefine((ttl, ctx) => {
    if (ttl !== undefined) {
      ctx.addIssue({
        code: "custom",
        ...ruleIssue(
          `(${JSON.stringify(ttl)}) would make Kruise delete a job Pulumi owns`,
          "Kruise's ImagePullJob controller deletes a finished job once ttlSecondsAfterFinished passes; `pulumi refresh` then forgets it and the next `pulumi up` creates it again, re-running the pull on every node",
          "drop ttlSecondsAfterFinished: the finished job stays as a record (Kruise already clears its per-node entries) and Pulumi deletes it when the image changes or on destroy",
        ),
      });
    }
  });

/** The wait of a warm that can be one-shot (`completionPolicy: Always`). */
export interface WarmWaitArgs {
  /**
   * Seconds after the start at which the job ends, unfinished nodes counted as failed. Must be ≥
   * `pullPolicy.timeoutSeconds`. Maps to `spec.completionPolicy.activeDeadlineSeconds`.
   */
  activeDeadlineSeconds?: pulumi.Input<number>;
  /**
   * Make `pulumi up` wait until Kruise records the job's `status.completionTime` (annotation
   * `pulumi.com/waitFor`), for at most `activeDeadlineSeconds` + 120 s, so a rollout that follows
   * finds the image on the nodes; then fail the `up` when more nodes than `maxFailedNodes` are
   * without the image (Kruise completes a job with failed nodes too). @default false
   */
  waitForCompletion?: pulumi.Input<boolean>;
}

/** The options of a one-shot (`completionPolicy: Always`) warm of one job per image. */
export interface OneShotOptions extends WarmWaitArgs {
  /**
   * With `waitForCompletion`: how many of the selected nodes may end without the image (failed,
   * or unfinished at the deadline) before `pulumi up` fails, as a count. Read from
   * `status.succeeded` and `status.desired`; the message names the job, the counts and
   * `status.failedNodes`. Not with `maxFailedNodesPercent`. Maps to no job field. @default 0
   */
  maxFailedNodes?: pulumi.Input<number>;
  /**
   * With `waitForCompletion`: as `maxFailedNodes`, as a percentage (0–100) of the job's
   * `status.desired`, rounded down, e.g. 1 for 1%. Not with `maxFailedNodes`. Maps to no job
   * field. @default none (`maxFailedNodes` 0)
   */
  maxFailedNodesPercent?: pulumi.Input<number>;
}

/**
 * Kruise's completion rules (checkCompletion) on a warm's own arg paths: `completionPolicy`,
 * `activeDeadlineSeconds`, `ttlSecondsAfterFinished`, `pullPolicy.timeoutSeconds`. A warm fixed
 * to `Always` passes that type (its `completionPolicy` path then never shows).
 */
export function checkWarmCompletion(
  ctx: z.RefinementCtx,
  type: string,
  deadline: number | undefined,
  timeoutSeconds: number,
): void {
  checkCompletion(
    ctx,
    { type, activeDeadlineSeconds: deadline, timeoutSeconds },
    {
      type: ["completionPolicy"],
      activeDeadlineSeconds: ["activeDeadlineSeconds"],
      ttlSecondsAfterFinished: ["ttlSecondsAfterFinished"],
      timeoutSeconds: "pullPolicy.timeoutSeconds",
    },
  );
}

/**
 * The deadline of a warm whose completion policy is an arg (PoolWarm, ImageListWarm): the
 * default applies to `Always` only; with `Never` a given deadline is kept, for the rules to refuse.
 */
export function selectableDeadline(
  a: { completionPolicy: string; activeDeadlineSeconds?: number },
  alwaysDefaultSeconds: number,
): number | undefined {
  return a.completionPolicy === CompletionPolicyType.Always
    ? (a.activeDeadlineSeconds ?? alwaysDefaultSeconds)
    : a.activeDeadlineSeconds;
}

/**
 * The completion rules of a warm whose completion policy is an arg: Kruise's
 * ({@link checkWarmCompletion}), then `waitForCompletion` refused with `Never`, which never
 * completes. `what` names the warm and the object Kruise never completes, in the message.
 */
export function checkSelectableCompletion(
  ctx: z.RefinementCtx,
  a: {
    completionPolicy: string;
    waitForCompletion: boolean;
    pullPolicy: { timeoutSeconds: number };
  },
  deadline: number | undefined,
  what: { warm: string; object: string },
): void {
  checkWarmCompletion(ctx, a.completionPolicy, deadline, a.pullPolicy.timeoutSeconds);
  if (a.completionPolicy === CompletionPolicyType.Never && a.waitForCompletion) {
    ctx.addIssue({
      code: "custom",
      path: ["waitForCompletion"],
      ...ruleIssue(
        `is true on ${what.warm} with completion policy 'Never'`,
        `Kruise never sets status.completionTime on a Never ${what.object}, so \`pulumi up\` would wait until it times out`,
        "drop waitForCompletion, or use completionPolicy 'Always'",
      ),
    });
  }
}

/** The completion settings of a one-shot job: how long `up` waits, and what failure it allows. */
export function oneShotWait(
  a: { waitForCompletion: boolean; maxFailedNodes?: IntOrPercent },
  activeDeadlineSeconds: number,
): Pick<JobShape, "waitSeconds" | "maxFailedNodes"> {
  return a.waitForCompletion
    ? {
        waitSeconds: waitSecondsFor(true, activeDeadlineSeconds),
        maxFailedNodes: a.maxFailedNodes ?? 0,
      }
    : {};
}

/** Seconds `pulumi up` waits for a one-shot job with this deadline. */
export function waitSecondsFor(
  waitForCompletion: boolean,
  activeDeadlineSeconds: number,
): number | undefined {
  return waitForCompletion ? activeDeadlineSeconds + COMPLETION_GRACE_SECONDS : undefined;
}
