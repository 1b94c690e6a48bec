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
 * What a warm component of one ImagePullJob per image (BaseImageWarm, SidecarWarm, PoolWarm)
 * registers: its outputs, which each component declares as its own and registers last.
 */
export interface WarmJobs {
  /** Namespace of the jobs. */
  namespace: pulumi.Output<string>;
  /** ImagePullJob name per image. */
  jobNames: pulumi.Output<Record<string, string>>;
  /** The ImagePullJob resources, one per image, in `images` order. */
  jobs: k8s.apiextensions.CustomResource[];
  /** With `waitForCompletion`: per image, the finished job's counts. */
  warmResults: pulumi.Output<Record<string, WarmResult>>;
  /** With the `plan` arg: each image's job's plan. */
  plan: pulumi.Output<WarmPlan | undefined>;
}

/** A warm component of one ImagePullJob per image: what {@link registerWarmJobs} needs of it. */
export interface WarmJobsOf<S extends z.ZodType<WarmCommon>> {
  kind: string;
  name: string;
  args: object;
  opts: pulumi.ComponentResourceOptions | undefined;
  schema: S;
  /** What the component adds to the common args for one job's spec. */
  shape: (parsed: z.output<S>) => JobShape;
}

/**
 * The registration the three warm components share, as children of `parent` (constructed right
 * after {@link checkWarmArgs} gave `checked`): all args validated (before anything is registered
 * when they are known; inside `apply`, before any job's inputs resolve, when they hold Outputs),
 * then one ImagePullJob custom resource per image. Returns the outputs; the component registers
 * them.
 */
export function registerWarmJobs<S extends z.ZodType<WarmCommon>>(
  parent: pulumi.ComponentResource,
  warm: WarmJobsOf<S>,
  checked: ReturnType<typeof checkWarmArgs<S>>,
): WarmJobs {
  const { kind, name, args, opts, schema, shape } = warm;
  const { identity, early } = checked;
  const owner = { kind, name };
  const planned = planJobs(owner, identity);
  const build = (a: z.output<S>, job: PlannedJob) => warmJobManifest(owner, a, shape(a), job);
  // Known args give plain manifests, with no Output per job; args holding Outputs are
  // validated once resolved, and every job's inputs wait on that.
  const parsed = early === undefined ? validateLater(kind, name, schema, args, parent) : undefined;
  // Whether a job may be waited for and its status read back: known args say; with Outputs,
  // perhaps. A warm that nothing waits for adds no Output per job (the benchmark's concern).
  const mayWait = parsed !== undefined || shape(early!).maxFailedNodes !== undefined;
  const jobs = planned.map((job) =>
    registerJob(
      parent,
      opts,
      identity.apiVersion,
      job,
      parsed ? parsed.apply((a) => build(a, job)) : build(early!, job),
      mayWait,
    ),
  );
  return {
    namespace: jobs[0].metadata.apply((m) => m.namespace as string),
    jobNames: pulumi
      .all(jobs.map((r) => r.metadata.apply((m) => m.name as string)))
      .apply((names) => Object.fromEntries(planned.map((j, i) => [j.image, names[i]]))),
    jobs,
    plan: parsed
      ? parsed.apply((a) => jobPlan(a, shape(a)))
      : pulumi.output(jobPlan(early!, shape(early!))),
    // What the waited jobs may leave without the image (undefined: nothing waits).
    warmResults: mayWait
      ? waitedResults(
          kind,
          name,
          planned,
          jobs,
          parsed
            ? parsed.apply((a) => shape(a).maxFailedNodes)
            : pulumi.output(shape(early!).maxFailedNodes),
        )
      : pulumi.output<Record<string, WarmResult>>({}),
  };
}

/** The outputs of a warm component, as it registers them. */
export function warmOutputs(w: WarmJobs): pulumi.Inputs {
  return {
    namespace: w.namespace,
    jobNames: w.jobNames,
    jobs: w.jobs,
    warmResults: w.warmResults,
    plan: w.plan,
  };
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
