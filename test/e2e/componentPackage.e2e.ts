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
import { pulumiCommand, pulumiEnv } from "../../stacks/pulumiCli";
import { pluginHome } from "./support/pluginHome";
import { ROOT } from "./support/stacks";

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

    // gen-sdk writes no go.mod (the schema has no supportPack), and its root package imports
    // its own internal package under the schema's import base path (example.com/pulumi-<name>/
    // sdk/go/<name>, the name as is) while its directory is the Go package name (dashes
    // dropped): a consumer makes the root package's directory a module of that path, requiring
    // the Go SDK at the CLI's version.
    const internalImport = /"([^"]+)\/internal"/.exec(source);
    assert.ok(internalImport, "greeting.go imports the SDK's internal package");
    const modulePath = internalImport[1];
    const moduleDir = path.join(goDir, path.dirname(greetingFile));
    assert.ok(fs.existsSync(path.join(moduleDir, "internal")), "internal/ is beside greeting.go");
    const goEnv = { ...env, GOFLAGS: "-mod=mod -trimpath", GOTOOLCHAIN: "local", CGO_ENABLED: "0" };
    await sh("go", ["mod", "init", modulePath], moduleDir, goEnv);
    await sh(
      "go",
      ["mod", "edit", `-require=github.com/pulumi/pulumi/sdk/v3@${SDK_VERSION}`],
      moduleDir,
      goEnv,
    );
    await sh("go", ["mod", "tidy"], moduleDir, goEnv);
    await sh("nice", ["-n", "19", "go", "build", "./..."], moduleDir, goEnv);
    const gomod = fs.readFileSync(path.join(moduleDir, "go.mod"), "utf8");
    assert.ok(
      gomod.includes(`github.com/pulumi/pulumi/sdk/v3 ${SDK_VERSION}\n`),
      `go.mod requires the Go SDK at ${SDK_VERSION}:\n${gomod}`,
    );
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
