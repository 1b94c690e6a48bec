import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
  PLAN_MARGIN,
  planShortfall,
  planWarm,
  warmPlanInputsSchema,
} from "../../components/kruise/warmPlan";
import { throwsWith } from "../support/expect";
import { mockedComponents, resetRegistrations, settle, valueOf } from "../support/mocks";

const kd = mockedComponents();
const IMG = "docker.io/istio/proxyv2:1.23.2";

/**
 * shared/docs/kruise-at-scale.md, "What was measured": the real kruise-manager at the default
 * client limit, a simulated node agent answering T = 2 s after a node got the image (no daemon
 * recheck delay). [nodes, parallelism, measured seconds].
 */
const MEASURED: [number, number, number][] = [
  [1000, 10, 205],
  [1000, 50, 46],
  [1000, 200, 34],
  [5000, 50, 226],
  [5000, 200, 168],
];

describe("the warm planner (components/kruise/warmPlan)", () => {
  it("fits the measured runs of kruise-at-scale.md within 15%", () => {
    for (const [nodes, p, measured] of MEASURED) {
      const plan = planWarm(
        { expectedNodes: nodes, imageSizeMiB: 2, pullMiBPerSecond: 1, nodeReportSeconds: 0 },
        p,
      );
      const ratio = plan.estimatedSeconds! / measured;
      assert.ok(
        ratio >= 1 / 1.15 && ratio <= 1.15,
        `${nodes} × ${p}: planned ${plan.estimatedSeconds} s, measured ${measured} s`,
      );
    }
  });

  it("names what limits the warm, the useful parallelism, and the peak egress", () => {
    const inputs = { expectedNodes: 5000, imageSizeMiB: 300, pullMiBPerSecond: 10 };
    const low = planWarm(inputs, 20, 1800);
    assert.deepStrictEqual(low, {
      nodes: 5000,
      parallelism: 20,
      pullSeconds: 30,
      cycleSeconds: 32.2,
      nodesPerSecond: 0.62,
      limitedBy: "parallelism",
      usefulParallelism: 966,
      estimatedSeconds: 8050,
      deadlineSeconds: 1800,
      peakConcurrentPulls: 20,
      peakEgressMiBPerSecond: 200,
    });
    const high = planWarm(inputs, 2000);
    assert.strictEqual(high.limitedBy, "controller client");
    assert.strictEqual(high.nodesPerSecond, 30);
    assert.strictEqual(high.peakConcurrentPulls, 966, "no more in flight than Q·T");
    assert.strictEqual(high.deadlineSeconds, undefined);
    assert.strictEqual(planWarm(inputs, 0).estimatedSeconds, undefined, "paused");
    assert.ok(!("estimatedSeconds" in planWarm(inputs, 0)), "absent, not undefined, in the output");
    assert.strictEqual(planWarm({ ...inputs, expectedNodes: 0 }, 20).estimatedSeconds, 0);
  });

  it("says what to raise when the deadline is short: the parallelism that makes it, and the deadline", () => {
    const inputs = { expectedNodes: 5000, imageSizeMiB: 300, pullMiBPerSecond: 10 };
    assert.strictEqual(planShortfall(inputs, planWarm(inputs, 20)), undefined, "no deadline");
    const short = planShortfall(inputs, planWarm(inputs, 20, 1800))!;
    assert.strictEqual(short.deadlineSeconds, Math.ceil(8050 * PLAN_MARGIN));
    const fixed = planWarm(inputs, short.parallelism!, 1800);
    assert.ok(fixed.estimatedSeconds! * PLAN_MARGIN <= 1800, JSON.stringify(fixed));
    const less = planWarm(inputs, short.parallelism! - 1, 1800);
    assert.ok(less.estimatedSeconds! * PLAN_MARGIN > 1800, "the smallest that makes it");
    assert.strictEqual(planShortfall(inputs, fixed), undefined);
    // 20,000 nodes in 10 minutes: past what the controller hands out at 30 a second.
    const big = { ...inputs, expectedNodes: 20000 };
    assert.deepStrictEqual(planShortfall(big, planWarm(big, 500, 600)), {
      deadlineSeconds: Math.ceil(40 * 32.2 * PLAN_MARGIN),
    });
  });

  it("validates its inputs with the project's messages", () => {
    assert.ok(warmPlanInputsSchema.safeParse({ expectedNodes: 10, imageSizeMiB: 1 }).success);
    for (const bad of [
      { expectedNodes: -1, imageSizeMiB: 1 },
      { expectedNodes: 1.5, imageSizeMiB: 1 },
      { expectedNodes: 10, imageSizeMiB: 0 },
      { expectedNodes: 10, imageSizeMiB: 1, pullMiBPerSecond: -2 },
      { expectedNodes: 10, imageSizeMiB: 1, controllerQps: 0 },
      { expectedNodes: 10 },
      { expectedNodes: 10, imageSizeMiB: 1, extra: true },
    ]) {
      assert.ok(!warmPlanInputsSchema.safeParse(bad).success, JSON.stringify(bad));
    }
  });

  it("the README's sizing table is the planner's", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, "..", "..", "..", "README.md"), "utf8");
    const start = readme.indexOf("| nodes | parallelism | estimate |");
    assert.ok(start > 0, "the table's header");
    const table = readme.slice(start, readme.indexOf("\n\n", start));
    const num = (c: string) => Number(c.replace(/[^0-9.]/g, ""));
    const rows = table
      .split("\n")
      .slice(2)
      .map((l) =>
        l
          .slice(1, -1)
          .split("|")
          .map((c) => c.trim()),
      );
    assert.ok(rows.length >= 5, "the table is there");
    for (const [nodes, p, estimate, limitedBy, pulls, egress] of rows) {
      const plan = planWarm(
        { expectedNodes: num(nodes), imageSizeMiB: 300, pullMiBPerSecond: 10 },
        num(p),
      );
      assert.deepStrictEqual(
        [num(estimate), limitedBy, num(pulls), num(egress)],
        [
          plan.estimatedSeconds,
          plan.limitedBy,
          plan.peakConcurrentPulls,
          plan.peakEgressMiBPerSecond,
        ],
        `${nodes} × ${p}`,
      );
    }
  });

  describe("on the components", () => {
    beforeEach(resetRegistrations);

    it("a SidecarWarm whose deadline cannot cover the nodes is refused before anything registers", () => {
      throwsWith(
        () =>
          new kd.SidecarWarm("mesh", {
            images: [IMG],
            plan: { expectedNodes: 5000, imageSizeMiB: 300, pullMiBPerSecond: 10 },
          }),
        "SidecarWarm 'mesh': args.activeDeadlineSeconds (1800) cannot cover plan.expectedNodes (5000): the warm takes about 8050 s (5000 nodes at 0.62/s, limited by parallelism; a node's cycle 32.2 s)",
        "Kruise ends a one-shot ImagePullJob at activeDeadlineSeconds and counts every unfinished node as failed",
        "raise parallelism to ",
        ", or activeDeadlineSeconds to 9258",
      );
    });

    it("the README's message is the one a user gets", () => {
      let message = "";
      try {
        new kd.SidecarWarm("mesh", {
          images: [IMG],
          plan: { expectedNodes: 5000, imageSizeMiB: 300, pullMiBPerSecond: 10 },
        });
      } catch (e) {
        message = (e as Error).message;
      }
      const readme = fs.readFileSync(
        path.resolve(__dirname, "..", "..", "..", "README.md"),
        "utf8",
      );
      assert.ok(message && readme.includes(message), message);
    });

    it("past the controller's limit, says that no parallelism does and which flag limits it", () => {
      throwsWith(
        () =>
          new kd.PoolWarm("big", {
            images: [IMG],
            pool: { matchLabels: { pool: "all" } },
            completionPolicy: "Always",
            activeDeadlineSeconds: 600,
            parallelism: 500,
            plan: { expectedNodes: 20000, imageSizeMiB: 300, pullMiBPerSecond: 10 },
          }),
        "PoolWarm 'big': args.activeDeadlineSeconds (600) cannot cover plan.expectedNodes (20000)",
        "raise activeDeadlineSeconds to ",
        "no parallelism makes it, since kruise-manager hands out at most 30 nodes a second (raise its --rest-config-qps, plan.controllerQps)",
      );
    });

    it("exposes the plan as an output; a Never pool is planned but has no deadline to check", async () => {
      const pool = new kd.PoolWarm("gpu", {
        images: [IMG],
        pool: { matchLabels: { pool: "gpu" } },
        plan: { expectedNodes: 5000, imageSizeMiB: 300, pullMiBPerSecond: 10 },
      });
      const plan = await valueOf(pool.plan);
      await settle();
      assert.strictEqual(plan!.estimatedSeconds, 16100, "500 rounds of 10 nodes, 32.2 s each");
      assert.strictEqual(plan!.deadlineSeconds, undefined);
      const none = new kd.BaseImageWarm("base", { images: [IMG] });
      assert.strictEqual(await valueOf(none.plan), undefined);
    });
  });
});
