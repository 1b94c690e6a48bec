/**
 * The README's main command (`npm run local`): the local stack in render mode on the real engine,
 * no cluster. Every rendered custom object must validate against the CRDs rendered beside it
 * (the upstream charts' and release's own), and no Helm hook may be rendered.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { renderLocal } from "../../stacks/local";
import { loadCrdValidators } from "../support/crdSchema";
import { ROOT } from "./support/stacks";

/** API groups Kubernetes serves itself (no CRD). */
function builtIn(apiVersion: string): boolean {
  if (!apiVersion.includes("/")) return true;
  const group = apiVersion.split("/")[0];
  return ["apps", "batch", "policy", "autoscaling"].includes(group) || group.endsWith(".k8s.io");
}

function manifests(dir: string): { file: string; obj: any }[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .flatMap((f) =>
      yaml
        .loadAll(fs.readFileSync(path.join(dir, f), "utf8"))
        .filter((o) => o)
        .map((obj) => ({ file: f, obj })),
    );
}

describe("npm run local: the whole platform rendered with no cluster", function () {
  let rendered: string;

  before(async () => {
    // The README's command runs the same function; KUBECONFIG must not matter.
    const saved = process.env.KUBECONFIG;
    delete process.env.KUBECONFIG;
    try {
      const r = await renderLocal(ROOT);
      assert.strictEqual(r.result, "succeeded");
      assert.ok(r.mirror, "sources from the local mirror");
      rendered = r.rendered;
    } finally {
      process.env.KUBECONFIG = saved;
    }
  });

  it("renders Kruise, Tekton and Argo CD, charts included, and the platform's own objects", () => {
    const crds = manifests(path.join(rendered, "0-crd")).map((m) => m.obj.metadata.name);
    for (const crd of [
      "imagepulljobs.apps.kruise.io",
      "clonesets.apps.kruise.io",
      "pipelines.tekton.dev",
      "tasks.tekton.dev",
      "applications.argoproj.io",
    ]) {
      assert.ok(crds.includes(crd), `${crd} rendered`);
    }
    const objs = manifests(path.join(rendered, "1-manifest")).map((m) => m.obj);
    const has = (kind: string, name: string) =>
      objs.some((o) => o.kind === kind && o.metadata.name === name);
    assert.ok(has("Deployment", "kruise-controller-manager"));
    assert.ok(has("Deployment", "tekton-pipelines-controller"));
    assert.ok(has("Deployment", "platform-argocd-server"));
    assert.ok(has("ServiceAccount", "platform-pipeline"));
    assert.strictEqual(objs.filter((o) => o.kind === "ImagePullJob").length, 2);
  });

  it("every rendered custom object validates against its upstream CRD", () => {
    const validators = loadCrdValidators(path.join(rendered, "0-crd"));
    let custom = 0;
    for (const { file, obj } of manifests(path.join(rendered, "1-manifest"))) {
      if (builtIn(obj.apiVersion)) continue;
      const [group, version] = obj.apiVersion.split("/");
      const validate = validators.get(`${group}/${version}/${obj.kind}`);
      assert.ok(validate, `${file}: no rendered CRD serves ${obj.apiVersion} ${obj.kind}`);
      assert.ok(validate(obj), `${file}: ${JSON.stringify(validate.errors)}`);
      custom++;
    }
    assert.ok(custom >= 2, `${custom} custom objects`);
  });

  it("renders Kruise's webhook configurations as kruise-manager keeps them: no unserved webhook, the template filled", () => {
    const objs = manifests(path.join(rendered, "1-manifest")).map((m) => m.obj);
    const kruise = objs.filter((o) =>
      /^kruise-(mutating|validating)-webhook-configuration$/.test(o.metadata.name),
    );
    assert.strictEqual(kruise.length, 2);
    for (const o of kruise) {
      assert.deepStrictEqual(JSON.parse(o.metadata.annotations.template), o.webhooks);
      const paths = (o.webhooks as any[]).map((w) => w.clientConfig.service.path);
      assert.ok(
        !paths.includes("/validate-ingress") && !paths.includes("/validate-service"),
        o.metadata.name,
      );
    }
    // The rest of the chart's validating webhooks are there (24 in chart 1.8.3, less those two).
    assert.strictEqual(
      kruise.find((o) => o.kind === "ValidatingWebhookConfiguration").webhooks.length,
      22,
    );
  });

  it("renders no Helm hook and no plaintext admin password", () => {
    for (const dir of ["0-crd", "1-manifest"]) {
      for (const file of fs.readdirSync(path.join(rendered, dir))) {
        const text = fs.readFileSync(path.join(rendered, dir, file), "utf8");
        assert.doesNotMatch(text, /helm\.sh\/hook/, file);
        assert.ok(!text.includes("local-admin-demo"), `${file} holds the admin password`);
      }
    }
  });
});
