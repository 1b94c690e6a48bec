import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { renderProblem } from "../../components/common/errors";
import { allowedFailures, warmFailure, warmResult } from "../../components/kruise/warmOutcome";
import { failureOf, throwsWith } from "../support/expect";
import {
  imagePullJobStatus,
  mockedComponents,
  resetRegistrations,
  settle,
  valueOf,
} from "../support/mocks";

const kd = mockedComponents();
const IMG = "docker.io/istio/proxyv2:1.23.2";
const DONE = "2026-12-06T10:00:00Z";
const SUBJECT = {
  kind: "SidecarWarm",
  name: "mesh",
  image: IMG,
  namespace: "default",
  urn: "urn:pulumi:dev::p::kruise-devops:index:SidecarWarm$kubernetes:apps.kruise.io/v1alpha1:ImagePullJob::mesh-proxyv2-1-23-2-0a1b2c3d",
};

describe("the outcome of a finished warm (components/kruise/warmOutcome)", () => {
  it("allowedFailures: a count as given, a percentage of desired rounded down", () => {
    assert.strictEqual(allowedFailures(0, 5000), 0);
    assert.strictEqual(allowedFailures(3, 10), 3);
    assert.strictEqual(allowedFailures("1%", 5000), 50);
    assert.strictEqual(allowedFailures("1%", 99), 0);
    assert.strictEqual(allowedFailures("10%", 25), 2);
    assert.strictEqual(allowedFailures("100%", 7), 7);
  });

  it("warmResult: nothing before completion; then the counts, unfinished ones derived", () => {
    assert.strictEqual(warmResult("j", undefined, 0), undefined);
    assert.strictEqual(warmResult("j", { desired: 3, succeeded: 1 }, 0), undefined);
    assert.deepStrictEqual(
      warmResult(
        "j",
        { desired: 5, succeeded: 2, failed: 1, failedNodes: ["n3"], completionTime: DONE },
        "20%",
      ),
      {
        job: "j",
        desired: 5,
        succeeded: 2,
        failed: 1,
        unfinished: 2,
        allowedFailures: 1,
        failedNodes: ["n3"],
      },
    );
    const many = Array.from({ length: 40 }, (_, i) => `n${i}`);
    assert.strictEqual(
      warmResult("j", { desired: 40, failed: 40, failedNodes: many, completionTime: DONE }, 0)!
        .failedNodes.length,
      10,
    );
  });

  it("warmFailure: none within the allowance; else the job, counts, first nodes, rule and retry", () => {
    const ok = warmResult("j", { desired: 4, succeeded: 3, failed: 1, completionTime: DONE }, 1)!;
    assert.strictEqual(warmFailure(SUBJECT, ok), undefined);
    const all = warmResult("j", { desired: 4, succeeded: 4, completionTime: DONE }, 0)!;
    assert.strictEqual(warmFailure(SUBJECT, all), undefined);
    const none = warmResult("j", { desired: 0, completionTime: DONE }, 0)!;
    assert.strictEqual(warmFailure(SUBJECT, none), undefined, "no node selected: nothing failed");
    const bad = warmResult(
      "mesh-proxyv2-1-23-2-0a1b2c3d",
      { desired: 4, succeeded: 1, failed: 2, failedNodes: ["n2", "n3"], completionTime: DONE },
      0,
    )!;
    const p = warmFailure(SUBJECT, bad, "job has completed")!;
    assert.deepStrictEqual(
      [p.component, p.name, p.where],
      [
        "SidecarWarm",
        "mesh",
        `the warm of ${IMG} (ImagePullJob default/mesh-proxyv2-1-23-2-0a1b2c3d)`,
      ],
    );
    assert.match(p.what, /^left 3 of 4 nodes without the image/);
    assert.match(p.rule, /^Kruise counts a node whose pull failed/);
    assert.match(p.fix, /or raise maxFailedNodes$/);
    const m = renderProblem(p);
    for (const part of [
      "SidecarWarm 'mesh'",
      IMG,
      "ImagePullJob default/mesh-proxyv2-1-23-2-0a1b2c3d",
      "left 3 of 4 nodes without the image",
      "1 succeeded, 2 failed, 1 unfinished at the deadline",
      "maxFailedNodes allows 0",
      "First failed nodes: n2, n3.",
      'Kruise says: "job has completed"',
      "Kruise counts a node whose pull failed",
      `pulumi up --replace '${SUBJECT.urn}'`,
      "or raise maxFailedNodes",
    ]) {
      assert.ok(m.includes(part), `${part}\n  in: ${m}`);
    }
  });

  describe("on the components, under Pulumi mocks (the provider reporting a finished job)", () => {
    beforeEach(resetRegistrations);

    it("a waited SidecarWarm whose nodes all pulled reports its counts", async () => {
      imagePullJobStatus.value = { desired: 3, succeeded: 3, failed: 0, completionTime: DONE };
      const c = new kd.SidecarWarm("mesh", { images: [IMG], waitForCompletion: true });
      const results = await valueOf(c.warmResults);
      await settle();
      assert.deepStrictEqual(Object.keys(results), [IMG]);
      assert.deepStrictEqual(
        { ...results[IMG], job: undefined },
        {
          job: undefined,
          desired: 3,
          succeeded: 3,
          failed: 0,
          unfinished: 0,
          allowedFailures: 0,
          failedNodes: [],
        },
      );
      assert.strictEqual(results[IMG].job, (await valueOf(c.jobNames))[IMG]);
    });

    it("a waited warm with a failed node fails with the message; within maxFailedNodes it passes", async () => {
      imagePullJobStatus.value = {
        desired: 3,
        succeeded: 2,
        failed: 1,
        failedNodes: ["bad"],
        completionTime: DONE,
      };
      const strict = new kd.PoolWarm("flaky", {
        images: [IMG],
        pool: { matchLabels: { pool: "flaky" } },
        completionPolicy: "Always",
        waitForCompletion: true,
      });
      const err = await failureOf(strict.warmResults);
      assert.ok(err instanceof pulumi.ResourceError, String(err));
      assert.match(err!.message, /PoolWarm 'flaky': the warm of .* left 1 of 3 nodes/);
      assert.match(err!.message, /First failed nodes: bad\./);
      const lenient = new kd.PoolWarm("lenient", {
        images: [IMG],
        pool: { matchLabels: { pool: "flaky" } },
        completionPolicy: "Always",
        waitForCompletion: true,
        maxFailedNodesPercent: 34,
      });
      assert.strictEqual((await valueOf(lenient.warmResults))[IMG].allowedFailures, 1);
      await settle();
    });

    it("without waitForCompletion nothing is read, and maxFailedNodes is refused", async () => {
      imagePullJobStatus.value = { desired: 3, failed: 3, completionTime: DONE };
      const c = new kd.SidecarWarm("mesh", { images: [IMG] });
      assert.deepStrictEqual(await valueOf(c.warmResults), {});
      const b = new kd.BaseImageWarm("base", { images: [IMG] });
      assert.deepStrictEqual(await valueOf(b.warmResults), {});
      await settle();
      throwsWith(
        () => new kd.SidecarWarm("m2", { images: [IMG], maxFailedNodes: 1 }),
        "SidecarWarm 'm2': args.maxFailedNodes is set without waitForCompletion — ",
        "set waitForCompletion: true, or drop maxFailedNodes",
      );
      throwsWith(
        () =>
          new kd.SidecarWarm("m3", {
            images: [IMG],
            waitForCompletion: true,
            maxFailedNodes: "ten" as never,
          }),
        `SidecarWarm 'm3': args.maxFailedNodes ("ten") is not a whole number between 0 and 2147483647`,
      );
      throwsWith(
        () => new kd.SidecarWarm("m4", { images: [IMG], maxFailedNodesPercent: 5 }),
        "SidecarWarm 'm4': args.maxFailedNodesPercent is set without waitForCompletion — ",
        "set waitForCompletion: true, or drop maxFailedNodesPercent",
      );
      throwsWith(
        () =>
          new kd.SidecarWarm("m5", {
            images: [IMG],
            waitForCompletion: true,
            maxFailedNodes: 1,
            maxFailedNodesPercent: 5,
          }),
        "SidecarWarm 'm5': args.maxFailedNodesPercent (5) is given with maxFailedNodes (1) — ",
      );
    });
  });
});
