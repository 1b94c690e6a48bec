import * as assert from "assert";

/**
 * Asserts that a barrel's run-time exports are exactly `names` (a name added to or dropped from
 * the public API must be added to or dropped from its test too), and that each holds a value: a
 * name listed in the barrel but exported as a type only by its module would be `undefined`.
 */
export function assertBarrelExports(barrel: object, names: readonly string[]): void {
  assert.ok(names.length > 0, "a barrel exports something");
  assert.deepStrictEqual(Object.keys(barrel).sort(), [...names].sort());
  const undefinedNames = names.filter((n) => (barrel as Record<string, unknown>)[n] === undefined);
  assert.deepStrictEqual(undefinedNames, [], "names exported as undefined");
}
