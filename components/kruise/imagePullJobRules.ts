/**
 * Client-side mirror of every rule of Kruise 1.9's ImagePullJob validating webhook
 * (pkg/webhook/imagepulljob/validating), as zod schemas and checks. The published Kruise charts
 * may register webhook paths the 1.9 manager no longer serves, so these are the only guard users
 * can count on. Each message quotes the webhook's own words. Pure.
 */
import { INT32_MAX, int32Schema } from "../common/intBounds";
import { z } from "zod";
import { parseNormalizedNamed } from "../common/dockerReference";
import { pinProblem } from "../common/pinnedImage";
import { BrokenRule, brokenRule, ruleIssue } from "../common/errors";
import { isDns1123Subdomain } from "../common/k8sNames";
import { labelSelectorShape, labelSelectorSchema } from "../common/labelSelector";
import {
  CompletionPolicyType,
  IMAGE_PULL_JOB_DEFAULTS,
  ImagePullJobApiVersion,
  ImagePullPolicy,
} from "./imagePullJobTypes";

const WEBHOOK = "Kruise's ImagePullJob webhook";

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

function issue(ctx: Ctx, path: Path, broken: BrokenRule): void {
  ctx.addIssue({ code: "custom", path, ...ruleIssue(broken) });
}

/** Rules 7–8: a non-empty image that parses as a normalized docker reference. */
export function checkImage(ctx: Ctx, image: string, path: Path, requirePinned: boolean): void {
  if (image.length === 0) {
    issue(
      ctx,
      path,
      brokenRule(
        "is empty",
        `${WEBHOOK}: "image can not be empty"`,
        'name an image, e.g. "docker.io/library/nginx:1.27"',
      ),
    );
    return;
  }
  const parsed = parseNormalizedNamed(image);
  if (!parsed.ok) {
    issue(
      ctx,
      path,
      brokenRule(
        `(${JSON.stringify(image)}) is not a valid image reference: ${parsed.error}`,
        `${WEBHOOK} parses spec.image with reference.ParseNormalizedNamed ("invalid image ${image}: ${parsed.error}")`,
        'write [registry[:port]/]repository[:tag][@sha256:digest] with a lowercase repository, e.g. "ghcr.io/acme/app:1.4.2"',
      ),
    );
    return;
  }
  // What the policy pack's pinned-images refuses, refused here first (common/pinnedImage.ts).
  const pin = requirePinned ? pinProblem(image) : undefined;
  if (pin?.kind === "unpinned") {
    issue(
      ctx,
      path,
      brokenRule(
        `(${JSON.stringify(image)}) has no tag or digest`,
        "Kruise would pull ':latest' implicitly, and a job named after the image would never notice the tag moving",
        `name the version, e.g. "${image}:1.27", or a digest "${image}@sha256:…"`,
      ),
    );
  } else if (pin?.kind === "latest") {
    const repo = image.slice(0, image.lastIndexOf(":"));
    issue(
      ctx,
      path,
      brokenRule(
        `(${JSON.stringify(image)}) is tagged ':latest'`,
        "a job named after the image would never notice the tag moving, so nodes keep whatever ':latest' was when the warm ran (the policy pack's pinned-images refuses it too)",
        `name the version, e.g. "${repo}:1.27", or a digest "${repo}@sha256:…"`,
      ),
    );
  }
}

/** A list of images: each valid, none twice. */
export function imagesSchema(requirePinned: boolean) {
  return z.array(z.string()).superRefine((images, ctx) => {
    if (images.length === 0) {
      issue(
        ctx,
        [],
        brokenRule("is empty", `${WEBHOOK}: "image can not be empty"`, "list at least one image"),
      );
    }
    const seen = new Map<string, number>();
    images.forEach((image, i) => {
      checkImage(ctx, image, [i], requirePinned);
      const first = seen.get(image);
      if (first !== undefined) {
        issue(
          ctx,
          [i],
          brokenRule(
            `(${JSON.stringify(image)}) repeats images[${first}]`,
            "one ImagePullJob is made per image, named after it, so a repeat would collide",
            "list each image once",
          ),
        );
      } else {
        seen.set(image, i);
      }
    });
  });
}

/** Go's `strconv.ParseInt(s, 10, 32)` syntax: an optional sign, then decimal digits only. */
const GO_DECIMAL = /^[+-]?[0-9]+$/;

/**
 * Rules 9–11: `parallelism` is a whole number ≥ 0 (no percentages). Like the webhook, it takes
 * the string form of an int-or-string too (as YAML or stack config may give it), when Go's
 * `strconv.ParseInt(s, 10, 32)` reads it: no spaces, hex or exponents. The manifest gets the
 * number.
 */
export const parallelismSchema = z
  .unknown()
  .superRefine((value, ctx) => {
    const n = typeof value === "string" && GO_DECIMAL.test(value) ? Number(value) : value;
    if (typeof value === "string" && value.endsWith("%")) {
      issue(
        ctx,
        [],
        brokenRule(
          `(${JSON.stringify(value)}) is a percentage`,
          `${WEBHOOK}: "parallelism does not support percentage value"`,
          "give a number of nodes, e.g. 10",
        ),
      );
    } else if (typeof n !== "number" || !Number.isInteger(n)) {
      issue(
        ctx,
        [],
        brokenRule(
          `(${JSON.stringify(value)}) is not a whole number`,
          `${WEBHOOK}: "parallelism must be a valid integer"` +
            (typeof value === "string" ? " (read with Go's strconv.ParseInt, base 10)" : ""),
          "give a number of nodes, e.g. 10",
        ),
      );
    } else if (n < 0) {
      issue(
        ctx,
        [],
        brokenRule(
          `(${JSON.stringify(value)}) is negative`,
          `${WEBHOOK}: "parallelism must be non-negative"`,
          "use 0 to pause the job, or a positive number of nodes",
        ),
      );
    } else if (n > INT32_MAX) {
      issue(
        ctx,
        [],
        brokenRule(
          `(${JSON.stringify(value)}) is too large`,
          "spec.parallelism is an int32 (intstr.IntOrString)",
          `use at most ${INT32_MAX}`,
        ),
      );
    }
  })
  .transform((value) =>
    typeof value === "string" ? Number(value) : value,
  ) as unknown as z.ZodType<number, number | string>;

/** `pullPolicy`, with Kruise's defaults (600 s, 3 retries) written in. */
export const pullPolicySchema = z
  .strictObject({
    timeoutSeconds: int32Schema(
      "spec.pullPolicy.timeoutSeconds",
      1,
      "a pull needs at least a second (Kruise accepts 0 or less, which fails every pull at once)",
    ).optional(),
    backoffLimit: int32Schema(
      "spec.pullPolicy.backoffLimit",
      0,
      "a retry count cannot be negative (Kruise does not check; the daemon would misbehave)",
    ).optional(),
  })
  .optional()
  .transform((p) => ({
    timeoutSeconds: p?.timeoutSeconds ?? IMAGE_PULL_JOB_DEFAULTS.timeoutSeconds,
    backoffLimit: p?.backoffLimit ?? IMAGE_PULL_JOB_DEFAULTS.backoffLimit,
  }));

/** `imagePullPolicy`: `Always` or `IfNotPresent`. */
export const imagePullPolicySchema = z.enum(ImagePullPolicy);

/** `apiVersion` of the emitted job. */
export const apiVersionSchema = z.enum(ImagePullJobApiVersion);

/** `pullSecrets`: Secret names in the job's namespace. */
export const pullSecretsSchema = z.array(z.string()).superRefine((names, ctx) => {
  names.forEach((n, i) => {
    if (!isDns1123Subdomain(n)) {
      issue(
        ctx,
        [i],
        brokenRule(
          `(${JSON.stringify(n)}) is not a Secret name`,
          "spec.pullSecrets lists names of Secrets in the job's namespace (lowercase RFC 1123 subdomains); Kruise only logs a warning for a missing one and the pull fails on every node",
          'give the name of a kubernetes.io/dockerconfigjson Secret, e.g. "registry-creds"',
        ),
      );
    }
  });
});

/** `sandboxConfig`: free-form maps handed to the CRI. */
export const sandboxConfigSchema = z.strictObject({
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});

/** `selector`, shape only; see {@link checkNodeSelector} for rules 2–4. */
export const nodeSelectorSchema = z.strictObject({
  ...labelSelectorShape,
  names: z.array(z.string()).optional(),
});

/** `podSelector`, shape and rule 6. */
export const podSelectorSchema = labelSelectorSchema;

/** Rules 2 and 4 (rule 3, label validity, lives in the label selector schema). */
export function checkNodeSelector(
  ctx: Ctx,
  selector: { names?: string[]; matchLabels?: object; matchExpressions?: object } | undefined,
  path: Path,
): void {
  if (!selector) return;
  if (
    selector.names !== undefined &&
    (selector.matchLabels !== undefined || selector.matchExpressions !== undefined)
  ) {
    issue(
      ctx,
      [...path, "names"],
      brokenRule(
        "is set together with matchLabels/matchExpressions",
        `${WEBHOOK}: "can not set both names and labelSelector in this spec.selector"`,
        "select nodes either by names or by labels",
      ),
    );
  }
  const seen = new Set<string>();
  (selector.names ?? []).forEach((n, i) => {
    if (seen.has(n)) {
      issue(
        ctx,
        [...path, "names", i],
        brokenRule(
          `(${JSON.stringify(n)}) is listed twice`,
          `${WEBHOOK}: "duplicated name in selector names"`,
          "list each node once",
        ),
      );
    }
    seen.add(n);
  });
}

/** Rule 5: `podSelector` and `selector` exclude each other (even an empty `selector`). */
export function checkSelectorExclusive(
  ctx: Ctx,
  hasSelector: boolean,
  hasPodSelector: boolean,
  podSelectorPath: Path,
): void {
  if (hasSelector && hasPodSelector) {
    issue(
      ctx,
      podSelectorPath,
      brokenRule(
        "is set together with a node selector",
        `${WEBHOOK}: "can not set both selector and podSelector"`,
        "warm either the nodes of matching pods, or nodes by name/labels",
      ),
    );
  }
}

/** Rules 12–14 on a completion policy, with the paths the caller's args use. */
export function checkCompletion(
  ctx: Ctx,
  c: {
    type: string;
    activeDeadlineSeconds?: number;
    ttlSecondsAfterFinished?: number;
    timeoutSeconds: number;
  },
  paths: {
    type: Path;
    activeDeadlineSeconds: Path;
    ttlSecondsAfterFinished: Path;
    timeoutSeconds: string;
  },
): void {
  if (c.type === CompletionPolicyType.Always) {
    if (c.activeDeadlineSeconds !== undefined && c.activeDeadlineSeconds < c.timeoutSeconds) {
      issue(
        ctx,
        paths.activeDeadlineSeconds,
        brokenRule(
          `(${c.activeDeadlineSeconds}) must be ≥ ${paths.timeoutSeconds} (${c.timeoutSeconds})`,
          `${WEBHOOK}: "completionPolicy.activeDeadlineSeconds must be greater than pullPolicy.timeoutSeconds(default 600)"`,
          "raise activeDeadlineSeconds or lower timeoutSeconds",
        ),
      );
    }
  } else if (c.type === CompletionPolicyType.Never) {
    for (const field of ["activeDeadlineSeconds", "ttlSecondsAfterFinished"] as const) {
      if (c[field] !== undefined) {
        issue(
          ctx,
          paths[field],
          brokenRule(
            "is set on a job with completion policy 'Never'",
            `${WEBHOOK}: "activeDeadlineSeconds and ttlSecondsAfterFinished can only work with Always CompletionPolicyType"`,
            `drop ${field}, or use completion policy 'Always'`,
          ),
        );
      }
    }
  } else {
    issue(
      ctx,
      paths.type,
      brokenRule(
        `(${JSON.stringify(c.type)}) is not a completion policy`,
        `${WEBHOOK}: "unknown type of completionPolicy: ${c.type}"`,
        "use 'Always' or 'Never'",
      ),
    );
  }
}

/** A non-negative int64 of seconds (`activeDeadlineSeconds`). */
export const deadlineSecondsSchema = z.unknown().superRefine((value, ctx) => {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    ctx.addIssue({
      code: "custom",
      ...ruleIssue(
        `(${JSON.stringify(value)}) is not a positive whole number of seconds`,
        'activeDeadlineSeconds is a positive int64 ("value must be positive integer" in the CRD)',
        "give seconds, e.g. 1800",
      ),
      // Not a number: the object's own rules (deadline vs timeout) must not run on it.
      continue: false,
    });
  }
}) as unknown as z.ZodType<number>;

/** `ttlSecondsAfterFinished`: a non-negative int32. */
export const ttlSecondsSchema = int32Schema(
  "spec.completionPolicy.ttlSecondsAfterFinished",
  0,
  "a TTL cannot be negative",
);
