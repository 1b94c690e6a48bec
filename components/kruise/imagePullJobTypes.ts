/**
 * The Kruise ImagePullJob spec (apps.kruise.io v1alpha1 / v1beta1, identical schemas in Kruise
 * 1.9): constants and the typed shape users write. Upstream:
 * https://github.com/openkruise/kruise/blob/v1.9.0/apis/apps/v1beta1/imagepulljob_types.go
 */
import { LabelSelector } from "../common/labelSelector";

/** The API versions an ImagePullJob can be written in. */
export const ImagePullJobApiVersion = {
  /** Served by Kruise 1.8 and 1.9: the default. */
  V1alpha1: "apps.kruise.io/v1alpha1",
  /** Served (and stored) by Kruise 1.9 only. */
  V1beta1: "apps.kruise.io/v1beta1",
} as const;
/** One of {@link ImagePullJobApiVersion}. */
export type ImagePullJobApiVersion =
  (typeof ImagePullJobApiVersion)[keyof typeof ImagePullJobApiVersion];

/** The default API version: the one both Kruise 1.8 and 1.9 serve. */
export const DEFAULT_IMAGE_PULL_JOB_API_VERSION: ImagePullJobApiVersion =
  ImagePullJobApiVersion.V1alpha1;

/** `spec.completionPolicy.type`. */
export const CompletionPolicyType = {
  /** The job finishes once every selected node has pulled (or failed). */
  Always: "Always",
  /** The job never finishes: it keeps warming new matching nodes and re-pulls about daily. */
  Never: "Never",
} as const;
/** One of {@link CompletionPolicyType}. */
export type CompletionPolicyType = (typeof CompletionPolicyType)[keyof typeof CompletionPolicyType];

/** `spec.imagePullPolicy`. */
export const ImagePullPolicy = {
  /** Pull even when the node has the image. */
  Always: "Always",
  /** Pull only when the node lacks the image (Kruise's default). */
  IfNotPresent: "IfNotPresent",
} as const;
/** One of {@link ImagePullPolicy}. */
export type ImagePullPolicy = (typeof ImagePullPolicy)[keyof typeof ImagePullPolicy];

/** Kruise's defaults (apis/apps/defaults), which this package always writes out explicitly. */
export const IMAGE_PULL_JOB_DEFAULTS = {
  completionPolicyType: CompletionPolicyType.Always,
  timeoutSeconds: 600,
  backoffLimit: 3,
  imagePullPolicy: ImagePullPolicy.IfNotPresent,
  parallelism: 1,
} as const;

/** `spec.pullPolicy`: how each node pulls. */
export interface PullPolicy {
  /** Seconds one pull attempt may take. Maps to `spec.pullPolicy.timeoutSeconds`. @default 600 */
  timeoutSeconds?: number;
  /** Retries of a failed pull on one node. Maps to `spec.pullPolicy.backoffLimit`. @default 3 */
  backoffLimit?: number;
}

/** `spec.completionPolicy`. */
export interface CompletionPolicy {
  /** `Always` (one-shot) or `Never` (long-running). Maps to `spec.completionPolicy.type`. @default "Always" */
  type?: CompletionPolicyType;
  /**
   * Seconds after the start at which an `Always` job ends, unfinished nodes counted as failed.
   * Must be ≥ `pullPolicy.timeoutSeconds`; not allowed with `Never`.
   * Maps to `spec.completionPolicy.activeDeadlineSeconds`. @default none
   */
  activeDeadlineSeconds?: number;
  /**
   * Seconds after completion at which Kruise's controller deletes the job object itself. `Always`
   * only. Maps to `spec.completionPolicy.ttlSecondsAfterFinished`. @default none
   */
  ttlSecondsAfterFinished?: number;
}

/** `spec.selector`: which nodes, by name or by labels (not both). */
export interface ImagePullJobNodeSelector extends LabelSelector {
  /** Node names. Not combinable with the label fields. Maps to `spec.selector.names`. @default none */
  names?: string[];
}

/** `spec.sandboxConfig`: passed to the CRI's PullImage. */
export interface SandboxConfig {
  /** Maps to `spec.sandboxConfig.labels`. @default none */
  labels?: Record<string, string>;
  /** Maps to `spec.sandboxConfig.annotations`. @default none */
  annotations?: Record<string, string>;
}

/** The full ImagePullJob spec, as users write it. */
export interface ImagePullJobSpec {
  /** The image to pull, a docker reference. Maps to `spec.image`. */
  image: string;
  /** Secret names (same namespace) for the registry; immutable in Kruise. Maps to `spec.pullSecrets`. @default none */
  pullSecrets?: string[];
  /** Nodes by name or labels; none means every node. Maps to `spec.selector`. @default none */
  selector?: ImagePullJobNodeSelector;
  /** The nodes where matching pods (same namespace) run. Not with `selector`. Maps to `spec.podSelector`. @default none */
  podSelector?: LabelSelector;
  /** Nodes pulling at once; 0 pauses the job. A whole number, or its decimal string (as YAML or stack config give it). Maps to `spec.parallelism`. @default 1 */
  parallelism?: number | string;
  /** Maps to `spec.pullPolicy`. @default `{ timeoutSeconds: 600, backoffLimit: 3 }` */
  pullPolicy?: PullPolicy;
  /** Maps to `spec.completionPolicy`. @default `{ type: "Always" }` */
  completionPolicy?: CompletionPolicy;
  /** Maps to `spec.sandboxConfig`. @default none */
  sandboxConfig?: SandboxConfig;
  /** Maps to `spec.imagePullPolicy`. @default "IfNotPresent" */
  imagePullPolicy?: ImagePullPolicy;
}

/** The spec with every Kruise default filled in: what the builder writes. */
export interface ResolvedImagePullJobSpec {
  image: string;
  pullSecrets?: string[];
  selector?: ImagePullJobNodeSelector;
  podSelector?: LabelSelector;
  parallelism: number;
  pullPolicy: Required<PullPolicy>;
  completionPolicy: CompletionPolicy & { type: CompletionPolicyType };
  sandboxConfig?: SandboxConfig;
  imagePullPolicy: ImagePullPolicy;
}

/** An ImagePullJob object as sent to the API server. */
export interface ImagePullJobManifest {
  apiVersion: ImagePullJobApiVersion;
  kind: "ImagePullJob";
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: ResolvedImagePullJobSpec;
}
