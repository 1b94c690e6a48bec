import * as assert from "assert";
import {
  IMAGE_LIST_MAX_IMAGES,
  buildImageListPullJob,
  imageListJobName,
  imageListSchema,
  listIdentityOf,
} from "../../components/kruise/imageListPullJob";
import { KRUISE_CRDS, crdErrors } from "../support/crdSchema";

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

describe("the ImageListPullJob (components/kruise/imageListPullJob)", () => {
  const SPEC = {
    images: [NGINX, "docker.io/library/redis:7.4.1"],
    parallelism: 2,
    pullPolicy: { timeoutSeconds: 600, backoffLimit: 3 },
    completionPolicy: { type: "Always" as const, activeDeadlineSeconds: 1800 },
    imagePullPolicy: "IfNotPresent" as const,
  };
  const OWNER = { kind: "ImageListWarm", name: "web" };
  const V1 = "apps.kruise.io/v1alpha1" as const;

  it("buildImageListPullJob: the spec as given, the metadata without undefined fields", () => {
    const meta = { apiVersion: V1, name: "web-abc", namespace: "warm", labels: { a: "b" } };
    assert.deepStrictEqual(buildImageListPullJob(meta, SPEC), {
      apiVersion: V1,
      kind: "ImageListPullJob",
      metadata: { name: "web-abc", namespace: "warm", labels: { a: "b" } },
      spec: SPEC,
    });
    const bare = buildImageListPullJob({ ...meta, labels: undefined }, SPEC);
    assert.deepStrictEqual(Object.keys(bare.metadata), ["name", "namespace"]);
    assert.deepStrictEqual(crdErrors(KRUISE_CRDS, bare), []);
  });

  it("imageListSchema: at most 255 images, each pinned, none twice", () => {
    const images = (n: number) => Array.from({ length: n }, (_, i) => `ghcr.io/acme/app:1.0.${i}`);
    assert.strictEqual(IMAGE_LIST_MAX_IMAGES, 255);
    assert.strictEqual(imageListSchema.safeParse(images(255)).success, true);
    const tooMany = imageListSchema.safeParse(images(256));
    assert.ok(!tooMany.success);
    assert.deepStrictEqual(
      tooMany.error.issues.map((i) => i.message),
      [
        `has 256 images — Kruise's ImageListPullJob webhook: "the maximum number of images cannot > 255"; split the list into warms of at most 255 images`,
      ],
    );
    const paths = (v: string[]) => {
      const r = imageListSchema.safeParse(v);
      return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
    };
    assert.deepStrictEqual(paths([NGINX, NGINX]), ["1"]);
    assert.deepStrictEqual(paths(["nginx:latest", NGINX]), ["0"]);
    assert.deepStrictEqual(paths([]), [""]);
  });

  it("listIdentityOf: a Never list is one object whatever its spec; an Always list, its spec", () => {
    const never = { ...SPEC, completionPolicy: { type: "Never" as const } };
    assert.deepStrictEqual(listIdentityOf(never), {});
    assert.strictEqual(listIdentityOf(SPEC), SPEC);
    const edited = { ...never, images: [NGINX] };
    assert.strictEqual(imageListJobName(OWNER, V1, never), imageListJobName(OWNER, V1, edited));
    assert.notStrictEqual(
      imageListJobName(OWNER, V1, SPEC),
      imageListJobName(OWNER, V1, { ...SPEC, parallelism: 3 }),
    );
  });

  it("imageListJobName: stable under key order; another API version or owner is another object", () => {
    const reordered = {
      imagePullPolicy: SPEC.imagePullPolicy,
      completionPolicy: { activeDeadlineSeconds: 1800, type: "Always" as const },
      pullPolicy: { backoffLimit: 3, timeoutSeconds: 600 },
      parallelism: 2,
      images: SPEC.images,
    };
    const name = imageListJobName(OWNER, V1, SPEC);
    assert.strictEqual(imageListJobName(OWNER, V1, reordered), name);
    assert.notStrictEqual(imageListJobName(OWNER, "apps.kruise.io/v1beta1", SPEC), name);
    assert.notStrictEqual(imageListJobName({ ...OWNER, name: "api" }, V1, SPEC), name);
    assert.match(name, /^web-[0-9a-f]{8}$/);
  });
});
