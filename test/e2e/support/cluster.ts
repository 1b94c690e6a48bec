/**
 * The end-to-end suite's API servers: each test file starts its own (`scripts/e2e/apiserver.sh`:
 * kube-apiserver, etcd and kube-controller-manager's node-free loops, in seconds) and stops it,
 * so one file's leftovers never meet the next. Then the few REST calls the checks need (what
 * `kubectl get`, `kubectl delete` and `kubectl auth can-i` do), over Node's https with the admin
 * client cert of the kubeconfig in `$KUBECONFIG`.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as https from "https";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";

const APISERVER_SH = path.resolve(
  __dirname,
  "..",
  "..",
  "..",
  "..",
  "scripts",
  "e2e",
  "apiserver.sh",
);
let serverWork: string | undefined;

/**
 * Starts a fresh API server and points `$KUBECONFIG` (and this module) at it. `controllers`:
 * kube-controller-manager loops to run beside the node-free ones (e.g. `deployment`,
 * `replicaset`), through apiserver.sh's `$KD_E2E_KCM_CONTROLLERS`.
 */
export function startApiServer(controllers: string[] = []): string {
  serverWork = fs.mkdtempSync(path.join(os.tmpdir(), "kd-e2e-apiserver-"));
  const dir = path.join(serverWork, "api");
  execFileSync("bash", [APISERVER_SH, "start", dir], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, KD_E2E_KCM_CONTROLLERS: controllers.join(",") },
  });
  process.env.KUBECONFIG = path.join(dir, "kubeconfig");
  config = undefined;
  return process.env.KUBECONFIG;
}

/** Stops the server {@link startApiServer} started. */
export function stopApiServer(): void {
  if (!serverWork) return;
  execFileSync("bash", [APISERVER_SH, "stop", path.join(serverWork, "api")], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  fs.rmSync(serverWork, { recursive: true, force: true });
  serverWork = undefined;
  delete process.env.KUBECONFIG;
  config = undefined;
  keepAlive(false);
}

interface Kubeconfig {
  server: string;
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

function b64(s: string): Buffer {
  return Buffer.from(s, "base64");
}

/** The admin kubeconfig the suite runs with; fails clearly when no API server was started. */
export function kubeconfigPath(): string {
  const p = process.env.KUBECONFIG;
  if (!p || !fs.existsSync(p)) {
    throw new Error(
      "no API server: call startApiServer() in the test file's before hook (npm run test:e2e puts kube-apiserver and etcd on PATH)",
    );
  }
  return p;
}

function load(): Kubeconfig {
  const doc = yaml.load(fs.readFileSync(kubeconfigPath(), "utf8")) as any;
  const ctx = doc.contexts.find((c: any) => c.name === doc["current-context"]).context;
  const cluster = doc.clusters.find((c: any) => c.name === ctx.cluster).cluster;
  const user = doc.users.find((u: any) => u.name === ctx.user).user;
  return {
    server: cluster.server,
    ca: b64(cluster["certificate-authority-data"]),
    cert: b64(user["client-certificate-data"]),
    key: b64(user["client-key-data"]),
  };
}

let config: Kubeconfig | undefined;
/** The keep-alive agent of {@link keepAlive}; undefined: a connection a request (the default). */
let agent: https.Agent | undefined;

/**
 * Reuse connections to the API server from now on (a keep-alive agent), for callers that make
 * thousands of calls (bench/warmScale.ts); `false` goes back to one connection a request.
 */
export function keepAlive(on: boolean): void {
  agent?.destroy();
  agent = on ? new https.Agent({ keepAlive: true, maxSockets: 32 }) : undefined;
}

/** One REST call; resolves with the status and the parsed body. */
export function request(
  method: string,
  path: string,
  body?: unknown,
  contentType = "application/json",
): Promise<{ status: number; body: any }> {
  config ??= load();
  const url = new URL(path, config.server);
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        agent,
        ca: config!.ca,
        cert: config!.cert,
        key: config!.key,
        headers: data
          ? { "content-type": contentType, "content-length": Buffer.byteLength(data) }
          : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on("error", reject);
    if (data) req.write(data);
    req.end();
  });
}

/**
 * Watches `path` (a collection, e.g. `/apis/apps.kruise.io/v1alpha1/nodeimages`) from
 * `resourceVersion`, calling `onEvent` with each event (`{ type, object }`) until `stop()`.
 * Resolves once the watch is open.
 */
export function watch(
  path: string,
  resourceVersion: string,
  onEvent: (e: { type: string; object: any }) => void,
): Promise<{ stop: () => void; closed: Promise<void> }> {
  config ??= load();
  const url = new URL(
    `${path}?watch=1&allowWatchBookmarks=false&resourceVersion=${resourceVersion}`,
    config.server,
  );
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method: "GET", ca: config!.ca, cert: config!.cert, key: config!.key },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`watch ${path}: ${res.statusCode}`));
          res.resume();
          return;
        }
        let buf = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          buf += chunk;
          for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
            const line = buf.slice(0, i);
            buf = buf.slice(i + 1);
            if (line.trim()) onEvent(JSON.parse(line));
          }
        });
        const closed = new Promise<void>((done) => res.on("close", () => done()));
        resolve({ stop: () => req.destroy(), closed });
      },
    );
    req.on("error", (e) => reject(e));
    req.end();
  });
}

/**
 * Creates Namespace `name` unless it exists: one an application team would own (the stack deploys
 * into it but does not create it).
 */
export async function ensureNamespace(name: string): Promise<void> {
  const res = await request("POST", "/api/v1/namespaces", {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name },
  });
  if (![201, 409].includes(res.status)) {
    throw new Error(`namespace ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** The REST path of a collection: core (`v1`) or a group version, namespaced or not. */
export function collectionPath(apiVersion: string, plural: string, namespace?: string): string {
  const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  return namespace ? `${base}/namespaces/${namespace}/${plural}` : `${base}/${plural}`;
}

/** The names (`namespace/name`, or `name`) of the objects in a collection; [] when the kind is not served. */
export async function list(
  apiVersion: string,
  plural: string,
  namespace?: string,
): Promise<string[]> {
  const res = await request("GET", collectionPath(apiVersion, plural, namespace));
  if (res.status === 404) return [];
  if (res.status !== 200)
    throw new Error(`GET ${plural}: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body.items as any[]).map((o) =>
    o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name,
  );
}

/** One object, or undefined when it does not exist. */
export async function get(
  apiVersion: string,
  plural: string,
  name: string,
  namespace?: string,
): Promise<any | undefined> {
  const res = await request("GET", `${collectionPath(apiVersion, plural, namespace)}/${name}`);
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(`GET ${plural}/${name}: ${res.status}`);
  return res.body;
}

/** What `kubectl auth can-i --as <user>` asks: a SubjectAccessReview. */
export async function canI(
  user: string,
  verb: string,
  resource: { group?: string; resource: string; namespace?: string; name?: string },
): Promise<boolean> {
  const groups = user.startsWith("system:serviceaccount:")
    ? [
        "system:serviceaccounts",
        `system:serviceaccounts:${user.split(":")[2]}`,
        "system:authenticated",
      ]
    : ["system:authenticated"];
  const res = await request("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", {
    apiVersion: "authorization.k8s.io/v1",
    kind: "SubjectAccessReview",
    spec: { user, groups, resourceAttributes: { verb, ...resource, group: resource.group ?? "" } },
  });
  if (res.status !== 201)
    throw new Error(`SubjectAccessReview: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.status.allowed === true;
}
