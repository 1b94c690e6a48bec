/**
 * The policy tests' view of the testing kit's evaluator (policy/testing/evaluate.ts, the way the
 * policy SDK's server runs policies): one rule on one resource, one stack rule on many, the whole
 * pack over what the test mocks registered.
 */
import * as assert from "assert";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policy/policies";
import {
  NotApplicableError,
  PolicyTarget,
  evaluatePolicies,
  resourceArgs,
  stackArgs,
  validationsOf,
} from "../../policy/testing/evaluate";
import { unwrapSecrets } from "../../policy/testing/mockedProgram";
import { registered } from "./mocks";

/** A resource as a policy sees it (the URN made up from type and name when not given). */
export interface Res {
  type: string;
  name: string;
  props: Record<string, any>;
  urn?: string;
}

export const urnOf = (r: Res) => r.urn ?? `urn:pulumi:test::kruise-devops::${r.type}::${r.name}`;

const target = (r: Res): PolicyTarget => ({ ...r, urn: urnOf(r) });

/** The messages one resource policy reports for one resource. */
export async function check(
  policy: ResourceValidationPolicy,
  r: Res,
  config: Record<string, unknown> = {},
): Promise<string[]> {
  const out: string[] = [];
  for (const v of validationsOf(policy))
    await v(resourceArgs(target(r), config), (m) => out.push(m));
  return out;
}

/** The messages (and URNs) a stack policy reports, or its not-applicable reason. */
export async function checkStack(
  policy: StackValidationPolicy,
  resources: Res[],
  config: Record<string, unknown> = {},
): Promise<{ messages: string[]; urns: (string | undefined)[]; notApplicable?: string }> {
  const messages: string[] = [];
  const urns: (string | undefined)[] = [];
  try {
    await policy.validateStack(stackArgs(resources.map(target), config), (m, urn) => {
      messages.push(m);
      urns.push(urn);
    });
  } catch (e) {
    if (e instanceof NotApplicableError) return { messages, urns, notApplicable: e.reason };
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
  const { violations } = await evaluatePolicies(policies, resources.map(target));
  return violations.map((v) => ({
    policy: v.policy,
    level: v.enforcementLevel,
    message: v.message,
    urn: v.urn,
  }));
}

/**
 * Every registration as policy input: type, name, URN, and the inputs as props. Asserts there is
 * one at least: the pack finds nothing wrong in nothing, so a program that registered nothing
 * would pass every "no finding" check.
 */
export function registeredResources(): Res[] {
  assert.ok(
    registered.length > 0,
    "nothing was registered: the policies would have nothing to check",
  );
  return registered.map((r) => ({
    type: r.type,
    name: r.name,
    urn: r.urn,
    props: unwrapSecrets(r.inputs) as Record<string, any>,
  }));
}
