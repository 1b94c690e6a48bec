/** The Argo CD chart's values (argo-helm `argo-cd` 10.1.1) from typed args. Pure. */
import { mergeValues, sortedValues } from "../common/values";

/** The ConfigMap key that switches the application controller to server-side diff. */
export const SERVER_SIDE_DIFF_PARAM = "controller.diff.server.side";

/** What {@link argoCdValues} needs, resolved. */
export interface ArgoCdValuesInput {
  installCrds: boolean;
  /** Mark the CRDs `helm.sh/resource-policy: keep` (`crds.keep`): kept on delete. */
  keepCrds: boolean;
  insecure: boolean;
  serverSideDiff: boolean;
  healthChecks: Record<string, string>;
  /** The Argo CD image tag (`global.image.tag`), when the component pins it. */
  imageTag?: string;
  /** The bcrypt hash and its mtime, when the admin password is managed. */
  admin?: { hash: unknown; mtime: string };
  values?: Record<string, unknown>;
}

/**
 * The chart values: CRDs, the image tag, TLS (no `server.insecure` unless asked), health checks
 * in `configs.cm`, the admin password hash in `configs.secret`, then the raw `values`.
 * `redisSecretInit` stays enabled so the Redis password stays required, but its Helm hook does
 * not run under `helm.v4.Chart`: the component creates the `argocd-redis` Secret itself.
 */
export function argoCdValues(i: ArgoCdValuesInput): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  if (i.insecure) params["server.insecure"] = true;
  if (i.serverSideDiff) params[SERVER_SIDE_DIFF_PARAM] = true;
  const typed: Record<string, unknown> = {
    crds: { install: i.installCrds, keep: i.keepCrds },
    ...(i.imageTag ? { global: { image: { tag: i.imageTag } } } : {}),
    configs: {
      ...(Object.keys(params).length > 0 ? { params } : {}),
      ...(Object.keys(i.healthChecks).length > 0 ? { cm: i.healthChecks } : {}),
      ...(i.admin
        ? {
            secret: {
              argocdServerAdminPassword: i.admin.hash,
              argocdServerAdminPasswordMtime: i.admin.mtime,
            },
          }
        : {}),
    },
  };
  return sortedValues(mergeValues(typed, i.values));
}
