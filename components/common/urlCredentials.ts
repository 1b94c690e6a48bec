/**
 * Credentials written into a URL (`https://user:token@host/…`): refused wherever the package
 * takes a URL. A URL is not a secret to Pulumi or Kubernetes: it lands in plain text in the state,
 * in pipeline specs, Application specs, logs and error messages. Credentials belong in the Secret
 * components (GitCredentials, RegistryCredentials, Argo CD repository secrets). Pure.
 */
import { z } from "zod";
import { ruleIssue } from "./errors";

/** `scheme://userinfo@…`: the userinfo, split at its first `:`. */
const SCHEME_USERINFO = /^([a-z][a-z0-9+.-]*):\/\/([^/?#@]*)@/i;
/** scp-like Git (`user:password@host:path`): a `:` before the `@` means a password. */
const SCP_PASSWORD = /^[^/@:\s]+:[^/@\s]*@[^\s]+$/;

/**
 * Whether `url` carries credentials: any userinfo on http(s):// and oci:// (a token is often given
 * as the user name), a password on any other scheme (`ssh://git@host` names a user, not a
 * secret), or a password in an scp-like Git address.
 */
export function hasUrlCredentials(url: string): boolean {
  const m = SCHEME_USERINFO.exec(url);
  if (m) return /^(https?|oci)$/i.test(m[1]) || m[2].includes(":");
  return SCP_PASSWORD.test(url);
}

/** `url` with its credentials replaced by `[secret]`, for messages; as is when it has none. */
export function redactUrl(url: string): string {
  if (!hasUrlCredentials(url)) return url;
  const m = SCHEME_USERINFO.exec(url);
  if (m) return `${m[1]}://[secret]@${url.slice(m[0].length)}`;
  return `[secret]@${url.slice(url.indexOf("@") + 1)}`;
}

/** Refuses, at the argument, a URL with credentials; `fix` names where they belong instead. */
export function checkNoUrlCredentials(ctx: z.RefinementCtx, url: unknown, fix: string): void {
  if (typeof url === "string" && hasUrlCredentials(url)) {
    ctx.addIssue({
      code: "custom",
      ...ruleIssue(
        `(${redactUrl(url)}) has credentials in it`,
        "a URL is stored and shown in plain text: in Pulumi's state, the object's spec, logs and error messages",
        `give the URL without them, and ${fix}`,
      ),
    });
  }
}

/** A string argument that is a URL with no credentials in it (then any other checks). */
export function credentialFreeUrl<S extends z.ZodType<string>>(schema: S, fix: string) {
  return schema.superRefine((url, ctx) => checkNoUrlCredentials(ctx, url, fix));
}
