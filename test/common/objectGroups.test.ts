import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import {
  isWebhookConfiguration,
  objectGroups,
  splitObjects,
  webhookBackends,
} from "../../components/common/objectGroups";
import {
  allRegistered,
  installMocks,
  ofType,
  Registered,
  resetRegistrations,
  settle,
  valueOf,
} from "../support/mocks";
import { CONFIG_GROUP as GROUP, crd, manifest } from "../support/manifests";

installMocks();

const mutating = (name: string, apiVersion = "admissionregistration.k8s.io/v1") =>
  manifest(apiVersion, "MutatingWebhookConfiguration", name);
const validating = (name: string, apiVersion = "admissionregistration.k8s.io/v1") =>
  manifest(apiVersion, "ValidatingWebhookConfiguration", name);
const configMap = manifest("v1", "ConfigMap", "config-webhook", "ns");
const webhookService = manifest("v1", "Service", "webhook", "ns");
const webhookDeployment = manifest("apps/v1", "Deployment", "webhook", "ns");

/** The objects as the Output `objectGroups` takes. */
const objsOf = (objs: Record<string, any>[]): pulumi.Output<Record<string, any>[]> =>
  pulumi.output(objs) as pulumi.Output<Record<string, any>[]>;

/** A resource for the options under test to depend on. */
class Dep extends pulumi.CustomResource {
  constructor(name: string) {
    super("test:index:Dep", name, {});
  }
}

/** The ConfigGroup registered as `name`. */
function group(name: string): Registered {
  const found = ofType(GROUP).filter((g) => g.name === name);
  assert.strictEqual(found.length, 1, `one ConfigGroup '${name}'`);
  return found[0];
}

describe("ordered object groups (components/common/objectGroups)", () => {
  beforeEach(resetRegistrations);

  it("isWebhookConfiguration: a Mutating/ValidatingWebhookConfiguration of admissionregistration.k8s.io, any version", () => {
    assert.strictEqual(isWebhookConfiguration(mutating("m")), true);
    assert.strictEqual(isWebhookConfiguration(validating("v")), true);
    assert.strictEqual(
      isWebhookConfiguration(mutating("m", "admissionregistration.k8s.io/v1beta1")),
      true,
    );
    assert.strictEqual(
      isWebhookConfiguration(validating("v", "admissionregistration.k8s.io/v1beta1")),
      true,
    );
    // Objects named (or kinds spelled) like webhooks that are not admission webhook configurations.
    assert.strictEqual(isWebhookConfiguration(webhookService), false);
    assert.strictEqual(isWebhookConfiguration(webhookDeployment), false);
    assert.strictEqual(isWebhookConfiguration(configMap), false);
    assert.strictEqual(isWebhookConfiguration(mutating("m", "example.com/v1")), false);
    assert.strictEqual(isWebhookConfiguration(validating("v", "webhooks.example.com/v1")), false);
    assert.strictEqual(isWebhookConfiguration({ kind: "MutatingWebhookConfiguration" }), false);
    assert.strictEqual(
      isWebhookConfiguration({ ...mutating("m"), kind: "mutatingwebhookconfiguration" }),
      false,
    );
    // Other kinds of the admissionregistration group are not webhook configurations.
    assert.strictEqual(
      isWebhookConfiguration({
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicy",
        metadata: { name: "p" },
      }),
      false,
    );
    assert.strictEqual(isWebhookConfiguration(crd("a.example.com")), false);
  });

  it("splitObjects with keepCrds: CRDs, the rest and the webhook configurations, each in the given order", () => {
    const a = crd("a.example.com");
    const b = crd("b.example.com", "apiextensions.k8s.io/v1beta1");
    const m = mutating("m");
    const v = validating("v", "admissionregistration.k8s.io/v1beta1");
    const lookalike = mutating("not-a-webhook", "example.com/v1");
    const objs = [v, configMap, a, webhookService, m, lookalike, b, webhookDeployment];
    const before = JSON.stringify(objs);
    const { crds, rest, webhooks } = splitObjects(objs, true);
    assert.deepStrictEqual(crds, [a, b], "a v1beta1 CRD is a CRD too");
    assert.deepStrictEqual(rest, [configMap, webhookService, lookalike, webhookDeployment]);
    assert.deepStrictEqual(webhooks, [v, m]);
    assert.strictEqual(crds[1], b, "the same objects");
    assert.strictEqual(webhooks[0], v, "the same objects");
    assert.strictEqual(rest[2], lookalike, "the same objects");
    assert.strictEqual(JSON.stringify(objs), before, "the input is not changed");
    assert.strictEqual(
      crds.length + rest.length + webhooks.length,
      objs.length,
      "every object in one group exactly",
    );
    assert.deepStrictEqual(splitObjects([], true), {
      crds: [],
      rest: [],
      webhooks: [],
      backends: [],
    });
  });

  it("splitObjects without keepCrds: the CRDs stay in the rest, in place; webhook configurations still apart", () => {
    const a = crd("a.example.com");
    const b = crd("b.example.com", "apiextensions.k8s.io/v1beta1");
    const m = mutating("m");
    const objs = [configMap, a, m, webhookService, b];
    const { crds, rest, webhooks } = splitObjects(objs, false);
    assert.deepStrictEqual(crds, []);
    assert.deepStrictEqual(rest, [configMap, a, webhookService, b]);
    assert.deepStrictEqual(webhooks, [m]);
    assert.deepStrictEqual(splitObjects([configMap], false), {
      crds: [],
      rest: [configMap],
      webhooks: [],
      backends: [],
    });
  });

  it("webhookBackends: the workloads whose Pods a webhook's Service selects, in its namespace", () => {
    const svc = {
      ...manifest("v1", "Service", "hook-svc", "sys"),
      spec: { selector: { app: "hook", tier: "cp" } },
    };
    const workload = (kind: string, name: string, ns: string, labels: Record<string, string>) => ({
      ...manifest("apps/v1", kind, name, ns),
      spec: { template: { metadata: { labels } } },
    });
    const server = workload("Deployment", "server", "sys", { app: "hook", tier: "cp", x: "y" });
    const ds = workload("DaemonSet", "agent", "sys", { app: "hook", tier: "cp" });
    const partial = workload("Deployment", "partial", "sys", { app: "hook" });
    const elsewhere = workload("Deployment", "server", "other", { app: "hook", tier: "cp" });
    const unrelated = workload("Deployment", "web", "sys", { app: "web" });
    const hook = {
      ...mutating("m"),
      webhooks: [
        { name: "m.x", clientConfig: { service: { name: "hook-svc", namespace: "sys" } } },
      ],
    };
    const byUrl = {
      ...validating("v"),
      webhooks: [{ name: "v.x", clientConfig: { url: "https://example.com/validate" } }],
    };
    const objs = [svc, server, ds, partial, elsewhere, unrelated, configMap];
    assert.deepStrictEqual(webhookBackends(objs, [hook, byUrl]), [server, ds]);
    assert.deepStrictEqual(webhookBackends(objs, [byUrl]), [], "a URL webhook has no backend here");
    assert.deepStrictEqual(webhookBackends(objs, []), []);
    // A Service with no selector (endpoints managed by hand) selects no workload.
    const bare = { ...svc, spec: {} };
    assert.deepStrictEqual(webhookBackends([bare, server], [hook]), []);
    // Malformed webhook entries are skipped, not thrown on.
    const odd = { ...mutating("odd"), webhooks: [null, {}, { clientConfig: {} }] };
    assert.deepStrictEqual(webhookBackends(objs, [odd as any]), []);
    const { rest, backends } = splitObjects([...objs, hook], false);
    assert.deepStrictEqual(backends, [server, ds]);
    assert.ok(!rest.includes(server) && !rest.includes(ds), "a backend is in its group only");
    assert.strictEqual(rest.length + backends.length + 1, objs.length + 1);
  });

  it("objectGroups: CRDs kept, then the rest after them and the caller's dependsOn, then the webhook configurations", async () => {
    const dep = new Dep("before");
    const parent = new pulumi.ComponentResource("test:index:Parent", "parent");
    const a = crd("a.example.com");
    const m = mutating("m");
    const v = validating("v");
    const objs = objsOf([v, a, configMap, m, webhookService]);
    const opts: pulumi.ComponentResourceOptions = { parent, dependsOn: [dep] };
    const optsBefore = { ...opts };
    const g = objectGroups("g", "prefix", objs, opts, true, {
      ignoreChanges: ["objs"],
      aliases: [{ type: "kubernetes:yaml/v2:ConfigFile" }],
    });
    await valueOf(g.webhooks.urn);
    await settle();
    assert.deepStrictEqual(opts, optsBefore, "the given options are not changed");
    assert.deepStrictEqual(
      ofType(GROUP).map((r) => r.name),
      ["g-crds", "g", "g-webhooks", "g-webhook-backends"],
      "registered in this order: each waits for the one before",
    );
    const crds = group("g-crds");
    const main = group("g");
    const webhooks = group("g-webhooks");
    const backends = group("g-webhook-backends");
    const [depUrn, parentUrn] = [await valueOf(dep.urn), await valueOf(parent.urn)];
    assert.strictEqual(await valueOf(g.crds!.urn), crds.urn);
    assert.strictEqual(await valueOf(g.main.urn), main.urn);
    assert.strictEqual(await valueOf(g.webhooks.urn), webhooks.urn);

    assert.deepStrictEqual(crds.inputs, { objs: [a], resourcePrefix: "prefix" });
    assert.deepStrictEqual(main.inputs, {
      objs: [configMap, webhookService],
      resourcePrefix: "prefix",
    });
    assert.deepStrictEqual(webhooks.inputs, { objs: [v, m], resourcePrefix: "prefix" });
    assert.deepStrictEqual(backends.inputs, { objs: [], resourcePrefix: "prefix" });
    for (const r of [crds, main, webhooks, backends]) {
      assert.strictEqual(r.parent, parentUrn, `${r.name}: the caller's parent`);
      assert.strictEqual(r.transforms, 0, `${r.name}: no transform`);
    }

    assert.deepStrictEqual(crds.dependencies, [depUrn], "the CRDs wait for the caller's dependsOn");
    assert.deepStrictEqual(main.dependencies.slice().sort(), [depUrn, crds.urn].sort());
    assert.deepStrictEqual(
      webhooks.dependencies.slice().sort(),
      [depUrn, main.urn].sort(),
      "the webhook configurations come after everything but their backends",
    );
    assert.deepStrictEqual(
      backends.dependencies.slice().sort(),
      [depUrn, webhooks.urn].sort(),
      "the workloads serving the webhooks come last (and are deleted first)",
    );

    assert.strictEqual(crds.retainOnDelete, true, "the CRDs are kept on delete");
    assert.strictEqual(main.retainOnDelete, false);
    assert.strictEqual(webhooks.retainOnDelete, false);
    assert.strictEqual(backends.retainOnDelete, false);

    // mainOpts go to the main group only.
    assert.deepStrictEqual(main.ignoreChanges, ["objs"]);
    assert.deepStrictEqual(crds.ignoreChanges, []);
    assert.deepStrictEqual(webhooks.ignoreChanges, []);
    assert.deepStrictEqual(backends.ignoreChanges, []);
    assert.deepStrictEqual(main.aliases, [{ type: "kubernetes:yaml/v2:ConfigFile", parentUrn }]);
    assert.deepStrictEqual(crds.aliases, []);
    assert.deepStrictEqual(webhooks.aliases, []);
    assert.deepStrictEqual(backends.aliases, []);

    assert.deepStrictEqual(await valueOf(g.resources), [], "the mocks register no children");
  });

  it("objectGroups without keepCrds: no CRDs group, the CRDs in the main one, nothing retained", async () => {
    const a = crd("a.example.com");
    const m = mutating("m");
    const g = objectGroups("g", "g", objsOf([a, m, configMap]), {}, false);
    await valueOf(g.webhooks.urn);
    await settle();
    assert.strictEqual(g.crds, undefined);
    assert.deepStrictEqual(
      ofType(GROUP).map((r) => [r.name, r.inputs, r.retainOnDelete]),
      [
        ["g", { objs: [a, configMap], resourcePrefix: "g" }, false],
        ["g-webhooks", { objs: [m], resourcePrefix: "g" }, false],
        ["g-webhook-backends", { objs: [], resourcePrefix: "g" }, false],
      ],
    );
    const main = group("g");
    assert.deepStrictEqual(main.dependencies, []);
    assert.deepStrictEqual(group("g-webhooks").dependencies, [main.urn]);
    assert.ok(allRegistered(3).every((r) => r.retainOnDelete === false));
  });

  it("objectGroups with nothing to split: empty groups, all four registered", async () => {
    const g = objectGroups("e", "e", objsOf([configMap]), {}, true);
    await valueOf(g.webhooks.urn);
    await settle();
    assert.deepStrictEqual(
      ofType(GROUP).map((r) => [r.name, r.inputs.objs]),
      [
        ["e-crds", []],
        ["e", [configMap]],
        ["e-webhooks", []],
        ["e-webhook-backends", []],
      ],
    );
  });
});
