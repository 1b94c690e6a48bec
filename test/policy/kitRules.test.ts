/**
 * What a user's own mocha test can do with `kruise-devops/testing`: for every rule of the pack, a
 * program that breaks it fails, and the fixed program passes. Written only against the package's
 * public entry points (`kruise-devops`, `kruise-devops/testing`), @pulumi/pulumi and
 * @pulumi/kubernetes, as a user's test is: resolved through the package's own `exports`, i.e. the
 * built `dist/` and `policy/dist/` that npm would install.
 */
import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  ArgoCd,
  ArgoCdToken,
  BaseImageWarm,
  KruiseOperator,
  PipelineServiceAccount,
  SidecarWarm,
} from "kruise-devops";
import { PolicyRunOptions, PolicyViolation, runPolicies } from "kruise-devops/testing";

/** The violations of `policy` a program yields, after asserting it yields no other. */
async function violationsOf(
  policy: string,
  program: () => unknown,
  options?: PolicyRunOptions,
): Promise<PolicyViolation[]> {
  const { violations, resources } = await runPolicies(program, options);
  assert.ok(resources.length > 0, "the program registered resources");
  assert.deepStrictEqual(
    violations.filter((v) => v.policy !== policy),
    [],
    "no other policy complains",
  );
  return violations.filter((v) => v.policy === policy);
}

/**
 * Asserts `bad` breaks `policy` (`count` times, default once), on `resource`, the first message
 * holding `fragment`; and `fixed` passes.
 */
async function breaksAndPasses(
  policy: string,
  expected: {
    level: "mandatory" | "advisory";
    type: string;
    name: string;
    fragment: string;
    count?: number;
  },
  bad: () => unknown,
  fixed: () => unknown,
  options?: PolicyRunOptions,
): Promise<void> {
  const found = await violationsOf(policy, bad, options);
  assert.strictEqual(found.length, expected.count ?? 1, JSON.stringify(found, null, 2));
  for (const v of found) {
    assert.strictEqual(v.enforcementLevel, expected.level);
    assert.strictEqual(v.resourceType, expected.type);
    assert.strictEqual(v.resourceName, expected.name);
    assert.ok(v.urn.endsWith(`::${expected.name}`), v.urn);
  }
  assert.ok(found[0].message.includes(expected.fragment), found[0].message);
  assert.deepStrictEqual(await violationsOf(policy, fixed, options), []);
}

const deployment = (image: string) =>
  new k8s.apps.v1.Deployment("web", {
    metadata: { namespace: "shop" },
    spec: {
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "web", image }] },
      },
    },
  });

const imagePullJob = (spec: Record<string, unknown>) =>
  new k8s.apiextensions.CustomResource("warm", {
    apiVersion: "apps.kruise.io/v1alpha1",
    kind: "ImagePullJob",
    metadata: { namespace: "default" },
    spec: { image: "docker.io/library/nginx:1.27.3", parallelism: 10, ...spec },
  });

const clusterRoleBinding = (
  role: string,
  subject: { kind: string; name: string; namespace?: string },
) =>
  new k8s.rbac.v1.ClusterRoleBinding("ops", {
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
    subjects: [subject],
  });

describe("kruise-devops/testing: a user's mocha test catches what `pulumi preview` would", function () {
  this.timeout(60_000);

  it("pinned-images: a Deployment on ':latest' fails; pinned, it passes", () =>
    breaksAndPasses(
      "pinned-images",
      {
        level: "mandatory",
        type: "kubernetes:apps/v1:Deployment",
        name: "web",
        fragment: `spec.template.spec.containers[0].image ("nginx:latest")`,
      },
      () => deployment("nginx:latest"),
      () => deployment("docker.io/library/nginx:1.27.3"),
    ));

  it("pinned-images sees an image that resolves later (an Output)", () =>
    breaksAndPasses(
      "pinned-images",
      {
        level: "mandatory",
        type: "kubernetes:apps/v1:Deployment",
        name: "web",
        fragment: "nginx",
      },
      () => deployment(pulumi.output("nginx").apply((n) => `${n}:latest`) as unknown as string),
      () => deployment(pulumi.output("nginx").apply((n) => `${n}:1.27.3`) as unknown as string),
    ));

  it("imagepulljob-policies: a hand-written ImagePullJob without explicit policies fails; with them, it passes", () =>
    breaksAndPasses(
      "imagepulljob-policies",
      {
        level: "mandatory",
        type: "kubernetes:apps.kruise.io/v1alpha1:ImagePullJob",
        name: "warm",
        fragment: "spec.completionPolicy.type",
        count: 3, // completionPolicy.type, pullPolicy.timeoutSeconds, pullPolicy.backoffLimit
      },
      () => imagePullJob({}),
      () =>
        imagePullJob({
          completionPolicy: { type: "Always", activeDeadlineSeconds: 1200 },
          pullPolicy: { timeoutSeconds: 600, backoffLimit: 3 },
        }),
    ));

  it("no-cluster-admin: binding cluster-admin fails; a narrower role passes", () =>
    breaksAndPasses(
      "no-cluster-admin",
      {
        level: "mandatory",
        type: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
        name: "ops",
        fragment: "cluster-admin",
      },
      () => clusterRoleBinding("cluster-admin", { kind: "Group", name: "ops" }),
      () => clusterRoleBinding("view", { kind: "Group", name: "ops" }),
    ));

  it("no-pipeline-clusterrolebinding: a ClusterRoleBinding to the pipeline's ServiceAccount fails; a RoleBinding passes", () =>
    breaksAndPasses(
      "no-pipeline-clusterrolebinding",
      {
        level: "mandatory",
        type: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
        name: "ops",
        fragment: "ci/pipeline",
      },
      () => {
        new PipelineServiceAccount("pipeline", { namespace: "ci" });
        clusterRoleBinding("view", { kind: "ServiceAccount", name: "pipeline", namespace: "ci" });
      },
      () => {
        new PipelineServiceAccount("pipeline", { namespace: "ci" });
        new k8s.rbac.v1.RoleBinding("ops", {
          metadata: { namespace: "ci" },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
          subjects: [{ kind: "ServiceAccount", name: "pipeline", namespace: "ci" }],
        });
      },
    ));

  it("no-broad-rbac-subjects: binding system:authenticated fails; a named group passes", () =>
    breaksAndPasses(
      "no-broad-rbac-subjects",
      {
        level: "mandatory",
        type: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
        name: "ops",
        fragment: "Group system:authenticated",
      },
      () => clusterRoleBinding("view", { kind: "Group", name: "system:authenticated" }),
      () => clusterRoleBinding("view", { kind: "Group", name: "ops" }),
    ));

  const tekton = (kind: string, name: string, spec: Record<string, unknown>) =>
    new k8s.apiextensions.CustomResource(name, {
      apiVersion: "tekton.dev/v1",
      kind,
      metadata: { name, namespace: "ci" },
      spec,
    });

  it("pipelinerun-serviceaccount: a run as Tekton's default account fails; as a PipelineServiceAccount, it passes", () =>
    breaksAndPasses(
      "pipelinerun-serviceaccount",
      {
        level: "mandatory",
        type: "kubernetes:tekton.dev/v1:PipelineRun",
        name: "run",
        fragment: "ci/default, Tekton's default",
      },
      () => tekton("PipelineRun", "run", { pipelineRef: { name: "build" } }),
      () => {
        new PipelineServiceAccount("pipeline", { namespace: "ci" });
        tekton("PipelineRun", "run", {
          pipelineRef: { name: "build" },
          taskRunTemplate: { serviceAccountName: "pipeline" },
        });
      },
    ));

  it("pinned-images-via-params: a TaskRun giving its Task's step an unpinned image fails; pinned, it passes", () => {
    const program = (image: string) => () => {
      new PipelineServiceAccount("pipeline", { namespace: "ci" });
      tekton("Task", "build", {
        params: [{ name: "builder" }],
        steps: [{ name: "build", image: "$(params.builder)", script: "make" }],
      });
      tekton("TaskRun", "build-run", {
        taskRef: { name: "build" },
        serviceAccountName: "pipeline",
        params: [{ name: "builder", value: image }],
      });
    };
    return breaksAndPasses(
      "pinned-images-via-params",
      {
        level: "mandatory",
        type: "kubernetes:tekton.dev/v1:TaskRun",
        name: "build-run",
        fragment: `Task 'ci/build' spec.steps[0].image "$(params.builder)" = "golang" from spec.params[0].value) has no tag or digest`,
      },
      program("golang"),
      program("golang:1.23"),
    );
  });

  it("argocd-tls: Argo CD without TLS fails; with it, it passes", () =>
    breaksAndPasses(
      "argocd-tls",
      {
        level: "mandatory",
        type: "kubernetes:helm.sh/v4:Chart",
        name: "argocd-chart",
        fragment: "server.insecure",
      },
      () => new ArgoCd("argocd", { adminPassword: pulumi.secret("correct horse"), insecure: true }),
      () => new ArgoCd("argocd", { adminPassword: pulumi.secret("correct horse") }),
    ));

  it("argocd-token-credentials (advisory): a password login is advised against; a token passes", () =>
    breaksAndPasses(
      "argocd-token-credentials",
      {
        level: "advisory",
        type: "kubernetes:core/v1:Secret",
        name: "argocd-token-secret",
        fragment: "API token",
      },
      () =>
        new ArgoCdToken("argocd-token", {
          server: "argocd-server.argocd.svc:443",
          namespace: "ci",
          login: { username: "ci-bot", password: pulumi.secret("argocd-pass") },
        }),
      () =>
        new ArgoCdToken("argocd-token", {
          server: "argocd-server.argocd.svc:443",
          namespace: "ci",
          token: pulumi.secret("argocd-api-token"),
        }),
    ));

  it("kruise-feature-gates: warming with ImagePullJobGate off fails; with the chart's default, it passes", () =>
    breaksAndPasses(
      "kruise-feature-gates",
      {
        level: "mandatory",
        type: "kubernetes:helm.sh/v4:Chart",
        name: "kruise-chart",
        fragment: "leaves ImagePullJobGate off",
      },
      () => {
        // `templating: "server"`: under mocks a client-templated chart renders nothing to read.
        new KruiseOperator("kruise", {
          templating: "server",
          featureGates: { ImagePullJobGate: false },
        });
        new BaseImageWarm("base", { images: ["docker.io/library/nginx:1.27.3"] });
      },
      () => {
        new KruiseOperator("kruise", { templating: "server" });
        new BaseImageWarm("base", { images: ["docker.io/library/nginx:1.27.3"] });
      },
    ));

  const fleetWarm = () =>
    new SidecarWarm("mesh", {
      images: ["docker.io/istio/proxyv2:1.23.2"],
      activeDeadlineSeconds: 1800,
      parallelism: 100,
      plan: { expectedNodes: 5000, imageSizeMiB: 100, pullMiBPerSecond: 20 },
    });

  it("registry-egress-budget (advisory): a warm over the configured budget is reported; within it, it passes", async () => {
    const found = await violationsOf("registry-egress-budget", fleetWarm, {
      policyConfig: { "registry-egress-budget": { registryEgressBudgetMiBps: 500 } },
    });
    assert.strictEqual(found.length, 1, JSON.stringify(found));
    assert.strictEqual(found[0].enforcementLevel, "advisory");
    assert.strictEqual(found[0].resourceType, "kubernetes:apps.kruise.io/v1alpha1:ImagePullJob");
    assert.match(found[0].message, /2000 MiB\/s/);
    assert.deepStrictEqual(
      await violationsOf("registry-egress-budget", fleetWarm, {
        policyConfig: { "registry-egress-budget": { registryEgressBudgetMiBps: 4000 } },
      }),
      [],
    );
    const { notApplicable } = await runPolicies(fleetWarm);
    assert.ok(
      notApplicable.some((n) => n.policy === "registry-egress-budget"),
      "no budget: the policy does not apply",
    );
  });

  const configMap = (data: Record<string, string>) =>
    new k8s.core.v1.ConfigMap("app", { metadata: { namespace: "shop" }, data });

  it("no-secret-data-in-configmaps-or-annotations: a password in a ConfigMap fails; in a Secret, or allowed by config, it passes", async () => {
    await breaksAndPasses(
      "no-secret-data-in-configmaps-or-annotations",
      {
        level: "mandatory",
        type: "kubernetes:core/v1:ConfigMap",
        name: "app",
        fragment: `data["db.password"]`,
      },
      () => configMap({ "db.password": "hunter2" }),
      () => {
        configMap({ "db.host": "db.shop.svc" });
        new k8s.core.v1.Secret("app", {
          metadata: { namespace: "shop" },
          stringData: { "db.password": pulumi.secret("hunter2") },
        });
      },
    );
    assert.deepStrictEqual(
      await violationsOf(
        "no-secret-data-in-configmaps-or-annotations",
        () => configMap({ "db.password": "hunter2" }),
        {
          policyConfig: {
            "no-secret-data-in-configmaps-or-annotations": { allowedKeys: ["db.password"] },
          },
        },
      ),
      [],
    );
  });

  it("the pack's config sets levels as `--policy-pack-config` does: all, per policy, disabled", async () => {
    const bad = () => deployment("nginx:latest");
    const levels = async (policyConfig: Record<string, unknown>) =>
      (await runPolicies(bad, { policyConfig })).violations.map(
        (v) => `${v.policy} ${v.enforcementLevel}`,
      );
    assert.deepStrictEqual(await levels({}), ["pinned-images mandatory"]);
    assert.deepStrictEqual(await levels({ all: "advisory" }), ["pinned-images advisory"]);
    assert.deepStrictEqual(
      await levels({ all: "advisory", "pinned-images": { enforcementLevel: "mandatory" } }),
      ["pinned-images mandatory"],
    );
    assert.deepStrictEqual(await levels({ "pinned-images": "disabled" }), []);
    assert.deepStrictEqual(await levels({ "pinned-images": "remediate" }), [
      "pinned-images mandatory",
    ]);
    const { mandatory } = await runPolicies(bad, { policyConfig: { all: "advisory" } });
    assert.deepStrictEqual(mandatory, []);
  });
});
