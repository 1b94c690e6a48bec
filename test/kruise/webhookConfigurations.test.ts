import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { KruiseFeatureGate, resolveFeatureGates } from "../../components/kruise/featureGates";
import {
  GATED_WEBHOOK_PATHS,
  KRUISE_WEBHOOK_CONFIGURATIONS,
  kruiseWebhookConfigurations,
  webhookPath,
} from "../../components/kruise/webhookConfigurations";
import { UPSTREAM } from "../support/crdSchema";
import {
  helmTemplate,
  mockedComponents,
  ofType,
  resetRegistrations,
  settle,
} from "../support/mocks";
import { CONFIG_GROUP as GROUP } from "../support/manifests";

const CHART = path.join(UPSTREAM, "kruise", "chart-1.8.3");

/**
 * The pinned chart's `templates/webhookconfiguration.yaml` as `helm template` renders it with the
 * default values and `featureGates` = `gates`: its only template actions are the namespace, the
 * timeout, the externalCerts annotations (empty by default) and the `PodWebhook=false` guards.
 * Checked against the real render in test/e2e/local.e2e.ts.
 */
function chartWebhookConfigurations(gates: string): Record<string, any>[] {
  const values = yaml.load(fs.readFileSync(path.join(CHART, "values.yaml"), "utf8")) as any;
  const src = fs.readFileSync(path.join(CHART, "templates", "webhookconfiguration.yaml"), "utf8");
  const out: string[] = [];
  const skipping: boolean[] = [];
  for (const line of src.split("\n")) {
    const action = /^\s*\{\{-?\s*(.*?)\s*-?\}\}\s*$/.exec(line);
    if (action) {
      const [, a] = action;
      if (a.startsWith("if not (contains")) {
        const needle = /contains "([^"]+)"/.exec(a)![1];
        skipping.push(gates.includes(needle));
      } else if (a.startsWith("if .Values.externalCerts.annotations")) {
        skipping.push(true);
      } else if (a === "end") {
        skipping.pop();
      } else if (!a.startsWith("toYaml")) {
        throw new Error(`unexpected template action: ${line}`);
      }
      continue;
    }
    if (skipping.some((s) => s)) continue;
    out.push(
      line
        .replace("{{ .Values.installation.namespace }}", values.installation.namespace)
        .replace(
          "{{ .Values.webhookConfiguration.timeoutSeconds }}",
          String(values.webhookConfiguration.timeoutSeconds),
        ),
    );
  }
  assert.doesNotMatch(out.join("\n"), /\{\{/, "every template action handled");
  return yaml.loadAll(out.join("\n")).filter((o) => o) as Record<string, any>[];
}

const effective = (set: Partial<Record<KruiseFeatureGate, boolean>> = {}) =>
  resolveFeatureGates({ ImagePullJobGate: true, ...set }, false, "1.8.3").effective;
const paths = (o: Record<string, any>) => (o.webhooks as any[]).map((w) => webhookPath(w));
const byKind = (objs: Record<string, any>[], kind: string) => objs.find((o) => o.kind === kind)!;

describe("Kruise webhook configurations as kruise-manager keeps them (components/kruise/webhookConfigurations)", () => {
  const chart = chartWebhookConfigurations("ImagePullJobGate=true");

  it("reads the real chart: both configurations, with the template annotation empty", () => {
    assert.deepStrictEqual(
      chart.map((o) => [o.kind, o.metadata.name, o.metadata.annotations]),
      Object.entries(KRUISE_WEBHOOK_CONFIGURATIONS).map(([k, n]) => [k, n, { template: "" }]),
    );
    const all = chart.flatMap(paths);
    for (const p of Object.keys(GATED_WEBHOOK_PATHS)) assert.ok(all.includes(p), p);
  });

  it("with the default gates, leaves out the ingress and Service webhooks kruise-manager does not serve, and keeps every other", () => {
    const out = kruiseWebhookConfigurations(chart, effective());
    for (const kind of Object.keys(KRUISE_WEBHOOK_CONFIGURATIONS)) {
      const before = paths(byKind(chart, kind));
      assert.deepStrictEqual(
        paths(byKind(out, kind)),
        before.filter((p) => p !== "/validate-ingress" && p !== "/validate-service"),
      );
    }
    assert.strictEqual(byKind(chart, "ValidatingWebhookConfiguration").webhooks.length, 24);
    assert.strictEqual(byKind(out, "ValidatingWebhookConfiguration").webhooks.length, 22);
    assert.strictEqual(byKind(out, "MutatingWebhookConfiguration").webhooks.length, 12);
  });

  it("fills the template annotation with exactly the webhooks rendered, so kruise-manager never writes it, and forces Pulumi's apply", () => {
    const configurations = kruiseWebhookConfigurations(chart, effective());
    assert.strictEqual(configurations.length, 2, "the validating and the mutating configuration");
    for (const o of configurations) {
      assert.deepStrictEqual(Object.keys(o.metadata.annotations).sort(), [
        "pulumi.com/patchForce",
        "template",
      ]);
      assert.strictEqual(o.metadata.annotations["pulumi.com/patchForce"], "true");
      assert.deepStrictEqual(JSON.parse(o.metadata.annotations.template), o.webhooks);
      assert.ok(o.webhooks.every((w: any) => w.clientConfig.caBundle === undefined));
    }
  });

  it("keeps the ingress and Service webhooks with ResourcesDeletionProtection, drops the Pod ones with PodWebhook off", () => {
    const rdp = kruiseWebhookConfigurations(
      chart,
      effective({ ResourcesDeletionProtection: true }),
    );
    assert.deepStrictEqual(
      paths(byKind(rdp, "ValidatingWebhookConfiguration")),
      paths(byKind(chart, "ValidatingWebhookConfiguration")),
    );
    // The chart already leaves them out when its featureGates say PodWebhook=false; a Pod
    // webhook left in by other values is dropped all the same.
    const noPod = kruiseWebhookConfigurations(chart, effective({ PodWebhook: false }));
    assert.ok(!noPod.flatMap(paths).some((p) => p === "/mutate-pod" || p === "/validate-pod"));
    const rendered = chartWebhookConfigurations("ImagePullJobGate=true,PodWebhook=false");
    assert.ok(!rendered.flatMap(paths).some((p) => p === "/mutate-pod" || p === "/validate-pod"));
  });

  it("leaves everything alone with EnableExternalCerts (kruise-manager only checks the caBundles), and other objects always", () => {
    const other = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "kruise-webhook-service" },
    };
    const lookalike = { ...chart[0], metadata: { name: "someone-elses", annotations: {} } };
    assert.deepStrictEqual(
      kruiseWebhookConfigurations([...chart, other], effective({ EnableExternalCerts: true })),
      [...chart, other],
    );
    const out = kruiseWebhookConfigurations([other, lookalike], effective());
    assert.strictEqual(out[0], other);
    assert.strictEqual(out[1], lookalike);
    assert.strictEqual(chart[0].metadata.annotations.template, "", "the input is not changed");
  });

  it("keeps a template the chart already set, and reads a webhook's path from a URL too", () => {
    const [m] = chart;
    const set = { ...m, metadata: { ...m.metadata, annotations: { template: "[]" } } };
    assert.strictEqual(
      kruiseWebhookConfigurations([set], effective())[0].metadata.annotations.template,
      "[]",
    );
    assert.strictEqual(
      webhookPath({ clientConfig: { url: "https://127.0.0.1:9876/validate-service?x=1" } }),
      "/validate-service",
    );
    assert.strictEqual(webhookPath({ clientConfig: {} }), undefined);
  });
});

describe("KruiseOperator registers the webhook configurations as kruise-manager keeps them", () => {
  const kd = mockedComponents();
  beforeEach(resetRegistrations);

  it("client templating (the default): the webhooks group holds the kept configurations", async () => {
    helmTemplate.objects = chartWebhookConfigurations("ImagePullJobGate=true");
    new kd.KruiseOperator("kruise");
    await settle();
    const [webhooks] = ofType(GROUP).filter((g) => g.name === "kruise-chart-webhooks");
    // The template's JSON is compared parsed: the mocked invoke's result comes back with its keys
    // in another order.
    const parsed = (objs: Record<string, any>[]) =>
      objs.map((o) => ({
        ...o,
        metadata: {
          ...o.metadata,
          annotations: {
            ...o.metadata.annotations,
            template: JSON.parse(o.metadata.annotations.template),
          },
        },
      }));
    assert.deepStrictEqual(
      parsed(webhooks.inputs.objs),
      parsed(
        kruiseWebhookConfigurations(helmTemplate.objects as Record<string, any>[], effective()),
      ),
    );
    assert.ok(
      !webhooks.inputs.objs.flatMap(paths).includes("/validate-service"),
      "no unserved webhook registered",
    );
  });
});
