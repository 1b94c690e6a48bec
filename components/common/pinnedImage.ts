/** Whether an image reference names fixed bytes: a digest, or a tag other than `latest`. Pure. */
import type { z } from "zod";
import { parseNormalizedNamed } from "./dockerReference";
import { ruleIssue } from "./errors";

/** Why an image is not pinned: it does not parse, it has no tag or digest, or it is `:latest`. */
export type PinProblem =
  | { readonly kind: "invalid"; readonly error: string }
  | { readonly kind: "unpinned" }
  | { readonly kind: "latest" };

/** What keeps `image` from being pinned, or undefined when it is (a digest wins over any tag). */
export function pinProblem(image: string): PinProblem | undefined {
  const parsed = parseNormalizedNamed(image);
  if (!parsed.ok) return { kind: "invalid", error: parsed.error };
  const { tag, digest } = parsed.ref;
  if (digest !== undefined) return undefined;
  if (tag === undefined) return { kind: "unpinned" };
  if (tag === "latest") return { kind: "latest" };
  return undefined;
}

/** Why a container image must be pinned, where it is checked: the rule a message names. */
export interface PinRule {
  /** The upstream rule that requires an image at all. */
  required: string;
  /** Why a moving tag is wrong there. */
  moving: string;
}

/** The rule for a Pod's containers: a moving tag changes what runs without any rollout. */
export const POD_IMAGE_RULE: PinRule = {
  required: "ValidatePodTemplateSpec: containers[].image is required",
  moving:
    "a Pod re-pulls a moving tag whenever a node lacks it, so replicas run different bytes and no rollout ever notices a change",
};

/**
 * Reports, at `path`, an `image` that is missing, does not parse, or is not pinned (a tag other
 * than `latest`, or a digest), naming `rule`.
 */
export function checkPinnedImage(
  ctx: z.RefinementCtx,
  image: unknown,
  path: (string | number)[],
  rule: PinRule = POD_IMAGE_RULE,
): void {
  if (typeof image !== "string" || image === "") {
    ctx.addIssue({
      code: "custom",
      path,
      ...ruleIssue("is missing", rule.required, 'name an image, e.g. "ghcr.io/acme/web:1.4.2"'),
    });
    return;
  }
  const problem = pinProblem(image);
  const why =
    problem?.kind === "invalid"
      ? `is not a valid image reference: ${problem.error}`
      : problem?.kind === "unpinned"
        ? "has no tag or digest"
        : problem?.kind === "latest"
          ? "is tagged ':latest'"
          : undefined;
  if (why) {
    ctx.addIssue({
      code: "custom",
      path,
      ...ruleIssue(
        `(${JSON.stringify(image)}) ${why}`,
        rule.moving,
        'pin a version, e.g. "ghcr.io/acme/web:1.4.2", or a digest "…@sha256:…"',
      ),
    });
  }
}
