import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { intOrPercentError, scaledValue } from "../../components/common/intOrPercent";
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

describe("int-or-percent (Kruise's GetScaledValueFromIntOrPercent)", () => {
  it("accepts whole numbers and percentages, rejects the rest with Kruise's reason", () => {
    for (const ok of [0, 3, "0%", "20%", "12.5%", "100%"])
      assert.strictEqual(intOrPercentError(ok), undefined, String(ok));
    assert.match(intOrPercentError("5")!, /string is not a percentage/);
    assert.match(intOrPercentError("abc%")!, /not a number followed by '%'/);
    assert.match(intOrPercentError("%")!, /not a number followed by '%'/);
    assert.match(intOrPercentError(1.5)!, /not a whole number/);
    assert.match(intOrPercentError(-1)!, /not between 0 and/);
    assert.match(intOrPercentError("-5%")!, /negative/);
  });

  it("scales percentages up or down", () => {
    assert.strictEqual(scaledValue("20%", 7, true), 2);
    assert.strictEqual(scaledValue("20%", 7, false), 1);
    assert.strictEqual(scaledValue("12.5%", 8, true), 1);
    assert.strictEqual(scaledValue(4, 100, true), 4);
  });
});
