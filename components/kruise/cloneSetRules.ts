/**
 * The rules of Kruise's CloneSet validating webhook (v1.9.0,
 * `pkg/webhook/cloneset/validating/validation.go`) for what this package lets users set, with the
 * upstream messages quoted, plus the pre-download rules of the CloneSet controller. Pure.
 */
import { INT32_MAX } from "../common/intBounds";
import type { PinRule } from "../common/pinnedImage";
import { z } from "zod";
import { ruleIssue } from "../common/errors";
import {
  IntOrPercent,
  intOrPercentShape,
  intOrPercentValue,
  scaledValue,
} from "../common/intOrPercent";
import { DNS1123_LABEL } from "../common/k8sNames";

const WEBHOOK = "Kruise's CloneSet webhook (validateUpdateStrategy)";

/** `spec.updateStrategy.type` values Kruise 1.9 accepts. */
export const CloneSetUpdateType = {
  /** Recreate Pods on every change. */
  ReCreate: "ReCreate",
  /** Update in place when only images (or metadata env) change, recreate otherwise. */
  InPlaceIfPossible: "InPlaceIfPossible",
  /** Only ever update in place; template changes beyond images are rejected. */
  InPlaceOnly: "InPlaceOnly",
} as const;
export type CloneSetUpdateType = (typeof CloneSetUpdateType)[keyof typeof CloneSetUpdateType];

/** Kruise's defaults, written explicitly into every CloneSet. */
export const CLONESET_DEFAULTS = {
  replicas: 1,
  revisionHistoryLimit: 10,
  type: CloneSetUpdateType.InPlaceIfPossible,
  partition: 0,
  maxUnavailable: "20%",
  maxSurge: 0,
  paused: false,
  preDownloadParallelism: 1,
  preDownloadTimeoutSeconds: 300,
  preDownloadMinUpdatedReadyPods: 0,
} as const;

/** The CloneSet annotations that steer image pre-download for in-place updates. */
export const PRE_DOWNLOAD_ANNOTATIONS = {
  parallelism: "apps.kruise.io/image-predownload-parallelism",
  timeoutSeconds: "apps.kruise.io/image-predownload-timeout-seconds",
  minUpdatedReadyPods: "apps.kruise.io/image-predownload-min-updated-ready-pods",
} as const;

/** Kruise skips pre-download for CloneSets of this many replicas or fewer. */
export const PRE_DOWNLOAD_MIN_REPLICAS = 3;

export const updateTypeSchema = z.string().superRefine((t, ctx) => {
  if (!(Object.values(CloneSetUpdateType) as string[]).includes(t)) {
    ctx.addIssue({
      code: "custom",
      ...ruleIssue(
        `(${JSON.stringify(t)}) is not an update type`,
        `${WEBHOOK}: "must be 'ReCreate', InPlaceIfPossible or 'InPlaceOnly'"${t === "OnDelete" ? " (OnDelete is rejected since 1.9)" : ""}`,
        'use "InPlaceIfPossible" for in-place rollouts, or "ReCreate"',
      ),
      // The strategy is then not read as one (its transform does not run): the rollout rules,
      // which read it, must not run on it.
      continue: false,
    });
  }
});

/**
 * A whole int32 ≥ `min`. Its issues abort: the strategy and pre-download objects are read as one
 * value by their transforms, which then do not run, so the rules reading them must not either.
 */
const int32 = (field: string, min: number) =>
  z
    .number()
    .refine((n) => Number.isInteger(n), {
      ...ruleIssue("is not a whole number", `${field} is an integer`, "pass one"),
      abort: true,
    })
    .refine((n) => n >= min, {
      ...ruleIssue(`must be ≥ ${min}`, `${field} must be at least ${min}`, `pass a value ≥ ${min}`),
      abort: true,
    })
    .refine((n) => n <= INT32_MAX, {
      ...ruleIssue("is too large", `${field} is an int32`, "pass a value < 2^31"),
      abort: true,
    });

/** The schema of the update strategy args: each int-or-percent pair read as one value. */
export const updateStrategySchema = z
  .strictObject({
    type: updateTypeSchema.default(CLONESET_DEFAULTS.type),
    ...intOrPercentShape("partition", `${WEBHOOK}: partition is an int or a percentage ≥ 0`),
    ...intOrPercentShape("maxUnavailable", `${WEBHOOK}: maxUnavailable is an int or a percentage`),
    ...intOrPercentShape("maxSurge", `${WEBHOOK}: maxSurge is an int or a percentage`),
    paused: z.boolean().default(CLONESET_DEFAULTS.paused),
    gracePeriodSeconds: int32("inPlaceUpdateStrategy.gracePeriodSeconds", 0).optional(),
  })
  .transform((s, ctx) => {
    const value = (field: "partition" | "maxUnavailable" | "maxSurge") =>
      intOrPercentValue(ctx, s, field, `spec.updateStrategy.${field}`) ?? CLONESET_DEFAULTS[field];
    return {
      type: s.type,
      partition: value("partition"),
      maxUnavailable: value("maxUnavailable"),
      maxSurge: value("maxSurge"),
      paused: s.paused,
      ...(s.gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds: s.gracePeriodSeconds }),
    };
  })
  .default({
    type: CLONESET_DEFAULTS.type,
    partition: CLONESET_DEFAULTS.partition,
    maxUnavailable: CLONESET_DEFAULTS.maxUnavailable,
    maxSurge: CLONESET_DEFAULTS.maxSurge,
    paused: CLONESET_DEFAULTS.paused,
  });

/** The schema of the pre-download args: `minUpdatedReadyPods` read as one value. */
export const preDownloadSchema = z
  .strictObject({
    parallelism: int32("image-predownload-parallelism", 1).default(
      CLONESET_DEFAULTS.preDownloadParallelism,
    ),
    timeoutSeconds: int32("image-predownload-timeout-seconds", 1).default(
      CLONESET_DEFAULTS.preDownloadTimeoutSeconds,
    ),
    ...intOrPercentShape(
      "minUpdatedReadyPods",
      "the CloneSet controller reads image-predownload-min-updated-ready-pods as an int or a percentage",
    ),
  })
  .transform((p, ctx) => ({
    parallelism: p.parallelism,
    timeoutSeconds: p.timeoutSeconds,
    minUpdatedReadyPods:
      intOrPercentValue(
        ctx,
        p,
        "minUpdatedReadyPods",
        "the annotation apps.kruise.io/image-predownload-min-updated-ready-pods",
      ) ?? CLONESET_DEFAULTS.preDownloadMinUpdatedReadyPods,
  }));

type Ctx = z.RefinementCtx;

/**
 * The cross-field rules of `validateUpdateStrategy` (maxSurge with InPlaceOnly, both limits < 1)
 * and the cases where the controller silently skips pre-download (ReCreate, replicas ≤ 3, one
 * batch), which would make `preDownload` do nothing.
 */
export function checkRollout(
  ctx: Ctx,
  replicas: number,
  s: z.output<typeof updateStrategySchema>,
  preDownload: z.output<typeof preDownloadSchema> | undefined,
): void {
  const surge = scaledValue(s.maxSurge, replicas, true);
  const unavailable = scaledValue(s.maxUnavailable, replicas, true);
  if (s.type === CloneSetUpdateType.InPlaceOnly && surge > 0) {
    ctx.addIssue({
      code: "custom",
      path: ["updateStrategy", "maxSurge"],
      ...ruleIssue(
        `(${JSON.stringify(s.maxSurge)}) is set with type InPlaceOnly`,
        `${WEBHOOK}: "can not use maxSurge with strategy type InPlaceOnly"`,
        "drop maxSurge, or use InPlaceIfPossible",
      ),
    });
  }
  if (replicas > 0 && unavailable < 1 && surge < 1) {
    ctx.addIssue({
      code: "custom",
      path: ["updateStrategy", "maxUnavailable"],
      ...ruleIssue(
        `(${JSON.stringify(s.maxUnavailable)}) and maxSurge (${JSON.stringify(s.maxSurge)}) are both below 1 Pod of ${replicas}`,
        `${WEBHOOK}: "maxUnavailable and maxSurge should not both be less than 1"`,
        "let at least one Pod be unavailable or surge, e.g. maxUnavailable: 1",
      ),
    });
  }
  if (preDownload === undefined) return;
  const skip = preDownloadSkip(replicas, s);
  if (skip) {
    ctx.addIssue({
      code: "custom",
      path: ["preDownload"],
      ...ruleIssue(
        `would never run: ${skip}`,
        "Kruise's CloneSet controller (createImagePullJobsForInPlaceUpdate) skips image pre-download in that case without a word",
        "drop preDownload, or roll out in place in several batches (partition > 0 or maxUnavailable < replicas) with more than 3 replicas",
      ),
    });
  }
}

/** Why Kruise would skip pre-download for this rollout, or undefined when it would run. */
export function preDownloadSkip(
  replicas: number,
  s: { type: string; partition: IntOrPercent; maxUnavailable: IntOrPercent },
): string | undefined {
  if (s.type === CloneSetUpdateType.ReCreate) return "the update type is ReCreate";
  if (replicas <= PRE_DOWNLOAD_MIN_REPLICAS)
    return `replicas (${replicas}) is ${PRE_DOWNLOAD_MIN_REPLICAS} or fewer`;
  const partition = Math.min(Math.max(scaledValue(s.partition, replicas, true), 0), replicas);
  const unavailable = scaledValue(s.maxUnavailable, replicas, false);
  if (partition === 0 && unavailable >= replicas) return "every Pod is updated in one batch";
  return undefined;
}

/** Container names: DNS-1123 labels, unique across containers and init containers. */
export function checkContainerNames(
  ctx: Ctx,
  names: readonly unknown[],
  path: (string | number)[],
): void {
  const seen = new Set<string>();
  names.forEach((n, i) => {
    const name = typeof n === "string" ? n : "";
    if (name.length > 63 || !DNS1123_LABEL.test(name)) {
      ctx.addIssue({
        code: "custom",
        path: [...path, i, "name"],
        ...ruleIssue(
          `(${JSON.stringify(n)}) is not a container name`,
          "ValidatePodTemplateSpec: container names are lowercase RFC 1123 labels",
          'name it e.g. "web"',
        ),
      });
    } else if (seen.has(name)) {
      ctx.addIssue({
        code: "custom",
        path: [...path, i, "name"],
        ...ruleIssue(
          `(${JSON.stringify(name)}) repeats another container's name`,
          "ValidatePodTemplateSpec: container names must be unique in a Pod",
          "give each container its own name",
        ),
      });
    }
    seen.add(name);
  });
}

/** The pin rule of a CloneSet's containers: an in-place rollout keys on the image string. */
export const CLONESET_IMAGE_RULE: PinRule = {
  required:
    "ValidatePodTemplateSpec (run by Kruise's CloneSet webhook): containers[].image is required",
  moving:
    "an in-place rollout happens when the image string changes, so a moving tag never rolls out (and pre-download warms the wrong image)",
};
