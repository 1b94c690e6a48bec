import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { quantityValue } from "../../components/common/quantity";

const ROOT = path.resolve(__dirname, "..", "..", "..");
/** The inputs of Kubernetes' TestQuantityParse, ported as data. */
const TABLE = JSON.parse(
  fs.readFileSync(path.join(ROOT, "test", "common", "testdata", "k8s-quantities.json"), "utf8"),
) as { valid: string[]; invalid: string[] };

describe("Kubernetes resource quantities", () => {
  it(`parse where ParseQuantity does (${TABLE.valid.length} inputs) and not where it does not`, () => {
    assert.ok(TABLE.valid.length > 90);
    assert.deepStrictEqual(
      TABLE.valid.filter((q) => quantityValue(q) === undefined),
      [],
      "refused, but Kubernetes takes them",
    );
    assert.deepStrictEqual(
      TABLE.invalid.filter((q) => quantityValue(q) !== undefined),
      [],
      "taken, but Kubernetes refuses them",
    );
  });

  it("values, for comparing requests with limits", () => {
    assert.strictEqual(quantityValue("250m"), 0.25);
    assert.strictEqual(quantityValue("1Gi"), 2 ** 30);
    assert.strictEqual(quantityValue("1G"), 1e9);
    assert.strictEqual(quantityValue("12e6"), 12e6);
    assert.strictEqual(quantityValue("-1"), -1);
  });
});
