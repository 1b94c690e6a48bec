/**
 * Policy `no-secret-data-in-configmaps-or-annotations`: ConfigMap data and annotations, stored
 * and shown in plain text, hold no credentials.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { SAFE_ANNOTATION_KEYS, SAFE_CONFIGMAP_KEYS, credentialProblem } from "../credentials";
import { at, obj } from "../plain";
import { Problem, resourceRule, ruleMessage } from "../support";
import { TYPES, anyType, is } from "../types";

const LEAK_RULE =
  "ConfigMaps and annotations are stored and shown in plain text (kubectl describe, Argo CD's UI, events) and readable by anyone who may read the object";
const LEAK_FIX =
  "move the value into a Secret (RegistryCredentials, GitCredentials, ArgoCdToken, or a kubernetes Secret from a Pulumi secret) and reference it by name; add the key to this policy's allowedKeys if it is not a credential";

/**
 * The string maps a rule scans, where they sit, and their known-safe keys; `binaryData` values
 * are base64, decoded before they are scanned.
 */
const SCANNED: readonly {
  path: string[];
  safe: readonly RegExp[];
  configMapOnly?: true;
  base64?: true;
}[] = [
  { path: ["metadata", "annotations"], safe: SAFE_ANNOTATION_KEYS },
  { path: ["spec", "template", "metadata", "annotations"], safe: SAFE_ANNOTATION_KEYS },
  { path: ["data"], safe: SAFE_CONFIGMAP_KEYS, configMapOnly: true },
  { path: ["binaryData"], safe: SAFE_CONFIGMAP_KEYS, configMapOnly: true, base64: true },
];

/** A `binaryData` value decoded (base64), or the value as is when it is not a string. */
const decoded = (v: unknown) =>
  typeof v === "string" ? Buffer.from(v, "base64").toString("utf8") : v;

export const noSecretData: ResourceValidationPolicy = {
  name: "no-secret-data-in-configmaps-or-annotations",
  description:
    "ConfigMap data and binaryData (patches included) and annotations hold no credentials: no credential-named keys with values, no PEM private keys, docker config auth, .npmrc tokens, URLs with credentials or tokens of a known shape.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedKeys: {
        type: "array",
        items: { type: "string" },
        description: "Annotation or ConfigMap keys whose values are known not to be credentials.",
      },
    },
  },
  validateResource: resourceRule(anyType, (props, args) => {
    const allowed = new Set(args.getConfig<{ allowedKeys?: string[] }>()?.allowedKeys ?? []);
    const problems: Problem[] = [];
    for (const { path, safe, configMapOnly, base64 } of SCANNED) {
      if (configMapOnly && !is(TYPES.configMap, args.type)) continue;
      for (const [key, value] of Object.entries(obj(at(props, ...path)) ?? {})) {
        if (allowed.has(key)) continue;
        const found = credentialProblem(
          key,
          base64 ? decoded(value) : value,
          safe.some((re) => re.test(key)),
        );
        const why = found && base64 ? `base64-decoded, ${found}` : found;
        if (why)
          problems.push({ path: [...path, key], message: ruleMessage(why, LEAK_RULE, LEAK_FIX) });
      }
    }
    return problems;
  }),
};
