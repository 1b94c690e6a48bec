/**
 * Helm's rule for release names (helm.sh/helm/v3 pkg/chartutil/validate_name.go,
 * `ValidateReleaseName`, v3.18.6, the Helm the Kubernetes provider embeds): DNS-1123 subdomain
 * characters and at most 53 characters, so the names charts derive from it (`<release>-<suffix>`)
 * still fit Kubernetes' 63.
 */

import { ArgsError, brokenRule } from "./errors";

/** Helm's `validName`. */
const VALID_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Helm's `maxReleaseNameLen`. */
export const HELM_RELEASE_NAME_MAX = 53;

/**
 * Why `name` cannot be a Helm release name (the error to throw, in the project's `what — rule; fix`
 * form, naming `component`, whose name is the release's); undefined when it can.
 */
export function helmReleaseNameError(component: string, name: string): ArgsError | undefined {
  if (name.length <= HELM_RELEASE_NAME_MAX && VALID_NAME.test(name)) return undefined;
  const what =
    name.length > HELM_RELEASE_NAME_MAX
      ? `is ${name.length} characters long`
      : "is not lower-case letters, digits, '-' and '.'";
  return new ArgsError([
    {
      component,
      name,
      where: "the name",
      ...brokenRule(
        what,
        `it is the Helm release name, and Helm refuses one that does not match ${VALID_NAME.source} or is longer than ${HELM_RELEASE_NAME_MAX} ("invalid release name")`,
        `name the component e.g. "${suggestion(name)}" (Platform names its parts <platform name>-kruise and -argocd)`,
      ),
    },
  ]);
}

/** A release name close to `name`: lower-cased, other characters as '-', cut to the limit. */
function suggestion(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .slice(0, HELM_RELEASE_NAME_MAX)
    .replace(/[^a-z0-9]+$/, "");
  return s || "release";
}
