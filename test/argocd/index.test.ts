import { assertBarrelExports } from "../support/barrels";
import { installMocks } from "../support/mocks";

installMocks();

/** The run-time names components/argocd/index.ts publishes. */
const PUBLISHED = [
  "ARGOCD_BCRYPT_COST",
  "ARGOCD_BUILT_IN_KRUISE_KINDS",
  "ArgoApplication",
  "ArgoCd",
  "CASCADE_FINALIZER",
  "COMPARE_OPTIONS_ANNOTATION",
  "DEFAULT_ADMIN_PASSWORD_MTIME",
  "DEFAULT_ARGOCD_NAMESPACE",
  "IN_CLUSTER",
  "KRUISE_HEALTH_CHECK_KINDS",
  "SERVER_SIDE_DIFF_PARAM",
  "argoCdValues",
  "buildApplication",
  "hashAdminPassword",
  "healthCheckScript",
  "kruiseHealthChecks",
];

describe("the Argo CD barrel (components/argocd/index.ts)", () => {
  it("exports at run time exactly the names it lists, each a value", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    assertBarrelExports(require("../../components/argocd"), PUBLISHED);
  });
});
