import * as assert from "assert";
import { ClusterEnv, clusterEnv, clusterProps } from "./clusterPack/props";
import { remediate } from "./clusterPack/remediate";

describe("the e2e suite's remediation pack (test/e2e/clusterPack)", () => {
  const apiserver: ClusterEnv = { kind: "apiserver", loopbackServices: {}, runDeployments: [] };
  const controllers: ClusterEnv = clusterEnv({
    KD_E2E_CLUSTER: "controllers",
    KD_E2E_LOOPBACK_SERVICES: "tekton-pipelines/tekton-pipelines-webhook=127.0.0.3",
    KD_E2E_RUN_DEPLOYMENTS: "kruise-system/kruise-controller-manager",
  });
  const deployment = { metadata: { name: "web", namespace: "shop" }, spec: { replicas: 3 } };
  const webhooks = {
    metadata: { name: "kruise-validating-webhook-configuration" },
    webhooks: [{ name: "v.kb.io", failurePolicy: "Fail" }],
  };
  const VWC = "kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration";
  const JOB = "kubernetes:apps.kruise.io/v1alpha1:ImagePullJob";

  it("reads the cluster kind and loopback Services from the environment; apiserver by default", () => {
    assert.deepStrictEqual(clusterEnv({}), apiserver);
    assert.deepStrictEqual(controllers, {
      kind: "controllers",
      loopbackServices: { "tekton-pipelines/tekton-pipelines-webhook": "127.0.0.3" },
      runDeployments: ["kruise-system/kruise-controller-manager"],
    });
  });

  it("apiserver: every object skips its readiness wait, every webhook fails open", () => {
    assert.deepStrictEqual(clusterProps("kubernetes:apps/v1:Deployment", deployment, apiserver), {
      ...deployment,
      metadata: { ...deployment.metadata, annotations: { "pulumi.com/skipAwait": "true" } },
    });
    const out = clusterProps(VWC, webhooks, apiserver)!;
    assert.strictEqual(out.webhooks[0].failurePolicy, "Ignore");
    assert.strictEqual(out.metadata.annotations["pulumi.com/skipAwait"], "true");
    assert.strictEqual(
      clusterProps(JOB, { metadata: { name: "j" } }, apiserver)!.metadata.annotations[
        "pulumi.com/skipAwait"
      ],
      "true",
    );
    assert.deepStrictEqual(
      clusterProps("kubernetes:yaml/v2:ConfigGroup", { objs: [] }, apiserver),
      {
        objs: [],
        skipAwait: true,
      },
    );
    assert.strictEqual(clusterProps("kruise-devops:index:BaseImageWarm", {}, apiserver), undefined);
    assert.strictEqual(clusterProps("pulumi:providers:kubernetes", {}, apiserver), undefined);
  });

  it("controllers: only what needs a kubelet skips its wait; webhooks and warm jobs are left as they are", () => {
    assert.strictEqual(
      clusterProps("kubernetes:apps/v1:Deployment", deployment, controllers)!.metadata.annotations[
        "pulumi.com/skipAwait"
      ],
      "true",
    );
    assert.strictEqual(clusterProps(VWC, webhooks, controllers), undefined);
    assert.strictEqual(clusterProps(JOB, { metadata: { name: "j" } }, controllers), undefined);
    assert.strictEqual(
      clusterProps("kubernetes:yaml/v2:ConfigGroup", { objs: [] }, controllers),
      undefined,
    );
  });

  it("controllers: a Deployment the suite runs as a process keeps its readiness wait, in that namespace only", () => {
    const manager = { metadata: { name: "kruise-controller-manager", namespace: "kruise-system" } };
    assert.strictEqual(
      clusterProps("kubernetes:apps/v1:Deployment", manager, controllers),
      undefined,
    );
    const elsewhere = { metadata: { ...manager.metadata, namespace: "other" } };
    assert.strictEqual(
      clusterProps("kubernetes:apps/v1:Deployment", elsewhere, controllers)!.metadata.annotations[
        "pulumi.com/skipAwait"
      ],
      "true",
    );
    assert.strictEqual(
      clusterProps("kubernetes:apps/v1:Deployment", manager, apiserver)!.metadata.annotations[
        "pulumi.com/skipAwait"
      ],
      "true",
      "apiserver: nothing runs it, so nothing is awaited",
    );
  });

  it("controllers: a listed webhook Service becomes an ExternalName Service for its loopback address", () => {
    const svc = {
      metadata: { name: "tekton-pipelines-webhook", namespace: "tekton-pipelines" },
      spec: {
        selector: { app: "w" },
        clusterIP: "10.0.0.9",
        ports: [{ port: 443, targetPort: 8443 }],
      },
    };
    const out = clusterProps("kubernetes:core/v1:Service", svc, controllers)!;
    assert.deepStrictEqual(out.spec, {
      ports: [{ port: 443, targetPort: 8443 }],
      type: "ExternalName",
      externalName: "127.0.0.3",
    });
    const other = clusterProps(
      "kubernetes:core/v1:Service",
      { ...svc, metadata: { ...svc.metadata, name: "other" } },
      controllers,
    )!;
    assert.deepStrictEqual(other.spec, svc.spec);
  });

  it("leaves unchanged props and every Secret alone", () => {
    const done = clusterProps("kubernetes:apps/v1:Deployment", deployment, apiserver)!;
    assert.strictEqual(remediate("kubernetes:apps/v1:Deployment", done, apiserver), undefined);
    assert.deepStrictEqual(remediate("kubernetes:apps/v1:Deployment", deployment, apiserver), done);
    assert.strictEqual(
      remediate(
        "kubernetes:core/v1:Secret",
        { metadata: { name: "s" }, stringData: { a: "b" } },
        apiserver,
      ),
      undefined,
    );
    assert.strictEqual(remediate("pulumi:pulumi:Stack", {}, apiserver), undefined);
  });
});
