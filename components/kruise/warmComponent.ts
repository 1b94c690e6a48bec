import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ApplyError } from "../common/applyError";
import { childOptions } from "../common/children";
import { parseArgs } from "../common/errors";
import { validateLater, validateNow } from "../common/inputs";
import { IntOrPercent } from "../common/intOrPercent";
import { ImagePullJobApiVersion, ImagePullJobManifest } from "./imagePullJobTypes";
import { ImagePullJobStatus, WarmResult, warmFailure, warmResult } from "./warmOutcome";
import { WarmPlan } from "./warmPlan";
import {
  JobShape,
  PlannedJob,
  WarmCommon,
  jobPlan,
  planJobs,
  warmIdentitySchema,
  warmJobManifest,
} from "./warmJobs";

/**
 * A warm component's args, checked before it registers anything (Platform runs it for every
 * part first): its identity (the jobs' names), and the args parsed when no value in them is an
 * Output (undefined otherwise: those are checked once resolved).
 */
export function checkWarmArgs<S extends z.ZodType>(
  kind: string,
  name: string,
  schema: S,
  args: object,
) {
  return {
    identity: parseArgs(kind, name, warmIdentitySchema, args),
    early: validateNow(kind, name, schema, args),
  };
}

/**
 * The registration every warm component shares: validate all args (before anything is
 * registered when they are known; inside `apply`, before any job's inputs resolve, when they hold
 * Outputs), then one ImagePullJob custom resource per image as a child, then the outputs.
 */
export abstract class WarmComponent<S extends z.ZodType<WarmCommon>>
  extends pulumi.ComponentResource
{
  /** Namespace of the jobs. */
  public readonly namespace: pulumi.Output<string>;
  /** ImagePullJob name per image, e.g. `{ "docker.io/library/nginx:1.27": "base-nginx-1-27-3f2a9c1d" }`. */
  public readonly jobNames: pulumi.Output<Record<string, string>>;
  /** The ImagePullJob resources, one per image, in `images` order: depend on these. */
  public readonly jobs: k8s.apiextensions.CustomResource[];
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

  protected constructor(
    kind: string,
    name: string,
    args: object,
    opts: pulumi.ComponentResourceOptions | undefined,
    schema: S,
    shape: (parsed: z.output<S>) => JobShape,
  ) {
    const { identity, early } = checkWarmArgs(kind, name, schema, args);
    super(`kruise-devops:index:${kind}`, name, {}, opts);
    const owner = { kind, name };
    const planned = planJobs(owner, identity);
    const build = (a: z.output<S>, job: PlannedJob) => warmJobManifest(owner, a, shape(a), job);
    // Known args give plain manifests, with no Output per job; args holding Outputs are
    // validated once resolved, and every job's inputs wait on that.
    const parsed = early === undefined ? validateLater(kind, name, schema, args, this) : undefined;
    // Whether a job may be waited for and its status read back: known args say; with Outputs,
    // perhaps. A warm that nothing waits for adds no Output per job (the benchmark's concern).
    const mayWait = parsed !== undefined || shape(early!).maxFailedNodes !== undefined;
    this.jobs = planned.map((job) =>
      registerJob(
        this,
        opts,
        identity.apiVersion,
        job,
        parsed ? parsed.apply((a) => build(a, job)) : build(early!, job),
        mayWait,
      ),
    );
    this.namespace = this.jobs[0].metadata.apply((m) => m.namespace as string);
    this.jobNames = pulumi
      .all(this.jobs.map((r) => r.metadata.apply((m) => m.name as string)))
      .apply((names) => Object.fromEntries(planned.map((j, i) => [j.image, names[i]])));
    this.plan = parsed
      ? parsed.apply((a) => jobPlan(a, shape(a)))
      : pulumi.output(jobPlan(early!, shape(early!)));
    // What the waited jobs may leave without the image (undefined: nothing waits).
    this.warmResults = mayWait
      ? waitedResults(
          kind,
          name,
          planned,
          this.jobs,
          parsed
            ? parsed.apply((a) => shape(a).maxFailedNodes)
            : pulumi.output(shape(early!).maxFailedNodes),
        )
      : pulumi.output<Record<string, WarmResult>>({});
    this.registerOutputs({
      namespace: this.namespace,
      jobNames: this.jobNames,
      jobs: this.jobs,
      warmResults: this.warmResults,
      plan: this.plan,
    });
  }
}

/**
 * Per image, the counts of each waited job once finished; fails (a ResourceError on the job) when
 * more nodes than allowed are without the image (warmOutcome.ts).
 */
function waitedResults(
  kind: string,
  name: string,
  planned: PlannedJob[],
  jobs: k8s.apiextensions.CustomResource[],
  allowed: pulumi.Output<IntOrPercent | undefined>,
): pulumi.Output<Record<string, WarmResult>> {
  return pulumi
    .all(
      jobs.map((job, i) =>
        pulumi
          .all([allowed, job.metadata, statusOf(job), job.urn])
          .apply(([max, meta, status, urn]) => {
            if (max === undefined) return undefined;
            const result = warmResult(meta.name as string, status, max);
            const failure =
              result &&
              warmFailure(
                { kind, name, image: planned[i].image, namespace: meta.namespace as string, urn },
                result,
                status?.message,
              );
            if (failure) throw new ApplyError([failure], job, true);
            return result;
          }),
      ),
    )
    .apply((results) =>
      Object.fromEntries(
        results.flatMap((r, i) => (r === undefined ? [] : [[planned[i].image, r]])),
      ),
    );
}

/**
 * A job's `status` as read back: a custom resource registered with `status: undefined` (see
 * {@link registerJob}, and ImageListWarm's job) has the provider's `status` output.
 */
export function statusOf<T = ImagePullJobStatus>(
  job: k8s.apiextensions.CustomResource,
): pulumi.Output<T> {
  return (job as unknown as { status: pulumi.Output<T> }).status;
}

/**
 * One ImagePullJob custom resource. The caller's `dependsOn` is handed down (see
 * {@link childOptions}), so jobs wait for whatever installs the Kruise CRDs.
 */
function registerJob(
  parent: pulumi.ComponentResource,
  opts: pulumi.ComponentResourceOptions | undefined,
  apiVersion: ImagePullJobApiVersion,
  job: PlannedJob,
  manifest: ImagePullJobManifest | pulumi.Output<ImagePullJobManifest>,
  readStatus: boolean,
): k8s.apiextensions.CustomResource {
  const { metadata, spec } = pulumi.Output.isInstance(manifest)
    ? { metadata: manifest.metadata, spec: manifest.spec }
    : manifest;
  return new k8s.apiextensions.CustomResource(
    job.resourceName,
    // `status: undefined`: not sent, but read back (the job's counts once `up` has waited).
    {
      apiVersion,
      kind: "ImagePullJob",
      metadata,
      spec,
      ...(readStatus ? { status: undefined } : {}),
    },
    childOptions(parent, opts),
  );
}
