import * as assert from "assert";
import {
  TEKTON_NAMESPACE,
  configDefaultsData,
  featureFlagsData,
} from "../../components/tekton/installConfig";
import { configMap } from "../support/tektonRelease";

describe("the Tekton install's ConfigMap overrides (components/tekton/installConfig)", () => {
  it("TEKTON_NAMESPACE is the namespace the release installs into", () => {
    assert.strictEqual(TEKTON_NAMESPACE, "tekton-pipelines");
    assert.strictEqual(configMap("config-feature-flags.yaml").metadata.namespace, TEKTON_NAMESPACE);
    assert.strictEqual(configMap("config-defaults.yaml").metadata.namespace, TEKTON_NAMESPACE);
  });

  it("nothing given, nothing written; an undefined field is left out", () => {
    assert.deepStrictEqual(featureFlagsData(undefined), {});
    assert.deepStrictEqual(featureFlagsData({}), {});
    assert.deepStrictEqual(featureFlagsData({ coschedule: undefined }), {});
    assert.deepStrictEqual(configDefaultsData(undefined), {});
  });

  it("every value as the string the ConfigMap holds, false and 0 included", () => {
    assert.deepStrictEqual(
      featureFlagsData({ disableCredsInit: false, enableApiFields: "beta", keepPodOnCancel: true }),
      { "disable-creds-init": "false", "enable-api-fields": "beta", "keep-pod-on-cancel": "true" },
    );
    assert.deepStrictEqual(
      configDefaultsData({
        timeoutMinutes: 0,
        maxMatrixCombinationsCount: 256,
        serviceAccount: "sa",
      }),
      {
        "default-max-matrix-combinations-count": "256",
        "default-service-account": "sa",
        "default-timeout-minutes": "0",
      },
    );
  });

  it("each arg its own key, written in the order of the args' names whatever the input's", () => {
    const all = featureFlagsData({
      sendCloudEventsForRuns: true,
      enableApiFields: "alpha",
      awaitSidecarReadiness: false,
      coschedule: "isolate-pipelinerun",
      disableCredsInit: true,
      enableCelInWhenExpression: true,
      enableParamEnum: true,
      enableProvenanceInStatus: true,
      enableStepActions: true,
      keepPodOnCancel: true,
      requireGitSshSecretKnownHosts: true,
      resultsFrom: "termination-message",
      runningInEnvironmentWithInjectedSidecars: true,
      setSecurityContext: true,
    });
    assert.deepStrictEqual(Object.keys(all), [
      "await-sidecar-readiness",
      "coschedule",
      "disable-creds-init",
      "enable-api-fields",
      "enable-cel-in-whenexpression",
      "enable-param-enum",
      "enable-provenance-in-status",
      "enable-step-actions",
      "keep-pod-on-cancel",
      "require-git-ssh-secret-known-hosts",
      "results-from",
      "running-in-environment-with-injected-sidecars",
      "send-cloudevents-for-runs",
      "set-security-context",
    ]);
    const defaults = configDefaultsData({
      timeoutMinutes: 1,
      serviceAccount: "a",
      managedByLabelValue: "b",
      podTemplate: "c",
      maxMatrixCombinationsCount: 2,
      resolverType: "d",
    });
    assert.strictEqual(Object.keys(defaults).length, 6);
    assert.deepStrictEqual(new Set(Object.keys(defaults)).size, 6);
  });
});
