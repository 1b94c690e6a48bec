/**
 * Credentials: taken only as Pulumi secrets, kept secret through every value built from them.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ApplyError } from "./applyError";
import { BrokenRule, argsError, brokenRule, ruleIssue } from "./errors";

/**
 * Checks that a credential is an Output (from `pulumi.secret(…)` or `config.requireSecret(…)`),
 * not a plain string a program could print or leave in source control, and returns it marked
 * secret (an Output from plain `config.require` gains the mark here). Throws before anything is
 * registered; the message never contains the value.
 */
export function secretInput(
  component: string,
  name: string,
  argPath: string,
  value: pulumi.Input<string> | undefined,
): pulumi.Output<string> {
  if (value === undefined || !pulumi.Output.isInstance(value)) {
    const what = value === undefined ? "is missing" : "is a plain string";
    throw argsError(
      component,
      name,
      argPath.split("."),
      brokenRule(
        what,
        "credentials are taken only as Pulumi secrets, so that they are encrypted in the state and masked in logs",
        `pass pulumi.secret(value) or config.requireSecret("${argPath.replace(/\W+/g, "-")}")`,
      ),
    );
  }
  return pulumi.secret(value);
}

/** Why a credential is refused when it resolves to `v` (the rule never holds the value). */
export function credentialProblem(
  v: unknown,
  /** A further rule for a non-empty string: the rule it breaks, or undefined. */
  check?: (v: string) => BrokenRule | undefined,
): BrokenRule | undefined {
  if (typeof v === "string" && v.length > 0) return check?.(v);
  if (v === undefined || v === null || v === "") {
    return brokenRule(
      "is empty",
      "an empty credential only fails later, at the first pull, clone or login",
      "set the secret's value",
    );
  }
  return brokenRule(
    `is a ${Array.isArray(v) ? "list" : typeof v}, not a string`,
    "a credential is written as a string into the Secret's stringData",
    "pass a string (or a Pulumi secret of one)",
  );
}

/**
 * The schema of a credential that may also be given as a plain value (a login name): a plain
 * value is checked now, before anything is registered; an Output or a Promise passes here and is
 * checked once resolved, by {@link nonEmptySecret}.
 */
export function credentialValueSchema(check?: (v: string) => BrokenRule | undefined) {
  return z.unknown().superRefine((v, ctx) => {
    if (pulumi.Output.isInstance(v) || v instanceof Promise) return;
    const problem = credentialProblem(v, check);
    if (problem) ctx.addIssue({ code: "custom", ...ruleIssue(problem), continue: false });
  });
}

/**
 * Fails the deployment (never the value's owner: the message holds no secret) when a resolved
 * credential is refused by {@link credentialProblem}.
 */
export function nonEmptySecret(
  component: string,
  name: string,
  argPath: string,
  value: pulumi.Output<string>,
  resource: pulumi.Resource,
  /** A further rule: the rule it breaks (no value in it: it may be secret), or undefined. */
  check?: (v: string) => BrokenRule | undefined,
): pulumi.Output<string> {
  return pulumi.secret(
    value.apply((v) => {
      const problem = credentialProblem(v, check);
      if (problem) {
        throw new ApplyError([{ component, name, path: argPath.split("."), ...problem }], resource);
      }
      return v;
    }),
  );
}
