/**
 * Runs the policy pack's rules the way the policy SDK's server does: resource policies on each
 * resource, then stack policies on all of them. Used by the policy tests and the examples test.
 */
import {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { policies } from "../../policy/policies";
import { SECRET_KEY, SECRET_SIG, registered } from "./mocks";

/** A resource as a policy sees it. */
export interface Res {
  type: string;
  name: string;
  props: Record<string, any>;
  urn?: string;
}

export class NotApplicable extends Error {}

export const urnOf = (r: Res) => r.urn ?? `urn:pulumi:test::kruise-devops::${r.type}::${r.name}`;

export function resourceArgs(r: Res, config: object = {}): ResourceValidationArgs {
  return {
    type: r.type,
    name: r.name,
    urn: urnOf(r),
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
    notApplicable: (reason?: string) => {
      throw new NotApplicable(reason);
    },
  };
}

export function stackArgs(resources: Res[], config: object = {}): StackValidationArgs {
  return {
    resources: resources.map((r): PolicyResource => ({
      ...resourceArgs(r),
      dependencies: [],
      propertyDependencies: {},
      asType: () => undefined,
    })),
    stackTags: new Map(),
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string) => {
      throw new NotApplicable(reason);
    },
  };
}

/** The messages one resource policy reports for one resource. */
export async function check(
  policy: ResourceValidationPolicy,
  r: Res,
  config?: object,
): Promise<string[]> {
  const out: string[] = [];
  const validations = ([] as unknown[]).concat(policy.validateResource ?? []) as ((
    a: ResourceValidationArgs,
    report: (m: string) => void,
  ) => unknown)[];
  for (const v of validations) await v(resourceArgs(r, config), (m) => out.push(m));
  return out;
}

/** The messages (and URNs) a stack policy reports, or its not-applicable reason. */
export async function checkStack(
  policy: StackValidationPolicy,
  resources: Res[],
  config?: object,
): Promise<{ messages: string[]; urns: (string | undefined)[]; notApplicable?: string }> {
  const messages: string[] = [];
  const urns: (string | undefined)[] = [];
  try {
    await policy.validateStack(stackArgs(resources, config), (m, urn) => {
      messages.push(m);
      urns.push(urn);
    });
  } catch (e) {
    if (e instanceof NotApplicable) return { messages, urns, notApplicable: e.message };
    throw e;
  }
  return { messages, urns };
}

/** One finding of the whole pack. */
export interface Finding {
  policy: string;
  level: string;
  message: string;
  urn: string;
}

/** Runs every resource policy on every resource, then every stack policy on all of them. */
export async function runPack(resources: Res[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const p of policies) {
    const level = p.enforcementLevel ?? "advisory";
    if ("validateStack" in p) {
      const { messages, urns } = await checkStack(p, resources);
      messages.forEach((message, i) =>
        findings.push({ policy: p.name, level, message, urn: urns[i] ?? "" }),
      );
    } else {
      for (const r of resources) {
        for (const message of await check(p, r)) {
          findings.push({ policy: p.name, level, message, urn: urnOf(r) });
        }
      }
    }
  }
  return findings;
}

/** Takes Pulumi's secret wrappers off, recursively, as the policy SDK does for `Analyze`. */
export function unwrapSecrets(v: any): any {
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (v !== null && typeof v === "object") {
    if (v[SECRET_KEY] === SECRET_SIG) return unwrapSecrets(v.value);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapSecrets(x)]));
  }
  return v;
}

/** Every registration as policy input: type, name, URN, and the inputs as props. */
export function registeredResources(): Res[] {
  return registered.map((r) => ({
    type: r.type,
    name: r.name,
    urn: r.urn,
    props: unwrapSecrets(r.inputs),
  }));
}
