/**
 * Errors as data: a broken rule in the project's three parts (what is wrong, the upstream rule,
 * the fix), a component's problems (each a broken rule at an argument path), and the error that
 * carries them. They are rendered as text only at the edge (an error's message).
 */
import { z } from "zod";

/**
 * A broken rule, in the project's three parts: what is wrong (said of the argument, after its
 * path), the upstream rule it breaks, and the fix; `message` is the three as one text.
 */
export interface BrokenRule {
  /** What is wrong, e.g. `(300) must be ≥ pullPolicy.timeoutSeconds (600)`. */
  what: string;
  /** The upstream rule it breaks, e.g. `Kruise's ImagePullJob webhook: "…"`. */
  rule: string;
  /** The fix, e.g. `raise activeDeadlineSeconds or lower timeoutSeconds`. */
  fix: string;
  /** `<what> — <rule>; <fix>`, derived from the three. */
  message: string;
}

/** A {@link BrokenRule} of its three parts. */
export function brokenRule(what: string, rule: string, fix: string): BrokenRule {
  return { what, rule, fix, message: `${what} — ${rule}; ${fix}` };
}

/**
 * A broken rule as the options of a zod issue: zod's message, and the parts as `params`, which
 * {@link issueProblems} reads back. For `ctx.addIssue({ code: "custom", path, ...ruleIssue(…) })`
 * and `.refine(check, ruleIssue(…))` (zod's own checks, e.g. `.regex`, keep no params: use a
 * refine).
 */
export function ruleIssue(what: string, rule: string, fix: string): RuleIssue;
export function ruleIssue(broken: BrokenRule): RuleIssue;
export function ruleIssue(what: string | BrokenRule, rule = "", fix = ""): RuleIssue {
  const broken = typeof what === "string" ? brokenRule(what, rule, fix) : what;
  const { what: w, rule: r, fix: f, message } = broken;
  return { message, params: { brokenRule: { what: w, rule: r, fix: f } } };
}

/** What {@link ruleIssue} gives: a zod issue's message and params. */
export interface RuleIssue {
  message: string;
  params: { brokenRule: { what: string; rule: string; fix: string } };
}

/** The parts a custom issue carries ({@link ruleIssue}), if it carries them. */
function issueParts(issue: z.core.$ZodIssue): BrokenRule | undefined {
  if (issue.code !== "custom") return undefined;
  const parts: unknown = issue.params?.brokenRule;
  if (parts === null || typeof parts !== "object") return undefined;
  const { what, rule, fix } = parts as Record<string, unknown>;
  if (typeof what !== "string" || typeof rule !== "string" || typeof fix !== "string")
    return undefined;
  return brokenRule(what, rule, fix);
}

/** `["pool", "matchLabels", "kubernetes.io/os"]` → `pool.matchLabels["kubernetes.io/os"]`. */
export function renderPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key))
      out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** The rule and fix of one of zod's own issue kinds (our rules carry their own). */
function builtinRule(issue: z.core.$ZodIssue): BrokenRule {
  switch (issue.code) {
    case "invalid_type":
      if (issue.expected === "nonoptional" || /received undefined/.test(issue.message))
        return brokenRule("is missing", "the argument is required", "pass it");
      return brokenRule(
        `is not a ${issue.expected}: ${issue.message}`,
        `the argument's type is ${issue.expected}`,
        `pass a ${issue.expected}`,
      );
    case "unrecognized_keys":
      return brokenRule(
        `has unknown key(s) ${issue.keys.map((k) => `'${k}'`).join(", ")}`,
        "the component accepts only its documented args",
        "remove them or fix the spelling",
      );
    case "invalid_value":
      return brokenRule(
        `is not one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`,
        "the upstream field is an enum",
        "use one of those values",
      );
    case "invalid_union":
      return brokenRule(
        issue.message,
        "the value matches none of the accepted forms",
        "pass one of the documented forms",
      );
    default:
      return brokenRule(
        issue.message,
        "see the argument's documentation",
        "pass a value it accepts",
      );
  }
}

/**
 * The broken rule of one issue of a failed parse: the parts our rules carry
 * ({@link ruleIssue}), or those of zod's own issue kinds. A custom issue without parts (none of
 * ours) keeps its message as `what`, with `rule` and `fix` empty.
 */
export function issueRule(issue: z.core.$ZodIssue): BrokenRule {
  if (issue.code !== "custom") return builtinRule(issue);
  return issueParts(issue) ?? { what: issue.message, rule: "", fix: "", message: issue.message };
}

/**
 * One broken rule of a component's args, as data: the component and its name, where (an
 * argument path, `[]` for the args as a whole; or, for what is not an argument, a `where` text
 * such as "the name"), and the rule's parts: `what` is wrong, the upstream `rule`, the `fix`, and
 * `message`, the three as one text (`<what> — <rule>; <fix>`).
 */
export interface ArgProblem extends BrokenRule {
  /** The component (its class name), e.g. `SidecarWarm`. */
  component: string;
  /** The component's name, e.g. `mesh`. */
  name: string;
  /** The argument path; undefined when the problem is not one argument's (see `where`). */
  path?: readonly PropertyKey[];
  /** What the problem is about when it is not an argument, e.g. "the name". */
  where?: string;
}

/**
 * Maps a problem to where its value came from before it reached the component (e.g. the root
 * program's stack config key): the text to name instead of `<Component> '<name>': args.<path>`,
 * or undefined to leave it.
 */
export type ProblemOrigin = (p: ArgProblem) => string | undefined;

const origins = new Map<string, ProblemOrigin>();

/**
 * Sets the origin `key` that every problem is rendered through from now on (`platformFromConfig`
 * sets the stack config's for its Platform, so that errors at construction and at apply time
 * alike name config keys). Setting a key again replaces its origin.
 */
export function setProblemOrigin(key: string, origin: ProblemOrigin): void {
  origins.set(key, origin);
}

/** One problem as a line: `<Component> '<name>': args.<path> <message>`, or its origin's name. */
export function renderProblem(p: ArgProblem): string {
  for (const origin of origins.values()) {
    const at = origin(p);
    if (at !== undefined) return `${at} ${p.message}`;
  }
  const path = p.path === undefined ? undefined : renderPath(p.path);
  const where = path === undefined ? (p.where ?? "") : path ? `args.${path}` : "args";
  return `${p.component} '${p.name}': ${where} ${p.message}`;
}

/**
 * The error a component throws for bad args before it registers anything: its problems as data
 * ({@link ArgProblem}), its message their lines.
 */
export class ArgsError extends Error {
  constructor(public readonly problems: readonly ArgProblem[]) {
    super(problems.map(renderProblem).join("\n"));
  }
}

/**
 * The problems of an error a component's checks threw: an {@link ArgsError}'s. Anything else is
 * no broken rule but a fault, and is thrown on.
 */
export function problemsOf(e: unknown): ArgProblem[] {
  if (e instanceof ArgsError) return [...e.problems];
  throw e;
}

/**
 * The checks of a component's parts, run one after another before anything is registered, every
 * problem kept ({@link problemsOf}): bad args in several parts are reported at once.
 */
export class ProblemCollector {
  private readonly problems: ArgProblem[] = [];

  /** Runs the check of one part: its result, or undefined when it found problems. */
  check<T>(run: () => T): T | undefined {
    try {
      return run();
    } catch (e) {
      this.problems.push(...problemsOf(e));
      return undefined;
    }
  }

  /** Throws every problem kept, as one {@link ArgsError}; nothing when there is none. */
  throwAll(): void {
    if (this.problems.length > 0) throw new ArgsError(this.problems);
  }
}

/** An {@link ArgsError} of the one problem at argument `path`. */
export function argsError(
  component: string,
  name: string,
  path: readonly PropertyKey[],
  broken: BrokenRule,
): ArgsError {
  return new ArgsError([{ component, name, path, ...broken }]);
}

/** The problems of a failed parse, one per issue. */
export function issueProblems(component: string, name: string, error: z.ZodError): ArgProblem[] {
  return error.issues.map((issue) => ({ component, name, path: issue.path, ...issueRule(issue) }));
}

/**
 * Parses `args` with `schema`; on failure throws an {@link ArgsError} naming the component, each
 * argument path, the upstream rule and the fix. Pure: registers nothing.
 */
export function parseArgs<S extends z.ZodType>(
  component: string,
  name: string,
  schema: S,
  args: unknown,
): z.output<S> {
  const result = schema.safeParse(args);
  if (!result.success) throw new ArgsError(issueProblems(component, name, result.error));
  return result.data;
}
