import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
  atoi,
  isGoDuration,
  parseGoDuration,
  parseGoFloat,
} from "../../components/common/goSyntax";

const ROOT = path.resolve(__dirname, "..", "..", "..");
/** Go's own ParseFloat table (src/internal/strconv/atof_test.go `atoftests`), ported as data. */
const ATOF = JSON.parse(
  fs.readFileSync(path.join(ROOT, "test", "common", "testdata", "go-atof.json"), "utf8"),
) as { source: string; rows: [string, string, "nil" | "ErrSyntax" | "ErrRange"][] };

/** Go's `%v` of the expected value: "+Inf", "-Inf", "NaN", or a number. */
const expected = (out: string): number =>
  out === "+Inf" ? Infinity : out === "-Inf" ? -Infinity : out === "NaN" ? NaN : Number(out);

describe("Go's parsers", () => {
  it(`ParseFloat(s, 64) agrees with Go on its own table (${ATOF.rows.length} rows)`, () => {
    assert.ok(ATOF.rows.length > 250);
    const wrong: string[] = [];
    for (const [input, out, err] of [...ATOF.rows, ["1\u0000.2", "0", "ErrSyntax"] as const]) {
      const got = parseGoFloat(input);
      const want =
        err === "ErrSyntax" ? { error: "syntax" } : err === "ErrRange" ? { error: "range" } : null;
      if (want) {
        if (!("error" in got) || got.error !== want.error) {
          wrong.push(`${JSON.stringify(input)}: ${JSON.stringify(got)}, Go: ${err}`);
        }
      } else if (!("value" in got) || !Object.is(got.value, expected(out))) {
        if (!("value" in got && Number.isNaN(got.value) && out === "NaN")) {
          wrong.push(`${JSON.stringify(input)}: ${JSON.stringify(got)}, Go: ${out}`);
        }
      }
    }
    assert.deepStrictEqual(wrong, []);
  });

  it("Atoi: an optional sign and decimal digits", () => {
    assert.deepStrictEqual(["12", "+5", "-3", "", " 1", "1_0", "0x1", "1e3"].map(atoi), [
      12,
      5,
      -3,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("ParseDuration's grammar", () => {
    for (const d of ["0", "5s", "1m30s", "1.5h", ".5s", "-2ms", "3µs"])
      assert.ok(isGoDuration(d), d);
    for (const d of ["", "5", "1d", "1 h", "+"]) assert.ok(!isGoDuration(d), d);
  });

  it("ParseDuration's values, in nanoseconds", () => {
    assert.strictEqual(parseGoDuration("0"), 0);
    assert.strictEqual(parseGoDuration("-0s"), 0);
    assert.strictEqual(parseGoDuration("1h0m0s"), 3600e9);
    assert.strictEqual(parseGoDuration("1m30s"), 90e9);
    assert.strictEqual(parseGoDuration("1.5h"), 5400e9);
    assert.strictEqual(parseGoDuration(".5s"), 0.5e9);
    assert.strictEqual(parseGoDuration("-48h0m0s"), -48 * 3600e9);
    assert.strictEqual(parseGoDuration("+2ms3us"), 2.003e6);
    assert.strictEqual(parseGoDuration("3µs"), 3000);
    assert.strictEqual(parseGoDuration("1d"), undefined);
  });
});
