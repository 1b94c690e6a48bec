import * as assert from "assert";
import { pipelineRunManifest, taskManifest } from "../../components/tekton/manifests";
import { checkObjectName } from "../../components/tekton/validation";
import { throwsWith } from "../support/expect";

const STEP = { name: "s", image: "docker.io/library/alpine:3.20" };

describe("Tekton manifests: object names as Tekton's webhook takes them", () => {
  it("a DNS-1123 subdomain of at most 63 characters", () => {
    assert.deepStrictEqual(checkObjectName("build.web-1"), []);
    assert.deepStrictEqual(checkObjectName("a".repeat(63)), []);
    const [long] = checkObjectName("a".repeat(64));
    assert.deepStrictEqual(long.path, ["metadata", "name"]);
    assert.match(long.message, /length must be no more than 63 characters/);
    const [comma] = checkObjectName("pipe,line");
    assert.match(comma.message, /^\("pipe,line"\) is not a Tekton object name — .+; .+$/);
    assert.match(comma.message, /invalid resource name "pipe,line": must be a valid DNS label/);
  });

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
