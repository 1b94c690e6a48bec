import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import {
  Registered,
  helmTemplate,
  mockedComponents,
  registered,
  resetRegistrations,
  settle,
  stackTransforms,
} from "../support/mocks";
import { FetchStub, serveRelease } from "../support/tektonRelease";

const kd = mockedComponents();

/**
 * The package registers no resource transform: a transform on a remote component is a callback
 * from the engine into the program for every child, and the Node SDK shuts its callback server
 * for good on the first UNAVAILABLE (components/common/keptCrds.ts). Every public component is
 * built here with typical args, in each templating mode, and every registration is checked.
 */

const KIND_PREFIX = "kruise-devops:index:";

const crd = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "things.example.com" },
};
const service = {
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "svc", namespace: "ns" },
};

const NGINX = "docker.io/library/nginx:1.27.3";

/** Builds one of each public component (and a Platform with every part). */
function buildEverything(templating: "server" | "client", keepCrds: boolean): void {
  const crds = { keepOnDelete: keepCrds };
  new kd.KruiseOperator("kruise", { templating, gitOps: true, crds });
  const argocd = new kd.ArgoCd("argocd", {
    templating,
    adminPassword: pulumi.secret("admin-password"),
    crds,
  });
  new kd.TektonPipelines("tekton", {
    featureFlags: { enableApiFields: "stable" },
    defaults: { timeoutMinutes: 30 },
    keepCrdsOnDelete: keepCrds,
  });
  const registry = new kd.RegistryCredentials("registry-creds", {
    registry: "ghcr.io",
    username: "ci-bot",
    password: pulumi.secret("ghp_registrytoken"),
    namespace: "ci",
  });
  const git = new kd.GitCredentials("git-creds", {
    host: "github.com",
    namespace: "ci",
    basicAuth: { username: "ci-bot", password: pulumi.secret("ghp_gittoken") },
  });
  new kd.ArgoCdToken("argocd-token", {
    server: argocd.serverAddress,
    namespace: "ci",
    token: pulumi.secret("argocd-api-token"),
  });
  const sa = new kd.PipelineServiceAccount("pipeline", {
    namespace: "ci",
    credentials: [registry, git],
    deploys: [{ kind: "CloneSet", name: "web", namespace: "shop" }],
  });
  new kd.CiPipeline("web-ci", {
    namespace: "ci",
    serviceAccount: sa,
    repo: "https://github.com/acme/web.git",
    test: { image: "docker.io/library/golang:1.23", command: ["go", "test", "./..."] },
    build: { image: "ghcr.io/acme/web", registrySecret: registry },
    warm: { parallelism: 20, selector: { "resource-pool": "web" } },
    deploy: { cloneSet: { name: "web", container: "web", namespace: "shop" } },
    run: {},
  });
  new kd.CloneSet("web", { image: NGINX, namespace: "shop", ports: { http: 8080 } });
  new kd.ArgoApplication("web", {
    repoURL: "https://github.com/acme/deploy.git",
    path: "apps/web",
    targetRevision: "main",
    destination: { namespace: "web" },
  });
  new kd.BaseImageWarm("base", { images: [NGINX] });
  new kd.SidecarWarm("mesh", { images: ["docker.io/istio/proxyv2:1.23.2"] });
  new kd.PoolWarm("serverless", {
    images: ["ghcr.io/acme/fn:2.1.0"],
    pool: { matchLabels: { "resource-pool": "serverless" } },
  });
  new kd.ImageListWarm("tools", { images: [NGINX, "docker.io/library/redis:7.4.1"] });
  new kd.ScheduledWarm("nightly", {
    images: [NGINX],
    schedule: "0 3 * * *",
    kruiseVersion: "1.9.1",
  });
  new kd.Platform("platform", {
    kruise: { templating, gitOps: true, crds },
    tekton: { keepCrdsOnDelete: keepCrds },
    argocd: { templating, adminPassword: pulumi.secret("admin-password"), crds },
    pipeline: {
      namespace: "ci2",
      registry: {
        registry: "ghcr.io",
        username: "bot",
        password: pulumi.secret("registry-token"),
      },
      git: { host: "github.com", basicAuth: { username: "bot", password: pulumi.secret("t") } },
      argocdToken: pulumi.secret("argocd-token"),
      deploys: [{ kind: "CloneSet", name: "web", namespace: "shop" }],
    },
    warm: {
      base: { images: ["docker.io/library/alpine:3.20"] },
      sidecars: { images: ["docker.io/istio/proxyv2:1.23.2"] },
      pools: { gpu: { images: ["ghcr.io/acme/gpu:1.0.0"], pool: { names: ["n1"] } } },
    },
  });
}

/** `type name` of each registration with a transform. */
const withTransforms = (rs: Registered[]): string[] =>
  rs.filter((r) => r.transforms > 0).map((r) => `${r.type} ${r.name}`);

describe("no resource transforms anywhere in the package", () => {
  let fetchStub: FetchStub;
  beforeEach(() => {
    resetRegistrations();
    fetchStub = serveRelease();
  });
  afterEach(() => fetchStub.restore());

  for (const templating of ["server", "client"] as const) {
    for (const keepCrds of [true, false]) {
      it(`every public component, templating ${templating}, CRDs ${keepCrds ? "kept" : "not kept"}`, async () => {
        helmTemplate.objects = [crd, service];
        const stackTransformsBefore = stackTransforms.count;
        buildEverything(templating, keepCrds);
        await settle();

        // Every exported component class was built, so a new one cannot slip past this test.
        const classes = Object.entries(kd)
          .filter(
            ([, v]) => typeof v === "function" && v.prototype instanceof pulumi.ComponentResource,
          )
          .map(([name]) => name)
          .sort();
        assert.ok(classes.length >= 14, classes.join(", "));
        const built = new Set(
          registered.filter((r) => r.type.startsWith(KIND_PREFIX)).map((r) => r.type),
        );
        assert.deepStrictEqual(
          classes.filter((c) => !built.has(`${KIND_PREFIX}${c}`)),
          [],
          "every public component is registered",
        );
        // The provider components whose children the engine registers: built in this mode.
        const types = new Set(registered.map((r) => r.type));
        assert.ok(types.has("kubernetes:yaml/v2:ConfigGroup"));
        if (templating === "server") assert.ok(types.has("kubernetes:helm.sh/v4:Chart"));

        assert.ok(registered.length > 50, `${registered.length} registrations`);
        assert.deepStrictEqual(withTransforms(registered), []);
        assert.strictEqual(stackTransforms.count, stackTransformsBefore, "no stack transform");
      });
    }
  }
});
