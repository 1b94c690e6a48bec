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
} from "./shared";
import {
  ScriptInput,
  ScriptOutput,
  labels,
  refs,
  script,
  shellScript,
  tektonParam,
  writeOutput,
} from "./stepScript";

/** Options of {@link buildkitBuildTask}. */
export interface BuildkitBuildTaskOptions extends TaskOptions {
  /** Resources of the build step. @default requests 500m CPU, 1Gi memory */
  computeResources?: ComputeResources;
}

/** The uid and gid of the `user` account of the rootless BuildKit image. */
export const BUILDKIT_UID = 1000;

/** Where the registry Secret is mounted; `DOCKER_CONFIG` points there. */
const DOCKER_CONFIG_DIR = "/docker-config";

/**
 * The flags `buildctl-daemonless.sh` starts rootless `buildkitd` with (its env var
 * `BUILDKITD_FLAGS`): no PID namespace of their own for `RUN` steps, since a fresh `/proc` cannot
 * be mounted over the masked one of an unprivileged pod.
 */
export const BUILDKITD_FLAGS = "--oci-worker-no-process-sandbox";

/** Where {@link buildkitBuildScript} reads its inputs and writes its results. */
export interface BuildkitBuildScriptIo {
  /** The name its messages start with (the Task's, or the job's). */
  task: string;
  /**
   * The repository to push to (no tag), the tag, the checkout (`sourceDir`), the build context
   * relative to it, and the Dockerfile relative to the context.
   */
  inputs: Record<"image" | "tag" | "sourceDir" | "context" | "dockerfile", ScriptInput>;
  /** The digest (`sha256:...`) and `<image>@<digest>`: each written where given. */
  outputs: { digest?: ScriptOutput; imageRef?: ScriptOutput };
  /**
   * Whether the script's own arguments (`"$@"`: a Tekton step's `args`) go on to `buildctl
   * build`. @default false
   */
  extraArgs?: boolean;
}

/**
 * The body of the build-buildkit step, for any CI system (see stepScript.ts): checks the
 * inputs, builds with `buildctl-daemonless.sh` (an ephemeral rootless `buildkitd`, started with
 * `$BUILDKITD_FLAGS`) and pushes `<image>:<tag>`, then reads the digest from the metadata file
 * with `sed` (the rootless image has no jq) and writes the results. Registry credentials are
 * read from `$DOCKER_CONFIG/config.json` (or `$HOME/.docker/config.json`). Pure.
 */
export function buildkitBuildScript(io: BuildkitBuildScriptIo): string {
  const v = refs(io.inputs);
  const l = labels(io.inputs);
  const { digest, imageRef } = io.outputs;
  const writes = [
    ...(digest ? [writeOutput(digest, "%s", '"$digest"')] : []),
    ...(imageRef ? [writeOutput(imageRef, "%s@%s", `"${v.image}"`, '"$digest"')] : []),
  ];
  const build = [
    "buildctl-daemonless.sh build",
    "--frontend dockerfile.v0",
    '--local "context=$context_dir"',
    '--local "dockerfile=$(dirname "$dockerfile_path")"',
    '--opt "filename=$(basename "$dockerfile_path")"',
    `--output "type=image,name=${v.image}:${v.tag},push=true"`,
    '--metadata-file "$metadata"',
    ...(io.extraArgs ? ['"$@"'] : []),
  ];
  return script(String.raw`
  # Checked here, not left to the registry: a comma or quote would break the --output list.
  case "${v.image}" in
    "" | -* | *[!A-Za-z0-9./:_-]*) fail "${l.image} \"${v.image}\" is not a repository name" ;;
  esac
  case "$(printf '%s' "${v.image}" | sed 's#^.*/##')" in
    *:*) fail "${l.image} \"${v.image}\" has a tag: give the repository only, the tag is ${l.tag}" ;;
  esac
  printf '%s' "${v.tag}" | grep -Eq '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$' ||
    fail "${l.tag} \"${v.tag}\" is not a valid image tag"
  context_dir="${v.sourceDir}/${v.context}"
  dockerfile_path="$context_dir/${v.dockerfile}"
  [ -d "$context_dir" ] || fail "${l.context} \"${v.context}\" is not a directory of the workspace"
  [ -f "$dockerfile_path" ] || fail "${l.dockerfile} \"${v.dockerfile}\" is not a file of the context"

  metadata=$(mktemp)
  # An ephemeral rootless buildkitd (rootlesskit), then buildctl${io.extraArgs ? '; extra-args arrive as "$@"' : ""}.
  ${build.join(" \\\n    ")}

  # buildctl writes the metadata as indented JSON (json.MarshalIndent); the image has no jq.
  # The top-level key sits at two spaces: nested descriptors have their own "digest" keys.
  digest=$(sed -n 's/^  "containerimage\.digest": "\(sha256:[0-9a-f]*\)".*$/\1/p' "$metadata")
  printf '%s' "$digest" | grep -Eq '^sha256:[0-9a-f]{64}$' ||
    fail "the build metadata holds no containerimage.digest"
  ${writes.join("\n  ")}
  echo "${io.task}: pushed ${v.image}:${v.tag} as ${v.image}@$digest"
  `);
}

/** The Task's step: params and the workspace as env vars, extra-args as the step's args. */
const TEKTON_IO: BuildkitBuildScriptIo = {
  task: "build-buildkit",
  inputs: {
    image: tektonParam("image", "IMAGE"),
    tag: tektonParam("tag", "TAG"),
    context: tektonParam("context", "CONTEXT"),
    dockerfile: tektonParam("dockerfile", "DOCKERFILE"),
    sourceDir: { variable: "SOURCE_DIR", label: "workspace source" },
  },
  outputs: {
    digest: { file: "$RESULT_DIGEST" },
    imageRef: { file: "$RESULT_IMAGE_REF" },
  },
  extraArgs: true,
};

const SCRIPT = shellScript(TEKTON_IO.task, buildkitBuildScript(TEKTON_IO));

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
          env(TEKTON_IO.inputs.image.variable, "$(params.image)"),
          env(TEKTON_IO.inputs.tag.variable, "$(params.tag)"),
          env(TEKTON_IO.inputs.context.variable, "$(params.context)"),
          env(TEKTON_IO.inputs.dockerfile.variable, "$(params.dockerfile)"),
          env(TEKTON_IO.inputs.sourceDir.variable, "$(workspaces.source.path)"),
          env("RESULT_DIGEST", "$(results.digest.path)"),
          env("RESULT_IMAGE_REF", "$(results.image-ref.path)"),
          env("DOCKER_CONFIG", DOCKER_CONFIG_DIR),
          env("BUILDKITD_FLAGS", BUILDKITD_FLAGS),
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
