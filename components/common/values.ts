/** Helm values: Helm's merge rules, and stable key order so a re-ordered input never shows as a diff. */

/** A JSON-like value as Helm sees it. */
export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

/** True for `{…}` literals; false for arrays, Outputs, Promises and other class instances. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Merges `overlay` onto `base` the way Helm coalesces user values onto a chart's: maps merge key
 * by key, anything else (lists included) replaces, and `null` removes the key. Neither input is
 * changed.
 */
export function mergeValues(
  base: Record<string, unknown>,
  overlay: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overlay ?? {})) {
    if (v === undefined) continue;
    if (v === null) delete out[k];
    else if (isPlainObject(v) && isPlainObject(out[k]))
      out[k] = mergeValues(out[k] as Record<string, unknown>, v);
    else out[k] = v;
  }
  return out;
}

/** A deep copy of `value` with every map's keys sorted and `undefined` entries dropped. */
export function sortedValues<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortedValues) as T;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) {
    if (value[k] !== undefined) out[k] = sortedValues(value[k]);
  }
  return out as T;
}
