import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { managedLabels, reveal } from "./access/helpers";
import { platformArgPath } from "../components/platformChildren";
import { throwsWith } from "./support/expect";
import {
  mockedComponents,
  ofType,
  ofTypeCounted,
  registered,
  resetRegistrations,
  settle,
  valueOf,
} from "./support/mocks";
import { FetchStub, releaseUrl, serveRelease } from "./support/tektonRelease";

const kd = mockedComponents();

const byType = (type: string) =>
  ofType(type)
    .map((r) => r.name)
    .sort();

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

  it("composes every part, warm jobs after the Kruise install, credentials in the pipeline namespace", async () => {
    const p = new kd.Platform("platform", {
      kruise: { gitOps: true },
      argocd: { adminPassword: pulumi.secret("admin-password") },
      pipeline: {
        namespace: "ci",
        registry: {
          registry: "ghcr.io",
          username: "bot",
          password: pulumi.secret("registry-token"),
        },
        git: {
          host: "github.com",
          basicAuth: { username: "bot", password: pulumi.secret("git-token") },
        },
        argocdToken: pulumi.secret("argocd-token"),
        deploys: [{ kind: "CloneSet", name: "web", namespace: "shop" }],
      },
      warm: {
        base: { images: ["docker.io/library/alpine:3.20"] },
        pools: {
          serverless: {
            images: ["ghcr.io/acme/fn:2.1.0"],
            pool: { matchLabels: { "resource-pool": "serverless" } },
          },
        },
      },
    });
    await settle();
    assert.deepStrictEqual(byType("kruise-devops:index:KruiseOperator"), ["platform-kruise"]);
    assert.deepStrictEqual(byType("kruise-devops:index:TektonPipelines"), ["platform-tekton"]);
    assert.deepStrictEqual(fetchStub.urls, [releaseUrl("v1.15.6")]);
    assert.deepStrictEqual(byType("kubernetes:yaml/v2:ConfigGroup"), [
      "platform-kruise-chart",
      "platform-kruise-chart-crds",
      "platform-kruise-chart-webhook-backends",
      "platform-kruise-chart-webhooks",
      "platform-tekton-install",
      "platform-tekton-install-crds",
      "platform-tekton-install-webhook-backends",
      "platform-tekton-install-webhooks",
    ]);
    assert.deepStrictEqual(byType("kruise-devops:index:ArgoCd"), ["platform-argocd"]);
    assert.deepStrictEqual(byType("kruise-devops:index:PoolWarm"), ["platform-pool-serverless"]);
    const secrets = ofType("kubernetes:core/v1:Secret")
      .map((r) => `${r.inputs.metadata.namespace}/${r.inputs.metadata.name}`)
      .sort();
    assert.deepStrictEqual(secrets, [
      "argocd/argocd-redis",
      "ci/platform-argocd-token",
      "ci/platform-git",
      "ci/platform-registry",
    ]);
    const sa = ofType("kubernetes:core/v1:ServiceAccount")[0].inputs;
    assert.deepStrictEqual(sa.secrets.map((s: { name: string }) => s.name).sort(), [
      "platform-git",
      "platform-registry",
    ]);
    const token = ofType("kubernetes:core/v1:Secret").find(
      (r) => r.inputs.metadata.name === "platform-argocd-token",
    )!;
    // The Service the chart creates for release `platform-argocd` (its nameOverride `argocd`
    // is in the release name): `platform-argocd-server`.
    assert.strictEqual(
      reveal(token.inputs.stringData).ARGOCD_SERVER,
      "platform-argocd-server.argocd.svc:443",
      "the token names the installed server",
    );
    assert.strictEqual(p.argocd!.serverAddress, "platform-argocd-server.argocd.svc:443");
    // Every warm job waits for the Kruise chart.
    const chart = registered.find((r) => r.name === "platform-kruise-chart")!;
    for (const job of ofTypeCounted("kubernetes:apps.kruise.io/v1alpha1:ImagePullJob", 2)) {
      assert.ok(job.dependencies.includes(chart.urn), `${job.name} depends on the Kruise chart`);
    }
    assert.ok(p.serviceAccount && p.kruise && p.argocd && p.tekton);
    assert.strictEqual(p.warm.length, 2);
    // The children, for TypeScript (getters), and their names, as outputs every language reads.
    assert.strictEqual(p.pipeline!.registry, p.registry);
    assert.strictEqual(p.pipeline!.git, p.git);
    assert.strictEqual(p.pipeline!.argocdToken, p.argocdToken);
    assert.strictEqual(p.pipeline!.serviceAccount, p.serviceAccount);
    assert.deepStrictEqual(
      p.warm.map((w) => w.constructor.name),
      ["BaseImageWarm", "PoolWarm"],
    );
    const outputs = {
      kruiseNamespace: p.kruiseNamespace,
      tektonNamespace: p.tektonNamespace,
      argocdNamespace: p.argocdNamespace,
      argocdServer: p.argocdServer,
      pipelineNamespace: p.pipelineNamespace,
      serviceAccountName: p.serviceAccountName,
      registrySecretName: p.registrySecretName,
      gitSecretName: p.gitSecretName,
      argocdTokenSecretName: p.argocdTokenSecretName,
      warmComponents: p.warmComponents,
    };
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(outputs)) values[k] = await valueOf<unknown>(v!);
    assert.deepStrictEqual(values, {
      kruiseNamespace: "kruise-system",
      tektonNamespace: "tekton-pipelines",
      argocdNamespace: "argocd",
      argocdServer: "platform-argocd-server.argocd.svc:443",
      pipelineNamespace: "ci",
      serviceAccountName: "platform-pipeline",
      registrySecretName: "platform-registry",
      gitSecretName: "platform-git",
      argocdTokenSecretName: "platform-argocd-token",
      warmComponents: ["platform-base", "platform-pool-serverless"],
    });
  });

  it("takes a credential's namespace only as the pipeline's, and maps a mismatch to pipeline.registry.namespace", async () => {
    const registry = { registry: "ghcr.io", username: "bot", password: pulumi.secret("r") };
    throwsWith(
      () =>
        new kd.Platform("n", {
          kruise: { enabled: false },
          tekton: { enabled: false },
          argocd: { enabled: false },
          pipeline: { namespace: "ci", registry: { ...registry, namespace: "other" } },
        }),
      `PipelineNamespace 'n': args.registry.namespace ("other") is not the pipeline's namespace ("ci")`,
    );
    assert.strictEqual(
      platformArgPath("n", "PipelineNamespace", "n", ["registry", "namespace"]),
      "pipeline.registry.namespace",
    );
    // Given as the pipeline's, it is taken; left out, the credential goes there too.
    resetRegistrations();
    new kd.Platform("m", {
      kruise: { enabled: false },
      tekton: { enabled: false },
      argocd: { enabled: false },
      pipeline: { namespace: "ci", registry: { ...registry, namespace: "ci" } },
    });
    await settle();
    const secrets = ofType("kubernetes:core/v1:Secret").map(
      (r) => `${r.inputs.metadata.namespace}/${r.inputs.metadata.name}`,
    );
    assert.deepStrictEqual(secrets, ["ci/m-registry"]);
  });

  it("keeps the URNs its pipeline children had before the section was a component: each aliased to Platform", async () => {
    new kd.Platform("platform", {
      kruise: { enabled: false },
      tekton: { enabled: false },
      argocd: { templating: "client", adminPassword: pulumi.secret("admin-password") },
      pipeline: {
        namespace: "ci",
        registry: { registry: "ghcr.io", username: "bot", password: pulumi.secret("r") },
        git: { host: "github.com", basicAuth: { username: "bot", password: pulumi.secret("g") } },
        argocdToken: pulumi.secret("argocd-token"),
        deploys: [{ kind: "CloneSet", name: "web", namespace: "shop" }],
      },
    });
    await settle();
    const platform = ofType("kruise-devops:index:Platform");
    assert.strictEqual(platform.length, 1);
    const sections = ofType("kruise-devops:index:PipelineNamespace");
    assert.strictEqual(sections.length, 1);
    const section = sections[0];
    assert.strictEqual(section.name, "platform", "named as the Platform");
    assert.strictEqual(section.parent, platform[0].urn);
    // What Platform registered as its own children before (`pulumi stack export` of the same
    // args at the commit before PipelineNamespace): type and name under Platform.
    const prefix = "urn:pulumi:test::kruise-devops::kruise-devops:index:Platform$";
    const before = [
      "kruise-devops:index:ArgoCdToken::platform-argocd-token",
      "kruise-devops:index:GitCredentials::platform-git",
      "kruise-devops:index:PipelineServiceAccount::platform-pipeline",
      "kruise-devops:index:RegistryCredentials::platform-registry",
      "kubernetes:core/v1:Namespace::platform-pipeline-namespace",
    ].map((u) => prefix + u);
    const moved = registered.filter((r) => r.parent === section.urn);
    assert.strictEqual(moved.length, before.length);
    // The alias names the resource's own type and name under its parent then (the engine fills
    // in the spec's empty fields from the resource): the URN it had.
    const aliased = moved.map((r) => {
      assert.strictEqual(r.aliases.length, 1, r.name);
      const [{ parentUrn, ...rest }] = r.aliases;
      assert.deepStrictEqual(rest, {}, `${r.name}: the same name and type`);
      assert.strictEqual(parentUrn, platform[0].urn, r.name);
      return `${prefix}${r.type}::${r.name}`;
    });
    assert.deepStrictEqual(aliased.sort(), before);
    // Their own children inherit the alias from them (the engine derives it): none moves them
    // itself (the provider's own aliases, of older API versions, keep the parent).
    const grandchildren = registered.filter((r) => moved.some((m) => m.urn === r.parent));
    assert.strictEqual(grandchildren.length, 8);
    for (const r of grandchildren) {
      for (const a of r.aliases)
        assert.deepStrictEqual([a.parentUrn, a.name], [r.parent, undefined]);
    }
    // The Namespace keeps Platform's labels.
    const ns = moved.find((r) => r.type === "kubernetes:core/v1:Namespace")!;
    assert.deepStrictEqual(ns.inputs.metadata, {
      name: "ci",
      labels: managedLabels("platform", "platform"),
    });
  });

  it("maps its pipeline section's problems, and the section's children's, to its own args", () => {
    assert.strictEqual(
      platformArgPath("platform", "PipelineNamespace", "platform", ["namespace"]),
      "pipeline.namespace",
    );
    assert.strictEqual(
      platformArgPath("platform", "PipelineNamespace", "other", ["namespace"]),
      undefined,
    );
    assert.strictEqual(
      platformArgPath("platform", "RegistryCredentials", "platform-registry", ["password"]),
      "pipeline.registry.password",
    );
    assert.strictEqual(
      platformArgPath("platform", "PipelineServiceAccount", "platform-pipeline", ["deploys", 0]),
      "pipeline.deploys[0]",
    );
    assert.strictEqual(
      platformArgPath("platform", "ArgoCdToken", "platform-argocd-token", ["token"]),
      "pipeline.argocdToken",
    );
    assert.strictEqual(
      platformArgPath("platform", "PoolWarm", "platform-pool-gpu", ["images", 0]),
      "warm.pools.gpu.images[0]",
    );
    assert.strictEqual(
      platformArgPath("platform", "RegistryCredentials", "platform-pipeline", ["password"]),
      undefined,
    );
  });

  it("leaves out parts with enabled: false, and refuses warm jobs with the gates they need turned off", async () => {
    const p = new kd.Platform("p", {
      kruise: { enabled: false },
      tekton: { enabled: false },
      argocd: { enabled: false },
      warm: { base: { images: ["docker.io/library/alpine:3.20"] } },
    });
    await settle();
    assert.deepStrictEqual(byType("kubernetes:helm.sh/v4:Chart"), []);
    assert.deepStrictEqual(byType("kubernetes:yaml/v2:ConfigGroup"), []);
    for (const kind of ["KruiseOperator", "TektonPipelines", "ArgoCd"])
      assert.deepStrictEqual(byType(`kruise-devops:index:${kind}`), [], kind);
    assert.strictEqual(ofType("kubernetes:apps.kruise.io/v1alpha1:ImagePullJob").length, 1);
    assert.deepStrictEqual([p.kruise, p.tekton, p.argocd], [undefined, undefined, undefined]);
    assert.deepStrictEqual(
      [p.kruiseNamespace, p.tektonNamespace, p.argocdNamespace, p.argocdServer],
      [undefined, undefined, undefined, undefined],
    );
    // `enabled: true` is the default, and a part's own args come without it.
    resetRegistrations();
    new kd.Platform("e", { kruise: { enabled: true, templating: "client" }, tekton: {} });
    await settle();
    assert.deepStrictEqual(byType("kruise-devops:index:KruiseOperator"), ["e-kruise"]);
    assert.deepStrictEqual(byType("kruise-devops:index:TektonPipelines"), ["e-tekton"]);
    assert.deepStrictEqual(byType("kruise-devops:index:ArgoCd"), ["e-argocd"]);
    // `false` in place of the part (the old form, from JavaScript or a stack config) is refused.
    throwsWith(
      () => new kd.Platform("f", { kruise: false as never, warm: {} }),
      "Platform 'f': args.kruise is false — a part is left out by its own `enabled: false`, beside its component's args; pass { enabled: false }",
    );
    throwsWith(
      () =>
        new kd.Platform("q", {
          kruise: { featureGates: { ImagePullJobGate: false } },
          warm: { base: { images: ["docker.io/library/alpine:3.20"] } },
        }),
      "Platform 'q': args.kruise.featureGates turn ImagePullJobGate or KruiseDaemon off while warm components are asked for",
    );
    throwsWith(
      () =>
        new kd.Platform("r", {
          argocd: { enabled: false },
          pipeline: { argocdToken: pulumi.secret("t") },
        }),
      "Platform 'r': args.pipeline.argocdToken is set without argocd",
    );
  });

  it("checks every part's args before its first child: bad args anywhere register nothing", async () => {
    resetRegistrations();
    // A bad warm image, after three parts with good args: nine children were registered before.
    const message = throwsWith(
      () => new kd.Platform("p", { warm: { base: { images: ["nginx"] } } }),
      `BaseImageWarm 'p-base': args.images[0] ("nginx") has no tag or digest`,
    );
    assert.strictEqual(message.split("\n").length, 1, message);
    // Every part's problems at once, each under the child's own name.
    throwsWith(
      () =>
        new kd.Platform("q", {
          kruise: { featureGates: { Bogus: true } as never },
          argocd: { namespace: "Not A Namespace" },
          pipeline: {
            registry: { registry: "ghcr.io", username: "bot", password: "plain" as never },
            deploys: [{ kind: "Deployment", name: "web", namespace: "shop" }],
          },
          warm: { pools: { gpu: { images: ["nginx:latest"], pool: { matchLabels: {} } } } },
        }),
      "KruiseOperator 'q-kruise': args.featureGates",
      "ArgoCd 'q-argocd': args.namespace",
      "RegistryCredentials 'q-registry': args.password",
      "PoolWarm 'q-pool-gpu': args.images[0]",
    );
    await settle();
    assert.deepStrictEqual(registered, [], "nothing registered, not even the Platform");
  });
});
