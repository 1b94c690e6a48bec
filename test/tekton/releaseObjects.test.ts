import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  manifestFiles,
  readRelease,
  withConfigMapData,
} from "../../components/tekton/releaseObjects";
import { decodeYaml, resetRegistrations } from "../support/mocks";
import {
  FetchStub,
  Obj,
  TEKTON_CONFIG,
  configMap,
  ids,
  releaseUrl,
  stubFetch,
} from "../support/tektonRelease";

// Moved from install.test.ts under the describe they had there: titles unchanged.
describe("TektonPipelines under Pulumi mocks", () => {
  let fetchStub: FetchStub | undefined;
  beforeEach(resetRegistrations);
  afterEach(() => {
    fetchStub?.restore();
    fetchStub = undefined;
  });

  it("withConfigMapData merges into one ConfigMap of one namespace, changing nothing in place", () => {
    const flags = configMap("config-feature-flags.yaml");
    const defaults = configMap("config-defaults.yaml");
    const elsewhere = { ...flags, metadata: { ...flags.metadata, namespace: "other" } };
    const objs = [flags, defaults, elsewhere];
    const before = JSON.stringify(objs);

    const out = withConfigMapData(objs, "tekton-pipelines", "feature-flags", {
      "enable-api-fields": "stable",
      "a-new-key": "x",
    });
    assert.strictEqual(out.length, 3);
    assert.strictEqual(out[0].data.coschedule, "workspaces", "other keys kept");
    assert.deepStrictEqual(out[0].data, {
      ...flags.data,
      "enable-api-fields": "stable",
      "a-new-key": "x",
    });
    assert.deepStrictEqual(out[0].metadata, flags.metadata);
    assert.strictEqual(out[1], defaults, "another ConfigMap is left alone");
    assert.strictEqual(out[2], elsewhere, "the same name in another namespace is left alone");
    assert.strictEqual(JSON.stringify(objs), before, "the input is not changed");
    assert.strictEqual(flags.data["enable-api-fields"], "beta");

    assert.strictEqual(
      withConfigMapData(objs, "tekton-pipelines", "feature-flags", {}),
      objs,
      "no data: the same array",
    );
    // A ConfigMap without data gets one.
    const bare = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "n", namespace: "ns" } };
    assert.deepStrictEqual(withConfigMapData([bare], "ns", "n", { k: "v" })[0].data, { k: "v" });
    // Only a v1 ConfigMap: a same-named object of another kind is left alone.
    const secret = { ...bare, kind: "Secret" };
    assert.strictEqual(withConfigMapData([secret], "ns", "n", { k: "v" })[0], secret);
  });

  it("readRelease fails on a non-OK answer, naming the URL and the HTTP status", async () => {
    const url = releaseUrl("v9.9.9");
    fetchStub = stubFetch(() => new Response("no such key", { status: 404 }));
    await assert.rejects(readRelease({ url }), (e: Error) => {
      assert.ok(e.message.includes(`GET ${url}: HTTP 404`), e.message);
      assert.ok(e.message.includes("give source.path"), e.message);
      return true;
    });
    assert.deepStrictEqual(fetchStub.urls, [url]);
  });

  it("readRelease reads a directory's files sorted and joined as one YAML stream", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tekton-dir-"));
    try {
      fs.mkdirSync(path.join(tmp, "sub"));
      const doc = (name: string) =>
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ns\n`;
      fs.writeFileSync(path.join(tmp, "b.yaml"), doc("b"));
      fs.writeFileSync(path.join(tmp, "sub", "c.yaml"), doc("c"));
      fs.writeFileSync(path.join(tmp, "a.yml"), `---\n${doc("a")}`);
      fs.writeFileSync(path.join(tmp, "sub-d.yaml"), doc("d"));
      fs.writeFileSync(path.join(tmp, "notes.txt"), "not a manifest");
      // Sorted as paths ("sub-d.yaml" before "sub/c.yaml"), not directory by directory.
      assert.deepStrictEqual(manifestFiles(tmp), [
        path.join(tmp, "a.yml"),
        path.join(tmp, "b.yaml"),
        path.join(tmp, "sub-d.yaml"),
        path.join(tmp, "sub", "c.yaml"),
      ]);
      const text = await readRelease({ path: tmp });
      assert.strictEqual(text, [`---\n${doc("a")}`, doc("b"), doc("d"), doc("c")].join("\n---\n"));
      assert.deepStrictEqual(ids(decodeYaml(text) as Obj[]), [
        "ConfigMap/ns/a",
        "ConfigMap/ns/b",
        "ConfigMap/ns/d",
        "ConfigMap/ns/c",
      ]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    const listed = manifestFiles(TEKTON_CONFIG);
    assert.ok(listed.includes(path.join(TEKTON_CONFIG, "300-crds", "300-task.yaml")));
    assert.ok(listed.every((f) => /\.ya?ml$/.test(f) && path.isAbsolute(f)));
    assert.deepStrictEqual(listed, [...listed].sort());
  });
});
