import * as assert from "assert";
import { z } from "zod";
import { INT32_MAX, int32Schema, int64Schema } from "../../components/common/intBounds";

/** The messages `schema` refuses `value` with, [] when it takes it. */
function messages(schema: z.ZodType, value: unknown): string[] {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => i.message);
}

describe("whole numbers within the upstream field's range (components/common/intBounds)", () => {
  const int32 = int32Schema("spec.parallelism", 1, "Kruise needs at least one puller");
  const int64 = int64Schema("spec.activeDeadlineSeconds", 0, "a deadline is not negative");

  it("INT32_MAX is Go's math.MaxInt32", () => {
    assert.strictEqual(INT32_MAX, 2147483647);
  });

  it("int32: takes min..2^31-1, refuses the rest naming the range", () => {
    const cases: [unknown, string | undefined][] = [
      [1, undefined],
      [2147483647, undefined],
      [0, "(0) is out of range — Kruise needs at least one puller; use 1..2147483647"],
      [
        2147483648,
        "(2147483648) is out of range — Kruise needs at least one puller; use 1..2147483647",
      ],
      [-5, "(-5) is out of range — Kruise needs at least one puller; use 1..2147483647"],
    ];
    assert.strictEqual(cases.length, 5);
    for (const [v, want] of cases) {
      assert.deepStrictEqual(messages(int32, v), want === undefined ? [] : [want], String(v));
    }
  });

  it("int32 and int64: refuse what is no whole number, naming the upstream type", () => {
    const notWhole = (v: string, type: string) =>
      `(${v}) is not a whole number — ${type}; give a whole number`;
    const cases: [unknown, string][] = [
      [1.5, "1.5"],
      ["3", '"3"'],
      [NaN, "null"],
      [Infinity, "null"],
      [null, "null"],
      [true, "true"],
    ];
    assert.strictEqual(cases.length, 6);
    for (const [v, shown] of cases) {
      assert.deepStrictEqual(
        messages(int32, v),
        [notWhole(shown, "spec.parallelism is an int32")],
        String(v),
      );
      assert.deepStrictEqual(
        messages(int64, v),
        [
          notWhole(
            shown,
            "spec.activeDeadlineSeconds is an int64 (exact in JavaScript up to 2^53 - 1)",
          ),
        ],
        String(v),
      );
    }
  });

  it("int64: takes min..2^53-1, past which a JavaScript number is no longer exact", () => {
    assert.deepStrictEqual(messages(int64, 0), []);
    assert.deepStrictEqual(messages(int64, Number.MAX_SAFE_INTEGER), []);
    assert.deepStrictEqual(messages(int64, 2 ** 31), [], "beyond int32");
    assert.deepStrictEqual(messages(int64, 2 ** 53), [
      "(9007199254740992) is out of range — a deadline is not negative; use 0..9007199254740991",
    ]);
    assert.deepStrictEqual(messages(int64, -1), [
      "(-1) is out of range — a deadline is not negative; use 0..9007199254740991",
    ]);
  });

  it("stops at a value that is no number: the enclosing object's own rules do not run on it", () => {
    const schema = z
      .object({ n: int32 })
      .superRefine((o, ctx) => ctx.addIssue({ code: "custom", message: `object rule saw ${o.n}` }));
    assert.deepStrictEqual(messages(schema, { n: "x" }), [
      '("x") is not a whole number — spec.parallelism is an int32; give a whole number',
    ]);
    assert.deepStrictEqual(messages(schema, { n: 2 }), ["object rule saw 2"]);
  });
});
