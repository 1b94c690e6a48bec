/**
 * The stack setting `kruise-devops:apiServerOnly: true`, for a cluster that is only an API server
 * (with etcd): no controller-manager, scheduler, kubelet, or any of the webhook backends the
 * charts install, as in this project's end-to-end suite. Never set it on a real cluster.
 *
 * There, workloads never become ready and every webhook call fails, so a transform on every
 * kruise-devops component (hence on everything it creates):
 * - marks every Kubernetes object `pulumi.com/skipAwait: "true"` (and charts / config groups
 *   `skipAwait`), so `pulumi up` does not wait for readiness no controller will report;
 * - and `pulumi.com/deletionPropagationPolicy: "background"`: the provider deletes with
 *   foreground propagation, whose `foregroundDeletion` finalizer only the garbage collector (a
 *   controller-manager loop) removes, so `destroy` would wait forever (seen: ImagePullJobs
 *   stuck with the finalizer);
 * - sets `failurePolicy: Ignore` on every admission webhook, so objects the webhooks would
 *   admit (Kruise's ImagePullJobs and CloneSets) are not refused for want of a backend.
 * What users get is unchanged: without the setting nothing is registered.
 */
import * as pulumi from "@pulumi/pulumi";

/** The config key, in the `kruise-devops` namespace. */
export const API_SERVER_ONLY_KEY = "apiServerOnly";

const ANNOTATIONS = {
  "pulumi.com/skipAwait": "true",
  "pulumi.com/deletionPropagationPolicy": "background",
};
const WEBHOOK_CONFIGURATIONS = new Set([
  "kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration",
  "kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration",
]);
const COLLECTIONS = new Set([
  "kubernetes:helm.sh/v4:Chart",
  "kubernetes:yaml/v2:ConfigGroup",
  "kubernetes:yaml/v2:ConfigFile",
]);

type Props = Record<string, any>;

/** The props of a resource registered on an API-server-only cluster; undefined: unchanged. */
export function apiServerOnlyProps(type: string, props: Props): Props | undefined {
  if (COLLECTIONS.has(type)) return { ...props, skipAwait: true };
  if (!type.startsWith("kubernetes:") || typeof props.metadata !== "object") return undefined;
  const out: Props = {
    ...props,
    metadata: {
      ...props.metadata,
      annotations: { ...(props.metadata.annotations ?? {}), ...ANNOTATIONS },
    },
  };
  if (WEBHOOK_CONFIGURATIONS.has(type) && Array.isArray(props.webhooks)) {
    out.webhooks = props.webhooks.map((w: Props) => ({ ...w, failurePolicy: "Ignore" }));
  }
  return out;
}

/** The transform, as a Pulumi resource transform. */
export const apiServerOnlyTransform: pulumi.ResourceTransform = (args) => {
  const props = apiServerOnlyProps(args.type, args.props as Props);
  return props === undefined ? undefined : { props, opts: args.opts };
};

let warned = false;

/**
 * A component's own options: `opts`, plus {@link apiServerOnlyTransform} when the stack sets
 * `kruise-devops:apiServerOnly: true`. A component's transforms apply to all its descendants,
 * the objects a chart or config group renders included; every component passes its options
 * through here to `super()`. (A stack-wide `registerResourceTransform` would be simpler, but
 * Node language hosts before the transforms era proxy the resource monitor without that call.)
 */
export function componentOptions(
  opts: pulumi.ComponentResourceOptions | undefined,
): pulumi.ComponentResourceOptions | undefined {
  if (new pulumi.Config("kruise-devops").getBoolean(API_SERVER_ONLY_KEY) !== true) return opts;
  if (!warned) {
    warned = true;
    pulumi.log.warn(
      "kruise-devops:apiServerOnly is set: no readiness waits, webhooks fail open. Only for an API server with no controllers.",
    );
  }
  return { ...opts, transforms: [...(opts?.transforms ?? []), apiServerOnlyTransform] };
}
