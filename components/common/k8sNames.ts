/**
 * Kubernetes object-name rules (k8s.io/apimachinery/pkg/util/validation) as zod schemas, and the
 * labels every object of this package carries.
 */
import { z } from "zod";
import { parseArgs, ruleIssue } from "./errors";
import { dnsStem } from "./naming";

/** `IsDNS1123Label`: at most 63 characters. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** `IsDNS1123Subdomain`: at most 253 characters. */
export const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** True when `s` is a DNS-1123 label. */
export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

/** True when `s` is a DNS-1123 subdomain. */
export function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}

/** `namespace`: a DNS-1123 label. */
export const namespaceSchema = z.string().superRefine((ns, ctx) => {
  if (!isDns1123Label(ns)) {
    ctx.addIssue({
      code: "custom",
      ...ruleIssue(
        `(${JSON.stringify(ns)}) is not a namespace name`,
        "namespaces are lowercase RFC 1123 labels of at most 63 characters",
        'use e.g. "kruise-warm"',
      ),
    });
  }
});

/**
 * The name of an object of `kind` whose names are DNS-1123 subdomains (Secret, ServiceAccount,
 * Role, ConfigMap, most custom resources); `label` for kinds whose names are labels
 * (Service, Namespace).
 */
export function objectNameSchema(
  kind: string,
  example: string,
  form: "subdomain" | "label" = "subdomain",
) {
  const ok = form === "label" ? isDns1123Label : isDns1123Subdomain;
  const rule =
    form === "label"
      ? `${kind} names are lowercase RFC 1123 labels of at most 63 characters`
      : `${kind} names are lowercase RFC 1123 subdomains of at most 253 characters`;
  return z.string().superRefine((n, ctx) => {
    if (!ok(n)) {
      ctx.addIssue({
        code: "custom",
        ...ruleIssue(
          `(${JSON.stringify(n)}) is not a ${kind} name`,
          rule,
          `use lowercase letters, digits and '-', e.g. ${JSON.stringify(example)}`,
        ),
      });
    }
  });
}

/**
 * The name of the `kind` object a component creates: `value` (the component's own name unless an
 * arg overrides it), checked before anything is registered and reported at `args.<arg>`.
 */
export function checkedObjectName(
  component: string,
  name: string,
  kind: string,
  example: string,
  arg = "name",
  value = name,
): string {
  const schema = z.strictObject({ [arg]: objectNameSchema(kind, example) });
  return (parseArgs(component, name, schema, { [arg]: value }) as Record<string, string>)[arg];
}

/** Label keys this package sets on every object it creates. */
export const MANAGED_LABELS = {
  managedBy: "app.kubernetes.io/managed-by",
  partOf: "app.kubernetes.io/part-of",
  component: "app.kubernetes.io/component",
  instance: "kruise-devops.io/instance",
} as const;

/**
 * The labels every object of component `kind` named `name` carries, plus the caller's. The
 * package's own keys are written last: a caller cannot relabel an object as someone else's.
 */
export function componentLabels(
  kind: string,
  name: string,
  extra?: Record<string, string>,
): Record<string, string> {
  return {
    ...extra,
    [MANAGED_LABELS.managedBy]: "pulumi",
    [MANAGED_LABELS.partOf]: "kruise-devops",
    [MANAGED_LABELS.component]: dnsStem(kind).slice(0, 63),
    [MANAGED_LABELS.instance]: dnsStem(name).slice(0, 63).replace(/-+$/, "") || "x",
  };
}
