/** Policy `argocd-token-credentials` (advisory): pipelines log in to Argo CD with an API token. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ARGOCD_AUTH_ANNOTATION, ARGOCD_ENV } from "../../components/access/argoCdEnv";
import { at, obj } from "../plain";
import { problemIf, resourceRule, ruleMessage } from "../support";
import { TYPES, ofTypes } from "../types";

export const argoCdTokenCredentials: ResourceValidationPolicy = {
  name: "argocd-token-credentials",
  description:
    "Pipelines log in to Argo CD with an API token, not a username and password (advisory).",
  enforcementLevel: "advisory",
  validateResource: resourceRule(ofTypes(TYPES.secret), (props) => {
    const mode = at(props, "metadata", "annotations", ARGOCD_AUTH_ANNOTATION);
    const keys = [
      ...Object.keys(obj(props.stringData) ?? {}),
      ...Object.keys(obj(props.data) ?? {}),
    ];
    const passwordOnly =
      mode === undefined && keys.includes(ARGOCD_ENV.password) && !keys.includes(ARGOCD_ENV.token);
    return problemIf(
      mode === "password" || passwordOnly,
      mode === "password" ? ["metadata", "annotations", ARGOCD_AUTH_ANNOTATION] : [],
      ruleMessage(
        mode === "password"
          ? "is password: the pipeline logs in to Argo CD with a username and password"
          : `holds ${ARGOCD_ENV.password}: the pipeline logs in to Argo CD with a username and password`,
        "an API token can be scoped to a project role and revoked alone; a password opens the whole account",
        "issue a token (`argocd account generate-token` for an account with the apiKey capability) and give ArgoCdToken `token` instead of `login`",
      ),
    );
  }),
};
