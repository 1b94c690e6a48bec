import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import * as path from "path";
import { chartResources, templateRequest, withoutHooks } from "../../components/common/helmChart";
import { UPSTREAM } from "../support/crdSchema";
import { throwsWith } from "../support/expect";
import {
  allRegistered,
  calls,
  helmTemplate,
  mockedComponents,
  ofType,
  ofTypeCounted,
  registered,
  resetRegistrations,
  settle,
  valueOf,
} from "../support/mocks";
import {
  CONFIG_GROUP as GROUP,
  HELM_CHART as CHART,
  HELM_TEMPLATE as TEMPLATE,
  crd,
  manifest,
} from "../support/manifests";

const kd = mockedComponents();

const cloneSetCrd = crd("clonesets.apps.kruise.io");
const webhookService = manifest("v1", "Service", "kruise-webhook-service", "kruise-system");
const mutatingWebhook = manifest(
  "admissionregistration.k8s.io/v1",
  "MutatingWebhookConfiguration",
  "kruise-mutating-webhook-configuration",
);
const preDeleteHook = {
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: {
    name: "kruise-pre-delete",
    namespace: "kruise-system",
    annotations: { "helm.sh/hook": "pre-delete" },
  },
};

describe("chart templating (components/common/helmChart)", () => {
  beforeEach(resetRegistrations);

  it("asks `helm template` for a repository chart or a local one in the provider's own field names", () => {
    assert.deepStrictEqual(
      templateRequest(
        {
          chart: "kruise",
          version: "1.8.3",
          repositoryOpts: { repo: "https://openkruise.github.io/charts/" },
          name: "kruise",
          namespace: "kruise-system",
        },
        { a: 1 },
      ),
      {
        chart: "kruise",
        version: "1.8.3",
        fetch_opts: { repo: "https://openkruise.github.io/charts/" },
        release_name: "kruise",
        namespace: "kruise-system",
        kube_version: "v1.34.0",
        values: { a: 1 },
      },
    );
    assert.deepStrictEqual(
      templateRequest({ chart: "/charts/kruise", name: "k", namespace: "ns" }, {}),
      {
        path: "/charts/kruise",
        release_name: "k",
        namespace: "ns",
        kube_version: "v1.34.0",
        values: {},
      },
    );
  });

  it("drops Helm hooks, which no Pulumi resource runs, and keeps everything else", () => {
    assert.deepStrictEqual(withoutHooks([webhookService, preDeleteHook, null, "x"]), [
      webhookService,
    ]);
  });

  /** The ConfigGroup registered as `name`. */
  const group = (name: string) => {
    const found = ofType(GROUP).filter((g) => g.name === name);
    assert.strictEqual(found.length, 1, `one ConfigGroup '${name}'`);
    return found[0];
  };

  it("KruiseOperator templating: client registers the rendered objects in a ConfigGroup, its CRDs in a kept one, its webhooks last", async () => {
    helmTemplate.objects = [mutatingWebhook, cloneSetCrd, webhookService, preDeleteHook];
    const k = new kd.KruiseOperator("kruise", {
      templating: "client",
      source: { path: path.join(UPSTREAM, "kruise", "chart-1.8.3") },
      gitOps: true,
    });
    await valueOf(k.chart.urn);
    await settle();
    assert.strictEqual(ofType(CHART).length, 0, "no helm.v4.Chart");
    assert.deepStrictEqual(
      ofType(GROUP)
        .map((g) => g.name)
        .sort(),
      [
        "kruise-chart",
        "kruise-chart-crds",
        "kruise-chart-webhook-backends",
        "kruise-chart-webhooks",
      ],
    );
    const component = registered.find((r) => r.type === "kruise-devops:index:KruiseOperator")!;
    const crds = group("kruise-chart-crds");
    const rest = group("kruise-chart");
    const webhooks = group("kruise-chart-webhooks");
    for (const g of [crds, rest, webhooks]) {
      assert.strictEqual(g.parent, component.urn);
      assert.strictEqual(g.transforms, 0, "no transform");
    }
    assert.deepStrictEqual(crds.inputs, { objs: [cloneSetCrd], resourcePrefix: "kruise-chart" });
    assert.deepStrictEqual(
      rest.inputs,
      { objs: [webhookService], resourcePrefix: "kruise-chart" },
      "hooks dropped, CRDs and webhook configurations in their own groups",
    );
    assert.deepStrictEqual(
      webhooks.inputs,
      {
        objs: [
          {
            ...mutatingWebhook,
            metadata: {
              ...mutatingWebhook.metadata,
              annotations: { template: "[]", "pulumi.com/patchForce": "true" },
            },
            webhooks: [],
          },
        ],
        resourcePrefix: "kruise-chart",
      },
      "as kruise-manager keeps it (components/kruise/webhookConfigurations.ts)",
    );
    assert.strictEqual(crds.retainOnDelete, true);
    assert.strictEqual(rest.retainOnDelete, false);
    assert.strictEqual(webhooks.retainOnDelete, false);
    assert.deepStrictEqual(rest.dependencies, [crds.urn]);
    assert.deepStrictEqual(webhooks.dependencies, [rest.urn], "the webhooks after the rest");
    assert.strictEqual(await valueOf(k.crds!.urn), crds.urn);
    assert.ok(Array.isArray(await valueOf(k.ready)));

    const templateCalls = calls.filter((c) => c.token === TEMPLATE);
    assert.strictEqual(templateCalls.length, 1, "templated once, then split");
    assert.deepStrictEqual(JSON.parse(templateCalls[0].inputs.jsonOpts), {
      path: path.join(UPSTREAM, "kruise", "chart-1.8.3"),
      release_name: "kruise",
      namespace: "kruise-system",
      kube_version: "v1.34.0",
      values: {
        crds: { managed: true },
        featureGates: "ImagePullJobGate=true,TemplateNoDefaults=true",
        installation: { createNamespace: true, namespace: "kruise-system" },
      },
    });
  });

  it("server templating without kept CRDs is a helm.v4.Chart alone and calls no template function", async () => {
    const k = new kd.KruiseOperator("kruise", {
      templating: "server",
      crds: { keepOnDelete: false },
    });
    await valueOf(k.chart.urn);
    await settle();
    assert.strictEqual(ofType(CHART).length, 1);
    assert.strictEqual(ofType(GROUP).length, 0);
    assert.strictEqual(calls.filter((c) => c.token === TEMPLATE).length, 0);
    assert.strictEqual(k.crds, undefined);
    assert.strictEqual(k.ready, k.chart.resources);
  });

  it("chartResources, server templating with omitValues: the CRDs from one template call, the chart without them", async () => {
    helmTemplate.objects = [cloneSetCrd, webhookService];
    const values = pulumi.output({ crds: { managed: true, x: 1 }, other: "kept" });
    const dep = new (class extends pulumi.CustomResource {})("test:index:Dep", "dep", {});
    const r = chartResources(
      "c",
      { chart: "/charts/kruise", name: "k", namespace: "ns", values },
      "server",
      { dependsOn: [dep] },
      { server: { omitValues: { crds: { managed: false } } } },
    );
    await valueOf(r.component.urn);
    await settle();
    const depUrn = await valueOf(dep.urn);
    const [chart] = ofType(CHART);
    const crds = group("c-crds");
    assert.deepStrictEqual(ofType(GROUP).length, 1, "the chart's other objects stay in the chart");
    assert.deepStrictEqual(chart.inputs.values, {
      crds: { managed: false, x: 1 },
      other: "kept",
    });
    assert.deepStrictEqual(chart.dependencies.slice().sort(), [depUrn, crds.urn].sort());
    assert.deepStrictEqual(crds.inputs, { objs: [cloneSetCrd], resourcePrefix: "c" });
    assert.strictEqual(crds.retainOnDelete, true);
    assert.strictEqual(chart.retainOnDelete, false);
    assert.deepStrictEqual(crds.dependencies, [depUrn]);
    const templateCalls = calls.filter((c) => c.token === TEMPLATE);
    assert.strictEqual(templateCalls.length, 1);
    assert.deepStrictEqual(
      JSON.parse(templateCalls[0].inputs.jsonOpts).values,
      { crds: { managed: true, x: 1 }, other: "kept" },
      "the template call renders the CRDs: the full values",
    );
    assert.ok(allRegistered(3).every((x) => x.transforms === 0));
  });

  it("chartResources, server templating with annotation-kept CRDs: the chart alone, values untouched", async () => {
    const values = { crds: { keep: true } };
    const r = chartResources(
      "c",
      { chart: "/charts/argo-cd", name: "a", namespace: "ns", values },
      "server",
      {},
      { server: "annotation" },
    );
    await valueOf(r.component.urn);
    await settle();
    assert.strictEqual(r.crds, undefined);
    assert.strictEqual(ofType(GROUP).length, 0);
    assert.strictEqual(calls.filter((c) => c.token === TEMPLATE).length, 0);
    assert.deepStrictEqual(ofType(CHART)[0].inputs.values, values);
    assert.strictEqual(r.resources, r.component.resources);
  });

  it("chartResources, client templating without keepCrds: one group with every object, CRDs included, webhooks apart", async () => {
    helmTemplate.objects = [cloneSetCrd, mutatingWebhook, webhookService, preDeleteHook];
    const r = chartResources(
      "c",
      { chart: "/charts/kruise", name: "k", namespace: "ns", values: {} },
      "client",
      {},
    );
    await valueOf(r.component.urn);
    await settle();
    assert.strictEqual(r.crds, undefined);
    assert.deepStrictEqual(
      ofType(GROUP).map((g) => [g.name, g.inputs, g.retainOnDelete]),
      [
        ["c", { objs: [cloneSetCrd, webhookService], resourcePrefix: "c" }, false],
        ["c-webhooks", { objs: [mutatingWebhook], resourcePrefix: "c" }, false],
        ["c-webhook-backends", { objs: [], resourcePrefix: "c" }, false],
      ],
    );
    assert.deepStrictEqual(group("c").dependencies, []);
    assert.deepStrictEqual(group("c-webhooks").dependencies, [group("c").urn]);
    assert.strictEqual(
      await valueOf(r.component.urn),
      group("c").urn,
      "the component is the main group",
    );
  });

  it("ArgoCd templating: client keeps the admin hash secret in the rendered objects", async () => {
    helmTemplate.objects = [webhookService];
    new kd.ArgoCd("argocd", {
      templating: "client",
      adminPassword: pulumi.secret("correct horse battery staple"),
    });
    await settle();
    const rendered = group("argocd-chart");
    assert.deepStrictEqual(rendered.secretPaths, ["objs"]);
    const request = JSON.parse(calls.find((c) => c.token === TEMPLATE)!.inputs.jsonOpts);
    assert.strictEqual(request.chart, "argo-cd");
    assert.match(request.values.configs.secret.argocdServerAdminPassword, /^\$2[aby]\$10\$/);
    for (const g of ofTypeCounted(GROUP, 4))
      assert.ok(!JSON.stringify(g.inputs).includes("correct horse"));
  });

  it("rejects an unknown templating mode before registering anything", () => {
    throwsWith(
      () => new kd.KruiseOperator("kruise", { templating: "offline" as any }),
      `KruiseOperator 'kruise': args.templating is not one of "server", "client"`,
    );
    assert.strictEqual(registered.length, 0);
  });
});
