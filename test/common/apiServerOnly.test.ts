import * as assert from "assert";
import { apiServerOnlyProps } from "../../components/common/apiServerOnly";

describe("the apiServerOnly stack setting (components/common/apiServerOnly)", () => {
  it("marks every Kubernetes object skipAwait and background deletion, keeping its own annotations", () => {
    const props = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", annotations: { "pulumi.com/waitFor": "jsonpath={.x}" } },
      spec: { replicas: 1 },
    };
    assert.deepStrictEqual(apiServerOnlyProps("kubernetes:apps/v1:Deployment", props), {
      ...props,
      metadata: {
        name: "web",
        annotations: {
          "pulumi.com/waitFor": "jsonpath={.x}",
          "pulumi.com/skipAwait": "true",
          "pulumi.com/deletionPropagationPolicy": "background",
        },
      },
    });
    assert.deepStrictEqual(props.metadata.annotations, { "pulumi.com/waitFor": "jsonpath={.x}" });
  });

  it("makes every admission webhook fail open, since no webhook backend runs", () => {
    const out = apiServerOnlyProps(
      "kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration",
      {
        metadata: { name: "kruise-validating-webhook-configuration" },
        webhooks: [
          { name: "vimagepulljob.kb.io", failurePolicy: "Fail" },
          { name: "vclone.kb.io" },
        ],
      },
    )!;
    assert.deepStrictEqual(
      out.webhooks.map((w: any) => w.failurePolicy),
      ["Ignore", "Ignore"],
    );
    assert.strictEqual(out.metadata.annotations["pulumi.com/skipAwait"], "true");
  });

  it("sets skipAwait on charts and config groups, and leaves other resources alone", () => {
    assert.deepStrictEqual(apiServerOnlyProps("kubernetes:helm.sh/v4:Chart", { chart: "kruise" }), {
      chart: "kruise",
      skipAwait: true,
    });
    assert.deepStrictEqual(
      apiServerOnlyProps("kubernetes:yaml/v2:ConfigGroup", { objs: [] })?.skipAwait,
      true,
    );
    assert.strictEqual(apiServerOnlyProps("kruise-devops:index:BaseImageWarm", {}), undefined);
    assert.strictEqual(apiServerOnlyProps("pulumi:providers:kubernetes", {}), undefined);
  });

  it("is off unless the stack sets it; set, every component carries the transform to its children", async () => {
    const pulumi = await import("@pulumi/pulumi");
    const { mockedComponents, ofType, registered, resetRegistrations, settle } =
      await import("../support/mocks");
    const kd = mockedComponents();
    const COMPONENT = "kruise-devops:index:BaseImageWarm";
    resetRegistrations();
    new kd.BaseImageWarm("base", { images: ["docker.io/library/alpine:3.20"] });
    await settle();
    assert.strictEqual(registered.find((r) => r.type === COMPONENT)!.transforms, 0);
    const job = ofType("kubernetes:apps.kruise.io/v1alpha1:ImagePullJob")[0];
    assert.strictEqual(job.inputs.metadata.annotations?.["pulumi.com/skipAwait"], undefined);

    resetRegistrations();
    pulumi.runtime.setConfig("kruise-devops:apiServerOnly", "true");
    try {
      new kd.BaseImageWarm("base2", { images: ["docker.io/library/alpine:3.20"] });
      await settle();
    } finally {
      pulumi.runtime.setConfig("kruise-devops:apiServerOnly", "false");
    }
    assert.strictEqual(registered.find((r) => r.type === COMPONENT)!.transforms, 1);
  });
});
