import * as assert from "assert";
import { z } from "zod";
import { KRUISE_VERSION } from "../../components/common/versions";
import {
  kruiseAtLeast,
  kruiseVersionSchema,
  requireKruise,
} from "../../components/kruise/kruiseVersion";

// Moved from scheduledWarm.test.ts under the describe it had there: its title is unchanged.
describe("ScheduledWarm", () => {
  it("compares Kruise versions as releases", () => {
    assert.ok(kruiseAtLeast("1.9.1", "1.9.1"));
    assert.ok(kruiseAtLeast("v1.10.0", "1.9.1"));
    assert.ok(kruiseAtLeast("2.0.0", "1.9.1"));
    assert.ok(!kruiseAtLeast("1.9.0", "1.9.1"));
    assert.ok(!kruiseAtLeast("1.8.3", "1.9.1"));
    assert.ok(!kruiseAtLeast("1.9.1-rc.1", "1.9.1"));
  });
});

describe("the installed Kruise's version (components/kruise/kruiseVersion)", () => {
  it("kruiseVersionSchema: release tags, the pinned chart's by default", () => {
    assert.strictEqual(kruiseVersionSchema.parse(undefined), KRUISE_VERSION);
    for (const v of ["1.9.1", "v1.9.1", "1.10.0-rc.1", "v2.0.0-alpha.0"]) {
      assert.strictEqual(kruiseVersionSchema.parse(v), v);
    }
    for (const v of ["1.9", "latest", "1.9.1+build", "v1.9.1.2", " 1.9.1", ""]) {
      const r = kruiseVersionSchema.safeParse(v);
      assert.ok(!r.success, v);
      assert.deepStrictEqual(
        r.error.issues.map((i) => i.message),
        [
          'is not a Kruise version — Kruise versions are release tags such as v1.9.1; give the version of the kruise-manager your cluster runs, e.g. "1.9.1"',
        ],
      );
    }
  });

  /** The issues requireKruise raises for `version`. */
  function required(version: string): string[] {
    const r = z
      .unknown()
      .superRefine((_, ctx) =>
        requireKruise(ctx, version, "1.9.1", "ScheduledWarm", ["kruiseVersion"]),
      )
      .safeParse(null);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  }

  it("requireKruise: refuses an older version at the path, naming what the feature needs", () => {
    assert.deepStrictEqual(required("1.9.1"), []);
    assert.deepStrictEqual(required("v1.10.0"), []);
    assert.deepStrictEqual(required("1.9.0"), [
      'kruiseVersion: (1.9.0) is older than 1.9.1 — ScheduledWarm needs Kruise 1.9.1 or later; install Kruise 1.9.1 or later (its CRDs and kruise-manager), then set kruiseVersion: "1.9.1"',
    ]);
    assert.strictEqual(required("1.9.1-rc.1").length, 1, "a pre-release of the minimum is older");
    assert.ok(
      required(KRUISE_VERSION)[0].endsWith(
        `(${KRUISE_VERSION} is the version the pinned chart runs)`,
      ),
    );
    assert.deepStrictEqual(required("latest"), [], "a malformed version is the schema's to refuse");
  });
});
