/** Assertions on the problems the Tekton checks report. */
import * as assert from "assert";
import { isDeepStrictEqual } from "util";
import { SpecProblem } from "../../../../components/tekton/validation";
import { assertRuleParts } from "../../../support/expect";

export type Path = (string | number)[];

export const show = (ps: SpecProblem[]) =>
  ps.map((p) => `${JSON.stringify(p.path)} ${p.message}`).join("\n");

/** Asserts a problem at exactly `path` holding every fragment, in ruleMessage form. */
export function has(problems: SpecProblem[], path: Path, ...fragments: string[]): SpecProblem {
  const hit = problems.find(
    (p) => isDeepStrictEqual(p.path, path) && fragments.every((f) => p.message.includes(f)),
  );
  assert.ok(
    hit,
    `no problem at ${JSON.stringify(path)} with ${JSON.stringify(fragments)}; got:\n${show(problems)}`,
  );
  assertRuleParts({ problems: [hit] }, show([hit]));
  return hit;
}

/** Asserts the only problem is at `path` and holds every fragment. */
export function only(problems: SpecProblem[], path: Path, ...fragments: string[]): SpecProblem {
  assert.strictEqual(problems.length, 1, `expected one problem, got:\n${show(problems)}`);
  return has(problems, path, ...fragments);
}

export function none(problems: SpecProblem[]): void {
  assert.deepStrictEqual(problems, [], show(problems));
}
