import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { formatIssues, parseArgs } from "./errors";

/** True when `value` holds no Output or Promise anywhere: it can be validated right now. */
export function isKnown(value: unknown): boolean {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) return false;
  if (Array.isArray(value)) return value.every(isKnown);
  if (value !== null && typeof value === "object") return Object.values(value).every(isKnown);
  return true;
}

/**
 * Validates a component's args with `schema` when they are fully known: a bad value throws before
 * anything is registered. Returns undefined when the args hold Outputs; then call
 * {@link validateLater} after `super()`, which parses them once resolved with the same schema and
 * messages, so every child built from its result waits on it and none is created with bad input.
 */
export function validateNow<S extends z.ZodType>(
  component: string,
  name: string,
  schema: S,
  args: unknown,
): z.output<S> | undefined {
  return isKnown(args) ? parseArgs(component, name, schema, args) : undefined;
}

/**
 * The deploy-time half of {@link validateNow}, for args it could not check: the parsed args as an
 * Output, failing with a ResourceError on `resource`.
 */
export function validateLater<S extends z.ZodType>(
  component: string,
  name: string,
  schema: S,
  args: unknown,
  resource: pulumi.Resource,
): pulumi.Output<z.output<S>> {
  return pulumi.output(args as pulumi.Input<object>).apply((resolved) => {
    const result = schema.safeParse(resolved);
    if (!result.success)
      throw new pulumi.ResourceError(formatIssues(component, name, result.error), resource);
    return result.data as z.output<S>;
  }) as pulumi.Output<z.output<S>>;
}

/**
 * `v`, or, when `checked` is given, `v` once `checked` resolves: a child whose inputs wait on a
 * check made at apply time is not created when the check fails (it fails with it).
 */
export function afterCheck<T>(checked: pulumi.Output<unknown> | undefined, v: T): pulumi.Input<T> {
  return checked ? checked.apply(() => v) : v;
}
