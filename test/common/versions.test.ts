import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as semver from "semver";
import { readChartYaml } from "../../components/common/chartSource";
import {
  ARGOCD_CHART,
  ARGOCD_VERSION,
  CLIENT_TEMPLATE_KUBE_VERSION,
  KRUISE_CHART,
  KRUISE_SCHEDULED_WARM_MIN_VERSION,
  KRUISE_VERSION,
  TEKTON_PIPELINES,
} from "../../components/common/versions";
import { UPSTREAM } from "../support/crdSchema";

/** A chart's Chart.yaml `kubeVersion` constraint, read from the upstream copy. */
function kubeVersionOf(chartDir: string): string {
  const m = /^kubeVersion:\s*"?([^"\n]+)"?$/m.exec(
    fs.readFileSync(path.join(chartDir, "Chart.yaml"), "utf8"),
  );
  assert.ok(m, `${chartDir}: no kubeVersion`);
  return m[1];
}

describe("pinned upstream versions (components/common/versions)", () => {
  const kruiseChart = path.join(UPSTREAM, "kruise", `chart-${KRUISE_CHART.version}`);
  const argoChart = path.join(UPSTREAM, "argocd", `chart-${ARGOCD_CHART.version}`);

  it("every pin is exact: a version, never a range or a tag like latest", () => {
    const pins = [
      KRUISE_CHART.version,
      KRUISE_VERSION,
      KRUISE_SCHEDULED_WARM_MIN_VERSION,
      TEKTON_PIPELINES.version,
      TEKTON_PIPELINES.testedVersion,
      ARGOCD_CHART.version,
      ARGOCD_VERSION,
      CLIENT_TEMPLATE_KUBE_VERSION,
    ];
    assert.strictEqual(pins.length, 8);
    for (const v of pins) assert.ok(semver.valid(v) === semver.clean(v) && semver.valid(v), v);
  });

  it("the Kruise chart is the upstream copy's, and KRUISE_VERSION its appVersion", () => {
    assert.deepStrictEqual(
      { name: KRUISE_CHART.name, repo: KRUISE_CHART.repo },
      { name: "kruise", repo: "https://openkruise.github.io/charts/" },
    );
    const chart = readChartYaml(kruiseChart);
    assert.ok(chart, `${kruiseChart} holds the pinned chart`);
    assert.strictEqual(chart.version, KRUISE_CHART.version);
    assert.strictEqual(chart.appVersion, KRUISE_VERSION);
  });

  it("ScheduledWarm's minimum Kruise is newer than the pinned one (it needs a chart override)", () => {
    assert.ok(semver.gt(KRUISE_SCHEDULED_WARM_MIN_VERSION, KRUISE_VERSION));
  });

  it("Argo CD: the chart is the upstream copy's, and the image a later patch of its minor", () => {
    assert.deepStrictEqual(
      { name: ARGOCD_CHART.name, repo: ARGOCD_CHART.repo },
      { name: "argo-cd", repo: "https://argoproj.github.io/argo-helm" },
    );
    const chart = readChartYaml(argoChart);
    assert.ok(chart?.appVersion, `${argoChart} holds the pinned chart`);
    assert.strictEqual(chart.version, ARGOCD_CHART.version);
    assert.strictEqual(semver.major(ARGOCD_VERSION), semver.major(chart.appVersion));
    assert.strictEqual(semver.minor(ARGOCD_VERSION), semver.minor(chart.appVersion));
    assert.ok(
      semver.gte(ARGOCD_VERSION, chart.appVersion),
      `${ARGOCD_VERSION} ≥ ${chart.appVersion}`,
    );
  });

  it("Tekton: the tested release is the upstream copy's, on the installed version's LTS line", () => {
    assert.ok(
      fs.existsSync(path.join(UPSTREAM, "tekton", TEKTON_PIPELINES.testedVersion, "config")),
      `${TEKTON_PIPELINES.testedVersion} is the release the tests read`,
    );
    assert.strictEqual(
      `${semver.major(TEKTON_PIPELINES.version)}.${semver.minor(TEKTON_PIPELINES.version)}`,
      `${semver.major(TEKTON_PIPELINES.testedVersion)}.${semver.minor(TEKTON_PIPELINES.testedVersion)}`,
    );
    assert.ok(semver.gte(TEKTON_PIPELINES.version, TEKTON_PIPELINES.testedVersion));
    assert.strictEqual(
      TEKTON_PIPELINES.releaseUrl("v1.15.6"),
      "https://infra.tekton.dev/tekton-releases/pipeline/previous/v1.15.6/release.yaml",
    );
  });

  it("client-side templating renders for a Kubernetes every pinned chart supports", () => {
    for (const dir of [kruiseChart, argoChart]) {
      const range = kubeVersionOf(dir);
      assert.ok(
        semver.satisfies(CLIENT_TEMPLATE_KUBE_VERSION, range, { includePrerelease: true }),
        `${CLIENT_TEMPLATE_KUBE_VERSION} within ${dir}'s kubeVersion ${range}`,
      );
    }
  });
});
