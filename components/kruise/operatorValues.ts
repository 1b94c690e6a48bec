/**
 * The OpenKruise chart's values (chart 1.8.3 `values.yaml`) from typed args: what users set, a
 * raw `values` escape hatch merged last (Helm's rules), keys sorted. Pure.
 */
import type * as pulumi from "@pulumi/pulumi";
import { mergeValues, sortedValues } from "../common/values";

/** Compute resources, as in a container's `resources`. */
export interface ResourceRequirements {
  /** e.g. `{ cpu: "500m", memory: "1Gi" }`. Maps to `resources.requests`. @default none */
  requests?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** e.g. `{ cpu: "1", memory: "2Gi" }`. Maps to `resources.limits`. @default none */
  limits?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** How a toleration matches a taint's value (a Pod's `tolerations[].operator`). */
export const TolerationOperator = {
  /** Any value of the taint's key. */
  Exists: "Exists",
  /** The taint's value equals `value`. */
  Equal: "Equal",
} as const;
/** One of {@link TolerationOperator}. */
export type TolerationOperator = (typeof TolerationOperator)[keyof typeof TolerationOperator];

/** The taint effect a toleration matches (a Pod's `tolerations[].effect`). */
export const TolerationEffect = {
  NoSchedule: "NoSchedule",
  PreferNoSchedule: "PreferNoSchedule",
  NoExecute: "NoExecute",
} as const;
/** One of {@link TolerationEffect}. */
export type TolerationEffect = (typeof TolerationEffect)[keyof typeof TolerationEffect];

/** A toleration, as in a Pod's `tolerations`. */
export interface Toleration {
  /** The taint key it matches; empty with `Exists` matches every key. Maps to `tolerations[].key`. @default none */
  key?: pulumi.Input<string>;
  /** Maps to `tolerations[].operator`. @default "Equal" (Kubernetes) */
  operator?: pulumi.Input<TolerationOperator>;
  /** The taint value it matches (with `Equal`). Maps to `tolerations[].value`. @default none */
  value?: pulumi.Input<string>;
  /** The taint effect it matches; none matches every effect. Maps to `tolerations[].effect`. @default none */
  effect?: pulumi.Input<TolerationEffect>;
  /** How long a `NoExecute` taint is tolerated. Maps to `tolerations[].tolerationSeconds`. @default forever */
  tolerationSeconds?: pulumi.Input<number>;
}

/** kruise-manager's image. Maps to the chart's `manager.image`. */
export interface KruiseManagerImage {
  /** Image name, no tag or digest. Maps to `manager.image.repository`. @default "openkruise/kruise-manager" (chart) */
  repository?: pulumi.Input<string>;
  /**
   * Release tag; the Kruise version the install runs (its minor must match the chart's CRDs).
   * Maps to `manager.image.tag`. @default the chart's appVersion
   */
  tag?: pulumi.Input<string>;
}

/** kruise-manager (controllers and webhook). */
export interface KruiseManagerArgs {
  /** Manager Pods (leader-elected; 2 keeps the webhook up during node drains). Maps to `manager.replicas`. @default 2 (chart) */
  replicas?: pulumi.Input<number>;
  /** Manager image (also used by kruise-daemon). Maps to `manager.image.repository` / `manager.image.tag`. @default openkruise/kruise-manager at the chart's appVersion */
  image?: pulumi.Input<KruiseManagerImage>;
  /** Maps to `manager.resources`. @default requests 100m/256Mi, limits 200m/512Mi (chart) */
  resources?: pulumi.Input<ResourceRequirements>;
  /** Maps to `manager.nodeSelector`. @default none */
  nodeSelector?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Maps to `manager.tolerations`. @default none */
  tolerations?: pulumi.Input<pulumi.Input<Toleration>[]>;
  /** klog verbosity. Maps to `manager.log.level`. @default "4" (chart) */
  logLevel?: pulumi.Input<number>;
  /**
   * Queries a second of the manager's API client. Every node a warm reaches costs one NodeImage
   * update through it, so it caps a warm at this many nodes a second (README "Warming a big
   * cluster"). Maps to kruise-manager's `--rest-config-qps` flag, written into the rendered
   * manager container's args (the 1.8.3 chart has no value for it): `templating: "client"` only.
   * @default 30 (Kruise)
   */
  clientQps?: pulumi.Input<number>;
  /** The client's burst. Maps to `--rest-config-burst`, as `clientQps`. @default 50 (Kruise) */
  clientBurst?: pulumi.Input<number>;
}

/** kruise-daemon (one per node: image pulls, container restarts). */
export interface KruiseDaemonArgs {
  /** Nodes that run the daemon, and so can be warmed. Maps to `daemon.nodeSelector`. @default all nodes but virtual-kubelet */
  nodeSelector?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Maps to `daemon.resources`. @default limits 50m/128Mi (chart) */
  resources?: pulumi.Input<ResourceRequirements>;
  /** Directory of the CRI socket on the nodes. Maps to `daemon.socketLocation`. @default "/var/run" (chart) */
  socketLocation?: pulumi.Input<string>;
}

/** What {@link operatorValues} needs, resolved. */
export interface OperatorValuesInput {
  namespace: string;
  createNamespace: boolean;
  manageCrds: boolean;
  featureGates: string;
  imagePullSecrets: readonly string[];
  manager?: pulumi.Unwrap<KruiseManagerArgs>;
  daemon?: pulumi.Unwrap<KruiseDaemonArgs>;
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
