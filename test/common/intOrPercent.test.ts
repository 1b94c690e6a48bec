import * as assert from "assert";
import { z } from "zod";
import {
  intOrPercentError,
  intOrPercentShape,
  intOrPercentValue,
  scaledValue,
} from "../../components/common/intOrPercent";

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

describe("int-or-percent, read as Kubernetes' intstr.GetValueFromIntOrPercent (strconv.Atoi)", () => {
  const cases: [string | number, "float" | "int", RegExp | undefined][] = [
    ["20%", "int", undefined],
    ["+20%", "int", undefined],
    ["020%", "int", undefined],
    ["0%", "int", undefined],
    ["12.5%", "int", /not a whole number followed by '%' \(strconv.Atoi: invalid syntax\)/],
    ["1e2%", "int", /strconv.Atoi/],
    [" 5%", "int", /strconv.Atoi/],
    ["-5%", "int", /is negative/],
    ["12.5%", "float", undefined],
    ["1e2%", "float", undefined],
    [".5%", "float", undefined],
    ["Inf%", "float", /not a finite percentage/],
    ["NaN%", "float", /not a finite percentage/],
    ["5 %", "float", /strconv.ParseFloat: invalid syntax/],
    [2 ** 31 - 1, "int", undefined],
    [2 ** 31, "int", /is not between 0 and 2147483647/],
  ];

  it("each parser accepts what its Go function parses, and nothing else", () => {
    assert.strictEqual(cases.length, 16);
    for (const [v, parser, want] of cases) {
      const got = intOrPercentError(v, parser);
      if (want === undefined) assert.strictEqual(got, undefined, `${v} (${parser})`);
      else assert.match(got ?? "(accepted)", want, `${v} (${parser})`);
    }
  });

  it("the schema names the field and Kruise's rule, and the fix", () => {
    const schema = z.strictObject(
      intOrPercentShape("maxUnavailable", "Kruise validates the rolling update"),
    );
    assert.strictEqual(schema.safeParse({ maxUnavailablePercent: 50 }).success, true);
    assert.strictEqual(schema.safeParse({ maxUnavailablePercent: 12.5 }).success, true);
    assert.strictEqual(schema.safeParse({ maxUnavailable: 0 }).success, true);
    assert.strictEqual(schema.safeParse({}).success, true);
    const messages = (v: unknown) => {
      const r = schema.safeParse(v);
      assert.ok(!r.success, JSON.stringify(v));
      return r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    assert.deepStrictEqual(messages({ maxUnavailable: "20%" }), [
      'maxUnavailable: ("20%") is not a whole number between 0 and 2147483647 — Kruise validates the rolling update (a count: an int32); give a whole number ≥ 0 such as 2, or maxUnavailablePercent for a percentage',
    ]);
    assert.deepStrictEqual(messages({ maxUnavailable: 1.5 }), [
      "maxUnavailable: (1.5) is not a whole number between 0 and 2147483647 — Kruise validates the rolling update (a count: an int32); give a whole number ≥ 0 such as 2, or maxUnavailablePercent for a percentage",
    ]);
    assert.deepStrictEqual(messages({ maxUnavailable: 2 ** 31 }).length, 1);
    assert.deepStrictEqual(messages({ maxUnavailable: -1 }).length, 1);
    assert.deepStrictEqual(messages({ maxUnavailablePercent: 101 }), [
      'maxUnavailablePercent: (101) is not a percentage between 0 and 100 — Kruise validates the rolling update (a percentage, written "<n>%" upstream); give e.g. 20 for 20%, or maxUnavailable for a count',
    ]);
    assert.deepStrictEqual(messages({ maxUnavailablePercent: -0.5 }).length, 1);
    assert.deepStrictEqual(messages({ maxUnavailablePercent: "20" }).length, 1);
  });

  it("reads the pair as one value: the count, or the percentage as '<n>%'; never both", () => {
    const schema = z
      .strictObject(intOrPercentShape("partition", "rule"))
      .transform((a, ctx) => intOrPercentValue(ctx, a, "partition", "spec.partition", ["s"]));
    assert.strictEqual(schema.parse({ partition: 3 }), 3);
    assert.strictEqual(schema.parse({ partition: 0 }), 0);
    assert.strictEqual(schema.parse({ partitionPercent: 12.5 }), "12.5%");
    assert.strictEqual(schema.parse({ partitionPercent: 0 }), "0%");
    assert.strictEqual(schema.parse({}), undefined);
    const r = schema.safeParse({ partition: 2, partitionPercent: 20 });
    assert.ok(!r.success);
    assert.deepStrictEqual(
      r.error.issues.map((i) => [i.path.join("."), i.message]),
      [
        [
          "s.partitionPercent",
          "(20) is given with partition (2) — both set spec.partition, which is a count or a percentage; give partition (a count) or partitionPercent (a percentage), not both",
        ],
      ],
    );
  });

  it("scales a whole number as is, a percentage of the total rounded as asked", () => {
    assert.strictEqual(scaledValue("0%", 10, true), 0);
    assert.strictEqual(scaledValue("100%", 3, false), 3);
    assert.strictEqual(scaledValue("33%", 10, true), 4);
    assert.strictEqual(scaledValue("33%", 10, false), 3);
    assert.strictEqual(scaledValue("50%", 0, true), 0);
    assert.strictEqual(scaledValue(7, 3, false), 7, "a number is not capped by the total");
  });
});
