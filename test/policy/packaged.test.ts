/**
 * The policy pack and the testing kit as a user installs them (`npm install kruise-devops`): the
 * pack compiled and self-contained in `node_modules/kruise-devops/policy`, run the way the Node
 * language host runs `--policy-pack <dir>`; every example's own `npm test` (its mocha test with
 * `kruise-devops/testing`) from its folder, against the packed package.
 */
import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import { builtinModules } from "module";
import * as fs from "fs";
import * as path from "path";
import { policies } from "../../policy/policies";
import { ROOT, packedConsumer, run } from "../support/packedConsumer";
import { smallRelease } from "../support/tektonRelease";

/** Every file under `dir`, relative to it. */
function walk(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p, base) : [path.relative(base, p)];
  });
}

/** `npm test` in `dir`: its output, or the test fails showing what `what` printed. */
function npmTest(what: string, dir: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    return run("npm", ["test"], dir, env);
  } catch (err) {
    const x = err as { stdout?: string; stderr?: string };
    return assert.fail(`${what}: npm test failed\n${x.stdout ?? ""}\n${x.stderr ?? ""}`);
  }
}

/** Starts `run-policy-pack` on `packDir` as the Node language host does; resolves its port. */
function startAnalyzer(
  consumer: string,
  packDir: string,
): Promise<{ port: number; child: ChildProcess }> {
  // A hook that fails the run if anything loads ts-node or TypeScript: the pack must be plain JS.
  const hook = path.join(consumer, "no-typescript.js");
  fs.writeFileSync(
    hook,
    [
      'const Module = require("module");',
      "const load = Module._load;",
      "Module._load = function (request, ...rest) {",
      '  if (/^(ts-node|typescript)(\\/|$)/.test(request)) throw new Error("loaded " + request);',
      "  return load.call(this, request, ...rest);",
      "};",
      "",
    ].join("\n"),
  );
  const entry = path.join(consumer, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack");
  const env = { ...process.env };
  delete env.PULUMI_NODEJS_TYPESCRIPT;
  // The host runs it in the pack's directory (PolicyPack reads its version from ./package.json).
  const child = spawn(process.execPath, ["-r", hook, entry, "127.0.0.1:1", "."], {
    cwd: packDir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /^(\d+)\s*$/m.exec(out);
      if (m) resolve({ port: Number(m[1]), child });
    });
    child.stderr!.on("data", (d) => (err += d));
    child.on("exit", (code) => reject(new Error(`run-policy-pack exited ${code}: ${err}`)));
  });
}

describe("the packed policy pack and testing kit, as a user installs them", function () {
  this.timeout(600_000);
  let consumer: string;
  let pack: string;
  before(() => {
    consumer = packedConsumer().dir;
    pack = path.join(consumer, "node_modules", "kruise-devops", "policy");
  });

  it("ships the pack compiled and self-contained: every require stays in the folder or names its dependencies", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(pack, "package.json"), "utf8"));
    const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    for (const [dep, version] of Object.entries(pkg.dependencies as Record<string, string>)) {
      assert.strictEqual(version, root.dependencies[dep], `${dep} pinned as the package pins it`);
    }
    assert.ok(fs.existsSync(path.join(pack, pkg.main)), `main ${pkg.main}`);
    assert.ok(fs.existsSync(path.join(pack, "PulumiPolicy.yaml")));
    const files = walk(pack).filter((f) => f.endsWith(".js"));
    assert.ok(files.length > 20, `${files.length} compiled files`);
    const allowed = new Set([...Object.keys(pkg.dependencies), ...builtinModules]);
    // The testing kit is not part of the pack: what it needs comes from kruise-devops itself.
    const kit = new Set(["js-yaml", "ajv", "@pulumi/pulumi/runtime/state"]);
    const outside: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(path.join(pack, f), "utf8");
      for (const [, spec] of text.matchAll(/require\("([^"]+)"\)/g)) {
        if (spec.startsWith(".")) {
          const target = path.resolve(pack, path.dirname(f), spec);
          if (!target.startsWith(pack + path.sep)) outside.push(`${f}: ${spec}`);
          else assert.ok(fs.existsSync(`${target}.js`) || fs.existsSync(target), `${f}: ${spec}`);
        } else if (!allowed.has(spec) && !(f.includes("testing/") && kit.has(spec))) {
          outside.push(`${f}: ${spec}`);
        }
      }
    }
    assert.deepStrictEqual(outside, []);
    // What `pulumi policy publish` uploads: the folder as `npm pack` packs it.
    const [published] = JSON.parse(run("npm", ["pack", "--dry-run", "--json"], pack));
    const paths = published.files.map((f: { path: string }) => f.path);
    for (const f of ["package.json", "PulumiPolicy.yaml", pkg.main]) {
      assert.ok(paths.includes(f), `the published pack holds ${f}`);
    }
    assert.strictEqual(paths.filter((f: string) => f.endsWith(".js")).length, files.length);
  });

  it("runs as the language host runs `--policy-pack node_modules/kruise-devops/policy`, with no ts-node", async () => {
    // Test-local gRPC client from the consumer's own @pulumi/pulumi.
    const need = (m: string) => require(path.join(consumer, "node_modules", m));
    const grpc = need("@grpc/grpc-js");
    const services = need("@pulumi/pulumi/proto/analyzer_grpc_pb");
    const messages = need("@pulumi/pulumi/proto/analyzer_pb");
    const { Empty } = need("google-protobuf/google/protobuf/empty_pb");
    const { Struct } = need("google-protobuf/google/protobuf/struct_pb");
    const { port, child } = await startAnalyzer(consumer, pack);
    try {
      const client = new services.AnalyzerClient(
        `127.0.0.1:${port}`,
        grpc.credentials.createInsecure(),
      );
      const call = <T>(method: string, req: unknown) =>
        new Promise<T>((resolve, reject) =>
          client[method](req, (e: Error | null, r: T) => (e ? reject(e) : resolve(r))),
        );
      const info = await call<{ getPoliciesList(): { getName(): string }[] }>(
        "getAnalyzerInfo",
        new Empty(),
      );
      assert.deepStrictEqual(
        info
          .getPoliciesList()
          .map((p) => p.getName())
          .sort(),
        policies.map((p) => p.name).sort(),
      );
      const req = new messages.AnalyzeRequest();
      req.setType("kubernetes:apps.kruise.io/v1alpha1:ImagePullJob");
      req.setName("warm");
      req.setUrn("urn:pulumi:dev::p::kubernetes:apps.kruise.io/v1alpha1:ImagePullJob::warm");
      req.setOptions(new messages.AnalyzerResourceOptions());
      req.setProperties(
        Struct.fromJavaScript({
          metadata: { name: "warm", namespace: "default" },
          spec: {
            image: "nginx:latest",
            completionPolicy: { type: "Always", activeDeadlineSeconds: 1200 },
            pullPolicy: { timeoutSeconds: 600, backoffLimit: 3 },
          },
        }),
      );
      const res = await call<{
        getDiagnosticsList(): { getPolicyname(): string; getMessage(): string }[];
      }>("analyze", req);
      assert.deepStrictEqual(
        // The SDK sends the policy's description, a newline, then what the rule reported.
        res
          .getDiagnosticsList()
          .map((d) => [d.getPolicyname(), d.getMessage().split("\n")[1].split(" — ")[0]]),
        [
          [
            "pinned-images",
            `ImagePullJob 'default/warm': spec.image ("nginx:latest") is tagged ':latest'`,
          ],
        ],
      );
      client.close();
    } finally {
      child.kill();
    }
  });

  it('runs the README\'s mocha test ("Test your stack against the policies") as written', () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const files = [...readme.matchAll(/```(?:ts|json) ((?:test\/)?[\w./-]+)\n([\s\S]*?)```/g)];
    assert.deepStrictEqual(
      files.map((m) => m[1]),
      [".mocharc.json", "test/policies.test.ts"],
    );
    const dir = path.join(consumer, "readme-project");
    for (const [, file, text] of files) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    fs.writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name: "readme-project", private: true, scripts: { test: "mocha" } }),
    );
    const out = npmTest("the README's test", dir);
    assert.match(out, /\b3 passing\b/);
    assert.doesNotMatch(out, /failing/);
  });

  it("runs each example's own `npm test` from its folder against the packed package", () => {
    const release = path.join(consumer, "tekton-release.yaml");
    fs.writeFileSync(release, smallRelease());
    // The TypeScript examples, each an npm project with its own tests (examples/yaml-warm, a
    // Pulumi YAML program, has none: test/examples.test.ts and the component-package e2e run it).
    const examples = fs
      .readdirSync(path.join(ROOT, "examples"))
      .filter((e) => fs.existsSync(path.join(ROOT, "examples", e, "package.json")));
    assert.strictEqual(examples.length, 5);
    for (const e of examples) {
      const dir = path.join(consumer, "examples", e);
      fs.cpSync(path.join(ROOT, "examples", e), dir, {
        recursive: true,
        filter: (src) => !src.includes(`${path.sep}node_modules`),
      });
      const out = npmTest(e, dir, { TEKTON_RELEASE_YAML: release });
      assert.match(out, /\b[1-9]\d* passing\b/, `${e}: its tests ran`);
      assert.doesNotMatch(out, /failing|pending/, `${e}`);
    }
  });
});
