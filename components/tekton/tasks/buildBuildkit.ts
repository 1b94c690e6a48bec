import { TaskSpec } from "../types";
import { taskImages } from "./images";
import {
  BUILD_STEP,
  ComputeResources,
  TaskOptions,
  buildParams,
  buildResults,
  buildWorkspaces,
  env,
  registrySecretVolume,
  shellScript,
} from "./shared";

/** Options of {@link buildkitBuildTask}. */
export interface BuildkitBuildTaskOptions extends TaskOptions {
  /** Resources of the build step. @default requests 500m CPU, 1Gi memory */
  computeResources?: ComputeResources;
}

/** The uid and gid of the `user` account of the rootless BuildKit image. */
export const BUILDKIT_UID = 1000;

/** Where the registry Secret is mounted; `DOCKER_CONFIG` points there. */
const DOCKER_CONFIG_DIR = "/docker-config";

const SCRIPT = shellScript(
  "build-buildkit",
  String.raw`
  # Checked here, not left to the registry: a comma or quote would break the --output list.
  case "$IMAGE" in
    "" | -* | *[!A-Za-z0-9./:_-]*) fail "param image \"$IMAGE\" is not a repository name" ;;
  esac
  case "$(printf '%s' "$IMAGE" | sed 's#^.*/##')" in
    *:*) fail "param image \"$IMAGE\" has a tag: give the repository only, the tag is param tag" ;;
  esac
  printf '%s' "$TAG" | grep -Eq '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$' ||
    fail "param tag \"$TAG\" is not a valid image tag"
  context_dir="$SOURCE_DIR/$CONTEXT"
  dockerfile_path="$context_dir/$DOCKERFILE"
  [ -d "$context_dir" ] || fail "param context \"$CONTEXT\" is not a directory of the workspace"
  [ -f "$dockerfile_path" ] || fail "param dockerfile \"$DOCKERFILE\" is not a file of the context"

  metadata=$(mktemp)
  # An ephemeral rootless buildkitd (rootlesskit), then buildctl; extra-args arrive as "$@".
  buildctl-daemonless.sh build \
    --frontend dockerfile.v0 \
    --local "context=$context_dir" \
    --local "dockerfile=$(dirname "$dockerfile_path")" \
    --opt "filename=$(basename "$dockerfile_path")" \
    --output "type=image,name=$IMAGE:$TAG,push=true" \
    --metadata-file "$metadata" \
    "$@"

  # buildctl writes the metadata as indented JSON (json.MarshalIndent); the image has no jq.
  # The top-level key sits at two spaces: nested descriptors have their own "digest" keys.
  digest=$(sed -n 's/^  "containerimage\.digest": "\(sha256:[0-9a-f]*\)".*$/\1/p' "$metadata")
  printf '%s' "$digest" | grep -Eq '^sha256:[0-9a-f]{64}$' ||
    fail "the build metadata holds no containerimage.digest"
  printf '%s' "$digest" >"$RESULT_DIGEST"
  printf '%s@%s' "$IMAGE" "$digest" >"$RESULT_IMAGE_REF"
  echo "build-buildkit: pushed $IMAGE:$TAG as $IMAGE@$digest"
  `,
);

/**
 * A Task that builds the workspace's Dockerfile with rootless BuildKit (the maintained
 * alternative to kaniko) and pushes `<image>:<tag>`: `buildctl-daemonless.sh` starts an
 * ephemeral `buildkitd` under rootlesskit in the step, then `buildctl build --output
 * type=image,name=<image>:<tag>,push=true --metadata-file ...`; the digest is read from the
 * metadata file's `containerimage.digest` (with `sed`: the image has no jq).
 *
 * - Params: `image` (repository, no tag), `tag` (the pipeline passes the commit SHA), `context`
 *   @default ".", `dockerfile` (relative to the context) @default "Dockerfile",
 *   `registry-secret` (a `kubernetes.io/dockerconfigjson` Secret), `extra-args` (appended to
 *   `buildctl build`, e.g. `--opt=build-arg:K=V`) @default [].
 * - Results: `digest` (`sha256:...`), `image-ref` (`<image>@<digest>`).
 * - Workspace: `source` (read only).
 *
 * Registry credentials: the Secret's `.dockerconfigjson` is mounted as `config.json` in
 * `/docker-config`, and `DOCKER_CONFIG` points there.
 *
 * Security (rootless BuildKit's documented requirements, moby/buildkit docs/rootless.md):
 * - runs as uid/gid 1000 (the image's `user`), never root;
 * - `BUILDKITD_FLAGS=--oci-worker-no-process-sandbox`: `RUN` steps get no PID namespace of
 *   their own (a fresh `/proc` cannot be mounted over the masked one of an unprivileged pod), so
 *   they can see and signal the step's other processes — acceptable for one build per pod;
 * - seccomp `Unconfined`: the default profile blocks the `unshare`/`mount` calls rootlesskit
 *   makes;
 * - privilege escalation stays allowed and `SETUID`/`SETGID` stay in the bounding set:
 *   rootlesskit maps the user namespace with the set-uid `newuidmap`/`newgidmap`, which fail with
 *   "Could not set caps" otherwise (moby/buildkit#1671); every other capability is dropped (the
 *   user namespace gets its own full set);
 * - AppArmor: on nodes with AppArmor (Ubuntu, Debian) the runtime's default profile blocks those
 *   mounts too. Set `appArmorProfile: {type: Unconfined}` (Kubernetes 1.30+) in the run's
 *   `podTemplate.securityContext`, or the annotation
 *   `container.apparmor.security.beta.kubernetes.io/step-build: unconfined`: the step type here
 *   has no `appArmorProfile` field. Nodes must also allow unprivileged user namespaces.
 * - `/home/user/.local/share/buildkit` (BuildKit's state) is an emptyDir: overlayfs cannot
 *   stack on the container's own overlay root.
 */
export function buildkitBuildTask(opts: BuildkitBuildTaskOptions = {}): TaskSpec {
  const images = taskImages(opts.images);
  return {
    description: "Builds the workspace's Dockerfile with rootless BuildKit and pushes it.",
    params: buildParams(),
    workspaces: buildWorkspaces(),
    results: buildResults(),
    volumes: [registrySecretVolume("registry-config"), { name: "buildkit-state", emptyDir: {} }],
    steps: [
      {
        name: "build",
        image: images.buildkit,
        script: SCRIPT,
        args: ["$(params.extra-args[*])"],
        env: [
          env("IMAGE", "$(params.image)"),
          env("TAG", "$(params.tag)"),
          env("CONTEXT", "$(params.context)"),
          env("DOCKERFILE", "$(params.dockerfile)"),
          env("SOURCE_DIR", "$(workspaces.source.path)"),
          env("RESULT_DIGEST", "$(results.digest.path)"),
          env("RESULT_IMAGE_REF", "$(results.image-ref.path)"),
          env("DOCKER_CONFIG", DOCKER_CONFIG_DIR),
          env("BUILDKITD_FLAGS", "--oci-worker-no-process-sandbox"),
        ],
        volumeMounts: [
          { name: "registry-config", mountPath: DOCKER_CONFIG_DIR, readOnly: true },
          { name: "buildkit-state", mountPath: "/home/user/.local/share/buildkit" },
        ],
        computeResources: opts.computeResources ?? BUILD_STEP,
        securityContext: {
          runAsNonRoot: true,
          runAsUser: BUILDKIT_UID,
          runAsGroup: BUILDKIT_UID,
          allowPrivilegeEscalation: true,
          capabilities: { drop: ["ALL"], add: ["SETUID", "SETGID"] },
          seccompProfile: { type: "Unconfined" },
        },
      },
    ],
  };
}
