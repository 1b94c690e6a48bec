/**
 * The Argo CD CLI's environment as an ArgoCdToken Secret carries it, shared by the component and
 * the pipeline's deploy task. Pure.
 */

/** The annotation saying how an Argo CD credential Secret logs in: `token` or `password`. */
export const ARGOCD_AUTH_ANNOTATION = "kruise-devops.io/argocd-auth";

/** The keys of the Secret: the environment variables the `argocd` CLI reads (`envFrom` it). */
export const ARGOCD_ENV = {
  server: "ARGOCD_SERVER",
  token: "ARGOCD_AUTH_TOKEN",
  options: "ARGOCD_OPTS",
  username: "ARGOCD_USERNAME",
  password: "ARGOCD_PASSWORD",
} as const;

/** Where the deploy step mounts the Secret's CA certificate, and its key. */
export const ARGOCD_CA_MOUNT = "/etc/kruise-devops/argocd";
export const ARGOCD_CA_KEY = "ca.crt";

/** The `ARGOCD_OPTS` for the given flags. Pure. */
export function argoCdOptions(
  grpcWeb: boolean,
  rootPath: string | undefined,
  caCertificate = false,
): string {
  const opts: string[] = [];
  if (grpcWeb || rootPath !== undefined) opts.push("--grpc-web");
  if (rootPath !== undefined) opts.push(`--grpc-web-root-path=${rootPath}`);
  if (caCertificate) opts.push(`--server-crt ${ARGOCD_CA_MOUNT}/${ARGOCD_CA_KEY}`);
  return opts.join(" ");
}
