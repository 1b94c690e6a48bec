/**
 * OpenKruise feature gates (v1.9.0, `pkg/features/kruise_features.go`): typed, with the ties that
 * Kruise's `SetDefaultFeatureGates` applies after parsing `--feature-gates` resolved or rejected
 * here, and rendered to the chart's `featureGates` string. Pure.
 */
import * as semver from "semver";
import { BrokenRule, brokenRule } from "../common/errors";

/**
 * Every Kruise 1.9 feature gate as a named boolean. Unset gates keep Kruise's default and are not
 * rendered (a manager exits on a gate it does not know, so only what is set is passed).
 * Maps to the chart value `featureGates` (`--feature-gates` of kruise-manager and kruise-daemon).
 */
export interface KruiseFeatureGates {
  /** Enables webhook for Pods creations. This is also related to SidecarSet. Gate `PodWebhook`. @default true */
  PodWebhook?: boolean;
  /** Enables the features relied on kruise-daemon, such as image pulling and container restarting. Gate `KruiseDaemon`. @default true */
  KruiseDaemon?: boolean;
  /** Enables kruise-daemon to list watch pods that belong to the same node. Gate `DaemonWatchingPod`. @default true */
  DaemonWatchingPod?: boolean;
  /** Enables CloneSet controller only set revision hash name to pod label. Gate `CloneSetShortHash`. @default false */
  CloneSetShortHash?: boolean;
  /** Enables Kruise webhook to inject 'KruisePodReady' readiness-gate to all Pods during creation. Otherwise, it will only be injected to Pods created by Kruise workloads. Gate `KruisePodReadinessGate`. @default false */
  KruisePodReadinessGate?: boolean;
  /** Enables cloneset/statefulset controllers to create ImagePullJobs to pre-download images for in-place update. Gate `PreDownloadImageForInPlaceUpdate`. @default false */
  PreDownloadImageForInPlaceUpdate?: boolean;
  /** Enables CloneSet controller to rollback Pods to currentRevision when number of updateRevision pods is bigger than (replicas - partition). Gate `CloneSetPartitionRollback`. @default false */
  CloneSetPartitionRollback?: boolean;
  /** Enables protection for resources deletion, currently supports Namespace, Service, Ingress, CustomResourcesDefinition, Deployment, StatefulSet, ReplicaSet, CloneSet, Advanced StatefulSet, UnitedDeployment. It is only supported for Kubernetes version >= 1.16 Note that if it is enabled during Kruise installation or upgrade, Kruise will require more authorities: 1. Webhook for deletion operation of namespace, service, ingress, crd, deployment, statefulset, replicaset and workloads in Kruise. Gate `ResourcesDeletionProtection`. @default false */
  ResourcesDeletionProtection?: boolean;
  /** Enable WorkloadSpread to constrain the spread of the workload. Gate `WorkloadSpread`. @default true */
  WorkloadSpread?: boolean;
  /** Enables PUB capability to protect pod from deletion and eviction. Gate `PodUnavailableBudgetDeleteGate`. @default true */
  PodUnavailableBudgetDeleteGate?: boolean;
  /** Enables PUB capability to protect pod from in-place update. Gate `PodUnavailableBudgetUpdateGate`. @default false */
  PodUnavailableBudgetUpdateGate?: boolean;
  /** To control whether webhook should inject pod default fields into pod template and pvc default fields into pvc template. If TemplateNoDefaults is false, webhook should inject default fields only when the template changed. Gate `TemplateNoDefaults`. @default false */
  TemplateNoDefaults?: boolean;
  /** Enables Kruise to in-place update a container in Pod when its env from labels/annotations changed and pod is in-place updating. Gate `InPlaceUpdateEnvFromMetadata`. @default true */
  InPlaceUpdateEnvFromMetadata?: boolean;
  /** Enables policies controlling deletion of PVCs created by a StatefulSet. Gate `StatefulSetAutoDeletePVC`. @default true */
  StatefulSetAutoDeletePVC?: boolean;
  /** Whether sidecarSet patch pod metadata is allowed. Gate `SidecarSetPatchPodMetadataDefaultsAllowed`. @default false */
  SidecarSetPatchPodMetadataDefaultsAllowed?: boolean;
  /** Enables SidecarTerminator to stop sidecar containers when all main containers exited. SidecarTerminator only works for the Pods with 'Never' or 'OnFailure' restartPolicy. Gate `SidecarTerminator`. @default false */
  SidecarTerminator?: boolean;
  /** Enable Kruise provide the ability to execute custom Probes. Note: custom probe execution requires kruise daemon, so currently only traditional Kubelet is supported, not virtual-kubelet. Gate `PodProbeMarkerGate`. @default true */
  PodProbeMarkerGate?: boolean;
  /** Enables daemonset-controller to create ImagePullJobs to pre-download images for update. Gate `PreDownloadImageForDaemonSetUpdate`. @default false */
  PreDownloadImageForDaemonSetUpdate?: boolean;
  /** Enable optimization for cloneset-controller to reduce the queuing frequency cased by pod update. Gate `CloneSetEventHandlerOptimization`. @default false */
  CloneSetEventHandlerOptimization?: boolean;
  /** Enable CloneSet/Advanced StatefulSet controller to regard preparing-update Pod as updated when calculating update/current revision during scaling. Gate `PreparingUpdateAsUpdate`. @default false */
  PreparingUpdateAsUpdate?: boolean;
  /** Enable imagepulljob-controller execute ImagePullJob. Gate `ImagePullJobGate`. @default false */
  ImagePullJobGate?: boolean;
  /** Enable resourcedistribution-controller execute ResourceDistribution. Gate `ResourceDistributionGate`. @default false */
  ResourceDistributionGate?: boolean;
  /** Enable deletionProtection for crd Cascading. Gate `DeletionProtectionForCRDCascadingGate`. @default false */
  DeletionProtectionForCRDCascadingGate?: boolean;
  /** Enables a enhanced livenessProbe solution. Gate `EnhancedLivenessProbe`. @default false */
  EnhancedLivenessProbe?: boolean;
  /** Recreate the pod upon changing volume claim templates in a clone set to ensure PVC consistency. Gate `RecreatePodWhenChangeVCTInCloneSetGate`. @default false */
  RecreatePodWhenChangeVCTInCloneSetGate?: boolean;
  /** Enables a StatefulSet to start from an arbitrary non zero ordinal. Gate `StatefulSetStartOrdinal`. @default false */
  StatefulSetStartOrdinal?: boolean;
  /** Set pod completion index as a pod label for Indexed Jobs. Gate `PodIndexLabel`. @default true */
  PodIndexLabel?: boolean;
  /** Use certs generated externally. Gate `EnableExternalCerts`. @default false */
  EnableExternalCerts?: boolean;
  /** Enables policies auto resizing PVCs created by a StatefulSet when user expands volumeClaimTemplates. Gate `StatefulSetAutoResizePVCGate`. @default false */
  StatefulSetAutoResizePVCGate?: boolean;
  /** Enable delete timeout expectation, for example: cloneSet ScaleExpectation. Gate `ForceDeleteTimeoutExpectationGate`. @default false */
  ForceDeleteTimeoutExpectationGate?: boolean;
  /** Enable CloneSet/Advanced StatefulSet controller to support vertical scaling of managed Pods. Gate `InPlaceWorkloadVerticalScaling`. @default false */
  InPlaceWorkloadVerticalScaling?: boolean;
  /** Enable PodProbeMarker on Serverless Pod. Gate `EnablePodProbeMarkerOnServerless`. @default false */
  EnablePodProbeMarkerOnServerless?: boolean;
  /** Enable sidecarSet to sort by container name when injecting sidecar containers. Kruise ≥ 1.9. Gate `EnableSortSidecarContainerByName`. @default false */
  EnableSortSidecarContainerByName?: boolean;
  /** Enabling this feature means that the Kubernetes cluster has activated the in-place pod resize feature (https://kubernetes.io/blog/2025/05/16/kubernetes-v1-33-in-place-pod-resize-beta/). Under this feature, kruise will think all legal pod-vertical-scaling actions must success. PodUnavailableBudget will specifically protect the resize actions of individual Pods. Kruise ≥ 1.9. Gate `InPlacePodVerticalScaling`. @default false */
  InPlacePodVerticalScaling?: boolean;
}

/** A gate's name. */
export type KruiseFeatureGate = keyof KruiseFeatureGates;

/** Kruise's default for each gate, and the first minor release that knows it. */
export const KRUISE_FEATURE_GATES: Readonly<
  Record<KruiseFeatureGate, { readonly default: boolean; readonly since: "1.8" | "1.9" }>
> = {
  PodWebhook: { default: true, since: "1.8" },
  KruiseDaemon: { default: true, since: "1.8" },
  DaemonWatchingPod: { default: true, since: "1.8" },
  CloneSetShortHash: { default: false, since: "1.8" },
  KruisePodReadinessGate: { default: false, since: "1.8" },
  PreDownloadImageForInPlaceUpdate: { default: false, since: "1.8" },
  CloneSetPartitionRollback: { default: false, since: "1.8" },
  ResourcesDeletionProtection: { default: false, since: "1.8" },
  WorkloadSpread: { default: true, since: "1.8" },
  PodUnavailableBudgetDeleteGate: { default: true, since: "1.8" },
  PodUnavailableBudgetUpdateGate: { default: false, since: "1.8" },
  TemplateNoDefaults: { default: false, since: "1.8" },
  InPlaceUpdateEnvFromMetadata: { default: true, since: "1.8" },
  StatefulSetAutoDeletePVC: { default: true, since: "1.8" },
  SidecarSetPatchPodMetadataDefaultsAllowed: { default: false, since: "1.8" },
  SidecarTerminator: { default: false, since: "1.8" },
  PodProbeMarkerGate: { default: true, since: "1.8" },
  PreDownloadImageForDaemonSetUpdate: { default: false, since: "1.8" },
  CloneSetEventHandlerOptimization: { default: false, since: "1.8" },
  PreparingUpdateAsUpdate: { default: false, since: "1.8" },
  ImagePullJobGate: { default: false, since: "1.8" },
  ResourceDistributionGate: { default: false, since: "1.8" },
  DeletionProtectionForCRDCascadingGate: { default: false, since: "1.8" },
  EnhancedLivenessProbe: { default: false, since: "1.8" },
  RecreatePodWhenChangeVCTInCloneSetGate: { default: false, since: "1.8" },
  StatefulSetStartOrdinal: { default: false, since: "1.8" },
  PodIndexLabel: { default: true, since: "1.8" },
  EnableExternalCerts: { default: false, since: "1.8" },
  StatefulSetAutoResizePVCGate: { default: false, since: "1.8" },
  ForceDeleteTimeoutExpectationGate: { default: false, since: "1.8" },
  InPlaceWorkloadVerticalScaling: { default: false, since: "1.8" },
  EnablePodProbeMarkerOnServerless: { default: false, since: "1.8" },
  EnableSortSidecarContainerByName: { default: false, since: "1.9" },
  InPlacePodVerticalScaling: { default: false, since: "1.9" },
};

/** Gates Kruise forces off when `KruiseDaemon=false` (they need kruise-daemon on every node). */
export const NEEDS_KRUISE_DAEMON: readonly KruiseFeatureGate[] = [
  "PreDownloadImageForInPlaceUpdate",
  "DaemonWatchingPod",
  "InPlaceUpdateEnvFromMetadata",
  "PreDownloadImageForDaemonSetUpdate",
  "PodProbeMarkerGate",
  "SidecarTerminator",
  "ImagePullJobGate",
  "EnhancedLivenessProbe",
];

/** Gates Kruise forces off when `PodWebhook=false`. */
export const NEEDS_POD_WEBHOOK: readonly KruiseFeatureGate[] = [
  "KruisePodReadinessGate",
  "PodUnavailableBudgetDeleteGate",
  "PodUnavailableBudgetUpdateGate",
  "WorkloadSpread",
  "SidecarSetPatchPodMetadataDefaultsAllowed",
  "EnhancedLivenessProbe",
  "EnablePodProbeMarkerOnServerless",
];

/** Gates that make Kruise force `ImagePullJobGate=true`. */
export const PRE_DOWNLOAD_GATES: readonly KruiseFeatureGate[] = [
  "PreDownloadImageForInPlaceUpdate",
  "PreDownloadImageForDaemonSetUpdate",
];

/** What the operator turns on unless told otherwise: the chart's own default, which warm jobs need. */
export const OPERATOR_DEFAULT_GATES: KruiseFeatureGates = { ImagePullJobGate: true };

/** One broken tie: the gate path and the rule it breaks. */
export interface GateProblem extends BrokenRule {
  gate: KruiseFeatureGate | "gitOps";
}

/** The gates to render and every tie they break. */
export interface ResolvedGates {
  /** Gates set explicitly (by the caller, the operator default or a tie), in name order. */
  readonly set: Readonly<Partial<Record<KruiseFeatureGate, boolean>>>;
  /** Every gate's effective value in the manager, defaults included. */
  readonly effective: Readonly<Record<KruiseFeatureGate, boolean>>;
  readonly problems: readonly GateProblem[];
}

/** `1.8.3` / `v1.9.0-alpha3` → `[1, 9]`; undefined when unparsable. */
export function minorVersion(version: string): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/**
 * Resolves `gates` the way Kruise will: the operator default (`ImagePullJobGate=true`) unless
 * overridden; `gitOps` sets `TemplateNoDefaults`; a PreDownload gate turns `ImagePullJobGate` on.
 * What Kruise would silently override instead is a problem: a gate set true that
 * `KruiseDaemon=false` or `PodWebhook=false` forces off, `ImagePullJobGate=false` beside a
 * PreDownload gate, `DeletionProtectionForCRDCascadingGate` without `ResourcesDeletionProtection`,
 * `TemplateNoDefaults=false` with `gitOps`, and a 1.9 gate on an older Kruise.
 */
export function resolveFeatureGates(
  gates: KruiseFeatureGates | undefined,
  gitOps: boolean,
  kruiseVersion: string | undefined,
): ResolvedGates {
  const given: Partial<Record<KruiseFeatureGate, boolean>> = { ...gates };
  const problems: GateProblem[] = [];
  const set: Partial<Record<KruiseFeatureGate, boolean>> = { ...given };
  const on = (g: KruiseFeatureGate) => set[g] ?? KRUISE_FEATURE_GATES[g].default;

  if (gitOps) {
    if (given.TemplateNoDefaults === false) {
      problems.push({
        gate: "TemplateNoDefaults",
        ...brokenRule(
          "is false while gitOps is true",
          "with Argo CD managing Kruise workloads, Kruise's GitOps guide sets TemplateNoDefaults=true so the webhook's pod-template defaults do not show as drift",
          "drop TemplateNoDefaults, or set gitOps to false",
        ),
      });
    }
    set.TemplateNoDefaults ??= true;
  }
  const daemonOff = on("KruiseDaemon") === false;
  const preDownload = PRE_DOWNLOAD_GATES.filter((g) => on(g));
  if (!daemonOff) {
    if (preDownload.length > 0) {
      if (given.ImagePullJobGate === false) {
        problems.push({
          gate: "ImagePullJobGate",
          ...brokenRule(
            `is false while ${preDownload.join(" and ")} is true`,
            "Kruise's SetDefaultFeatureGates turns ImagePullJobGate on whenever a PreDownload gate is on: pre-download works by creating ImagePullJobs",
            "drop ImagePullJobGate: false, or turn the PreDownload gate off",
          ),
        });
      }
      set.ImagePullJobGate = true;
    } else if (given.ImagePullJobGate === undefined) {
      set.ImagePullJobGate = OPERATOR_DEFAULT_GATES.ImagePullJobGate;
    }
  }
  const forcedOff = (
    switchGate: KruiseFeatureGate,
    dependents: readonly KruiseFeatureGate[],
    why: string,
  ) => {
    for (const g of dependents) {
      if (given[g] === true) {
        problems.push({
          gate: g,
          ...brokenRule(
            `is true while ${switchGate} is false`,
            `Kruise's SetDefaultFeatureGates forces ${g} off when ${switchGate}=false (${why})`,
            `set ${switchGate} back to true, or drop ${g}`,
          ),
        });
      }
    }
  };
  if (daemonOff)
    forcedOff("KruiseDaemon", NEEDS_KRUISE_DAEMON, "it needs kruise-daemon on the nodes");
  if (on("PodWebhook") === false)
    forcedOff("PodWebhook", NEEDS_POD_WEBHOOK, "it needs the pod webhook");
  if (given.DeletionProtectionForCRDCascadingGate === true && !on("ResourcesDeletionProtection")) {
    problems.push({
      gate: "DeletionProtectionForCRDCascadingGate",
      ...brokenRule(
        "is true while ResourcesDeletionProtection is off",
        "Kruise's SetDefaultFeatureGates forces DeletionProtectionForCRDCascadingGate off unless ResourcesDeletionProtection is on",
        "also set ResourcesDeletionProtection: true",
      ),
    });
  }
  const minor = kruiseVersion === undefined ? undefined : minorVersion(kruiseVersion);
  if (minor !== undefined) {
    for (const g of Object.keys(set) as KruiseFeatureGate[]) {
      if (semver.lt(`${minor[0]}.${minor[1]}.0`, `${KRUISE_FEATURE_GATES[g].since}.0`)) {
        problems.push({
          gate: g,
          ...brokenRule(
            `needs Kruise ${KRUISE_FEATURE_GATES[g].since}, but this installs Kruise ${kruiseVersion}`,
            "kruise-manager exits at start-up on a feature gate it does not know",
            `install Kruise ≥ ${KRUISE_FEATURE_GATES[g].since} (source.version, or manager.image.tag with a matching chart), or drop ${g}`,
          ),
        });
      }
    }
  }
  const effective = Object.fromEntries(
    (Object.keys(KRUISE_FEATURE_GATES) as KruiseFeatureGate[]).map((g) => [g, on(g)]),
  ) as Record<KruiseFeatureGate, boolean>;
  if (daemonOff) for (const g of NEEDS_KRUISE_DAEMON) effective[g] = false;
  if (!effective.PodWebhook) for (const g of NEEDS_POD_WEBHOOK) effective[g] = false;
  if (!effective.ResourcesDeletionProtection)
    effective.DeletionProtectionForCRDCascadingGate = false;
  const sorted = Object.fromEntries(
    (Object.keys(set) as KruiseFeatureGate[]).sort().map((g) => [g, set[g]]),
  ) as Partial<Record<KruiseFeatureGate, boolean>>;
  return { set: sorted, effective, problems };
}

/** The chart's `featureGates` string: `Name=bool` pairs in name order, comma-separated. */
export function renderFeatureGates(
  set: Readonly<Partial<Record<KruiseFeatureGate, boolean>>>,
): string {
  return (Object.keys(set) as KruiseFeatureGate[])
    .sort()
    .map((g) => `${g}=${set[g]}`)
    .join(",");
}
