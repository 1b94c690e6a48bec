import * as assert from "assert";
import { KRUISE_CRDS, crdErrors } from "../support/crdSchema";
import { ofType } from "../support/mocks";

export const JOB_V1ALPHA1 = "kubernetes:apps.kruise.io/v1alpha1:ImagePullJob";
export const JOB_V1BETA1 = "kubernetes:apps.kruise.io/v1beta1:ImagePullJob";
export const NGINX = "docker.io/library/nginx:1.27";
export const ENVOY = "envoyproxy/envoy:v1.31.2";

/** The ImagePullJob objects registered, as sent to the API server. */
export function jobs(type = JOB_V1ALPHA1): any[] {
  return ofType(type).map((r) => r.inputs);
}

/** The `count` ImagePullJobs registered (of either API version) are valid under the CRD. */
export function assertCrdValid(count: number) {
  const all = [...jobs(JOB_V1ALPHA1), ...jobs(JOB_V1BETA1)];
  assert.strictEqual(all.length, count, `ImagePullJobs registered: ${all.length}`);
  for (const j of all)
    assert.deepStrictEqual(crdErrors(KRUISE_CRDS, j as any), [], JSON.stringify(j));
}

export const LABELS = (component: string, instance: string) => ({
  "app.kubernetes.io/managed-by": "pulumi",
  "app.kubernetes.io/part-of": "kruise-devops",
  "app.kubernetes.io/component": component,
  "kruise-devops.io/instance": instance,
});
