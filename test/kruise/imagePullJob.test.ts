import * as assert from "assert";
import { ArgsError } from "../../components/common/errors";
import { buildImagePullJob, resolveImagePullJobSpec } from "../../components/kruise/imagePullJob";
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

describe("resolveImagePullJobSpec on values of the wrong type", () => {
  // Found by test/anyArgs.test.ts: a number field given an object whose own `toString` is not a
  // function reached the deadline-vs-timeout rule, whose message then threw a TypeError.
  it("refuses a deadline that is no number with a message, and runs no rule on it", () => {
    const spec = JSON.parse(
      '{"image":"docker.io/library/nginx:1.27.3","completionPolicy":{"type":"Always","activeDeadlineSeconds":[{"toString":"x"}]},"pullPolicy":{"timeoutSeconds":300,"backoffLimit":3}}',
    );
    assert.throws(
      () => resolveImagePullJobSpec("BaseImageWarm", "base", spec),
      (e: Error) =>
        e instanceof ArgsError &&
        /^BaseImageWarm 'base': args\.completionPolicy\.activeDeadlineSeconds \(\[\{"toString":"x"\}\]\) is not a positive whole number of seconds — /.test(
          e.message,
        ) &&
        !e.message.includes("must be ≥"),
    );
  });
});
