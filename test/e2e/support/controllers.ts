/**
 * The real upstream controllers and webhooks, run outside the cluster against the e2e API server
 * (support/cluster.ts): kruise-manager (controllers and webhooks), one kruise-daemon per fake
 * node on its own fake container runtime, and Tekton's webhook. The binaries are built from the
 * Go module proxy by scripts/e2e/build-kruise.sh and build-tekton.sh, at the versions the stack
 * installs (the pinned Kruise chart's appVersion, the pinned Tekton release), unpatched.
 *
 * Two stand-ins, named as such, for what cannot run here:
 * - **kube-proxy**: the API server calls a webhook through its Service. Each webhook Service is an
 *   ExternalName Service for a loopback address of its own (the suite's cluster pack turns it into
 *   one: test/e2e/clusterPack), and {@link loopbackForwarder} relays that address's port 443 to
 *   the port the webhook listens on, as kube-proxy relays a ClusterIP to a Pod.
 * - **a container runtime**: each kruise-daemon talks CRI to scripts/e2e/fakecri, the in-memory
 *   fake runtime of the Kubernetes source Kruise builds against, served on a unix socket under
 *   /hostvarrun (the daemon's fixed mount path; the suite runs as root). It can be told to fail
 *   every pull, to stand for a node whose registry pulls fail.
 * Nodes are Node objects made through the API, Ready, with the labels a test gives; no kubelet.
 */
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as yaml from "js-yaml";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { kubeconfigPath, request } from "./cluster";
import { MIRROR_LAYOUT } from "../../../stacks/mirror";
import { mirror } from "./stacks";

const ROOT = path.resolve(__dirname, "..", "..", "..", "..");
const SCRIPTS = path.join(ROOT, "scripts", "e2e");

/** Loopback addresses the webhook Services resolve to (ExternalName), one per webhook. */
export const KRUISE_WEBHOOK_IP = "127.0.0.2";
export const TEKTON_WEBHOOK_IP = "127.0.0.3";

/** `$KD_E2E_LOOPBACK_SERVICES` for the cluster pack: each webhook Service → its loopback address. */
export const LOOPBACK_SERVICES = [
  `kruise-system/kruise-webhook-service=${KRUISE_WEBHOOK_IP}`,
  `tekton-pipelines/tekton-pipelines-webhook=${TEKTON_WEBHOOK_IP}`,
].join(",");

/** The cluster pack's `controllers` mode: webhooks as the charts make them, loopback Services. */
export const CONTROLLERS_ENV: Record<string, string> = {
  KD_E2E_CLUSTER: "controllers",
  KD_E2E_LOOPBACK_SERVICES: LOOPBACK_SERVICES,
};

/** Sets `vars` in `process.env`; the function returned puts back what was there. */
export function setEnv(vars: Record<string, string>): () => void {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

/** The bin directory a build script prints (it builds on first use, then reads its cache). */
function toolBin(script: string): string {
  return execFileSync("bash", [path.join(SCRIPTS, script)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
}

/**
 * Which Kruise build a test runs: `pinned` (the chart's appVersion, build-kruise.sh) or `scheduled`
 * (the first release with ScheduledWarm's AdvancedCronJob template, build-kruise-scheduled.sh).
 */
export type KruiseBuild = "pinned" | "scheduled";

const kruiseBins = new Map<KruiseBuild, string>();

/** The bin directory of a Kruise build; its CRDs are in `../crds`. */
export function kruiseBin(build: KruiseBuild = "pinned"): string {
  let bin = kruiseBins.get(build);
  if (!bin) {
    bin = toolBin(build === "pinned" ? "build-kruise.sh" : "build-kruise-scheduled.sh");
    kruiseBins.set(build, bin);
  }
  return bin;
}

export interface Proc {
  name: string;
  child: ChildProcess;
  log: string;
}

let work: string | undefined;
const procs: Proc[] = [];
const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
/** Loopback address → the port its forwarder relays to. */
const forwarded = new Map<string, { port: number }>();

function workDir(): string {
  work ??= fs.mkdtempSync(path.join(os.tmpdir(), "kd-e2e-controllers-"));
  return work;
}

function launch(name: string, cmd: string, args: string[], env: Record<string, string>): Proc {
  const log = path.join(workDir(), `${name}.log`);
  const out = fs.openSync(log, "a");
  const child = spawn(cmd, args, {
    env: { ...process.env, KUBECONFIG: kubeconfigPath(), ...env },
    stdio: ["ignore", out, out],
  });
  fs.closeSync(out);
  const p = { name, child, log };
  procs.push(p);
  return p;
}

export function tail(p: Proc, lines = 30): string {
  try {
    return fs.readFileSync(p.log, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

/** Polls `check` until it is true; fails naming `what` (and a process's last log lines). */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
  proc?: Proc,
): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    if (await check().catch(() => false)) return;
    if (proc && proc.child.exitCode !== null) {
      throw new Error(`${what}: ${proc.name} exited (${proc.child.exitCode}):\n${tail(proc)}`);
    }
    if (Date.now() - t0 > timeoutMs) {
      throw new Error(`${what}: not after ${timeoutMs / 1000} s${proc ? `:\n${tail(proc)}` : ""}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** True when something accepts TCP connections on host:port. */
function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, host);
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

/**
 * The kube-proxy stand-in: relays connections to `ip:443` (where the API server sends a webhook
 * call for an ExternalName Service) to `127.0.0.1:port` (where the webhook listens).
 */
export async function loopbackForwarder(ip: string, port: number): Promise<void> {
  // A process launched again (a restarted container) listens on a new port: same address.
  const existing = forwarded.get(ip);
  if (existing) {
    existing.port = port;
    return;
  }
  const target = { port };
  forwarded.set(ip, target);
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, "127.0.0.1");
    // Kept to end them at stop: the API server holds its connections open (keep-alive), and a
    // server closes only once every connection has.
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e) => {
      forwarded.delete(ip);
      reject(e);
    });
    server.listen(443, ip, () => resolve());
  });
  servers.push(server);
}

/** A fake node: its name and labels (e.g. a pool label). */
export interface FakeNode {
  name: string;
  labels?: Record<string, string>;
  /** Its container runtime fails every image pull. */
  failPulls?: boolean;
}

/** Creates a Node object, Ready, as a kubelet would register it. */
export async function createNode(node: FakeNode): Promise<void> {
  const res = await request("POST", "/api/v1/nodes", {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: node.name,
      labels: { "kubernetes.io/hostname": node.name, "kubernetes.io/os": "linux", ...node.labels },
    },
  });
  if (res.status !== 201)
    throw new Error(`node ${node.name}: ${res.status} ${JSON.stringify(res.body)}`);
  const now = new Date().toISOString();
  const status = await request(
    "PATCH",
    `/api/v1/nodes/${node.name}/status`,
    {
      status: {
        conditions: [
          {
            type: "Ready",
            status: "True",
            reason: "KubeletReady",
            message: "e2e fake node",
            lastHeartbeatTime: now,
            lastTransitionTime: now,
          },
        ],
        addresses: [{ type: "InternalIP", address: "127.0.0.1" }],
        nodeInfo: {
          architecture: "amd64",
          operatingSystem: "linux",
          kubeletVersion: "v1.37.2",
          containerRuntimeVersion: "fakecri://0.1.0",
          bootID: node.name,
          machineID: node.name,
          systemUUID: node.name,
          kernelVersion: "",
          osImage: "",
          kubeProxyVersion: "",
        },
      },
    },
    "application/merge-patch+json",
  );
  if (status.status !== 200) throw new Error(`node ${node.name} status: ${status.status}`);
}

/** Sets a node's labels (merge patch: `null` removes one). */
export async function labelNode(
  name: string,
  labels: Record<string, string | null>,
): Promise<void> {
  const res = await request(
    "PATCH",
    `/api/v1/nodes/${name}`,
    { metadata: { labels } },
    "application/merge-patch+json",
  );
  if (res.status !== 200) throw new Error(`label node ${name}: ${res.status}`);
}

/** The Kruise version the pinned chart installs (its appVersion), e.g. "1.8.3". */
export function kruiseChartVersion(): string {
  const chart = yaml.load(
    fs.readFileSync(path.join(mirror(), "kruise", "chart-1.8.3", "Chart.yaml"), "utf8"),
  ) as { appVersion: string };
  return chart.appVersion;
}

/** True when `GET http://127.0.0.1:<port><path>` answers 200: a Pod's HTTP readiness probe. */
export function httpProbe(port: number, path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => req.destroy());
  });
}

/** A launched controller process and its readiness probe (the chart's `readinessProbe`). */
export interface Launched {
  proc: Proc;
  ready: () => Promise<boolean>;
}

/**
 * Launches kruise-manager against the API server: its controllers, and its webhook server on a
 * free port behind {@link KRUISE_WEBHOOK_IP}:443. `ready` is the chart's readiness probe
 * (`/readyz` on the health port): true once the manager's webhook controller has found both
 * webhook configurations and patched its CA into them, and its webhook server answers.
 */
export async function launchKruiseManager(
  featureGates: string,
  build: KruiseBuild = "pinned",
): Promise<Launched> {
  const port = await freePort();
  const health = await freePort();
  const certs = path.join(workDir(), "kruise-webhook-certs");
  const p = launch(
    "kruise-manager",
    path.join(kruiseBin(build), "kruise-manager"),
    [
      "--enable-leader-election=false",
      "--metrics-addr=0",
      `--health-probe-addr=127.0.0.1:${health}`,
      "--enable-pprof=false",
      `--feature-gates=${featureGates}`,
      // Kruise waits 30 s after a node is ready before giving it a NodeImage: no need here.
      "--nodeimage-creation-delay=0s",
      "--v=2",
    ],
    {
      POD_NAMESPACE: "kruise-system",
      WEBHOOK_PORT: String(port),
      WEBHOOK_CERT_DIR: certs,
      // Certificates for kruise-webhook-service.kruise-system.svc (no WEBHOOK_HOST: the webhook
      // configurations keep their Service reference, as in a cluster), kept in WEBHOOK_CERT_DIR
      // where the webhook server reads them (in a cluster, the Secret mounted there).
      WEBHOOK_CERT_WRITER: "fs",
    },
  );
  await loopbackForwarder(KRUISE_WEBHOOK_IP, port);
  return { proc: p, ready: () => httpProbe(health, "/readyz") };
}

/**
 * Starts kruise-manager ({@link launchKruiseManager}) once what the chart installs exists (CRDs,
 * namespaces `kruise-system` and `kruise-daemon-config`, both webhook configurations): the
 * manager patches those with its own CA bundle, as in a cluster. Resolves once its webhook
 * answers and the webhook configurations carry its CA.
 */
export async function startKruiseManager(
  featureGates: string,
  build: KruiseBuild = "pinned",
): Promise<void> {
  const { proc: p, ready } = await launchKruiseManager(featureGates, build);
  await waitFor("kruise-manager ready (/readyz)", ready, 60_000, p);
  await waitFor(
    "kruise webhook configurations patched with the manager's CA",
    async () => {
      for (const kind of ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"]) {
        const name = kind.startsWith("validating")
          ? "kruise-validating-webhook-configuration"
          : "kruise-mutating-webhook-configuration";
        const res = await request("GET", `/apis/admissionregistration.k8s.io/v1/${kind}/${name}`);
        if (res.status !== 200) return false;
        if (!(res.body.webhooks ?? []).every((w: any) => w.clientConfig?.caBundle)) return false;
      }
      return true;
    },
    60_000,
    p,
  );
}

/**
 * Starts one fake container runtime and one kruise-daemon for `node` (which must exist). Resolves
 * once the manager has given the node its NodeImage and the daemon serves its health endpoint.
 */
export async function startKruiseDaemon(
  node: FakeNode,
  featureGates: string,
  build: KruiseBuild = "pinned",
): Promise<void> {
  const socketDir = path.join("/hostvarrun", "kd-e2e", path.basename(workDir()));
  fs.mkdirSync(socketDir, { recursive: true });
  const socket = path.join(socketDir, `${node.name}.sock`);
  const cri = launch(
    `fakecri-${node.name}`,
    path.join(kruiseBin(build), "kruise-fake-cri"),
    [`--socket=${socket}`, ...(node.failPulls ? ["--fail-pulls"] : [])],
    {},
  );
  await waitFor(`fake CRI of ${node.name}`, async () => fs.existsSync(socket), 30_000, cri);
  const addr = await freePort();
  const d = launch(
    `kruise-daemon-${node.name}`,
    path.join(kruiseBin(build), "kruise-daemon"),
    [
      `--socket-file=${path.relative("/hostvarrun", socket)}`,
      `--addr=127.0.0.1:${addr}`,
      "--enable-pprof=false",
      `--feature-gates=${featureGates}`,
      "--v=2",
    ],
    { NODE_NAME: node.name },
  );
  await waitFor(`kruise-daemon of ${node.name}`, () => listening("127.0.0.1", addr), 60_000, d);
  await waitFor(
    `NodeImage of ${node.name}`,
    async () =>
      (await request("GET", `/apis/apps.kruise.io/v1alpha1/nodeimages/${node.name}`)).status ===
      200,
    60_000,
  );
}

/**
 * Launches Tekton's webhook with the env of the release's config/webhook.yaml, on a free port
 * behind {@link TEKTON_WEBHOOK_IP}:443. It makes its own certificates (Secret `webhook-certs`) and
 * patches its webhook configurations and the CRDs' conversion webhooks with their CA, as in a
 * cluster. `ready` is the release's readiness probe (`/readiness` on the probes port).
 */
export async function launchTektonWebhook(): Promise<Launched> {
  const bin = toolBin("build-tekton.sh");
  const port = await freePort();
  const probes = await freePort();
  const manifest = yaml.loadAll(
    fs.readFileSync(path.join(mirror(), MIRROR_LAYOUT.tekton, "webhook.yaml"), "utf8"),
  ) as any[];
  const deployment = manifest.find((o) => o?.kind === "Deployment");
  const env: Record<string, string> = { SYSTEM_NAMESPACE: "tekton-pipelines" };
  for (const e of deployment.spec.template.spec.containers[0].env as any[]) {
    if (typeof e.value === "string") env[e.name] = e.value;
  }
  Object.assign(env, { WEBHOOK_PORT: String(port), PROBES_PORT: String(probes) });
  const p = launch("tekton-webhook", path.join(bin, "tekton-webhook"), [], env);
  await loopbackForwarder(TEKTON_WEBHOOK_IP, port);
  return {
    proc: p,
    ready: async () =>
      (await listening("127.0.0.1", port)) && (await httpProbe(probes, "/readiness")),
  };
}

/**
 * Starts Tekton's webhook ({@link launchTektonWebhook}) once its install exists. Resolves once the
 * webhook configurations carry a CA bundle.
 */
export async function startTektonWebhook(): Promise<void> {
  const { proc: p, ready } = await launchTektonWebhook();
  await waitFor("tekton webhook server", ready, 120_000, p);
  await waitFor(
    "tekton webhook configurations patched with the webhook's CA",
    async () => {
      const res = await request(
        "GET",
        "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/validation.webhook.pipeline.tekton.dev",
      );
      return (
        res.status === 200 && (res.body.webhooks ?? []).every((w: any) => w.clientConfig?.caBundle)
      );
    },
    120_000,
    p,
  );
}

/**
 * Stops every process this module started (SIGKILL: Tekton's webhook drains for 40 s on TERM,
 * and nothing here needs a clean exit) and the forwarders; removes the fake runtimes' sockets.
 */
export async function stopControllers(): Promise<void> {
  for (const p of procs.splice(0)) {
    if (p.child.exitCode === null) {
      const exited = new Promise((r) => p.child.once("exit", r));
      p.child.kill("SIGKILL");
      await exited;
    }
  }
  for (const s of sockets) s.destroy();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  forwarded.clear();
  if (work) {
    fs.rmSync(path.join("/hostvarrun", "kd-e2e", path.basename(work)), {
      recursive: true,
      force: true,
    });
    if (process.env.KD_E2E_KEEP_LOGS === undefined)
      fs.rmSync(work, { recursive: true, force: true });
    else console.error(`controller logs kept in ${work}`);
    work = undefined;
  }
}

/** The last lines of every controller's log, for a failing test's message. */
export function controllerLogs(lines = 6): string {
  return procs.map((p) => `--- ${p.name}\n${tail(p, lines)}`).join("\n");
}

/** A mocha `afterEach` hook: prints a failed test's error and the controllers' last log lines. */
export function logControllersOnFailure(this: Mocha.Context): void {
  if (this.currentTest?.state === "failed") {
    console.error(
      `FAILED: ${this.currentTest.title}\n${this.currentTest.err?.message}\n${controllerLogs()}`,
    );
  }
}
