import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { isCrd, keptCrdsGroup } from "../../components/common/keptCrds";
import { installMocks, ofType, resetRegistrations, settle, valueOf } from "../support/mocks";
import { CONFIG_GROUP as GROUP, crd, manifest } from "../support/manifests";

installMocks();

const configMap = manifest("v1", "ConfigMap", "cm", "ns");
const deployment = manifest("apps/v1", "Deployment", "d", "ns");

/** A resource for the options under test to depend on. */
class Dep extends pulumi.CustomResource {
  constructor(name: string) {
    super("test:index:Dep", name, {});
  }
}

describe("kept CRDs (components/common/keptCrds)", () => {
  beforeEach(resetRegistrations);

  it("isCrd: a CustomResourceDefinition of apiextensions.k8s.io, any version", () => {
    assert.strictEqual(isCrd(crd("a.example.com")), true);
    assert.strictEqual(isCrd(crd("a.example.com", "apiextensions.k8s.io/v1beta1")), true);
    assert.strictEqual(isCrd(configMap), false);
    assert.strictEqual(isCrd(deployment), false);
    // The kind alone is not enough: another group's kind of that name is not a CRD.
    assert.strictEqual(isCrd(crd("a.example.com", "example.com/v1")), false);
    assert.strictEqual(isCrd({ kind: "CustomResourceDefinition" }), false);
    assert.strictEqual(isCrd({ ...crd("x"), kind: "customresourcedefinition" }), false);
  });

  it("keptCrdsGroup: a ConfigGroup kept on delete, its children named with the given prefix", async () => {
    const parentDep = new Dep("before");
    const g = keptCrdsGroup("x-crds", "x", [crd("a.example.com")], { dependsOn: [parentDep] });
    await valueOf(g.urn);
    await settle();
    const [group] = ofType(GROUP);
    assert.strictEqual(group.name, "x-crds");
    assert.deepStrictEqual(group.inputs, { objs: [crd("a.example.com")], resourcePrefix: "x" });
    assert.strictEqual(group.retainOnDelete, true);
    assert.strictEqual(group.transforms, 0);
    assert.deepStrictEqual(group.dependencies, [await valueOf(parentDep.urn)], "opts are kept");
  });

  it("keptCrdsGroup: does not change the options it is given", async () => {
    const opts: pulumi.ComponentResourceOptions = { retainOnDelete: false };
    await valueOf(keptCrdsGroup("y-crds", "y", [], opts).urn);
    assert.deepStrictEqual(opts, { retainOnDelete: false });
    await settle();
    assert.strictEqual(ofType(GROUP)[0].retainOnDelete, true);
  });
});
