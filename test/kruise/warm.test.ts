import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { KRUISE_CRDS, crdErrors } from "../support/crdSchema";
import { throwsWith } from "../support/expect";
import {
  mockedComponents,
  ofType,
  registered,
  resetRegistrations,
  settle,
  valueOf,
} from "../support/mocks";

const kd = mockedComponents();

const JOB_V1ALPHA1 = "kubernetes:apps.kruise.io/v1alpha1:ImagePullJob";
const JOB_V1BETA1 = "kubernetes:apps.kruise.io/v1beta1:ImagePullJob";
const NGINX = "docker.io/library/nginx:1.27";
const ENVOY = "envoyproxy/envoy:v1.31.2";

/** The ImagePullJob objects registered, as sent to the API server. */
function jobs(type = JOB_V1ALPHA1): any[] {
  return ofType(type).map((r) => r.inputs);
}

function assertCrdValid() {
  const all = [...jobs(JOB_V1ALPHA1), ...jobs(JOB_V1BETA1)];
  assert.ok(all.length > 0);
  for (const j of all)
    assert.deepStrictEqual(crdErrors(KRUISE_CRDS, j as any), [], JSON.stringify(j));
}

const LABELS = (component: string, instance: string) => ({
  "app.kubernetes.io/managed-by": "pulumi",
  "app.kubernetes.io/part-of": "kruise-devops",
  "app.kubernetes.io/component": component,
  "kruise-devops.io/instance": instance,
});

describe("warm components under Pulumi mocks", () => {
  beforeEach(resetRegistrations);

  describe("BaseImageWarm", () => {
    it("registers one cluster-wide Never job per image, every field explicit", async () => {
      const c = new kd.BaseImageWarm("base", { images: [NGINX, ENVOY] });
      assert.deepStrictEqual(await valueOf(c.namespace), "default");
      const names = await valueOf(c.jobNames);
      await settle();
      const [nginx, envoy] = jobs();
      assert.strictEqual(jobs().length, 2);
      assert.deepStrictEqual(nginx, {
        apiVersion: "apps.kruise.io/v1alpha1",
        kind: "ImagePullJob",
        metadata: {
          name: names[NGINX],
          namespace: "default",
          labels: LABELS("baseimagewarm", "base"),
        },
        spec: {
          image: NGINX,
          parallelism: 10,
          pullPolicy: { timeoutSeconds: 600, backoffLimit: 3 },
          completionPolicy: { type: "Never" },
          imagePullPolicy: "IfNotPresent",
        },
      });
      assert.strictEqual(envoy.spec.image, ENVOY);
      assert.match(names[NGINX], /^base-nginx-1-27-[0-9a-f]{8}$/);
      assert.match(names[ENVOY], /^base-envoy-v1-31-2-[0-9a-f]{8}$/);
      assertCrdValid();
    });

    it("parents every job on the component, with default (create-before-delete) replacement", async () => {
      const c = new kd.BaseImageWarm("base", { images: [NGINX] });
      await valueOf(c.jobNames);
      await settle();
      const component = registered.find((r) => r.type === "kruise-devops:index:BaseImageWarm")!;
      assert.deepStrictEqual(component.inputs, {}, "nothing is stored as component inputs");
      for (const j of ofType(JOB_V1ALPHA1)) {
        assert.strictEqual(j.parent, component.urn);
        assert.notStrictEqual(j.deleteBeforeReplace, true);
        assert.notStrictEqual(j.retainOnDelete, true);
      }
    });

    it("passes node selection, pull settings, secrets, labels and v1beta1 through", async () => {
      const c = new kd.BaseImageWarm("base", {
        images: [NGINX],
        namespace: "warm",
        nodeSelector: { matchLabels: { "kubernetes.io/os": "linux" } },
        parallelism: 50,
        pullPolicy: { timeoutSeconds: 300, backoffLimit: 5 },
        pullSecrets: ["registry-creds"],
        imagePullPolicy: "Always",
        sandboxConfig: { labels: { team: "platform" } },
        labels: { team: "platform" },
        apiVersion: "apps.kruise.io/v1beta1",
      });
      await valueOf(c.jobNames);
      await settle();
      const [job] = jobs(JOB_V1BETA1);
      assert.strictEqual(job.metadata.namespace, "warm");
      assert.strictEqual(job.metadata.labels.team, "platform");
      assert.deepStrictEqual(job.spec, {
        image: NGINX,
        pullSecrets: ["registry-creds"],
        selector: { matchLabels: { "kubernetes.io/os": "linux" } },
        parallelism: 50,
        pullPolicy: { timeoutSeconds: 300, backoffLimit: 5 },
        completionPolicy: { type: "Never" },
        sandboxConfig: { labels: { team: "platform" } },
        imagePullPolicy: "Always",
      });
      assertCrdValid();
    });

    it("hands the component's dependsOn to every job, so jobs wait for the CRDs", async () => {
      const crds = new k8s.apiextensions.v1.CustomResourceDefinition("kruise-crds", {
        spec: {
          group: "apps.kruise.io",
          names: { kind: "ImagePullJob", plural: "imagepulljobs" },
          scope: "Namespaced",
          versions: [],
        },
      });
      const c = new kd.BaseImageWarm("base", { images: [NGINX, ENVOY] }, { dependsOn: [crds] });
      await valueOf(c.jobNames);
      await settle();
      const crdsUrn = registered.find((r) => r.name === "kruise-crds")!.urn;
      for (const j of ofType(JOB_V1ALPHA1)) assert.ok(j.dependencies.includes(crdsUrn), j.name);
    });
  });

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
      assertCrdValid();
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
      assertCrdValid();
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
      assertCrdValid();
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
      assertCrdValid();
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
      assertCrdValid();
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
        parallelism: pulumi.secret("lane-seven"),
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
