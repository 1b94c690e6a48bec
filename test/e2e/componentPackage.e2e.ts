/**
 * The toolchain that runs a Pulumi component package (issue 15, items 4 and 5), proven on a
 * throwaway package (test/e2e/fixtures/component-package: PulumiPlugin.yaml of runtime nodejs,
 * one ComponentResource) with the real CLI, the real @pulumi/pulumi run-plugin and schema
 * analyzer, Pulumi YAML's real language host and Pulumi's Go code generator:
 *
 * - `pulumi package get-schema <dir>` infers the component, its inputs and its output;
 * - a Pulumi YAML program naming the directory under `packages:` runs `up`, a zero-diff
 *   `preview --expect-no-changes` and `destroy` on a file backend (no cluster: the component
 *   registers only itself and a plain child component);
 * - `pulumi package gen-sdk <dir> --language go` writes an SDK that `go build ./...` compiles
 *   against sdk/v3 at the CLI's version;
 * - a TypeScript program still runs through the Node.js language host, as the rest of the suite
 *   needs.
 *
 * Then the same on this package itself (its PulumiPlugin.yaml, the built dist/ as the plugin, the
 * schema inferred from components/*.ts; README "Component package"):
 *
 * - `pulumi package get-schema <repository>` returns every public component, and fails on none;
 * - examples/yaml-warm, a Pulumi YAML program naming the repository under `packages:`, runs `up`,
 *   a zero-diff `preview --expect-no-changes` and `destroy` against an API server of its own
 *   (Kruise's CRDs installed first by KruiseOperator, as warm.e2e.ts does);
 * - `pulumi package gen-sdk <repository> --language go` writes an SDK that `go build` compiles.
 *
 * The Node.js plugin runs through our pulumi-language-nodejs stand-in (RunPlugin, in front of the
 * real v3.68.0 host) and the Go SDK through our pulumi-language-go stand-in (GeneratePackage):
 * scripts/e2e/build-pulumi.sh and README "End to end" say why.
 */
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { MIRROR_LAYOUT, stackConfigFile } from "../../stacks/mirror";
import { pulumiCommand, pulumiEnv } from "../../stacks/pulumiCli";
import { kubeconfigPath, list, startApiServer, stopApiServer } from "./support/cluster";
import { pluginHome } from "./support/pluginHome";
import { CLUSTER_PACKS, ROOT, apiServerConfig, inlineStack, mirror } from "./support/stacks";

const run = promisify(execFile);

const FIXTURES = path.join(ROOT, "test", "e2e", "fixtures");
/** The package's name (package.json) and its component's type token. */
const PACKAGE = "kd-fixture";
const GREETING = `${PACKAGE}:index:Greeting`;
/** The CLI version the Go SDK is built against (scripts/e2e/build-pulumi.sh, = @pulumi/pulumi). */
const SDK_VERSION = `v${require("@pulumi/pulumi/package.json").version}`;

/**
 * Copies a fixture directory into `work`, each of its package.json dependencies a link to the
 * repository's node_modules (nothing is installed; the stand-in host installs no plugin
 * dependencies).
 */
function fixture(work: string, name: string): string {
  const dir = path.join(work, name);
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  const manifest = path.join(dir, "package.json");
  if (fs.existsSync(manifest)) {
    for (const dep of Object.keys(JSON.parse(fs.readFileSync(manifest, "utf8")).dependencies)) {
      fs.mkdirSync(path.dirname(path.join(dir, "node_modules", dep)), { recursive: true });
      fs.symlinkSync(
        path.join(ROOT, "node_modules", dep),
        path.join(dir, "node_modules", dep),
        "dir",
      );
    }
  }
  return dir;
}

/** Runs a command with the suite's Pulumi environment; a failure carries its output. */
async function sh(
  cmd: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<string> {
  try {
    const { stdout } = await run(cmd, args, {
      cwd,
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (e: any) {
    throw new Error(
      `${cmd} ${args.join(" ")} (in ${cwd}) failed:\n${e.stdout ?? ""}\n${e.stderr ?? e}`,
    );
  }
}

/**
 * Compiles the Go SDK gen-sdk wrote, given one file of its root package (`file`).
 *
 * gen-sdk writes no go.mod (the schema has no supportPack), and its root package imports its own
 * internal package under the schema's import base path (example.com/pulumi-<name>/sdk/go/<name>,
 * the name as is) while its directory is the Go package name (dashes dropped): a consumer makes
 * the root package's directory a module of that path, requiring the Go SDK at the CLI's version
 * (and `require`, e.g. the Kubernetes Go SDK an SDK whose outputs are Kubernetes resources
 * imports). Returns the go.mod written.
 */
async function goBuild(
  file: string,
  env: Record<string, string>,
  require: string[] = [],
): Promise<string> {
  const source = fs.readFileSync(file, "utf8");
  const internalImport = /"([^"]+)\/internal"/.exec(source);
  assert.ok(internalImport, `${path.basename(file)} imports the SDK's internal package`);
  const modulePath = internalImport[1];
  const moduleDir = path.dirname(file);
  assert.ok(fs.existsSync(path.join(moduleDir, "internal")), `internal/ is beside ${file}`);
  const goEnv = { ...env, GOFLAGS: "-mod=mod -trimpath", GOTOOLCHAIN: "local", CGO_ENABLED: "0" };
  await sh("go", ["mod", "init", modulePath], moduleDir, goEnv);
  for (const r of [`github.com/pulumi/pulumi/sdk/v3@${SDK_VERSION}`, ...require])
    await sh("go", ["mod", "edit", `-require=${r}`], moduleDir, goEnv);
  await sh("go", ["mod", "tidy"], moduleDir, goEnv);
  await sh("nice", ["-n", "19", "go", "build", "./..."], moduleDir, goEnv);
  const gomod = fs.readFileSync(path.join(moduleDir, "go.mod"), "utf8");
  assert.ok(
    gomod.includes(`github.com/pulumi/pulumi/sdk/v3 ${SDK_VERSION}\n`),
    `go.mod requires the Go SDK at ${SDK_VERSION}:\n${gomod}`,
  );
  return gomod;
}

describe("a Pulumi component package on the real engine (get-schema, YAML packages:, gen-sdk)", function () {
  let work: string;
  let env: Record<string, string>;
  let cli: PulumiCommand;
  let pkgDir: string;

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "kd-e2e-component-package-"));
    fs.mkdirSync(path.join(work, "state"));
    env = pulumiEnv(`file://${path.join(work, "state")}`);
    cli = await pulumiCommand(env);
    pkgDir = fixture(work, "component-package");
    // Like the real package, the fixture depends on @pulumi/kubernetes: see support/pluginHome.
    env.PULUMI_HOME = await pluginHome(path.join(work, "pulumi-home"), pkgDir, env);
  });

  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  async function stackOf(projectDir: string, name: string): Promise<Stack> {
    return LocalWorkspace.createOrSelectStack(
      { stackName: name, workDir: projectDir },
      { envVars: env, pulumiCommand: cli },
    );
  }

  it("pulumi package get-schema infers the component, its inputs with their docs, and its output", async () => {
    // Run from outside the package, as a consumer does (inside a directory that also holds a
    // Pulumi.yaml, such as this repository's root, the CLI refuses: "detected both").
    const schema = JSON.parse(await sh("pulumi", ["package", "get-schema", pkgDir], work, env));
    assert.strictEqual(schema.name, PACKAGE);
    assert.strictEqual(schema.version, "0.1.0");
    assert.deepStrictEqual(Object.keys(schema.resources), [GREETING]);
    const greeting = schema.resources[GREETING];
    assert.strictEqual(greeting.isComponent, true);
    assert.deepStrictEqual(greeting.inputProperties, {
      name: { type: "string", description: "Who is greeted." },
      times: { type: "number", description: "How many times the greeting is said; default 1." },
      loud: { type: "boolean", description: "Whether it is shouted (upper case); default false." },
    });
    assert.deepStrictEqual(greeting.requiredInputs, ["name"]);
    assert.deepStrictEqual(greeting.properties, {
      message: {
        type: "string",
        description: 'The greeting\'s text, e.g. "hello world, hello world".',
      },
    });
    assert.deepStrictEqual(greeting.required, ["message"]);
  });

  it("a Pulumi YAML program with the package under packages: runs up, a zero-diff preview and destroy", async () => {
    const projectDir = fixture(work, "yaml-program");
    const stack = await stackOf(projectDir, "dev");
    let log = "";
    const onOutput = (s: string) => (log += s);

    const up = await stack.up({ onOutput });
    assert.strictEqual(up.summary.result, "succeeded", log);
    assert.strictEqual(up.outputs.message.value, "hello world, hello world");
    const resources = (await stack.exportStack()).deployment.resources ?? [];
    const greeting = resources.find((r: any) => r.type === GREETING);
    assert.ok(greeting, `no ${GREETING} in the state: ${resources.map((r: any) => r.type)}`);
    assert.deepStrictEqual(greeting.outputs, { message: "hello world, hello world" });
    const part = resources.find((r: any) => r.type === `${PACKAGE}:index:GreetingPart`);
    assert.ok(part, "the component's child is in the state");
    assert.strictEqual(part.parent, greeting.urn);

    const preview = await stack.preview({ expectNoChanges: true, onOutput });
    const changes = Object.keys(preview.changeSummary).filter((k) => k !== "same");
    assert.deepStrictEqual(changes, [], log);
    assert.ok((preview.changeSummary.same ?? 0) >= 3, JSON.stringify(preview.changeSummary));

    const destroy = await stack.destroy({ onOutput });
    assert.strictEqual(destroy.summary.result, "succeeded", log);
    assert.deepStrictEqual((await stack.exportStack()).deployment.resources ?? [], []);
    await stack.workspace.removeStack("dev");
  });

  it("pulumi package gen-sdk --language go writes an SDK that go build compiles", async () => {
    const out = path.join(work, "sdk");
    await sh("pulumi", ["package", "gen-sdk", pkgDir, "--language", "go", "--out", out], work, env);
    const goDir = path.join(out, "go");
    const files = fs.readdirSync(goDir, { recursive: true }).map(String);
    const greetingFile = files.find((f) => path.basename(f) === "greeting.go");
    assert.ok(greetingFile, `no greeting.go in ${files}`);
    const source = fs.readFileSync(path.join(goDir, greetingFile), "utf8");
    assert.match(source, /func NewGreeting\(/);
    assert.match(source, /type greetingArgs struct \{[^}]*Name\s+string[^}]*\}/s);
    assert.match(
      source,
      /type GreetingArgs struct \{[^}]*Loud\s+pulumi\.BoolPtrInput[^}]*Name\s+pulumi\.StringInput[^}]*Times\s+pulumi\.Float64PtrInput[^}]*\}/s,
    );
    assert.match(source, /Message pulumi\.StringOutput/);

    await goBuild(path.join(goDir, greetingFile), env);
  });

  it("a TypeScript program still runs through the Node.js language host", async () => {
    const projectDir = fixture(work, "ts-program");
    const stack = await stackOf(projectDir, "dev");
    let log = "";
    const up = await stack.up({ onOutput: (s) => (log += s) });
    assert.strictEqual(up.summary.result, "succeeded", log);
    assert.strictEqual(up.outputs.answer.value, 42);
    assert.match(log, /kd-ts-program ran/);
    const destroy = await stack.destroy();
    assert.strictEqual(destroy.summary.result, "succeeded");
    await stack.workspace.removeStack("dev");
  });
});

/** This package's name (package.json), and so its components' type tokens' package. */
const KD = "kruise-devops";
/** The Kubernetes Go SDK the suite's provider was built from (scripts/e2e/build-k8s-provider.sh). */
const K8S_GO_SDK = "github.com/pulumi/pulumi-kubernetes/sdk/v4";
const K8S_GO_SDK_VERSION = "v4.25.0";
const JOBS = "apps.kruise.io/v1alpha1";

describe("this package as a Pulumi component package (get-schema, examples/yaml-warm, gen-sdk)", function () {
  let work: string;
  let env: Record<string, string>;
  let cli: PulumiCommand;
  /** The components the built entry point exports, found as run-plugin finds them. */
  let components: string[];

  before(async () => {
    assert.ok(
      fs.existsSync(path.join(ROOT, "dist", "index.js")),
      "npm run build first: the plugin is the built package (package.json main)",
    );
    assert.ok(
      fs.existsSync(path.join(ROOT, "PulumiPlugin.yaml")),
      "the package's PulumiPlugin.yaml",
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { getPulumiComponents } = require("@pulumi/pulumi/provider/experimental/provider");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    components = getPulumiComponents(require(path.join(ROOT, "dist", "index.js")))
      .map((c: { name: string }) => c.name)
      .sort();
    work = fs.mkdtempSync(path.join(os.tmpdir(), "kd-e2e-kruise-devops-package-"));
    fs.mkdirSync(path.join(work, "state"));
    env = pulumiEnv(`file://${path.join(work, "state")}`);
    cli = await pulumiCommand(env);
    // The package depends on @pulumi/kubernetes, and its schema refers to Kubernetes resources
    // (outputs typed as the SDK's classes): the plugin and its schema from PULUMI_HOME, see
    // support/pluginHome.
    env.PULUMI_IGNORE_AMBIENT_PLUGINS = "true";
    env.PULUMI_HOME = await pluginHome(path.join(work, "pulumi-home"), ROOT, env, { schema: true });
  });

  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("pulumi package get-schema returns every public component, each documented, and fails on none", async () => {
    // From outside the repository: its root holds Pulumi.yaml (the platform program) as well.
    assert.strictEqual(components.length, 17, `the public components: ${components.join(", ")}`);
    const schema = JSON.parse(await sh("pulumi", ["package", "get-schema", ROOT], work, env));
    assert.strictEqual(schema.name, KD);
    assert.strictEqual(
      schema.version,
      JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version,
    );
    assert.deepStrictEqual(
      Object.keys(schema.resources).sort(),
      components.map((c) => `${KD}:index:${c}`),
    );
    for (const [token, r] of Object.entries<any>(schema.resources)) {
      assert.strictEqual(r.isComponent, true, token);
      assert.ok(r.description, `${token} has a description`);
      for (const [p, d] of Object.entries<any>({ ...r.inputProperties, ...r.properties }))
        assert.ok(
          d.description && !String(d.description).includes("[object Object]"),
          `${token}.${p} is documented`,
        );
    }
    // What the YAML example reads, and Platform's outputs for other languages.
    const warm = schema.resources[`${KD}:index:BaseImageWarm`];
    assert.deepStrictEqual(warm.requiredInputs, ["images"]);
    assert.deepStrictEqual(warm.inputProperties.images.type, "array");
    assert.ok("jobNames" in warm.properties, Object.keys(warm.properties).join(", "));
    const platform = schema.resources[`${KD}:index:Platform`];
    for (const out of ["kruiseNamespace", "argocdServer", "serviceAccountName", "warmComponents"])
      assert.ok(out in platform.properties, `Platform.${out}`);
    assert.strictEqual(
      schema.types[`${KD}:index:PlatformKruiseArgs`].properties.enabled.type,
      "boolean",
    );
  });

  describe("examples/yaml-warm on the real engine and Pulumi YAML, against an API server", function () {
    const dir = path.join(ROOT, "examples", "yaml-warm");
    const NS = "default";
    let kruise: Stack;
    let stack: Stack;
    let configFile: string;
    let log = "";
    const onOutput = (s: string) => (log += s);
    let stackFile: string;

    before(async () => {
      stackFile = fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8");
      startApiServer();
      // Kruise's CRDs (and its webhook configurations, reached as the suite's cluster pack says),
      // as a user's cluster has them: KruiseOperator from the mirror, in a stack of its own.
      kruise = await inlineStack(
        "yaml-warm-kruise",
        async () => {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const kd = require(
            path.join(ROOT, ".build", "components"),
          ) as typeof import("../../components");
          new kd.KruiseOperator("kruise", {
            source: { path: path.join(mirror(), MIRROR_LAYOUT.kruise) },
          });
        },
        kubeconfigPath(),
      );
      const res = await kruise.up({ policyPacks: CLUSTER_PACKS });
      assert.strictEqual(res.summary.result, "succeeded");
      // The example's dev stack, pointed at the API server, in a config file of the run's own:
      // the repository does not change (the stack file's salt is the demo passphrase's).
      configFile = stackConfigFile(
        path.join(dir, "Pulumi.dev.yaml"),
        path.join(work, "yaml-warm-config"),
        undefined,
        apiServerConfig(kubeconfigPath()),
      );
      stack = await LocalWorkspace.createOrSelectStack(
        { stackName: "dev", workDir: dir },
        { envVars: env, pulumiCommand: cli },
      );
    });
    after(async () => {
      // No `removeStack`: `pulumi stack rm` deletes the project's Pulumi.dev.yaml, and the project
      // is the repository's example; the stack's state goes with the work directory.
      assert.strictEqual(
        fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8"),
        stackFile,
        "the example's stack file is unchanged",
      );
      // Kruise's stack goes with the API server (its state in a temporary directory).
      stopApiServer();
    });

    it("ups: the package's components, their jobs in the cluster, their outputs in YAML's", async () => {
      const up = await stack.up({ configFile, policyPacks: CLUSTER_PACKS, onOutput });
      assert.strictEqual(up.summary.result, "succeeded", log);
      const baseJobs = up.outputs.baseJobs.value as Record<string, string>;
      assert.deepStrictEqual(Object.keys(baseJobs).sort(), [
        "docker.io/library/alpine:3.20",
        "docker.io/library/golang:1.23",
      ]);
      const toolchainJob = up.outputs.toolchainJob.value as string;
      assert.deepStrictEqual(
        (await list(JOBS, "imagepulljobs", NS)).sort(),
        Object.values(baseJobs)
          .map((n) => `${NS}/${n}`)
          .sort(),
      );
      assert.deepStrictEqual(await list(JOBS, "imagelistpulljobs", NS), [`${NS}/${toolchainJob}`]);
      // In the state: each component, made by the plugin's Construct, with its jobs as children.
      const resources = (await stack.exportStack()).deployment.resources ?? [];
      for (const [name, type, kind, count] of [
        ["base", "BaseImageWarm", "ImagePullJob", 2],
        ["toolchain", "ImageListWarm", "ImageListPullJob", 1],
      ] as const) {
        const c = resources.find((r: any) => r.type === `${KD}:index:${type}`);
        assert.ok(c, `no ${type} in the state: ${resources.map((r: any) => r.type)}`);
        assert.ok(String(c.urn).endsWith(`::${name}`), c.urn);
        const children = resources.filter(
          (r: any) => r.type === `kubernetes:${JOBS}:${kind}` && r.parent === c.urn,
        );
        assert.strictEqual(children.length, count, `${type}'s ${kind}s`);
      }
    });

    it("previews no change, then destroys every job", async () => {
      const preview = await stack.preview({
        configFile,
        // The cluster pack with every preview too: its remediations are part of the inputs
        // (without it the preview drops the skipAwait annotation it added at up).
        policyPacks: CLUSTER_PACKS,
        expectNoChanges: true,
        onOutput,
        diff: true,
      });
      const changes = Object.keys(preview.changeSummary).filter((k) => k !== "same");
      assert.deepStrictEqual(changes, [], log);
      assert.ok((preview.changeSummary.same ?? 0) >= 6, JSON.stringify(preview.changeSummary));
      const destroy = await stack.destroy({ configFile, onOutput });
      assert.strictEqual(destroy.summary.result, "succeeded", log);
      assert.deepStrictEqual((await stack.exportStack()).deployment.resources ?? [], []);
      assert.deepStrictEqual(await list(JOBS, "imagepulljobs", NS), []);
      assert.deepStrictEqual(await list(JOBS, "imagelistpulljobs", NS), []);
    });
  });

  it("pulumi package gen-sdk --language go writes an SDK of every component that go build compiles", async function () {
    // The first build compiles the Kubernetes Go SDK too: over 15 min on a loaded 2-core machine.
    this.timeout(2_700_000);
    const out = path.join(work, "sdk");
    await sh("pulumi", ["package", "gen-sdk", ROOT, "--language", "go", "--out", out], work, env);
    const goDir = path.join(out, "go");
    const files = fs.readdirSync(goDir, { recursive: true }).map(String);
    for (const c of components) {
      const file = files.find((f) => path.basename(f).toLowerCase() === `${c.toLowerCase()}.go`);
      assert.ok(file, `no ${c}.go in ${files}`);
      assert.match(fs.readFileSync(path.join(goDir, file), "utf8"), new RegExp(`func New${c}\\(`));
    }
    const warmFile = files.find((f) => path.basename(f).toLowerCase() === "baseimagewarm.go")!;
    // An SDK whose outputs are Kubernetes resources imports the Kubernetes Go SDK: the one the
    // suite's provider was built from (in the module cache).
    const imports = files
      .filter((f) => f.endsWith(".go"))
      .some((f) => fs.readFileSync(path.join(goDir, f), "utf8").includes(`"${K8S_GO_SDK}/`));
    await goBuild(
      path.join(goDir, warmFile),
      env,
      imports ? [`${K8S_GO_SDK}@${K8S_GO_SDK_VERSION}`] : [],
    );
  });
});
