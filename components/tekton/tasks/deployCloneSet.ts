import { TaskSpec } from "../types";
import { taskImages } from "./images";
import { NONROOT, SMALL_STEP, TaskOptions, env, restricted, workloadChecks } from "./shared";
import { shellScript, tektonParam } from "./stepScript";

/** Options of {@link cloneSetImageTask}. */
export interface CloneSetImageTaskOptions extends TaskOptions {
  /** Seconds between two looks at the CloneSet's status. @default 5 */
  pollSeconds?: number;
}

const SCRIPT = shellScript(
  "deploy-cloneset",
  workloadChecks({
    namespace: tektonParam("namespace", "NAMESPACE"),
    workload: tektonParam("cloneset", "WORKLOAD"),
    container: tektonParam("container", "CONTAINER"),
    image: tektonParam("image", "IMAGE"),
  }) +
    String.raw`
  case "$TIMEOUT" in
    "" | *[!0-9]*) fail "param timeout \"$TIMEOUT\" is not a number of seconds" ;;
  esac
  case "$POLL_SECONDS" in
    "" | *[!0-9]*) fail "POLL_SECONDS \"$POLL_SECONDS\" is not a number of seconds" ;;
  esac
  resource="clonesets.apps.kruise.io/$WORKLOAD"

  # The container's index, then a JSON patch that tests the name at that index before replacing
  # the image: a CloneSet changed in between fails the patch instead of updating another
  # container. An image-only change is updated in place by Kruise (InPlaceIfPossible).
  cloneset=$(kubectl get -n "$NAMESPACE" "$resource" -o json)
  index=$(printf '%s' "$cloneset" |
    jq --arg c "$CONTAINER" '.spec.template.spec.containers | map(.name) | index($c) // empty')
  [ -n "$index" ] || fail "CloneSet $NAMESPACE/$WORKLOAD has no container \"$CONTAINER\""
  # shellcheck disable=SC2016 # $i, $c and $image are jq variables
  patch=$(jq -cn --argjson i "$index" --arg c "$CONTAINER" --arg image "$IMAGE" '[
    {op: "test", path: "/spec/template/spec/containers/\($i)/name", value: $c},
    {op: "replace", path: "/spec/template/spec/containers/\($i)/image", value: $image}
  ]')
  kubectl patch -n "$NAMESPACE" "$resource" --type=json -p "$patch"

  # Done when the controller has seen the new generation and as many updated pods are ready as
  # the partition asks for (status.expectedUpdatedReplicas = replicas - partition).
  deadline=$(($(date +%s) + TIMEOUT))
  while :; do
    cloneset=$(kubectl get -n "$NAMESPACE" "$resource" -o json)
    progress=$(printf '%s' "$cloneset" | jq -r '"generation \(.metadata.generation), observed \(.status.observedGeneration // 0), updated and ready \(.status.updatedReadyReplicas // 0) of \(.status.expectedUpdatedReplicas // 0)"')
    if printf '%s' "$cloneset" | jq -e '
      (.status.observedGeneration // 0) >= .metadata.generation
      and (.status.updatedReadyReplicas // 0) >= (.status.expectedUpdatedReplicas // 0)
    ' >/dev/null; then
      echo "deploy-cloneset: $NAMESPACE/$WORKLOAD runs $IMAGE ($progress)"
      exit 0
    fi
    [ "$(date +%s)" -lt "$deadline" ] ||
      fail "CloneSet $NAMESPACE/$WORKLOAD not updated after $TIMEOUT seconds ($progress)"
    echo "deploy-cloneset: waiting: $progress"
    sleep "$POLL_SECONDS"
  done
  `,
);

/**
 * A Task that rolls a Kruise CloneSet to a new image, in place: it finds the container's index
 * (`kubectl get cloneset -o json | jq`), applies a JSON patch that `test`s the container's name
 * there and `replace`s its image, then polls until `status.observedGeneration >=
 * metadata.generation` and `status.updatedReadyReplicas >= status.expectedUpdatedReplicas`
 * (fields of Kruise 1.9 `apis/apps/v1alpha1/cloneset_types.go`), or fails after `timeout`.
 *
 * - Params: `namespace`, `cloneset`, `container`, `image` (the build task's `image-ref`, pinned
 *   by digest), `timeout` (seconds) @default "900".
 *
 * A paused CloneSet (`updateStrategy.paused`) updates no pod, so the task times out; a
 * partition that holds every pod back (`expectedUpdatedReplicas` 0) ends the wait as soon as the
 * controller has seen the change.
 *
 * RBAC: `get`, `patch` on that CloneSet (`DEPLOY_VERBS.CloneSet`), in-cluster `kubectl`
 * with the pipeline's ServiceAccount. Security: runs as a non-root uid with nothing to
 * escalate to.
 */
export function cloneSetImageTask(opts: CloneSetImageTaskOptions = {}): TaskSpec {
  const images = taskImages(opts.images);
  const pollSeconds = opts.pollSeconds ?? 5;
  if (!Number.isInteger(pollSeconds) || pollSeconds < 1) {
    throw new Error(`cloneSetImageTask: pollSeconds ${pollSeconds} is not a positive integer`);
  }
  return {
    description: "Sets a CloneSet container's image (in place) and waits for the update.",
    params: [
      { name: "namespace", type: "string", description: "The CloneSet's namespace." },
      { name: "cloneset", type: "string", description: "The CloneSet's name." },
      { name: "container", type: "string", description: "The container to update." },
      { name: "image", type: "string", description: "The new image (pinned by digest)." },
      {
        name: "timeout",
        type: "string",
        description: "Seconds to wait for the updated pods to be ready.",
        default: "900",
      },
    ],
    steps: [
      {
        name: "deploy",
        image: images.kubectl,
        script: SCRIPT,
        env: [
          env("NAMESPACE", "$(params.namespace)"),
          env("WORKLOAD", "$(params.cloneset)"),
          env("CONTAINER", "$(params.container)"),
          env("IMAGE", "$(params.image)"),
          env("TIMEOUT", "$(params.timeout)"),
          env("POLL_SECONDS", String(pollSeconds)),
          // The uid has no home directory: keep kubectl's discovery cache in /tmp.
          env("KUBECACHEDIR", "/tmp/kube-cache"),
        ],
        computeResources: SMALL_STEP,
        securityContext: restricted(NONROOT),
      },
    ],
  };
}
