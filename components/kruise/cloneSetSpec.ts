/** The CloneSet manifest, from parsed args and a pod spec. Pure. */
import { IntOrPercent } from "../common/intOrPercent";
import { CloneSetUpdateType, PRE_DOWNLOAD_ANNOTATIONS } from "./cloneSetRules";

/** `apps.kruise.io/v1alpha1`: the only version CloneSet is served in. */
export const CLONESET_API_VERSION = "apps.kruise.io/v1alpha1";

/** What the builder needs, every default already resolved. */
export interface CloneSetPlan {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  selectorLabels: Record<string, string>;
  replicas: number;
  revisionHistoryLimit: number;
  minReadySeconds?: number;
  updateStrategy: {
    type: CloneSetUpdateType | string;
    partition: IntOrPercent;
    maxUnavailable: IntOrPercent;
    maxSurge: IntOrPercent;
    paused: boolean;
    gracePeriodSeconds?: number;
  };
  preDownload?: { parallelism: number; timeoutSeconds: number; minUpdatedReadyPods: IntOrPercent };
  podAnnotations?: Record<string, string>;
}

/** The annotations that turn on and tune image pre-download (all three written explicitly). */
export function preDownloadAnnotations(
  p: CloneSetPlan["preDownload"],
): Record<string, string> | undefined {
  if (p === undefined) return undefined;
  return {
    [PRE_DOWNLOAD_ANNOTATIONS.parallelism]: String(p.parallelism),
    [PRE_DOWNLOAD_ANNOTATIONS.timeoutSeconds]: String(p.timeoutSeconds),
    [PRE_DOWNLOAD_ANNOTATIONS.minUpdatedReadyPods]: String(p.minUpdatedReadyPods),
  };
}

/**
 * `v` with every key whose value is an empty list left out, at any depth (kubernetesx's
 * PodBuilder writes `env: []`, `volumeMounts: []`, `initContainers: []`, `volumes: []`). Kruise's
 * mutating webhook round-trips a CloneSet through its Go types, whose lists are `omitempty`: it
 * drops them from what it stores, and every later preview would then show them as a change.
 */
export function withoutEmptyLists<T>(v: T): T {
  if (Array.isArray(v)) return v.map(withoutEmptyLists) as T;
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => !(Array.isArray(x) && x.length === 0))
        .map(([k, x]) => [k, withoutEmptyLists(x)]),
    ) as T;
  }
  return v;
}

/**
 * The `apps.kruise.io/v1alpha1` CloneSet for `plan` with pod spec `podSpec`. `paused` is written
 * only when true: Kruise's webhook drops `paused: false` (`omitempty`), as it drops empty lists.
 */
export function buildCloneSet<P>(plan: CloneSetPlan, podSpec: P) {
  const s = plan.updateStrategy;
  const inPlace = s.type !== CloneSetUpdateType.ReCreate;
  return {
    apiVersion: CLONESET_API_VERSION,
    kind: "CloneSet",
    metadata: {
      name: plan.name,
      namespace: plan.namespace,
      labels: plan.labels,
      ...(plan.preDownload ? { annotations: preDownloadAnnotations(plan.preDownload) } : {}),
    },
    spec: {
      replicas: plan.replicas,
      revisionHistoryLimit: plan.revisionHistoryLimit,
      ...(plan.minReadySeconds !== undefined ? { minReadySeconds: plan.minReadySeconds } : {}),
      selector: { matchLabels: plan.selectorLabels },
      template: {
        metadata: {
          labels: { ...plan.labels, ...plan.selectorLabels },
          ...(plan.podAnnotations ? { annotations: plan.podAnnotations } : {}),
        },
        spec: podSpec,
      },
      updateStrategy: {
        type: s.type,
        partition: s.partition,
        maxUnavailable: s.maxUnavailable,
        maxSurge: s.maxSurge,
        ...(s.paused ? { paused: true } : {}),
        ...(inPlace && s.gracePeriodSeconds !== undefined
          ? { inPlaceUpdateStrategy: { gracePeriodSeconds: s.gracePeriodSeconds } }
          : {}),
      },
    },
  };
}
