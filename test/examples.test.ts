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

/** An example's Pulumi.yaml (the parts the tests read). */
interface ProjectFile {
  name: string;
  runtime: string | { name: string };
  packages?: Record<string, string>;
  config?: Record<string, { type?: string; default?: unknown }>;
  resources?: Record<string, { type: string; properties?: Record<string, unknown> }>;
}

function projectFile(dir: string): ProjectFile {
  return yaml.load(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as ProjectFile;
}

const runtimeOf = (p: ProjectFile) => (typeof p.runtime === "string" ? p.runtime : p.runtime.name);

const allExamples = fs.existsSync(EXAMPLES)
  ? fs.readdirSync(EXAMPLES).filter((d) => fs.existsSync(path.join(EXAMPLES, d, "Pulumi.yaml")))
  : [];
/** The TypeScript examples (runtime nodejs); the others are Pulumi YAML programs. */
const examples = allExamples.filter(
  (e) => runtimeOf(projectFile(path.join(EXAMPLES, e))) === "nodejs",
);
const yamlExamples = allExamples.filter(
  (e) => runtimeOf(projectFile(path.join(EXAMPLES, e))) === "yaml",
);

/**
 * `value` with every `${key}` of a Pulumi YAML program replaced by the config value `config[key]`;
 * any other interpolation (a resource's output, a function) is refused: the test would not know
 * its value.
 */
function interpolated(value: unknown, config: Record<string, unknown>): unknown {
  if (typeof value === "string") {
    const whole = /^\$\{([A-Za-z][\w-]*)\}$/.exec(value);
    if (whole) {
      assert.ok(whole[1] in config, `\${${whole[1]}} is not a config key of the example`);
      return config[whole[1]];
    }
    assert.ok(!value.includes("${"), `${value}: only whole \${<config key>} values are read here`);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => interpolated(v, config));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolated(v, config)]));
  return value;
}

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
    assert.deepStrictEqual(yamlExamples, ["yaml-warm"]);
    for (const f of ["README.md", "Pulumi.dev.yaml"])
      assert.ok(fs.existsSync(path.join(EXAMPLES, "yaml-warm", f)), `examples/yaml-warm/${f}`);
    assert.deepStrictEqual(
      [...examples, ...yamlExamples].sort(),
      allExamples.sort(),
      "every example is TypeScript or YAML",
    );
  });

  for (const e of yamlExamples) {
    it(`${e} (Pulumi YAML): names this package under packages:, and its components take its properties and pass the policy pack`, async () => {
      const dir = path.join(EXAMPLES, e);
      const project = projectFile(dir);
      assert.deepStrictEqual(Object.keys(project.packages ?? {}), ["kruise-devops"]);
      assert.strictEqual(
        path.resolve(dir, project.packages!["kruise-devops"]),
        ROOT,
        "the package is this repository",
      );
      // The config the program reads: the stack file's values, else the declared defaults.
      const doc = yaml.load(fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8")) as {
        config?: Record<string, unknown>;
      };
      const config: Record<string, unknown> = {};
      for (const [k, decl] of Object.entries(project.config ?? {})) {
        const v = doc.config?.[`${project.name}:${k}`];
        config[k] = v === undefined ? decl.default : v;
      }
      // Each resource, built with the package's component of its type from its properties, as
      // the plugin's Construct does.
      const kd = mockedComponents() as unknown as Record<string, new (...a: unknown[]) => unknown>;
      const resources = Object.entries(project.resources ?? {});
      assert.ok(resources.length >= 2, `${e} declares its resources`);
      for (const [name, r] of resources) {
        const m = /^kruise-devops:index:(\w+)$/.exec(r.type);
        assert.ok(m, `${name}: ${r.type} is a component of this package`);
        assert.strictEqual(typeof kd[m[1]], "function", `${r.type} is exported`);
        new kd[m[1]](name, interpolated(r.properties ?? {}, config));
      }
      await settle();
      assert.ok(registered.length > resources.length, `${e} registers its components' children`);
      const findings = await runPack(registeredResources());
      assert.deepStrictEqual(findings, [], "no policy finding, mandatory or advisory");
    });
  }

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
