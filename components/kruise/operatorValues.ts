/**
 * The OpenKruise chart's values (chart 1.8.3 `values.yaml`) from typed args: what users set, a
 * raw `values` escape hatch merged last (Helm's rules), keys sorted. Pure.
 */
import { mergeValues, sortedValues } from "../common/values";

/** Compute resources, as in a container's `resources`. */
export interface ResourceRequirements {
  /** e.g. `{ cpu: "500m", memory: "1Gi" }`. */
  requests?: Record<string, string>;
  /** e.g. `{ cpu: "1", memory: "2Gi" }`. */
  limits?: Record<string, string>;
}

/** A toleration, as in a Pod's `tolerations`. */
export interface Toleration {
  key?: string;
  operator?: "Exists" | "Equal";
  value?: string;
  effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
  tolerationSeconds?: number;
}

/** kruise-manager (controllers and webhook). */
export interface KruiseManagerArgs {
  /** Manager Pods (leader-elected; 2 keeps the webhook up during node drains). Maps to `manager.replicas`. @default 2 (chart) */
  replicas?: number;
  /** Manager image (also used by kruise-daemon). Maps to `manager.image.repository` / `manager.image.tag`. @default openkruise/kruise-manager at the chart's appVersion */
  image?: { repository?: string; tag?: string };
  /** Maps to `manager.resources`. @default requests 100m/256Mi, limits 200m/512Mi (chart) */
  resources?: ResourceRequirements;
  /** Maps to `manager.nodeSelector`. @default none */
  nodeSelector?: Record<string, string>;
  /** Maps to `manager.tolerations`. @default none */
  tolerations?: Toleration[];
  /** klog verbosity. Maps to `manager.log.level`. @default "4" (chart) */
  logLevel?: number;
  /**
   * Queries a second of the manager's API client. Every node a warm reaches costs one NodeImage
   * update through it, so it caps a warm at this many nodes a second (README "Warming a big
   * cluster"). Maps to kruise-manager's `--rest-config-qps` flag, written into the rendered
   * manager container's args (the 1.8.3 chart has no value for it): `templating: "client"` only.
   * @default 30 (Kruise)
   */
  clientQps?: number;
  /** The client's burst. Maps to `--rest-config-burst`, as `clientQps`. @default 50 (Kruise) */
  clientBurst?: number;
}

/** kruise-daemon (one per node: image pulls, container restarts). */
export interface KruiseDaemonArgs {
  /** Nodes that run the daemon, and so can be warmed. Maps to `daemon.nodeSelector`. @default all nodes but virtual-kubelet */
  nodeSelector?: Record<string, string>;
  /** Maps to `daemon.resources`. @default limits 50m/128Mi (chart) */
  resources?: ResourceRequirements;
  /** Directory of the CRI socket on the nodes. Maps to `daemon.socketLocation`. @default "/var/run" (chart) */
  socketLocation?: string;
}

/** What {@link operatorValues} needs, resolved. */
export interface OperatorValuesInput {
  namespace: string;
  createNamespace: boolean;
  manageCrds: boolean;
  featureGates: string;
  imagePullSecrets: readonly string[];
  manager?: KruiseManagerArgs;
  daemon?: KruiseDaemonArgs;
  values?: Record<string, unknown>;
}

/** The chart values: typed args first, then `values` (deep-merged, `null` removes a key). */
export function operatorValues(i: OperatorValuesInput): Record<string, unknown> {
  const m = i.manager ?? {};
  const d = i.daemon ?? {};
  const typed: Record<string, unknown> = {
    crds: { managed: i.manageCrds },
    installation: { namespace: i.namespace, createNamespace: i.createNamespace },
    featureGates: i.featureGates,
    ...(i.imagePullSecrets.length > 0
      ? { imagePullSecrets: i.imagePullSecrets.map((name) => ({ name })) }
      : {}),
    manager: {
      replicas: m.replicas,
      image: m.image ? { repository: m.image.repository, tag: m.image.tag } : undefined,
      resources: m.resources,
      nodeSelector: m.nodeSelector,
      tolerations: m.tolerations,
      log: m.logLevel !== undefined ? { level: String(m.logLevel) } : undefined,
    },
    daemon: {
      nodeSelector: d.nodeSelector,
      resources: d.resources,
      socketLocation: d.socketLocation,
    },
  };
  return sortedValues(mergeValues(pruneEmpty(typed), i.values));
}

/** Drops maps left empty by unset args, so only what was set overrides the chart. */
function pruneEmpty(v: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === undefined) continue;
    if (
      x !== null &&
      typeof x === "object" &&
      !Array.isArray(x) &&
      Object.getPrototypeOf(x) === Object.prototype
    ) {
      const inner = pruneEmpty(x as Record<string, unknown>);
      if (Object.keys(inner).length > 0) out[k] = inner;
    } else out[k] = x;
  }
  return out;
}
