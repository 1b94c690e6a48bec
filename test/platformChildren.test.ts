import * as assert from "assert";
import {
  PLATFORM_CHILDREN,
  childName,
  platformArgPath,
  poolChild,
} from "../components/platformChildren";

describe("Platform's child table (components/platformChildren)", () => {
  it("one entry per child component, each suffix its own", () => {
    const children = Object.values(PLATFORM_CHILDREN);
    assert.deepStrictEqual(
      children.map((c) => `${c.kind} ${c.suffix} ${c.argsAt}`),
      [
        "KruiseOperator kruise kruise",
        "TektonPipelines tekton tekton",
        "ArgoCd argocd argocd",
        "PipelineNamespace  pipeline",
        "RegistryCredentials registry pipeline.registry",
        "GitCredentials git pipeline.git",
        "ArgoCdToken argocd-token pipeline",
        "PipelineServiceAccount pipeline pipeline",
        "BaseImageWarm base warm.base",
        "SidecarWarm sidecars warm.sidecars",
      ],
    );
    assert.strictEqual(new Set(children.map((c) => c.suffix)).size, children.length);
  });

  it("childName and poolChild: `<platform>-<suffix>`, a pool's PoolWarm `<platform>-pool-<pool>`", () => {
    assert.strictEqual(
      childName("platform", PLATFORM_CHILDREN.argocdToken),
      "platform-argocd-token",
    );
    assert.deepStrictEqual(poolChild("gpu"), {
      kind: "PoolWarm",
      suffix: "pool-gpu",
      argsAt: "warm.pools.gpu",
    });
    assert.strictEqual(childName("p", poolChild("gpu")), "p-pool-gpu");
    // The pipeline section is named as the Platform, so its children keep their names.
    assert.strictEqual(childName("platform", PLATFORM_CHILDREN.pipelineSection), "platform");
  });

  it("platformArgPath: a child's argument at its place in PlatformArgs", () => {
    const cases: [string, string, (string | number)[], string | undefined][] = [
      ["Platform", "platform", ["warm", "base", "images", 0], "warm.base.images[0]"],
      ["Platform", "platform", [], ""],
      [
        "KruiseOperator",
        "platform-kruise",
        ["featureGates", "KruiseDaemon"],
        "kruise.featureGates.KruiseDaemon",
      ],
      ["KruiseOperator", "platform-kruise", [], "kruise"],
      ["PoolWarm", "platform-pool-gpu", ["images", 1], "warm.pools.gpu.images[1]"],
      ["PoolWarm", "platform-pool-gpu", [], "warm.pools.gpu"],
      ["SidecarWarm", "platform-sidecars", ["images", 0], "warm.sidecars.images[0]"],
      ["RegistryCredentials", "platform-registry", ["password"], "pipeline.registry.password"],
      ["RegistryCredentials", "platform-registry", ["namespace"], "pipeline.namespace"],
      ["ArgoCdToken", "platform-argocd-token", ["token"], "pipeline.argocdToken"],
      ["ArgoCdToken", "platform-argocd-token", ["server"], "argocd"],
      ["ArgoCdToken", "platform-argocd-token", ["grpcWeb"], "pipeline.grpcWeb"],
      [
        "PipelineServiceAccount",
        "platform-pipeline",
        ["deploys", 0, "name"],
        "pipeline.deploys[0].name",
      ],
      [
        "GitCredentials",
        "platform-git",
        ["basicAuth", "password"],
        "pipeline.git.basicAuth.password",
      ],
      ["PipelineNamespace", "platform", ["namespace"], "pipeline.namespace"],
      ["PipelineNamespace", "platform", ["deploys", 0], "pipeline.deploys[0]"],
    ];
    assert.strictEqual(cases.length, 16);
    for (const [component, name, argPath, want] of cases) {
      assert.strictEqual(
        platformArgPath("platform", component, name, argPath),
        want,
        `${component} ${name} ${argPath.join(".")}`,
      );
    }
  });

  it("platformArgPath: nothing for another component, another platform, or a kind that does not match", () => {
    const cases: [string, string, string][] = [
      ["platform", "Platform", "other"],
      ["platform", "KruiseOperator", "other-kruise"],
      ["platform", "KruiseOperator", "platform-tekton"],
      ["platform", "ArgoCd", "platform-argocd-token"],
      ["platform", "PoolWarm", "platform-base"],
      ["platform", "BaseImageWarm", "platform-pool-base"],
      ["platform", "KruiseOperator", "platformkruise"],
      ["platform", "PipelineNamespace", "platform-pipeline"],
      ["plat", "KruiseOperator", "platform-kruise"],
    ];
    assert.strictEqual(cases.length, 9);
    for (const [platform, component, name] of cases) {
      assert.strictEqual(
        platformArgPath(platform, component, name, ["x"]),
        undefined,
        `${component} ${name}`,
      );
    }
  });

  it("platformArgPath: a platform whose name has dashes still finds its children", () => {
    assert.strictEqual(
      platformArgPath("my-platform", "PoolWarm", "my-platform-pool-a-b", ["images"]),
      "warm.pools.a-b.images",
    );
    assert.strictEqual(
      platformArgPath("my-platform", "ArgoCdToken", "my-platform-argocd-token", ["token"]),
      "pipeline.argocdToken",
    );
  });
});
