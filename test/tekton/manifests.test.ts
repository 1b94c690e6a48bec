import { pipelineRunManifest, taskManifest } from "../../components/tekton/manifests";
import { throwsWith } from "../support/expect";

const STEP = { name: "s", image: "docker.io/library/alpine:3.20" };

describe("Tekton manifests: object names as Tekton's webhook takes them", () => {
  it("a manifest with a name Tekton refuses is refused, naming it", () => {
    throwsWith(
      () => taskManifest("X", { name: "Build", namespace: "ci" }, { steps: [STEP] }),
      "X 'Build': Task Build.metadata.name (\"Build\") is not a Tekton object name — ",
    );
    throwsWith(
      () =>
        pipelineRunManifest(
          "X",
          { name: `${"r".repeat(60)}-run`, namespace: "ci" },
          { pipelineRef: { name: "p" } },
          { tasks: [{ name: "t", taskRef: { name: "t" } }] },
        ),
      "length must be no more than 63 characters",
    );
  });
});
