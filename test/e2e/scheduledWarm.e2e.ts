/**
 * ScheduledWarm read by the real Kruise it needs: kruise-manager and kruise-daemon at
 * KRUISE_SCHEDULED_WARM_MIN_VERSION (1.9.1), built from the Go module proxy
 * (scripts/e2e/build-kruise-scheduled.sh) and run outside the cluster as in controllers.e2e, each
 * daemon on its fake container runtime. Kruise is installed by KruiseOperator from a stand-in
 * chart: the pinned chart with that release's own CRDs and webhook paths (support/kruiseChart.ts),
 * since no stable chart of it is published. The AdvancedCronJob controller then runs the warm on
 * its schedule: an ImageListPullJob per run, an ImagePullJob per image, a pull per node.
 */
import type * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import * as assert from "assert";
import * as path from "path";
import {
  scheduledWarmArgsSchema,
  scheduledWarmManifest,
} from "../../components/kruise/scheduledWarm";
import { runHealthScript } from "../support/lua";
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
  setEnv,
  startKruiseDaemon,
  startKruiseManager,
  stopControllers,
  waitFor,
} from "./support/controllers";
import { standInKruiseChart } from "./support/kruiseChart";
import { CLUSTER_PACKS, ROOT, inlineStack } from "./support/stacks";

const NS = "warm";
const BETA = "apps.kruise.io/v1beta1";
const IMAGES = ["docker.io/library/nats:2.10.22", "docker.io/library/rabbitmq:4.0.3"];
const NODES: FakeNode[] = [{ name: "m1" }, { name: "m2" }];

type Kd = typeof import("../../components");

/** The ScheduledWarm args of the stack (and of the webhook cases), given the installed version. */
function warmArgs(
  kruiseVersion: pulumi.Input<string> | undefined,
  extra: Record<string, unknown> = {},
) {
  return {
    namespace: NS,
    images: IMAGES,
    schedule: "* * * * *",
    kruiseVersion,
    nodeSelector: { names: NODES.map((n) => n.name) },
    pullPolicy: { timeoutSeconds: 30, backoffLimit: 1 },
    activeDeadlineSeconds: 300,
    ...extra,
  };
}

function program(chart: string, extra?: Record<string, unknown>) {
  return async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const kd = require(path.join(ROOT, ".build", "components")) as Kd;
    const kruise = new kd.KruiseOperator("kruise", { source: { path: chart } });
    const out: Record<string, unknown> = {
      gates: kruise.featureGatesValue,
      version: kruise.kruiseVersion,
    };
    if (!extra) return out;
    // A chart directory gives its appVersion.
    const version = kruise.kruiseVersion.apply((v) => v ?? assert.fail("no chart appVersion"));
    const warm = new kd.ScheduledWarm("nightly", warmArgs(version, extra), {
      dependsOn: kruise.ready,
    });
    return { ...out, cronJob: warm.cronJobName };
  };
}

/** The list jobs (runs) the cron job `uid` made. */
async function runsOf(uid: string): Promise<any[]> {
  const res = await request("GET", `/apis/${BETA}/namespaces/${NS}/imagelistpulljobs`);
  return (res.body.items as any[]).filter((l) =>
    l.metadata.ownerReferences?.some((o: any) => o.uid === uid),
  );
}

/** The nodes whose NodeImage asks for `image` (see controllers.e2e). */
async function nodesWanting(image: string): Promise<string[]> {
  const named = image.replace(/^docker\.io\/library\//, "");
  const [repo, tag] = named.split(":");
  const res = await request("GET", `/apis/${BETA}/nodeimages`);
  return (res.body.items as any[])
    .filter((ni) => (ni.spec?.images?.[repo]?.tags ?? []).some((t: any) => t.tag === tag))
    .map((ni) => ni.metadata.name)
    .sort();
}

describe("ScheduledWarm on the real Kruise 1.9.1: scheduled, run, pulled", function () {
  let stack: Stack;
  let chart: string;
  let version: string;
  let cronName = "";
  let restoreEnv: () => void = () => undefined;

  const up = async (extra?: Record<string, unknown>) => {
    (stack.workspace as LocalWorkspace).program = program(chart, extra);
    const res = await stack.up({ policyPacks: CLUSTER_PACKS });
    assert.strictEqual(res.summary.result, "succeeded");
    return res;
  };

  before(async function () {
    restoreEnv = setEnv(CONTROLLERS_ENV);
    ({ dir: chart, version } = standInKruiseChart("scheduled"));
    startApiServer();
    await ensureNamespace(NS);
    for (const n of NODES) await createNode(n);
    stack = await inlineStack("scheduled", program(chart), kubeconfigPath());
  });

  after(async () => {
    await stopControllers();
    stopApiServer();
    restoreEnv();
  });

  afterEach(logControllersOnFailure);

  it("installs Kruise 1.9.1; its manager and daemons take over", async () => {
    const res = await up();
    assert.strictEqual(res.outputs.version.value, version);
    assert.strictEqual(version, "1.9.1");
    const gates = res.outputs.gates.value as string;
    await startKruiseManager(gates, "scheduled");
    for (const n of NODES) await startKruiseDaemon(n, gates, "scheduled");
  });

  it("agrees with Kruise 1.9.1's AdvancedCronJob webhook on every class of bad ScheduledWarm our checks reject", async () => {
    const good = scheduledWarmArgsSchema.parse(warmArgs(version));
    const mutate = (f: (spec: any) => void) => (o: any) => f(o.spec);
    const tpl = (f: (t: any) => void) => mutate((s) => f(s.template.imageListPullJobTemplate.spec));
    const cases: [string, Record<string, unknown>, (o: any) => void][] = [
      ["valid", {}, () => undefined],
      ["a descriptor", { schedule: "@every 6h" }, (o) => (o.spec.schedule = "@every 6h")],
      ["hour 25", { schedule: "0 25 * * *" }, (o) => (o.spec.schedule = "0 25 * * *")],
      ["six fields", { schedule: "0 0 3 * * *" }, (o) => (o.spec.schedule = "0 0 3 * * *")],
      ["TZ without a spec", { schedule: "TZ=UTC" }, (o) => (o.spec.schedule = "TZ=UTC")],
      [
        "a bad TZ prefix",
        { schedule: "TZ=Mars/Olympus 0 3 * * *" },
        (o) => (o.spec.schedule = "TZ=Mars/Olympus 0 3 * * *"),
      ],
      ["a time zone", { timeZone: "Europe/Berlin" }, (o) => (o.spec.timeZone = "Europe/Berlin")],
      [
        "an unknown time zone",
        { timeZone: "Mars/Olympus" },
        (o) => (o.spec.timeZone = "Mars/Olympus"),
      ],
      ["the Local time zone", { timeZone: "Local" }, (o) => (o.spec.timeZone = "Local")],
      [
        "a lower-case time zone",
        { timeZone: "europe/berlin" },
        (o) => (o.spec.timeZone = "europe/berlin"),
      ],
      [
        "TZ with timeZone",
        { schedule: "TZ=UTC 0 3 * * *", timeZone: "UTC" },
        (o) => Object.assign(o.spec, { schedule: "TZ=UTC 0 3 * * *", timeZone: "UTC" }),
      ],
      [
        "Allow concurrency",
        { concurrencyPolicy: "Allow" },
        (o) => (o.spec.concurrencyPolicy = "Allow"),
      ],
      [
        "a deadline of a day",
        { activeDeadlineSeconds: 86400 },
        tpl((t) => (t.completionPolicy.activeDeadlineSeconds = 86400)),
      ],
      [
        "a deadline over a day",
        { activeDeadlineSeconds: 86401 },
        tpl((t) => (t.completionPolicy.activeDeadlineSeconds = 86401)),
      ],
      [
        "a deadline under the pull timeout",
        { activeDeadlineSeconds: 20 },
        tpl((t) => (t.completionPolicy.activeDeadlineSeconds = 20)),
      ],
      [
        "a TTL",
        { ttlSecondsAfterFinished: 60 },
        tpl((t) => (t.completionPolicy.ttlSecondsAfterFinished = 60)),
      ],
      [
        "a repeated image",
        { images: [IMAGES[0], IMAGES[0]] },
        tpl((t) => (t.images = [IMAGES[0], IMAGES[0]])),
      ],
      [
        "256 images",
        { images: Array.from({ length: 256 }, (_, i) => `docker.io/library/img${i}:1`) },
        tpl(
          (t) => (t.images = Array.from({ length: 256 }, (_, i) => `docker.io/library/img${i}:1`)),
        ),
      ],
      [
        "names with labels",
        { nodeSelector: { names: ["m1"], matchLabels: { a: "b" } } },
        tpl((t) => (t.selector = { names: ["m1"], matchLabels: { a: "b" } })),
      ],
      [
        "duplicate node names",
        { nodeSelector: { names: ["m1", "m1"] } },
        tpl((t) => (t.selector = { names: ["m1", "m1"] })),
      ],
    ];
    const found: string[] = [];
    const refusals = new Map<string, string>();
    for (const [i, [what, args, change]] of cases.entries()) {
      const ours = scheduledWarmArgsSchema.safeParse(warmArgs(version, args)).success;
      const obj: any = scheduledWarmManifest("nightly", good);
      obj.metadata = { name: `case-${i}`, namespace: NS };
      change(obj);
      const res = await request(
        "POST",
        `/apis/${BETA}/namespaces/${NS}/advancedcronjobs?dryRun=All`,
        obj,
      );
      assert.ok(
        [201, 400, 422].includes(res.status),
        `${what}: ${res.status} ${JSON.stringify(res.body)}`,
      );
      const theirs = res.status === 201;
      if (!theirs) refusals.set(what, String(res.body?.message));
      if (ours !== theirs) {
        found.push(
          `${what}: ours ${ours ? "accepts" : "rejects"}, Kruise ${theirs ? "admits" : `rejects (${res.body?.message})`}`,
        );
      }
    }
    assert.deepStrictEqual(found, []);
    // The verdicts are the webhook's (the stand-in chart routes v1beta1 to it), not the schema's.
    assert.match(
      refusals.get("hour 25") ?? "",
      /admission webhook "vadvancedcronjob\.kb\.io" denied the request/,
    );
  });

  it("runs the warm on its schedule: an ImageListPullJob per run, an ImagePullJob per image, every node pulls", async () => {
    const res = await up({});
    const name = res.outputs.cronJob.value as string;
    cronName = name;
    const acj = await get(BETA, "advancedcronjobs", name, NS);
    assert.ok(acj, `AdvancedCronJob ${NS}/${name}`);
    // The first run starts at the next minute; it then pulls on both nodes.
    let run: any;
    await waitFor(
      "the first run completed",
      async () => {
        run = (await runsOf(acj.metadata.uid)).find((l) => l.status?.completionTime);
        return run !== undefined;
      },
      240_000,
    );
    assert.match(run.metadata.name, new RegExp(`^${name}-\\d{10}$`));
    assert.deepStrictEqual(run.spec.images, IMAGES);
    assert.deepStrictEqual(
      [run.status.desired, run.status.completed, run.status.succeeded],
      [2, 2, 2],
      JSON.stringify(run.status),
    );
    for (const image of IMAGES) assert.deepStrictEqual(await nodesWanting(image), ["m1", "m2"]);
    const cron = await get(BETA, "advancedcronjobs", name, NS);
    assert.strictEqual(cron.status.type, "ImageListPullJob");
    assert.ok(cron.status.lastScheduleTime, JSON.stringify(cron.status));
    const health = runHealthScript(
      path.join(ROOT, "components", "argocd", "health", "ImageListPullJob.lua"),
      run,
    );
    assert.deepStrictEqual(health, {
      status: "Healthy",
      message: "All 2 images pulled on every matching node",
    });
    await stack.preview({ policyPacks: CLUSTER_PACKS, expectNoChanges: true, diff: true });
  });

  it("edits in place: a new schedule and paused reach the same AdvancedCronJob", async () => {
    assert.deepStrictEqual(await list(BETA, "advancedcronjobs", NS), [`${NS}/${cronName}`]);
    const uid = (await get(BETA, "advancedcronjobs", cronName, NS)).metadata.uid;
    const res = await up({ schedule: "0 3 * * *", paused: true });
    assert.strictEqual(res.outputs.cronJob.value, cronName);
    const after = await get(BETA, "advancedcronjobs", cronName, NS);
    assert.strictEqual(after.metadata.uid, uid);
    assert.strictEqual(after.spec.schedule, "0 3 * * *");
    assert.strictEqual(after.spec.paused, true);
  });

  it("destroys: no cron job, no runs, no ImagePullJobs, no images asked of the nodes", async () => {
    const res = await stack.destroy();
    assert.strictEqual(res.summary.result, "succeeded");
    assert.deepStrictEqual(await list(BETA, "advancedcronjobs", NS), []);
    await waitFor(
      "runs and their ImagePullJobs collected",
      async () =>
        (await list(BETA, "imagelistpulljobs", NS)).length === 0 &&
        (await list(BETA, "imagepulljobs", NS)).length === 0,
    );
    for (const image of IMAGES) {
      await waitFor(
        `${image} gone from the NodeImages`,
        async () => (await nodesWanting(image)).length === 0,
      );
    }
  });
});
