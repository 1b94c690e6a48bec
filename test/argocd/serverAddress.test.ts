import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import {
  ARGOCD_CHART_NAMING,
  argoCdFullname,
  argoCdServerAddress,
} from "../../components/argocd/serverAddress";
import { ARGOCD_CHART } from "../../components/common/versions";
import { mockedComponents, resetRegistrations, settle } from "../support/mocks";
import { UPSTREAM } from "../support/crdSchema";

const CHART = path.join(UPSTREAM, "argocd", `chart-${ARGOCD_CHART.version}`);
const kd = mockedComponents();

describe("ArgoCd serverAddress: the Service the argo-cd chart creates", () => {
  it("ports the pinned chart's own naming rules and defaults", () => {
    const values = yaml.load(fs.readFileSync(path.join(CHART, "values.yaml"), "utf8")) as any;
    assert.deepStrictEqual(
      {
        chartName: (yaml.load(fs.readFileSync(path.join(CHART, "Chart.yaml"), "utf8")) as any).name,
        nameOverride: values.nameOverride,
        fullnameOverride: values.fullnameOverride,
        namespaceOverride: values.namespaceOverride,
        serverName: values.server.name,
        servicePortHttps: values.server.service.servicePortHttps,
      },
      ARGOCD_CHART_NAMING,
    );
    const common = fs.readFileSync(path.join(CHART, "templates", "_common.tpl"), "utf8");
    const helpers = fs.readFileSync(path.join(CHART, "templates", "_helpers.tpl"), "utf8");
    const service = fs.readFileSync(
      path.join(CHART, "templates", "argocd-server", "service.yaml"),
      "utf8",
    );
    for (const [text, rule] of [
      [common, '{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}'],
      [common, "{{- $name := default .Chart.Name .Values.nameOverride -}}"],
      [common, "{{- if contains $name .Release.Name -}}"],
      [common, '{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}'],
      [
        helpers,
        '{{- printf "%s-%s" (include "argo-cd.fullname" .) .Values.server.name | trunc 63 | trimSuffix "-" -}}',
      ],
      [
        helpers,
        '{{- default .Release.Namespace .Values.namespaceOverride | trunc 63 | trimSuffix "-" -}}',
      ],
      [service, '  name: {{ template "argo-cd.server.fullname" . }}'],
      [service, "    port: {{ .Values.server.service.servicePortHttps }}"],
    ]) {
      assert.ok(text.includes(rule), `the chart still says ${rule}`);
    }
  });

  const cases: [string, string, string, Record<string, unknown>, string][] = [
    ["the default install", "argocd", "argocd", {}, "argocd-server.argocd.svc:443"],
    ["under Platform", "platform-argocd", "argocd", {}, "platform-argocd-server.argocd.svc:443"],
    ["a release without 'argocd' in it", "gitops", "cd", {}, "gitops-argocd-server.cd.svc:443"],
    ["fullnameOverride", "x", "cd", { fullnameOverride: "acme" }, "acme-server.cd.svc:443"],
    ["nameOverride", "x", "cd", { nameOverride: "ci" }, "x-ci-server.cd.svc:443"],
    [
      "nameOverride removed (null): the chart name",
      "x",
      "cd",
      { nameOverride: null },
      "x-argo-cd-server.cd.svc:443",
    ],
    [
      "nameOverride empty: the chart name",
      "my-argo-cd",
      "cd",
      { nameOverride: "" },
      "my-argo-cd-server.cd.svc:443",
    ],
    ["server.name", "argocd", "cd", { server: { name: "api" } }, "argocd-api.cd.svc:443"],
    ["server.name removed (null)", "argocd", "cd", { server: { name: null } }, "argocd.cd.svc:443"],
    [
      "namespaceOverride",
      "argocd",
      "cd",
      { namespaceOverride: "ops" },
      "argocd-server.ops.svc:443",
    ],
    [
      "the HTTPS port",
      "argocd",
      "cd",
      { server: { service: { servicePortHttps: 8443 } } },
      "argocd-server.cd.svc:8443",
    ],
  ];
  for (const [what, release, ns, values, address] of cases) {
    it(`${what}: ${address}`, () => {
      assert.strictEqual(argoCdServerAddress(release, ns, values), address);
    });
  }

  it("truncates to 63 characters and drops a trailing '-', as sprig does", () => {
    const long = `${"a".repeat(62)}-b`;
    assert.strictEqual(argoCdFullname(long, { fullnameOverride: long }), "a".repeat(62));
    const address = argoCdServerAddress("r", "cd", { fullnameOverride: "b".repeat(60) });
    assert.strictEqual(address, `${"b".repeat(60)}-se.cd.svc:443`);
  });

  it("is what ArgoCd exposes", async () => {
    assert.strictEqual(
      new kd.ArgoCd("argocd", { namespace: "gitops" }).serverAddress,
      "argocd-server.gitops.svc:443",
    );
    assert.strictEqual(
      new kd.ArgoCd("cd", { values: { nameOverride: "ci" } }).serverAddress,
      "cd-ci-server.argocd.svc:443",
    );
    await settle();
    resetRegistrations();
  });
});
