import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { KRUISE_CRDS, crdErrors } from "../support/crdSchema";
import { failureOf, throwsWith } from "../support/expect";
import {
  imageListPullJobStatus,
  mockedComponents,
  ofType,
  registered,
  resetRegistrations,
  settle,
  valueOf,
} from "../support/mocks";

const kd = mockedComponents();

const LIST = "kubernetes:apps.kruise.io/v1alpha1:ImageListPullJob";
const LIST_BETA = "kubernetes:apps.kruise.io/v1beta1:ImageListPullJob";
const NGINX = "docker.io/library/nginx:1.27";
const ENVOY = "envoyproxy/envoy:v1.31.2";
const REDIS = "docker.io/library/redis:7.4.1";
const DONE = "2026-12-06T10:00:00Z";

/** The list jobs registered, as sent to the API server. */
function lists(type = LIST): any[] {
  return ofType(type).map((r) => r.inputs);
}

describe("ImageListWarm under Pulumi mocks", () => {
  beforeEach(resetRegistrations);

  it("registers one ImageListPullJob for all images, every field explicit and valid under the CRD", async () => {
    const c = new kd.ImageListWarm("tools", { images: [NGINX, ENVOY, REDIS] });
    const name = await valueOf(c.jobName);
    await settle();
    assert.strictEqual(lists().length, 1);
    assert.deepStrictEqual(lists()[0], {
      apiVersion: "apps.kruise.io/v1alpha1",
      kind: "ImageListPullJob",
      metadata: {
        name,
        namespace: "default",
        labels: {
          "app.kubernetes.io/managed-by": "pulumi",
          "app.kubernetes.io/part-of": "kruise-devops",
          "app.kubernetes.io/component": "imagelistwarm",
          "kruise-devops.io/instance": "tools",
        },
      },
      spec: {
        images: [NGINX, ENVOY, REDIS],
        parallelism: 10,
        pullPolicy: { timeoutSeconds: 600, backoffLimit: 3 },
        completionPolicy: { type: "Always", activeDeadlineSeconds: 1800 },
        imagePullPolicy: "IfNotPresent",
      },
    });
    assert.match(name, /^tools-[0-9a-f]{8}$/);
    assert.deepStrictEqual(crdErrors(KRUISE_CRDS, lists()[0]), []);
    const beta = new kd.ImageListWarm("beta", {
      images: [NGINX],
      apiVersion: "apps.kruise.io/v1beta1",
      completionPolicy: "Never",
      nodeSelector: { matchLabels: { pool: "gpu" } },
    });
    await valueOf(beta.jobName);
    await settle();
    const [b] = lists(LIST_BETA);
    assert.deepStrictEqual(b.spec.completionPolicy, { type: "Never" });
    assert.deepStrictEqual(b.spec.selector, { matchLabels: { pool: "gpu" } });
    assert.deepStrictEqual(crdErrors(KRUISE_CRDS, b), []);
  });

  it("Always: any edit names a new list job (Kruise acts on none once complete); Never: edited in place", async () => {
    const nameOf = async (args: Record<string, unknown>) => {
      resetRegistrations();
      const c = new kd.ImageListWarm("tools", { images: [NGINX], ...args } as any);
      const n = await valueOf(c.jobName);
      await settle();
      return n;
    };
    const once = await nameOf({});
    assert.notStrictEqual(await nameOf({ parallelism: 5 }), once);
    assert.notStrictEqual(await nameOf({ images: [NGINX, REDIS] }), once);
    assert.notStrictEqual(await nameOf({ imagePullPolicy: "Always" }), once);
    const kept = await nameOf({ completionPolicy: "Never" });
    assert.strictEqual(await nameOf({ completionPolicy: "Never", parallelism: 5 }), kept);
    assert.strictEqual(
      await nameOf({ completionPolicy: "Never", images: [NGINX, REDIS], pullSecrets: ["reg"] }),
      kept,
    );
    assert.notStrictEqual(kept, once);
  });

  it("with waitForCompletion waits for status.completionTime, then reports the counts", async () => {
    imageListPullJobStatus.value = { desired: 2, completed: 2, succeeded: 2, completionTime: DONE };
    const c = new kd.ImageListWarm("tools", {
      images: [NGINX, ENVOY],
      waitForCompletion: true,
      activeDeadlineSeconds: 900,
    });
    const result = await valueOf(c.warmResult);
    await settle();
    assert.deepStrictEqual(lists()[0].metadata.annotations, {
      "pulumi.com/waitFor": "jsonpath={.status.completionTime}",
      "pulumi.com/timeoutSeconds": "1020",
    });
    assert.deepStrictEqual(result, {
      job: await valueOf(c.jobName),
      images: 2,
      succeeded: 2,
      failedImages: [],
    });
  });

  it("a waited list warm with a failed image fails the `up`, naming the image, its ImagePullJob and how to retry", async () => {
    imageListPullJobStatus.value = {
      desired: 2,
      completed: 2,
      succeeded: 1,
      completionTime: DONE,
      failedImageStatuses: [
        {
          imagePullJob: "tools-3f2a9c1d-x7k2p",
          name: ENVOY,
          message: "Please check for details which nodes failed",
        },
      ],
    };
    const c = new kd.ImageListWarm("tools", { images: [NGINX, ENVOY], waitForCompletion: true });
    const err = await failureOf(c.warmResult);
    await settle();
    assert.ok(err instanceof pulumi.ResourceError, String(err));
    for (const part of [
      "ImageListWarm 'tools': the warm (ImageListPullJob default/tools-",
      "pulled 1 of 2 images on every selected node",
      `${ENVOY} (ImagePullJob tools-3f2a9c1d-x7k2p)`,
      "Kruise completes a list job once every image's job has finished, failed nodes included",
      "pulumi up --replace 'urn:pulumi:",
    ]) {
      assert.ok(err!.message.includes(part), `${part}\n  in: ${err!.message}`);
    }
  });

  it("without waitForCompletion reads nothing back", async () => {
    imageListPullJobStatus.value = { desired: 1, completed: 1, succeeded: 0, completionTime: DONE };
    const c = new kd.ImageListWarm("tools", { images: [NGINX] });
    assert.strictEqual(await valueOf(c.warmResult), undefined);
    await settle();
    assert.ok(!("status" in lists()[0]));
  });

  const refusals: [string, Record<string, unknown>, string[]][] = [
    [
      "more than 255 images (Kruise's list webhook)",
      { images: Array.from({ length: 256 }, (_, i) => `docker.io/library/img${i}:1`) },
      ["args.images has 256 images", '"the maximum number of images cannot > 255"'],
    ],
    ["a repeated image", { images: [NGINX, NGINX] }, ["args.images[1]", "repeats images[0]"]],
    ["an unpinned image", { images: ["nginx"] }, ["args.images[0]", "has no tag or digest"]],
    [
      "nodeSelector with podSelector",
      {
        images: [NGINX],
        nodeSelector: { names: ["n1"] },
        podSelector: { matchLabels: { app: "web" } },
      },
      ["args.podSelector"],
    ],
    [
      "a deadline on a Never list",
      { images: [NGINX], completionPolicy: "Never", activeDeadlineSeconds: 900 },
      ["args.activeDeadlineSeconds is set on a job with completion policy 'Never'"],
    ],
    [
      "waiting on a Never list",
      { images: [NGINX], completionPolicy: "Never", waitForCompletion: true },
      ["args.waitForCompletion is true on a list warm with completion policy 'Never'"],
    ],
    [
      "a plan",
      { images: [NGINX], plan: { nodes: 10, imageSizeMiB: 100 } },
      ["args.plan is not modelled for a list warm", "SidecarWarm or PoolWarm"],
    ],
    [
      "ttlSecondsAfterFinished",
      { images: [NGINX], ttlSecondsAfterFinished: 60 },
      ["args.ttlSecondsAfterFinished (60) would make Kruise delete a job Pulumi owns"],
    ],
    [
      "maxFailedNodes (the list status counts images, not nodes)",
      { images: [NGINX], waitForCompletion: true, maxFailedNodes: 1 },
      ["args has unknown key(s) 'maxFailedNodes'"],
    ],
  ];
  for (const [what, args, fragments] of refusals) {
    it(`refuses ${what}, registering nothing`, async () => {
      throwsWith(
        () => new kd.ImageListWarm("tools", args as any),
        "ImageListWarm 'tools':",
        ...fragments,
      );
      await settle();
      assert.deepStrictEqual(registered, []);
    });
  }

  it("args known only at deploy time are checked with the same rules before the job is created", async () => {
    const c = new kd.ImageListWarm("late", { images: [NGINX], parallelism: pulumi.output(-1) });
    const err = await failureOf(c.jobName);
    assert.match(
      String(err?.message),
      /ImageListWarm 'late': args\.parallelism \(-1\) is negative/,
    );
    await settle();
    assert.deepStrictEqual(ofType(LIST), []);
  });
});
