/**
 * `intstr.IntOrString` as Kruise reads it (`pkg/util` GetScaledValueFromIntOrPercent): a whole
 * number, or a string `"<float>%"` scaled against a total. Pure.
 *
 * Args never take the union itself (Pulumi's schema inference takes no `number | string`): each
 * such upstream field is two args, the count `x` and the percentage `xPercent` (0–100, written
 * upstream as `"<xPercent>%"`), at most one of them given ({@link intOrPercentShape},
 * {@link intOrPercentValue}). The union stays the internal, resolved form.
 */
import { INT32_MAX } from "./intBounds";
import { z } from "zod";
import { ruleIssue } from "./errors";
import { atoi, parseGoFloat } from "./goSyntax";

/** An int-or-percent value as the manifests and the pure builders carry it: a count, or `"<n>%"`. */
export type IntOrPercent = number | string;

/** The name of the percentage arg of the int-or-percent pair `field`. */
export type PercentField<F extends string> = `${F}Percent`;

/** The count half of the pair `field`: a whole number in 0..2^31-1. */
function countSchema(field: string, rule: string) {
  return z.unknown().superRefine((v, ctx) => {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > INT32_MAX) {
      ctx.addIssue({
        code: "custom",
        ...ruleIssue(
          `(${JSON.stringify(v)}) is not a whole number between 0 and ${INT32_MAX}`,
          `${rule} (a count: an int32)`,
          `give a whole number ≥ 0 such as 2, or ${field}Percent for a percentage`,
        ),
        continue: false,
      });
    }
  }) as unknown as z.ZodType<number>;
}

/** The percentage half of the pair `field`: a number in 0..100 (fractions allowed). */
function percentSchema(field: string, rule: string) {
  return z.unknown().superRefine((v, ctx) => {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 100) {
      ctx.addIssue({
        code: "custom",
        ...ruleIssue(
          `(${JSON.stringify(v)}) is not a percentage between 0 and 100`,
          `${rule} (a percentage, written "<n>%" upstream)`,
          `give e.g. 20 for 20%, or ${field} for a count`,
        ),
        continue: false,
      });
    }
  }) as unknown as z.ZodType<number>;
}

/**
 * The zod shape of the int-or-percent pair `field`: the count `field` and the percentage
 * `<field>Percent`, both optional; spread it into the args' object schema and read the one value
 * with {@link intOrPercentValue}. `rule` is the upstream rule the messages quote.
 */
export function intOrPercentShape<F extends string>(
  field: F,
  rule: string,
): Record<F | PercentField<F>, z.ZodOptional<z.ZodType<number>>> {
  return {
    [field]: countSchema(field, rule).optional(),
    [`${field}Percent`]: percentSchema(field, rule).optional(),
  } as Record<F | PercentField<F>, z.ZodOptional<z.ZodType<number>>>;
}

/**
 * The value of the pair `field` of parsed args `a` (see {@link intOrPercentShape}): the count, the
 * percentage as `"<n>%"`, or undefined when neither is given. Both given: an issue on `ctx` at
 * `<field>Percent` (under `path`), and undefined. Call it in the object schema's `transform`.
 */
export function intOrPercentValue(
  ctx: z.RefinementCtx,
  a: { readonly [k: string]: unknown },
  field: string,
  upstream: string,
  path: PropertyKey[] = [],
): IntOrPercent | undefined {
  const count = a[field] as number | undefined;
  const percent = a[`${field}Percent`] as number | undefined;
  if (count !== undefined && percent !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: [...path, `${field}Percent`],
      ...ruleIssue(
        `(${percent}) is given with ${field} (${count})`,
        `both set ${upstream}, which is a count or a percentage`,
        `give ${field} (a count) or ${field}Percent (a percentage), not both`,
      ),
    });
    return undefined;
  }
  return count ?? (percent === undefined ? undefined : `${percent}%`);
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
