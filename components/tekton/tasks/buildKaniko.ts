import { TaskSpec } from "../types";
import { taskImages } from "./images";
import {
  BUILD_STEP,
  ComputeResources,
  NOBODY,
  SMALL_STEP,
  TaskOptions,
  buildParams,
  buildResults,
  buildWorkspaces,
  env,
  registrySecretVolume,
  restricted,
  shellScript,
} from "./shared";

/** Options of {@link kanikoBuildTask}. */
export interface KanikoBuildTaskOptions extends TaskOptions {
  /** Resources of the build step. @default requests 500m CPU, 1Gi memory */
  computeResources?: ComputeResources;
}

/** Where the build step leaves the digest for the results step. */
const OUTPUT_DIR = "/build-output";

/**
 * Capabilities kaniko keeps: it runs as root and builds inside its own root filesystem, so it
 * needs what unpacking layers (owners, set-id bits, modes) and `RUN` steps that switch users
 * (package managers) need — Docker's defaults minus networking, devices, kill and audit.
 */
export const KANIKO_CAPABILITIES = [
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "SETFCAP",
  "SETGID",
  "SETUID",
];

const RESULTS_SCRIPT = shellScript(
  "build-kaniko",
  String.raw`
  [ -s "$DIGEST_FILE" ] || fail "kaniko wrote no digest to $DIGEST_FILE"
  digest=$(cat "$DIGEST_FILE")
  printf '%s' "$digest" | grep -Eq '^sha256:[0-9a-f]{64}$' ||
    fail "kaniko's digest file holds \"$digest\", not sha256:<64 hex digits>"
  printf '%s' "$digest" >"$RESULT_DIGEST"
  printf '%s@%s' "$IMAGE" "$digest" >"$RESULT_IMAGE_REF"
  echo "build-kaniko: pushed $IMAGE:$TAG as $IMAGE@$digest"
  `,
);

/**
 * A Task that builds the workspace's Dockerfile with kaniko and pushes `<image>:<tag>`, then
 * reports what it pushed.
 *
 * **kaniko is archived upstream** (GoogleContainerTools/kaniko, June 2025): v1.24.0 is its last
 * release and gets no security fixes. Prefer {@link buildkitBuildTask}; this task stays for
 * clusters that cannot give BuildKit an unconfined seccomp profile.
 *
 * - Params: `image` (repository, no tag), `tag` (the pipeline passes the commit SHA), `context`
 *   @default ".", `dockerfile` (relative to the context) @default "Dockerfile",
 *   `registry-secret` (a `kubernetes.io/dockerconfigjson` Secret), `extra-args` (appended to the
 *   executor's arguments, e.g. `--build-arg=K=V`, `--cache=true`) @default [].
 * - Results: `digest` (`sha256:...`), `image-ref` (`<image>@<digest>`).
 * - Workspace: `source` (read only).
 *
 * Registry credentials: kaniko reads `/kaniko/.docker/config.json` (its `DOCKER_CONFIG`), not
 * `$HOME/.docker`, so the Secret is mounted there as a volume, its `.dockerconfigjson` key as
 * `config.json`.
 *
 * Steps: `build` runs `/kaniko/executor` (command/args, no shell: the image has none) with
 * `--digest-file` in an emptyDir volume shared with `results`, a small Alpine step that checks
 * the digest and writes both results. (Tekton v1.15 also mounts an emptyDir at `/tekton/home` in
 * every step, but that is an internal left over from PipelineResources; a declared volume says
 * what it is for. `/tekton/results` holds declared results only.)
 *
 * Security: kaniko must run as root (uid 0) and keeps {@link KANIKO_CAPABILITIES}; everything
 * else is dropped and privilege escalation is off. The results step runs as `nobody`.
 */
export function kanikoBuildTask(opts: KanikoBuildTaskOptions = {}): TaskSpec {
  const images = taskImages(opts.images);
  return {
    description: "Builds the workspace's Dockerfile with kaniko (archived upstream) and pushes it.",
    params: buildParams(),
    workspaces: buildWorkspaces(),
    results: buildResults(),
    volumes: [registrySecretVolume("registry-config"), { name: "build-output", emptyDir: {} }],
    steps: [
      {
        name: "build",
        image: images.kaniko,
        command: ["/kaniko/executor"],
        args: [
          "--context=$(workspaces.source.path)/$(params.context)",
          "--dockerfile=$(workspaces.source.path)/$(params.context)/$(params.dockerfile)",
          "--destination=$(params.image):$(params.tag)",
          `--digest-file=${OUTPUT_DIR}/digest`,
          "$(params.extra-args[*])",
        ],
        env: [env("DOCKER_CONFIG", "/kaniko/.docker")],
        volumeMounts: [
          { name: "registry-config", mountPath: "/kaniko/.docker", readOnly: true },
          { name: "build-output", mountPath: OUTPUT_DIR },
        ],
        computeResources: opts.computeResources ?? BUILD_STEP,
        securityContext: {
          runAsUser: 0,
          runAsNonRoot: false,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ["ALL"], add: [...KANIKO_CAPABILITIES] },
          seccompProfile: { type: "RuntimeDefault" },
        },
      },
      {
        name: "results",
        image: images.shell,
        script: RESULTS_SCRIPT,
        env: [
          env("IMAGE", "$(params.image)"),
          env("TAG", "$(params.tag)"),
          env("DIGEST_FILE", `${OUTPUT_DIR}/digest`),
          env("RESULT_DIGEST", "$(results.digest.path)"),
          env("RESULT_IMAGE_REF", "$(results.image-ref.path)"),
        ],
        volumeMounts: [{ name: "build-output", mountPath: OUTPUT_DIR, readOnly: true }],
        computeResources: SMALL_STEP,
        securityContext: restricted(NOBODY),
      },
    ],
  };
}
