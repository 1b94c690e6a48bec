/**
 * `intstr.IntOrString` as Kruise reads it (`pkg/util` GetScaledValueFromIntOrPercent): a whole
 * number, or a string `"<float>%"` scaled against a total. Pure.
 */
import { INT32_MAX } from "./intBounds";
import { z } from "zod";
import { ruleIssue } from "./errors";
import { atoi, parseGoFloat } from "./goSyntax";

/** An int-or-percent value. */
export type IntOrPercent = number | string;

/** The schema of an int-or-percent field `field` of `owner`, its rule quoted from `rule`. */
export function intOrPercentSchema(field: string, rule: string) {
  return z.union([z.number(), z.string()]).superRefine((v, ctx) => {
    const why = intOrPercentError(v);
    if (why) {
      ctx.addIssue({
        code: "custom",
        ...ruleIssue(
          `(${JSON.stringify(v)}) ${why}`,
          `${rule} (failed GetScaledValueFromIntOrPercent for ${field})`,
          'give a whole number ≥ 0 such as 2, or a percentage such as "20%"',
        ),
      });
    }
  });
}

/**
 * How a percentage's number is read: `float` as Kruise's own GetScaledValueFromIntOrPercent
 * (`strconv.ParseFloat`: "12.5%"), `int` as Kubernetes' intstr.GetValueFromIntOrPercent
 * (`strconv.Atoi`: whole numbers only), which Kruise 1.8's CloneSet webhook uses for
 * maxUnavailable and maxSurge.
 */
export type PercentParser = "float" | "int";

/** The number of a percentage string, as `parser` reads it; undefined when it cannot. */
function percentOf(v: string, parser: PercentParser): number | undefined {
  const body = v.slice(0, -1);
  if (parser === "int") return atoi(body);
  const r = parseGoFloat(body);
  return "value" in r ? r.value : undefined;
}

/** Why `v` is not a valid int-or-percent ≥ 0, read by `parser`, or undefined. */
export function intOrPercentError(
  v: IntOrPercent,
  parser: PercentParser = "float",
): string | undefined {
  if (typeof v === "number") {
    if (!Number.isInteger(v)) return "is not a whole number";
    if (v < 0 || v > INT32_MAX) return `is not between 0 and ${INT32_MAX}`;
    return undefined;
  }
  if (!v.endsWith("%"))
    return 'is a string that is not a percentage ("invalid type: string is not a percentage")';
  const n = percentOf(v, parser);
  if (n === undefined) {
    return parser === "int"
      ? "is not a whole number followed by '%' (strconv.Atoi: invalid syntax)"
      : "is not a number followed by '%' (strconv.ParseFloat: invalid syntax)";
  }
  if (!Number.isFinite(n)) return "is not a finite percentage";
  if (n < 0) return "is negative";
  return undefined;
}

/** `v` (valid, see {@link intOrPercentError}) scaled against `total`, rounded as Kruise does. */
export function scaledValue(v: IntOrPercent, total: number, roundUp: boolean): number {
  if (typeof v === "number") return v;
  const x = ((percentOf(v, "float") ?? 0) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}
