/**
 * The container images of the Tekton task library, pinned by tag in one place (never `:latest`,
 * never a bare name), fully qualified so that no node's short-name resolution picks another
 * registry. Every task function takes an `images` override, e.g. a mirror for air-gapped
 * clusters or a digest-pinned copy. Pure.
 */
import { pinProblem } from "../../common/pinnedImage";

/** The default images of the task library. */
export const TASK_IMAGES = {
  /**
   * alpine-docker/git (Alpine with `git`, `openssh`, `git-lfs`; root only): git-clone. v2.54.0 is
   * a current Git release.
   */
  git: "docker.io/alpine/git:v2.54.0",
  /**
   * GoogleContainerTools/kaniko executor: archived upstream (June 2025); v1.24.0 is its last
   * release and gets no more fixes. build-kaniko only; build-buildkit is the maintained path.
   */
  kaniko: "gcr.io/kaniko-project/executor:v1.24.0",
  /**
   * moby/buildkit, rootless variant (uid 1000, `buildctl-daemonless.sh`, Alpine 3.23 busybox, no
   * jq): build-buildkit. v0.32.2 is BuildKit's newest release.
   */
  buildkit: "docker.io/moby/buildkit:v0.32.2-rootless",
  /**
   * Docker's official Alpine image (busybox `sh`, `grep`, `sed`): small helper steps. 3.23.5 is a
   * patch release of Alpine 3.23, the base BuildKit 0.32 uses too.
   */
  shell: "docker.io/library/alpine:3.23.5",
  /**
   * alpine-docker/k8s (`kubectl`, `jq`, `sh`; tagged by kubectl version, never `latest`): warm and
   * the workload deploys. kubectl 1.35 supports API servers 1.34 to 1.36. The project rebuilds a
   * tag weekly while it is its minor's newest patch: pin a digest for byte-identical runs.
   */
  kubectl: "docker.io/alpine/k8s:1.35.8",
  /**
   * argoproj/argo-cd (the `argocd` CLI; uid 999): deploy-argocd. v3.4.4 is the appVersion of the
   * argo-cd chart 10.1.1 this package installs (ARGOCD_CHART), so CLI and server match.
   */
  argocd: "quay.io/argoproj/argocd:v3.4.4",
} as const;

/** The images of the task library, by role. */
export type TaskImages = { -readonly [K in keyof typeof TASK_IMAGES]: string };

/**
 * {@link TASK_IMAGES} with `overrides` applied. Throws when an image does not parse as a docker
 * reference, has neither tag nor digest, or is tagged `latest`: a task must run the same bytes
 * on every run.
 */
export function taskImages(overrides: Partial<TaskImages> = {}): TaskImages {
  const images: TaskImages = { ...TASK_IMAGES };
  for (const [role, image] of Object.entries(overrides) as [keyof TaskImages, unknown][]) {
    if (image === undefined) continue;
    if (!(role in TASK_IMAGES)) {
      throw new Error(
        `task images: unknown role ${JSON.stringify(role)}; the roles are ${Object.keys(TASK_IMAGES).join(", ")}`,
      );
    }
    if (typeof image !== "string") throw new Error(`task images: ${role} is not a string`);
    const problem = pinProblem(image);
    if (problem?.kind === "invalid") {
      throw new Error(`task images: ${role} ${JSON.stringify(image)}: ${problem.error}`);
    }
    if (problem?.kind === "unpinned") {
      throw new Error(
        `task images: ${role} ${JSON.stringify(image)} has neither tag nor digest — it would float with the registry; pin a tag or a digest`,
      );
    }
    if (problem?.kind === "latest") {
      throw new Error(
        `task images: ${role} ${JSON.stringify(image)} is tagged latest — it would float with the registry; pin a version tag or a digest`,
      );
    }
    images[role] = image;
  }
  return images;
}
