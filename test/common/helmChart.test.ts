import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import * as path from "path";
import { templateRequest, withoutHooks } from "../../components/common/helmChart";
import { UPSTREAM } from "../support/crdSchema";
import { throwsWith } from "../support/expect";
import {
  calls,
  helmTemplate,
  mockedComponents,
  ofType,
  registered,
  resetRegistrations,
  settle,
  valueOf,
} from "../support/mocks";

const kd = mockedComponents();

const CHART = "kubernetes:helm.sh/v4:Chart";
const GROUP = "kubernetes:yaml/v2:ConfigGroup";
const TEMPLATE = "kubernetes:helm:template";

const webhookService = {
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "kruise-webhook-service", namespace: "kruise-system" },
};
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

  it("KruiseOperator templating: client registers the rendered objects in a ConfigGroup, with the same transforms", async () => {
    helmTemplate.objects = [webhookService, preDeleteHook];
    const k = new kd.KruiseOperator("kruise", {
      templating: "client",
      source: { path: path.join(UPSTREAM, "kruise", "chart-1.8.3") },
      gitOps: true,
    });
    await valueOf(k.chart.urn);
    await settle();
    assert.strictEqual(ofType(CHART).length, 0, "no helm.v4.Chart");
    const groups = ofType(GROUP);
    assert.strictEqual(groups.length, 1);
    const group = groups[0];
    const component = registered.find((r) => r.type === "kruise-devops:index:KruiseOperator")!;
    assert.strictEqual(group.parent, component.urn);
    assert.strictEqual(group.name, "kruise-chart");
    assert.strictEqual(group.transforms, 1, "the CRD-retaining transform");
    assert.deepStrictEqual(group.inputs, {
      objs: [webhookService],
      resourcePrefix: "kruise-chart",
    });
    assert.strictEqual(k.ready, k.chart.resources);

    const templateCalls = calls.filter((c) => c.token === TEMPLATE);
    assert.strictEqual(templateCalls.length, 1);
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

  it("server templating stays a helm.v4.Chart and calls no template function", async () => {
    new kd.KruiseOperator("kruise", { templating: "server" });
    await settle();
    assert.strictEqual(ofType(CHART).length, 1);
    assert.strictEqual(ofType(GROUP).length, 0);
    assert.strictEqual(calls.filter((c) => c.token === TEMPLATE).length, 0);
  });

  it("ArgoCd templating: client keeps the admin hash secret in the rendered objects", async () => {
    helmTemplate.objects = [webhookService];
    new kd.ArgoCd("argocd", {
      templating: "client",
      adminPassword: pulumi.secret("correct horse battery staple"),
    });
    await settle();
    const group = ofType(GROUP)[0];
    assert.ok(group, "a ConfigGroup was registered");
    assert.deepStrictEqual(group.secretPaths, ["objs"]);
    const request = JSON.parse(calls.find((c) => c.token === TEMPLATE)!.inputs.jsonOpts);
    assert.strictEqual(request.chart, "argo-cd");
    assert.match(request.values.configs.secret.argocdServerAdminPassword, /^\$2[aby]\$10\$/);
    assert.ok(!JSON.stringify(group.inputs).includes("correct horse"));
  });

  it("rejects an unknown templating mode before registering anything", () => {
    throwsWith(
      () => new kd.KruiseOperator("kruise", { templating: "offline" as any }),
      `KruiseOperator 'kruise': args.templating is not one of "server", "client"`,
    );
    assert.strictEqual(registered.length, 0);
  });
});
