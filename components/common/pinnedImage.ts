/** Whether an image reference names fixed bytes: a digest, or a tag other than `latest`. Pure. */
import { parseNormalizedNamed } from "./dockerReference";

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
