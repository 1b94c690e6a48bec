/** The name of a Tekton object, as Tekton's admission webhook checks it. */
import { brokenRule } from "../../common/errors";
import { isDns1123Subdomain } from "../../common/k8sNames";
import { SpecProblem } from "./problems";

/**
 * Problems of a Tekton object's name (at `metadata.name`), as Tekton's admission webhook checks
 * it (`validate.ObjectMetadata`): a DNS-1123 subdomain of at most 63 characters.
 */
export function checkObjectName(name: string): SpecProblem[] {
  const rule = !isDns1123Subdomain(name)
    ? `invalid resource name ${JSON.stringify(name)}: must be a valid DNS label`
    : name.length > 63
      ? "Invalid resource name: length must be no more than 63 characters"
      : undefined;
  if (rule === undefined) return [];
  return [
    {
      path: ["metadata", "name"],
      ...brokenRule(
        `(${JSON.stringify(name)}) is not a Tekton object name`,
        `Tekton's admission webhook rejects it ("${rule}"): names are lowercase RFC 1123 subdomains of at most 63 characters`,
        "use lowercase letters, digits, '-' and '.', e.g. \"build-image\"",
      ),
    },
  ];
}
