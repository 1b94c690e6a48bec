import * as assert from "assert";
import { assertBarrelExports } from "./support/barrels";
import { mockedComponents } from "./support/mocks";

const kd = mockedComponents() as unknown as Record<string, unknown>;

/** The folders whose barrels components/index.ts re-exports whole (`export *`). */
const FOLDERS = ["kruise", "tekton", "argocd", "access"];

/** The run-time names components/index.ts lists itself (15). */
const OWN = [
  "ARGOCD_CHART",
  "ARGOCD_VERSION",
  "ApplyError",
  "ArgsError",
  "ChartTemplating",
  "KRUISE_CHART",
  "KRUISE_SCHEDULED_WARM_MIN_VERSION",
  "KRUISE_VERSION",
  "LabelSelectorOperator",
  "PLATFORM_SECRET_KEYS",
  "Platform",
  "TEKTON_PIPELINES",
  "parseNormalizedNamed",
  "platformArgsFromConfig",
  "platformFromConfig",
];

/** A folder's barrel, loaded as the package loads it. */
function folder(name: string): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(`../components/${name}`) as Record<string, unknown>;
}

describe("the package's barrel (components/index.ts)", () => {
  it("exports at run time its own names and its folders' barrels', each a value", () => {
    const fromFolders = FOLDERS.flatMap((f) => Object.keys(folder(f)));
    assert.strictEqual(fromFolders.length, 127);
    assertBarrelExports(kd, [...OWN, ...fromFolders]);
    assert.strictEqual(Object.keys(kd).length, 142);
  });

  it("no two folders publish the same name (export * would drop one of them)", () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const f of FOLDERS) {
      for (const n of Object.keys(folder(f))) {
        if (seen.has(n) || OWN.includes(n))
          clashes.push(`${n}: ${seen.get(n) ?? "index"} and ${f}`);
        seen.set(n, f);
      }
    }
    assert.strictEqual(seen.size, 127);
    assert.deepStrictEqual(clashes, []);
  });

  it("each name is its defining module's own value, not a copy", () => {
    for (const f of FOLDERS) {
      const barrel = folder(f);
      assert.ok(Object.keys(barrel).length > 0, f);
      for (const [n, v] of Object.entries(barrel)) assert.strictEqual(kd[n], v, `${f}: ${n}`);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    assert.strictEqual(kd.Platform, require("../components/platform").Platform);
  });
});
