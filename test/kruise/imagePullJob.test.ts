import * as assert from "assert";
import {
  buildImagePullJob,
  imagePullJobName,
  resolveImagePullJobSpec,
} from "../../components/kruise/imagePullJob";
import {
  ImagePullJobApiVersion,
  ImagePullJobSpec,
} from "../../components/kruise/imagePullJobTypes";
import { KRUISE_CRDS, crdErrors } from "../support/crdSchema";

const v1alpha1 = ImagePullJobApiVersion.V1alpha1;

describe("buildImagePullJob", () => {
  // Every field set: the resolved spec must carry each one through unchanged.
  const input: ImagePullJobSpec = {
    image: "ghcr.io/acme/app:1.4.2",
    pullSecrets: ["registry-creds"],
    selector: {
      matchLabels: { "resource-pool": "serverless" },
      matchExpressions: [{ key: "gpu", operator: "DoesNotExist" }],
    },
    parallelism: 25,
    pullPolicy: { timeoutSeconds: 300, backoffLimit: 2 },
    completionPolicy: { type: "Always", activeDeadlineSeconds: 1200, ttlSecondsAfterFinished: 600 },
    sandboxConfig: { labels: { team: "a" }, annotations: { note: "b" } },
    imagePullPolicy: "Always",
  };
  const full = resolveImagePullJobSpec("ImagePullJob", "t", input);

  for (const apiVersion of Object.values(ImagePullJobApiVersion)) {
    it(`emits a job the Kruise 1.9.0 CRD accepts as ${apiVersion}`, () => {
      const job = buildImagePullJob(
        { apiVersion, name: "warm", namespace: "ci", labels: { a: "b" } },
        full,
      );
      assert.deepStrictEqual(crdErrors(KRUISE_CRDS, job), []);
      const minimal = buildImagePullJob(
        { apiVersion, name: "warm", namespace: "ci" },
        resolveImagePullJobSpec("I", "t", {
          image: "nginx:1",
          podSelector: { matchLabels: { app: "web" } },
        }),
      );
      assert.deepStrictEqual(crdErrors(KRUISE_CRDS, minimal), []);
    });
  }

  it("the CRD check itself catches what the API server would prune or refuse", () => {
    const job = buildImagePullJob(
      { apiVersion: v1alpha1, name: "warm", namespace: "ci" },
      full,
    ) as any;
    assert.notDeepStrictEqual(
      crdErrors(KRUISE_CRDS, { ...job, spec: { ...job.spec, paralelism: 1 } }),
      [],
    );
    assert.notDeepStrictEqual(
      crdErrors(KRUISE_CRDS, { ...job, spec: { ...job.spec, completionPolicy: undefined } }),
      [],
    );
    assert.notDeepStrictEqual(
      crdErrors(KRUISE_CRDS, {
        ...job,
        spec: { ...job.spec, pullPolicy: { timeoutSeconds: 2 ** 31 } },
      }),
      [],
    );
  });

  it("writes metadata and the whole spec", () => {
    const job = buildImagePullJob({ apiVersion: v1alpha1, name: "warm", namespace: "ci" }, full);
    assert.deepStrictEqual(job, {
      apiVersion: v1alpha1,
      kind: "ImagePullJob",
      metadata: { name: "warm", namespace: "ci" },
      spec: input,
    });
  });
});

describe("imagePullJobName", () => {
  const img = "docker.io/library/nginx:1.27";
  it("is a readable, deterministic DNS-1123 label", () => {
    const n = imagePullJobName("base", img, [], v1alpha1);
    assert.match(n, /^base-nginx-1-27-[0-9a-f]{8}$/);
    assert.strictEqual(imagePullJobName("base", img, [], v1alpha1), n);
  });
  it("changes with the image, the pull secrets and the API version, and nothing else", () => {
    const n = imagePullJobName("base", img, [], v1alpha1);
    assert.notStrictEqual(
      imagePullJobName("base", "docker.io/library/nginx:1.28", [], v1alpha1),
      n,
    );
    assert.notStrictEqual(imagePullJobName("base", img, ["creds"], v1alpha1), n);
    assert.notStrictEqual(imagePullJobName("base", img, [], ImagePullJobApiVersion.V1beta1), n);
    assert.notStrictEqual(imagePullJobName("other", img, [], v1alpha1), n);
  });
  it("stays within 63 characters for long names and images", () => {
    const n = imagePullJobName(
      "a-very-long-component-name-that-goes-on-and-on",
      `registry.example.com/${"x".repeat(200)}:${"v".repeat(120)}`,
      [],
      v1alpha1,
    );
    assert.ok(n.length <= 63, n);
    assert.match(n, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
  it("names digest-pinned images", () => {
    assert.match(
      imagePullJobName("s", `istio/proxyv2@sha256:${"0".repeat(64)}`, [], v1alpha1),
      /^s-proxyv2-digest-[0-9a-f]{8}$/,
    );
  });
});
