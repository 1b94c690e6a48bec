import { z } from "zod";
import { ruleIssue } from "./errors";
import { DNS1123_SUBDOMAIN } from "./k8sNames";

/**
 * Kubernetes label selectors, checked the way `metav1.LabelSelectorAsSelector` and
 * `labels.NewRequirement` (k8s.io/apimachinery v0.32) check them: that is what Kruise's webhooks
 * call. The upstream messages are quoted in ours. Pure.
 */

const qualifiedNamePart = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Why `key` is not a valid label key (a qualified name), or undefined when it is. */
export function labelKeyError(key: string): string | undefined {
  const slash = key.split("/");
  if (slash.length > 2) return "a qualified name must be 'name' or 'prefix/name' with one '/'";
  const [prefix, name] = slash.length === 2 ? slash : [undefined, slash[0]];
  if (prefix !== undefined) {
    if (prefix.length === 0) return "the prefix part must be non-empty";
    if (prefix.length > 253) return "the prefix part must be no more than 253 characters";
    if (!DNS1123_SUBDOMAIN.test(prefix)) {
      return "the prefix part must be a lowercase RFC 1123 subdomain (e.g. 'example.com')";
    }
  }
  if (name.length === 0) return "the name part must be non-empty";
  if (name.length > 63) return "the name part must be no more than 63 characters";
  if (!qualifiedNamePart.test(name)) {
    return "the name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

/** Why `value` is not a valid label value, or undefined when it is. */
export function labelValueError(value: string): string | undefined {
  if (value.length > 63) return "a label value must be no more than 63 characters";
  if (!labelValue.test(value)) {
    return "a label value must be empty or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

const keyRule = "label keys must be qualified names (labels.NewRequirement → IsQualifiedName)";
const valueRule = "label values must be valid (labels.NewRequirement → IsValidLabelValue)";

/** `matchLabels`: label keys and values that Kubernetes accepts. */
export const matchLabelsSchema = z.record(z.string(), z.string()).superRefine((labels, ctx) => {
  for (const [key, value] of Object.entries(labels)) {
    const keyError = labelKeyError(key);
    if (keyError) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        ...ruleIssue(
          `key '${key}' is not a valid label key: ${keyError}`,
          keyRule,
          "fix the key, e.g. 'kubernetes.io/os'",
        ),
      });
    }
    const valueError = labelValueError(value);
    if (valueError) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        ...ruleIssue(
          `(${JSON.stringify(value)}) is not a valid label value: ${valueError}`,
          valueRule,
          "fix the value",
        ),
      });
    }
  }
});

/** Operators of a `LabelSelectorRequirement`. */
export const LabelSelectorOperator = {
  In: "In",
  NotIn: "NotIn",
  Exists: "Exists",
  DoesNotExist: "DoesNotExist",
} as const;
/** One of {@link LabelSelectorOperator}. */
export type LabelSelectorOperator =
  (typeof LabelSelectorOperator)[keyof typeof LabelSelectorOperator];

/** `matchExpressions[i]`: operator and values must agree. */
export const labelSelectorRequirementSchema = z
  .strictObject({
    key: z.string(),
    operator: z.enum(LabelSelectorOperator),
    values: z.array(z.string()).optional(),
  })
  .superRefine((req, ctx) => {
    const keyError = labelKeyError(req.key);
    if (keyError) {
      ctx.addIssue({
        code: "custom",
        path: ["key"],
        ...ruleIssue(
          `('${req.key}') is not a valid label key: ${keyError}`,
          keyRule,
          "fix the key",
        ),
      });
    }
    const values = req.values ?? [];
    if ((req.operator === "In" || req.operator === "NotIn") && values.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["values"],
        ...ruleIssue(
          `is empty but operator is '${req.operator}'`,
          `Kubernetes: "for 'in', 'notin' operators, values set can't be empty"`,
          "list at least one value, or use 'Exists'",
        ),
      });
    }
    if ((req.operator === "Exists" || req.operator === "DoesNotExist") && values.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["values"],
        ...ruleIssue(
          `has ${values.length} value(s) but operator is '${req.operator}'`,
          `Kubernetes: "values set must be empty for exists and does not exist"`,
          "drop the values, or use 'In'",
        ),
      });
    }
    values.forEach((v, i) => {
      const valueError = labelValueError(v);
      if (valueError) {
        ctx.addIssue({
          code: "custom",
          path: ["values", i],
          ...ruleIssue(
            `(${JSON.stringify(v)}) is not a valid label value: ${valueError}`,
            valueRule,
            "fix the value",
          ),
        });
      }
    });
  });

/** A Kubernetes `LabelSelector` (metav1.LabelSelector). */
export interface LabelSelector {
  /** Labels a node or pod must carry, key → value. Maps to `matchLabels`. @default none */
  matchLabels?: Record<string, string>;
  /** Set-based requirements, all of which must hold. Maps to `matchExpressions`. @default none */
  matchExpressions?: LabelSelectorRequirement[];
}

/** One set-based requirement of a `LabelSelector`. */
export interface LabelSelectorRequirement {
  /** The label key. Maps to `matchExpressions[].key`. */
  key: string;
  /** How the key relates to the values. Maps to `matchExpressions[].operator`. */
  operator: LabelSelectorOperator;
  /** Values for `In` / `NotIn`; none for `Exists` / `DoesNotExist`. Maps to `matchExpressions[].values`. */
  values?: string[];
}

/** The shape both selectors share. */
export const labelSelectorShape = {
  matchLabels: matchLabelsSchema.optional(),
  matchExpressions: z.array(labelSelectorRequirementSchema).optional(),
};

/** A whole `LabelSelector`. */
export const labelSelectorSchema = z.strictObject(labelSelectorShape);
