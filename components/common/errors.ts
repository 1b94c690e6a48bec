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

/** Renders every issue of a failed parse as `Component 'name': args.<path> <message>`, one a line. */
export function formatIssues(component: string, name: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) => {
    const path = renderPath(issue.path);
    const where = path ? `args.${path}` : "args";
    const message = issue.code === "custom" ? issue.message : builtinMessage(issue);
    return `${component} '${name}': ${where} ${message}`;
  });
  return lines.join("\n");
}

/**
 * Parses `args` with `schema`; on failure throws one Error naming the component, each argument
 * path, the upstream rule and the fix. Pure: registers nothing.
 */
export function parseArgs<S extends z.ZodType>(
  component: string,
  name: string,
  schema: S,
  args: unknown,
): z.output<S> {
  const result = schema.safeParse(args);
  if (!result.success) throw new Error(formatIssues(component, name, result.error));
  return result.data;
}
