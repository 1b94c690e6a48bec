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
 * Validates a component's args with `schema`.
 * - Fully known args are parsed now: a bad value throws before anything is registered.
 * - Args holding Outputs are parsed once resolved, inside `apply`, with the same schema and
 *   messages; every child built from the result waits on it, so none is created with bad input.
 *   Call this form after `super()` and pass the component as `resource` for a ResourceError.
 */
export function validateNow<S extends z.ZodType>(
  component: string,
  name: string,
  schema: S,
  args: unknown,
): z.output<S> | undefined {
  return isKnown(args) ? parseArgs(component, name, schema, args) : undefined;
}

/** The deploy-time half of {@link validateNow}: the parsed args as an Output. */
export function validateLater<S extends z.ZodType>(
  component: string,
  name: string,
  schema: S,
  args: unknown,
  early: z.output<S> | undefined,
  resource: pulumi.Resource,
): pulumi.Output<z.output<S>> {
  if (early !== undefined) return pulumi.output(early) as unknown as pulumi.Output<z.output<S>>;
  return pulumi.output(args as pulumi.Input<object>).apply((resolved) => {
    const result = schema.safeParse(resolved);
    if (!result.success)
      throw new pulumi.ResourceError(formatIssues(component, name, result.error), resource);
    return result.data as z.output<S>;
  }) as pulumi.Output<z.output<S>>;
}
