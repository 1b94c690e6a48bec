import * as assert from "assert";
import { z } from "zod";
import {
  POD_IMAGE_RULE,
  PinRule,
  checkPinnedImage,
  pinProblem,
} from "../../components/common/pinnedImage";

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

  it("reports an unpinned, missing or invalid image at its path, naming the caller's rule", () => {
    const rule: PinRule = { required: "the step needs an image", moving: "steps must repeat" };
    const messages = (image: unknown, r?: PinRule) => {
      const result = z
        .unknown()
        .superRefine((v, ctx) => checkPinnedImage(ctx, v, ["x"], r))
        .safeParse(image);
      return result.success
        ? []
        : result.error.issues.map((i) => `${i.path.join(".")} ${i.message}`);
    };
    assert.deepStrictEqual(messages("nginx:1.27.3"), []);
    assert.deepStrictEqual(messages("nginx", rule), [
      'x ("nginx") has no tag or digest — steps must repeat; pin a version, e.g. "ghcr.io/acme/web:1.4.2", or a digest "…@sha256:…"',
    ]);
    assert.match(
      messages("nginx:latest")[0],
      new RegExp(`is tagged ':latest' — ${POD_IMAGE_RULE.moving}`),
    );
    assert.match(messages(undefined, rule)[0], /^x is missing — the step needs an image; /);
    assert.match(messages("Nginx:1")[0], /is not a valid image reference: /);
  });
});
