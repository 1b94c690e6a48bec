/** How the policy rules spot a credential stored in plain text (ConfigMap data, annotations). */
import { ARGOCD_AUTH_ANNOTATION } from "../components/access/argoCdEnv";
import { hasUrlCredentials } from "../components/common/urlCredentials";
import { Obj, at, obj, str } from "./plain";

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

/** The fields of a docker config registry entry that hold a credential. */
const DOCKER_SECRET_FIELDS = ["auth", "password", "identitytoken", "registrytoken"];

/** True when a registry entry of a docker config holds a non-empty credential. */
const entryHasAuth = (e: unknown) => DOCKER_SECRET_FIELDS.some((f) => (str(at(e, f)) ?? "") !== "");

/**
 * True when `v` is docker config JSON with a non-empty credential for a registry: the
 * `config.json` form (`{"auths":{"<registry>":{"auth":"…"}}}`) or the legacy `.dockercfg` form
 * (`{"<registry>":{"auth":"…"}}`).
 */
export function hasDockerAuth(v: string): boolean {
  if (!new RegExp(`"(${DOCKER_SECRET_FIELDS.join("|")})"`).test(v)) return false;
  try {
    const parsed = obj(JSON.parse(v) as unknown) ?? {};
    const registries: Obj = obj(parsed.auths) ?? parsed;
    return Object.values(registries).some(entryHasAuth);
  } catch {
    return new RegExp(`"(${DOCKER_SECRET_FIELDS.join("|")})"\\s*:\\s*"[^"]+"`).test(v);
  }
}

/**
 * An `.npmrc` credential line: `_authToken`, `_auth` or `_password`, maybe scoped to a registry
 * (`//registry.npmjs.org/:_authToken=…`), with a value that is not an environment reference
 * (`${NPM_TOKEN}`, which npm expands at run time).
 */
const NPMRC_CREDENTIAL =
  /^[ \t]*(?:\/\/\S*?:)?(_authToken|_auth|_password)[ \t]*=[ \t]*(?!["']?\$\{)\S/m;

/** URLs in a text (`scheme://…` up to a space or quote): a `.git-credentials` line is one. */
const URLS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;

/** Tokens whose shape names them: GitHub, GitLab, Slack, AWS access keys. */
const KNOWN_TOKEN =
  /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}|glpat-[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16})\b/;

/** Why the value under `key` looks like a credential, or undefined. */
export function credentialProblem(
  key: string,
  value: unknown,
  keyIsSafe: boolean,
): string | undefined {
  if (typeof value !== "string") return undefined;
  if (PEM_PRIVATE_KEY.test(value)) return "holds a PEM private key";
  if (hasDockerAuth(value)) return 'holds docker config JSON with registry credentials ("auth")';
  const npm = NPMRC_CREDENTIAL.exec(value);
  if (npm) return `holds an npm registry credential (.npmrc ${npm[1]}=)`;
  if ((value.match(URLS) ?? []).some(hasUrlCredentials))
    return "holds a URL with credentials (https://user:token@host, as .git-credentials lines are)";
  if (KNOWN_TOKEN.test(value)) return "holds a token of a known shape (GitHub, GitLab, Slack, AWS)";
  if (!keyIsSafe && CREDENTIAL_KEY.test(key) && !plainSetting(value))
    return "is named like a credential and holds a value";
  return undefined;
}
