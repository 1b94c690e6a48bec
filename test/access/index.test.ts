import { assertBarrelExports } from "../support/barrels";
import { installMocks } from "../support/mocks";

installMocks();

/** The run-time names components/access/index.ts publishes. */
const PUBLISHED = [
  "ArgoCdAuthMode",
  "ArgoCdToken",
  "DEFAULT_CREDENTIALS_NAMESPACE",
  "DEPLOY_KUBECTL",
  "DEPLOY_VERBS",
  "DOCKER_HUB_KEY",
  "DeployTargetKind",
  "GitCredentials",
  "IMAGE_PULL_JOB_VERBS",
  "PipelineNamespace",
  "PipelineServiceAccount",
  "RegistryCredentials",
  "TEKTON_GIT_ANNOTATION",
  "WARM_KUBECTL",
  "argoCdOptions",
  "hostMatches",
  "knownHostsError",
  "pipelineRoleRules",
  "registryKey",
];

describe("the access barrel (components/access/index.ts)", () => {
  it("exports at run time exactly the names it lists, each a value", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    assertBarrelExports(require("../../components/access"), PUBLISHED);
  });
});
