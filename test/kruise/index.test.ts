import { assertBarrelExports } from "../support/barrels";
import { installMocks } from "../support/mocks";

installMocks();

/** The run-time names components/kruise/index.ts publishes. */
const PUBLISHED = [
  "BASE_IMAGE_WARM_DEFAULT_PARALLELISM",
  "BaseImageWarm",
  "CLONESET_API_VERSION",
  "CLONESET_DEFAULTS",
  "COMPLETION_GRACE_SECONDS",
  "CloneSet",
  "CloneSetUpdateType",
  "CompletionPolicyType",
  "DEFAULT_IMAGE_PULL_JOB_API_VERSION",
  "DEFAULT_KRUISE_NAMESPACE",
  "DEFAULT_WARM_NAMESPACE",
  "IMAGE_LIST_WARM_DEFAULT_DEADLINE_SECONDS",
  "IMAGE_LIST_WARM_DEFAULT_PARALLELISM",
  "IMAGE_PULL_JOB_DEFAULTS",
  "ImageListWarm",
  "ImagePullJobApiVersion",
  "ImagePullPolicy",
  "KRUISE_FEATURE_GATES",
  "KruiseOperator",
  "OPERATOR_DEFAULT_GATES",
  "POOL_WARM_DEFAULT_DEADLINE_SECONDS",
  "POOL_WARM_DEFAULT_PARALLELISM",
  "PRE_DOWNLOAD_ANNOTATIONS",
  "PRE_DOWNLOAD_GATES",
  "PRE_DOWNLOAD_MIN_REPLICAS",
  "PoolWarm",
  "SCHEDULED_WARM_DEFAULT_DEADLINE_SECONDS",
  "SCHEDULED_WARM_DEFAULT_PARALLELISM",
  "SCHEDULED_WARM_HISTORY",
  "SIDECAR_WARM_DEFAULT_DEADLINE_SECONDS",
  "SIDECAR_WARM_DEFAULT_PARALLELISM",
  "ScheduledWarm",
  "ScheduledWarmConcurrency",
  "SidecarWarm",
  "TolerationEffect",
  "TolerationOperator",
  "WAIT_FOR_COMPLETION",
  "WarmPlanLimit",
  "buildAdvancedCronJob",
  "buildCloneSet",
  "buildImageListPullJob",
  "buildImagePullJob",
  "operatorValues",
  "planWarm",
  "preDownloadAnnotations",
  "preDownloadSkip",
  "renderFeatureGates",
  "resolveFeatureGates",
  "resolveImagePullJobSpec",
];

describe("the Kruise barrel (components/kruise/index.ts)", () => {
  it("exports at run time exactly the names it lists, each a value", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    assertBarrelExports(require("../../components/kruise"), PUBLISHED);
  });
});
