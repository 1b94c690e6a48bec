import { assertBarrelExports } from "../support/barrels";
import { installMocks } from "../support/mocks";

installMocks();

/** The run-time names components/tekton/index.ts lists itself (besides the task library's). */
const PUBLISHED = [
  "CI_TASKS",
  "CiPipeline",
  "ImageBuilder",
  "ParamType",
  "TEKTON_API_VERSION",
  "TEKTON_NAMESPACE",
  "TektonApiFields",
  "TektonCoschedule",
  "TektonPipelines",
  "TektonResultsFrom",
  "checkPipelineRunSpec",
  "checkPipelineSpec",
  "checkTaskSpec",
  "ciRunSpec",
  "configDefaultsData",
  "executionOrder",
  "featureFlagsData",
  "pipelineManifest",
  "pipelineRunManifest",
  "planCiPipeline",
  "taskManifest",
];

describe("the Tekton barrel (components/tekton/index.ts)", () => {
  it("exports at run time exactly the names it lists, and the task library's, each a value", () => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const tasks = Object.keys(require("../../components/tekton/tasks"));
    assertBarrelExports(require("../../components/tekton"), [...PUBLISHED, ...tasks]);
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
});
