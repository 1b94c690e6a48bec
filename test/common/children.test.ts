import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { alsoAfter, childOptions } from "../../components/common/children";
import { keptCrdsGroup } from "../../components/common/keptCrds";
import {
  allRegistered,
  installMocks,
  registered,
  resetRegistrations,
  settle,
  valueOf,
} from "../support/mocks";

installMocks();

/** A resource for the options under test to depend on. */
class Dep extends pulumi.CustomResource {
  constructor(name: string) {
    super("test:index:Dep", name, {});
  }
}

/** A component for children to be parented on. */
class Parent extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:index:Parent", name, {});
  }
}

// The alsoAfter tests keep the describe they had in keptCrds.test.ts, so their titles are unchanged.
describe("kept CRDs (components/common/keptCrds)", () => {
  beforeEach(resetRegistrations);

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
    assert.ok(allRegistered(3).every((r) => r.transforms === 0));
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

describe("child options (components/common/children)", () => {
  beforeEach(resetRegistrations);

  it("childOptions: the parent, and the component's own dependsOn, nothing else of its options", async () => {
    const parent = new Parent("p");
    const dep = new Dep("dep");
    const opts: pulumi.ComponentResourceOptions = {
      dependsOn: [dep],
      protect: true,
      retainOnDelete: true,
      ignoreChanges: ["spec"],
      aliases: [{ name: "old" }],
      customTimeouts: { create: "1m" },
    };
    const child = childOptions(parent, opts);
    assert.deepStrictEqual(Object.keys(child).sort(), ["dependsOn", "parent"]);
    assert.strictEqual(child.parent, parent);
    assert.strictEqual(child.dependsOn, opts.dependsOn);
    assert.deepStrictEqual(childOptions(parent, undefined), { parent, dependsOn: undefined });
    await settle();
  });

  it("childOptions: extra options of the child's own, which cannot replace parent or dependsOn", async () => {
    const parent = new Parent("p");
    const dep = new Dep("dep");
    const extra = { deleteBeforeReplace: true, parent: new Parent("other"), dependsOn: [] };
    const child = childOptions(parent, { dependsOn: dep }, extra as never);
    assert.deepStrictEqual(child, { deleteBeforeReplace: true, parent, dependsOn: dep });
    await settle();
  });

  it("childOptions: a registered child waits for the component's dependsOn, under its parent", async () => {
    const dep = new Dep("dep");
    const parent = new Parent("p");
    new Dep2("child", childOptions(parent, { dependsOn: [dep] }));
    await settle();
    const child = registered.filter((r) => r.name === "child");
    assert.strictEqual(child.length, 1);
    assert.strictEqual(child[0].parent, await valueOf(parent.urn));
    assert.deepStrictEqual(child[0].dependencies, [await valueOf(dep.urn)]);
  });
});

/** A custom resource registered with given options. */
class Dep2 extends pulumi.CustomResource {
  constructor(name: string, opts: pulumi.CustomResourceOptions) {
    super("test:index:Child", name, {}, opts);
  }
}
