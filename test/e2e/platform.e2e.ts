/**
 * The root program (stacks/platform.ts) with stacks/Pulumi.dev.yaml, on the real engine against
 * the e2e API server: policy-checked preview, up, idempotency, what the stack holds, what the
 * pipeline ServiceAccount may do, and what destroy leaves.
 */
import * as assert from "assert";
import * as path from "path";
import {
  canI,
  ensureNamespace,
  get,
  kubeconfigPath,
  list,
  startApiServer,
  stopApiServer,
} from "./support/cluster";
import {
  ProjectStack,
  CLUSTER_PACKS,
  ROOT,
  apiServerConfig,
  e2eStack,
  leaked,
  mandatoryViolations,
  mirrorTektonViolations,
  policyPreview,
  stackExport,
} from "./support/stacks";
import { Obj, leftovers, objectsOf, watched } from "./support/objects";

const PIPELINE_SA = "system:serviceaccount:ci:platform-pipeline";
const SECRET_KEYS = ["argocdAdminPassword", "registryPassword", "gitToken", "argocdToken"];

describe("the platform stack (stacks/Pulumi.dev.yaml) on a real API server", function () {
  let ps: ProjectStack;
  let exported: Obj[] = [];
  const secrets: string[] = [];

  before(() => startApiServer());
  after(stopApiServer);

  before(async () => {
    // The application team's namespace the pipeline deploys into (the ServiceAccount gets a
    // Role there); the platform does not own it.
    await ensureNamespace("shop");
    ps = await e2eStack(
      ROOT,
      "dev",
      path.join(ROOT, "stacks", "Pulumi.dev.yaml"),
      apiServerConfig(kubeconfigPath()),
    );
    for (const key of SECRET_KEYS) {
      const v = await ps.stack.getConfig(`kruise-devops:${key}`);
      assert.ok(v.secret && v.value.length > 0, `${key} is a secret with a value`);
      secrets.push(v.value);
    }
  });

  it("previews with the policy pack: the only mandatory violations are the mirror's unbuilt Tekton images", async () => {
    const output = await policyPreview(ps);
    assert.match(output, /Policies:/, "the policy pack ran");
    assert.deepStrictEqual(mandatoryViolations(output), mirrorTektonViolations("platform-tekton"));
    assert.match(
      output,
      /"ko:\/\/github\.com\/tektoncd\/pipeline\/cmd\/controller"\) is not a valid image reference/,
    );
    assert.deepStrictEqual(leaked(output, secrets), []);
  });

  it("ups the whole platform: Kruise, Tekton and Argo CD objects exist as the components made them", async () => {
    const res = await ps.stack.up({ configFile: ps.configFile, policyPacks: CLUSTER_PACKS });
    assert.strictEqual(res.summary.result, "succeeded");
    assert.deepStrictEqual(leaked(res.stdout + res.stderr, secrets), []);
    const crd = await get(
      "apiextensions.k8s.io/v1",
      "customresourcedefinitions",
      "imagepulljobs.apps.kruise.io",
    );
    assert.ok(crd, "the Kruise ImagePullJob CRD");
    assert.ok(
      await get("apiextensions.k8s.io/v1", "customresourcedefinitions", "pipelines.tekton.dev"),
    );
    assert.ok(
      await get("apiextensions.k8s.io/v1", "customresourcedefinitions", "applications.argoproj.io"),
    );
    const jobs = await list("apps.kruise.io/v1alpha1", "imagepulljobs");
    assert.strictEqual(jobs.length, 1, `one base-image warm job: ${jobs}`);
    const manager = await get(
      "apps/v1",
      "deployments",
      "kruise-controller-manager",
      "kruise-system",
    );
    const args: string[] = manager.spec.template.spec.containers[0].args;
    assert.ok(
      args.some((a) => /^--feature-gates=.*TemplateNoDefaults=true/.test(a)),
      args.join(" "),
    );
    // The dev stack's Tekton overrides, merged into the release's ConfigMaps (the rest kept).
    const flags = await get("v1", "configmaps", "feature-flags", "tekton-pipelines");
    assert.strictEqual(flags.data["set-security-context"], "true");
    assert.strictEqual(flags.data["enable-api-fields"], "beta", "a release value is kept");
    const defaults = await get("v1", "configmaps", "config-defaults", "tekton-pipelines");
    assert.strictEqual(defaults.data["default-timeout-minutes"], "30");
    assert.ok(defaults.data._example, "the release's documentation key is kept");
    const argoCm = await get("v1", "configmaps", "argocd-cm", "argocd");
    assert.ok(argoCm.data["resource.customizations.health.apps.kruise.io_ImagePullJob"]);
    // The address ArgoCdToken and the pipeline dial names the Service the chart really made.
    const address: string = res.outputs.argocdServer.value;
    const [, service, namespace, port] = /^([^.]+)\.([^.]+)\.svc:(\d+)$/.exec(address) ?? [];
    const svc = await get("v1", "services", service, namespace);
    assert.ok(svc, `Service ${namespace}/${service} (from ${address}) exists`);
    assert.ok(
      svc.spec.ports.some(
        (p: { port: number; name: string }) => p.port === Number(port) && p.name === "https",
      ),
      JSON.stringify(svc.spec.ports),
    );
    exported = objectsOf((await ps.stack.exportStack()).deployment);
    assert.ok(exported.length > 150, `${exported.length} objects in the stack`);
  });

  it("is idempotent: preview and refresh then show no changes", async () => {
    await ps.stack.preview({
      configFile: ps.configFile,
      policyPacks: CLUSTER_PACKS,
      expectNoChanges: true,
    });
    await ps.stack.refresh({ configFile: ps.configFile, expectNoChanges: true });
    await ps.stack.preview({
      configFile: ps.configFile,
      policyPacks: CLUSTER_PACKS,
      expectNoChanges: true,
    });
  });

  it("keeps every credential out of the stack's state (pulumi stack export)", async () => {
    const state = stackExport(ps, ROOT);
    assert.ok(state.includes('"ciphertext"'), "secrets are in the state, encrypted");
    assert.deepStrictEqual(leaked(state, secrets), []);
    // The check bites: the Automation API's export decrypts, and there they are.
    const decrypted = JSON.stringify(await ps.stack.exportStack());
    assert.deepStrictEqual(leaked(decrypted, secrets).length > 0, true);
  });

  it("grants the pipeline ServiceAccount exactly its steps' verbs (SubjectAccessReview)", async () => {
    const pulljobs = { group: "apps.kruise.io", resource: "imagepulljobs" };
    assert.strictEqual(await canI(PIPELINE_SA, "create", { ...pulljobs, namespace: "ci" }), true);
    // Exactly the warm step's verbs: no delete (Kruise's TTL deletes the step's jobs).
    for (const verb of ["get", "list", "watch"])
      assert.strictEqual(
        await canI(PIPELINE_SA, verb, { ...pulljobs, namespace: "ci" }),
        true,
        verb,
      );
    assert.strictEqual(await canI(PIPELINE_SA, "delete", { ...pulljobs, namespace: "ci" }), false);
    assert.strictEqual(
      await canI(PIPELINE_SA, "create", { ...pulljobs, namespace: "shop" }),
      false,
    );
    const cloneset = { group: "apps.kruise.io", resource: "clonesets", namespace: "shop" };
    assert.strictEqual(await canI(PIPELINE_SA, "patch", { ...cloneset, name: "web" }), true);
    assert.strictEqual(await canI(PIPELINE_SA, "patch", { ...cloneset, name: "other" }), false);
    assert.strictEqual(await canI(PIPELINE_SA, "delete", { ...cloneset, name: "web" }), false);
    // The CloneSet deploy step polls with get: no list or watch.
    for (const verb of ["list", "watch"])
      assert.strictEqual(await canI(PIPELINE_SA, verb, { ...cloneset, name: "web" }), false, verb);
    for (const namespace of ["shop", "argocd", "kruise-system", "default"]) {
      assert.strictEqual(
        await canI(PIPELINE_SA, "get", { resource: "secrets", namespace }),
        false,
        namespace,
      );
      assert.strictEqual(
        await canI(PIPELINE_SA, "list", { resource: "secrets", namespace }),
        false,
        namespace,
      );
    }
    assert.strictEqual(await canI(PIPELINE_SA, "list", { resource: "nodes" }), false);
    const rbac = { group: "rbac.authorization.k8s.io" };
    for (const resource of ["roles", "clusterroles"]) {
      assert.strictEqual(
        await canI(PIPELINE_SA, "bind", { ...rbac, resource, namespace: "ci" }),
        false,
      );
      assert.strictEqual(
        await canI(PIPELINE_SA, "escalate", { ...rbac, resource, namespace: "ci" }),
        false,
      );
    }
    assert.strictEqual(
      await canI(PIPELINE_SA, "create", { ...rbac, resource: "rolebindings", namespace: "ci" }),
      false,
    );
    const bindings = await list("rbac.authorization.k8s.io/v1", "clusterrolebindings");
    for (const b of bindings) {
      const crb = await get("rbac.authorization.k8s.io/v1", "clusterrolebindings", b);
      for (const s of crb.subjects ?? []) {
        assert.ok(
          !(s.kind === "ServiceAccount" && s.namespace === "ci"),
          `ClusterRoleBinding ${b} binds a pipeline ServiceAccount`,
        );
      }
      if (exported.some((o) => o.kind === "ClusterRoleBinding" && o.name === b)) {
        assert.notStrictEqual(crb.roleRef.name, "cluster-admin", `${b} binds cluster-admin`);
      }
    }
  });

  it("destroys: no ImagePullJob, Task, Pipeline, Secret, Role or binding of the stack is left; the CRDs are kept", async () => {
    const objects = watched(exported);
    assert.ok(objects.some((o) => o.kind === "Secret"));
    assert.ok(objects.some((o) => o.kind === "Role"));
    const res = await ps.stack.destroy({ configFile: ps.configFile });
    assert.strictEqual(res.summary.result, "succeeded");
    assert.deepStrictEqual(await leftovers(objects), []);
    for (const crd of [
      "imagepulljobs.apps.kruise.io",
      "clonesets.apps.kruise.io",
      "pipelines.tekton.dev",
      "applications.argoproj.io",
    ]) {
      assert.ok(
        await get("apiextensions.k8s.io/v1", "customresourcedefinitions", crd),
        `${crd} kept on delete (retainOnDelete through the component's transform)`,
      );
    }
  });
});
