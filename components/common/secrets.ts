/**
 * Credentials: taken only as Pulumi secrets, kept secret through every value built from them.
 */
import * as pulumi from "@pulumi/pulumi";
import { ruleMessage } from "./errors";

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
    throw new Error(
      `${component} '${name}': args.${argPath} ${ruleMessage(
        what,
        "credentials are taken only as Pulumi secrets, so that they are encrypted in the state and masked in logs",
        `pass pulumi.secret(value) or config.requireSecret("${argPath.replace(/\W+/g, "-")}")`,
      )}`,
    );
  }
  return pulumi.secret(value);
}

/**
 * Fails the deployment (never the value's owner: the message holds no secret) when a resolved
 * credential is empty.
 */
export function nonEmptySecret(
  component: string,
  name: string,
  argPath: string,
  value: pulumi.Output<string>,
  resource: pulumi.Resource,
  /** A further rule: the problem's message (no value in it: it may be secret), or undefined. */
  check?: (v: string) => string | undefined,
): pulumi.Output<string> {
  return pulumi.secret(
    value.apply((v) => {
      const problem = typeof v === "string" && v.length > 0 ? check?.(v) : undefined;
      if (problem) {
        throw new pulumi.ResourceError(
          `${component} '${name}': args.${argPath} ${problem}`,
          resource,
        );
      }
      if (typeof v !== "string" || v.length === 0) {
        throw new pulumi.ResourceError(
          `${component} '${name}': args.${argPath} ${ruleMessage(
            "is empty",
            "an empty credential only fails later, at the first pull, clone or login",
            "set the secret's value",
          )}`,
          resource,
        );
      }
      return v;
    }),
  );
}
