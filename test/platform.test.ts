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
  });

  it("keeps the URNs its pipeline children had before the section was a component: each aliased to Platform", async () => {
    new kd.Platform("platform", {
      kruise: false,
      tekton: false,
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

  it("leaves out parts set to false, and refuses warm jobs with the gates they need turned off", async () => {
    new kd.Platform("p", {
      kruise: false,
      tekton: false,
      argocd: false,
      warm: { base: { images: ["docker.io/library/alpine:3.20"] } },
    });
    await settle();
    assert.deepStrictEqual(byType("kubernetes:helm.sh/v4:Chart"), []);
    assert.strictEqual(ofType("kubernetes:apps.kruise.io/v1alpha1:ImagePullJob").length, 1);
    throwsWith(
      () =>
        new kd.Platform("q", {
          kruise: { featureGates: { ImagePullJobGate: false } },
          warm: { base: { images: ["docker.io/library/alpine:3.20"] } },
        }),
      "Platform 'q': args.kruise.featureGates turn ImagePullJobGate or KruiseDaemon off while warm components are asked for",
    );
    throwsWith(
      () => new kd.Platform("r", { argocd: false, pipeline: { argocdToken: pulumi.secret("t") } }),
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
