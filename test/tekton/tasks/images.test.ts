import * as assert from "assert";
import {
  argocdSyncTask,
  gitCloneTask,
  kanikoBuildTask,
  TASK_IMAGES,
  taskImages,
  warmTask,
} from "../../../components/tekton/tasks";
import { throwsWith } from "../../support/expect";
import { DIGEST } from "./support/steps";

// Moved from tasks.test.ts under the describe it had there: titles unchanged.
describe("Tekton task library: against Tekton v1.15.0", () => {
  it("takes image overrides, and refuses floating ones", () => {
    const mirror = "registry.example.com/mirror/git:v2.54.0";
    assert.strictEqual(gitCloneTask({ images: { git: mirror } }).steps[0].image, mirror);
    const kaniko = kanikoBuildTask({ images: { shell: "alpine:3.23.5@" + DIGEST } });
    assert.deepStrictEqual(
      kaniko.steps.map((s) => s.image),
      [TASK_IMAGES.kaniko, "alpine:3.23.5@" + DIGEST],
    );
    assert.strictEqual(
      taskImages({ kubectl: "alpine/k8s@" + DIGEST }).kubectl,
      "alpine/k8s@" + DIGEST,
    );
    throwsWith(() => warmTask({ images: { kubectl: "alpine/k8s" } }), "kubectl", "neither tag");
    throwsWith(() => argocdSyncTask({ images: { argocd: "argocd:latest" } }), "tagged latest");
    throwsWith(() => taskImages({ git: "Not/An/Image" }), "git", "invalid reference format");
    throwsWith(() => taskImages({ jq: "x:1" } as never), 'unknown role "jq"');
  });
});
