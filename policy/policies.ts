/**
 * The kruise-devops policy pack's rules, kept apart from the `PolicyPack` entry point (index.ts)
 * so they can be unit-tested: `new PolicyPack()` starts a gRPC server.
 *
 * One rule a file under ./rules; what they share beside this file (types.ts: the type tokens they
 * match on; plain.ts: props read through the SDK's proxies; support.ts: subjects, messages and the
 * rule wrappers; images.ts, tektonParams.ts, kruise.ts, argoCd.ts, credentials.ts, rbac.ts: what
 * the rules look for). The checks themselves are the package's own pure functions
 * (components/…), so a policy and a component never disagree.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { argoCdTls } from "./rules/argoCdTls";
import { argoCdTokenCredentials } from "./rules/argoCdTokenCredentials";
import { imagePullJobPolicies } from "./rules/imagePullJobPolicies";
import { kruiseFeatureGates } from "./rules/kruiseFeatureGates";
import { noBroadRbacSubjects } from "./rules/noBroadRbacSubjects";
import { noClusterAdmin } from "./rules/noClusterAdmin";
import { noPipelineClusterRoleBinding } from "./rules/noPipelineClusterRoleBinding";
import { noSecretData } from "./rules/noSecretData";
import { pinnedImages } from "./rules/pinnedImages";
import { pinnedImagesViaParams } from "./rules/pinnedImagesViaParams";
import { pipelineRunServiceAccount } from "./rules/pipelineRunServiceAccount";
import { registryEgressBudget } from "./rules/registryEgressBudget";

export { isArgoCdChart } from "./argoCd";
export {
  CREDENTIAL_KEY,
  SAFE_ANNOTATION_KEYS,
  SAFE_CONFIGMAP_KEYS,
  credentialProblem,
  hasDockerAuth,
} from "./credentials";
export { imagesOf } from "./images";
export { KRUISE_CHART_DEFAULT_FEATURE_GATES, effectiveFeatureGates, isKruiseChart } from "./kruise";
export { Hidden, plain, truthy } from "./plain";
export { imagePullJobProblems } from "./rules/imagePullJobPolicies";
export { PIPELINE_SA_COMPONENT } from "./rules/noPipelineClusterRoleBinding";
export { imagePinProblem } from "./rules/pinnedImages";
export { resolveParams } from "./tektonParams";
export { subject } from "./support";
export { TYPES } from "./types";
export {
  argoCdTls,
  argoCdTokenCredentials,
  imagePullJobPolicies,
  kruiseFeatureGates,
  noBroadRbacSubjects,
  noClusterAdmin,
  noPipelineClusterRoleBinding,
  noSecretData,
  pinnedImages,
  pinnedImagesViaParams,
  pipelineRunServiceAccount,
  registryEgressBudget,
};

/** Every policy of the pack, resource policies first. */
export const policies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
  pinnedImages,
  pinnedImagesViaParams,
  imagePullJobPolicies,
  noClusterAdmin,
  noBroadRbacSubjects,
  noPipelineClusterRoleBinding,
  pipelineRunServiceAccount,
  argoCdTls,
  argoCdTokenCredentials,
  kruiseFeatureGates,
  registryEgressBudget,
  noSecretData,
];
