/**
 * `intstr.IntOrString` as Kruise reads it (`pkg/util` GetScaledValueFromIntOrPercent): a whole
 * number, or a string `"<float>%"` scaled against a total. Pure.
 */
import { z } from "zod";
import { ruleMessage } from "./errors";

/** An int-or-percent value. */
export type IntOrPercent = number | string;

/** The schema of an int-or-percent field `field` of `owner`, its rule quoted from `rule`. */
export function intOrPercentSchema(field: string, rule: string) {
  return z.union([z.number(), z.string()]).superRefine((v, ctx) => {
    const why = intOrPercentError(v);
    if (why) {
      ctx.addIssue({
        code: "custom",
        message: ruleMessage(
          `(${JSON.stringify(v)}) ${why}`,
          `${rule} (failed GetScaledValueFromIntOrPercent for ${field})`,
          'give a whole number ≥ 0 such as 2, or a percentage such as "20%"',
        ),
      });
    }
  });
}

/** Why `v` is not a valid int-or-percent ≥ 0, or undefined. */
export function intOrPercentError(v: IntOrPercent): string | undefined {
  if (typeof v === "number") {
    if (!Number.isInteger(v)) return "is not a whole number";
    if (v < 0 || v > 2 ** 31 - 1) return "is not between 0 and 2147483647";
    return undefined;
  }
  if (!v.endsWith("%"))
    return 'is a string that is not a percentage ("invalid type: string is not a percentage")';
  const n = Number(v.slice(0, -1));
  if (v.length === 1 || !Number.isFinite(n)) return "is not a number followed by '%'";
  if (n < 0) return "is negative";
  return undefined;
}

/** `v` scaled against `total`, rounding up or down as Kruise does. */
export function scaledValue(v: IntOrPercent, total: number, roundUp: boolean): number {
  if (typeof v === "number") return v;
  const x = (Number(v.slice(0, -1)) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}
