import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

/** The repository's root (the tests run from .build/test). */
const ROOT = path.resolve(__dirname, "..", "..");

/** Every TypeScript source under `dir`, relative to it, with `/` separators. */
function sources(dir: string, at = ""): string[] {
  return fs.readdirSync(path.join(dir, at), { withFileTypes: true }).flatMap((e) => {
    const rel = at ? `${at}/${e.name}` : e.name;
    if (e.isDirectory()) return sources(dir, rel);
    return /\.ts$/.test(e.name) && !/\.d\.ts$/.test(e.name) ? [rel] : [];
  });
}

describe("the test tree mirrors components/", () => {
  it("every components/<p>.ts has its test/<p>.test.ts", () => {
    const files = sources(path.join(ROOT, "components"));
    // The package's sources, counted: a tree read wrong (or not at all) cannot pass.
    assert.ok(files.length >= 100, `${files.length} sources under components/`);
    assert.ok(files.includes("index.ts") && files.includes("kruise/cloneSetSpec.ts"));
    const missing = files
      .map((f) => `test/${f.replace(/\.ts$/, ".test.ts")}`)
      .filter((t) => !fs.existsSync(path.join(ROOT, t)));
    assert.deepStrictEqual(missing, [], "components/ files without a same-path test file");
  });

  it("each of those test files holds a test", () => {
    const tests = sources(path.join(ROOT, "components")).map((f) =>
      path.join(ROOT, "test", f.replace(/\.ts$/, ".test.ts")),
    );
    assert.ok(tests.length >= 100, `${tests.length} test files`);
    const empty = tests.filter((t) => !/\bit\(/.test(fs.readFileSync(t, "utf8")));
    assert.deepStrictEqual(
      empty.map((t) => path.relative(ROOT, t)),
      [],
      "test files without a test",
    );
  });
});
