import * as assert from "assert";
import { imageListJobName } from "../../components/kruise/imageListPullJob";

const NGINX = "docker.io/library/nginx:1.27";

// Moved from listWarm.test.ts under the describe it had there: its title is unchanged.
describe("ImageListWarm under Pulumi mocks", () => {
  it("names leave room for Kruise's child names (≤ 57 characters), and never collide across kinds", () => {
    const spec = {
      images: [NGINX],
      parallelism: 1,
      pullPolicy: { timeoutSeconds: 600, backoffLimit: 3 },
      completionPolicy: { type: "Always" as const },
      imagePullPolicy: "IfNotPresent" as const,
    };
    const long = imageListJobName(
      { kind: "ImageListWarm", name: "x".repeat(200) },
      "apps.kruise.io/v1alpha1",
      spec,
    );
    assert.ok(long.length <= 57, long);
    assert.ok(`${long}-abcde`.length <= 63);
    assert.notStrictEqual(
      imageListJobName({ kind: "ImageListWarm", name: "web" }, "apps.kruise.io/v1alpha1", spec),
      imageListJobName({ kind: "OtherWarm", name: "web" }, "apps.kruise.io/v1alpha1", spec),
    );
  });
});
