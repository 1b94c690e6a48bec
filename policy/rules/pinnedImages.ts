/** Policy `pinned-images`: every image carries a tag (not `:latest`) or a digest. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { pinProblem } from "../../components/common/pinnedImage";
import { ruleMessage } from "../../components/common/errors";
import { imagesOf } from "../images";
import { resourceRule } from "../support";
import { anyType } from "../types";

const PIN_RULE =
  "a missing tag means ':latest', and a moving tag makes nodes run whatever was pushed last, never roll out in place on a new push, and pre-warm the wrong image";
const PIN_FIX = 'pin a version, e.g. "ghcr.io/acme/web:1.4.2", or a digest "…@sha256:…"';

/**
 * Why `image` is not pinned, or undefined when it is (or cannot be judged: a Tekton variable such
 * as `$(params.image)`, resolved at run time, or a value unknown during preview).
 */
export function imagePinProblem(image: unknown): string | undefined {
  if (typeof image !== "string" || image.includes("$(")) return undefined;
  if (image === "")
    return ruleMessage("is empty", "a container needs an image", 'name one, e.g. "nginx:1.27"');
  const problem = pinProblem(image);
  if (problem?.kind === "invalid")
    return ruleMessage(
      `(${JSON.stringify(image)}) is not a valid image reference: ${problem.error}`,
      "the kubelet and Kruise parse images with reference.ParseNormalizedNamed",
      'write [registry[:port]/]repository[:tag][@sha256:digest] with a lowercase repository, e.g. "ghcr.io/acme/web:1.4.2"',
    );
  if (problem?.kind === "unpinned")
    return ruleMessage(`(${JSON.stringify(image)}) has no tag or digest`, PIN_RULE, PIN_FIX);
  if (problem?.kind === "latest")
    return ruleMessage(`(${JSON.stringify(image)}) is tagged ':latest'`, PIN_RULE, PIN_FIX);
  return undefined;
}

export const pinnedImages: ResourceValidationPolicy = {
  name: "pinned-images",
  description:
    "Images in ImagePullJobs, Kruise and core workloads, and Tekton Tasks/Pipelines carry a tag (not ':latest') or a digest.",
  enforcementLevel: "mandatory",
  validateResource: resourceRule(anyType, (props, args) =>
    imagesOf(args.type, props).flatMap(({ path, image }) => {
      const message = imagePinProblem(image);
      return message ? [{ path, message }] : [];
    }),
  ),
};
