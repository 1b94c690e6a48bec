/** Credentials and least-privilege RBAC for pipelines. */
export { ArgoCdAuthMode, argoCdOptions, ArgoCdToken } from "./argoCdToken";
export type { ArgoCdLogin, ArgoCdTokenArgs, ArgoCdTokenBaseArgs } from "./argoCdToken";
export {
  GitCredentials,
  hostMatches,
  knownHostsError,
  TEKTON_GIT_ANNOTATION,
} from "./gitCredentials";
export type {
  GitBasicAuth,
  GitCredentialsArgs,
  GitCredentialsBaseArgs,
  GitSshAuth,
} from "./gitCredentials";
export {
  DEPLOY_KUBECTL,
  DEPLOY_VERBS,
  DeployTargetKind,
  IMAGE_PULL_JOB_VERBS,
  pipelineRoleRules,
  WARM_KUBECTL,
} from "./pipelineRbac";
export type { DeployTarget, PolicyRule } from "./pipelineRbac";
export { PipelineNamespace } from "./pipelineNamespace";
export type { PipelineNamespaceArgs } from "./pipelineNamespace";
export { PipelineServiceAccount } from "./pipelineServiceAccount";
export type { LinkedCredential, PipelineServiceAccountArgs } from "./pipelineServiceAccount";
export { RegistryCredentials } from "./registryCredentials";
export type { RegistryCredentialsArgs, RegistryCredentialsBaseArgs } from "./registryCredentials";
export { DEFAULT_CREDENTIALS_NAMESPACE } from "./credentialSecret";
export type { CredentialSecretArgs, CredentialSecretBaseArgs } from "./credentialSecret";
export { DOCKER_HUB_KEY, registryKey } from "./dockerConfig";
