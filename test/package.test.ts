import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ROOT as root, packedConsumer, run } from "./support/packedConsumer";
import { smallRelease } from "./support/tektonRelease";

/** Where the bundled kubernetesx sits in the package. */
const BUNDLED = "node_modules/@pulumi/kubernetesx";

/** Every directory under `nodeModules` (nested ones too) holding the package `name`. */
function findPackages(nodeModules: string, name: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    if (fs.existsSync(path.join(dir, name, "package.json"))) found.push(path.join(dir, name));
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const scoped = entry.name.startsWith("@")
        ? fs.readdirSync(path.join(dir, entry.name)).map((n) => path.join(dir, entry.name, n))
        : [path.join(dir, entry.name)];
      for (const p of scoped) {
        const nested = path.join(p, "node_modules");
        if (fs.existsSync(nested)) walk(nested);
      }
    }
  };
  walk(nodeModules);
  return found;
}

describe("the npm package", function () {
  this.timeout(300_000);
  let consumer: string;
  let packed: string[];
  let installWarnings: string;
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
    ({ dir: consumer, files: packed, installWarnings } = packedConsumer());
  });

  it("ships dist/ with type declarations, the compiled policy pack, and nothing from the work tree", () => {
    const pkg = path.join(consumer, "node_modules", "kruise-devops");
    assert.ok(fs.existsSync(path.join(pkg, "dist", "index.js")));
    assert.ok(fs.existsSync(path.join(pkg, "dist", "index.d.ts")));
    const top = ["package.json", "README.md", "LICENSE"];
    const pack = ["policy/package.json", "policy/PulumiPolicy.yaml", "policy/README.md"];
    const stray = packed.filter(
      (f) =>
        !f.startsWith("dist/") &&
        !f.startsWith("policy/dist/") &&
        !f.startsWith(`${BUNDLED}/`) &&
        ![...top, ...pack].includes(f),
    );
    assert.deepStrictEqual(
      stray,
      [],
      "only dist/, the policy pack, the bundled kubernetesx and the package's own files",
    );
    for (const f of pack) assert.ok(packed.includes(f), f);
    const sources = packed.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
    assert.deepStrictEqual(sources, [], "no TypeScript sources: nothing for ts-node to compile");
  });

  it("installs cleanly with a plain npm install: no peer conflict, one copy of each SDK, no kubernetesx type published", () => {
    // kubernetesx 0.1.6 declares a peer of @pulumi/kubernetes ^3; installed as a dependency, npm
    // warns "ERESOLVE overriding peer dependency" for the user's @pulumi/kubernetes 4. Bundled, it
    // is part of this package, and npm resolves no peers for it.
    assert.doesNotMatch(installWarnings, /ERESOLVE|peer dep|conflicting peer/i, installWarnings);
    assert.deepStrictEqual(
      installWarnings.split("\n").filter((l) => /^npm warn/.test(l)),
      [],
      installWarnings,
    );
    const pkg = path.join(consumer, "node_modules", "kruise-devops");
    assert.ok(fs.existsSync(path.join(pkg, BUNDLED, "package.json")), "kubernetesx is bundled");
    assert.ok(!fs.existsSync(path.join(consumer, "node_modules", "@pulumi", "kubernetesx")));
    for (const sdk of ["pulumi", "kubernetes"]) {
      const copies = findPackages(path.join(consumer, "node_modules"), `@pulumi/${sdk}`);
      assert.deepStrictEqual(
        copies.map((d) => path.relative(consumer, d)),
        [path.join("node_modules", "@pulumi", sdk)],
        `one @pulumi/${sdk}, the user's`,
      );
    }
    const kubernetes = JSON.parse(
      fs.readFileSync(path.join(consumer, "node_modules/@pulumi/kubernetes/package.json"), "utf8"),
    );
    assert.match(kubernetes.version, /^4\./);
    // npm's own check of the installed tree (exit 1 on an invalid peer): the bundled kubernetesx
    // names the range it is tested with (scripts/bundle-kubernetesx.js).
    run("npm", ["ls", "--all"], consumer);
    const declarations = packed.filter((f) => f.endsWith(".d.ts") && !f.startsWith(BUNDLED));
    assert.ok(declarations.length > 50, `${declarations.length} declarations`);
    const naming = declarations.filter((f) =>
      /["']@pulumi\/kubernetesx["']/.test(fs.readFileSync(path.join(pkg, f), "utf8")),
    );
    assert.deepStrictEqual(naming, [], "no public declaration imports kubernetesx");
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
