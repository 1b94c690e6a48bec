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

/** The `apps.kruise.io/v1alpha1` CloneSet for `plan` with pod spec `podSpec`. */
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
        paused: s.paused,
        ...(inPlace && s.gracePeriodSeconds !== undefined
          ? { inPlaceUpdateStrategy: { gracePeriodSeconds: s.gracePeriodSeconds } }
          : {}),
      },
    },
  };
}
