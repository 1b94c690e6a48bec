import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { throwsWith } from "./support/expect";
import {
  deployFailures,
  mockedComponents,
  ofType,
  registered,
  resetRegistrations,
  settle,
} from "./support/mocks";
import { FetchStub, serveRelease } from "./support/tektonRelease";

const kd = mockedComponents();
const ROOT = path.resolve(__dirname, "..", "..");

/** Sets the stack config the way the engine hands it to a program (values as strings). */
function useConfig(config: Record<string, unknown>, secrets: string[] = []): void {
  const all: Record<string, string> = {};
  for (const [k, v] of Object.entries(config))
    all[k] = typeof v === "string" ? v : JSON.stringify(v);
  pulumi.runtime.setAllConfig(all, secrets);
}

const byType = (type: string) =>
  ofType(type)
    .map((r) => r.name)
    .sort();

// Moved from platform.test.ts under the describe they had there: titles unchanged.
describe("Platform and the root program's stack config", () => {
  // TektonPipelines fetches its release: a small one, from the mirror, with no network.
  let fetchStub: FetchStub;
  beforeEach(() => {
    resetRegistrations();
    fetchStub = serveRelease();
  });
  afterEach(() => {
    fetchStub.restore();
    pulumi.runtime.setAllConfig({}, []);
  });

  it("reads the stack config, secrets from their own keys, and names config keys in errors", async () => {
    useConfig(
      {
        "kruise-devops:kruise": {
          source: { path: "../shared/fixtures/upstream/kruise/chart-1.8.3" },
        },
        "kruise-devops:argocd": { enabled: false },
        "kruise-devops:tekton": { enabled: false },
        "kruise-devops:pipeline": {
          namespace: "ci",
          registry: { registry: "ghcr.io", username: "bot" },
        },
        "kruise-devops:registryPassword": "registry-token",
      },
      ["kruise-devops:registryPassword"],
    );
    const args = kd.platformArgsFromConfig(new pulumi.Config(), ROOT);
    assert.strictEqual(
      (args.kruise as { source: { path: string } }).source.path,
      path.resolve(ROOT, "../shared/fixtures/upstream/kruise/chart-1.8.3"),
    );
    assert.ok(
      pulumi.Output.isInstance(args.pipeline!.registry!.password),
      "the secret stays an Output",
    );
    kd.platformFromConfig("platform", ROOT);
    await settle();
    // KruiseOperator templates client-side by default: its objects come in a ConfigGroup.
    assert.ok(byType("kubernetes:yaml/v2:ConfigGroup").includes("platform-kruise-chart"));

    useConfig({
      "kruise-devops:kruise": { featureGates: { KruiseDaemon: false, ImagePullJobGate: true } },
    });
    throwsWith(
      () => kd.platformFromConfig("platform", ROOT),
      "config kruise-devops:kruise.featureGates.ImagePullJobGate is true while KruiseDaemon is false",
    );
    useConfig({
      "kruise-devops:warm": { pools: { gpu: { images: ["nginx"], pool: { names: ["n1"] } } } },
    });
    throwsWith(
      () => kd.platformFromConfig("platform", ROOT),
      'config kruise-devops:warm.pools.gpu.images[0] ("nginx") has no tag or digest',
    );
    // A part left out the old way (`false`) is refused at its key, with the new way as the fix.
    useConfig({ "kruise-devops:tekton": false });
    throwsWith(
      () => kd.platformFromConfig("platform", ROOT),
      "config kruise-devops:tekton is false — a part is left out by its own `enabled: false`, beside its component's args; pass { enabled: false }",
    );
    useConfig({ "kruise-devops:argocd": { enabled: "no" } });
    throwsWith(
      () => kd.platformFromConfig("platform", ROOT),
      "config kruise-devops:argocd.enabled is not a boolean",
    );
  });

  it("names config keys in errors found at apply time too, for every child (argocd-token included)", async () => {
    useConfig(
      {
        "kruise-devops:kruise": { enabled: false },
        "kruise-devops:tekton": { enabled: false },
        "kruise-devops:argocd": { templating: "client" },
        "kruise-devops:pipeline": { namespace: "ci" },
        "kruise-devops:argocdAdminPassword": "admin-password",
        "kruise-devops:argocdToken": "",
      },
      ["kruise-devops:argocdAdminPassword", "kruise-devops:argocdToken"],
    );
    const failures = await deployFailures(() => kd.platformFromConfig("platform", ROOT));
    const messages = failures.map((f) => (f as Error).message);
    assert.ok(
      messages.some((m) => m.includes("config kruise-devops:argocdToken is empty — ")),
      messages.join("\n"),
    );
    assert.ok(!messages.some((m) => m.includes("ArgoCdToken 'platform-argocd-token'")));
  });

  it("runs every stack file of the root project under mocks", async () => {
    const dir = path.join(ROOT, "stacks");
    const stacks = fs.readdirSync(dir).filter((f) => /^Pulumi\..+\.yaml$/.test(f));
    assert.deepStrictEqual(stacks.sort(), [
      "Pulumi.dev.yaml",
      "Pulumi.local.yaml",
      "Pulumi.prod.yaml",
    ]);
    for (const file of stacks) {
      resetRegistrations();
      const doc = yaml.load(fs.readFileSync(path.join(dir, file), "utf8")) as {
        config: Record<string, unknown>;
      };
      const config: Record<string, unknown> = {};
      const secrets: string[] = [];
      for (const [k, v] of Object.entries(doc.config)) {
        if (v !== null && typeof v === "object" && "secure" in v) {
          config[k] = `test-value-of-${k}`;
          secrets.push(k);
        } else config[k] = v;
      }
      useConfig(config, secrets);
      kd.platformFromConfig("platform", ROOT);
      await settle();
      assert.ok(registered.length > 5, `${file} registers the platform`);
    }
  });
});

describe("the stack config as Platform args (components/platformConfig)", () => {
  afterEach(() => pulumi.runtime.setAllConfig({}, []));

  it("each secret key goes to its PlatformArgs path, unless its part is off (enabled: false)", async () => {
    assert.deepStrictEqual(kd.PLATFORM_SECRET_KEYS, {
      argocdAdminPassword: "argocd.adminPassword",
      registryPassword: "pipeline.registry.password",
      gitToken: "pipeline.git.basicAuth.password",
      argocdToken: "pipeline.argocdToken",
    });
    useConfig(
      {
        "kruise-devops:argocd": { enabled: false },
        "kruise-devops:pipeline": { namespace: "ci" },
        "kruise-devops:argocdAdminPassword": "admin",
        "kruise-devops:gitToken": "git-token",
        "kruise-devops:argocdToken": "argo-token",
      },
      ["kruise-devops:argocdAdminPassword", "kruise-devops:gitToken", "kruise-devops:argocdToken"],
    );
    const args = kd.platformArgsFromConfig(new pulumi.Config(), ROOT) as Record<string, any>;
    assert.deepStrictEqual(args.argocd, { enabled: false }, "a part left out takes no secret");
    assert.deepStrictEqual(Object.keys(args).sort(), ["argocd", "pipeline"]);
    assert.deepStrictEqual(Object.keys(args.pipeline).sort(), ["argocdToken", "git", "namespace"]);
    for (const secret of [args.pipeline.git.basicAuth.password, args.pipeline.argocdToken]) {
      assert.ok(pulumi.Output.isInstance(secret));
      assert.strictEqual(await pulumi.isSecret(secret), true);
    }
    const token = await new Promise((r) => args.pipeline.argocdToken.apply(r));
    assert.strictEqual(token, "argo-token");
  });

  it("resolves each part's relative source.path from the project directory, and only those", () => {
    useConfig({
      "kruise-devops:kruise": { source: { path: "charts/kruise" } },
      "kruise-devops:tekton": { source: { path: "/abs/release.yaml" } },
      "kruise-devops:argocd": { source: { version: "10.1.1" } },
      "kruise-devops:warm": { base: { images: ["x:1"] } },
    });
    const args = kd.platformArgsFromConfig(new pulumi.Config(), "/project") as Record<string, any>;
    assert.strictEqual(args.kruise.source.path, path.resolve("/project", "charts/kruise"));
    assert.strictEqual(args.tekton.source.path, "/abs/release.yaml");
    assert.deepStrictEqual(args.argocd.source, { version: "10.1.1" });
    assert.deepStrictEqual(args.warm, { base: { images: ["x:1"] } });
    assert.ok(!("pipeline" in args), "an absent key is no arg");
  });
});
