/**
 * Args checked at construction when they are known, or once resolved when they hold Outputs:
 * the result is then plain or an Output, and what is built from it keeps that shape (plain
 * values stay plain, with no Output per child input).
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { validateLater } from "./inputs";

/** A value known at construction (plain), or once resolved (an Output). */
export type Settled<T> = T | pulumi.Output<T>;

/**
 * `args` as `validateNow` parsed them at construction (`early`), or, when they held Outputs (then
 * `early` is undefined), parsed once resolved with the same schema by `validateLater`, failing on
 * `resource` with an ApplyError that shows no secret.
 */
export function settledArgs<S extends z.ZodType>(
  component: string,
  name: string,
  schema: S,
  args: unknown,
  early: z.output<S> | undefined,
  resource: pulumi.Resource,
): Settled<z.output<S>> {
  return early !== undefined ? early : validateLater(component, name, schema, args, resource);
}

/** `f` of a settled value: plain when it is plain, an Output when it is one. */
export function whenSettled<T, R>(v: Settled<T>, f: (v: T) => R): Settled<R> {
  return pulumi.Output.isInstance(v)
    ? ((v as pulumi.Output<T>).apply((x) => f(x as T) as pulumi.Unwrap<R>) as pulumi.Output<R>)
    : f(v as T);
}
