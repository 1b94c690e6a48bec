import * as assert from "assert";
import { apiServerOnlyProps } from "../../components/common/apiServerOnly";
import { remediate } from "./apiServerOnlyPack/remediate";

describe("the e2e suite's remediation pack (apiServerOnly props for resources outside components)", () => {
  const deployment = { metadata: { name: "web", namespace: "shop" }, spec: { replicas: 3 } };

  it("gives a program's own object the apiServerOnly props", () => {
    assert.deepStrictEqual(
      remediate("kubernetes:apps/v1:Deployment", deployment),
      apiServerOnlyProps("kubernetes:apps/v1:Deployment", deployment),
    );
  });

  it("leaves an object that already has them (a component's) and every Secret alone", () => {
    const done = apiServerOnlyProps("kubernetes:apps/v1:Deployment", deployment)!;
    assert.strictEqual(remediate("kubernetes:apps/v1:Deployment", done), undefined);
    assert.strictEqual(
      remediate("kubernetes:core/v1:Secret", { metadata: { name: "s" }, stringData: { a: "b" } }),
      undefined,
    );
    assert.strictEqual(remediate("pulumi:pulumi:Stack", {}), undefined);
  });
});
