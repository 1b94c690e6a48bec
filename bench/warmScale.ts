/**
 * The warm planner (components/kruise/warmPlan.ts) against the real kruise-manager at scale, for
 * issue 13: a warm of 1,000 and of 5,000 nodes at two or three parallelisms, each measured from
 * the job's creation to its `status.completionTime`, beside the plan for the same inputs.
 *
 * Real: kube-apiserver, the Kruise install of the package's own KruiseOperator (from the mirror),
 * and kruise-manager v1.8.3 (its controllers, webhooks and client limits), built from the Go
 * module proxy. The job is the manifest the warm components emit (their pure builder).
 * Stand-ins, named as such: the nodes are Node objects (`KD_SCALE_NODES`, default 5,000, Ready,
 * the first 1,000 labelled `scale-pool: k1`), and a simulated node agent stands for 5,000
 * kruise-daemons: it watches the NodeImages and reports each image version the controller hands a
 * node `Succeeded` `KD_SCALE_PULL_SECONDS` (default 2) after it saw it, as a daemon does after its
 * pull (without the daemon's 3–5 s recheck: the plan is given `nodeReportSeconds: 0`).
 *
 * Runs are one after another, 5 s apart, each with an image of its own. (A finished job's
 * entries stay in the NodeImages until their own TTL, about an hour, at no cost to the
 * controller.)
 * Not a timed test: it prints a table, and exits 1 when a run is more than 15% off its plan.
 * Run: `npm run bench:scale` (the e2e tools must be built: scripts/e2e/tools.sh).
 */
import * as path from "path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { buildImagePullJob, resolveImagePullJobSpec } from "../components/kruise/imagePullJob";
import { planWarm } from "../components/kruise/warmPlan";
import { MIRROR_LAYOUT } from "../stacks/mirror";
import {
  keepAlive,
  kubeconfigPath,
  request,
  startApiServer,
  stopApiServer,
  watch,
} from "../test/e2e/support/cluster";
import {
  CONTROLLERS_ENV,
  controllerLogs,
  createNode,
  setEnv,
  startKruiseManager,
  stopControllers,
  waitFor,
} from "../test/e2e/support/controllers";
import { CLUSTER_PACKS, ROOT, inlineStack, mirror } from "../test/e2e/support/stacks";

const KRUISE = "/apis/apps.kruise.io/v1alpha1";
const NODES = Number(process.env.KD_SCALE_NODES ?? 5000);
const SUBSET = Math.min(1000, NODES);
const PULL_SECONDS = Number(process.env.KD_SCALE_PULL_SECONDS ?? 2);
const NS = "default";
/** [nodes, parallelism]: the runs, as kruise-at-scale.md measured them. */
const RUNS: [number, number][] = (
  process.env.KD_SCALE_RUNS ?? `${SUBSET}x10,${SUBSET}x50,${SUBSET}x200,${NODES}x50,${NODES}x200`
)
  .split(",")
  .map((r) => r.split("x").map(Number) as [number, number]);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => Date.now() / 1000;

/** Runs `fn` over `items`, `width` at a time. */
async function pool<T>(items: T[], width: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** Node `i`: Ready, the first SUBSET labelled `scale-pool: k1`. */
function scaleNode(i: number): Promise<void> {
  return createNode({
    name: `scale-${String(i).padStart(5, "0")}`,
    labels: i < SUBSET ? { "scale-pool": "k1" } : {},
  });
}

/**
 * The stand-in for the nodes' kruise-daemons: for each NodeImage, each tag version in its spec
 * not yet reported is reported `Succeeded` PULL_SECONDS after the agent first saw it.
 */
class SimulatedAgent {
  private readonly reported = new Map<string, Record<string, any[]>>();
  private readonly scheduled = new Set<string>();
  writes = 0;
  errors = 0;
  private stopWatch?: () => void;

  async start(): Promise<void> {
    const list = await request("GET", `${KRUISE}/nodeimages`);
    for (const ni of list.body.items as any[]) this.seen(ni);
    const w = await watch(`${KRUISE}/nodeimages`, list.body.metadata.resourceVersion, (e) => {
      if (e.type === "ADDED" || e.type === "MODIFIED") this.seen(e.object);
    });
    this.stopWatch = w.stop;
  }

  stop(): void {
    this.stopWatch?.();
  }

  private seen(ni: any): void {
    const node = ni.metadata.name as string;
    const images = (ni.spec?.images ?? {}) as Record<string, any>;
    for (const [image, spec] of Object.entries(images)) {
      for (const tag of (spec.tags ?? []) as any[]) {
        const key = `${node}/${image}:${tag.tag}@${tag.version ?? 0}`;
        if (this.scheduled.has(key)) continue;
        this.scheduled.add(key);
        setTimeout(
          () => void this.report(node, image, tag.tag, tag.version ?? 0),
          PULL_SECONDS * 1000,
        );
      }
    }
  }

  private async report(node: string, image: string, tag: string, version: number): Promise<void> {
    const t = new Date().toISOString();
    const byImage = this.reported.get(node) ?? {};
    const tags = (byImage[image] ?? []).filter((s) => s.tag !== tag);
    tags.push({
      tag,
      version,
      phase: "Succeeded",
      progress: 100,
      startTime: t,
      completionTime: t,
      imageID: `${image}@sha256:${"0".repeat(64)}`,
    });
    byImage[image] = tags;
    this.reported.set(node, byImage);
    const imageStatuses = Object.fromEntries(
      Object.entries(byImage).map(([name, ts]) => [name, { tags: ts }]),
    );
    const count = Object.values(byImage).reduce((n, ts) => n + ts.length, 0);
    const res = await request(
      "PATCH",
      `${KRUISE}/nodeimages/${node}/status`,
      { status: { desired: count, succeeded: count, failed: 0, pulling: 0, imageStatuses } },
      "application/merge-patch+json",
    );
    this.writes++;
    if (res.status !== 200) this.errors++;
  }
}

interface Run {
  nodes: number;
  parallelism: number;
  plannedSeconds: number;
  measuredSeconds: number;
  desired: number;
  succeeded: number;
}

/** One warm: its job created from the components' builder, timed to `status.completionTime`. */
async function runWarm(i: number, nodes: number, parallelism: number): Promise<Run> {
  // An image of its own per run, not a new tag of one image: Kruise 1.8.3 counts a node as active
  // for a job only once the node's status has an entry for the job's tag, or none for the image
  // (calculateStatus), so a node holding another tag of the same image is not counted while it
  // pulls, and the job hands out more than `parallelism` (seen here: 1,000 × 50 in 33.9 s, the
  // client's pace, where 50 slots of 2 s allow no faster than 40 s).
  const image = `docker.io/library/scale-run${i}:1.0`;
  const spec = resolveImagePullJobSpec("bench", "scale", {
    image,
    parallelism,
    ...(nodes < NODES ? { selector: { matchLabels: { "scale-pool": "k1" } } } : {}),
    completionPolicy: { type: "Always", activeDeadlineSeconds: 3600 },
    pullPolicy: { timeoutSeconds: 600, backoffLimit: 3 },
  });
  const job = buildImagePullJob(
    { apiVersion: "apps.kruise.io/v1alpha1" as any, name: `scale-${i}`, namespace: NS },
    spec,
  );
  const t0 = now();
  const res = await request("POST", `${KRUISE}/namespaces/${NS}/imagepulljobs`, job);
  if (res.status !== 201) throw new Error(`job: ${res.status} ${JSON.stringify(res.body)}`);
  let status: any = {};
  for (;;) {
    status =
      (await request("GET", `${KRUISE}/namespaces/${NS}/imagepulljobs/scale-${i}`)).body.status ??
      {};
    if (status.completionTime) break;
    if (now() - t0 > 3600)
      throw new Error(`scale-${i}: not complete after an hour: ${JSON.stringify(status)}`);
    await sleep(250);
  }
  const measured = now() - t0;
  const plan = planWarm(
    { expectedNodes: nodes, imageSizeMiB: PULL_SECONDS, pullMiBPerSecond: 1, nodeReportSeconds: 0 },
    parallelism,
  );
  // A pause between runs. The finished job's entries stay in the NodeImages until their own
  // TTL (about an hour): they cost the controller nothing meanwhile.
  await sleep(5000);
  return {
    nodes,
    parallelism,
    plannedSeconds: plan.estimatedSeconds!,
    measuredSeconds: Math.round(measured * 10) / 10,
    desired: status.desired,
    succeeded: status.succeeded,
  };
}

function program() {
  return async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const kd = require(path.join(ROOT, ".build", "components")) as typeof import("../components");
    const kruise = new kd.KruiseOperator("kruise", {
      source: { path: path.join(mirror(), MIRROR_LAYOUT.kruise) },
    });
    return { gates: kruise.featureGatesValue };
  };
}

async function main(): Promise<void> {
  setEnv(CONTROLLERS_ENV);
  startApiServer();
  const agent = new SimulatedAgent();
  const runs: Run[] = [];
  let failed = false;
  try {
    const stack = await inlineStack("warm-scale", program(), kubeconfigPath());
    (stack.workspace as LocalWorkspace).program = program();
    const up = await stack.up({ policyPacks: CLUSTER_PACKS });
    const gates = up.outputs.gates.value as string;
    await startKruiseManager(gates);
    keepAlive(true);

    let t = now();
    await pool(
      Array.from({ length: NODES }, (_, i) => i),
      24,
      scaleNode,
    );
    console.log(`${NODES} nodes created in ${Math.round(now() - t)} s`);
    t = now();
    await waitFor(
      `a NodeImage for each of ${NODES} nodes`,
      async () =>
        ((await request("GET", `${KRUISE}/nodeimages?limit=1`)).body.metadata.remainingItemCount ??
          0) +
          1 >=
        NODES,
      1_800_000,
    );
    const nodeImageSeconds = now() - t;
    console.log(
      `kruise-manager made ${NODES} NodeImages in ${Math.round(nodeImageSeconds)} s (${Math.round(NODES / nodeImageSeconds)}/s)`,
    );
    await agent.start();

    for (const [i, [nodes, p]] of RUNS.entries()) {
      const r = await runWarm(i, nodes, p);
      runs.push(r);
      const ratio = r.measuredSeconds / r.plannedSeconds;
      console.log(
        `${r.nodes} nodes × parallelism ${r.parallelism}: measured ${r.measuredSeconds} s, planned ${r.plannedSeconds} s, ratio ${ratio.toFixed(2)} (desired ${r.desired}, succeeded ${r.succeeded})`,
      );
      if (r.desired !== nodes || r.succeeded !== nodes || Math.abs(ratio - 1) > 0.15) failed = true;
    }
    console.log(`\nagent: ${agent.writes} status writes, ${agent.errors} refused`);
    console.log("\n| nodes | parallelism | planned | measured | measured / planned |");
    console.log("| ----- | ----------- | ------- | -------- | ------------------ |");
    for (const r of runs) {
      console.log(
        `| ${r.nodes.toLocaleString("en")} | ${r.parallelism} | ${r.plannedSeconds} s | ${r.measuredSeconds} s | ${(r.measuredSeconds / r.plannedSeconds).toFixed(2)} |`,
      );
    }
  } catch (e) {
    console.error((e as Error).message);
    console.error(controllerLogs(20));
    failed = true;
  } finally {
    agent.stop();
    await stopControllers();
    stopApiServer();
  }
  process.exit(failed ? 1 : 0);
}

void main();
