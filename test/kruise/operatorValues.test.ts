import * as assert from "assert";
import * as path from "path";
import { operatorValues } from "../../components/kruise/operatorValues";
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

describe("the Kruise chart's values (components/kruise/operatorValues)", () => {
  const LEAST = {
    namespace: "kruise-system",
    createNamespace: true,
    manageCrds: true,
    featureGates: "ImagePullJobGate=true",
    imagePullSecrets: [],
  };

  it("the least: CRDs, installation and gates; no empty manager or daemon maps", () => {
    assert.deepStrictEqual(operatorValues(LEAST), {
      crds: { managed: true },
      featureGates: "ImagePullJobGate=true",
      installation: { createNamespace: true, namespace: "kruise-system" },
    });
    assert.deepStrictEqual(
      operatorValues({ ...LEAST, manager: {}, daemon: {} }),
      operatorValues(LEAST),
    );
  });

  it("each typed arg at its chart key: secrets as names, the log level as a string", () => {
    const v = operatorValues({
      ...LEAST,
      imagePullSecrets: ["a", "b"],
      manager: { replicas: 2, image: { tag: "v1.8.3" }, logLevel: 0, tolerations: [] },
      daemon: { socketLocation: "/run/containerd" },
    });
    assert.deepStrictEqual(v.imagePullSecrets, [{ name: "a" }, { name: "b" }]);
    assert.deepStrictEqual(v.manager, {
      image: { tag: "v1.8.3" },
      log: { level: "0" },
      replicas: 2,
      tolerations: [],
    });
    assert.deepStrictEqual(v.daemon, { socketLocation: "/run/containerd" });
  });

  it("raw values last, key by key; null removes a key", () => {
    const v = operatorValues({
      ...LEAST,
      manager: { replicas: 2 },
      values: { manager: { replicas: 3, hostNetwork: true }, crds: null },
    });
    assert.deepStrictEqual(v, {
      featureGates: "ImagePullJobGate=true",
      installation: { createNamespace: true, namespace: "kruise-system" },
      manager: { hostNetwork: true, replicas: 3 },
    });
  });
});
