import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import {
  mockedComponents,
  ofTypeCounted,
  registered,
  resetRegistrations,
  settle,
  valueOf,
} from "../support/mocks";
import { assertCrdValid, ENVOY, JOB_V1ALPHA1, JOB_V1BETA1, jobs, LABELS, NGINX } from "./helpers";

const kd = mockedComponents();

// Moved from warm.test.ts under the describe it had there: titles unchanged.
describe("warm components under Pulumi mocks", () => {
  beforeEach(resetRegistrations);

  describe("BaseImageWarm", () => {
    it("registers one cluster-wide Never job per image, every field explicit", async () => {
      const c = new kd.BaseImageWarm("base", { images: [NGINX, ENVOY] });
      assert.deepStrictEqual(await valueOf(c.namespace), "default");
      const names = await valueOf(c.jobNames);
      await settle();
      const [nginx, envoy] = jobs();
      assert.strictEqual(jobs().length, 2);
      assert.deepStrictEqual(nginx, {
        apiVersion: "apps.kruise.io/v1alpha1",
        kind: "ImagePullJob",
        metadata: {
          name: names[NGINX],
          namespace: "default",
          labels: LABELS("baseimagewarm", "base"),
        },
        spec: {
          image: NGINX,
          parallelism: 10,
          pullPolicy: { timeoutSeconds: 600, backoffLimit: 3 },
          completionPolicy: { type: "Never" },
          imagePullPolicy: "IfNotPresent",
        },
      });
      assert.strictEqual(envoy.spec.image, ENVOY);
      assert.match(names[NGINX], /^base-nginx-1-27-[0-9a-f]{8}$/);
      assert.match(names[ENVOY], /^base-envoy-v1-31-2-[0-9a-f]{8}$/);
      assertCrdValid(2);
    });

    it("parents every job on the component, with default (create-before-delete) replacement", async () => {
      const c = new kd.BaseImageWarm("base", { images: [NGINX] });
      await valueOf(c.jobNames);
      await settle();
      const component = registered.find((r) => r.type === "kruise-devops:index:BaseImageWarm")!;
      assert.deepStrictEqual(component.inputs, {}, "nothing is stored as component inputs");
      for (const j of ofTypeCounted(JOB_V1ALPHA1, 1)) {
        assert.strictEqual(j.parent, component.urn);
        assert.notStrictEqual(j.deleteBeforeReplace, true);
        assert.notStrictEqual(j.retainOnDelete, true);
      }
    });

    it("passes node selection, pull settings, secrets, labels and v1beta1 through", async () => {
      const c = new kd.BaseImageWarm("base", {
        images: [NGINX],
        namespace: "warm",
        nodeSelector: { matchLabels: { "kubernetes.io/os": "linux" } },
        parallelism: 50,
        pullPolicy: { timeoutSeconds: 300, backoffLimit: 5 },
        pullSecrets: ["registry-creds"],
        imagePullPolicy: "Always",
        sandboxConfig: { labels: { team: "platform" } },
        labels: { team: "platform" },
        apiVersion: "apps.kruise.io/v1beta1",
      });
      await valueOf(c.jobNames);
      await settle();
      const [job] = jobs(JOB_V1BETA1);
      assert.strictEqual(job.metadata.namespace, "warm");
      assert.strictEqual(job.metadata.labels.team, "platform");
      assert.deepStrictEqual(job.spec, {
        image: NGINX,
        pullSecrets: ["registry-creds"],
        selector: { matchLabels: { "kubernetes.io/os": "linux" } },
        parallelism: 50,
        pullPolicy: { timeoutSeconds: 300, backoffLimit: 5 },
        completionPolicy: { type: "Never" },
        sandboxConfig: { labels: { team: "platform" } },
        imagePullPolicy: "Always",
      });
      assertCrdValid(1);
    });

    it("hands the component's dependsOn to every job, so jobs wait for the CRDs", async () => {
      const crds = new k8s.apiextensions.v1.CustomResourceDefinition("kruise-crds", {
        spec: {
          group: "apps.kruise.io",
          names: { kind: "ImagePullJob", plural: "imagepulljobs" },
          scope: "Namespaced",
          versions: [],
        },
      });
      const c = new kd.BaseImageWarm("base", { images: [NGINX, ENVOY] }, { dependsOn: [crds] });
      await valueOf(c.jobNames);
      await settle();
      const crdsUrn = registered.find((r) => r.name === "kruise-crds")!.urn;
      for (const j of ofTypeCounted(JOB_V1ALPHA1, 2))
        assert.ok(j.dependencies.includes(crdsUrn), j.name);
    });
  });
});
