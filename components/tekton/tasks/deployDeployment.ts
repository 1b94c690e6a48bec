import { TaskSpec } from "../types";
import { taskImages } from "./images";
import {
  NONROOT,
  SMALL_STEP,
  TaskOptions,
  env,
  restricted,
  shellScript,
  workloadChecks,
} from "./shared";

/** Options of {@link deploymentImageTask}. */
export type DeploymentImageTaskOptions = TaskOptions;

const SCRIPT = shellScript(
  "deploy-deployment",
  workloadChecks("deployment") +
    String.raw`
  case "$TIMEOUT" in
    "" | -*) fail "param timeout \"$TIMEOUT\" is not a duration (e.g. 600s)" ;;
  esac
  kubectl set image -n "$NAMESPACE" "deployment/$WORKLOAD" "$CONTAINER=$IMAGE"
  kubectl rollout status -n "$NAMESPACE" "deployment/$WORKLOAD" --timeout="$TIMEOUT"
  `,
);

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
          env("NAMESPACE", "$(params.namespace)"),
          env("WORKLOAD", "$(params.deployment)"),
          env("CONTAINER", "$(params.container)"),
          env("IMAGE", "$(params.image)"),
          env("TIMEOUT", "$(params.timeout)"),
          // The uid has no home directory: keep kubectl's discovery cache in /tmp.
          env("KUBECACHEDIR", "/tmp/kube-cache"),
        ],
        computeResources: SMALL_STEP,
        securityContext: restricted(NONROOT),
      },
    ],
  };
}
