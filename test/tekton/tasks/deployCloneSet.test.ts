import { DEPLOY_KUBECTL, DEPLOY_VERBS } from "../../../components/access/pipelineRbac";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { cloneSetImageTask } from "../../../components/tekton/tasks";
import { throwsWith } from "../../support/expect";
import { ranKubectl } from "../../support/fakeClis";
import { fails, ok, PUSHED, runStep } from "./support/steps";

// Moved from tasks.test.ts under the describe it had there: titles unchanged.
describe("Tekton task library: deploy steps, run with fakes", () => {
  describe("deploy-cloneset", () => {
    const step = cloneSetImageTask({ pollSeconds: 1 }).steps[0];
    const params = {
      namespace: "web",
      cloneset: "app",
      container: "app",
      image: PUSHED,
      timeout: "30",
    };
    const cloneset = (generation: number, status: Record<string, number>) =>
      JSON.stringify({
        apiVersion: "apps.kruise.io/v1alpha1",
        kind: "CloneSet",
        metadata: { name: "app", namespace: "web", generation },
        spec: {
          replicas: 3,
          template: { spec: { containers: [{ name: "sidecar" }, { name: "app" }] } },
        },
        status: { replicas: 3, readyReplicas: 3, updatedReplicas: 0, ...status },
      });

    it("patches the image with a test on the container name, then waits for the update", () => {
      const r = ok(
        runStep(step, {
          params,
          files: {
            "get-1.json": cloneset(4, {
              observedGeneration: 4,
              updatedReadyReplicas: 3,
              expectedUpdatedReplicas: 3,
            }),
            "get-2.json": cloneset(5, {
              observedGeneration: 4,
              updatedReadyReplicas: 3,
              expectedUpdatedReplicas: 3,
            }),
            "get-3.json": cloneset(5, {
              observedGeneration: 5,
              updatedReadyReplicas: 1,
              expectedUpdatedReplicas: 3,
            }),
            "get.json": cloneset(5, {
              observedGeneration: 5,
              updatedReadyReplicas: 3,
              expectedUpdatedReplicas: 3,
            }),
          },
        }),
      );
      assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(r.dir, "patch.json"), "utf8")), [
        { op: "test", path: "/spec/template/spec/containers/1/name", value: "app" },
        { op: "replace", path: "/spec/template/spec/containers/1/image", value: PUSHED },
      ]);
      assert.deepStrictEqual(r.log, [
        "kubectl get -n web clonesets.apps.kruise.io/app -o json",
        `kubectl patch -n web clonesets.apps.kruise.io/app --type=json -p ${fs.readFileSync(path.join(r.dir, "patch.json"), "utf8")}`,
        "kubectl get -n web clonesets.apps.kruise.io/app -o json",
        "kubectl get -n web clonesets.apps.kruise.io/app -o json",
        "kubectl get -n web clonesets.apps.kruise.io/app -o json",
      ]);
      // get and patch only: the step polls with get, so the Role has no list or watch.
      assert.deepStrictEqual(ranKubectl(r.log), {
        commands: [...DEPLOY_KUBECTL.CloneSet].sort(),
        verbs: [...DEPLOY_VERBS.CloneSet],
      });
      assert.match(r.stdout, /updated and ready 3 of 3/);
    });

    it("fails on an unknown container, and after the timeout", () => {
      const files = {
        "get.json": cloneset(5, {
          observedGeneration: 5,
          updatedReadyReplicas: 0,
          expectedUpdatedReplicas: 3,
        }),
      };
      const r = fails(
        runStep(step, { params: { ...params, container: "nope" }, files }),
        'no container "nope"',
      );
      assert.ok(!r.log.some((l) => l.includes("patch")));
      fails(
        runStep(step, { params: { ...params, timeout: "0" }, files }),
        "not updated after 0 seconds",
        "updated and ready 0 of 3",
      );
      throwsWith(() => cloneSetImageTask({ pollSeconds: 0 }), "pollSeconds");
    });
  });
});
