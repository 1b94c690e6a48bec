/**
 * Policy `argocd-tls`: Argo CD's server keeps TLS. Wherever it can be turned off
 * (components/argocd/serverTls.ts): a chart's values (`configs.params["server.insecure"]`,
 * `server.extraArgs` `--insecure`, `server.env`/`global.env` `ARGOCD_SERVER_INSECURE`), the
 * params ConfigMap `argocd-cmd-params-cm` (the chart's child), and the rendered argocd-server
 * Deployment's containers; patches included.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import {
  INSECURE_PARAM,
  TLS_RULE,
  insecureContainers,
  insecureValues,
} from "../../components/argocd/serverTls";
import { ARGOCD_PARAMS_CM } from "../argoCd";
import { arr, at, str, truthy } from "../plain";
import { Problem, metadataOf, problemIf, resourceRule, ruleMessage } from "../support";
import { TYPES, is, ofTypes } from "../types";

const TLS_FIX =
  "drop it (ArgoCd insecure: false, the default); terminate TLS at argocd-server, or keep a TLS-terminating proxy in front and accept the risk with this policy disabled";

/** The argocd-server binary, as the chart's container runs it (`/usr/local/bin/argocd-server`). */
const SERVER_BINARY = /(^|\/)argocd-server$/;

/** True when a Deployment (or patch) is argocd-server: by its name, or the binary it runs. */
function isArgoCdServer(props: unknown): boolean {
  if (/(^|-)argocd-server$/.test(metadataOf(props).name ?? "")) return true;
  return arr(at(props, "spec", "template", "spec", "containers")).some((c) =>
    [...arr(at(c, "command")), ...arr(at(c, "args"))].some((a) => SERVER_BINARY.test(str(a) ?? "")),
  );
}

export const argoCdTls: ResourceValidationPolicy = {
  name: "argocd-tls",
  description:
    "Argo CD's server keeps TLS: no `server.insecure`, `--insecure` or ARGOCD_SERVER_INSECURE in the chart's values, argocd-cmd-params-cm, or the argocd-server Deployment; patches included.",
  enforcementLevel: "mandatory",
  validateResource: resourceRule(
    ofTypes(TYPES.helm, TYPES.configMap, TYPES.deployment),
    (props, args): Problem[] => {
      const problems = (found: { path: (string | number)[]; what: string }[], base: string[]) =>
        found.map((s) => ({
          path: [...base, ...s.path],
          message: ruleMessage(s.what, TLS_RULE, TLS_FIX),
        }));
      if (is(TYPES.helm, args.type)) return problems(insecureValues(props.values), ["values"]);
      if (is(TYPES.deployment, args.type))
        return isArgoCdServer(props)
          ? problems(insecureContainers(at(props, "spec", "template", "spec"), []), [
              "spec",
              "template",
              "spec",
            ])
          : [];
      return problemIf(
        metadataOf(props).name === ARGOCD_PARAMS_CM && truthy(at(props, "data", INSECURE_PARAM)),
        ["data", INSECURE_PARAM],
        ruleMessage('is "true"', TLS_RULE, TLS_FIX),
      );
    },
  ),
};
