import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ROOT as root, packedConsumer, run } from "./support/packedConsumer";
import { smallRelease } from "./support/tektonRelease";

describe("the npm package", function () {
  this.timeout(300_000);
  let consumer: string;
  let packed: string[];
  /** Type-checks `file` in the consumer project with our TypeScript, strict. */
  const tsc = (file: string) =>
    run(
      process.execPath,
      [
        path.join(root, "node_modules", "typescript", "bin", "tsc"),
        "--noEmit",
        "--strict",
        "--moduleResolution",
        "node",
        "--module",
        "commonjs",
        "--target",
        "ES2022",
        "--skipLibCheck",
        file,
      ],
      consumer,
    );

  before(() => {
    ({ dir: consumer, files: packed } = packedConsumer());
  });

  it("ships dist/ with type declarations, the compiled policy pack, and nothing from the work tree", () => {
    const pkg = path.join(consumer, "node_modules", "kruise-devops");
    assert.ok(fs.existsSync(path.join(pkg, "dist", "index.js")));
    assert.ok(fs.existsSync(path.join(pkg, "dist", "index.d.ts")));
    const top = ["package.json", "README.md", "LICENSE"];
    const pack = ["policy/package.json", "policy/PulumiPolicy.yaml", "policy/README.md"];
    const stray = packed.filter(
      (f) =>
        !f.startsWith("dist/") && !f.startsWith("policy/dist/") && ![...top, ...pack].includes(f),
    );
    assert.deepStrictEqual(stray, [], "only dist/, the policy pack and the package's own files");
    for (const f of pack) assert.ok(packed.includes(f), f);
    const sources = packed.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
    assert.deepStrictEqual(sources, [], "no TypeScript sources: nothing for ts-node to compile");
  });

  it("can be required from a fresh project and exports the components", () => {
    const out = run(
      process.execPath,
      [
        "-e",
        "const k = require('kruise-devops'); console.log(JSON.stringify(['BaseImageWarm','SidecarWarm','PoolWarm','buildImagePullJob'].map(n => typeof k[n])))",
      ],
      consumer,
    );
    assert.deepStrictEqual(JSON.parse(out), ["function", "function", "function", "function"]);
  });

  it("type-checks a TypeScript consumer against the shipped declarations", () => {
    fs.writeFileSync(
      path.join(consumer, "index.ts"),
      [
        'import { BaseImageWarm, SidecarWarmArgs, PoolWarm } from "kruise-devops";',
        'const args: SidecarWarmArgs = { images: ["envoyproxy/envoy:v1.31.2"], waitForCompletion: true };',
        "export const kinds = [BaseImageWarm, PoolWarm, args];",
        "",
      ].join("\n"),
    );
    tsc("index.ts");
    fs.writeFileSync(
      path.join(consumer, "bad.ts"),
      'import { SidecarWarmArgs } from "kruise-devops";\nexport const a: SidecarWarmArgs = { image: "x" };\n',
    );
    assert.throws(
      () => tsc("bad.ts"),
      (e: { stdout?: string }) =>
        /'image' does not exist in type 'SidecarWarmArgs'/.test(e.stdout ?? ""),
    );
  });

  it("ships the Argo CD health checks and reads them from the installed package", () => {
    for (const kind of ["ImagePullJob", "ImageListPullJob", "SidecarSet"]) {
      assert.ok(packed.includes(`dist/argocd/health/${kind}.lua`), `${kind}.lua is packed`);
    }
    const out = run(
      process.execPath,
      [
        "-e",
        "console.log(JSON.stringify(Object.keys(require('kruise-devops').kruiseHealthChecks())))",
      ],
      consumer,
    );
    assert.deepStrictEqual(JSON.parse(out), [
      "resource.customizations.health.apps.kruise.io_ImagePullJob",
      "resource.customizations.health.apps.kruise.io_ImageListPullJob",
      "resource.customizations.health.apps.kruise.io_SidecarSet",
    ]);
  });

  it("type-checks and runs (under Pulumi mocks) every TypeScript example of the README", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    assert.ok(blocks.length >= 2, "the README has TypeScript examples");
    // Mocks and stack config for the examples, loaded before them as a Pulumi program would be.
    // As the provider does: its components' `resources` output is always set, and
    // `kubernetes:yaml:decode` returns the documents. TektonPipelines fetches its release: a
    // small one from the mirror, with no network.
    fs.writeFileSync(
      path.join(consumer, "mocks.js"),
      [
        'const pulumi = require("@pulumi/pulumi");',
        `const yaml = require(${JSON.stringify(path.join(root, "node_modules", "js-yaml"))});`,
        "process.on('unhandledRejection', (e) => { console.error(String(e && e.message || e)); process.exit(1); });",
        `const release = ${JSON.stringify(smallRelease())};`,
        "globalThis.fetch = async () => new Response(release, { status: 200 });",
        "const remote = new Set(['kubernetes:yaml/v2:ConfigGroup', 'kubernetes:yaml/v2:ConfigFile', 'kubernetes:helm.sh/v4:Chart']);",
        "const newResource = (a) => ({ id: a.name + '-id', state: remote.has(a.type) ? { ...a.inputs, resources: [] } : a.inputs });",
        "const call = (a) => a.token === 'kubernetes:yaml:decode' ? { result: yaml.loadAll(a.inputs.text).filter((d) => d != null) } : a.inputs;",
        "pulumi.runtime.setMocks({ newResource, call }, 'consumer', 'dev', false);",
        "",
      ].join("\n"),
    );
    const config = JSON.stringify({
      "consumer:argocdAdminPassword": "correct horse battery staple",
      "consumer:registryToken": "ghp_registry",
      "consumer:gitToken": "ghp_git",
      "consumer:argocdToken": "argocd-token",
    });
    blocks.forEach((code, i) => {
      const file = `readme-${i}.ts`;
      fs.writeFileSync(path.join(consumer, file), `${code}\nexport {};\n`);
      tsc(file);
      run(
        process.execPath,
        [
          path.join(root, "node_modules", "typescript", "bin", "tsc"),
          "--module",
          "commonjs",
          "--target",
          "ES2022",
          "--skipLibCheck",
          file,
        ],
        consumer,
      );
      execFileSync(process.execPath, ["-r", "./mocks.js", file.replace(/\.ts$/, ".js")], {
        cwd: consumer,
        env: { ...process.env, PULUMI_CONFIG: config },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    });
  });
});
