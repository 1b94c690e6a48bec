import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { mockedComponents, registered, resetRegistrations, settle } from "./support/mocks";
import { registeredResources, runPack } from "./support/policyRun";
import "./support/packageEntry";
import { FetchStub, serveRelease } from "./support/tektonRelease";

mockedComponents();
const ROOT = path.resolve(__dirname, "..", "..");
const EXAMPLES = path.join(ROOT, "examples");
const BUILT = path.resolve(__dirname, "..", "examples");

/** The example's stack config as the engine hands it over, under the test project's name. */
function stackConfig(dir: string): { config: Record<string, string>; secrets: string[] } {
  const project = (
    yaml.load(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as { name: string }
  ).name;
  const doc = yaml.load(fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8")) as {
    config: Record<string, unknown>;
  };
  const config: Record<string, string> = {};
  const secrets: string[] = [];
  for (const [key, v] of Object.entries(doc.config ?? {})) {
    const k = key.startsWith(`${project}:`)
      ? `kruise-devops:${key.slice(project.length + 1)}`
      : key;
    if (v !== null && typeof v === "object" && "secure" in v) {
      config[k] = `test-secret-for-${key}`;
      secrets.push(k);
    } else config[k] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return { config, secrets };
}

const examples = fs.existsSync(EXAMPLES)
  ? fs.readdirSync(EXAMPLES).filter((d) => fs.existsSync(path.join(EXAMPLES, d, "Pulumi.yaml")))
  : [];

describe("the examples, each under Pulumi mocks with its own stack file", () => {
  // TektonPipelines fetches its release: a small one, from the mirror, with no network.
  let fetchStub: FetchStub;
  beforeEach(() => {
    fetchStub = serveRelease();
  });
  afterEach(() => {
    fetchStub.restore();
    pulumi.runtime.setAllConfig({}, []);
    resetRegistrations();
  });

  it("are all here, each with a README and one stack file", () => {
    for (const e of [
      "ci-prewarm",
      "warm-strategies",
      "gitops-cloneset",
      "tekton-deploy",
      "gitlab-runner",
    ]) {
      assert.ok(examples.includes(e), `examples/${e}`);
      for (const f of ["README.md", "Pulumi.dev.yaml", "index.ts", "package.json"]) {
        assert.ok(fs.existsSync(path.join(EXAMPLES, e, f)), `examples/${e}/${f}`);
      }
    }
  });

  for (const e of examples) {
    it(`${e}: runs with its Pulumi.dev.yaml, secrets as secure: values, and passes the policy pack`, async () => {
      const dir = path.join(EXAMPLES, e);
      const raw = fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8");
      const { config, secrets } = stackConfig(dir);
      for (const k of secrets) assert.ok(raw.includes("secure: v1:"), `${k} is a secure value`);
      const source = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
      assert.ok(
        !/from "\.\.?\//.test(source.replace(/from "\.\/[\w-]+"/g, "")),
        "imports only packages",
      );
      assert.ok(!/components\//.test(source), "imports only the package entry point");
      pulumi.runtime.setAllConfig(config, secrets);
      const main = path.join(BUILT, e, "index.js");
      delete require.cache[main];
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(main);
      await settle();
      assert.ok(registered.length > 3, `${e} registers its resources`);
      const findings = await runPack(registeredResources());
      assert.deepStrictEqual(findings, [], "no policy finding, mandatory or advisory");
    });
  }

  it("gitlab-runner: builds with kaniko by default, with rootless BuildKit when its config says so", async () => {
    const dir = path.join(EXAMPLES, "gitlab-runner");
    const { config, secrets } = stackConfig(dir);
    const main = path.join(BUILT, "gitlab-runner", "index.js");
    const run = async (builder?: string) => {
      resetRegistrations();
      const c = { ...config };
      if (builder === undefined) delete c["kruise-devops:builder"];
      else c["kruise-devops:builder"] = builder;
      pulumi.runtime.setAllConfig(c, secrets);
      delete require.cache[main];
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const program = require(main) as { gitlabCi: string; imageBuilder: string };
      await settle();
      assert.deepStrictEqual(await runPack(registeredResources()), [], `builder ${builder}`);
      return program;
    };
    assert.strictEqual(config["kruise-devops:builder"], "kaniko", "Pulumi.dev.yaml sets it");
    const unset = await run(undefined);
    assert.strictEqual(unset.imageBuilder, "kaniko");
    assert.match(unset.gitlabCi, /name: gcr\.io\/kaniko-project\/executor:v[\d.]+-debug\n/);
    const buildkit = await run("buildkit");
    assert.strictEqual(buildkit.imageBuilder, "buildkit");
    assert.match(buildkit.gitlabCi, /name: docker\.io\/moby\/buildkit:v[\d.]+-rootless\n/);
    assert.match(buildkit.gitlabCi, /buildctl-daemonless\.sh build/);
    assert.doesNotMatch(buildkit.gitlabCi, /kaniko/);
  });
});
