/**
 * A stand-in for kube-scheduler and the kubelet, for the Pods of one namespace. Nothing can run a
 * Pod here (no container runtime, no kubelet), so this does, through the API server only, what
 * those two would do to the Pod objects, and nothing else:
 * - an unscheduled Pod is bound to one of the fake nodes, round-robin, through the `binding`
 *   subresource, as kube-scheduler binds;
 * - a bound Pod gets the status a kubelet reports once its containers run: `Running`, each
 *   container started and ready, running the image its spec names, with an image ID derived from
 *   that image (a new image gives a new ID, which is how Kruise sees an in-place update done);
 *   `Ready` only when every readiness gate's condition is True, as the kubelet computes it;
 * - a Pod being deleted is removed with no grace period once it is marked, as the kubelet does
 *   after its containers stop.
 * It is a stand-in, named as one: the real code on both sides is kube-apiserver and the real
 * kruise-manager (CloneSet controller, in-place update, pre-download) with real kruise-daemons.
 */
import * as crypto from "crypto";
import { request } from "./cluster";

/** The image ID the stand-in reports for `image`: one per image string. */
export function standInImageId(image: string): string {
  const repo = image.includes("@") ? image.slice(0, image.indexOf("@")) : image;
  const name =
    repo.lastIndexOf(":") > repo.lastIndexOf("/") ? repo.slice(0, repo.lastIndexOf(":")) : repo;
  return `${name}@sha256:${crypto.createHash("sha256").update(image).digest("hex")}`;
}

/** The status a kubelet would report for `pod` with all its containers running. */
export function runningStatus(pod: any, startTime: string): Record<string, unknown> {
  const conditions = (pod.status?.conditions ?? []) as any[];
  const gates = ((pod.spec.readinessGates ?? []) as any[]).map((g) => g.conditionType);
  const gatesTrue = gates.every((t) => conditions.some((c) => c.type === t && c.status === "True"));
  const cond = (type: string, ok: boolean) => {
    const prev = conditions.find((c) => c.type === type);
    const status = ok ? "True" : "False";
    return {
      type,
      status,
      lastTransitionTime:
        prev?.status === status ? prev.lastTransitionTime : new Date().toISOString(),
      ...(ok ? {} : { reason: "ReadinessGatesNotReady" }),
    };
  };
  return {
    phase: "Running",
    hostIP: "127.0.0.1",
    podIP: "127.0.0.1",
    startTime: pod.status?.startTime ?? startTime,
    conditions: [
      cond("PodScheduled", true),
      cond("Initialized", true),
      cond("ContainersReady", true),
      cond("Ready", gatesTrue),
    ],
    containerStatuses: (pod.spec.containers as any[]).map((c) => ({
      name: c.name,
      image: c.image,
      imageID: standInImageId(c.image),
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: pod.status?.startTime ?? startTime } },
    })),
  };
}

/** True when `pod`'s status already says what {@link runningStatus} would. */
function upToDate(pod: any, want: Record<string, any>): boolean {
  const s = pod.status ?? {};
  if (s.phase !== "Running") return false;
  const have = (s.containerStatuses ?? []) as any[];
  const images = (want.containerStatuses as any[]).every((w) =>
    have.some((h) => h.name === w.name && h.image === w.image && h.imageID === w.imageID),
  );
  const ready = (want.conditions as any[]).every((w) =>
    (s.conditions ?? []).some((c: any) => c.type === w.type && c.status === w.status),
  );
  return images && ready;
}

/** A running stand-in; `stop()` ends its loop. */
export interface StandInKubelet {
  stop(): Promise<void>;
}

/** Which Pods the stand-in takes, and when it may report one running. */
export interface StandInOptions {
  /** Only the Pods with these labels. @default every Pod of the namespace */
  selector?: Record<string, string>;
  /**
   * Called on each pass for a bound Pod before its status is reported: the stand-in reports it
   * running only once this resolves true (e.g. once a process standing for its container serves).
   * @default always true
   */
  run?: (pod: any) => Promise<boolean>;
}

/** Starts the stand-in for the Pods of `namespace`, binding them to `nodes`. */
export function startStandInKubelet(
  namespace: string,
  nodes: string[],
  opts: StandInOptions = {},
): StandInKubelet {
  let running = true;
  let next = 0;
  const selector = Object.entries(opts.selector ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  const tick = async () => {
    const res = await request(
      "GET",
      `/api/v1/namespaces/${namespace}/pods${selector ? `?labelSelector=${encodeURIComponent(selector)}` : ""}`,
    );
    if (res.status !== 200) return;
    for (const pod of res.body.items as any[]) {
      const name = pod.metadata.name;
      const base = `/api/v1/namespaces/${namespace}/pods/${name}`;
      if (pod.metadata.deletionTimestamp) {
        await request("DELETE", base, {
          apiVersion: "v1",
          kind: "DeleteOptions",
          gracePeriodSeconds: 0,
        });
      } else if (!pod.spec.nodeName) {
        const node = nodes[next++ % nodes.length];
        await request("POST", `${base}/binding`, {
          apiVersion: "v1",
          kind: "Binding",
          metadata: { name },
          target: { apiVersion: "v1", kind: "Node", name: node },
        });
      } else if (!opts.run || (await opts.run(pod))) {
        const want = runningStatus(pod, new Date().toISOString());
        if (!upToDate(pod, want)) {
          await request(
            "PATCH",
            `${base}/status`,
            { status: want },
            "application/strategic-merge-patch+json",
          );
        }
      }
    }
  };
  const loop = (async () => {
    while (running) {
      await tick().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 300));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}
