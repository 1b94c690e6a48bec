import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { UPSTREAM, crdErrors, loadCrdValidators } from "../support/crdSchema";
import { throwsWith } from "../support/expect";
import {
  mockedComponents,
  ofType,
  registered,
  resetRegistrations,
  settle,
  valueOf,
} from "../support/mocks";

const kd = mockedComponents();
type ArgoApplicationArgs = import("../../components").ArgoApplicationArgs;

const ARGOCD_CRDS = path.join(UPSTREAM, "argocd", "v3.5.1", "crds");
const COMPONENT = "kruise-devops:index:ArgoApplication";
const APPLICATION = "kubernetes:argoproj.io/v1alpha1:Application";

const REPO = "https://github.com/acme/deploy.git";
const SSD = { "argocd.argoproj.io/compare-options": "ServerSideDiff=true" };
const LABELS = (instance: string) => ({
  "app.kubernetes.io/managed-by": "pulumi",
  "app.kubernetes.io/part-of": "kruise-devops",
  "app.kubernetes.io/component": "argoapplication",
  "kruise-devops.io/instance": instance,
});

/** A Git-directory Application's args, with `over` on top. */
const gitArgs = (over: Partial<ArgoApplicationArgs> = {}): ArgoApplicationArgs => ({
  repoURL: REPO,
  path: "apps/web",
  targetRevision: "main",
  destination: { namespace: "web" },
  ...over,
});

/** Creates an ArgoApplication and returns the Application object it registered. */
async function application(
  name: string,
  args: ArgoApplicationArgs,
  opts?: pulumi.ComponentResourceOptions,
): Promise<Record<string, any>> {
  const app = new kd.ArgoApplication(name, args, opts);
  assert.strictEqual(await valueOf(app.applicationName), name);
  await settle();
  const apps = ofType(APPLICATION);
  assert.strictEqual(apps.length, 1);
  return apps[0].inputs;
}

function assertCrdValid(obj: Record<string, any>) {
  assert.deepStrictEqual(crdErrors(ARGOCD_CRDS, obj as any), [], JSON.stringify(obj));
}

describe("ArgoApplication under Pulumi mocks", () => {
  beforeEach(resetRegistrations);

  describe("the Application CRD schema", () => {
    it("loads the three Argo CD CRDs and skips kustomization.yaml, which is no CRD", () => {
      const files = fs.readdirSync(ARGOCD_CRDS).sort();
      assert.deepStrictEqual(files, [
        "application-crd.yaml",
        "applicationset-crd.yaml",
        "appproject-crd.yaml",
        "kustomization.yaml",
      ]);
      assert.deepStrictEqual([...loadCrdValidators(ARGOCD_CRDS).keys()].sort(), [
        "argoproj.io/v1alpha1/AppProject",
        "argoproj.io/v1alpha1/Application",
        "argoproj.io/v1alpha1/ApplicationSet",
      ]);
    });

    it("catches a misspelt field and a missing required one", () => {
      const bad = {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "Application",
        metadata: { name: "web" },
        spec: { project: "default", destination: { namespace: "web", cluster: "x" } },
      };
      assert.notDeepStrictEqual(crdErrors(ARGOCD_CRDS, bad), []);
      const noProject = { ...bad, spec: { destination: { namespace: "web" } } };
      assert.notDeepStrictEqual(crdErrors(ARGOCD_CRDS, noProject), []);
    });
  });

  describe("manifest", () => {
    it("delivers a Git directory to the local cluster, diffed server-side, with no finalizer", async () => {
      const app = await application("web", gitArgs());
      assert.deepStrictEqual(app, {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "Application",
        metadata: { name: "web", namespace: "argocd", labels: LABELS("web"), annotations: SSD },
        spec: {
          project: "default",
          source: { repoURL: REPO, targetRevision: "main", path: "apps/web" },
          destination: { server: "https://kubernetes.default.svc", namespace: "web" },
        },
      });
      assertCrdValid(app);
      assert.strictEqual(kd.IN_CLUSTER, "https://kubernetes.default.svc");
    });

    it("is a child of the component, which stores no inputs", async () => {
      await application("web", gitArgs());
      const component = registered.find((r) => r.type === COMPONENT)!;
      assert.deepStrictEqual(component.inputs, {});
      const [app] = ofType(APPLICATION);
      assert.strictEqual(app.parent, component.urn);
      assert.strictEqual(app.name, "web-application");
      assert.deepStrictEqual(app.dependencies, []);
    });

    it("hands the component's dependsOn to the Application (it must wait for Argo CD)", async () => {
      const argocd = new (class extends pulumi.CustomResource {})("test:index:ArgoCd", "cd", {});
      await application("web", gitArgs(), { dependsOn: [argocd] });
      const [app] = ofType(APPLICATION);
      assert.deepStrictEqual(app.dependencies, [await valueOf(argocd.urn)]);
    });

    it("delivers a Helm repository chart with parameters, valuesObject, valueFiles and releaseName", async () => {
      const helm = {
        parameters: [
          { name: "replicaCount", value: "3" },
          { name: "image.tag", value: "6.7.1", forceString: true },
        ],
        valuesObject: { ui: { color: "#34577c" }, podAnnotations: { team: "web" }, hpa: null },
        valueFiles: ["values-prod.yaml"],
        releaseName: "podinfo",
      };
      const app = await application("podinfo", {
        repoURL: "https://stefanprodan.github.io/podinfo",
        chart: "podinfo",
        targetRevision: "6.7.1",
        helm,
        destination: { namespace: "podinfo" },
      });
      assert.deepStrictEqual(app.spec.source, {
        repoURL: "https://stefanprodan.github.io/podinfo",
        targetRevision: "6.7.1",
        chart: "podinfo",
        helm,
      });
      assert.strictEqual(app.spec.source.path, undefined);
      assertCrdValid(app);
    });

    it("takes an OCI chart repository and an ssh Git URL", async () => {
      const oci = await application("oci", {
        repoURL: "oci://ghcr.io/stefanprodan/charts",
        chart: "podinfo",
        targetRevision: "6.7.1",
        destination: { namespace: "podinfo" },
      });
      assert.strictEqual(oci.spec.source.repoURL, "oci://ghcr.io/stefanprodan/charts");
      resetRegistrations();
      const ssh = await application("ssh", gitArgs({ repoURL: "git@github.com:acme/deploy.git" }));
      assert.strictEqual(ssh.spec.source.repoURL, "git@github.com:acme/deploy.git");
      assertCrdValid(ssh);
    });

    it("deploys to a cluster by name (no server) or to another server", async () => {
      const byName = await application(
        "web",
        gitArgs({ destination: { name: "prod-eu", namespace: "web" } }),
      );
      assert.deepStrictEqual(byName.spec.destination, { name: "prod-eu", namespace: "web" });
      assertCrdValid(byName);
      resetRegistrations();
      const byServer = await application(
        "web",
        gitArgs({ destination: { server: "https://10.0.0.1:6443", namespace: "web" } }),
      );
      assert.deepStrictEqual(byServer.spec.destination, {
        server: "https://10.0.0.1:6443",
        namespace: "web",
      });
    });

    it("passes project, namespace and labels; the package's own labels cannot be overridden", async () => {
      const app = await application(
        "web",
        gitArgs({
          project: "platform",
          namespace: "gitops",
          labels: { team: "web", "app.kubernetes.io/managed-by": "helm" },
        }),
      );
      assert.strictEqual(app.spec.project, "platform");
      assert.strictEqual(app.metadata.namespace, "gitops");
      assert.deepStrictEqual(app.metadata.labels, { team: "web", ...LABELS("web") });
      assertCrdValid(app);
    });

    it("passes syncPolicy through unchanged", async () => {
      const syncPolicy = {
        automated: { prune: true, selfHeal: true },
        syncOptions: ["CreateNamespace=true", "ServerSideApply=true"],
        retry: { limit: 5, backoff: { duration: "5s", factor: 2, maxDuration: "3m" } },
      };
      const app = await application("web", gitArgs({ syncPolicy }));
      assert.deepStrictEqual(app.spec.syncPolicy, syncPolicy);
      assertCrdValid(app);
      resetRegistrations();
      const manual = await application("web", gitArgs());
      assert.strictEqual(manual.spec.syncPolicy, undefined, "manual sync by default");
    });

    it("takes every backoff duration Argo CD parses: whole seconds, or a Go duration", async () => {
      for (const duration of ["30", "+5", "0", "5s", "1m30s", "1.5h", "300ms", "2h45m"]) {
        resetRegistrations();
        const app = await application(
          "web",
          gitArgs({ syncPolicy: { retry: { backoff: { duration, maxDuration: duration } } } }),
        );
        assert.strictEqual(app.spec.syncPolicy.retry.backoff.duration, duration);
      }
    });
  });

  describe("server-side diff", () => {
    const cases: [string, Partial<ArgoApplicationArgs>, boolean][] = [
      ["is on by default (no Kruise install given)", {}, true],
      [
        "is on when Kruise's TemplateNoDefaults is off",
        { kruise: { featureGates: { TemplateNoDefaults: false } } },
        true,
      ],
      [
        "is off when TemplateNoDefaults is on",
        { kruise: { featureGates: { TemplateNoDefaults: true } } },
        false,
      ],
      ["is off when turned off explicitly", { serverSideDiff: false }, false],
      [
        "is on when turned on explicitly, even with TemplateNoDefaults on",
        { serverSideDiff: true, kruise: { featureGates: { TemplateNoDefaults: true } } },
        true,
      ],
      [
        "is off when turned off explicitly, even with TemplateNoDefaults off",
        { serverSideDiff: false, kruise: { featureGates: { TemplateNoDefaults: false } } },
        false,
      ],
    ];
    for (const [what, over, on] of cases) {
      it(what, async () => {
        const app = await application("web", gitArgs(over));
        assert.deepStrictEqual(app.metadata.annotations, on ? SSD : undefined);
        assertCrdValid(app);
      });
    }

    it("follows a real KruiseOperator's gates", async () => {
      const gitOps = new kd.KruiseOperator("kruise-gitops", { gitOps: true });
      assert.strictEqual(gitOps.featureGates.TemplateNoDefaults, true);
      const off = await application("web", gitArgs({ kruise: gitOps }));
      assert.strictEqual(off.metadata.annotations, undefined);

      resetRegistrations();
      const plain = new kd.KruiseOperator("kruise-plain");
      assert.strictEqual(plain.featureGates.TemplateNoDefaults, false);
      const on = await application("web", gitArgs({ kruise: plain }));
      assert.deepStrictEqual(on.metadata.annotations, SSD);
    });
  });

  describe("cascadeDelete", () => {
    it("adds the resources finalizer only when asked", async () => {
      const kept = await application("web", gitArgs());
      assert.strictEqual(kept.metadata.finalizers, undefined);
      resetRegistrations();
      const cascading = await application("web", gitArgs({ cascadeDelete: true }));
      assert.deepStrictEqual(cascading.metadata.finalizers, [
        "resources-finalizer.argocd.argoproj.io",
      ]);
      assertCrdValid(cascading);
    });
  });

  describe("bad input registers nothing", () => {
    const cases: [string, () => unknown, string[]][] = [
      [
        "both path and chart",
        () => new kd.ArgoApplication("web", gitArgs({ chart: "podinfo" })),
        [
          "ArgoApplication 'web': args has both path and chart — an Application source is a Git directory (path) or a Helm repository chart (chart); give exactly one",
        ],
      ],
      [
        "neither path nor chart",
        () => new kd.ArgoApplication("web", gitArgs({ path: undefined })),
        ["ArgoApplication 'web': args has neither path nor chart"],
      ],
      [
        "both server and name",
        () =>
          new kd.ArgoApplication(
            "web",
            gitArgs({
              destination: {
                server: "https://kubernetes.default.svc",
                name: "in-cluster",
                namespace: "web",
              },
            }),
          ),
        [
          "ArgoApplication 'web': args.destination has both server and name — Argo CD rejects an Application destination with both server and name",
        ],
      ],
      [
        "a repoURL without scheme",
        () => new kd.ArgoApplication("web", gitArgs({ repoURL: "github.com/acme/deploy.git" })),
        [
          "ArgoApplication 'web': args.repoURL is not a repository URL",
          'give e.g. "https://github.com/acme/deploy.git"',
        ],
      ],
      [
        "an empty targetRevision",
        () => new kd.ArgoApplication("web", gitArgs({ targetRevision: "" })),
        [
          "ArgoApplication 'web': args.targetRevision is empty — spec.source.targetRevision pins what Argo CD deploys",
        ],
      ],
      [
        "a sync option without a value",
        () =>
          new kd.ArgoApplication(
            "web",
            gitArgs({ syncPolicy: { syncOptions: ["CreateNamespace"] } }),
          ),
        [
          "ArgoApplication 'web': args.syncPolicy.syncOptions[0] is not a sync option — Argo CD sync options are Name=value",
        ],
      ],
      [
        "a name that is no Application name",
        () => new kd.ArgoApplication("Web App", gitArgs()),
        [
          `ArgoApplication 'Web App': args.name ("Web App") is not a`,
          "names are lowercase RFC 1123 subdomains",
        ],
      ],
      [
        "a bad destination namespace",
        () => new kd.ArgoApplication("web", gitArgs({ destination: { namespace: "Web" } })),
        [`ArgoApplication 'web': args.destination.namespace ("Web") is not a namespace name`],
      ],
      [
        "a retry backoff Argo CD cannot parse",
        () =>
          new kd.ArgoApplication(
            "web",
            gitArgs({
              syncPolicy: { retry: { backoff: { duration: "5 sec", maxDuration: "1d" } } },
            }),
          ),
        [
          "ArgoApplication 'web': args.syncPolicy.retry.backoff.duration is not a duration — Argo CD reads whole seconds",
          "args.syncPolicy.retry.backoff.maxDuration is not a duration",
        ],
      ],
      [
        "a retry limit past what a JavaScript number holds exactly",
        () => new kd.ArgoApplication("web", gitArgs({ syncPolicy: { retry: { limit: 2 ** 53 } } })),
        [
          "args.syncPolicy.retry.limit (9007199254740992) is out of range",
          "use 0..9007199254740991",
        ],
      ],
      [
        "a typo",
        () => new kd.ArgoApplication("web", { ...gitArgs(), syncPolicyy: {} } as any),
        ["ArgoApplication 'web': args has unknown key(s) 'syncPolicyy'"],
      ],
    ];
    for (const [what, make, fragments] of cases) {
      it(`${what}: fails before any resource, naming the path`, async () => {
        throwsWith(make, ...fragments);
        await settle();
        assert.deepStrictEqual(registered, []);
      });
    }
  });
});
