import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";

/**
 * Asserts that `e` carries its problems as data (`problems`, as ArgsError and ApplyError do), each
 * with a non-empty `what`, `rule` and `fix`, and `message` rendered from them.
 */
export function assertRuleParts(e: unknown, context = ""): void {
  const problems = (e as { problems?: unknown } | undefined)?.problems;
  assert.ok(
    Array.isArray(problems) && problems.length > 0,
    `${context}: no problems as data on ${String(e)}`,
  );
  for (const p of problems as Record<string, unknown>[]) {
    for (const part of ["what", "rule", "fix"]) {
      assert.ok(
        typeof p[part] === "string" && p[part] !== "",
        `${context}: a problem without its ${part}: ${JSON.stringify(p)}`,
      );
    }
    assert.strictEqual(p.message, `${p.what} — ${p.rule}; ${p.fix}`, `${context}: message`);
  }
}

/**
 * Runs `fn`, asserts it throws, and that the message holds every fragment; returns the message.
 * An error of ours (one with `problems`) must carry every problem's parts ({@link assertRuleParts}).
 */
export function throwsWith(fn: () => unknown, ...fragments: string[]): string {
  let message: string | undefined;
  try {
    fn();
  } catch (e) {
    message = (e as Error).message;
    if (e instanceof Error && "problems" in e) assertRuleParts(e, message);
  }
  assert.ok(
    message !== undefined,
    `expected an error holding ${JSON.stringify(fragments)}, got none`,
  );
  for (const f of fragments) {
    assert.ok(message.includes(f), `error lacks ${JSON.stringify(f)}:\n${message}`);
  }
  return message;
}

/**
 * The error an output fails with; fails the test if it resolves instead. An error of ours (one
 * with `problems`) must carry every problem's parts ({@link assertRuleParts}).
 */
export function failureOf(o: pulumi.Output<unknown>): Promise<Error> {
  return (o as unknown as { promise(): Promise<unknown> }).promise().then(
    (v) => assert.fail(`expected a failure, got ${JSON.stringify(v)}`),
    (e: Error) => {
      if ("problems" in e) assertRuleParts(e, e.message);
      return e;
    },
  );
}
