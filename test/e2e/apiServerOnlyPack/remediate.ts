/** The remediation of ./index.ts, apart from the PolicyPack (whose constructor starts a server). */
import { apiServerOnlyProps } from "../../../components/common/apiServerOnly";

/** The new props of a resource of type `type`; undefined: leave them as they are. */
export function remediate(
  type: string,
  props: Record<string, unknown>,
): Record<string, unknown> | undefined {
  // Secrets are left alone: a remediation's result reaches the engine with its secret values as
  // plain ones (seen: a GitCredentials token in the state), and a Secret has no readiness to
  // wait for and no finalizer to wait on.
  if (type === "kubernetes:core/v1:Secret") return undefined;
  // A plain copy (the policy SDK hands the props over in a read-only proxy).
  const plain = JSON.parse(JSON.stringify(props));
  const out = apiServerOnlyProps(type, plain);
  // Unchanged (a component's objects already carry the props): no result, nothing re-serialized.
  return out === undefined || JSON.stringify(out) === JSON.stringify(plain) ? undefined : out;
}
