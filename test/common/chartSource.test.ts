import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  chartArgsFor,
  chartSourceSchema,
  dependenciesVendored,
  readChartYaml,
} from "../../components/common/chartSource";
import { KRUISE_CHART } from "../../components/common/versions";
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

describe("chart sources (components/common/chartSource)", () => {
  const kruiseChart = path.join(UPSTREAM, "kruise", "chart-1.8.3");

  /** The messages of a source that does not parse, or [] when it parses. */
  function problems(source: unknown): string[] {
    const r = chartSourceSchema.safeParse(source);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  }

  it("takes an exact version (Helm's semver, v prefix, pre-release and build), not a range", () => {
    for (const version of ["1.8.3", "v1.8.3", "1.9.0-alpha.1", "1.8.3+build.5", "10.1.1"]) {
      assert.deepStrictEqual(problems({ version }), [], version);
    }
    for (const version of ["1.8", "^1.8.3", "~1.8.3", ">=1.8.0", "1.8.x", "latest", "", "1.8.3 "]) {
      const got = problems({ version });
      assert.strictEqual(got.length, 1, version);
      assert.match(got[0], /^version: is not an exact chart version — Helm resolves ranges/);
    }
  });

  it("takes http(s):// and oci:// repositories without credentials", () => {
    for (const repo of [
      "https://openkruise.github.io/charts/",
      "http://mirror:8080",
      "oci://ghcr.io/x",
    ]) {
      assert.deepStrictEqual(problems({ repo }), [], repo);
    }
    assert.match(
      problems({ repo: "openkruise.github.io/charts" })[0],
      /^repo: is not a chart repository URL/,
    );
    assert.match(
      problems({ repo: "s3://bucket/charts" })[0],
      /^repo: is not a chart repository URL/,
    );
    const withToken = problems({ repo: "https://user:tok3n@charts.example.com" });
    assert.strictEqual(withToken.length, 1);
    assert.ok(!withToken[0].includes("tok3n"), withToken[0]);
    assert.match(withToken[0], /has credentials in it/);
  });

  it("takes a local chart directory or .tgz, and refuses a path that is neither", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kd-src-"));
    const tgz = path.join(dir, "kruise-1.8.3.tgz");
    fs.writeFileSync(tgz, "");
    assert.deepStrictEqual(problems({ path: kruiseChart }), []);
    assert.deepStrictEqual(problems({ path: tgz }), []);
    for (const p of [dir, path.join(dir, "missing"), path.join(kruiseChart, "values.yaml")]) {
      const got = problems({ path: p });
      assert.strictEqual(got.length, 1, p);
      assert.match(
        got[0],
        /^path: is not a chart — a local chart is a directory holding Chart.yaml/,
      );
    }
  });

  it("refuses a path given with repo or version, and unknown keys", () => {
    for (const extra of [{ version: "1.8.3" }, { repo: "https://example.com/charts" }]) {
      const got = problems({ path: kruiseChart, ...extra });
      assert.deepStrictEqual(got.length, 1, JSON.stringify(extra));
      assert.match(got[0], /^path: is given together with repo\/version/);
    }
    assert.strictEqual(problems({ url: "https://example.com" }).length, 1);
  });

  it("chartArgsFor: the pinned chart by default, each field overridable, a path resolved", () => {
    assert.deepStrictEqual(chartArgsFor(undefined, KRUISE_CHART), {
      chart: "kruise",
      version: KRUISE_CHART.version,
      repositoryOpts: { repo: KRUISE_CHART.repo },
    });
    assert.deepStrictEqual(chartArgsFor({ version: "1.8.2" }, KRUISE_CHART), {
      chart: "kruise",
      version: "1.8.2",
      repositoryOpts: { repo: KRUISE_CHART.repo },
    });
    assert.deepStrictEqual(chartArgsFor({ repo: "oci://mirror/charts" }, KRUISE_CHART), {
      chart: "kruise",
      version: KRUISE_CHART.version,
      repositoryOpts: { repo: "oci://mirror/charts" },
    });
    const relative = path.relative(process.cwd(), kruiseChart);
    assert.deepStrictEqual(chartArgsFor({ path: relative }, KRUISE_CHART), {
      chart: path.resolve(relative),
    });
  });
});
