import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ApplyError } from "./applyError";
import { ArgProblem, brokenRule, issueProblems, parseArgs } from "./errors";

/** True when `value` holds no Output or Promise anywhere: it can be validated right now. */
export function isKnown(value: unknown): boolean {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) return false;
  if (Array.isArray(value)) return value.every(isKnown);
  if (value !== null && typeof value === "object") return Object.values(value).every(isKnown);
  return true;
}

/**
 * `args` without the top-level args whose values are not known yet (Outputs, Promises): what can
 * be checked now, at construction, when {@link validateNow} cannot check them all (then
 * {@link validateLater} checks the whole once known).
 */
export function knownArgs<A extends object>(args: A): Partial<A> {
  return Object.fromEntries(Object.entries(args).filter(([, v]) => isKnown(v))) as Partial<A>;
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
 * Output, failing with an {@link ApplyError} (a ResourceError) on `resource`, whose problems show
 * no secret value.
 */
export function validateLater<S extends z.ZodType>(
  component: string,
  name: string,
  schema: S,
  args: unknown,
  resource: pulumi.Resource,
): pulumi.Output<z.output<S>> {
  return pulumi.output(args as pulumi.Input<object>).apply(async (resolved) => {
    const result = schema.safeParse(resolved);
    if (!result.success) {
      const secrets = await secretValues(args);
      const problems = issueProblems(component, name, result.error);
      throw new ApplyError(
        problems.map((p) => redactProblem(p, secrets)),
        resource,
      );
    }
    return result.data as z.output<S>;
  }) as pulumi.Output<z.output<S>>;
}

/** The value of an Output, once known. */
const valueOf = <T>(o: pulumi.Output<T>): Promise<T> =>
  new Promise((resolve) => o.apply((v) => resolve(v)));

/** A value and, when it is an object or array, every string and number inside it. */
function withLeaves(v: unknown): unknown[] {
  if (typeof v === "string" || typeof v === "number") return [v];
  if (v !== null && typeof v === "object") return [v, ...Object.values(v).flatMap(withLeaves)];
  return [v];
}

/**
 * The values of every secret Output in `v` (a `pulumi.secret` arg, or one nested in an Output,
 * which makes the whole Output secret), each with the strings and numbers inside it.
 */
export async function secretValues(v: unknown): Promise<unknown[]> {
  if (pulumi.Output.isInstance(v)) {
    return (await pulumi.isSecret(v))
      ? withLeaves(await valueOf(v))
      : secretValues(await valueOf(v));
  }
  if (v !== null && typeof v === "object") {
    const parts = await Promise.all(Object.values(v).map(secretValues));
    return parts.flat();
  }
  return [];
}

/**
 * `message` with each of `secrets` shown as `[secret]` wherever it is echoed: as JSON (how the
 * messages quote a value), and as is when it is a string of at least 4 characters (shorter ones
 * would match ordinary words).
 */
export function redactSecrets(message: string, secrets: readonly unknown[]): string {
  let out = message;
  for (const s of secrets) {
    if (s === undefined) continue;
    out = out.split(JSON.stringify(s)).join("[secret]");
    if (typeof s === "string" && s.length >= 4) out = out.split(s).join("[secret]");
  }
  return out;
}

/** `p` with each of `secrets` shown as `[secret]` in its texts, as {@link redactSecrets} does. */
export function redactProblem(p: ArgProblem, secrets: readonly unknown[]): ArgProblem {
  const r = (text: string) => redactSecrets(text, secrets);
  return {
    ...p,
    ...(p.path && { path: p.path.map((k) => (typeof k === "string" ? r(k) : k)) }),
    ...(p.where !== undefined && { where: r(p.where) }),
    ...brokenRule(r(p.what), r(p.rule), r(p.fix)),
  };
}

/**
 * `v`, or, when `checked` is given, `v` once `checked` resolves: a child whose inputs wait on a
 * check made at apply time is not created when the check fails (it fails with it).
 */
export function afterCheck<T>(checked: pulumi.Output<unknown> | undefined, v: T): pulumi.Input<T> {
  return checked ? checked.apply(() => v) : v;
}
