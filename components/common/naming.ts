import { createHash } from "crypto";

/** The longest DNS-1123 label; also the limit we keep object names to. */
export const DNS1123_LABEL_MAX = 63;

/** Characters of the content hash that ends every derived name. */
const HASH_LENGTH = 8;

/** A short, stable hash of the given parts (sha256, hex). */
export function shortHash(...parts: readonly string[]): string {
  const h = createHash("sha256");
  for (const p of parts) h.update(`${p.length}:${p}`);
  return h.digest("hex").slice(0, HASH_LENGTH);
}

/** Lower-cases `s` and folds every run of characters a DNS-1123 label may not hold into one `-`. */
export function dnsStem(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * A DNS-1123 label made of a readable stem and a hash of `identity`: the same identity always
 * gives the same name, a different identity a different one. The stem is cut so that the whole
 * name stays within `max` characters (63 unless a controller appends to the name).
 */
export function derivedName(
  stem: string,
  identity: readonly string[],
  max: number = DNS1123_LABEL_MAX,
): string {
  const hash = shortHash(...identity);
  const room = max - HASH_LENGTH - 1;
  const cut = dnsStem(stem).slice(0, room).replace(/-+$/, "");
  return cut === "" ? `x-${hash}` : `${cut}-${hash}`;
}
