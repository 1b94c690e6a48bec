import { TaskSpec } from "../types";
import { taskImages } from "./images";
import {
  NONROOT,
  SMALL_STEP,
  TaskOptions,
  WorkloadInputs,
  env,
  restricted,
  workloadChecks,
} from "./shared";
import { ScriptInput, labels, refs, script, shellScript, tektonParam } from "./stepScript";

/** Options of {@link deploymentImageTask}. */
export type DeploymentImageTaskOptions = TaskOptions;

/** Where {@link deploymentRolloutScript} reads its inputs. */
export interface DeploymentRolloutScriptIo {
  /** The inputs: the Deployment, its container, the image, the rollout's timeout (a duration). */
  inputs: WorkloadInputs & { timeout: ScriptInput };
}

/**
 * The body of the deploy-deployment step, for any CI system (see stepScript.ts): the inputs
 * checked ({@link workloadChecks}, a timeout that is a duration), then `kubectl set image` and
 * `kubectl rollout status --timeout`, which fails when the rollout does not finish in time.
 * Every kubectl command is one of `DEPLOY_KUBECTL.Deployment`. Pure.
 */
export function deploymentRolloutScript(io: DeploymentRolloutScriptIo): string {
  const v = refs(io.inputs);
  const l = labels(io.inputs);
  return script(
    workloadChecks(io.inputs) +
      String.raw`
  case "${v.timeout}" in
    "" | -*) fail "${l.timeout} \"${v.timeout}\" is not a duration (e.g. 600s)" ;;
  esac
  kubectl set image -n "${v.namespace}" "deployment/${v.workload}" "${v.container}=${v.image}"
  kubectl rollout status -n "${v.namespace}" "deployment/${v.workload}" --timeout="${v.timeout}"
  `,
  );
}

/** The Task's inputs: its params, as env vars of the step. */
const TEKTON_IO: DeploymentRolloutScriptIo = {
  inputs: {
    namespace: tektonParam("namespace", "NAMESPACE"),
    workload: tektonParam("deployment", "WORKLOAD"),
    container: tektonParam("container", "CONTAINER"),
    image: tektonParam("image", "IMAGE"),
    timeout: tektonParam("timeout", "TIMEOUT"),
  },
};

const SCRIPT = shellScript("deploy-deployment", deploymentRolloutScript(TEKTON_IO));

/**
 * A Task that rolls a Deployment to a new image: `kubectl set image deployment/<deployment>
 * <container>=<image> -n <namespace>`, then `kubectl rollout status --timeout <timeout>`, which
 * fails when the rollout does not finish in time (Kubernetes does not roll back by itself).
 *
 * - Params: `namespace`, `deployment`, `container`, `image` (the build task's `image-ref`, pinned
 *   by digest), `timeout` (a duration) @default "600s".
 *
 * RBAC: `get`, `patch`, `list`, `watch` on that Deployment (`DEPLOY_VERBS.Deployment`), in-cluster
 * `kubectl` with the pipeline's ServiceAccount. Security: runs as a non-root uid with nothing
 * to escalate to.
 */
export function deploymentImageTask(opts: DeploymentImageTaskOptions = {}): TaskSpec {
  const images = taskImages(opts.images);
  return {
    description: "Sets a Deployment container's image and waits for the rollout.",
    params: [
      { name: "namespace", type: "string", description: "The Deployment's namespace." },
      { name: "deployment", type: "string", description: "The Deployment's name." },
      { name: "container", type: "string", description: "The container to update." },
      { name: "image", type: "string", description: "The new image (pinned by digest)." },
      {
        name: "timeout",
        type: "string",
        description: "How long to wait for the rollout (a duration).",
        default: "600s",
      },
    ],
    steps: [
      {
        name: "deploy",
        image: images.kubectl,
        script: SCRIPT,
        env: [
          env(TEKTON_IO.inputs.namespace.variable, "$(params.namespace)"),
          env(TEKTON_IO.inputs.workload.variable, "$(params.deployment)"),
          env(TEKTON_IO.inputs.container.variable, "$(params.container)"),
          env(TEKTON_IO.inputs.image.variable, "$(params.image)"),
          env(TEKTON_IO.inputs.timeout.variable, "$(params.timeout)"),
          // The uid has no home directory: keep kubectl's discovery cache in /tmp.
          env("KUBECACHEDIR", "/tmp/kube-cache"),
        ],
        computeResources: SMALL_STEP,
        securityContext: restricted(NONROOT),
      },
    ],
  };
}
