import * as assert from "assert";
import { throwsWith } from "../support/expect";
import { mockedComponents, resetRegistrations, settle, valueOf } from "../support/mocks";
import { assertCrdValid, jobs, NGINX } from "./helpers";

const kd = mockedComponents();

// Moved from warm.test.ts under the describe it had there: titles unchanged.
describe("warm components under Pulumi mocks", () => {
  beforeEach(resetRegistrations);

  describe("PoolWarm", () => {
    it("warms a pool by label as a Never job", async () => {
      const c = new kd.PoolWarm("serverless", {
        images: [NGINX],
        pool: { matchLabels: { "resource-pool": "serverless" } },
      });
      await valueOf(c.jobNames);
      await settle();
      const [job] = jobs();
      assert.deepStrictEqual(job.spec.selector, { matchLabels: { "resource-pool": "serverless" } });
      assert.strictEqual(job.spec.podSelector, undefined);
      assert.deepStrictEqual(job.spec.completionPolicy, { type: "Never" });
      assert.strictEqual(job.spec.parallelism, 10);
      assertCrdValid(1);
    });

    it("follows a workload by podSelector, and by node names", async () => {
      const a = new kd.PoolWarm("web", {
        images: [NGINX],
        namespace: "shop",
        pool: { podSelector: { matchLabels: { app: "web" } } },
      });
      const b = new kd.PoolWarm("edge", { images: [NGINX], pool: { names: ["node-a", "node-b"] } });
      await valueOf(a.jobNames);
      await valueOf(b.jobNames);
      await settle();
      const [web, edge] = jobs();
      assert.deepStrictEqual(web.spec.podSelector, { matchLabels: { app: "web" } });
      assert.strictEqual(web.spec.selector, undefined);
      assert.strictEqual(web.metadata.namespace, "shop");
      assert.deepStrictEqual(edge.spec.selector, { names: ["node-a", "node-b"] });
      assertCrdValid(2);
    });

    it("as Always, gets the 1800 s deadline and may wait", async () => {
      const c = new kd.PoolWarm("gpu", {
        images: [NGINX],
        pool: { matchLabels: { gpu: "true" } },
        completionPolicy: "Always",
        waitForCompletion: true,
      });
      await valueOf(c.jobNames);
      await settle();
      const [job] = jobs();
      assert.deepStrictEqual(job.spec.completionPolicy, {
        type: "Always",
        activeDeadlineSeconds: 1800,
      });
      assert.strictEqual(job.metadata.annotations["pulumi.com/timeoutSeconds"], "1920");
      assertCrdValid(1);
    });

    it("rejects an empty pool, mixed selectors, and Never with a deadline or a wait", () => {
      throwsWith(
        () => new kd.PoolWarm("p", { images: [NGINX], pool: {} }),
        "PoolWarm 'p': args.pool selects nothing",
        "use BaseImageWarm",
      );
      throwsWith(
        () =>
          new kd.PoolWarm("p", {
            images: [NGINX],
            pool: { names: ["n"], matchLabels: { a: "b" } },
          }),
        "args.pool.names is set together with matchLabels/matchExpressions",
      );
      throwsWith(
        () =>
          new kd.PoolWarm("p", {
            images: [NGINX],
            pool: { names: ["n"], podSelector: { matchLabels: { a: "b" } } },
          }),
        "args.pool.podSelector is set together with a node selector",
      );
      throwsWith(
        () =>
          new kd.PoolWarm("p", {
            images: [NGINX],
            pool: { names: ["n"] },
            activeDeadlineSeconds: 900,
          }),
        "args.activeDeadlineSeconds is set on a job with completion policy 'Never'",
      );
      throwsWith(
        () =>
          new kd.PoolWarm("p", {
            images: [NGINX],
            pool: { names: ["n"] },
            waitForCompletion: true,
          }),
        "args.waitForCompletion is true on a job with completion policy 'Never'",
      );
      throwsWith(
        () =>
          new kd.PoolWarm("p", {
            images: [NGINX],
            pool: { names: ["n"] },
            completionPolicy: "Always",
            pullPolicy: { timeoutSeconds: 3600 },
          }),
        "args.activeDeadlineSeconds (1800) must be ≥ pullPolicy.timeoutSeconds (3600)",
      );
    });
  });
});
