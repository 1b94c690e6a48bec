/** The remediation of ./index.ts, apart from the PolicyPack (whose constructor starts a server). */
import { ClusterEnv, clusterEnv, clusterProps } from "./props";

/** The new props of a resource of type `type`; undefined: leave them as they are. */
export function remediate(
  type: string,
  props: Record<string, unknown>,
  env: ClusterEnv = clusterEnv(),
): Record<string, unknown> | undefined {
  // Secrets are left alone: a remediation's result reaches the engine with its secret values as
  // plain ones (seen: a GitCredentials token in the state), and a Secret has no readiness to
  // wait for.
  if (type === "kubernetes:core/v1:Secret") return undefined;
  // A plain copy (the policy SDK hands the props over in a read-only proxy).
  const plain = JSON.parse(JSON.stringify(props));
  const out = clusterProps(type, plain, env);
  // Unchanged: no result, nothing re-serialized.
  return out === undefined || JSON.stringify(out) === JSON.stringify(plain) ? undefined : out;
}
