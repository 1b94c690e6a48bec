import * as assert from "assert";
import { z } from "zod";
import {
  CLONESET_IMAGE_RULE,
  CloneSetUpdateType,
  PRE_DOWNLOAD_ANNOTATIONS,
  PRE_DOWNLOAD_MIN_REPLICAS,
  checkContainerNames,
  checkRollout,
  preDownloadSchema,
  preDownloadSkip,
  updateStrategySchema,
  updateTypeSchema,
} from "../../components/kruise/cloneSetRules";
import { mockedComponents } from "../support/mocks";

const kd = mockedComponents();

// Moved from cloneSet.test.ts under the describe it had there: its title is unchanged.
describe("CloneSet under Pulumi mocks", () => {
  it("scales percentages as Kruise does when deciding whether pre-download runs", () => {
    assert.strictEqual(
      kd.preDownloadSkip(10, { type: "InPlaceIfPossible", partition: 0, maxUnavailable: "20%" }),
      undefined,
    );
    assert.strictEqual(
      kd.preDownloadSkip(10, { type: "InPlaceIfPossible", partition: 0, maxUnavailable: "100%" }),
      "every Pod is updated in one batch",
    );
    // maxUnavailable rounds down here: 99% of 10 is 9, so not one batch.
    assert.strictEqual(
      kd.preDownloadSkip(10, { type: "InPlaceIfPossible", partition: 0, maxUnavailable: "99%" }),
      undefined,
    );
    assert.strictEqual(
      kd.preDownloadSkip(10, { type: "InPlaceIfPossible", partition: 1, maxUnavailable: 10 }),
      undefined,
    );
  });
});

describe("CloneSet webhook rules (components/kruise/cloneSetRules)", () => {
  /** The issues `check` raises, as `path: message`. */
  function issues(check: (ctx: z.RefinementCtx) => void): string[] {
    const r = z
      .unknown()
      .superRefine((_, ctx) => check(ctx))
      .safeParse(null);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  }
  /** A parsed strategy: the defaults, with `s` over them. */
  const strategy = (s: Partial<z.output<typeof updateStrategySchema>> = {}) => ({
    ...updateStrategySchema.parse({}),
    ...s,
  });
  const preDownload = preDownloadSchema.parse({});

  it("the update strategy's int-or-percent pairs: counts as numbers, percentages as '<n>%'", () => {
    assert.deepStrictEqual(
      updateStrategySchema.parse({ partitionPercent: 80, maxUnavailable: 2, maxSurgePercent: 10 }),
      {
        type: "InPlaceIfPossible",
        partition: "80%",
        maxUnavailable: 2,
        maxSurge: "10%",
        paused: false,
      },
    );
    const r = updateStrategySchema.safeParse({ maxUnavailable: 1, maxUnavailablePercent: 20 });
    assert.ok(!r.success);
    assert.deepStrictEqual(
      r.error.issues.map((i) => i.path.join(".")),
      ["maxUnavailablePercent"],
    );
  });

  it("the update strategy's and pre-download's defaults are Kruise's", () => {
    assert.deepStrictEqual(updateStrategySchema.parse(undefined), {
      type: "InPlaceIfPossible",
      partition: 0,
      maxUnavailable: "20%",
      maxSurge: 0,
      paused: false,
    });
    assert.deepStrictEqual(preDownload, {
      parallelism: 1,
      timeoutSeconds: 300,
      minUpdatedReadyPods: 0,
    });
    assert.deepStrictEqual(Object.values(PRE_DOWNLOAD_ANNOTATIONS), [
      "apps.kruise.io/image-predownload-parallelism",
      "apps.kruise.io/image-predownload-timeout-seconds",
      "apps.kruise.io/image-predownload-min-updated-ready-pods",
    ]);
  });

  it("type: Kruise 1.9's three, OnDelete refused with the version that dropped it", () => {
    for (const t of Object.values(CloneSetUpdateType)) {
      assert.strictEqual(updateTypeSchema.safeParse(t).success, true, t);
    }
    const messages = (t: string) => {
      const r = updateTypeSchema.safeParse(t);
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    assert.deepStrictEqual(messages("OnDelete"), [
      `("OnDelete") is not an update type — Kruise's CloneSet webhook (validateUpdateStrategy): "must be 'ReCreate', InPlaceIfPossible or 'InPlaceOnly'" (OnDelete is rejected since 1.9); use "InPlaceIfPossible" for in-place rollouts, or "ReCreate"`,
    ]);
    assert.strictEqual(messages("Recreate").length, 1, "the case matters");
    assert.ok(!messages("Recreate")[0].includes("OnDelete"));
  });

  it("gracePeriodSeconds and pre-download numbers: int32 within their bounds", () => {
    assert.strictEqual(updateStrategySchema.safeParse({ gracePeriodSeconds: 0 }).success, true);
    for (const bad of [-1, 1.5, 2 ** 31]) {
      assert.strictEqual(
        updateStrategySchema.safeParse({ gracePeriodSeconds: bad }).success,
        false,
      );
    }
    for (const [field, bad] of [
      ["parallelism", 0],
      ["timeoutSeconds", 0],
      ["parallelism", 2 ** 31],
    ] as const) {
      assert.strictEqual(preDownloadSchema.safeParse({ [field]: bad }).success, false, field);
    }
    assert.strictEqual(
      preDownloadSchema.parse({ minUpdatedReadyPodsPercent: 50 }).minUpdatedReadyPods,
      "50%",
    );
    assert.strictEqual(preDownloadSchema.parse({ minUpdatedReadyPods: 2 }).minUpdatedReadyPods, 2);
    assert.strictEqual(preDownloadSchema.safeParse({ minUpdatedReadyPods: "50%" }).success, false);
    assert.strictEqual(
      preDownloadSchema.safeParse({ minUpdatedReadyPods: 1, minUpdatedReadyPodsPercent: 5 })
        .success,
      false,
    );
  });

  it("checkRollout: maxSurge with InPlaceOnly, and both limits below one Pod", () => {
    assert.deepStrictEqual(
      issues((ctx) => checkRollout(ctx, 10, strategy(), undefined)),
      [],
    );
    assert.deepStrictEqual(
      issues((ctx) =>
        checkRollout(ctx, 10, strategy({ type: "InPlaceOnly", maxSurge: 1 }), undefined),
      ),
      [
        `updateStrategy.maxSurge: (1) is set with type InPlaceOnly — Kruise's CloneSet webhook (validateUpdateStrategy): "can not use maxSurge with strategy type InPlaceOnly"; drop maxSurge, or use InPlaceIfPossible`,
      ],
    );
    const both = issues((ctx) =>
      checkRollout(ctx, 10, strategy({ maxUnavailable: 0, maxSurge: "0%" }), undefined),
    );
    assert.deepStrictEqual(both, [
      `updateStrategy.maxUnavailable: (0) and maxSurge ("0%") are both below 1 Pod of 10 — Kruise's CloneSet webhook (validateUpdateStrategy): "maxUnavailable and maxSurge should not both be less than 1"; let at least one Pod be unavailable or surge, e.g. maxUnavailable: 1`,
    ]);
    // A percentage rounds up here: 1% of 10 Pods is one Pod.
    assert.deepStrictEqual(
      issues((ctx) => checkRollout(ctx, 10, strategy({ maxUnavailable: "1%" }), undefined)),
      [],
    );
    assert.deepStrictEqual(
      issues((ctx) => checkRollout(ctx, 0, strategy({ maxUnavailable: 0 }), undefined)),
      [],
      "no Pods, nothing to roll out",
    );
  });

  it("checkRollout: pre-download that Kruise would skip, at preDownload", () => {
    const skipped = issues((ctx) => checkRollout(ctx, 3, strategy(), preDownload));
    assert.strictEqual(skipped.length, 1);
    assert.match(skipped[0], /^preDownload: would never run: replicas \(3\) is 3 or fewer — /);
    assert.deepStrictEqual(
      issues((ctx) => checkRollout(ctx, 4, strategy(), preDownload)),
      [],
    );
    assert.deepStrictEqual(
      issues((ctx) => checkRollout(ctx, 3, strategy(), undefined)),
      [],
    );
  });

  it("preDownloadSkip: ReCreate, 3 replicas or fewer, or one batch", () => {
    assert.strictEqual(PRE_DOWNLOAD_MIN_REPLICAS, 3);
    const base = { type: "InPlaceIfPossible", partition: 0, maxUnavailable: "20%" } as const;
    const cases: [number, Partial<typeof base> | Record<string, unknown>, string | undefined][] = [
      [10, {}, undefined],
      [10, { type: "ReCreate" }, "the update type is ReCreate"],
      [100, { type: "ReCreate" }, "the update type is ReCreate"],
      [3, {}, "replicas (3) is 3 or fewer"],
      [0, {}, "replicas (0) is 3 or fewer"],
      [4, { maxUnavailable: 4 }, "every Pod is updated in one batch"],
      [4, { maxUnavailable: 40 }, "every Pod is updated in one batch"],
      [4, { maxUnavailable: 4, partition: 1 }, undefined],
      [4, { maxUnavailable: 4, partition: "1%" }, undefined],
      [4, { maxUnavailable: 4, partition: "0%" }, "every Pod is updated in one batch"],
      [4, { type: "InPlaceOnly", maxUnavailable: 3 }, undefined],
    ];
    assert.strictEqual(cases.length, 11);
    for (const [replicas, s, want] of cases) {
      assert.strictEqual(
        preDownloadSkip(replicas, { ...base, ...s } as typeof base),
        want,
        `${replicas} ${JSON.stringify(s)}`,
      );
    }
  });

  it("checkContainerNames: DNS-1123 labels, unique across the list", () => {
    const names = ["web", "Web", "web", "a".repeat(64), 7, "sidecar", "sidecar"];
    assert.deepStrictEqual(
      issues((ctx) => checkContainerNames(ctx, names, ["podSpec", "containers"])).map(
        (m) => m.split(" — ")[0],
      ),
      [
        'podSpec.containers.1.name: ("Web") is not a container name',
        'podSpec.containers.2.name: ("web") repeats another container\'s name',
        `podSpec.containers.3.name: ("${"a".repeat(64)}") is not a container name`,
        "podSpec.containers.4.name: (7) is not a container name",
        'podSpec.containers.6.name: ("sidecar") repeats another container\'s name',
      ],
    );
    assert.deepStrictEqual(
      issues((ctx) => checkContainerNames(ctx, ["a", "b"], [])),
      [],
    );
    assert.match(CLONESET_IMAGE_RULE.moving, /moving tag never rolls out/);
  });
});
