/**
 * The policy pack's config as `pulumi preview --policy-pack-config <file>` takes it, resolved the
 * way the Pulumi CLI resolves it (pkg/resource/analyzer/config.go at v3.276.0): each policy starts
 * from its own enforcement level and its `configSchema` defaults, then `all` sets every level,
 * then each policy's entry (a level, or an object with `enforcementLevel` and properties) is
 * applied; the properties are validated against the policy's schema (JSON Schema, as the CLI's
 * gojsonschema) before any rule runs.
 */
import Ajv from "ajv";
import type { PolicyConfigSchema } from "@pulumi/policy";

/** A policy's enforcement level, as the policy SDK and the CLI spell it. */
export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/** The levels the CLI accepts (`apitype.EnforcementLevel.IsValid`). */
export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = [
  "advisory",
  "mandatory",
  "remediate",
  "disabled",
];

/**
 * A policy pack config file's content: keyed by policy name (or `all`), each a level or an object
 * holding `enforcementLevel` and the policy's properties. Also the versioned form,
 * `{ "version": 2, "policies": { … } }`.
 */
export type PolicyPackConfig = Record<string, unknown>;

/** One policy's resolved config: its level, and the properties `args.getConfig()` returns. */
export interface ResolvedPolicyConfig {
  enforcementLevel: EnforcementLevel;
  properties: Record<string, unknown>;
}

/** What resolving needs of a policy: its name, level and config schema. */
export interface PolicyInfo {
  name: string;
  enforcementLevel?: EnforcementLevel;
  configSchema?: PolicyConfigSchema;
}

const WHO = "kruise-devops/testing";

function configError(path: string, rule: string, fix: string): Error {
  return new Error(`${WHO}: policyConfig${path} ${rule}; ${fix}`);
}

const isLevel = (v: unknown): v is EnforcementLevel =>
  typeof v === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(v);

/** A config file's entry for one policy (or `all`): the level and properties it sets. */
export interface PolicyConfigEntry {
  enforcementLevel?: EnforcementLevel;
  properties?: Record<string, unknown>;
}

/** parsePolicyConfigs: a level, or an object whose `enforcementLevel` (if any) is taken out. */
function parseEntries(config: Record<string, unknown>, at: string): Map<string, PolicyConfigEntry> {
  const out = new Map<string, PolicyConfigEntry>();
  const levels = ENFORCEMENT_LEVELS.join(", ");
  for (const [name, v] of Object.entries(config)) {
    const path = `${at}[${JSON.stringify(name)}]`;
    if (typeof v === "string") {
      if (!isLevel(v)) {
        throw configError(
          path,
          `(${JSON.stringify(v)}) is not a valid enforcement level — the Pulumi CLI refuses the config file`,
          `use one of ${levels}`,
        );
      }
      out.set(name, { enforcementLevel: v });
    } else if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const { enforcementLevel, ...properties } = v as Record<string, unknown>;
      if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
        throw configError(
          `${path}.enforcementLevel`,
          `(${JSON.stringify(enforcementLevel)}) is not a valid enforcement level — the Pulumi CLI refuses the config file`,
          `use one of ${levels}`,
        );
      }
      const entry: PolicyConfigEntry = {
        ...(enforcementLevel !== undefined ? { enforcementLevel } : {}),
        ...(Object.keys(properties).length > 0 ? { properties } : {}),
      };
      // The CLI drops empty entries.
      if (entry.enforcementLevel !== undefined || entry.properties !== undefined)
        out.set(name, entry);
    } else {
      throw configError(
        path,
        `(${JSON.stringify(v)}) is not a valid value — the Pulumi CLI takes a level or an object`,
        `give an enforcement level such as "mandatory", or { "enforcementLevel": …, <properties> }`,
      );
    }
  }
  return out;
}

/**
 * A config file's entries by policy name (`all` included), as the CLI's parsePolicyPackConfig
 * reads them: either form (`version: 2` nests them under `policies`), `environments` set aside.
 */
export function parsePolicyPackConfig(config: unknown): Map<string, PolicyConfigEntry> {
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw configError(
      "",
      "must be an object keyed by policy name",
      "pass the config file's JSON object",
    );
  }
  const c = config as Record<string, unknown>;
  const version = c.version;
  if (typeof version === "number") {
    if (version !== 2) {
      throw configError(
        ".version",
        `(${version}) is not supported — the Pulumi CLI reads version 2 only`,
        `use "version": 2 with the policies under "policies", or no version`,
      );
    }
    const policies = c.policies ?? {};
    if (policies === null || typeof policies !== "object" || Array.isArray(policies)) {
      throw configError(".policies", "must be an object keyed by policy name", "fix the file");
    }
    return parseEntries(policies as Record<string, unknown>, ".policies");
  }
  const { environments: _environments, ...rest } = c;
  return parseEntries(rest, "");
}

const ajv = new Ajv({ allErrors: true, strict: false });

/**
 * The CLI's ReconcilePolicyPackConfig: each policy's own level and schema defaults, then `all`'s
 * level, then each entry (entries of names the pack has not are kept, as the CLI keeps them);
 * then every policy's properties validated against its schema. Throws on the first invalid one.
 */
export function reconcilePolicyPackConfig(
  policies: readonly PolicyInfo[],
  entries: ReadonlyMap<string, PolicyConfigEntry>,
): Map<string, PolicyConfigEntry> {
  const result = new Map<string, PolicyConfigEntry>();
  for (const p of policies) {
    let defaults: Record<string, unknown> | undefined;
    for (const [k, s] of Object.entries(p.configSchema?.properties ?? {})) {
      if (s.default !== undefined) (defaults ??= {})[k] = s.default;
    }
    result.set(p.name, {
      ...(p.enforcementLevel ? { enforcementLevel: p.enforcementLevel } : {}),
      ...(defaults ? { properties: defaults } : {}),
    });
  }
  const all = entries.get("all")?.enforcementLevel;
  if (all !== undefined) {
    for (const [name, r] of result) result.set(name, { ...r, enforcementLevel: all });
  }
  for (const [name, given] of entries) {
    const r = result.get(name) ?? {};
    const properties =
      given.properties !== undefined || r.properties !== undefined
        ? { ...(r.properties ?? {}), ...(given.properties ?? {}) }
        : undefined;
    result.set(name, {
      ...((given.enforcementLevel ?? r.enforcementLevel)
        ? { enforcementLevel: given.enforcementLevel ?? r.enforcementLevel }
        : {}),
      ...(properties ? { properties } : {}),
    });
  }
  for (const p of policies) {
    if (!p.configSchema) continue;
    const schema = {
      type: "object",
      ...(p.configSchema.properties ? { properties: p.configSchema.properties } : {}),
      ...(p.configSchema.required?.length ? { required: p.configSchema.required } : {}),
    };
    const validate = ajv.compile(schema);
    if (!validate(result.get(p.name)?.properties ?? {})) {
      const why = (validate.errors ?? [])
        .map((e) => `${e.instancePath || "(root)"} ${e.message ?? ""}`.trim())
        .join("; ");
      throw configError(
        `[${JSON.stringify(p.name)}]`,
        `does not match the policy's configSchema (${why}) — the Pulumi CLI refuses it before any policy runs`,
        "fix the value, see the pack's README for each policy's config",
      );
    }
  }
  return result;
}

/**
 * Every policy's level and properties for `config`, as {@link reconcilePolicyPackConfig}; a name
 * the pack has not is refused (the CLI would ignore it, and a typo would go unnoticed).
 */
export function resolvePolicyConfig(
  policies: readonly PolicyInfo[],
  config: unknown = {},
): Map<string, ResolvedPolicyConfig> {
  const entries = parsePolicyPackConfig(config);
  const known = new Set(policies.map((p) => p.name));
  for (const name of entries.keys()) {
    if (name !== "all" && !known.has(name)) {
      throw configError(
        `[${JSON.stringify(name)}]`,
        "names no policy of the pack — the Pulumi CLI would ignore it silently",
        `use one of all, ${[...known].sort().join(", ")}`,
      );
    }
  }
  const reconciled = reconcilePolicyPackConfig(policies, entries);
  return new Map(
    policies.map((p) => {
      const r = reconciled.get(p.name) ?? {};
      return [
        p.name,
        { enforcementLevel: r.enforcementLevel ?? "advisory", properties: r.properties ?? {} },
      ];
    }),
  );
}
