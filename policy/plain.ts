/**
 * Plain data for the policy rules: the policy SDK's unknown-checking proxies taken off, unknowns
 * and secrets made visible as {@link Hidden}, and small typed readers over the result.
 */
import { Secret, UnknownValueError } from "@pulumi/policy";
import { parseGoBool } from "../components/common/goSyntax";

/** A value a rule cannot judge: unknown during preview, or a Pulumi secret. */
export class Hidden {
  constructor(readonly reason: "unknown" | "secret") {}
}

/** The wire sentinels of unknown values (Pulumi's `unknownValue` and the policy SDK's). */
const UNKNOWN_SENTINELS = new Set([
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);
const SECRET_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/**
 * A plain copy of `v`: the policy SDK's unknown-checking proxy is read through (an unknown becomes
 * a {@link Hidden}, instead of the read throwing and the whole policy being skipped), and a
 * Pulumi secret (wire form or the SDK's `Secret`) becomes a {@link Hidden}.
 */
export function plain(v: unknown): unknown {
  if (typeof v === "string") return UNKNOWN_SENTINELS.has(v) ? new Hidden("unknown") : v;
  if (v === null || typeof v !== "object") return v;
  if (v instanceof Hidden) return v;
  if (v instanceof Secret) return new Hidden("secret");
  const read = (k: string | number): unknown => {
    try {
      return (v as Record<string | number, unknown>)[k];
    } catch (e) {
      if (e instanceof UnknownValueError) return new Hidden("unknown");
      throw e;
    }
  };
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) out.push(plain(read(i)));
    return out;
  }
  if (read(SECRET_KEY) === SECRET_SIG) return new Hidden("secret");
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = plain(read(k));
  return out;
}

/** A plain object. */
export type Obj = Record<string, unknown>;

/** `v` if it is a plain object. */
export function obj(v: unknown): Obj | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Hidden)
    ? (v as Obj)
    : undefined;
}
/** `v` if it is an array, else empty. */
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
/** `v` if it is a string. */
export function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}
/** `v` if it is a number. */
export function num(v: unknown): number | undefined {
  return typeof v === "number" ? v : undefined;
}
/** The value at `path` below `v`. */
export function at(v: unknown, ...path: string[]): unknown {
  let cur = v;
  for (const k of path) cur = obj(cur)?.[k];
  return cur;
}

/**
 * `v` read as Go's `strconv.ParseBool` (Argo CD and Kruise parse flags with it): true or
 * false, or undefined when it is neither (components/common/goSyntax.ts).
 */
export const goBool = parseGoBool;

/** Go's `strconv.ParseBool` true values (Argo CD and Kruise parse flags with it); or `true`. */
export function truthy(v: unknown): boolean {
  return goBool(v) === true;
}
