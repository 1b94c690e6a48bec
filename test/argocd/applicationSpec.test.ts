import * as assert from "assert";
import {
  ApplicationPlan,
  CASCADE_FINALIZER,
  COMPARE_OPTIONS_ANNOTATION,
  IN_CLUSTER,
  buildApplication,
} from "../../components/argocd/applicationSpec";

const PLAN: ApplicationPlan = {
  name: "web",
  namespace: "argocd",
  labels: { team: "web" },
  project: "default",
  source: { repoURL: "https://git.example.com/web.git", targetRevision: "main", path: "deploy" },
  destination: { namespace: "web" },
  serverSideDiff: false,
  cascadeDelete: false,
};

describe("the Application manifest (components/argocd/applicationSpec)", () => {
  it("the least: an argoproj.io/v1alpha1 Application to the in-cluster server", () => {
    assert.deepStrictEqual(buildApplication(PLAN), {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Application",
      metadata: { name: "web", namespace: "argocd", labels: { team: "web" } },
      spec: {
        project: "default",
        source: PLAN.source,
        destination: { server: IN_CLUSTER, namespace: "web" },
      },
    });
    assert.strictEqual(IN_CLUSTER, "https://kubernetes.default.svc");
  });

  it("server-side diff: Argo CD's compare-options annotation", () => {
    assert.strictEqual(COMPARE_OPTIONS_ANNOTATION, "argocd.argoproj.io/compare-options");
    const m = buildApplication({ ...PLAN, serverSideDiff: true }).metadata;
    assert.deepStrictEqual(m.annotations, { [COMPARE_OPTIONS_ANNOTATION]: "ServerSideDiff=true" });
    assert.ok(!("annotations" in buildApplication(PLAN).metadata));
  });

  it("cascadeDelete: the resources finalizer, and only then", () => {
    assert.strictEqual(CASCADE_FINALIZER, "resources-finalizer.argocd.argoproj.io");
    assert.deepStrictEqual(buildApplication({ ...PLAN, cascadeDelete: true }).metadata.finalizers, [
      CASCADE_FINALIZER,
    ]);
    assert.ok(!("finalizers" in buildApplication(PLAN).metadata));
  });

  it("destination: a cluster name wins over a server; a server is kept; in-cluster by default", () => {
    const cases: [ApplicationPlan["destination"], Record<string, string>][] = [
      [{ namespace: "n" }, { server: IN_CLUSTER, namespace: "n" }],
      [
        { server: "https://prod.example.com:6443", namespace: "n" },
        { server: "https://prod.example.com:6443", namespace: "n" },
      ],
      [
        { name: "prod", namespace: "n" },
        { name: "prod", namespace: "n" },
      ],
      [
        { name: "prod", server: "https://x", namespace: "n" },
        { name: "prod", namespace: "n" },
      ],
      [
        { name: "", namespace: "n" },
        { server: IN_CLUSTER, namespace: "n" },
      ],
    ];
    assert.strictEqual(cases.length, 5);
    for (const [destination, want] of cases) {
      assert.deepStrictEqual(
        buildApplication({ ...PLAN, destination }).spec.destination,
        want,
        JSON.stringify(destination),
      );
    }
  });

  it("syncPolicy, ignoreDifferences and the Helm source are passed through as given", () => {
    const syncPolicy = {
      automated: { prune: true, selfHeal: true },
      syncOptions: ["CreateNamespace=true"],
      retry: { limit: 3, backoff: { duration: "5s", factor: 2, maxDuration: "3m" } },
    };
    const ignoreDifferences = [
      { group: "apps", kind: "Deployment", jsonPointers: ["/spec/replicas"] },
    ];
    const source = {
      repoURL: "oci://ghcr.io/charts",
      targetRevision: "1.2.3",
      chart: "web",
      helm: {
        parameters: [{ name: "image.tag", value: "1", forceString: true }],
        releaseName: "w",
      },
    };
    const spec = buildApplication({ ...PLAN, source, syncPolicy, ignoreDifferences }).spec;
    assert.strictEqual(spec.source, source);
    assert.strictEqual(spec.syncPolicy, syncPolicy);
    assert.strictEqual(spec.ignoreDifferences, ignoreDifferences);
    const bare = buildApplication(PLAN).spec;
    assert.ok(!("syncPolicy" in bare) && !("ignoreDifferences" in bare));
  });
});
