import { DEPLOY_KUBECTL, DEPLOY_VERBS } from "../../../components/access/pipelineRbac";
import * as assert from "assert";
import { deploymentImageTask } from "../../../components/tekton/tasks";
import { ranKubectl } from "../../support/fakeClis";
import { fails, ok, PUSHED, runStep } from "./support/steps";

// Moved from tasks.test.ts under the describe it had there: titles unchanged.
describe("Tekton task library: deploy steps, run with fakes", () => {
  it("deploy-deployment: set image, then rollout status with the timeout", () => {
    const step = deploymentImageTask().steps[0];
    const params = {
      namespace: "web",
      deployment: "app",
      container: "app",
      image: PUSHED,
      timeout: "600s",
    };
    const r = ok(runStep(step, { params }));
    assert.deepStrictEqual(r.log, [
      `kubectl set image -n web deployment/app app=${PUSHED}`,
      "kubectl rollout status -n web deployment/app --timeout=600s",
    ]);
    assert.deepStrictEqual(ranKubectl(r.log), {
      commands: [...DEPLOY_KUBECTL.Deployment].sort(),
      verbs: [...DEPLOY_VERBS.Deployment],
    });
    fails(runStep(step, { params: { ...params, deployment: "App;x" } }), "param deployment");
    fails(runStep(step, { params: { ...params, container: "-c" } }), "param container");
    fails(runStep(step, { params: { ...params, image: "a b" } }), "param image");
  });
});
