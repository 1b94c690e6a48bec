/**
 * Whether a finished one-shot warm succeeded. Kruise counts a node whose pull failed as done: a
 * job reaches `status.completionTime` with `failed` nodes too, and at its deadline with nodes
 * unfinished (pkg/controller/imagepulljob, v1.8.3). So waiting for completion alone would let a
 * warm that reached no node pass; the warm components wait, then hold the job's status against
 * `maxFailedNodes`. Pure.
 */
import { z } from "zod";
import { ArgProblem, brokenRule, ruleIssue } from "../common/errors";
import {
  IntOrPercent,
  intOrPercentShape,
  intOrPercentValue,
  scaledValue,
} from "../common/intOrPercent";

/**
 * The schema of `maxFailedNodes` and `maxFailedNodesPercent`: a count, or a percentage of the
 * job's `status.desired`; read as one value by {@link withMaxFailedNodes}.
 */
export const maxFailedNodesShape = intOrPercentShape(
  "maxFailedNodes",
  "maxFailedNodes is a count or a percentage of the selected nodes, read as Kubernetes reads int-or-percent fields",
);

/**
 * Parsed args `a` with their `maxFailedNodes` pair read as one value (`maxFailedNodes`: a count,
 * `"<n>%"`, or undefined); both given: an issue on `ctx`. Call it in the args schema's transform.
 */
export function withMaxFailedNodes<
  T extends { maxFailedNodes?: number; maxFailedNodesPercent?: number },
>(
  a: T,
  ctx: z.RefinementCtx,
): Omit<T, "maxFailedNodes" | "maxFailedNodesPercent"> & { maxFailedNodes?: IntOrPercent } {
  const { maxFailedNodes: _count, maxFailedNodesPercent: _percent, ...rest } = a;
  const value = intOrPercentValue(
    ctx,
    a,
    "maxFailedNodes",
    "the failed nodes a waited warm allows",
  );
  return { ...rest, ...(value === undefined ? {} : { maxFailedNodes: value }) };
}

/** The fields of an ImagePullJob's status the outcome reads (`status` of apps.kruise.io). */
export interface ImagePullJobStatus {
  desired?: number;
  succeeded?: number;
  failed?: number;
  failedNodes?: string[];
  message?: string;
  completionTime?: string;
}

/** A finished warm's counts, as the components report them (output `warmResults`). */
export interface WarmResult {
  /** The job's `metadata.name`. */
  job: string;
  desired: number;
  succeeded: number;
  failed: number;
  /** Nodes neither succeeded nor failed when the job ended (its deadline passed). */
  unfinished: number;
  /** The nodes whose failure is allowed: `maxFailedNodes` scaled against `desired`, rounded down. */
  allowedFailures: number;
  /** The first failed nodes, as Kruise lists them (`status.failedNodes`), at most 10. */
  failedNodes: string[];
}

/** How many failed or unfinished nodes `max` allows of `desired`: a percentage rounds down. */
export function allowedFailures(max: IntOrPercent, desired: number): number {
  return scaledValue(max, desired, false);
}

/** The counts of a finished job; undefined while it has not finished. */
export function warmResult(
  job: string,
  status: ImagePullJobStatus | undefined,
  max: IntOrPercent,
): WarmResult | undefined {
  if (!status?.completionTime) return undefined;
  const desired = status.desired ?? 0;
  const succeeded = status.succeeded ?? 0;
  const failed = status.failed ?? 0;
  return {
    job,
    desired,
    succeeded,
    failed,
    unfinished: Math.max(0, desired - succeeded - failed),
    allowedFailures: allowedFailures(max, desired),
    failedNodes: (status.failedNodes ?? []).slice(0, 10),
  };
}

/** Who and what the message names. */
export interface WarmSubject {
  kind: string;
  name: string;
  image: string;
  namespace: string;
  /** The job resource's URN, for `pulumi up --replace`. */
  urn: string;
}

/**
 * Why the warm failed, as data (the component, the warm, what, rule, fix), or undefined when no
 * more nodes than allowed are without the image.
 */
export function warmFailure(
  subject: WarmSubject,
  result: WarmResult,
  kruiseMessage?: string,
): ArgProblem | undefined {
  const missing = result.desired - result.succeeded;
  if (missing <= result.allowedFailures) return undefined;
  const counts = [
    `${result.succeeded} succeeded`,
    `${result.failed} failed`,
    ...(result.unfinished > 0 ? [`${result.unfinished} unfinished at the deadline`] : []),
  ].join(", ");
  const first =
    result.failedNodes.length > 0 ? ` First failed nodes: ${result.failedNodes.join(", ")}.` : "";
  const kruise = kruiseMessage ? ` Kruise says: ${JSON.stringify(kruiseMessage)}.` : "";
  return {
    component: subject.kind,
    name: subject.name,
    where: `the warm of ${subject.image} (ImagePullJob ${subject.namespace}/${result.job})`,
    ...brokenRule(
      `left ${missing} of ${result.desired} nodes without the image (${counts}); ` +
        `maxFailedNodes allows ${result.allowedFailures}.${first}${kruise}`,
      "Kruise counts a node whose pull failed, or that had not finished by activeDeadlineSeconds, " +
        "as done, so the job completed",
      "fix what stops those nodes pulling (registry reachable from them, pullSecrets, disk space), " +
        `then run the warm again with \`pulumi up --replace '${subject.urn}'\`, or raise maxFailedNodes`,
    ),
  };
}

/**
 * `maxFailedNodes` (or `maxFailedNodesPercent`, which gives the string form) given without
 * waiting: refused, since nothing would read it.
 */
export function checkMaxFailedNodes(
  ctx: z.RefinementCtx,
  max: IntOrPercent | undefined,
  waitForCompletion: boolean,
): void {
  if (max !== undefined && !waitForCompletion) {
    ctx.addIssue({
      code: "custom",
      path: [typeof max === "string" ? "maxFailedNodesPercent" : "maxFailedNodes"],
      ...ruleIssue(
        "is set without waitForCompletion",
        "the failed nodes are counted only when `pulumi up` waits for the job to finish",
        `set waitForCompletion: true, or drop ${typeof max === "string" ? "maxFailedNodesPercent" : "maxFailedNodes"}`,
      ),
    });
  }
}

/** The fields of an ImageListPullJob's status the outcome reads. */
export interface ImageListPullJobStatus {
  desired?: number;
  completed?: number;
  succeeded?: number;
  completionTime?: string;
  failedImageStatuses?: { imagePullJob?: string; name?: string; message?: string }[];
}

/** A finished list warm's counts (output `warmResult` of ImageListWarm). */
export interface ListWarmResult {
  /** The list job's `metadata.name`. */
  job: string;
  /** Images in the list (`status.desired`). */
  images: number;
  /** Images pulled on every selected node (`status.succeeded`). */
  succeeded: number;
  /** The images some node failed to pull, each with its child ImagePullJob (`status.failedImageStatuses`). */
  failedImages: FailedListImage[];
}

/** An image of a list warm that some node failed to pull (`status.failedImageStatuses[]`). */
export interface FailedListImage {
  /** The image (`name`). */
  image: string;
  /** The child ImagePullJob that pulled it (`imagePullJob`). */
  imagePullJob: string;
}

/** The counts of a finished list job; undefined while it has not finished. */
export function listWarmResult(
  job: string,
  status: ImageListPullJobStatus | undefined,
): ListWarmResult | undefined {
  if (!status?.completionTime) return undefined;
  return {
    job,
    images: status.desired ?? 0,
    succeeded: status.succeeded ?? 0,
    failedImages: (status.failedImageStatuses ?? []).map((f) => ({
      image: f.name ?? "?",
      imagePullJob: f.imagePullJob ?? "?",
    })),
  };
}

/**
 * Why a finished list warm failed, as data, or undefined when every image reached
 * every selected node. Kruise's list status counts images, not nodes (a child job with any failed
 * node is listed in `failedImageStatuses`), so no node tolerance applies here.
 */
export function listWarmFailure(
  subject: Omit<WarmSubject, "image">,
  result: ListWarmResult,
): ArgProblem | undefined {
  if (result.succeeded >= result.images && result.failedImages.length === 0) return undefined;
  const failed = result.failedImages
    .slice(0, 10)
    .map((f) => `${f.image} (ImagePullJob ${f.imagePullJob})`);
  const more =
    result.failedImages.length > 10 ? ` and ${result.failedImages.length - 10} more` : "";
  return {
    component: subject.kind,
    name: subject.name,
    where: `the warm (ImageListPullJob ${subject.namespace}/${result.job})`,
    ...brokenRule(
      `pulled ${result.succeeded} of ${result.images} images on every selected node` +
        (failed.length > 0 ? `; some nodes failed ${failed.join(", ")}${more}` : "") +
        ". `kubectl get imagepulljob <job> -o jsonpath='{.status.failedNodes}'` names the nodes",
      "Kruise completes a list job once every image's job has finished, failed nodes included",
      "fix what stops those nodes pulling (registry reachable from them, pullSecrets, disk space), " +
        `then run the warm again with \`pulumi up --replace '${subject.urn}'\``,
    ),
  };
}
