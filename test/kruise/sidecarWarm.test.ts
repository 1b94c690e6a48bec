import * as assert from "assert";
import { throwsWith } from "../support/expect";
import { mockedComponents, resetRegistrations, settle, valueOf } from "../support/mocks";
import { assertCrdValid, ENVOY, jobs, LABELS } from "./helpers";

const kd = mockedComponents();

// Moved from warm.test.ts under the describe it had there: titles unchanged.
describe("warm components under Pulumi mocks", () => {
  beforeEach(resetRegistrations);

  describe("SidecarWarm", () => {
    it("registers a one-shot Always job: parallelism 20, deadline 1800, no TTL, no wait", async () => {
      const c = new kd.SidecarWarm("mesh", { images: [ENVOY] });
      const names = await valueOf(c.jobNames);
      await settle();
      const [job] = jobs();
      assert.deepStrictEqual(job.metadata, {
        name: names[ENVOY],
        namespace: "default",
        labels: LABELS("sidecarwarm", "mesh"),
      });
      assert.deepStrictEqual(job.spec, {
        image: ENVOY,
        parallelism: 20,
        pullPolicy: { timeoutSeconds: 600, backoffLimit: 3 },
        completionPolicy: { type: "Always", activeDeadlineSeconds: 1800 },
        imagePullPolicy: "IfNotPresent",
      });
      assertCrdValid(1);
    });

    it("with waitForCompletion, makes `pulumi up` wait for status.completionTime until the deadline", async () => {
      const c = new kd.SidecarWarm("mesh", {
        images: [ENVOY],
        waitForCompletion: true,
        activeDeadlineSeconds: 900,
      });
      await valueOf(c.jobNames);
      await settle();
      assert.deepStrictEqual(jobs()[0].metadata.annotations, {
        "pulumi.com/waitFor": "jsonpath={.status.completionTime}",
        "pulumi.com/timeoutSeconds": "1020",
      });
      assertCrdValid(1);
    });

    it("refuses ttlSecondsAfterFinished, explaining the refresh re-create it would cause", () => {
      throwsWith(
        () => new kd.SidecarWarm("mesh", { images: [ENVOY], ttlSecondsAfterFinished: 300 } as any),
        "SidecarWarm 'mesh': args.ttlSecondsAfterFinished (300) would make Kruise delete a job Pulumi owns",
        "the next `pulumi up` creates it again",
        "drop ttlSecondsAfterFinished",
      );
    });

    it("checks the deadline against the pull timeout (rule 12) on the component's own paths", () => {
      throwsWith(
        () => new kd.SidecarWarm("mesh", { images: [ENVOY], activeDeadlineSeconds: 300 }),
        "SidecarWarm 'mesh': args.activeDeadlineSeconds (300) must be ≥ pullPolicy.timeoutSeconds (600) — Kruise's ImagePullJob webhook",
        "raise activeDeadlineSeconds or lower timeoutSeconds",
      );
    });
  });
});
