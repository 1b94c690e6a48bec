/**
 * Whole numbers within the range of the upstream field they map to: Kubernetes' int32 fields,
 * and int64 ones, which JavaScript numbers hold exactly only up to 2^53 - 1.
 */
import { z } from "zod";
import { ruleIssue } from "./errors";

export const INT32_MAX = 2 ** 31 - 1;

/** A whole number in `min..max`, the message naming `field` (its upstream type) and `why`. */
function boundedInt(field: string, type: string, min: number, max: number, why: string) {
  return z.unknown().superRefine((value, ctx) => {
    if (typeof value !== "number" || !Number.isInteger(value)) {
      ctx.addIssue({
        code: "custom",
        ...ruleIssue(
          `(${JSON.stringify(value)}) is not a whole number`,
          `${field} is an ${type}`,
          "give a whole number",
        ),
        // Not a number: the enclosing object's own rules must not run on it.
        continue: false,
      });
    } else if (value < min || value > max) {
      ctx.addIssue({
        code: "custom",
        ...ruleIssue(`(${value}) is out of range`, why, `use ${min}..${max}`),
        continue: false,
      });
    }
  }) as unknown as z.ZodType<number>;
}

/** A whole number in `min..2^31-1`: `field` is an int32 upstream. */
export function int32Schema(field: string, min: number, why: string) {
  return boundedInt(field, "int32", min, INT32_MAX, why);
}

/** A whole number in `min..2^53-1`: `field` is an int64 upstream. */
export function int64Schema(field: string, min: number, why: string) {
  return boundedInt(
    field,
    "int64 (exact in JavaScript up to 2^53 - 1)",
    min,
    Number.MAX_SAFE_INTEGER,
    why,
  );
}
