import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

/**
 * Issue 15, item 7: the public API is listed name by name. Every barrel names what it exports
 * (no `export *`), and what the package publishes holds no zod schema, no component's internal
 * args check, and no internal helper.
 */
const ROOT = path.resolve(__dirname, "..", "..");

/** Every `index.ts` under components/. */
function barrels(dir = path.join(ROOT, "components")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return barrels(p);
    return e.name === "index.ts" ? [p] : [];
  });
}

describe("the public API, name by name", () => {
  it("every barrel lists its exports (no export *)", () => {
    const files = barrels();
    assert.ok(files.length >= 6, `${files.length} barrels`);
    const star = files.filter((f) => /^export \* from/m.test(fs.readFileSync(f, "utf8")));
    assert.deepStrictEqual(
      star.map((f) => path.relative(ROOT, f)),
      [],
    );
  });

  it("publishes no zod schema, no internal args check and no internal helper", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const names = Object.keys(require(path.join(ROOT, "dist")));
    assert.ok(names.length > 100, `${names.length} names`);
    const internal = names.filter(
      (n) =>
        /Schema$/.test(n) ||
        /^check\w*Args$/.test(n) ||
        [
          "throwProblems",
          "shapeProblems",
          "withoutUndefined",
          "configError",
          "formatIssues",
        ].includes(n),
    );
    assert.deepStrictEqual(internal, []);
    for (const component of ["Platform", "CloneSet", "BaseImageWarm", "CiPipeline", "ArgoCd"]) {
      assert.ok(names.includes(component), component);
    }
  });
});
