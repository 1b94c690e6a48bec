import { z } from "zod";

/**
 * One message for a broken rule, in the project's three parts: what is wrong (after the
 * argument path), the upstream rule it breaks, and the fix.
 */
export function ruleMessage(what: string, upstreamRule: string, fix: string): string {
  return `${what} — ${upstreamRule}; ${fix}`;
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

/** The fix to suggest for one of zod's own issue kinds (our rules carry their own). */
function builtinMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      if (issue.expected === "nonoptional" || /received undefined/.test(issue.message))
        return "is missing — the argument is required; pass it";
      return `is not a ${issue.expected}: ${issue.message} — the argument's type is ${issue.expected}; pass a ${issue.expected}`;
    case "unrecognized_keys":
      return `has unknown key(s) ${issue.keys.map((k) => `'${k}'`).join(", ")} — the component accepts only its documented args; remove them or fix the spelling`;
    case "invalid_value":
      return `is not one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")} — the upstream field is an enum; use one of those values`;
    case "invalid_union":
      return `${issue.message} — the value matches none of the accepted forms; pass one of the documented forms`;
    default:
      return `${issue.message} — see the argument's documentation; pass a value it accepts`;
  }
}

/**
 * One broken rule of a component's args, as data: the component and its name, where (an
 * argument path, `[]` for the args as a whole; or, for what is not an argument, a `where` text
 * such as "the name"), and the message (`<what> — <rule>; <fix>`).
 */
export interface ArgProblem {
  component: string;
  name: string;
  /** The argument path; undefined when the problem is not one argument's (see `where`). */
  path?: readonly PropertyKey[];
  /** What the problem is about when it is not an argument, e.g. "the name". */
  where?: string;
  message: string;
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

/** The problems a caught error carries: an {@link ArgsError}'s, or the message as one problem. */
export function problemsOf(e: unknown, component: string, name: string): ArgProblem[] {
  if (e instanceof ArgsError) return [...e.problems];
  return [{ component, name, where: "", message: e instanceof Error ? e.message : String(e) }];
}

/**
 * The checks of a component's parts, run one after another before anything is registered, every
 * problem kept ({@link problemsOf}): bad args in several parts are reported at once.
 */
export class ProblemCollector {
  private readonly problems: ArgProblem[] = [];

  /** `component`: the component whose parts are checked (for an error that is not an ArgsError). */
  constructor(private readonly component: string) {}

  /** Runs the check of the part named `name`: its result, or undefined when it threw. */
  check<T>(name: string, run: () => T): T | undefined {
    try {
      return run();
    } catch (e) {
      this.problems.push(...problemsOf(e, this.component, name));
      return undefined;
    }
  }

  /** Throws every problem kept, as one {@link ArgsError}; nothing when there is none. */
  throwAll(): void {
    if (this.problems.length > 0) throw new ArgsError(this.problems);
  }
}

/** Throws an {@link ArgsError} of the one problem at argument `path`. */
export function argsError(
  component: string,
  name: string,
  path: readonly PropertyKey[],
  message: string,
): ArgsError {
  return new ArgsError([{ component, name, path, message }]);
}

/** The problems of a failed parse, one per issue. */
export function issueProblems(component: string, name: string, error: z.ZodError): ArgProblem[] {
  return error.issues.map((issue) => ({
    component,
    name,
    path: issue.path,
    message: issue.code === "custom" ? issue.message : builtinMessage(issue),
  }));
}

/** Renders every issue of a failed parse as `Component 'name': args.<path> <message>`, one a line. */
export function formatIssues(component: string, name: string, error: z.ZodError): string {
  return issueProblems(component, name, error).map(renderProblem).join("\n");
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
