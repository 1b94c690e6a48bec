import { ARGOCD_CA_KEY, ARGOCD_CA_MOUNT } from "../../access/argoCdEnv";
import { TaskSpec } from "../types";
import { taskImages } from "./images";
import { SMALL_STEP, TaskOptions, env, restricted } from "./shared";
import { shellScript } from "./stepScript";

/** Options of {@link argocdSyncTask}. */
export type ArgoCdSyncTaskOptions = TaskOptions;

/** The uid of the `argocd` user of the Argo CD image. */
export const ARGOCD_UID = 999;

const SCRIPT = shellScript(
  "deploy-argocd",
  String.raw`
  case "$APPLICATION" in
    "" | -*) fail "param application \"$APPLICATION\" is empty or starts with \"-\"" ;;
  esac
  case "$REVISION" in
    -*) fail "param revision \"$REVISION\" starts with \"-\"" ;;
  esac
  case "$TIMEOUT" in
    "" | *[!0-9]*) fail "param timeout \"$TIMEOUT\" is not a number of seconds" ;;
  esac

  # The ArgoCdToken Secret's keys arrive through envFrom; a missing key reads as empty.
  set +u
  server=$ARGOCD_SERVER
  token=$ARGOCD_AUTH_TOKEN
  username=$ARGOCD_USERNAME
  password=$ARGOCD_PASSWORD
  set -u
  [ -n "$server" ] || fail "ARGOCD_SERVER is not set: param argocd-secret must name an ArgoCdToken Secret"

  # With a token (which the CLI reads from ARGOCD_AUTH_TOKEN itself) there is nothing to log in
  # to. TLS is always verified: against the image's CA bundle, or the ArgoCdToken's ca.crt
  # (--server-crt in ARGOCD_OPTS).
  if [ -z "$token" ]; then
    [ -n "$username" ] || fail "the Secret holds neither ARGOCD_AUTH_TOKEN nor ARGOCD_USERNAME"
    argocd login "$server" --username "$username" --password "$password"
  fi
  if [ -n "$REVISION" ]; then
    argocd app sync "$APPLICATION" --revision "$REVISION"
  else
    argocd app sync "$APPLICATION"
  fi
  # A CloneSet whose partition holds Pods back is Suspended by design (Argo CD's built-in health
  # check): with accept-suspended, "--health --suspended" passes on Healthy or Suspended.
  if [ "$ACCEPT_SUSPENDED" = "true" ]; then
    argocd app wait "$APPLICATION" --health --suspended --sync --timeout "$TIMEOUT"
  else
    argocd app wait "$APPLICATION" --health --sync --timeout "$TIMEOUT"
  fi
  `,
);

/**
 * A Task that deploys through Argo CD: `argocd app sync <application> [--revision <revision>]`,
 * then `argocd app wait <application> --health [--suspended] --sync --timeout <timeout>` (a partitioned
 * CloneSet rollout is Suspended by Argo CD's built-in check: `accept-suspended`, default "true",
 * lets the step finish there), with the credentials
 * of an ArgoCdToken Secret (`envFrom`: `ARGOCD_SERVER`, `ARGOCD_OPTS`, and `ARGOCD_AUTH_TOKEN` or
 * `ARGOCD_USERNAME` / `ARGOCD_PASSWORD`, in which case the step runs `argocd login` first).
 *
 * - Params: `application` (an Application name, `<namespace>/<name>` for apps in other
 *   namespaces), `revision` (to sync to; "" syncs the Application's `targetRevision`; Argo CD
 *   refuses another revision while automated sync is on) @default "", `timeout` (seconds of the
 *   wait) @default "600", `argocd-secret` (the ArgoCdToken Secret's name).
 *
 * TLS: never `--insecure`. The CLI verifies the server's certificate against the image's CA
 * bundle, or, when the ArgoCdToken has a `caCertificate`, against that (its `ca.crt` key is
 * mounted at `/etc/kruise-devops/argocd` and `ARGOCD_OPTS` carries `--server-crt`).
 *
 * Security: runs as the image's `argocd` user (uid 999) with nothing to escalate to. The
 * password, when used, goes on `argocd login`'s command line, which only the pod's own
 * processes can read; nothing prints it.
 */
export function argocdSyncTask(opts: ArgoCdSyncTaskOptions = {}): TaskSpec {
  const images = taskImages(opts.images);
  return {
    description: "Syncs an Argo CD Application and waits until it is synced and healthy.",
    params: [
      { name: "application", type: "string", description: "The Argo CD Application to sync." },
      {
        name: "revision",
        type: "string",
        description: "The revision to sync to; empty syncs the Application's targetRevision.",
        default: "",
      },
      {
        name: "timeout",
        type: "string",
        description: "Seconds to wait for the Application to be synced and healthy.",
        default: "600",
      },
      {
        name: "accept-suspended",
        type: "string",
        description:
          '"true": also finish when the Application is Suspended (a CloneSet partition holding Pods back, a paused rollout).',
        default: "true",
      },
      {
        name: "argocd-secret",
        type: "string",
        description: "The ArgoCdToken Secret (ARGOCD_SERVER, ARGOCD_AUTH_TOKEN, ...).",
      },
    ],
    volumes: [
      {
        // The ArgoCdToken's optional CA certificate (`--server-crt` in its ARGOCD_OPTS).
        name: "argocd-ca",
        secret: {
          secretName: "$(params.argocd-secret)",
          items: [{ key: ARGOCD_CA_KEY, path: ARGOCD_CA_KEY }],
          optional: true,
        },
      },
    ],
    steps: [
      {
        name: "sync",
        image: images.argocd,
        script: SCRIPT,
        env: [
          env("APPLICATION", "$(params.application)"),
          env("REVISION", "$(params.revision)"),
          env("TIMEOUT", "$(params.timeout)"),
          env("ACCEPT_SUSPENDED", "$(params.accept-suspended)"),
        ],
        envFrom: [{ secretRef: { name: "$(params.argocd-secret)" } }],
        volumeMounts: [{ name: "argocd-ca", mountPath: ARGOCD_CA_MOUNT, readOnly: true }],
        computeResources: SMALL_STEP,
        securityContext: restricted(ARGOCD_UID),
      },
    ],
  };
}
