import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { kanikoBuildTask } from "../../../components/tekton/tasks";
import { tempDir } from "../../support/shellTools";
import { DIGEST, fails, ok, PUSHED, runStep } from "./support/steps";

// Moved from tasks.test.ts under the describe it had there: titles unchanged.
describe("Tekton task library: build result steps", () => {
  it("kaniko: the results step checks the digest file and writes digest and image-ref", () => {
    const [build, results] = kanikoBuildTask().steps;
    assert.deepStrictEqual(build.command, ["/kaniko/executor"]);
    assert.deepStrictEqual(build.args, [
      "--context=$(workspaces.source.path)/$(params.context)",
      "--dockerfile=$(workspaces.source.path)/$(params.context)/$(params.dockerfile)",
      "--destination=$(params.image):$(params.tag)",
      "--digest-file=/build-output/digest",
      "$(params.extra-args[*])",
    ]);
    const params = { image: "ghcr.io/acme/app", tag: "abc123" };
    const dir = tempDir("kd-digest-");
    fs.writeFileSync(path.join(dir, "digest"), DIGEST);
    const r = ok(runStep(results, { params, env: { DIGEST_FILE: path.join(dir, "digest") } }));
    assert.deepStrictEqual(r.results, { digest: DIGEST, "image-ref": PUSHED });
    fs.writeFileSync(path.join(dir, "digest"), "sha256:nothex");
    fails(
      runStep(results, { params, env: { DIGEST_FILE: path.join(dir, "digest") } }),
      "not sha256",
    );
    fails(runStep(results, { params, env: { DIGEST_FILE: path.join(dir, "none") } }), "no digest");
  });
});
