import { labelKeyError, labelValueError } from "../../common/labelSelector";
import { MANAGED_LABELS } from "../../common/k8sNames";
import { buildImagePullJob, resolveImagePullJobSpec } from "../../kruise/imagePullJob";
import {
  CompletionPolicyType,
  DEFAULT_IMAGE_PULL_JOB_API_VERSION,
  ImagePullJobApiVersion,
  ImagePullJobManifest,
  ImagePullPolicy,
  PullPolicy,
} from "../../kruise/imagePullJobTypes";
import { TaskSpec } from "../types";
import { taskImages } from "./images";
import { NONROOT, SMALL_STEP, TaskOptions, env, restricted } from "./shared";
import {
  ScriptInput,
  ScriptOutput,
  envInput,
  labels,
  refs,
  script,
  shellScript,
  tektonParam,
  writeOutput,
} from "./stepScript";

/** Options of {@link warmTask}: the job template, fixed when the Task is built. */
export interface WarmTaskOptions extends TaskOptions {
  /** The API version of the jobs. @default "apps.kruise.io/v1alpha1" (Kruise 1.8 and 1.9) */
  apiVersion?: ImagePullJobApiVersion;
  /** How each node pulls. Maps to `spec.pullPolicy`. @default `{ timeoutSeconds: 600, backoffLimit: 3 }` */
  pullPolicy?: PullPolicy;
  /** Maps to `spec.imagePullPolicy`. @default "IfNotPresent" */
  imagePullPolicy?: ImagePullPolicy;
  /** The jobs always complete (`completionPolicy.type: Always`); when and how long they stay. */
  completion?: {
    /**
     * Seconds after which a job ends, unfinished nodes counted as failed; at least
     * `pullPolicy.timeoutSeconds`. Maps to `spec.completionPolicy.activeDeadlineSeconds`.
     * @default 1800
     */
    activeDeadlineSeconds?: number;
    /**
     * Seconds after completion at which Kruise deletes the job. Right here: no Pulumi state owns
     * these jobs, and each pipeline run makes one. Maps to
     * `spec.completionPolicy.ttlSecondsAfterFinished`. @default 600
     */
    ttlSecondsAfterFinished?: number;
  };
  /**
   * Secrets in the pipeline's namespace the nodes pull with (e.g. the registry Secret the build
   * pushed with). Maps to `spec.pullSecrets`. @default none (public images)
   */
  pullSecrets?: string[];
  /** Labels of the jobs, besides the package's own. @default none */
  labels?: Record<string, string>;
}

/** Defaults of the warm jobs' completion policy. */
export const WARM_COMPLETION_DEFAULTS = {
  activeDeadlineSeconds: 1800,
  ttlSecondsAfterFinished: 600,
} as const;

/** The image the template is built with; the step replaces it with param `image`. */
export const WARM_PLACEHOLDER_IMAGE = "registry.invalid/placeholder:tag";

/** The `generateName` of the jobs: each run creates a new one. */
export const WARM_GENERATE_NAME = "warm-";

/** The job template the warm step completes: no name (generateName) and no namespace yet. */
export interface WarmJobTemplate extends Omit<ImagePullJobManifest, "metadata"> {
  metadata: {
    generateName: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
}

/** Who creates the jobs of a warm template: how they are labelled and named in errors. */
export interface WarmJobCreator {
  /** The jobs' `app.kubernetes.io/managed-by` label, e.g. `tekton`. */
  managedBy: string;
  /** The jobs' `app.kubernetes.io/component` label, e.g. `warm-task`. */
  component: string;
  /** The component name errors start with, e.g. `warmTask`. */
  name: string;
  /** The resource name errors give, e.g. `warm`. */
  resource: string;
}

/** The creator of {@link warmTask}'s jobs. */
export const WARM_TASK_CREATOR: WarmJobCreator = {
  managedBy: "tekton",
  component: "warm-task",
  name: "warmTask",
  resource: "warm",
};

/**
 * The ImagePullJob template of {@link warmTask} (or of another CI system's warm step, whose
 * `creator` labels the jobs), built with the same builder as the warm components
 * (`resolveImagePullJobSpec` + `buildImagePullJob`), so every Kruise rule and default applies.
 * Throws when the options break a rule. `creator` @default WARM_TASK_CREATOR
 */
export function warmJobTemplate(
  opts: WarmTaskOptions = {},
  creator: WarmJobCreator = WARM_TASK_CREATOR,
): WarmJobTemplate {
  for (const value of [creator.managedBy, creator.component]) {
    const error = labelValueError(value);
    if (error) throw new Error(`${creator.name}: label value ${JSON.stringify(value)}: ${error}`);
  }
  const labels = {
    ...opts.labels,
    [MANAGED_LABELS.managedBy]: creator.managedBy,
    [MANAGED_LABELS.partOf]: "kruise-devops",
    [MANAGED_LABELS.component]: creator.component,
  };
  for (const [key, value] of Object.entries(opts.labels ?? {})) {
    const error = labelKeyError(key) ?? labelValueError(value);
    if (error) throw new Error(`${creator.name}: labels[${JSON.stringify(key)}]: ${error}`);
  }
  const spec = resolveImagePullJobSpec(creator.name, creator.resource, {
    image: WARM_PLACEHOLDER_IMAGE,
    pullSecrets: opts.pullSecrets,
    pullPolicy: opts.pullPolicy,
    imagePullPolicy: opts.imagePullPolicy,
    completionPolicy: {
      type: CompletionPolicyType.Always,
      activeDeadlineSeconds:
        opts.completion?.activeDeadlineSeconds ?? WARM_COMPLETION_DEFAULTS.activeDeadlineSeconds,
      ttlSecondsAfterFinished:
        opts.completion?.ttlSecondsAfterFinished ??
        WARM_COMPLETION_DEFAULTS.ttlSecondsAfterFinished,
    },
  });
  const job = buildImagePullJob(
    {
      apiVersion: opts.apiVersion ?? DEFAULT_IMAGE_PULL_JOB_API_VERSION,
      name: "placeholder",
      namespace: "placeholder",
      labels,
    },
    spec,
  );
  const { name: _name, namespace: _namespace, ...metadata } = job.metadata;
  return { ...job, metadata: { generateName: WARM_GENERATE_NAME, ...metadata } };
}

/** Where {@link warmScript} reads its inputs and writes its result. */
export interface WarmScriptIo {
  /** The name its messages start with (the Task's, or the job's). */
  task: string;
  /**
   * The image (pinned by digest), nodes pulling at once, node labels (a JSON object), whether to
   * wait (`true`/`false`), the wait's timeout (a duration), the job template (JSON, see
   * {@link warmJobTemplate}), the namespace to create the job in, and what identifies the run
   * (written to the job's `runAnnotation`).
   */
  inputs: Record<
    "image" | "parallelism" | "nodeLabels" | "wait" | "timeout" | "template" | "namespace" | "run",
    ScriptInput
  >;
  /** The annotation of the job that records the run, e.g. `kruise-devops.io/task-run`. */
  runAnnotation: string;
  /** Where the image comes from, for the message when it is not pinned by digest. */
  imageSource: string;
  /** The name of the job created, written where given. */
  outputs: { jobName?: ScriptOutput };
}

/**
 * The body of the warm step, for any CI system (see stepScript.ts): checks the inputs, completes
 * the job template with `jq` (namespace, run annotation, image, parallelism, a node selector when
 * labels are given), creates it with `kubectl create`, and, when asked to wait, waits for
 * `status.completionTime` and fails listing `status.failedNodes` when a node failed. Every
 * kubectl command is one of `WARM_KUBECTL`. Pure.
 */
export function warmScript(io: WarmScriptIo): string {
  const annotationError = labelKeyError(io.runAnnotation);
  if (annotationError) throw new Error(`warmScript: runAnnotation: ${annotationError}`);
  const v = refs(io.inputs);
  const l = labels(io.inputs);
  const { jobName } = io.outputs;
  return script(
    String.raw`
  case "${v.image}" in
    *@sha256:*) ;;
    *) fail "${l.image} \"${v.image}\" is not pinned by digest: pass <repository>@sha256:<digest> (${io.imageSource}), so that the nodes pull the bytes just pushed" ;;
  esac
  printf '%s' "${v.image}" | grep -Eq '^[^@[:space:]]+@sha256:[0-9a-f]{64}$' ||
    fail "${l.image} \"${v.image}\" does not end in @sha256:<64 hex digits>"
  case "${v.parallelism}" in
    "" | *[!0-9]* | 0?* | ??????????*) fail "${l.parallelism} \"${v.parallelism}\" is not a non-negative integer (digits, no leading zero, at most 9)" ;;
  esac
  case "${v.wait}" in
    true | false) ;;
    *) fail "${l.wait} \"${v.wait}\" is neither true nor false" ;;
  esac
  case "${v.timeout}" in
    "" | -*) fail "${l.timeout} \"${v.timeout}\" is not a duration (e.g. 1800s)" ;;
  esac
  printf '%s' "${v.nodeLabels}" | jq -e '
    def name: length <= 63 and test("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$");
    def prefix: length <= 253 and test("^[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    def key: split("/") | if length == 1 then (.[0] | name)
      elif length == 2 then (.[0] | prefix) and (.[1] | name) else false end;
    type == "object"
    and all(to_entries[]; (.key | key) and (.value | type == "string" and (. == "" or name)))
  ' >/dev/null 2>&1 ||
    fail "${l.nodeLabels} '${v.nodeLabels}' is not a JSON object of valid label keys and values"

  # The template (built by the same ImagePullJob builder as the warm components) completed:
  # namespace, image, parallelism, and a node selector when labels are given.
  # shellcheck disable=SC2016 # $namespace and the like are jq variables
  manifest=$(printf '%s' "${v.template}" | jq -c \
    --arg namespace "${v.namespace}" \
    --arg taskrun "${v.run}" \
    --arg image "${v.image}" \
    --argjson parallelism "${v.parallelism}" \
    --argjson labels "${v.nodeLabels}" '
    .metadata.namespace = $namespace
    | .metadata.annotations[${JSON.stringify(io.runAnnotation)}] = $taskrun
    | .spec.image = $image
    | .spec.parallelism = $parallelism
    | if ($labels | length) > 0 then .spec.selector = {matchLabels: $labels} else . end
  ')
  job=$(printf '%s\n' "$manifest" | kubectl create -f - -o jsonpath='{.metadata.name}')
  [ -n "$job" ] || fail "kubectl create printed no job name"
${jobName ? `  ${writeOutput(jobName, "%s", '"$job"')}\n` : ""}  echo "${io.task}: ImagePullJob ${v.namespace}/$job pulls ${v.image}"
  [ "${v.wait}" = true ] || exit 0

  kubectl wait -n "${v.namespace}" "imagepulljobs.apps.kruise.io/$job" \
    --for=jsonpath='{.status.completionTime}' --timeout="${v.timeout}"
  status=$(kubectl get -n "${v.namespace}" "imagepulljobs.apps.kruise.io/$job" -o json)
  failed=$(printf '%s' "$status" | jq '.status.failed // 0')
  if [ "$failed" -gt 0 ]; then
    printf '%s' "$status" | jq -r '
      "${io.task}: \(.status.failed) of \(.status.desired // "?") nodes failed to pull; failed nodes:",
      (.status.failedNodes // [] | .[] | "  " + .)
    ' >&2
    exit 1
  fi
  printf '%s' "$status" | jq -r '"${io.task}: \(.status.succeeded // 0) of \(.status.desired // 0) nodes pulled the image"'
  `,
  );
}

/** The Task's step: params and the TaskRun's context as env vars, the result as a file. */
const TEKTON_IO: WarmScriptIo = {
  task: "warm",
  inputs: {
    image: tektonParam("image", "IMAGE"),
    parallelism: tektonParam("parallelism", "PARALLELISM"),
    nodeLabels: tektonParam("node-labels", "NODE_LABELS"),
    wait: tektonParam("wait", "WAIT"),
    timeout: tektonParam("timeout", "TIMEOUT"),
    template: envInput("TEMPLATE"),
    namespace: envInput("NAMESPACE"),
    run: envInput("TASKRUN"),
  },
  runAnnotation: "kruise-devops.io/task-run",
  imageSource: "the build task's image-ref result",
  outputs: { jobName: { file: "$RESULT_JOB_NAME" } },
};

const SCRIPT = shellScript(TEKTON_IO.task, warmScript(TEKTON_IO));

/**
 * A Task that pre-warms the nodes with the image just pushed: it creates a Kruise ImagePullJob
 * (`generateName: warm-`) through the pipeline's ServiceAccount, with in-cluster `kubectl` (no
 * kubeconfig Secret), and optionally waits for it to complete.
 *
 * The job template is built when the Task is, by the same builder as BaseImageWarm, SidecarWarm
 * and PoolWarm ({@link warmJobTemplate}), and handed to the step as a constant env value; at run
 * time `jq` sets `spec.image`, `spec.parallelism`, `spec.selector.matchLabels` (when
 * `node-labels` is not empty) and the namespace (the TaskRun's), then `kubectl create` sends it.
 * The job completes (`Always`), ends after `activeDeadlineSeconds` (1800) and is deleted by
 * Kruise `ttlSecondsAfterFinished` (600) after completion.
 *
 * - Params: `image` (must be pinned by digest, `<repository>@sha256:<hex>`: the build task's
 *   `image-ref`), `parallelism` (nodes pulling at once) @default "10", `node-labels` (a JSON
 *   object of node labels; `{}` is every node) @default "{}", `wait` ("true" waits for
 *   `status.completionTime` and fails when any node failed, listing `failedNodes`) @default
 *   "false", `timeout` (of the wait, a duration; give it a little more than
 *   `activeDeadlineSeconds`, after which Kruise ends the job) @default "1800s".
 * - Results: `job-name`.
 *
 * RBAC: `create`, `get`, `list`, `watch` on `imagepulljobs` in the pipeline's namespace
 * (`IMAGE_PULL_JOB_VERBS`). Security: runs as a non-root uid with nothing to escalate to.
 */
export function warmTask(opts: WarmTaskOptions = {}): TaskSpec {
  const images = taskImages(opts.images);
  const template = JSON.stringify(warmJobTemplate(opts));
  if (template.includes("$(")) {
    // Tekton would try to substitute it as a variable.
    throw new Error(`warmTask: the job template may not contain "$(": ${template}`);
  }
  return {
    description: "Creates a Kruise ImagePullJob that pre-pulls the pushed image on the nodes.",
    params: [
      {
        name: "image",
        type: "string",
        description: "The image to warm, pinned by digest (<repository>@sha256:<hex>).",
      },
      {
        name: "parallelism",
        type: "string",
        description: "Nodes pulling at once (a non-negative integer).",
        default: "10",
      },
      {
        name: "node-labels",
        type: "string",
        description: 'A JSON object of node labels, e.g. {"pool":"web"}; {} warms every node.',
        default: "{}",
      },
      {
        name: "wait",
        type: "string",
        description: '"true" waits for the job and fails when a node failed.',
        default: "false",
      },
      {
        name: "timeout",
        type: "string",
        description: "How long to wait for the job (a duration).",
        default: "1800s",
      },
    ],
    results: [{ name: "job-name", type: "string", description: "The ImagePullJob created." }],
    steps: [
      {
        name: "warm",
        image: images.kubectl,
        script: SCRIPT,
        env: [
          env(TEKTON_IO.inputs.image.variable, "$(params.image)"),
          env(TEKTON_IO.inputs.parallelism.variable, "$(params.parallelism)"),
          env(TEKTON_IO.inputs.nodeLabels.variable, "$(params.node-labels)"),
          env(TEKTON_IO.inputs.wait.variable, "$(params.wait)"),
          env(TEKTON_IO.inputs.timeout.variable, "$(params.timeout)"),
          env(TEKTON_IO.inputs.namespace.variable, "$(context.taskRun.namespace)"),
          env(TEKTON_IO.inputs.run.variable, "$(context.taskRun.name)"),
          env("RESULT_JOB_NAME", "$(results.job-name.path)"),
          env(TEKTON_IO.inputs.template.variable, template),
          // The uid has no home directory: keep kubectl's discovery cache in /tmp.
          env("KUBECACHEDIR", "/tmp/kube-cache"),
        ],
        computeResources: SMALL_STEP,
        securityContext: restricted(NONROOT),
      },
    ],
  };
}
