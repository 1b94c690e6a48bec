import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import {
  CompletionPolicyType,
  DEFAULT_IMAGE_PULL_JOB_API_VERSION,
  IMAGE_PULL_JOB_DEFAULTS,
  ImagePullJobApiVersion,
  ImagePullJobManifest,
  ImagePullJobSpec,
  ImagePullPolicy,
  ResolvedImagePullJobSpec,
} from "../../components/kruise/imagePullJobTypes";
import { KRUISE_CRDS } from "../support/crdSchema";

/** True when A and B are the same type (compile time). */
type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// Compile-time: the derived unions are exactly the constants' values.
const apiVersions: Equals<
  ImagePullJobApiVersion,
  "apps.kruise.io/v1alpha1" | "apps.kruise.io/v1beta1"
> = true;
const completionTypes: Equals<CompletionPolicyType, "Always" | "Never"> = true;
const pullPolicies: Equals<ImagePullPolicy, "Always" | "IfNotPresent"> = true;
// Compile-time: what users write needs only the image; what the builder writes has every default.
const least: ImagePullJobSpec = { image: "nginx:1.27" };
// @ts-expect-error the image is required
const noImage: ImagePullJobSpec = {};
const resolvedLacksDefaults: Equals<
  Pick<ResolvedImagePullJobSpec, "parallelism" | "imagePullPolicy">,
  { parallelism: number; imagePullPolicy: ImagePullPolicy }
> = true;
const manifestKind: Equals<ImagePullJobManifest["kind"], "ImagePullJob"> = true;

/** The served versions of the upstream ImagePullJob CRD, and each one's spec schema. */
function upstreamVersions(): { name: string; spec: any }[] {
  const crd = yaml.load(
    fs.readFileSync(path.join(KRUISE_CRDS, "apps.kruise.io_imagepulljobs.yaml"), "utf8"),
  ) as any;
  return crd.spec.versions
    .filter((v: any) => v.served)
    .map((v: any) => ({ name: v.name, spec: v.schema.openAPIV3Schema.properties.spec.properties }));
}

describe("the ImagePullJob types and constants (components/kruise/imagePullJobTypes)", () => {
  it("compiles: the unions are the constants' values, the image is required", () => {
    assert.deepStrictEqual(
      [apiVersions, completionTypes, pullPolicies, resolvedLacksDefaults, manifestKind],
      [true, true, true, true, true],
    );
    assert.deepStrictEqual(least, { image: "nginx:1.27" });
    assert.deepStrictEqual(noImage, {});
  });

  it("the API versions are the ones Kruise 1.9's CRD serves; the default is v1alpha1 (1.8 too)", () => {
    const served = upstreamVersions().map((v) => `apps.kruise.io/${v.name}`);
    assert.strictEqual(served.length, 2);
    assert.deepStrictEqual(Object.values(ImagePullJobApiVersion).sort(), served.sort());
    assert.strictEqual(DEFAULT_IMAGE_PULL_JOB_API_VERSION, "apps.kruise.io/v1alpha1");
  });

  it("the defaults are the ones the upstream CRD documents, in every served version", () => {
    const versions = upstreamVersions();
    assert.strictEqual(versions.length, 2);
    for (const { name, spec } of versions) {
      const doc = (s: any) => String(s.description).replace(/\s+/g, " ");
      assert.match(
        doc(spec.pullPolicy.properties.timeoutSeconds),
        new RegExp(`Defaults to ${IMAGE_PULL_JOB_DEFAULTS.timeoutSeconds}\\b`),
        name,
      );
      assert.match(
        doc(spec.pullPolicy.properties.backoffLimit),
        new RegExp(`Defaults to ${IMAGE_PULL_JOB_DEFAULTS.backoffLimit}\\b`),
        name,
      );
      assert.match(
        doc(spec.parallelism),
        new RegExp(`defaults to ${IMAGE_PULL_JOB_DEFAULTS.parallelism}\\.`),
      );
      assert.match(
        doc(spec.imagePullPolicy),
        new RegExp(
          `One of ${Object.values(ImagePullPolicy).join(", ")}\\. Defaults to ${IMAGE_PULL_JOB_DEFAULTS.imagePullPolicy}\\.`,
        ),
      );
      assert.match(
        doc(spec.completionPolicy.properties.type),
        new RegExp(`Default is ${IMAGE_PULL_JOB_DEFAULTS.completionPolicyType}\\.`),
      );
    }
    assert.deepStrictEqual(Object.values(CompletionPolicyType), ["Always", "Never"]);
  });
});
