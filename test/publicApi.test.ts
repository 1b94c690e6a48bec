import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

/**
 * Issue 15, item 7: the public API is listed name by name. Every barrel names what it exports
 * (`export *` only of a sub-folder's barrel, which names its own), and what the package publishes holds no zod schema, no component's internal
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
  it("every barrel lists its exports: export * only of a folder's barrel, itself checked", () => {
    const files = barrels();
    assert.ok(files.length >= 6, `${files.length} barrels`);
    const unlisted = files.flatMap((f) =>
      [...fs.readFileSync(f, "utf8").matchAll(/^export \* from "([^"]+)";/gm)]
        .map((m) => path.join(path.dirname(f), m[1], "index.ts"))
        .filter((target) => !files.includes(target))
        .map((target) => `${path.relative(ROOT, f)} → ${path.relative(ROOT, target)}`),
    );
    assert.deepStrictEqual(unlisted, [], "export * of a module, not of a listed barrel");
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
