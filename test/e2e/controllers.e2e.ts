/**
 * What we emit, read by the real upstream code: kruise-manager (controllers and webhooks), a
 * kruise-daemon per fake node (each on a fake container runtime), and Tekton's webhook, all
 * built from the Go module proxy at the versions the stack installs and run outside the cluster
 * (support/controllers.ts), against an API server with kube-controller-manager's garbage
 * collector and namespace controller. Kruise and Tekton are installed by the package's own
 * components from the mirror; the controllers start once their CRDs, namespaces and webhook
 * configurations exist, as Pods would, and keep running through destroy.
 *
 * The stack is an inline program whose workloads change from test to test (`setProgram`).
 */
import { EngineEvent, LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { imagePullJobSpecSchema } from "../../components/kruise/imagePullJob";
import { MIRROR_LAYOUT } from "../../stacks/mirror";
import { pulumiCommand, pulumiEnv } from "../../stacks/pulumiCli";
import {
  ensureNamespace,
  get,
  kubeconfigPath,
  list,
  request,
  startApiServer,
  stopApiServer,
} from "./support/cluster";
import {
  FakeNode,
  LOOPBACK_SERVICES,
  controllerLogs,
  createNode,
  labelNode,
  startKruiseDaemon,
  startKruiseManager,
  startTektonWebhook,
  stopControllers,
  waitFor,
} from "./support/controllers";
import { CLUSTER_PACKS, ROOT, apiServerConfig, mirror } from "./support/stacks";

const NS = "warm";
const CI = "ci";
const KRUISE = "apps.kruise.io/v1alpha1";
const TEKTON = "tekton.dev/v1";
const GATES = "ImagePullJobGate=true";
const IMG = {
  a: "docker.io/library/alpine:3.20",
  a2: "docker.io/library/alpine:3.21",
  base: "docker.io/library/busybox:1.37",
  names: "docker.io/library/nginx:1.27.3",
  expr: "docker.io/library/redis:7.4.1",
  pods: "docker.io/library/memcached:1.6.32",
  cpu: "docker.io/library/postgres:17.2",
  flaky: "docker.io/library/golang:1.23",
};
const NODES: FakeNode[] = [
  { name: "n1", labels: { pool: "gpu" } },
  { name: "n2", labels: { pool: "gpu" } },
  { name: "n3", labels: { pool: "cpu" } },
  { name: "n4" },
];

type Kd = typeof import("../../components");

/** The workloads of one step; `install` only: Kruise and Tekton, nothing else. */
type Workloads = (kd: Kd, after: { dependsOn: any }) => Record<string, unknown>;

function program(workloads?: Workloads) {
  return async () => {
    // The built package, loaded inside the program as a user's `import "kruise-devops"` would be.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const kd = require(path.join(ROOT, ".build", "components")) as Kd;
    const kruise = new kd.KruiseOperator("kruise", {
      source: { path: path.join(mirror(), MIRROR_LAYOUT.kruise) },
    });
    const tekton = new kd.TektonPipelines("tekton", {
      source: { path: path.join(mirror(), MIRROR_LAYOUT.tekton) },
    });
    const out: Record<string, unknown> = { gates: kruise.featureGatesValue };
    if (!workloads) return out;
    const after = { dependsOn: [kruise.ready, tekton.ready] as any };
    return { ...out, ...workloads(kd, after) };
  };
}

/** `op name` of each finished resource step, in the engine's order. */
function recorder(): { events: string[]; onEvent: (e: EngineEvent) => void } {
  const events: string[] = [];
  return {
    events,
    onEvent: (e) => {
      const m = e.resOutputsEvent?.metadata;
      if (m) events.push(`${m.op} ${m.urn.split("::").pop()}`);
    },
  };
}

async function job(name: string): Promise<any> {
  const j = await get(KRUISE, "imagepulljobs", name, NS);
  assert.ok(j, `ImagePullJob ${NS}/${name} exists`);
  return j;
}

/**
 * The nodes whose NodeImage asks for `image` (a job's entry, kept while the job exists). NodeImage
 * `spec.images` is keyed by the image's familiar name (`docker.io/library/alpine` → `alpine`, as
 * Kruise stores it), then the tag.
 */
async function nodesWanting(image: string): Promise<string[]> {
  const named = image.replace(/^docker\.io\/library\//, "").replace(/^docker\.io\//, "");
  const [repo, tag] = [
    named.slice(0, named.lastIndexOf(":")),
    named.slice(named.lastIndexOf(":") + 1),
  ];
  const res = await request("GET", `/apis/${KRUISE}/nodeimages`);
  return (res.body.items as any[])
    .filter((ni) => (ni.spec?.images?.[repo]?.tags ?? []).some((t: any) => t.tag === tag))
    .map((ni) => ni.metadata.name)
    .sort();
}

describe("the real Kruise and Tekton in the loop: admitted, fanned out, completed", function () {
  let stack: Stack;
  const saved = { cluster: process.env.KD_E2E_CLUSTER, lb: process.env.KD_E2E_LOOPBACK_SERVICES };

  const up = async (workloads: Workloads | undefined, onEvent?: (e: EngineEvent) => void) => {
    (stack.workspace as LocalWorkspace).program = program(workloads);
    const res = await stack.up({ policyPacks: CLUSTER_PACKS, onEvent });
    assert.strictEqual(res.summary.result, "succeeded");
    return res;
  };

  before(async function () {
    // The cluster pack's `controllers` mode: webhooks as the charts make them, Services of the
    // webhooks reaching the loopback forwarders (support/controllers.ts).
    process.env.KD_E2E_CLUSTER = "controllers";
    process.env.KD_E2E_LOOPBACK_SERVICES = LOOPBACK_SERVICES;
    startApiServer();
    for (const ns of [NS, CI]) await ensureNamespace(ns);
    for (const n of NODES) await createNode(n);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "kd-e2e-controllers-stack-"));
    const env = pulumiEnv(`file://${work}`);
    stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "controllers", projectName: "kruise-devops-e2e", program: program() },
      { envVars: env, pulumiCommand: await pulumiCommand(env) },
    );
    for (const [k, v] of Object.entries(apiServerConfig(kubeconfigPath()))) {
      await stack.setConfig(k, { value: String(v) });
    }
  });

  after(async () => {
    await stopControllers();
    stopApiServer();
    process.env.KD_E2E_CLUSTER = saved.cluster;
    process.env.KD_E2E_LOOPBACK_SERVICES = saved.lb;
    if (saved.cluster === undefined) delete process.env.KD_E2E_CLUSTER;
    if (saved.lb === undefined) delete process.env.KD_E2E_LOOPBACK_SERVICES;
  });

  afterEach(function () {
    if (this.currentTest?.state === "failed") {
      console.error(
        `FAILED: ${this.currentTest.title}\n${this.currentTest.err?.message}\n${controllerLogs()}`,
      );
    }
  });

  it("installs Kruise and Tekton; the upstream manager, daemons and webhook then take over", async () => {
    const res = await up(undefined);
    const gates = res.outputs.gates.value as string;
    assert.strictEqual(gates, GATES, "the gates the chart gives the manager");
    await startKruiseManager(gates);
    for (const n of NODES) await startKruiseDaemon(n, gates);
    await startTektonWebhook();
    assert.deepStrictEqual(
      (await list(KRUISE, "nodeimages")).sort(),
      NODES.map((n) => n.name).sort(),
      "one NodeImage per node",
    );
  });

  it("agrees with Kruise's webhook on every class of bad ImagePullJob our checks reject", async () => {
    const spec = (extra: Record<string, unknown>) => ({
      image: IMG.a,
      pullPolicy: { timeoutSeconds: 600, backoffLimit: 3 },
      completionPolicy: { type: "Always" },
      imagePullPolicy: "IfNotPresent",
      ...extra,
    });
    const cases: [string, Record<string, unknown>][] = [
      ["valid", spec({})],
      [
        "names with matchLabels",
        spec({ selector: { names: ["n1"], matchLabels: { pool: "gpu" } } }),
      ],
      ["duplicate names", spec({ selector: { names: ["n1", "n1"] } })],
      ["bad label selector", spec({ selector: { matchLabels: { "-bad": "x" } } })],
      [
        "podSelector with selector",
        spec({ selector: {}, podSelector: { matchLabels: { a: "b" } } }),
      ],
      ["empty image", spec({ image: "" })],
      ["unparsable image", spec({ image: "Docker.io/Library/Alpine:3.20" })],
      ["percent parallelism", spec({ parallelism: "50%" })],
      ["negative parallelism", spec({ parallelism: -1 })],
      [
        "deadline below the pull timeout",
        spec({ completionPolicy: { type: "Always", activeDeadlineSeconds: 100 } }),
      ],
      [
        "Never with a deadline",
        spec({ completionPolicy: { type: "Never", activeDeadlineSeconds: 900 } }),
      ],
      ["unknown completion type", spec({ completionPolicy: { type: "Sometimes" } })],
    ];
    const disagreements: string[] = [];
    for (const [i, [what, s]] of cases.entries()) {
      const ours = imagePullJobSpecSchema.safeParse(s).success;
      const res = await request(
        "POST",
        `/apis/${KRUISE}/namespaces/${NS}/imagepulljobs?dryRun=All`,
        { apiVersion: KRUISE, kind: "ImagePullJob", metadata: { name: `case-${i}` }, spec: s },
      );
      const theirs = res.status === 201;
      if (ours !== theirs) {
        disagreements.push(
          `${what}: ours ${ours ? "accepts" : "rejects"}, Kruise ${theirs ? "admits" : `rejects (${res.body?.message})`}`,
        );
      }
    }
    // Known, and kept: our parallelism rules are Kruise 1.9's webhook rules (9-11 in
    // ../shared/docs/upstream-facts.md); the 1.8.3 manager the pinned chart runs has no
    // parallelism check (pkg/webhook/imagepulljob/validating at v1.8.3), so it admits a percent or
    // a negative value that its controller cannot use. Any other disagreement fails here.
    assert.deepStrictEqual(disagreements, [
      "percent parallelism: ours rejects, Kruise admits",
      "negative parallelism: ours rejects, Kruise admits",
    ]);
  });

  it("a PoolWarm by label reaches exactly the labelled nodes, and `up` waits for them to have the image", async () => {
    const rec = recorder();
    const res = await up((kd, after) => {
      const gpu = new kd.PoolWarm(
        "gpu",
        {
          namespace: NS,
          images: [IMG.a],
          pool: { matchLabels: { pool: "gpu" } },
          completionPolicy: "Always",
          waitForCompletion: true,
        },
        after,
      );
      // Something a rollout would be: created only once the warm has completed.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const k8s = require("@pulumi/kubernetes") as typeof import("@pulumi/kubernetes");
      const marker = new k8s.core.v1.ConfigMap(
        "after-warm",
        { metadata: { name: "after-warm", namespace: NS }, data: { warmed: IMG.a } },
        { dependsOn: gpu.jobs },
      );
      return { gpu: gpu.jobNames, marker: marker.metadata.name };
    }, rec.onEvent);
    const name = (res.outputs.gpu.value as Record<string, string>)[IMG.a];
    const j = await job(name);
    assert.ok(j.status?.completionTime, `completed when up returned: ${JSON.stringify(j.status)}`);
    assert.deepStrictEqual(
      [j.status.desired, j.status.succeeded, j.status.failed ?? 0],
      [2, 2, 0],
      JSON.stringify(j.status),
    );
    assert.deepStrictEqual(await nodesWanting(IMG.a), ["n1", "n2"]);
    const marker = await get("v1", "configmaps", "after-warm", NS);
    assert.ok(
      Date.parse(marker.metadata.creationTimestamp) >= Date.parse(j.status.completionTime) - 1000,
      `the dependent was created (${marker.metadata.creationTimestamp}) after completion (${j.status.completionTime})`,
    );
    assert.ok(
      rec.events.indexOf(`create ${name}`) < rec.events.indexOf("create after-warm"),
      rec.events.join("\n"),
    );
  });

  it("PoolWarms by names, by expressions and by podSelector reach exactly their nodes", async () => {
    // A Pod of the app, bound to n3 as the scheduler would bind it (no kubelet runs it).
    const pod = await request("POST", `/api/v1/namespaces/${NS}/pods`, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web-0", labels: { app: "web" } },
      spec: { nodeName: "n3", containers: [{ name: "web", image: IMG.pods }] },
    });
    assert.strictEqual(pod.status, 201, JSON.stringify(pod.body));
    const res = await up((kd, after) => {
      const warm = (name: string, image: string, pool: object) =>
        new kd.PoolWarm(
          name,
          {
            namespace: NS,
            images: [image],
            pool,
            completionPolicy: "Always",
            waitForCompletion: true,
          },
          after,
        ).jobNames;
      return {
        names: warm("by-names", IMG.names, { names: ["n2", "n4"] }),
        expr: warm("by-expr", IMG.expr, {
          matchExpressions: [{ key: "pool", operator: "In", values: ["gpu", "cpu"] }],
        }),
        pods: warm("by-pods", IMG.pods, { podSelector: { matchLabels: { app: "web" } } }),
      };
    });
    const want: [string, string, string[]][] = [
      ["names", IMG.names, ["n2", "n4"]],
      ["expr", IMG.expr, ["n1", "n2", "n3"]],
      ["pods", IMG.pods, ["n3"]],
    ];
    for (const [key, image, nodes] of want) {
      const j = await job((res.outputs[key].value as Record<string, string>)[image]);
      assert.deepStrictEqual(
        [j.status.desired, j.status.succeeded],
        [nodes.length, nodes.length],
        key,
      );
      assert.deepStrictEqual(await nodesWanting(image), nodes, key);
    }
  });

  it("a BaseImageWarm reaches a node created after it; relabelling a node into a Never pool grows its job", async () => {
    const res = await up((kd, after) => ({
      base: new kd.BaseImageWarm("base", { namespace: NS, images: [IMG.base] }, after).jobNames,
      cpu: new kd.PoolWarm(
        "cpu",
        { namespace: NS, images: [IMG.cpu], pool: { matchLabels: { pool: "cpu" } } },
        after,
      ).jobNames,
    }));
    const base = (res.outputs.base.value as Record<string, string>)[IMG.base];
    const cpu = (res.outputs.cpu.value as Record<string, string>)[IMG.cpu];
    await waitFor(
      "the base warm on all four nodes",
      async () => (await job(base)).status?.succeeded === 4,
    );
    await waitFor("the cpu pool warm on n3", async () => (await job(cpu)).status?.succeeded === 1);

    const n5: FakeNode = { name: "n5" };
    await createNode(n5);
    await startKruiseDaemon(n5, GATES);
    await waitFor(
      "the base warm on the new node",
      async () => (await job(base)).status?.desired === 5,
    );
    await waitFor("the new node warmed", async () => (await job(base)).status?.succeeded === 5);

    await labelNode("n4", { pool: "cpu" });
    await waitFor("the cpu pool grown to n4", async () => (await job(cpu)).status?.succeeded === 2);
    assert.deepStrictEqual(await nodesWanting(IMG.cpu), ["n3", "n4"]);
    await labelNode("n4", { pool: null });
  });

  it("a node whose runtime fails every pull shows as failed in the job (what `up` must then do: issue 13)", async () => {
    const bad: FakeNode = { name: "bad", labels: { pool: "flaky" }, failPulls: true };
    await createNode(bad);
    await startKruiseDaemon(bad, GATES);
    const res = await up((kd, after) => ({
      flaky: new kd.PoolWarm(
        "flaky",
        {
          namespace: NS,
          images: [IMG.flaky],
          pool: { matchLabels: { pool: "flaky" } },
          completionPolicy: "Always",
          waitForCompletion: true,
          pullPolicy: { timeoutSeconds: 30, backoffLimit: 1 },
          activeDeadlineSeconds: 300,
        },
        after,
      ).jobNames,
    }));
    const j = await job((res.outputs.flaky.value as Record<string, string>)[IMG.flaky]);
    assert.ok(j.status.completionTime, JSON.stringify(j.status));
    assert.deepStrictEqual([j.status.desired, j.status.succeeded, j.status.failed], [1, 0, 1]);
    assert.deepStrictEqual(j.status.failedNodes, ["bad"]);
    await labelNode("bad", { pool: null });
  });

  it("an image change completes the new job before deleting the old; the old image leaves the NodeImages", async () => {
    const gpu = (image: string) => (kd: Kd, after: { dependsOn: any }) => ({
      gpu: new kd.PoolWarm(
        "gpu",
        {
          namespace: NS,
          images: [image],
          pool: { matchLabels: { pool: "gpu" } },
          completionPolicy: "Always",
          waitForCompletion: true,
        },
        after,
      ).jobNames,
    });
    const before = (await up(gpu(IMG.a))).outputs.gpu.value as Record<string, string>;
    const rec = recorder();
    const now = (await up(gpu(IMG.a2), rec.onEvent)).outputs.gpu.value as Record<string, string>;
    const created = rec.events.indexOf(`create ${now[IMG.a2]}`);
    const deleted = rec.events.indexOf(`delete ${before[IMG.a]}`);
    assert.ok(created >= 0 && deleted > created, rec.events.join("\n"));
    const j = await job(now[IMG.a2]);
    assert.deepStrictEqual([j.status.desired, j.status.succeeded], [2, 2]);
    assert.strictEqual(await get(KRUISE, "imagepulljobs", before[IMG.a], NS), undefined);
    await waitFor(
      "the old image gone from the NodeImages",
      async () => (await nodesWanting(IMG.a)).length === 0,
    );
    assert.deepStrictEqual(await nodesWanting(IMG.a2), ["n1", "n2"]);
  });

  it("Tekton's webhook admits and defaults the pipelines, and admits a PipelineRun", async () => {
    await up((kd, after) => {
      const p = new kd.CiPipeline(
        "web-ci",
        {
          namespace: CI,
          serviceAccount: "pipeline",
          repo: "https://github.com/acme/web.git",
          build: { image: "ghcr.io/acme/web", registrySecret: "registry-creds" },
          test: { image: "docker.io/library/golang:1.23", command: ["go", "test", "./..."] },
          warm: { parallelism: 5, selector: { pool: "gpu" } },
          deploy: { cloneSet: { name: "web", container: "web", namespace: NS } },
          run: true,
        },
        after,
      );
      return { pipeline: p.urn };
    });
    const tasks = await list(TEKTON, "tasks", CI);
    assert.deepStrictEqual(tasks.sort(), [
      `${CI}/web-ci-build`,
      `${CI}/web-ci-clone`,
      `${CI}/web-ci-deploy`,
      `${CI}/web-ci-test`,
      `${CI}/web-ci-warm`,
    ]);
    assert.strictEqual((await list(TEKTON, "pipelines", CI)).length, 1);
    assert.strictEqual((await list(TEKTON, "pipelineruns", CI)).length, 1);
    // And a bad one is rejected by Tekton itself.
    const bad = await request("POST", `/apis/${TEKTON}/namespaces/${CI}/tasks?dryRun=All`, {
      apiVersion: TEKTON,
      kind: "Task",
      metadata: { name: "bad" },
      spec: { steps: [{ name: "s" }] },
    });
    assert.strictEqual(bad.status, 400, JSON.stringify(bad.body));
  });

  it("bad input fails at preview with the component's message, and nothing is created", async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "kd-e2e-controllers-bad-"));
    const env = pulumiEnv(`file://${work}`);
    const bad = await LocalWorkspace.createOrSelectStack(
      {
        stackName: "bad",
        projectName: "kruise-devops-e2e",
        program: async () => {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const kd = require(path.join(ROOT, ".build", "components")) as Kd;
          new kd.BaseImageWarm("base", { namespace: NS, images: [IMG.a, "nginx"] });
        },
      },
      { envVars: env, pulumiCommand: await pulumiCommand(env) },
    );
    await bad.setConfig("kubernetes:kubeconfig", { value: kubeconfigPath() });
    const jobs = await list(KRUISE, "imagepulljobs", NS);
    await assert.rejects(
      () => bad.preview({ policyPacks: CLUSTER_PACKS }),
      /BaseImageWarm 'base': args\.images\[1\] \("nginx"\) has no tag or digest/,
    );
    await assert.rejects(() => bad.up({ policyPacks: CLUSTER_PACKS }), /has no tag or digest/);
    const state = await bad.exportStack();
    assert.deepStrictEqual(
      (state.deployment.resources ?? [])
        .map((r: any) => r.type as string)
        .filter((t: string) => t.startsWith("kubernetes:") && t !== "pulumi:providers:kubernetes"),
      [],
    );
    assert.deepStrictEqual(await list(KRUISE, "imagepulljobs", NS), jobs);
  });

  it("preview after up shows no changes with the controllers running; refresh shows exactly what kruise-manager owns", async () => {
    await stack.preview({ policyPacks: CLUSTER_PACKS, expectNoChanges: true });
    // What the controllers own shows on refresh. Known and asserted exactly, so that any other
    // drift fails here: kruise-manager fills the `template` annotation of both its webhook
    // configurations (the chart renders it empty) and drops the webhooks whose paths it does not
    // serve. Tekton's webhook patches its configurations too, but only fields Pulumi does not set.
    const refreshed = await stack.refresh();
    // `~ <type> <name> updated (…) [diff: ~a,b]` in the engine's output, one per changed resource.
    const changed = [
      ...new Set(
        [
          ...refreshed.stdout.matchAll(/^\s*~\s+\S+\s+(\S+)\s+updated\b.*\[diff: ~?([^\]]+)\]/gm),
        ].map((m) => `${m[1]} ${m[2]}`),
      ),
    ];
    assert.deepStrictEqual(changed.sort(), [
      "kruise-chart:kruise-mutating-webhook-configuration metadata",
      "kruise-chart:kruise-validating-webhook-configuration metadata,webhooks",
    ]);
    // Not yet true, found here (issue 12): `up` after this refresh fails with a server-side apply
    // conflict on `.metadata.annotations.template`, which kruise-manager now owns. Until the
    // package stops managing the fields kruise-manager owns, the check below is what holds:
    // refresh itself leaves admission working (a bad job refused by Kruise's own rule, a good one
    // admitted).
    const post = (spec: object) =>
      request("POST", `/apis/${KRUISE}/namespaces/${NS}/imagepulljobs?dryRun=All`, {
        apiVersion: KRUISE,
        kind: "ImagePullJob",
        metadata: { name: "still-checked" },
        spec,
      });
    const good = { image: IMG.a, completionPolicy: { type: "Always" } };
    const [bad, ok] = [await post({ ...good, image: "" }), await post(good)];
    assert.strictEqual(bad.status, 400, JSON.stringify(bad.body));
    assert.match(JSON.stringify(bad.body), /image can not be empty/);
    assert.strictEqual(ok.status, 201, JSON.stringify(ok.body));
  });

  it("destroys: no job, no stuck finalizer, none of our images left in the NodeImages; the CRDs stay", async () => {
    const res = await stack.destroy();
    assert.strictEqual(res.summary.result, "succeeded");
    assert.deepStrictEqual(await list(KRUISE, "imagepulljobs", NS), []);
    for (const image of Object.values(IMG)) {
      await waitFor(
        `${image} gone from the NodeImages`,
        async () => (await nodesWanting(image)).length === 0,
      );
    }
    const crd = await request(
      "GET",
      "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/imagepulljobs.apps.kruise.io",
    );
    assert.strictEqual(crd.status, 200);
  });
});
