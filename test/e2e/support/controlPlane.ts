/**
 * The control plane a stack installs, run the way a cluster runs it, for a stack that installs and
 * uses Kruise or Tekton in one `pulumi up` (an example): kube-controller-manager's real deployment
 * and replicaset controllers make the Pods of kruise-controller-manager and
 * tekton-pipelines-webhook, and the stand-in kubelet (./standInKubelet.ts) binds those Pods to
 * the fake nodes and reports them running, and Ready while the process standing for their
 * container passes the Deployment's own readiness probe: the real kruise-manager (`/readyz`; a
 * kruise-daemon per fake node starts once it is ready) or Tekton's real webhook
 * (`/readiness`), launched by ./controllers.ts. So Pulumi's own Deployment await holds whatever
 * depends on the install until the webhooks serve, as on a cluster, and every ImagePullJob,
 * CloneSet, Task and Pipeline then goes through those webhooks (`failurePolicy: Fail`, as the
 * charts make them).
 *
 * A process starts once what it needs to start exists (a kubelet would restart a crashing
 * container until then): for Kruise, its namespaces and the chart's CRDs (kruise-manager sets up
 * controllers only for CRDs it finds); for Tekton, the release's CRDs and its ConfigMaps (its
 * webhook configurations it patches once they appear). kruise-manager's readiness itself needs both of its webhook
 * configurations (its webhook controller patches them before `/readyz` passes), so an install
 * that creates those only after the manager is ready never becomes ready, here as on a cluster.
 * One process stands for all the replicas of its Deployment.
 *
 * Needs an API server started with `startApiServer(CONTROL_PLANE_CONTROLLERS)` and the cluster
 * pack's `controllers` mode with {@link CONTROL_PLANE_ENV}.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { manifestFiles } from "../../../components/tekton/releaseObjects";
import { MIRROR_LAYOUT } from "../../../stacks/mirror";
import { request } from "./cluster";
import {
  CONTROLLERS_ENV,
  FakeNode,
  Launched,
  launchKruiseManager,
  launchTektonWebhook,
  startKruiseDaemon,
  tail,
} from "./controllers";
import { StandInKubelet, startStandInKubelet } from "./standInKubelet";
import { mirror } from "./stacks";

/** kube-controller-manager loops beside the node-free ones: Deployments make Pods. */
export const CONTROL_PLANE_CONTROLLERS = ["deployment", "replicaset"];

const KRUISE_MANAGER = { namespace: "kruise-system", name: "kruise-controller-manager" };
const TEKTON_WEBHOOK = { namespace: "tekton-pipelines", name: "tekton-pipelines-webhook" };

/** The cluster pack's environment: controllers mode, loopback Services, awaited Deployments. */
export const CONTROL_PLANE_ENV: Record<string, string> = {
  ...CONTROLLERS_ENV,
  KD_E2E_RUN_DEPLOYMENTS: [KRUISE_MANAGER, TEKTON_WEBHOOK]
    .map((d) => `${d.namespace}/${d.name}`)
    .join(","),
};

/** The names of the CRDs in chart templates (Helm text, not YAML yet: `metadata.name` of each). */
function crdNames(files: string[]): string[] {
  const names: string[] = [];
  for (const f of files) {
    const text = fs.readFileSync(f, "utf8");
    for (const m of text.matchAll(/kind: CustomResourceDefinition\n[\s\S]*?\n {2}name: (\S+)/g)) {
      names.push(m[1]);
    }
  }
  return names;
}

const crdPath = (name: string) => `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`;

/**
 * The objects (API paths) kruise-manager needs before it starts: its namespaces and the chart's
 * CRDs (at start it sets up controllers only for the CRDs it finds). Its webhook configurations
 * it waits for itself: it is ready (`/readyz`) only once it has found and patched both.
 */
function kruisePrerequisites(): string[] {
  const chart = path.join(mirror(), MIRROR_LAYOUT.kruise, "templates");
  return [
    "/api/v1/namespaces/kruise-system",
    "/api/v1/namespaces/kruise-daemon-config",
    ...crdNames(manifestFiles(chart)).map(crdPath),
  ];
}

/** The objects (API paths) Tekton's webhook needs before it starts, from the release. */
function tektonPrerequisites(): string[] {
  const config = path.join(mirror(), MIRROR_LAYOUT.tekton);
  const out: string[] = [];
  for (const f of manifestFiles(config)) {
    for (const o of yaml.loadAll(fs.readFileSync(f, "utf8")) as any[]) {
      if (o?.kind === "CustomResourceDefinition") out.push(crdPath(o.metadata.name));
      else if (o?.kind === "ConfigMap" && o.metadata.namespace === TEKTON_WEBHOOK.namespace) {
        out.push(`/api/v1/namespaces/${o.metadata.namespace}/configmaps/${o.metadata.name}`);
      }
    }
  }
  return out;
}

/** True when every path exists, and every CRD among them is established. */
async function allExist(paths: string[]): Promise<boolean> {
  for (const p of paths) {
    const res = await request("GET", p);
    if (res.status !== 200) return false;
    if (
      p.includes("/customresourcedefinitions/") &&
      !(res.body.status?.conditions ?? []).some(
        (c: any) => c.type === "Established" && c.status === "True",
      )
    ) {
      return false;
    }
  }
  return true;
}

/** Restarts after which a crash-looping process counts as failed. */
const MAX_RESTARTS = 5;

/**
 * One process standing for a Deployment's containers: launched once its prerequisites exist,
 * probed as the kubelet probes the Pod (the Deployment's `readinessProbe`), and launched again
 * when it exits, as the kubelet restarts a container (kruise-manager exits when it has not found
 * its webhook configurations 20 s after start).
 */
class Process {
  private launched?: Promise<Launched>;
  private current?: Launched;
  private restarts = 0;
  error?: Error;

  constructor(
    private readonly what: string,
    private readonly prerequisites: string[],
    private readonly launch: (pod: any) => Promise<Launched>,
    private readonly onReady: () => void = () => undefined,
  ) {}

  /** The stand-in kubelet's `run` hook: true while the process passes its readiness probe. */
  run = async (pod: any): Promise<boolean> => {
    if (this.current && this.current.proc.child.exitCode !== null) {
      if (++this.restarts > MAX_RESTARTS) {
        this.error ??= new Error(
          `${this.what} exited ${this.restarts} times; last log lines:\n${tail(this.current.proc)}`,
        );
        return false;
      }
      this.launched = this.current = undefined;
    }
    if (!this.launched && !this.error && (await allExist(this.prerequisites))) {
      this.launched = this.launch(pod);
      this.launched.then(
        (l) => (this.current = l),
        (e: Error) => (this.error = new Error(`${this.what}: ${e.message}`)),
      );
    }
    if (!this.current || !(await this.current.ready())) return false;
    this.onReady();
    return true;
  };
}

/** The feature gates a kruise-manager Pod's container is given (`--feature-gates=`). */
function podFeatureGates(pod: any): string {
  const args = (pod.spec.containers[0].args ?? []) as string[];
  return args.find((a) => a.startsWith("--feature-gates="))?.slice("--feature-gates=".length) ?? "";
}

/** A running control plane; `stop()` ends the stand-in kubelets (the processes: stopControllers). */
export interface ControlPlane {
  stop(): Promise<void>;
  /** The first process that failed to start, if one did. */
  error(): Error | undefined;
}

/**
 * Runs the Pods of what the stack installs: Kruise (with a kruise-daemon on each of `nodes`,
 * which must exist) and/or Tekton's webhook.
 */
export function runControlPlane(opts: {
  kruise: boolean;
  tekton: boolean;
  nodes: FakeNode[];
}): ControlPlane {
  const names = opts.nodes.map((n) => n.name);
  const kubelets: StandInKubelet[] = [];
  const processes: Process[] = [];
  const errors: Error[] = [];
  if (opts.kruise) {
    let gates = "";
    let daemons: Promise<void> | undefined;
    const manager = new Process(
      "kruise-manager",
      kruisePrerequisites(),
      (pod) => launchKruiseManager((gates = podFeatureGates(pod))),
      // The DaemonSet's Pods (not awaited by Pulumi): one daemon per node, once the manager,
      // which gives each node its NodeImage, is ready.
      () => {
        daemons ??= (async () => {
          for (const n of opts.nodes) await startKruiseDaemon(n, gates);
        })().catch((e: Error) => {
          errors.push(new Error(`kruise-daemon: ${e.message}`));
        });
      },
    );
    processes.push(manager);
    kubelets.push(
      startStandInKubelet(KRUISE_MANAGER.namespace, names, {
        selector: { "control-plane": "controller-manager" },
        run: manager.run,
      }),
    );
  }
  if (opts.tekton) {
    const webhook = new Process("tekton webhook", tektonPrerequisites(), () =>
      launchTektonWebhook(),
    );
    processes.push(webhook);
    kubelets.push(
      startStandInKubelet(TEKTON_WEBHOOK.namespace, names, {
        selector: { "app.kubernetes.io/name": "webhook" },
        run: webhook.run,
      }),
    );
  }
  return {
    stop: async () => {
      for (const k of kubelets) await k.stop();
    },
    error: () => processes.find((p) => p.error)?.error ?? errors[0],
  };
}
