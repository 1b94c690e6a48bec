/**
 * The Argo CD admin password as the chart wants it: a bcrypt hash (`configs.secret.
 * argocdServerAdminPassword`), cost 10 as Argo CD's own `util/password` uses.
 */
import * as bcrypt from "bcryptjs";
import { createHash } from "crypto";

/** bcrypt cost Argo CD hashes with (`bcrypt.DefaultCost`). */
export const ARGOCD_BCRYPT_COST = 10;

/**
 * The bcrypt hash of `password` with a salt derived from `installation` (project, stack,
 * namespace, release), never from the password: the same password gives the same hash on every
 * `pulumi up` of one installation (no perpetual diff), different installations get different
 * salts, and the salt gives no shortcut for guessing the password.
 */
export function hashAdminPassword(password: string, installation: readonly string[]): string {
  const h = createHash("sha256");
  for (const part of installation) h.update(`${part.length}:${part}`);
  const salt16 = h.digest().subarray(0, 16);
  const salt = `$2a$${ARGOCD_BCRYPT_COST}$${bcrypt.encodeBase64(salt16, 16)}`;
  return bcrypt.hashSync(password, salt);
}
