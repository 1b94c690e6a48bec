/**
 * What makes a warm job a new job. Kruise's ImagePullJob controller (v1.8.3,
 * pkg/controller/imagepulljob/imagepulljob_controller.go) acts on few spec changes:
 * - once `status.completionTime` is set, on none: it only finalizes the job and runs its TTL;
 * - before that, it lists the target nodes (`selector`, `podSelector`) and reads `parallelism` and
 *   `completionPolicy.activeDeadlineSeconds` again on every reconcile;
 * - it writes `pullPolicy`, `imagePullPolicy` and `sandboxConfig` into a node's NodeImage only
 *   when it first hands that node the image;
 * - `pullSecrets` are immutable (its webhook refuses a change).
 * A `completionPolicy: Always` (one-shot) job finishes, after which no edit would ever reach a
 * node; a `Never` job never finishes. So a field Kruise does not act on is part of the job's
 * identity: it is in the hash of the job's object name, a change of it names a new job, and
 * Pulumi creates that job (waiting for it when asked) before it deletes the old one. Every other
 * field is updated in place. Pure.
 */
import { parseNormalizedNamed } from "../common/dockerReference";
import { derivedName } from "../common/naming";
import { sortedValues } from "../common/values";
import {
  CompletionPolicyType,
  ImagePullJobApiVersion,
  ResolvedImagePullJobSpec,
} from "./imagePullJobTypes";

/** How a change of one spec field takes effect. */
export type FieldChange = "new job" | "in place";

/** One row of {@link WARM_JOB_IDENTITY}: a spec field, how a change of it takes effect, and why. */
export interface IdentityRow {
  /** The spec field (`spec.<field>`). */
  field: keyof ResolvedImagePullJobSpec;
  /** With `completionPolicy: Always` (a one-shot warm: SidecarWarm, PoolWarm "Always"). */
  always: FieldChange;
  /** With `completionPolicy: Never` (BaseImageWarm, PoolWarm "Never"). */
  never: FieldChange;
  /** What Kruise's controller does with the field, at the installed version. */
  why: string;
}

/** Field by field, from Kruise's controller source at the pinned version (1.8.3). */
export const WARM_JOB_IDENTITY: readonly IdentityRow[] = [
  {
    field: "image",
    always: "new job",
    never: "new job",
    why: "the job's one image; a new image is a new warm",
  },
  {
    field: "pullSecrets",
    always: "new job",
    never: "new job",
    why: "immutable: Kruise's webhook refuses a change",
  },
  {
    field: "selector",
    always: "new job",
    never: "in place",
    why: "target nodes are listed again on every reconcile, but never after completion",
  },
  {
    field: "podSelector",
    always: "new job",
    never: "in place",
    why: "as `selector`",
  },
  {
    field: "parallelism",
    always: "new job",
    never: "in place",
    why: "read on every reconcile, but never after completion",
  },
  {
    field: "completionPolicy",
    always: "new job",
    never: "new job",
    why: "the deadline counts from `status.startTime` and is not read after completion; a new type is a new kind of warm",
  },
  {
    field: "pullPolicy",
    always: "new job",
    never: "new job",
    why: "written into a node's NodeImage only when the node first gets the image",
  },
  {
    field: "imagePullPolicy",
    always: "new job",
    never: "new job",
    why: "as `pullPolicy`",
  },
  {
    field: "sandboxConfig",
    always: "new job",
    never: "new job",
    why: "as `pullPolicy`",
  },
];

/** The part of `spec` that is the job's identity under its completion policy. */
export function identityOf(spec: ResolvedImagePullJobSpec): Partial<ResolvedImagePullJobSpec> {
  const never = spec.completionPolicy.type === CompletionPolicyType.Never;
  const out: Record<string, unknown> = {};
  for (const row of WARM_JOB_IDENTITY) {
    if ((never ? row.never : row.always) === "new job" && spec[row.field] !== undefined) {
      out[row.field] = spec[row.field];
    }
  }
  return out as Partial<ResolvedImagePullJobSpec>;
}

/**
 * The readable part of a job name: the image's last path segment and its tag (or "digest"),
 * e.g. `nginx-1.27` for `docker.io/library/nginx:1.27`.
 */
export function imageStem(image: string): string {
  const parsed = parseNormalizedNamed(image);
  if (!parsed.ok) return "image";
  const last = parsed.ref.path.split("/").pop() ?? "image";
  return `${last}-${parsed.ref.tag ?? "digest"}`;
}

/** Who owns a warm job: the component's kind (e.g. `SidecarWarm`) and exact name. */
export interface WarmOwner {
  kind: string;
  name: string;
}

/**
 * The Pulumi name of the job of `image` (its URN's last part), from plain values only:
 * `<component>-<image stem>-<hash>`, the hash over the owner's kind and exact name (so
 * BaseImageWarm "web" and SidecarWarm "web", or pools `gpu` and `GPU`, never share one), the API
 * version, the image and the pull secrets. Stable across edits of every other field, which
 * replace the object under it.
 */
export function warmJobResourceName(
  owner: WarmOwner,
  image: string,
  pullSecrets: readonly string[] = [],
  apiVersion: ImagePullJobApiVersion,
): string {
  return derivedName(`${owner.name}-${imageStem(image)}`, [
    owner.kind,
    owner.name,
    apiVersion,
    image,
    ...pullSecrets,
  ]);
}

/**
 * The object name (`metadata.name`) of a job: `<component>-<image stem>-<hash>`, a DNS-1123 label
 * of at most 63 characters, the hash over the owner, the API version and the spec's identity
 * ({@link identityOf}). Deterministic; a change of an identity field gives a new name.
 */
export function warmJobObjectName(
  owner: WarmOwner,
  apiVersion: ImagePullJobApiVersion,
  spec: ResolvedImagePullJobSpec,
): string {
  return derivedName(`${owner.name}-${imageStem(spec.image)}`, [
    owner.kind,
    owner.name,
    apiVersion,
    // Keys sorted at every level: equal values, equal text.
    JSON.stringify(sortedValues(identityOf(spec))),
  ]);
}
