/**
 * What the e2e suite's clusters lack, as props: the remediation this pack applies to every
 * Kubernetes resource of a stack (charts' and config groups' children, and what a program creates
 * outside any component). Two kinds of cluster, named by `$KD_E2E_CLUSTER`:
 * - `apiserver` (default): kube-apiserver, etcd and kube-controller-manager's node-free loops
 *   (scripts/e2e/apiserver.sh), no webhook backend, no kubelet. Every object is marked
 *   `pulumi.com/skipAwait` (no readiness will ever be reported) and every admission webhook fails
 *   open (`failurePolicy: Ignore`), so objects Kruise's webhooks would admit are not refused for
 *   want of a backend.
 * - `controllers`: the same, plus the real kruise-manager, kruise-daemons and Tekton webhook run
 *   outside the cluster (test/e2e/support/controllers.ts). Webhooks stay as the charts make them;
 *   only workloads that need a kubelet skip their readiness wait; and each Service listed in
 *   `$KD_E2E_LOOPBACK_SERVICES` (`namespace/name=127.0.0.x,…`) becomes an ExternalName Service for
 *   that loopback address, which is how the API server reaches a webhook served on this machine
 *   (it resolves an ExternalName Service to `https://<externalName>:<port>`): a stand-in for
 *   kube-proxy, which cannot run here. Each Deployment listed in `$KD_E2E_RUN_DEPLOYMENTS`
 *   (`namespace/name,…`) keeps its readiness wait: the suite runs its process on this machine
 *   and reports its Pods ready (test/e2e/support/controlPlane.ts), so `pulumi up` waits for it
 *   as on a cluster.
 * Never part of what users get: the package itself registers no transform.
 */

type Props = Record<string, any>;

export type ClusterKind = "apiserver" | "controllers";

export interface ClusterEnv {
  kind: ClusterKind;
  /** `namespace/name` → loopback address. */
  loopbackServices: Record<string, string>;
  /** `namespace/name` of the Deployments whose Pods the suite reports ready: awaited. */
  runDeployments: string[];
}

/** The cluster kind and loopback Services from the environment (see the top of this file). */
export function clusterEnv(env: NodeJS.ProcessEnv = process.env): ClusterEnv {
  const kind = env.KD_E2E_CLUSTER === "controllers" ? "controllers" : "apiserver";
  const loopbackServices: Record<string, string> = {};
  for (const entry of (env.KD_E2E_LOOPBACK_SERVICES ?? "").split(",").filter(Boolean)) {
    const [svc, ip] = entry.split("=");
    loopbackServices[svc] = ip;
  }
  const runDeployments = (env.KD_E2E_RUN_DEPLOYMENTS ?? "").split(",").filter(Boolean);
  return { kind, loopbackServices, runDeployments };
}

const SKIP_AWAIT = { "pulumi.com/skipAwait": "true" };
const WEBHOOK_CONFIGURATIONS = new Set([
  "kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration",
  "kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration",
]);
/** What only a kubelet (running Pods) makes ready. */
const NEEDS_KUBELET = new Set([
  "kubernetes:apps/v1:Deployment",
  "kubernetes:apps/v1:StatefulSet",
  "kubernetes:apps/v1:DaemonSet",
  "kubernetes:apps/v1:ReplicaSet",
  "kubernetes:batch/v1:Job",
  "kubernetes:core/v1:Pod",
  "kubernetes:core/v1:Service",
]);
const COLLECTIONS = new Set([
  "kubernetes:helm.sh/v4:Chart",
  "kubernetes:yaml/v2:ConfigGroup",
  "kubernetes:yaml/v2:ConfigFile",
]);

function withSkipAwait(props: Props): Props {
  return {
    ...props,
    metadata: {
      ...props.metadata,
      annotations: { ...(props.metadata.annotations ?? {}), ...SKIP_AWAIT },
    },
  };
}

/** The props of a resource on the cluster `env` describes; undefined: unchanged. */
export function clusterProps(type: string, props: Props, env: ClusterEnv): Props | undefined {
  if (COLLECTIONS.has(type))
    return env.kind === "apiserver" ? { ...props, skipAwait: true } : undefined;
  if (!type.startsWith("kubernetes:") || typeof props.metadata !== "object") return undefined;
  if (env.kind === "apiserver") {
    const out = withSkipAwait(props);
    if (WEBHOOK_CONFIGURATIONS.has(type) && Array.isArray(props.webhooks)) {
      out.webhooks = props.webhooks.map((w: Props) => ({ ...w, failurePolicy: "Ignore" }));
    }
    return out;
  }
  if (!NEEDS_KUBELET.has(type)) return undefined;
  const id = `${props.metadata.namespace}/${props.metadata.name}`;
  if (type === "kubernetes:apps/v1:Deployment" && env.runDeployments.includes(id)) return undefined;
  const out = withSkipAwait(props);
  const ip = env.loopbackServices[id];
  if (type === "kubernetes:core/v1:Service" && ip !== undefined) {
    const { selector: _s, clusterIP: _c, clusterIPs: _cs, ...spec } = props.spec ?? {};
    out.spec = { ...spec, type: "ExternalName", externalName: ip };
  }
  return out;
}
