/** Policy `argocd-tls`: Argo CD's server keeps TLS (no `server.insecure`). */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ruleMessage } from "../../components/common/errors";
import { ARGOCD_PARAMS_CM } from "../argoCd";
import { at, truthy } from "../plain";
import { metadataOf, problemIf, resourceRule } from "../support";
import { TYPES, is, ofTypes } from "../types";

const INSECURE_PARAM = "server.insecure";
const TLS_RULE =
  "argocd-server then serves the API and UI, logins and tokens included, over plain HTTP";
const TLS_FIX =
  "drop it (ArgoCd insecure: false, the default); terminate TLS at argocd-server, or keep a TLS-terminating proxy in front and accept the risk with this policy disabled";

export const argoCdTls: ResourceValidationPolicy = {
  name: "argocd-tls",
  description:
    "Argo CD's server keeps TLS: no `server.insecure` in the chart's configs.params or in argocd-cmd-params-cm.",
  enforcementLevel: "mandatory",
  validateResource: resourceRule(ofTypes(TYPES.helm, TYPES.configMap), (props, args) => {
    if (is(TYPES.helm, args.type)) {
      const path = ["values", "configs", "params", INSECURE_PARAM];
      return problemIf(truthy(at(props, ...path)), path, ruleMessage("is true", TLS_RULE, TLS_FIX));
    }
    return problemIf(
      metadataOf(props).name === ARGOCD_PARAMS_CM && truthy(at(props, "data", INSECURE_PARAM)),
      ["data", INSECURE_PARAM],
      ruleMessage('is "true"', TLS_RULE, TLS_FIX),
    );
  }),
};
