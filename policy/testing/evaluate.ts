/**
 * Runs the pack's policies over resources the way the policy SDK's analyzer server does
 * (@pulumi/policy 1.21 server.js): every resource policy on each resource, then every stack
 * policy on all of them; `disabled` policies skipped, `remediate` reported as `mandatory`,
 * `args.notApplicable()` ends a policy quietly, `args.getConfig()` returns the policy's resolved
 * properties. Secrets are unwrapped first, as the SDK does for `Analyze`.
 */
import type {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { EnforcementLevel, ResolvedPolicyConfig } from "./packConfig";

/** A resource as a policy sees it: its type token, name, URN and input properties. */
export interface PolicyTarget {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
}

/** One violation a policy reported. */
export interface PolicyViolation {
  /** The policy's name, e.g. `pinned-images`. */
  policy: string;
  /** Its effective level (`remediate` is reported as `mandatory`, as the SDK does). */
  enforcementLevel: Exclude<EnforcementLevel, "disabled" | "remediate">;
  /** The resource's Pulumi type token, e.g. `kubernetes:apps.kruise.io/v1alpha1:ImagePullJob`. */
  resourceType: string;
  /** The resource's Pulumi name (the first argument of its constructor). */
  resourceName: string;
  /** The resource's URN. */
  urn: string;
  /** What the policy said. */
  message: string;
}

/** A policy's name and what it said when it does not apply (`args.notApplicable(reason)`). */
export interface NotApplicable {
  policy: string;
  reason: string;
}

/** Thrown by `args.notApplicable()`: ends the policy's run on this resource or stack. */
export class NotApplicableError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export const throwNotApplicable = (reason?: string): never => {
  throw new NotApplicableError(reason ?? "");
};

/** The args a resource policy's `validateResource` gets for `r`. */
export function resourceArgs(
  r: PolicyTarget,
  config: Record<string, unknown>,
): ResourceValidationArgs {
  return {
    type: r.type,
    name: r.name,
    urn: r.urn,
    props: r.props,
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
    },
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => config as T,
    notApplicable: throwNotApplicable,
  };
}

/** The args a stack policy's `validateStack` gets for `targets`. */
export function stackArgs(
  targets: readonly PolicyTarget[],
  config: Record<string, unknown>,
): StackValidationArgs {
  return {
    resources: targets.map((r): PolicyResource => ({
      ...resourceArgs(r, config),
      dependencies: [],
      propertyDependencies: {},
      asType: () => undefined,
    })),
    stackTags: new Map(),
    getConfig: <T extends object>() => config as T,
    notApplicable: throwNotApplicable,
  };
}

/** A resource validation, as `validateResource` holds one or a list of them. */
export type ResourceValidation = (
  a: ResourceValidationArgs,
  report: (m: string) => void,
) => unknown;

/** A resource policy's validations, one or many, as a list. */
export function validationsOf(p: ResourceValidationPolicy): ResourceValidation[] {
  return ([] as unknown[]).concat(p.validateResource ?? []) as ResourceValidation[];
}

/** The result of running the policies: every violation, and which policies did not apply. */
export interface Evaluation {
  violations: PolicyViolation[];
  notApplicable: NotApplicable[];
}

type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

/**
 * Runs `policies` over `targets` with `config` (from {@link resolvePolicyConfig}); a policy
 * missing from `config` runs at its own level with no properties.
 */
export async function evaluatePolicies(
  policies: readonly AnyPolicy[],
  targets: readonly PolicyTarget[],
  config: ReadonlyMap<string, ResolvedPolicyConfig> = new Map(),
): Promise<Evaluation> {
  const violations: PolicyViolation[] = [];
  const notApplicable: NotApplicable[] = [];
  const byUrn = new Map(targets.map((t) => [t.urn, t]));
  const ordered = [
    ...policies.filter((p) => !("validateStack" in p)),
    ...policies.filter((p) => "validateStack" in p),
  ];
  for (const p of ordered) {
    const resolved = config.get(p.name);
    const level = resolved?.enforcementLevel ?? p.enforcementLevel ?? "advisory";
    if (level === "disabled") continue;
    const enforcementLevel = level === "remediate" ? "mandatory" : level;
    const properties = resolved?.properties ?? {};
    const run = async (fn: () => unknown) => {
      try {
        await fn();
      } catch (e) {
        if (e instanceof NotApplicableError)
          notApplicable.push({ policy: p.name, reason: e.reason });
        else throw e;
      }
    };
    if ("validateStack" in p) {
      await run(() =>
        p.validateStack(stackArgs(targets, properties), (message, urn) => {
          const r = urn === undefined ? undefined : byUrn.get(urn);
          violations.push({
            policy: p.name,
            enforcementLevel,
            resourceType: r?.type ?? "",
            resourceName: r?.name ?? "",
            urn: urn ?? "",
            message,
          });
        }),
      );
      continue;
    }
    const validations = validationsOf(p);
    for (const r of targets) {
      for (const v of validations) {
        await run(() =>
          v(resourceArgs(r, properties), (message) =>
            violations.push({
              policy: p.name,
              enforcementLevel,
              resourceType: r.type,
              resourceName: r.name,
              urn: r.urn,
              message,
            }),
          ),
        );
      }
    }
  }
  return { violations, notApplicable };
}
