import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { alsoAfter } from "../../components/common/children";
import { isCrd, keptCrdsGroup } from "../../components/common/keptCrds";
import {
  installMocks,
  ofType,
  registered,
  resetRegistrations,
  settle,
  valueOf,
} from "../support/mocks";
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

  it("alsoAfter: the caller's dependsOn (one, a list or an output of one) plus the CRDs group", async () => {
    const crds = keptCrdsGroup("z-crds", "z", [], {});
    const one = new Dep("one");
    const two = new Dep("two");
    const cases: [pulumi.ComponentResourceOptions["dependsOn"], pulumi.Resource[]][] = [
      [undefined, [crds]],
      [one, [one, crds]],
      [
        [one, two],
        [one, two, crds],
      ],
      [pulumi.output([one]), [one, crds]],
    ];
    for (const [dependsOn, expected] of cases) {
      const opts: pulumi.ComponentResourceOptions = { dependsOn, protect: true };
      const out = alsoAfter(opts, crds);
      assert.strictEqual(out.protect, true, "other options kept");
      assert.strictEqual(opts.dependsOn, dependsOn, "the given options are not changed");
      const got = (await valueOf(out.dependsOn as pulumi.Output<pulumi.Resource[]>)) ?? [];
      assert.deepStrictEqual(got, expected);
    }
    await settle();
    assert.ok(registered.every((r) => r.transforms === 0));
  });

  it("alsoAfter: any resource can come first, and nothing else of the options changes", async () => {
    const first = new Dep("first");
    const one = new Dep("one");
    const out = alsoAfter({ dependsOn: one, retainOnDelete: true }, first);
    assert.strictEqual(out.retainOnDelete, true);
    assert.deepStrictEqual(await valueOf(out.dependsOn as pulumi.Output<pulumi.Resource[]>), [
      one,
      first,
    ]);
    await settle();
  });
});
