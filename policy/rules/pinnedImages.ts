/** Policy `pinned-images`: every image carries a tag (not `:latest`) or a digest. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { pinProblem } from "../../components/common/pinnedImage";
import { ImageAt, imagesOf } from "../images";
import { Resolved, resolveParams } from "../tektonParams";
import { resourceRule, ruleMessage } from "../support";
import { anyType } from "../types";

const PIN_RULE =
  "a missing tag means ':latest', and a moving tag makes nodes run whatever was pushed last, never roll out in place on a new push, and pre-warm the wrong image";
const PIN_FIX = 'pin a version, e.g. "ghcr.io/acme/web:1.4.2", or a digest "…@sha256:…"';

/**
 * Why `image` is not pinned, or undefined when it is (or cannot be judged: a Tekton variable
 * known only at run time, or a value unknown during preview). `shown` is how the message quotes
 * it (a resolved Tekton image says what it was written as, and where its value came from).
 */
export function imagePinProblem(image: unknown, shown = JSON.stringify(image)): string | undefined {
  if (typeof image !== "string" || image.includes("$(")) return undefined;
  if (image === "")
    return ruleMessage(
      shown === '""' ? "is empty" : `(${shown}) is empty`,
      "a container needs an image",
      'name one, e.g. "nginx:1.27"',
    );
  const problem = pinProblem(image);
  if (problem?.kind === "invalid")
    return ruleMessage(
      `(${shown}) is not a valid image reference: ${problem.error}`,
      "the kubelet and Kruise parse images with reference.ParseNormalizedNamed",
      'write [registry[:port]/]repository[:tag][@sha256:digest] with a lowercase repository, e.g. "ghcr.io/acme/web:1.4.2"',
    );
  if (problem?.kind === "unpinned")
    return ruleMessage(`(${shown}) has no tag or digest`, PIN_RULE, PIN_FIX);
  if (problem?.kind === "latest")
    return ruleMessage(`(${shown}) is tagged ':latest'`, PIN_RULE, PIN_FIX);
  return undefined;
}

/**
 * Why the image at `image` is not pinned: as written, or, for a Tekton `$(params.x)`, with the
 * params in scope substituted (still skipped when one is only known at run time).
 */
export function imageAtProblem({ image, params }: ImageAt): string | undefined {
  if (typeof image !== "string" || !image.includes("$(") || !params) return imagePinProblem(image);
  const resolved = resolveParams(image, params);
  return resolved && imagePinProblem(resolved.image, resolvedLabel(image, resolved));
}

/** `"$(params.x)" = "alpine" from spec.params[0].default`: a resolved image as a message quotes it. */
export const resolvedLabel = (written: string, r: Resolved) =>
  `${JSON.stringify(written)} = ${JSON.stringify(r.image)} from ${r.from.join(" and ")}`;

export const pinnedImages: ResourceValidationPolicy = {
  name: "pinned-images",
  description:
    "Images in ImagePullJobs, every pod-bearing core and Kruise kind, and Tekton Tasks/Pipelines/runs (their `$(params.x)` read from the params in scope) carry a tag (not ':latest') or a digest; patches included.",
  enforcementLevel: "mandatory",
  validateResource: resourceRule(anyType, (props, args) =>
    imagesOf(args.type, props).flatMap((at) => {
      const message = imageAtProblem(at);
      return message ? [{ path: at.path, message }] : [];
    }),
  ),
};
