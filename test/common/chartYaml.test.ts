import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { dependenciesVendored, readChartYaml } from "../../components/common/chartSource";
import { chartKruiseVersion } from "../../components/kruise/operator";
import { UPSTREAM } from "../support/crdSchema";

describe("Chart.yaml, read with a YAML parser", () => {
  it("reads the pinned charts' version, appVersion and dependencies", () => {
    assert.deepStrictEqual(
      { ...readChartYaml(path.join(UPSTREAM, "kruise", "chart-1.8.3")), dependencies: undefined },
      { version: "1.8.3", appVersion: "1.8.3", dependencies: undefined },
    );
    const argo = readChartYaml(path.join(UPSTREAM, "argocd", "chart-10.1.1"))!;
    assert.strictEqual(argo.appVersion, "v3.4.4");
    assert.strictEqual(argo.dependencies?.length, 1, "redis-ha");
  });

  it("keeps scalars as written, whatever their quoting or layout, as Helm reads them", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kd-chart-"));
    fs.writeFileSync(
      path.join(dir, "Chart.yaml"),
      [
        "apiVersion: v2",
        "name: kruise",
        "version: 1.10.0",
        "appVersion: 1.10 # a comment",
        "dependencies: [ { name: x, version: 1.0.0, repository: https://example.com } ]",
      ].join("\n"),
    );
    assert.deepStrictEqual(readChartYaml(dir), {
      version: "1.10.0",
      appVersion: "1.10",
      dependencies: [{ name: "x", version: "1.0.0", repository: "https://example.com" }],
    });
    assert.strictEqual(chartKruiseVersion({ path: dir }), "1.10");
    // A flow-style dependency list the old line-regex read missed: no charts/ here.
    assert.strictEqual(dependenciesVendored(dir), false);
    fs.mkdirSync(path.join(dir, "charts"));
    assert.strictEqual(dependenciesVendored(dir), true);
    assert.strictEqual(readChartYaml(path.join(dir, "missing")), undefined);
  });
});
