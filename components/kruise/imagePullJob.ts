/**
 * The one ImagePullJob builder: a validated spec in, a complete manifest out, with every Kruise
 * default written explicitly (the cluster may have no working mutating webhook). Used by
 * BaseImageWarm, SidecarWarm, PoolWarm and the pipeline's warm task. Pure.
 */
import { z } from "zod";
import { parseArgs } from "../common/errors";
import {
  checkCompletion,
  checkImage,
  checkNodeSelector,
  checkSelectorExclusive,
  deadlineSecondsSchema,
  imagePullPolicySchema,
  nodeSelectorSchema,
  parallelismSchema,
  podSelectorSchema,
  pullPolicySchema,
  pullSecretsSchema,
  sandboxConfigSchema,
  ttlSecondsSchema,
} from "./imagePullJobRules";
import {
  CompletionPolicyType,
  IMAGE_PULL_JOB_DEFAULTS,
  ImagePullJobApiVersion,
  ImagePullJobManifest,
  ImagePullJobSpec,
  ResolvedImagePullJobSpec,
} from "./imagePullJobTypes";

/** The whole spec, every webhook rule applied, defaults filled in. */
export const imagePullJobSpecSchema = z
  .strictObject({
    image: z.string(),
    pullSecrets: pullSecretsSchema.optional(),
    selector: nodeSelectorSchema.optional(),
    podSelector: podSelectorSchema.optional(),
    parallelism: parallelismSchema.optional(),
    pullPolicy: pullPolicySchema,
    completionPolicy: z
      .strictObject({
        type: z.string().optional(),
        activeDeadlineSeconds: deadlineSecondsSchema.optional(),
        ttlSecondsAfterFinished: ttlSecondsSchema.optional(),
      })
      .optional(),
    sandboxConfig: sandboxConfigSchema.optional(),
    imagePullPolicy: imagePullPolicySchema.optional(),
  })
  .superRefine((s, ctx) => {
    checkNodeSelector(ctx, s.selector, ["selector"]);
    checkSelectorExclusive(ctx, s.selector !== undefined, s.podSelector !== undefined, [
      "podSelector",
    ]);
    checkImage(ctx, s.image, ["image"], false);
    checkCompletion(
      ctx,
      {
        type: s.completionPolicy?.type ?? IMAGE_PULL_JOB_DEFAULTS.completionPolicyType,
        activeDeadlineSeconds: s.completionPolicy?.activeDeadlineSeconds,
        ttlSecondsAfterFinished: s.completionPolicy?.ttlSecondsAfterFinished,
        timeoutSeconds: s.pullPolicy.timeoutSeconds,
      },
      {
        type: ["completionPolicy", "type"],
        activeDeadlineSeconds: ["completionPolicy", "activeDeadlineSeconds"],
        ttlSecondsAfterFinished: ["completionPolicy", "ttlSecondsAfterFinished"],
        timeoutSeconds: "pullPolicy.timeoutSeconds",
      },
    );
  })
  .transform((s): ResolvedImagePullJobSpec =>
    withoutUndefined({
      image: s.image,
      pullSecrets: s.pullSecrets,
      selector: s.selector,
      podSelector: s.podSelector,
      parallelism: s.parallelism ?? IMAGE_PULL_JOB_DEFAULTS.parallelism,
      pullPolicy: s.pullPolicy,
      completionPolicy: withoutUndefined({
        type: (s.completionPolicy?.type ??
          IMAGE_PULL_JOB_DEFAULTS.completionPolicyType) as CompletionPolicyType,
        activeDeadlineSeconds: s.completionPolicy?.activeDeadlineSeconds,
        ttlSecondsAfterFinished: s.completionPolicy?.ttlSecondsAfterFinished,
      }),
      sandboxConfig: s.sandboxConfig,
      imagePullPolicy: s.imagePullPolicy ?? IMAGE_PULL_JOB_DEFAULTS.imagePullPolicy,
    }),
  );

/** Drops keys whose value is undefined, so manifests carry only what is set. */
export function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Validates a user-written spec against every webhook rule and fills in Kruise's defaults.
 * Throws an Error naming `component`, `name` and each bad path.
 */
export function resolveImagePullJobSpec(
  component: string,
  name: string,
  spec: ImagePullJobSpec,
): ResolvedImagePullJobSpec {
  return parseArgs(component, name, imagePullJobSpecSchema, spec);
}

/** What the builder needs besides the spec. */
export interface ImagePullJobMeta {
  /** Maps to `apiVersion`: `apps.kruise.io/v1alpha1` (Kruise 1.8 and 1.9) or `apps.kruise.io/v1beta1` (1.9). */
  apiVersion: ImagePullJobApiVersion;
  /** Maps to `metadata.name` (a warm's: warmIdentity.ts). */
  name: string;
  /** Maps to `metadata.namespace`; `pullSecrets` and `podSelector` are read in it. */
  namespace: string;
  /** Maps to `metadata.labels`. @default none */
  labels?: Record<string, string>;
  /** Maps to `metadata.annotations` (e.g. `pulumi.com/waitFor`). @default none */
  annotations?: Record<string, string>;
}

/** The `metadata` of a Kruise pull job (ImagePullJob or ImageListPullJob): only what is set. */
export function jobMetadata(meta: ImagePullJobMeta): ImagePullJobManifest["metadata"] {
  return withoutUndefined({
    name: meta.name,
    namespace: meta.namespace,
    labels: meta.labels,
    annotations: meta.annotations,
  });
}

/** The ImagePullJob manifest for a resolved spec. */
export function buildImagePullJob(
  meta: ImagePullJobMeta,
  spec: ResolvedImagePullJobSpec,
): ImagePullJobManifest {
  return { apiVersion: meta.apiVersion, kind: "ImagePullJob", metadata: jobMetadata(meta), spec };
}
