import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";

/** Runs `fn`, asserts it throws, and that the message holds every fragment; returns the message. */
export function throwsWith(fn: () => unknown, ...fragments: string[]): string {
  let message: string | undefined;
  try {
    fn();
  } catch (e) {
    message = (e as Error).message;
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

/** The error an output fails with; fails the test if it resolves instead. */
export function failureOf(o: pulumi.Output<unknown>): Promise<Error> {
  return (o as unknown as { promise(): Promise<unknown> }).promise().then(
    (v) => assert.fail(`expected a failure, got ${JSON.stringify(v)}`),
    (e: Error) => e,
  );
}
