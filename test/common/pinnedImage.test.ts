import * as assert from "assert";
import { pinProblem } from "../../components/common/pinnedImage";

describe("pinned images", () => {
  it("accepts a version tag or a digest, a digest winning over :latest", () => {
    for (const image of [
      "nginx:1.27",
      "ghcr.io/acme/web:1.4.2",
      `ghcr.io/acme/web@sha256:${"a".repeat(64)}`,
      `nginx:latest@sha256:${"b".repeat(64)}`,
    ]) {
      assert.strictEqual(pinProblem(image), undefined, image);
    }
  });

  it("names what is wrong: no tag or digest, :latest, or no valid reference", () => {
    assert.deepStrictEqual(pinProblem("nginx"), { kind: "unpinned" });
    assert.deepStrictEqual(pinProblem("docker.io/library/nginx:latest"), { kind: "latest" });
    const invalid = pinProblem("ghcr.io/Acme/web:1");
    assert.strictEqual(invalid?.kind, "invalid");
    assert.match((invalid as { error: string }).error, /must be lowercase/);
  });
});
