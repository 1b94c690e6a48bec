import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, ofType, resetRegistrations, settle, valueOf } from "../support/mocks";
import { FetchStub, serveRelease } from "../support/tektonRelease";

const ROOT = path.resolve(__dirname, "..", "..", "..");

interface Project {
  main: string;
  runtime: { name: string; options: Record<string, unknown> };
}

const project = () => yaml.load(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as Project;

describe("the root program as Pulumi runs it (Pulumi.yaml main)", () => {
  it("is the JavaScript `npm run build` makes of stacks/platform.ts, with no ts-node", () => {
    const p = project();
    assert.strictEqual(p.main, "stacks/dist/platform.js");
    assert.strictEqual(p.runtime.options.typescript, false);
    const tsconfig = JSON.parse(
      fs.readFileSync(path.join(ROOT, "stacks", "tsconfig.json"), "utf8"),
    );
    assert.deepStrictEqual(tsconfig.files, ["platform.ts"]);
    assert.strictEqual(path.join("stacks", tsconfig.compilerOptions.outDir, "platform.js"), p.main);
    const build = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts
      .build as string;
    assert.match(build, /tsc -p stacks\b/, "npm run build compiles the program");
    assert.match(build, /clean\.js [^&]*\bstacks\/dist\b/, "and empties its output first");
    assert.ok(fs.existsSync(path.join(ROOT, p.main)), `${p.main} built (npm test builds first)`);
  });

  it("imports the package by its name, which Node resolves to the build (dist/), not the sources", () => {
    const main = path.join(ROOT, project().main);
    assert.match(fs.readFileSync(main, "utf8"), /require\("kruise-devops"\)/);
    assert.doesNotMatch(fs.readFileSync(main, "utf8"), /components/);
    // In a fresh Node, from where Pulumi runs the program (the tests hook the resolution).
    const resolved = execFileSync(process.execPath, ["-p", 'require.resolve("kruise-devops")'], {
      cwd: path.dirname(main),
      encoding: "utf8",
    }).trim();
    assert.strictEqual(resolved, path.join(ROOT, "dist", "index.js"));
  });

  describe("run under mocks with the dev stack's config", () => {
    let fetchStub: FetchStub;
    before(() => {
      installMocks();
      resetRegistrations();
      fetchStub = serveRelease();
    });
    after(() => {
      fetchStub.restore();
      pulumi.runtime.setAllConfig({}, []);
    });

    it("registers the platform from the stack config and exports its outputs", async () => {
      const doc = yaml.load(
        fs.readFileSync(path.join(ROOT, "stacks", "Pulumi.dev.yaml"), "utf8"),
      ) as { config: Record<string, unknown> };
      const config: Record<string, string> = {};
      const secrets: string[] = [];
      for (const [k, v] of Object.entries(doc.config)) {
        const secure = v !== null && typeof v === "object" && "secure" in v;
        if (secure) secrets.push(k);
        config[k] = secure ? `test-value-of-${k}` : typeof v === "string" ? v : JSON.stringify(v);
      }
      pulumi.runtime.setAllConfig(config, secrets);
      const main = path.join(ROOT, project().main);
      delete require.cache[main];
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const program = require(main) as Record<string, pulumi.Output<string>>;
      await settle();
      assert.deepStrictEqual(
        ofType("kruise-devops:index:Platform").map((r) => r.name),
        ["platform"],
      );
      assert.deepStrictEqual(Object.keys(program).sort(), [
        "argocdServer",
        "kruiseNamespace",
        "pipelineServiceAccount",
      ]);
      assert.strictEqual(await valueOf(program.kruiseNamespace), "kruise-system");
      assert.strictEqual(await valueOf(program.pipelineServiceAccount), "platform-pipeline");
    });
  });
});
