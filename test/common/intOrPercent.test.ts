import * as assert from "assert";
import {
  intOrPercentError,
  intOrPercentSchema,
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
    const schema = intOrPercentSchema("maxUnavailable", "Kruise validates the rolling update");
    assert.strictEqual(schema.safeParse("50%").success, true);
    assert.strictEqual(schema.safeParse(0).success, true);
    const r = schema.safeParse("half");
    assert.ok(!r.success);
    assert.deepStrictEqual(
      r.error.issues.map((i) => i.message),
      [
        '("half") is a string that is not a percentage ("invalid type: string is not a percentage") — Kruise validates the rolling update (failed GetScaledValueFromIntOrPercent for maxUnavailable); give a whole number ≥ 0 such as 2, or a percentage such as "20%"',
      ],
    );
    assert.strictEqual(schema.safeParse(true).success, false, "neither number nor string");
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
