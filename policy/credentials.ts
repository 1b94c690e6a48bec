/** How the policy rules spot a credential stored in plain text (ConfigMap data, annotations). */
import { ARGOCD_AUTH_ANNOTATION } from "../components/access/argoCdEnv";
import { at, obj, str } from "./plain";

/** Keys whose values are credentials by name. */
export const CREDENTIAL_KEY =
  /(password|passwd|secret|token|apikey|api-key|private[-_]?key|auth)$/i;
/** Annotation keys whose values are not credentials despite their names. */
export const SAFE_ANNOTATION_KEYS: readonly RegExp[] = [
  new RegExp(`^${ARGOCD_AUTH_ANNOTATION.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`),
  /^tekton\.dev\/(git|docker)-\d+$/,
  // ingress-nginx: the values name a Secret (`namespace/name`), not its content.
  /^nginx\.ingress\.kubernetes\.io\/auth(-tls)?-secret$/,
];
/** ConfigMap keys whose values are not credentials (Argo CD's Lua health checks and the like). */
export const SAFE_CONFIGMAP_KEYS: readonly RegExp[] = [/^resource\.customizations\./];
const PEM_PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;

/** A value that is clearly not a credential: a flag, a number, or an Argo CD `$secret:key` reference. */
function plainSetting(v: string): boolean {
  const t = v.trim();
  return (
    t === "" ||
    /^(true|false|yes|no|on|off|null|none)$/i.test(t) ||
    /^-?\d+(\.\d+)?$/.test(t) ||
    /^\$[\w.:-]+$/.test(t)
  );
}

/** True when `v` is docker config JSON with a non-empty `auth` (or `password`) for a registry. */
export function hasDockerAuth(v: string): boolean {
  if (!/"auths?"/.test(v)) return false;
  try {
    const parsed = JSON.parse(v) as unknown;
    const auths = obj(at(parsed, "auths")) ?? {};
    return Object.values(auths).some(
      (e) => (str(at(e, "auth")) ?? "") !== "" || (str(at(e, "password")) ?? "") !== "",
    );
  } catch {
    return /"(auth|password)"\s*:\s*"[^"]+"/.test(v);
  }
}

/** Why the value under `key` looks like a credential, or undefined. */
export function credentialProblem(
  key: string,
  value: unknown,
  keyIsSafe: boolean,
): string | undefined {
  if (typeof value !== "string") return undefined;
  if (PEM_PRIVATE_KEY.test(value)) return "holds a PEM private key";
  if (hasDockerAuth(value)) return 'holds docker config JSON with registry credentials ("auth")';
  if (!keyIsSafe && CREDENTIAL_KEY.test(key) && !plainSetting(value))
    return "is named like a credential and holds a value";
  return undefined;
}
