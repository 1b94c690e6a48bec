import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { mergeValues, sortedValues } from "../../components/common/values";

describe("Helm values", () => {
  it("merges maps key by key, replaces lists and scalars, and removes keys set to null", () => {
    const base = { a: { b: 1, c: [1, 2], d: { e: "x" } }, f: "keep" };
    const merged = mergeValues(base, { a: { b: 2, c: [3], d: null }, g: true });
    assert.deepStrictEqual(merged, { a: { b: 2, c: [3] }, f: "keep", g: true });
    assert.deepStrictEqual(
      base,
      { a: { b: 1, c: [1, 2], d: { e: "x" } }, f: "keep" },
      "inputs unchanged",
    );
    assert.deepStrictEqual(mergeValues(base, undefined), base);
  });

  it("sorts keys at every depth, drops undefined, and leaves Outputs alone", () => {
    const secret = pulumi.secret("hash");
    const sorted = sortedValues({ z: 1, a: { y: [{ d: 1, c: 2 }], x: undefined }, o: secret });
    assert.deepStrictEqual(JSON.stringify(Object.keys(sorted)), '["a","o","z"]');
    assert.deepStrictEqual(Object.keys(sorted.a), ["y"]);
    assert.deepStrictEqual(Object.keys(sorted.a.y[0]), ["c", "d"]);
    assert.strictEqual(sorted.o, secret);
  });
});
