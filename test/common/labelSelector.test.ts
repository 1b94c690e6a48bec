import * as assert from "assert";
import {
  labelKeyError,
  labelSelectorSchema,
  labelValueError,
} from "../../components/common/labelSelector";

describe("label selectors (labels.NewRequirement rules)", () => {
  it("accepts qualified keys and valid values", () => {
    for (const k of ["app", "kubernetes.io/os", "a.b-c_d", "example.com/MyName", "x".repeat(63)]) {
      assert.strictEqual(labelKeyError(k), undefined, k);
    }
    for (const v of ["", "v1", "my_value", "12345", "a".repeat(63)])
      assert.strictEqual(labelValueError(v), undefined, v);
  });

  it("rejects bad keys with the part at fault", () => {
    assert.match(labelKeyError("a/b/c")!, /one '\/'/);
    assert.match(labelKeyError("/name")!, /prefix part must be non-empty/);
    assert.match(labelKeyError("Bad_/k")!, /prefix part must be a lowercase RFC 1123 subdomain/);
    assert.match(labelKeyError("x".repeat(64))!, /no more than 63/);
    assert.match(labelKeyError("-bad")!, /start and end with an alphanumeric/);
    assert.match(labelKeyError("")!, /name part must be non-empty/);
  });

  it("rejects bad values", () => {
    assert.match(labelValueError("-bad")!, /must be empty or consist of/);
    assert.match(labelValueError("v".repeat(64))!, /no more than 63/);
  });

  it("needs values for In/NotIn and none for Exists/DoesNotExist", () => {
    const bad = labelSelectorSchema.safeParse({
      matchExpressions: [
        { key: "pool", operator: "In" },
        { key: "pool", operator: "Exists", values: ["x"] },
      ],
    });
    assert.ok(!bad.success);
    const messages = bad.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    assert.ok(
      messages.some((m) =>
        m.startsWith("matchExpressions.0.values: is empty but operator is 'In'"),
      ),
      messages.join("\n"),
    );
    assert.ok(messages.some((m) => m.includes("values set can't be empty")));
    assert.ok(
      messages.some((m) =>
        m.startsWith("matchExpressions.1.values: has 1 value(s) but operator is 'Exists'"),
      ),
    );
    assert.ok(
      labelSelectorSchema.safeParse({
        matchExpressions: [
          { key: "pool", operator: "NotIn", values: ["a"] },
          { key: "gpu", operator: "DoesNotExist" },
        ],
      }).success,
    );
  });

  it("rejects an unknown operator and unknown fields", () => {
    assert.ok(
      !labelSelectorSchema.safeParse({ matchExpressions: [{ key: "k", operator: "Foo" }] }).success,
    );
    assert.ok(!labelSelectorSchema.safeParse({ matchLabel: { a: "b" } }).success);
  });
});
