import { IMAGE_PULL_JOB_VERBS, WARM_KUBECTL } from "../../../components/access/pipelineRbac";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
  buildImagePullJob,
  resolveImagePullJobSpec,
} from "../../../components/kruise/imagePullJob";
import { ImagePullJobApiVersion } from "../../../components/kruise/imagePullJobTypes";
import {
  WARM_PLACEHOLDER_IMAGE,
  warmJobTemplate,
  warmTask,
} from "../../../components/tekton/tasks";
import { crdErrors, KRUISE_CRDS } from "../../support/crdSchema";
import { throwsWith } from "../../support/expect";
import { ranKubectl } from "../../support/fakeClis";
import { fails, ok, PUSHED, runStep, VARIANTS } from "./support/steps";

// Moved from tasks.test.ts: titles unchanged.
describe("Tekton task library: warm", () => {
  const v1alpha1 = ImagePullJobApiVersion.V1alpha1;

  it("builds its template with the warm components' builder: same spec, TTL 600, deadline 1800", () => {
    const template = warmJobTemplate();
    const direct = buildImagePullJob(
      { apiVersion: v1alpha1, name: "x", namespace: "y" },
      resolveImagePullJobSpec("t", "t", {
        image: WARM_PLACEHOLDER_IMAGE,
        completionPolicy: {
          type: "Always",
          activeDeadlineSeconds: 1800,
          ttlSecondsAfterFinished: 600,
        },
      }),
    );
    assert.deepStrictEqual(template.spec, direct.spec);
    assert.deepStrictEqual(template.spec.completionPolicy, {
      type: "Always",
      activeDeadlineSeconds: 1800,
      ttlSecondsAfterFinished: 600,
    });
    assert.strictEqual(template.apiVersion, v1alpha1);
    assert.deepStrictEqual(Object.keys(template.metadata).sort(), ["generateName", "labels"]);
    assert.strictEqual(template.metadata.generateName, "warm-");
    const step = warmTask().steps[0];
    const env = step.env?.find((e) => e.name === "TEMPLATE");
    assert.strictEqual(
      env?.value,
      JSON.stringify(template),
      "the template is a constant env value",
    );
  });

  it("applies the options through the same rules, and refuses what Kruise would", () => {
    const t = warmJobTemplate({
      apiVersion: ImagePullJobApiVersion.V1beta1,
      pullPolicy: { timeoutSeconds: 300 },
      imagePullPolicy: "Always",
      completion: { activeDeadlineSeconds: 600 },
      pullSecrets: ["registry-creds"],
      labels: { team: "web" },
    });
    assert.strictEqual(t.apiVersion, ImagePullJobApiVersion.V1beta1);
    assert.deepStrictEqual(t.spec.pullPolicy, { timeoutSeconds: 300, backoffLimit: 3 });
    assert.deepStrictEqual(t.spec.pullSecrets, ["registry-creds"]);
    assert.strictEqual(t.spec.imagePullPolicy, "Always");
    assert.deepStrictEqual(t.spec.completionPolicy, {
      type: "Always",
      activeDeadlineSeconds: 600,
      ttlSecondsAfterFinished: 600,
    });
    assert.strictEqual(t.metadata.labels?.team, "web");
    assert.strictEqual(t.metadata.labels?.["app.kubernetes.io/managed-by"], "tekton");
    throwsWith(
      () => warmTask({ completion: { activeDeadlineSeconds: 60 } }),
      "warmTask",
      "activeDeadlineSeconds",
    );
    throwsWith(() => warmTask({ pullSecrets: ["Not_A_Name"] }), "pullSecrets");
    throwsWith(() => warmTask({ labels: { "bad key!": "x" } }), "labels");
  });

  describe("the step, run with jq and a fake kubectl", () => {
    const params = {
      image: PUSHED,
      parallelism: "25",
      "node-labels": '{"pool":"web","kubernetes.io/os":"linux"}',
      wait: "false",
      timeout: "1800s",
    };

    for (const [name, task] of [
      ["v1alpha1 defaults", warmTask()],
      ["v1beta1, every option", VARIANTS.find(([n]) => n.startsWith("warm ("))![1]],
    ] as const) {
      it(`creates a job the Kruise 1.9.0 CRD and the webhook rules accept (${name})`, () => {
        const r = ok(runStep(task.steps[0], { params }));
        assert.deepStrictEqual(r.results, { "job-name": "warm-x7k2p" });
        assert.deepStrictEqual(r.log, ["kubectl create -f - -o jsonpath={.metadata.name}"]);
        const created = JSON.parse(fs.readFileSync(path.join(r.dir, "created.json"), "utf8"));
        assert.deepStrictEqual(crdErrors(KRUISE_CRDS, created), []);
        resolveImagePullJobSpec("t", "t", created.spec);
        const template = JSON.parse(task.steps[0].env!.find((e) => e.name === "TEMPLATE")!.value!);
        assert.deepStrictEqual(created, {
          ...template,
          metadata: {
            ...template.metadata,
            namespace: "ci",
            annotations: { "kruise-devops.io/task-run": "run-1-warm" },
          },
          spec: {
            ...template.spec,
            image: PUSHED,
            parallelism: 25,
            selector: { matchLabels: { pool: "web", "kubernetes.io/os": "linux" } },
          },
        });
      });
    }

    it("warms every node when node-labels is {}, and takes parallelism 0", () => {
      const r = ok(
        runStep(warmTask().steps[0], {
          params: { ...params, "node-labels": "{}", parallelism: "0" },
        }),
      );
      const created = JSON.parse(fs.readFileSync(path.join(r.dir, "created.json"), "utf8"));
      assert.strictEqual(created.spec.selector, undefined);
      assert.strictEqual(created.spec.parallelism, 0);
      assert.deepStrictEqual(crdErrors(KRUISE_CRDS, created), []);
    });

    it("refuses an image without digest and bad parallelism, labels, wait", () => {
      const step = warmTask().steps[0];
      const bad: [Record<string, string>, string][] = [
        [{ image: "ghcr.io/acme/app:abc123" }, "not pinned by digest"],
        [{ image: "ghcr.io/acme/app@sha256:abc" }, "64 hex digits"],
        [{ parallelism: "-1" }, "param parallelism"],
        [{ parallelism: "010" }, "param parallelism"],
        [{ parallelism: "1e3" }, "param parallelism"],
        [{ parallelism: "1234567890" }, "param parallelism"],
        [{ "node-labels": "not json" }, "param node-labels"],
        [{ "node-labels": '["a"]' }, "param node-labels"],
        [{ "node-labels": '{"a":1}' }, "param node-labels"],
        [{ "node-labels": '{"bad key":"x"}' }, "param node-labels"],
        [{ "node-labels": '{"a":"bad value!"}' }, "param node-labels"],
        [{ wait: "yes" }, "param wait"],
      ];
      for (const [change, fragment] of bad) {
        const r = fails(runStep(step, { params: { ...params, ...change } }), fragment);
        assert.deepStrictEqual(r.log, [], `created a job for ${JSON.stringify(change)}`);
      }
    });

    it("waits for completionTime when asked, and fails listing the failed nodes", () => {
      const step = warmTask().steps[0];
      const status = (failed: number) =>
        JSON.stringify({
          status: {
            desired: 3,
            succeeded: 3 - failed,
            failed,
            failedNodes: failed ? ["node-a", "node-b"].slice(0, failed) : undefined,
            completionTime: "2026-01-01T00:00:00Z",
          },
        });
      const good = ok(
        runStep(step, { params: { ...params, wait: "true" }, files: { "get.json": status(0) } }),
      );
      assert.deepStrictEqual(good.log, [
        "kubectl create -f - -o jsonpath={.metadata.name}",
        "kubectl wait -n ci imagepulljobs.apps.kruise.io/warm-x7k2p --for=jsonpath={.status.completionTime} --timeout=1800s",
        "kubectl get -n ci imagepulljobs.apps.kruise.io/warm-x7k2p -o json",
      ]);
      // Exactly what the pipeline Role grants on ImagePullJobs: no delete (Kruise's TTL does it).
      assert.deepStrictEqual(ranKubectl(good.log), {
        commands: [...WARM_KUBECTL].sort(),
        verbs: [...IMAGE_PULL_JOB_VERBS],
      });
      assert.match(good.stdout, /3 of 3 nodes pulled the image/);
      fails(
        runStep(step, { params: { ...params, wait: "true" }, files: { "get.json": status(2) } }),
        "2 of 3 nodes failed to pull",
        "  node-a\n  node-b",
      );
    });
  });
});
