import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { checkWarmArgs, statusOf } from "../../components/kruise/warmComponent";
import { warmArgsShape } from "../../components/kruise/warmJobs";
import { throwsWith } from "../support/expect";
import {
  imagePullJobStatus,
  mockedComponents,
  ofType,
  registered,
  resetRegistrations,
  settle,
  valueOf,
} from "../support/mocks";
import { ENVOY, JOB_V1ALPHA1, jobs, NGINX } from "./helpers";

const kd = mockedComponents();

describe("warm components under Pulumi mocks", () => {
  beforeEach(resetRegistrations);

  it("takes ':latest' pinned by a digest: the digest names the bytes", async () => {
    const image = `docker.io/library/nginx:latest@sha256:${"a".repeat(64)}`;
    const c = new kd.BaseImageWarm("pinned", { images: [image] });
    assert.deepStrictEqual(Object.keys(await valueOf(c.jobNames)), [image]);
    await settle();
  });

  describe("bad input registers nothing", () => {
    const cases: [string, () => unknown, string][] = [
      [
        "an unpinned image",
        () => new kd.BaseImageWarm("b", { images: ["nginx"] }),
        "BaseImageWarm 'b': args.images[0] (\"nginx\") has no tag or digest",
      ],
      [
        "a ':latest' image (as the policy pack's pinned-images refuses it)",
        () => new kd.SidecarWarm("s", { images: ["docker.io/istio/proxyv2:latest"] }),
        "SidecarWarm 's': args.images[0] (\"docker.io/istio/proxyv2:latest\") is tagged ':latest'",
      ],
      [
        "a ':latest' image in a list warm",
        () => new kd.ImageListWarm("l", { images: [NGINX, "redis:latest"] }),
        "ImageListWarm 'l': args.images[1] (\"redis:latest\") is tagged ':latest'",
      ],
      [
        "an uppercase image",
        () => new kd.SidecarWarm("s", { images: ["Envoy:1"] }),
        "SidecarWarm 's': args.images[0] (\"Envoy:1\") is not a valid image reference",
      ],
      [
        "a repeated image",
        () => new kd.BaseImageWarm("b", { images: [NGINX, NGINX] }),
        "args.images[1]",
      ],
      ["no images", () => new kd.BaseImageWarm("b", { images: [] }), "args.images is empty"],
      [
        "a percentage",
        () =>
          new kd.PoolWarm("p", {
            images: [NGINX],
            pool: { names: ["n"] },
            parallelism: "10%" as any,
          }),
        'args.parallelism ("10%") is a percentage',
      ],
      [
        "a bad namespace",
        () => new kd.BaseImageWarm("b", { images: [NGINX], namespace: "Warm_NS" }),
        'args.namespace ("Warm_NS") is not a namespace name',
      ],
      [
        "a typo",
        () => new kd.BaseImageWarm("b", { images: [NGINX], nodeSelectr: {} } as any),
        "args has unknown key(s) 'nodeSelectr'",
      ],
    ];
    for (const [what, make, fragment] of cases) {
      it(`${what}: fails before any resource, naming the path`, async () => {
        throwsWith(make, fragment);
        await settle();
        assert.deepStrictEqual(registered, []);
      });
    }

    it("args known only at deploy time are validated with the same rules before any job is created", async () => {
      const c = new kd.BaseImageWarm("late", { images: [NGINX], parallelism: pulumi.output(-3) });
      const outcome = await (c.jobs[0].metadata as any).promise().then(
        () => "resolved",
        (e: Error) => e.message,
      );
      assert.match(outcome, /BaseImageWarm 'late': args\.parallelism \(-3\) is negative/);
      await settle();
      assert.deepStrictEqual(ofType(JOB_V1ALPHA1), [], "no job was registered");
    });

    it("a secret arg is never echoed: its value shows as [secret]", async () => {
      const c = new kd.SidecarWarm("late", {
        images: [NGINX],
        parallelism: pulumi.secret("lane-seven") as never,
        nodeSelector: pulumi.secret({ "pool/name": "Not Valid!" }) as never,
      });
      const outcome = await (c.jobs[0].metadata as any).promise().then(
        () => "resolved",
        (e: Error) => e.message,
      );
      assert.match(outcome, /SidecarWarm 'late': args\.parallelism \(\[secret\]\) /);
      assert.ok(!outcome.includes("lane-seven") && !outcome.includes("Not Valid!"), outcome);
      await settle();
      assert.deepStrictEqual(ofType(JOB_V1ALPHA1), [], "no job was registered");
    });
  });

  describe("lifecycle", () => {
    async function namesOf(make: () => { jobNames: pulumi.Output<Record<string, string>> }) {
      resetRegistrations();
      const names = await valueOf(make().jobNames);
      await settle();
      return { names, registered: ofType(JOB_V1ALPHA1).map((r) => r.name) };
    }

    it("names are stable across runs: a re-run changes nothing", async () => {
      const first = await namesOf(
        () => new kd.BaseImageWarm("base", { images: [NGINX, ENVOY], parallelism: 5 }),
      );
      const again = await namesOf(
        () => new kd.BaseImageWarm("base", { images: [NGINX, ENVOY], parallelism: 7 }),
      );
      assert.deepStrictEqual(again, first);
    });

    it("an image change makes a new job and drops the old one (Pulumi creates, then deletes)", async () => {
      const before = await namesOf(() => new kd.SidecarWarm("mesh", { images: [ENVOY] }));
      const after = await namesOf(
        () => new kd.SidecarWarm("mesh", { images: ["envoyproxy/envoy:v1.32.0"] }),
      );
      assert.notDeepStrictEqual(after.registered, before.registered);
      assert.ok(!after.registered.includes(before.registered[0]));
      // Different names, default options: the engine creates the new job before deleting the old.
      assert.strictEqual(ofType(JOB_V1ALPHA1).length, 1);
      assert.ok(ofType(JOB_V1ALPHA1).every((r) => r.deleteBeforeReplace !== true));
    });

    it("a pullSecrets change replaces the job (new name) instead of updating an immutable field", async () => {
      const before = await namesOf(
        () => new kd.PoolWarm("p", { images: [NGINX], pool: { names: ["n"] }, pullSecrets: ["a"] }),
      );
      const after = await namesOf(
        () =>
          new kd.PoolWarm("p", {
            images: [NGINX],
            pool: { names: ["n"] },
            pullSecrets: ["a", "b"],
          }),
      );
      assert.notStrictEqual(after.registered[0], before.registered[0]);
    });

    it("one-shot jobs never carry a TTL, so Kruise never deletes what Pulumi owns", async () => {
      new kd.SidecarWarm("mesh", { images: [ENVOY], waitForCompletion: true });
      new kd.PoolWarm("pool", {
        images: [NGINX],
        pool: { names: ["n"] },
        completionPolicy: "Always",
      });
      await settle();
      assert.strictEqual(jobs().length, 2);
      for (const j of jobs())
        assert.strictEqual(j.spec.completionPolicy.ttlSecondsAfterFinished, undefined);
    });

    it("every job is a child of its component, so destroying the component deletes them all", async () => {
      const c = new kd.PoolWarm("p", { images: [NGINX, ENVOY], pool: { names: ["n"] } });
      await valueOf(c.jobNames);
      await settle();
      const urn = registered.find((r) => r.type === "kruise-devops:index:PoolWarm")!.urn;
      assert.strictEqual(ofType(JOB_V1ALPHA1).length, 2);
      assert.ok(ofType(JOB_V1ALPHA1).every((r) => r.parent === urn));
    });
  });
});

describe("the warm components' shared checks (components/kruise/warmComponent)", () => {
  beforeEach(resetRegistrations);
  const schema = z.strictObject({ ...warmArgsShape(3) });

  it("checkWarmArgs: the identity and, when nothing is an Output, every arg parsed", () => {
    const { identity, early } = checkWarmArgs("TestWarm", "t", schema, { images: [NGINX] });
    assert.deepStrictEqual(identity, { images: [NGINX], apiVersion: "apps.kruise.io/v1alpha1" });
    assert.strictEqual(early?.parallelism, 3);
    assert.strictEqual(early?.namespace, "default");
  });

  it("checkWarmArgs: an Output leaves the rest for later; the identity is checked now anyway", () => {
    const late = checkWarmArgs("TestWarm", "t", schema, {
      images: [NGINX],
      parallelism: pulumi.output(-1),
    });
    assert.strictEqual(late.early, undefined);
    assert.deepStrictEqual(late.identity.images, [NGINX]);
    throwsWith(
      () =>
        checkWarmArgs("TestWarm", "t", schema, {
          images: ["nginx"],
          parallelism: pulumi.output(1),
        }),
      "TestWarm 't': args.images[0]",
    );
    throwsWith(
      () => checkWarmArgs("TestWarm", "t", schema, { images: [NGINX], parallelism: -1 }),
      "TestWarm 't': args.parallelism",
    );
  });

  it("statusOf: a waited job's status output, as the provider reads it back", async () => {
    imagePullJobStatus.value = { desired: 2, succeeded: 2 };
    const c = new kd.SidecarWarm("status", { images: [NGINX], waitForCompletion: true });
    assert.strictEqual(c.jobs.length, 1);
    assert.deepStrictEqual(await valueOf(statusOf(c.jobs[0])), { desired: 2, succeeded: 2 });
    await settle();
  });
});
