import * as assert from "assert";
import * as path from "path";
import { chartDefaults, unknownValuePaths } from "../support/chartValues";
import { UPSTREAM } from "../support/crdSchema";
import { mockedComponents } from "../support/mocks";

const kd = mockedComponents();

const KRUISE_CHART_DIR = path.join(UPSTREAM, "kruise", "chart-1.8.3");

// Moved from operator.test.ts under the describe it had there: its title is unchanged.
describe("KruiseOperator under Pulumi mocks", () => {
  it("writes only keys the pinned chart knows, for every typed arg", () => {
    const values = kd.operatorValues({
      namespace: "kruise-system",
      createNamespace: true,
      manageCrds: false,
      featureGates: "ImagePullJobGate=true",
      imagePullSecrets: ["a"],
      manager: { replicas: 2, image: { repository: "r", tag: "t" }, logLevel: 4, tolerations: [] },
      daemon: { socketLocation: "/var/run" },
    });
    assert.deepStrictEqual(unknownValuePaths(chartDefaults(KRUISE_CHART_DIR), values), []);
    // A typo is caught by the same check.
    assert.deepStrictEqual(
      unknownValuePaths(chartDefaults(KRUISE_CHART_DIR), { manager: { replcas: 2 } }),
      ["manager.replcas"],
    );
  });
});
