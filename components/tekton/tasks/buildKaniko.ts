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
} from "./shared";
import {
  ScriptInput,
  ScriptOutput,
  envInput,
  refs,
  script,
  shellScript,
  tektonParam,
  writeOutput,
} from "./stepScript";

/** Options of {@link kanikoBuildTask}. */
export interface KanikoBuildTaskOptions extends TaskOptions {
  /** Resources of the build step. @default requests 500m CPU, 1Gi memory */
  computeResources?: ComputeResources;
}

/** Where the build step leaves the digest for the results step. */
const OUTPUT_DIR = "/build-output";
const DIGEST_FILE = `${OUTPUT_DIR}/digest`;

/** kaniko's executor, in every kaniko image (the `-debug` ones have `/kaniko` on their PATH). */
export const KANIKO_EXECUTOR = "/kaniko/executor";

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

/** What kaniko's executor is told: where the build context and Dockerfile are, what to push. */
export interface KanikoExecutorTarget {
  /** The build context directory. */
  context: string;
  /** The Dockerfile's path. */
  dockerfile: string;
  /** `<repository>:<tag>` to push. */
  destination: string;
  /** The file the executor writes the pushed digest to. */
  digestFile: string;
}

/**
 * The executor's arguments for `target`, one `--flag=value` each (no shell: a Tekton step's
 * `args`; a shell job quotes each one). The values may be Tekton variables or shell expansions.
 */
export function kanikoExecutorArgs(target: KanikoExecutorTarget): string[] {
  return [
    `--context=${target.context}`,
    `--dockerfile=${target.dockerfile}`,
    `--destination=${target.destination}`,
    `--digest-file=${target.digestFile}`,
  ];
}

/** Where {@link kanikoDigestScript} reads its inputs and writes its results. */
export interface KanikoDigestScriptIo {
  /** The name its messages start with (the Task's, or the job's). */
  task: string;
  /** The repository and tag pushed, and the executor's digest file. */
  inputs: Record<"image" | "tag" | "digestFile", ScriptInput>;
  /** The digest (`sha256:...`) and `<image>@<digest>`: each written where given. */
  outputs: { digest?: ScriptOutput; imageRef?: ScriptOutput };
}

/**
 * The body of the step after kaniko's executor, for any CI system (see stepScript.ts): checks
 * the digest file the executor wrote (`sha256:` and 64 hex digits), then writes the digest and
 * `<image>@<digest>`. Pure.
 */
export function kanikoDigestScript(io: KanikoDigestScriptIo): string {
  const v = refs(io.inputs);
  const { digest, imageRef } = io.outputs;
  return script(String.raw`
  [ -s "${v.digestFile}" ] || fail "kaniko wrote no digest to ${v.digestFile}"
  digest=$(cat "${v.digestFile}")
  printf '%s' "$digest" | grep -Eq '^sha256:[0-9a-f]{64}$' ||
    fail "kaniko's digest file holds \"$digest\", not sha256:<64 hex digits>"
  ${[
    ...(digest ? [writeOutput(digest, "%s", '"$digest"')] : []),
    ...(imageRef ? [writeOutput(imageRef, "%s@%s", `"${v.image}"`, '"$digest"')] : []),
  ].join("\n  ")}
  echo "${io.task}: pushed ${v.image}:${v.tag} as ${v.image}@$digest"
  `);
}

/** The Task's results step: params and files as env vars, results as Tekton result files. */
const TEKTON_IO: KanikoDigestScriptIo = {
  task: "build-kaniko",
  inputs: {
    image: tektonParam("image", "IMAGE"),
    tag: tektonParam("tag", "TAG"),
    digestFile: envInput("DIGEST_FILE"),
  },
  outputs: {
    digest: { file: "$RESULT_DIGEST" },
    imageRef: { file: "$RESULT_IMAGE_REF" },
  },
};

const RESULTS_SCRIPT = shellScript(TEKTON_IO.task, kanikoDigestScript(TEKTON_IO));

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
        command: [KANIKO_EXECUTOR],
        args: [
          ...kanikoExecutorArgs({
            context: "$(workspaces.source.path)/$(params.context)",
            dockerfile: "$(workspaces.source.path)/$(params.context)/$(params.dockerfile)",
            destination: "$(params.image):$(params.tag)",
            digestFile: DIGEST_FILE,
          }),
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
          env(TEKTON_IO.inputs.image.variable, "$(params.image)"),
          env(TEKTON_IO.inputs.tag.variable, "$(params.tag)"),
          env(TEKTON_IO.inputs.digestFile.variable, DIGEST_FILE),
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
