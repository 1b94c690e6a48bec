/**
 * Where argocd-server's TLS can be turned off: the chart's `configs.params["server.insecure"]`,
 * an `--insecure` flag (`server.extraArgs`), an `ARGOCD_SERVER_INSECURE` env (`server.env`,
 * `global.env`), and in a rendered argocd-server container the same flag and env. Read by the
 * ArgoCd component (its raw `values`) and the policy pack's argocd-tls. Pure.
 */
import { brokenRule } from "../common/errors";
import { parseGoBool } from "../common/goSyntax";

/** The params ConfigMap key (`argocd-cmd-params-cm`) and chart param that drop TLS. */
export const INSECURE_PARAM = "server.insecure";
/** The env argocd-server reads `--insecure` from. */
export const INSECURE_ENV = "ARGOCD_SERVER_INSECURE";
const INSECURE_FLAG = "--insecure";

/** Why argocd-server without TLS is refused: the `rule` half of a message. */
export const TLS_RULE =
  "argocd-server then serves the API and UI, logins and tokens included, over plain HTTP";

type Path = (string | number)[];
/** A place that turns TLS off, and what it holds. */
export interface InsecureSetting {
  path: Path;
  what: string;
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const at = (v: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((cur, k) => (isObj(cur) ? cur[k] : undefined), v);

/** True when command-line `arg` turns `--insecure` on (`--insecure`, `--insecure=true`, …). */
function insecureFlag(arg: unknown): boolean {
  if (arg === INSECURE_FLAG) return true;
  return (
    typeof arg === "string" &&
    arg.startsWith(`${INSECURE_FLAG}=`) &&
    parseGoBool(arg.slice(INSECURE_FLAG.length + 1)) === true
  );
}

/** The `--insecure` flags of an args list at `base`. */
function insecureArgs(args: unknown, base: Path): InsecureSetting[] {
  return list(args).flatMap((a, i) =>
    insecureFlag(a) ? [{ path: [...base, i], what: `is ${JSON.stringify(a)}` }] : [],
  );
}

/** The `ARGOCD_SERVER_INSECURE` entries with a true `value` of an env list at `base`. */
function insecureEnv(env: unknown, base: Path): InsecureSetting[] {
  return list(env).flatMap((e, i) =>
    at(e, "name") === INSECURE_ENV && parseGoBool(at(e, "value")) === true
      ? [
          {
            path: [...base, i, "value"],
            what: `sets ${INSECURE_ENV} to ${JSON.stringify(at(e, "value"))}`,
          },
        ]
      : [],
  );
}

/** Where Argo CD chart `values` turn argocd-server's TLS off (paths from `values`). */
export function insecureValues(values: unknown): InsecureSetting[] {
  const param = at(values, "configs", "params", INSECURE_PARAM);
  return [
    ...(parseGoBool(param) === true
      ? [{ path: ["configs", "params", INSECURE_PARAM], what: "is true" }]
      : []),
    ...insecureArgs(at(values, "server", "extraArgs"), ["server", "extraArgs"]),
    ...insecureEnv(at(values, "server", "env"), ["server", "env"]),
    ...insecureEnv(at(values, "global", "env"), ["global", "env"]),
  ];
}

/** Where a pod spec's containers turn TLS off: `--insecure` in command or args, the env. */
export function insecureContainers(podSpec: unknown, base: Path): InsecureSetting[] {
  return list(at(podSpec, "containers")).flatMap((c, i) => [
    ...insecureArgs(at(c, "command"), [...base, "containers", i, "command"]),
    ...insecureArgs(at(c, "args"), [...base, "containers", i, "args"]),
    ...insecureEnv(at(c, "env"), [...base, "containers", i, "env"]),
  ]);
}

/** The rule broken by a setting of ArgoCd's raw `values` that turns TLS off. */
export const insecureValuesRule = (what: string) =>
  brokenRule(
    what,
    `${TLS_RULE}, and ArgoCd turns TLS off only through its insecure arg`,
    "drop it from values; behind a TLS-terminating proxy, set insecure: true instead (the policy pack's argocd-tls reports that too)",
  );
