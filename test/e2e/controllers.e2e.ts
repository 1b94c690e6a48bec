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
import * as path from "path";
import { cloneSetArgsSchema } from "../../components/kruise/cloneSet";
import { CLONESET_DEFAULTS } from "../../components/kruise/cloneSetRules";
import { buildCloneSet } from "../../components/kruise/cloneSetSpec";
import { imagePullJobSpecSchema } from "../../components/kruise/imagePullJob";
import { checkPipelineSpec, checkTaskSpec } from "../../components/tekton/validation";
import { MIRROR_LAYOUT } from "../../stacks/mirror";
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
  CONTROLLERS_ENV,
  FakeNode,
  createNode,
  logControllersOnFailure,
  labelNode,
  setEnv,
  startKruiseDaemon,
  startKruiseManager,
  startTektonWebhook,
  stopControllers,
  waitFor,
} from "./support/controllers";
import { StandInKubelet, startStandInKubelet } from "./support/standInKubelet";
import { runHealthScript } from "../support/lua";
import { CLUSTER_PACKS, ROOT, inlineStack, mirror, recorder } from "./support/stacks";

const NS = "warm";
const CI = "ci";
const KRUISE = "apps.kruise.io/v1alpha1";
const TEKTON = "tekton.dev/v1";
// PreDownloadImageForInPlaceUpdate: the CloneSet case's pre-download.
const GATES = "ImagePullJobGate=true,PreDownloadImageForInPlaceUpdate=true";
const IMG = {
  a: "docker.io/library/alpine:3.20",
  a2: "docker.io/library/alpine:3.21",
  base: "docker.io/library/busybox:1.37",
  names: "docker.io/library/nginx:1.27.3",
  expr: "docker.io/library/redis:7.4.1",
  pods: "docker.io/library/memcached:1.6.32",
  cpu: "docker.io/library/postgres:17.2",
  flaky: "docker.io/library/golang:1.23",
  list: ["docker.io/library/traefik:3.2.1", "docker.io/library/haproxy:3.1.1"],
  listFlaky: "docker.io/library/caddy:2.8.4",
};
/**
 * The CloneSet's images, apart from IMG: Kruise's own pre-download job also puts its image in the
 * NodeImages, and that job (with `ttlSecondsAfterFinished: 600`, set by Kruise) and its entries
 * are Kruise's to clear, not the stack's, so they stay out of destroy's check on IMG.
 */
const APP = { v1: "docker.io/library/httpd:2.4.62", v2: "docker.io/library/httpd:2.4.63" };
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
      featureGates: { PreDownloadImageForInPlaceUpdate: true },
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

/**
 * Each case through our check (`ours`: accepted or not) and through the API server with dryRun,
 * so through the upstream webhooks and the CRD schema: the cases whose verdicts differ, as
 * "what: ours …, Kruise|Tekton …". 201 is admitted; 400 or 422 is refused by the webhook or the schema,
 * either way refused by the install; anything else fails the test.
 */
async function disagreements(
  group: string,
  cases: { what: string; ours: boolean; obj: Record<string, any> }[],
  namespace = NS,
): Promise<string[]> {
  const out: string[] = [];
  for (const { what, ours, obj } of cases) {
    const plural = `${String(obj.kind).toLowerCase()}s`;
    const url = `/apis/${group}/namespaces/${namespace}/${plural}?dryRun=All`;
    const res = await request("POST", url, obj);
    assert.ok(
      [201, 400, 422].includes(res.status),
      `${what}: ${res.status} ${JSON.stringify(res.body)}`,
    );
    const theirs = res.status === 201;
    if (ours !== theirs) {
      out.push(
        `${what}: ours ${ours ? "accepts" : "rejects"}, ${group === TEKTON ? "Tekton" : "Kruise"} ${theirs ? "admits" : `rejects (${res.body?.message})`}`,
      );
    }
  }
  return out;
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
  let kubelet: StandInKubelet | undefined;
  let restoreEnv: () => void = () => undefined;

  const up = async (workloads: Workloads | undefined, onEvent?: (e: EngineEvent) => void) => {
    (stack.workspace as LocalWorkspace).program = program(workloads);
    const res = await stack.up({ policyPacks: CLUSTER_PACKS, onEvent });
    assert.strictEqual(res.summary.result, "succeeded");
    return res;
  };

  before(async function () {
    // The cluster pack's `controllers` mode: webhooks as the charts make them, Services of the
    // webhooks reaching the loopback forwarders (support/controllers.ts).
    restoreEnv = setEnv(CONTROLLERS_ENV);
    startApiServer();
    for (const ns of [NS, CI]) await ensureNamespace(ns);
    for (const n of NODES) await createNode(n);
    stack = await inlineStack("controllers", program(), kubeconfigPath());
  });

  after(async () => {
    await kubelet?.stop();
    await stopControllers();
    stopApiServer();
    restoreEnv();
  });

  afterEach(logControllersOnFailure);

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
    const found = await disagreements(
      KRUISE,
      cases.map(([what, s], i) => ({
        what,
        ours: imagePullJobSpecSchema.safeParse(s).success,
        obj: { apiVersion: KRUISE, kind: "ImagePullJob", metadata: { name: `case-${i}` }, spec: s },
      })),
    );
    // Known, and kept: our parallelism rules are Kruise 1.9's webhook rules (9-11 in
    // ../shared/docs/upstream-facts.md); the 1.8.3 manager the pinned chart runs has no
    // parallelism check (pkg/webhook/imagepulljob/validating at v1.8.3), so it admits a percent or
    // a negative value that its controller cannot use. Any other disagreement fails here.
    assert.deepStrictEqual(found, [
      "percent parallelism: ours rejects, Kruise admits",
      "negative parallelism: ours rejects, Kruise admits",
    ]);
  });

  it("agrees with Kruise's webhook on every class of bad CloneSet our checks reject", async () => {
    // One case: CloneSet args as a user writes them (podSpec form). Ours: the component's own
    // check (cloneSetArgsSchema). Kruise's: the CloneSet built from the same values with no check
    // (buildCloneSet, the component's own builder), sent to the API server with dryRun, so it
    // goes through kruise-manager's validating webhook.
    const container = (extra: Record<string, unknown> = {}) => ({
      name: "web",
      image: IMG.a,
      ...extra,
    });
    const cases: [string, Record<string, any>][] = [
      ["valid", {}],
      [
        "valid, pre-download in batches",
        { replicas: 5, updateStrategy: { partition: 2 }, preDownload: {} },
      ],
      ["no container", { podSpec: { containers: [] } }],
      ["empty image", { podSpec: { containers: [container({ image: "" })] } }],
      ["bad container name", { podSpec: { containers: [container({ name: "Web_1" })] } }],
      ["duplicate container names", { podSpec: { containers: [container(), container()] } }],
      ["restartPolicy Never", { podSpec: { containers: [container()], restartPolicy: "Never" } }],
      [
        "activeDeadlineSeconds",
        { podSpec: { containers: [container()], activeDeadlineSeconds: 60 } },
      ],
      ["unknown update type", { updateStrategy: { type: "Rolling" } }],
      ["OnDelete update type", { updateStrategy: { type: "OnDelete" } }],
      ["maxSurge with InPlaceOnly", { updateStrategy: { type: "InPlaceOnly", maxSurge: 1 } }],
      [
        "maxUnavailable and maxSurge both 0",
        { updateStrategy: { maxUnavailable: 0, maxSurge: 0 } },
      ],
      ["negative partition", { updateStrategy: { partition: -1 } }],
      // -50% of 2 replicas scales (rounded up) to -1: refused as the count -1 is.
      ["negative percent partition", { updateStrategy: { partitionPercent: -50 } }],
      ["negative replicas", { replicas: -1 }],
      [
        "unpinned image",
        { podSpec: { containers: [container({ image: "docker.io/library/alpine" })] } },
      ],
      [
        "pre-download in one batch",
        { replicas: 5, updateStrategy: { maxUnavailablePercent: 100 }, preDownload: {} },
      ],
    ];
    /** A strategy's args as Kruise reads them: each count as is, each `xPercent` as "x%". */
    const asKruise = (strategy: Record<string, any> = {}) =>
      Object.fromEntries(
        Object.entries(strategy).map(([k, v]) =>
          k.endsWith("Percent") ? [k.slice(0, -"Percent".length), `${v}%`] : [k, v],
        ),
      );
    const found = await disagreements(
      KRUISE,
      cases.map(([what, c], i) => {
        const args: Record<string, any> = {
          podSpec: { containers: [container()] },
          replicas: 2,
          ...c,
        };
        const obj = buildCloneSet(
          {
            name: `case-${i}`,
            namespace: NS,
            labels: {},
            selectorLabels: { app: `case-${i}` },
            replicas: args.replicas,
            revisionHistoryLimit: CLONESET_DEFAULTS.revisionHistoryLimit,
            updateStrategy: { ...CLONESET_DEFAULTS, ...asKruise(args.updateStrategy) },
            ...(args.preDownload
              ? {
                  preDownload: {
                    parallelism: CLONESET_DEFAULTS.preDownloadParallelism,
                    timeoutSeconds: CLONESET_DEFAULTS.preDownloadTimeoutSeconds,
                    minUpdatedReadyPods: CLONESET_DEFAULTS.preDownloadMinUpdatedReadyPods,
                  },
                }
              : {}),
          },
          args.podSpec,
        );
        return { what, ours: cloneSetArgsSchema.safeParse(args).success, obj };
      }),
    );
    // Known, and kept: these two are our rules, not Kruise's. A moving tag never rolls out in
    // place (the image string must change), and Kruise skips pre-download for a rollout in one
    // batch without a word (createImagePullJobsForInPlaceUpdate); both fail at preview here.
    // Any other disagreement fails here.
    assert.deepStrictEqual(found, [
      "unpinned image: ours rejects, Kruise admits",
      "pre-download in one batch: ours rejects, Kruise admits",
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

  it("a node whose runtime fails every pull fails the `up`, naming the job, the counts and the node; maxFailedNodes lets it pass", async () => {
    const bad: FakeNode = { name: "bad", labels: { pool: "flaky" }, failPulls: true };
    await createNode(bad);
    await startKruiseDaemon(bad, GATES);
    const flaky =
      (maxFailedNodes?: number): Workloads =>
      (kd, after) => ({
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
            ...(maxFailedNodes === undefined ? {} : { maxFailedNodes }),
          },
          after,
        ).jobNames,
      });
    (stack.workspace as LocalWorkspace).program = program(flaky());
    const failed = await stack.up({ policyPacks: CLUSTER_PACKS }).then(
      () => undefined,
      (e: Error) => e,
    );
    assert.ok(failed, "the up fails");
    const jobs = (await request("GET", `/apis/${KRUISE}/namespaces/${NS}/imagepulljobs`)).body
      .items as any[];
    const j = jobs.find((x) => x.spec.image === IMG.flaky);
    assert.ok(j, "the job stays, as the record of the failed warm");
    assert.ok(j.status.completionTime, JSON.stringify(j.status));
    assert.deepStrictEqual([j.status.desired, j.status.succeeded, j.status.failed], [1, 0, 1]);
    assert.deepStrictEqual(j.status.failedNodes, ["bad"]);
    for (const part of [
      `PoolWarm 'flaky': the warm of ${IMG.flaky} (ImagePullJob ${NS}/${j.metadata.name})`,
      "left 1 of 1 nodes without the image (0 succeeded, 1 failed)",
      "maxFailedNodes allows 0. First failed nodes: bad.",
      "pulumi up --replace 'urn:pulumi:",
      "or raise maxFailedNodes",
    ]) {
      assert.ok(failed.message.includes(part), `${part}\n--- in:\n${failed.message}`);
    }
    // The same job, one failure allowed: the up passes, nothing re-run.
    const res = await up(flaky(1));
    assert.strictEqual(
      (res.outputs.flaky.value as Record<string, string>)[IMG.flaky],
      j.metadata.name,
    );
    assert.strictEqual((await job(j.metadata.name)).metadata.uid, j.metadata.uid);
    await labelNode("bad", { pool: null });
  });

  it("an ImageListWarm pulls every image onto its nodes through one ImageListPullJob; a failed image fails the `up`; Argo CD's health reads the real status", async () => {
    const health = (obj: unknown) =>
      runHealthScript(
        path.join(ROOT, "components", "argocd", "health", "ImageListPullJob.lua"),
        obj,
      );
    const listWarm =
      (images: string[], names: string[]): Workloads =>
      (kd, after) => {
        const w = new kd.ImageListWarm(
          "tools",
          {
            namespace: NS,
            images,
            nodeSelector: { names },
            waitForCompletion: true,
            pullPolicy: { timeoutSeconds: 30, backoffLimit: 1 },
            activeDeadlineSeconds: 300,
          },
          after,
        );
        return { list: w.jobName, result: w.warmResult };
      };
    const res = await up(listWarm(IMG.list, ["n1", "n2"]));
    const name = res.outputs.list.value as string;
    const l = await get(KRUISE, "imagelistpulljobs", name, NS);
    assert.ok(
      l?.status?.completionTime,
      `completed when up returned: ${JSON.stringify(l?.status)}`,
    );
    assert.deepStrictEqual(
      [
        l.status.desired,
        l.status.completed,
        l.status.succeeded,
        l.status.failedImageStatuses ?? [],
      ],
      [2, 2, 2, []],
    );
    assert.deepStrictEqual(res.outputs.result.value, {
      job: name,
      images: 2,
      succeeded: 2,
      failedImages: [],
    });
    // Kruise's children: one ImagePullJob per image, owned by the list job, on exactly n1 and n2.
    const children = (
      (await request("GET", `/apis/${KRUISE}/namespaces/${NS}/imagepulljobs`)).body.items as any[]
    ).filter((j) => j.metadata.ownerReferences?.some((o: any) => o.uid === l.metadata.uid));
    assert.deepStrictEqual(children.map((c) => c.spec.image).sort(), [...IMG.list].sort());
    for (const c of children) {
      assert.ok(c.metadata.name.startsWith(`${name}-`), c.metadata.name);
      assert.deepStrictEqual(
        [c.status.desired, c.status.succeeded],
        [2, 2],
        JSON.stringify(c.status),
      );
    }
    for (const image of IMG.list) assert.deepStrictEqual(await nodesWanting(image), ["n1", "n2"]);
    assert.deepStrictEqual(health(l), {
      status: "Healthy",
      message: "All 2 images pulled on every matching node",
    });

    // A node whose runtime fails every pull: the list completes with the image failed there.
    (stack.workspace as LocalWorkspace).program = program(listWarm([IMG.listFlaky], ["n1", "bad"]));
    const failed = await stack.up({ policyPacks: CLUSTER_PACKS }).then(
      () => undefined,
      (e: Error) => e,
    );
    assert.ok(failed, "the up fails");
    const bad = (
      (await request("GET", `/apis/${KRUISE}/namespaces/${NS}/imagelistpulljobs`)).body
        .items as any[]
    ).find((x) => x.spec.images.includes(IMG.listFlaky));
    assert.ok(bad?.status?.completionTime, JSON.stringify(bad?.status));
    const [f] = bad.status.failedImageStatuses;
    assert.strictEqual(f.name, IMG.listFlaky);
    for (const part of [
      `ImageListWarm 'tools': the warm (ImageListPullJob ${NS}/${bad.metadata.name}) pulled 0 of 1 images`,
      `${IMG.listFlaky} (ImagePullJob ${f.imagePullJob})`,
      "pulumi up --replace 'urn:pulumi:",
    ]) {
      assert.ok(failed.message.includes(part), `${part}\n--- in:\n${failed.message}`);
    }
    assert.deepStrictEqual((await job(f.imagePullJob)).status.failedNodes, ["bad"]);
    const h = health(bad);
    assert.strictEqual(h.status, "Degraded", JSON.stringify(h));
    assert.match(
      h.message,
      new RegExp(
        `for 1 of 1 images: ${IMG.listFlaky.replace(/[.]/g, "\\.")} \\(ImagePullJob ${f.imagePullJob}\\)`,
      ),
    );
  });

  it("edits take effect: a one-shot warm's parallelism change runs a new job before deleting the old; a Never job's is applied in place", async () => {
    const warms =
      (parallelism: number): Workloads =>
      (kd, after) => ({
        once: new kd.PoolWarm(
          "once",
          {
            namespace: NS,
            images: [IMG.a],
            pool: { matchLabels: { pool: "gpu" } },
            completionPolicy: "Always",
            waitForCompletion: true,
            parallelism,
          },
          after,
        ).jobNames,
        kept: new kd.PoolWarm(
          "kept",
          { namespace: NS, images: [IMG.cpu], pool: { matchLabels: { pool: "cpu" } }, parallelism },
          after,
        ).jobNames,
      });
    const names = (res: { outputs: Record<string, { value: unknown }> }) => ({
      once: (res.outputs.once.value as Record<string, string>)[IMG.a],
      kept: (res.outputs.kept.value as Record<string, string>)[IMG.cpu],
    });
    const before = names(await up(warms(1)));
    const done = await job(before.once);
    assert.ok(done.status.completionTime, JSON.stringify(done.status));
    const rec = recorder();
    const after = names(await up(warms(2), rec.onEvent));
    // One-shot: a new name, run to completion (up waited for it), then the old one deleted.
    assert.notStrictEqual(after.once, before.once);
    const created = rec.events.indexOf(`create-replacement ${after.once}`);
    const deleted = rec.events.indexOf(`delete-replaced ${before.once}`);
    assert.ok(created >= 0 && deleted > created, rec.events.join("\n"));
    const j = await job(after.once);
    assert.ok(j.status.completionTime, JSON.stringify(j.status));
    assert.deepStrictEqual([j.spec.parallelism, j.status.desired, j.status.succeeded], [2, 2, 2]);
    assert.strictEqual(await get(KRUISE, "imagepulljobs", before.once, NS), undefined);
    // Never: Kruise reads parallelism on every reconcile, so the same job takes the new value.
    assert.strictEqual(after.kept, before.kept);
    assert.strictEqual((await job(after.kept)).spec.parallelism, 2);
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

  it("a CloneSet rolls out in place: Kruise pre-downloads the new image to the held-back Pods' nodes, and updates the others in place", async () => {
    // Pods need a scheduler and a kubelet: the stand-in (support/standInKubelet.ts) binds them to
    // the fake nodes and reports them running, until the file ends (it also finishes their
    // deletion once the CloneSet is gone).
    kubelet = startStandInKubelet(
      NS,
      NODES.map((n) => n.name),
    );
    const web =
      (image: string): Workloads =>
      (kd, after) => {
        const cs = new kd.CloneSet(
          "web",
          {
            namespace: NS,
            image,
            replicas: 4,
            // Two Pods held back at the old revision, one Pod updated at a time.
            updateStrategy: { partition: 2, maxUnavailable: 1 },
            preDownload: { parallelism: 4 },
          },
          after,
        );
        return { cloneSet: cs.urn };
      };
    const status = async () => (await get(KRUISE, "clonesets", "web", NS))?.status ?? {};
    // The CloneSet's Pods (by its selector: the podSelector case's Pod is in this namespace too),
    // but those being deleted.
    const pods = async () =>
      (
        (
          await request(
            "GET",
            `/api/v1/namespaces/${NS}/pods?labelSelector=${encodeURIComponent("app.kubernetes.io/name=web")}`,
          )
        ).body.items as any[]
      )
        .filter((p) => !p.metadata.deletionTimestamp)
        .map((p) => ({
          name: p.metadata.name as string,
          uid: p.metadata.uid as string,
          node: p.spec.nodeName as string,
          spec: p.spec.containers[0].image as string,
          running: p.status?.containerStatuses?.[0]?.image as string | undefined,
        }));
    await up(web(APP.v1));
    await waitFor(
      "4 Pods of web ready",
      async () => {
        const s = await status();
        return s.readyReplicas === 4 && s.updatedReadyReplicas === 4 && (await pods()).length === 4;
      },
      120_000,
    );
    const before = await pods();
    assert.strictEqual(before.length, 4, JSON.stringify(before));
    assert.ok(before.every((p) => p.node && p.running === APP.v1));

    await up(web(APP.v2));
    // Kruise's own pre-download job for the new revision: it targets the Pods not yet at it.
    let pre: any;
    await waitFor(
      "Kruise's pre-download ImagePullJob",
      async () => {
        const res = await request("GET", `/apis/${KRUISE}/namespaces/${NS}/imagepulljobs`);
        pre = (res.body.items as any[]).find(
          (j) =>
            j.spec.image === APP.v2 &&
            (j.metadata.ownerReferences ?? []).some(
              (o: any) => o.kind === "CloneSet" && o.name === "web",
            ),
        );
        return pre !== undefined;
      },
      120_000,
    );
    assert.deepStrictEqual(
      pre.spec.podSelector.matchExpressions.map((e: any) => [e.key, e.operator]),
      [["controller-revision-hash", "NotIn"]],
      JSON.stringify(pre.spec),
    );
    assert.strictEqual(
      pre.spec.parallelism,
      4,
      "our preDownload.parallelism, through the annotation",
    );
    // The in-place rollout stops at the partition: two Pods updated, two held back.
    await waitFor(
      "2 Pods of web updated in place and ready, 2 held back",
      async () => {
        const s = await status();
        return s.updatedReplicas === 2 && s.updatedReadyReplicas === 2 && s.readyReplicas === 4;
      },
      180_000,
    );
    const after = await pods();
    assert.deepStrictEqual(
      after.map((p) => `${p.name} ${p.uid} ${p.node}`).sort(),
      before.map((p) => `${p.name} ${p.uid} ${p.node}`).sort(),
      "the same Pods, on the same nodes: updated in place, not recreated",
    );
    const updated = after.filter((p) => p.spec === APP.v2 && p.running === APP.v2);
    const held = after.filter((p) => p.spec === APP.v1 && p.running === APP.v1);
    assert.strictEqual(updated.length, 2, JSON.stringify(after));
    assert.strictEqual(held.length, 2, JSON.stringify(after));
    // The pre-download reached the held-back Pods' nodes: the kruise-daemons there pulled it.
    await waitFor(
      "the pre-download job completed",
      async () => {
        const j = await get(KRUISE, "imagepulljobs", pre.metadata.name, NS);
        pre = j;
        return !!j?.status?.completionTime;
      },
      120_000,
    );
    assert.strictEqual(pre.status.failed ?? 0, 0, JSON.stringify(pre.status));
    assert.ok(pre.status.desired >= 2, JSON.stringify(pre.status));
    const pulled = await nodesWanting(APP.v2);
    for (const p of held)
      assert.ok(pulled.includes(p.node), `${p.node} asked for ${APP.v2}: ${pulled}`);
  });

  it("Tekton's webhook admits and defaults the pipelines, and admits a PipelineRun", async () => {
    await up((kd, after) => {
      const p = new kd.CiPipeline(
        "web-ci",
        {
          namespace: CI,
          serviceAccount: { serviceAccountRef: "pipeline" },
          repo: "https://github.com/acme/web.git",
          build: { image: "ghcr.io/acme/web", registrySecret: { secretRef: "registry-creds" } },
          test: { image: "docker.io/library/golang:1.23", command: ["go", "test", "./..."] },
          warm: { parallelism: 5, selector: { pool: "gpu" } },
          deploy: { cloneSet: { name: "web", container: "web", namespace: NS } },
          run: {},
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
    // Defaulting: Tekton's defaulting webhook is on the path (a param with no type comes back
    // typed "string"), and it leaves our Tasks and Pipeline exactly as we sent them, because we
    // write Tekton's defaults ourselves: nothing for the next `preview` to show as drift.
    const probe = await request("POST", `/apis/${TEKTON}/namespaces/${CI}/tasks?dryRun=All`, {
      apiVersion: TEKTON,
      kind: "Task",
      metadata: { name: "probe" },
      spec: { params: [{ name: "p" }], steps: [{ name: "s", image: IMG.a, script: "true" }] },
    });
    assert.strictEqual(probe.status, 201, JSON.stringify(probe.body));
    assert.strictEqual(probe.body.spec.params[0].type, "string", "defaulted by Tekton's webhook");
    const state = await stack.exportStack();
    const ours = (state.deployment.resources ?? []).filter((r: any) =>
      /^kubernetes:tekton\.dev\/v1:(Task|Pipeline)$/.test(r.type),
    );
    assert.strictEqual(ours.length, 6, "five Tasks and the Pipeline");
    for (const r of ours) {
      const live = await get(
        TEKTON,
        `${r.type.split(":").pop().toLowerCase()}s`,
        r.inputs.metadata.name,
        CI,
      );
      assert.deepStrictEqual(
        live.spec,
        r.inputs.spec,
        `${r.type} ${r.inputs.metadata.name} as sent`,
      );
    }
    // And a bad one is rejected by Tekton itself.
    const bad = await request("POST", `/apis/${TEKTON}/namespaces/${CI}/tasks?dryRun=All`, {
      apiVersion: TEKTON,
      kind: "Task",
      metadata: { name: "bad" },
      spec: { steps: [{ name: "s" }] },
    });
    assert.strictEqual(bad.status, 400, JSON.stringify(bad.body));
  });

  it("agrees with Tekton's webhook on every class of bad Task and Pipeline our checks reject", async () => {
    // Ours: checkTaskSpec / checkPipelineSpec (what CiPipeline and the task library run at
    // preview). Tekton's: its validating webhook, on a dry-run create.
    const step = (over: Record<string, unknown> = {}) => ({
      name: "run",
      image: IMG.a,
      script: "true",
      ...over,
    });
    const task = (over: Record<string, unknown> = {}): any => ({ steps: [step()], ...over });
    const taskCases: [string, any][] = [
      ["valid", task()],
      ["no step", task({ steps: [] })],
      ["duplicate step names", task({ steps: [step(), step()] })],
      ["bad step name", task({ steps: [step({ name: "Run_1" })] })],
      ["step without image", task({ steps: [step({ image: undefined })] })],
      ["script and command", task({ steps: [step({ command: ["sh"] })] })],
      ["duplicate param names", task({ params: [{ name: "p" }, { name: "p" }] })],
      ["bad param name", task({ params: [{ name: "1p" }] })],
      ["bad param type", task({ params: [{ name: "p", type: "number" }] })],
      ["default of another type", task({ params: [{ name: "p", type: "array", default: "x" }] })],
      ["bad result name", task({ results: [{ name: "-digest" }] })],
      ["duplicate result names", task({ results: [{ name: "r" }, { name: "r" }] })],
      ["undeclared result path", task({ steps: [step({ script: "echo > $(results.d.path)" })] })],
      ["undeclared workspace", task({ steps: [step({ script: "ls $(workspaces.src.path)" })] })],
      ["unknown param reference", task({ steps: [step({ script: "echo $(params.nope)" })] })],
      [
        "array param as a string",
        task({
          params: [{ name: "a", type: "array" }],
          steps: [step({ script: "echo $(params.a)" })],
        }),
      ],
      ["unknown context variable", task({ steps: [step({ script: "echo $(context.task.x)" })] })],
    ];
    const inline = (name: string, over: Record<string, unknown> = {}) => ({
      name,
      taskSpec: task(),
      ...over,
    });
    const pipelineCases: [string, any][] = [
      ["valid", { tasks: [inline("a"), inline("b", { runAfter: ["a"] })] }],
      ["bad task name", { tasks: [inline("A_1")] }],
      ["duplicate task names", { tasks: [inline("a"), inline("a")] }],
      ["taskRef and taskSpec", { tasks: [inline("a", { taskRef: { name: "x" } })] }],
      [
        "runAfter cycle",
        { tasks: [inline("a", { runAfter: ["b"] }), inline("b", { runAfter: ["a"] })] },
      ],
      ["runAfter an unknown task", { tasks: [inline("a", { runAfter: ["nope"] })] }],
      [
        "param the task does not declare",
        { tasks: [inline("a", { params: [{ name: "x", value: "1" }] })] },
      ],
      [
        "missing required task param",
        { tasks: [inline("a", { taskSpec: task({ params: [{ name: "x" }] }) })] },
      ],
      ["finally without tasks", { tasks: [], finally: [inline("f")] }],
    ];
    const found = await disagreements(
      TEKTON,
      [
        ...taskCases.map(([what, spec], i) => ({
          what: `Task: ${what}`,
          ours: checkTaskSpec(spec).length === 0,
          obj: { apiVersion: TEKTON, kind: "Task", metadata: { name: `case-${i}` }, spec },
        })),
        ...pipelineCases.map(([what, spec], i) => ({
          what: `Pipeline: ${what}`,
          ours: checkPipelineSpec(spec, {}).length === 0,
          obj: { apiVersion: TEKTON, kind: "Pipeline", metadata: { name: `case-${i}` }, spec },
        })),
      ],
      CI,
    );
    // Known, and kept: ours are stricter where Tekton v1.15's webhook does not look, so these
    // fail at preview instead of at run time. It validates each result alone (validateResults:
    // no uniqueness), checks only steps' `workspaces` usages, not `$(workspaces.<w>.path)` in a
    // script (validateWorkspaceUsages; an unknown one stays unsubstituted in the step), and
    // checks that a pipeline task gives its Task's required params only when a PipelineRun
    // starts (pkg/reconciler/taskrun/validate_taskrun.go). A param the Task does not declare is
    // no problem for either (Tekton ignores it). Any other disagreement fails here.
    assert.deepStrictEqual(found, [
      "Task: duplicate result names: ours rejects, Tekton admits",
      "Task: undeclared workspace: ours rejects, Tekton admits",
      "Pipeline: missing required task param: ours rejects, Tekton admits",
    ]);
  });

  it("bad input fails at preview with the component's message, and nothing is created", async () => {
    const bad = await inlineStack(
      "bad",
      async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const kd = require(path.join(ROOT, ".build", "components")) as Kd;
        new kd.BaseImageWarm("base", { namespace: NS, images: [IMG.a, "nginx"] });
      },
      kubeconfigPath(),
    );
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

  it("preview after up shows no changes with the controllers running; refresh shows only what kruise-manager owns, and up after it changes nothing", async () => {
    await stack.preview({ policyPacks: CLUSTER_PACKS, expectNoChanges: true });
    // What the controllers own shows on refresh, and nothing else: known and asserted exactly.
    // The Kruise webhook configurations are rendered as kruise-manager keeps them
    // (components/kruise/webhookConfigurations.ts), so it changes only their `caBundle`s, which
    // Pulumi never sets. Tekton's webhook patches its configurations too, but only fields Pulumi
    // does not set.
    const refreshed = await stack.refresh();
    // `~ <type> <name> updated (…) [diff: ~a,b]` in the engine's output, one per changed resource.
    const changed = [
      ...new Set(
        [
          ...refreshed.stdout.matchAll(/^\s*~\s+\S+\s+(\S+)\s+updated\b.*\[diff: ~?([^\]]+)\]/gm),
        ].map((m) => `${m[1]} ${m[2]}`),
      ),
    ];
    assert.deepStrictEqual(changed.sort(), []);
    // Before that rendering, `up` after this refresh failed with a server-side apply conflict on
    // `.metadata.annotations.template`, which kruise-manager had taken over (issue 12).
    const after = await stack.up({ policyPacks: CLUSTER_PACKS });
    assert.deepStrictEqual(
      Object.keys(after.summary.resourceChanges ?? {}).filter((k) => k !== "same"),
      [],
      JSON.stringify(after.summary.resourceChanges),
    );
    await stack.preview({ policyPacks: CLUSTER_PACKS, expectNoChanges: true });
    // And admission still works: a bad job refused by Kruise's own rule, a good one admitted,
    // through the webhooks as they now are, caBundle and all.
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
    // Who owns what: kruise-manager set every caBundle and nothing Pulumi applies; the template
    // annotation is Pulumi's alone, and no webhook kruise-manager does not serve is registered.
    for (const kind of ["mutating", "validating"]) {
      const live = await request(
        "GET",
        `/apis/admissionregistration.k8s.io/v1/${kind}webhookconfigurations/kruise-${kind}-webhook-configuration`,
      );
      const whs = live.body.webhooks as any[];
      assert.ok(
        whs.every((w) => w.clientConfig.caBundle),
        `${kind}: kruise-manager set every caBundle`,
      );
      assert.ok(
        !whs.some((w) =>
          ["/validate-ingress", "/validate-service"].includes(w.clientConfig.service?.path),
        ),
        `${kind}: no unserved webhook`,
      );
      const owners = (live.body.metadata.managedFields as any[])
        .filter((f) => JSON.stringify(f.fieldsV1 ?? {}).includes('"f:template"'))
        .map((f) => `${f.manager} ${f.operation}`);
      assert.strictEqual(owners.length, 1, `${kind}: template owned by ${JSON.stringify(owners)}`);
      assert.match(owners[0], /^pulumi-kubernetes.* Apply$/);
    }
  });

  it("takes the template annotation back where kruise-manager owns it (an install made before), with refresh and up", async () => {
    // As an install made before this rendering left it (or one switched from `server`
    // templating): the chart's empty annotation, then kruise-manager, watching the
    // configuration, writes its own template there and owns the field.
    const cfg =
      "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/kruise-mutating-webhook-configuration";
    const ours = (await request("GET", cfg)).body.metadata.annotations.template as string;
    const emptied = await request(
      "PATCH",
      `${cfg}?fieldManager=helm`,
      { metadata: { annotations: { template: "" } } },
      "application/merge-patch+json",
    );
    assert.strictEqual(emptied.status, 200, JSON.stringify(emptied.body));
    let theirs = "";
    await waitFor("kruise-manager writes its own template", async () => {
      theirs = (await request("GET", cfg)).body.metadata.annotations.template;
      return theirs !== "" && theirs !== ours;
    });
    const owner = async () =>
      ((await request("GET", cfg)).body.metadata.managedFields as any[])
        .filter((f) => JSON.stringify(f.fieldsV1 ?? {}).includes('"f:template"'))
        .map((f) => f.manager as string);
    assert.deepStrictEqual(await owner(), ["kruise-manager"]);
    // refresh sees it; up takes it back (`pulumi.com/patchForce` on the configuration: without
    // it, this up failed with a server-side apply conflict); kruise-manager then keeps ours.
    await stack.refresh();
    const res = await stack.up({ policyPacks: CLUSTER_PACKS });
    assert.strictEqual(res.summary.result, "succeeded");
    assert.deepStrictEqual(res.summary.resourceChanges?.update, 1, JSON.stringify(res.summary));
    const live = (await request("GET", cfg)).body;
    assert.deepStrictEqual(JSON.parse(live.metadata.annotations.template), JSON.parse(ours));
    assert.ok((live.webhooks as any[]).every((w) => w.clientConfig.caBundle));
    const owners = await owner();
    assert.strictEqual(owners.length, 1, JSON.stringify(owners));
    assert.match(owners[0], /^pulumi-kubernetes/);
    await stack.preview({ policyPacks: CLUSTER_PACKS, expectNoChanges: true });
  });

  it("destroys: no job, no stuck finalizer, none of our images left in the NodeImages; the CRDs stay", async () => {
    const res = await stack.destroy();
    assert.strictEqual(res.summary.result, "succeeded");
    assert.deepStrictEqual(await list(KRUISE, "imagepulljobs", NS), []);
    assert.deepStrictEqual(await list(KRUISE, "imagelistpulljobs", NS), []);
    for (const image of Object.values(IMG).flat()) {
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
