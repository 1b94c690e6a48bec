/**
 * The plumbing every check shares: a problem (where and what), a collector that reports problems
 * under a path, the names that repeat in a list, the upstream components that refuse a spec; and
 * the one Error the manifest builders throw for a spec's problems.
 */
import { ArgsError, BrokenRule, brokenRule, renderPath } from "../../common/errors";

/** One problem: where (a zod-style path), and the rule broken there. */
export interface SpecProblem extends BrokenRule {
  path: (string | number)[];
}

export type Path = (string | number)[];
export type Report = (path: Path, broken: BrokenRule) => void;

export const WEBHOOK = "Tekton's admission webhook rejects";
export const TASKRUN = "Tekton fails the TaskRun";
export const PIPELINERUN = "Tekton fails the PipelineRun";
export const q = (s: unknown): string => JSON.stringify(s);

/** A collector that prefixes every path with `at`. */
export function collector(at: Path): { problems: SpecProblem[]; report: Report } {
  const problems: SpecProblem[] = [];
  return {
    problems,
    report: (path, broken) => problems.push({ path: [...at, ...path], ...broken }),
  };
}

/** The items of `names` seen before, with the index of each repeat. */
export function repeats(names: readonly string[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  names.forEach((n, i) => (seen.has(n) ? out.push(i) : seen.add(n)));
  return out;
}

/**
 * Reports every repeat of a name in `items` (each at `[...at, i, "name"]`) as
 * `<what> <name> twice`, with the upstream rule and the fix.
 */
export function reportRepeats(
  report: Report,
  at: Path,
  items: readonly { name: string }[],
  what: string,
  rule: (name: string) => string,
  fix = "remove or rename one of them",
): void {
  for (const i of repeats(items.map((x) => x.name))) {
    const name = items[i].name;
    report([...at, i, "name"], brokenRule(`${what} ${q(name)} twice`, rule(name), fix));
  }
}

/**
 * Throws one {@link ArgsError} listing `problems` as `<Kind> '<name>': <prefix>.<path> <message>`,
 * if any (what they are about is a spec the component builds, not one of its arguments).
 */
export function throwProblems(
  component: string,
  name: string,
  problems: readonly SpecProblem[],
  prefix = "",
): void {
  if (problems.length === 0) return;
  throw new ArgsError(
    problems.map(({ path: at, ...broken }) => {
      const path = renderPath(at);
      return {
        component,
        name,
        where: `${prefix}${path ? `${prefix ? "." : ""}${path}` : ""}`,
        ...broken,
      };
    }),
  );
}
