/**
 * Every upstream version and source this package installs, pinned in one place. Each component
 * takes a `source` to override them, including a local path for air-gapped clusters.
 */

/** The OpenKruise Helm chart: the newest stable chart (1.9.0 is only published as alpha). */
export const KRUISE_CHART = {
  name: "kruise",
  version: "1.8.3",
  repo: "https://openkruise.github.io/charts/",
} as const;

/** The Kruise version the pinned chart runs (its `appVersion`): what version-dependent rules assume. */
export const KRUISE_VERSION = "1.8.3";

/**
 * The first Kruise release whose AdvancedCronJob (`apps.kruise.io/v1beta1`) takes an
 * `imageListPullJobTemplate` (openkruise/kruise#2207), which ScheduledWarm needs.
 */
export const KRUISE_SCHEDULED_WARM_MIN_VERSION = "1.9.1";

/**
 * Tekton Pipelines (no official Helm chart exists; the release manifest is the install).
 * - `version`: what TektonPipelines installs by default, the newest patch of the v1.15 LTS line.
 * - `testedVersion`: the release this package's Tekton checks are ported from
 *   (`pkg/apis/pipeline/v1` validation) and its tests run against: the offline mirror's manifests
 *   and the `tekton-webhook` the end-to-end suite builds from the Go module proxy, which serves
 *   v1.15.0 and v1.15.1 but not v1.15.2 to v1.15.6. Patch releases of an LTS line carry fixes, not
 *   API changes; that v1.15.6's webhook agrees with v1.15.0's is assumed, not tested here.
 */
export const TEKTON_PIPELINES = {
  version: "v1.15.6",
  testedVersion: "v1.15.0",
  /** The official release manifest of `version`. */
  releaseUrl: (version: string) =>
    `https://infra.tekton.dev/tekton-releases/pipeline/previous/${version}/release.yaml`,
} as const;

/**
 * The Argo CD Helm chart (argo-helm `argo-cd` 10.1.1, whose appVersion is Argo CD v3.4.4; it runs
 * {@link ARGOCD_VERSION} instead).
 */
export const ARGOCD_CHART = {
  name: "argo-cd",
  version: "10.1.1",
  repo: "https://argoproj.github.io/argo-helm",
} as const;

/**
 * The Argo CD the pinned chart runs: its `global.image.tag`, set by ArgoCd when the chart is the
 * pinned version from a repository. v3.4.14 is the latest v3.4 patch (2026-11-18); the patches
 * after the chart's v3.4.4 carry the server-side-diff secret-masking fixes, and ArgoApplication
 * turns server-side diff on.
 */
export const ARGOCD_VERSION = "v3.4.14";

/**
 * The Kubernetes version client-side chart templating (`templating: "client"`) renders for, as
 * Helm's `--kube-version`: charts check it against their `kubeVersion` (argo-cd needs >= 1.25)
 * and in `.Capabilities.KubeVersion`. Helm's own default (v1.20) is older than every chart here
 * supports. Server-side templating reads the cluster's version instead.
 */
export const CLIENT_TEMPLATE_KUBE_VERSION = "v1.34.0";
