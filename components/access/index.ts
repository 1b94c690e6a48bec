/** Credentials and least-privilege RBAC for pipelines. */
export * from "./argoCdToken";
export * from "./gitCredentials";
export * from "./pipelineRbac";
export * from "./pipelineServiceAccount";
export * from "./registryCredentials";
export {
  CredentialComponent,
  CredentialSecretArgs,
  DEFAULT_CREDENTIALS_NAMESPACE,
} from "./credentialSecret";
export { DOCKER_HUB_KEY, registryKey } from "./dockerConfig";
