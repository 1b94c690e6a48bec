import * as assert from "assert";
import {
  KRUISE_FEATURE_GATES,
  NEEDS_KRUISE_DAEMON,
  NEEDS_POD_WEBHOOK,
  minorVersion,
  renderFeatureGates,
  resolveFeatureGates,
} from "../../components/kruise/featureGates";

/** The messages of every problem, one string. */
function problems(...args: Parameters<typeof resolveFeatureGates>): string {
  return resolveFeatureGates(...args)
    .problems.map((p) => `${p.gate}: ${p.message}`)
    .join("\n");
}

describe("Kruise feature gates", () => {
  it("knows the 34 gates of Kruise 1.9 with their upstream defaults", () => {
    const gates = Object.keys(KRUISE_FEATURE_GATES);
    assert.strictEqual(gates.length, 34);
    const onByDefault = gates.filter(
      (g) => KRUISE_FEATURE_GATES[g as keyof typeof KRUISE_FEATURE_GATES].default,
    );
    assert.deepStrictEqual(onByDefault.sort(), [
      "DaemonWatchingPod",
      "InPlaceUpdateEnvFromMetadata",
      "KruiseDaemon",
      "PodIndexLabel",
      "PodProbeMarkerGate",
      "PodUnavailableBudgetDeleteGate",
      "PodWebhook",
      "StatefulSetAutoDeletePVC",
      "WorkloadSpread",
    ]);
    // The two gates whose Go constant differs from the flag name use the flag name.
    assert.ok("EnhancedLivenessProbe" in KRUISE_FEATURE_GATES);
    assert.ok("ForceDeleteTimeoutExpectationGate" in KRUISE_FEATURE_GATES);
    assert.deepStrictEqual(
      gates
        .filter((g) => KRUISE_FEATURE_GATES[g as keyof typeof KRUISE_FEATURE_GATES].since === "1.9")
        .sort(),
      ["EnableSortSidecarContainerByName", "InPlacePodVerticalScaling"],
    );
  });

  it("renders only what is set, ImagePullJobGate on by default, in name order", () => {
    const r = resolveFeatureGates(undefined, false, "1.8.3");
    assert.deepStrictEqual(r.problems, []);
    assert.strictEqual(renderFeatureGates(r.set), "ImagePullJobGate=true");
    const r2 = resolveFeatureGates(
      { TemplateNoDefaults: true, CloneSetShortHash: true },
      false,
      "1.8.3",
    );
    assert.strictEqual(
      renderFeatureGates(r2.set),
      "CloneSetShortHash=true,ImagePullJobGate=true,TemplateNoDefaults=true",
    );
    assert.strictEqual(r2.effective.KruiseDaemon, true);
    assert.strictEqual(r2.effective.ResourcesDeletionProtection, false);
  });

  it("lets the caller turn ImagePullJobGate off when nothing needs it", () => {
    const r = resolveFeatureGates({ ImagePullJobGate: false }, false, "1.8.3");
    assert.deepStrictEqual(r.problems, []);
    assert.strictEqual(renderFeatureGates(r.set), "ImagePullJobGate=false");
    assert.strictEqual(r.effective.ImagePullJobGate, false);
  });

  it("turns ImagePullJobGate on for a PreDownload gate, and rejects turning it off", () => {
    for (const g of [
      "PreDownloadImageForInPlaceUpdate",
      "PreDownloadImageForDaemonSetUpdate",
    ] as const) {
      const r = resolveFeatureGates({ [g]: true }, false, "1.8.3");
      assert.deepStrictEqual(r.problems, []);
      assert.strictEqual(r.set.ImagePullJobGate, true);
      const msg = problems({ [g]: true, ImagePullJobGate: false }, false, "1.8.3");
      assert.match(
        msg,
        /^ImagePullJobGate: is false while .* is true — Kruise's SetDefaultFeatureGates turns ImagePullJobGate on/,
      );
      assert.ok(msg.includes("drop ImagePullJobGate: false"), msg);
    }
  });

  it("rejects every gate KruiseDaemon=false forces off, and renders none of them itself", () => {
    assert.strictEqual(NEEDS_KRUISE_DAEMON.length, 8);
    for (const g of NEEDS_KRUISE_DAEMON) {
      const msg = problems({ KruiseDaemon: false, [g]: true }, false, "1.9.0");
      assert.ok(msg.startsWith(`${g}: is true while KruiseDaemon is false`), msg);
      assert.ok(msg.includes(`forces ${g} off when KruiseDaemon=false`), msg);
      assert.ok(msg.includes("set KruiseDaemon back to true"), msg);
    }
    const r = resolveFeatureGates({ KruiseDaemon: false }, false, "1.8.3");
    assert.deepStrictEqual(r.problems, []);
    assert.strictEqual(renderFeatureGates(r.set), "KruiseDaemon=false");
    for (const g of NEEDS_KRUISE_DAEMON) assert.strictEqual(r.effective[g], false, g);
  });

  it("rejects every gate PodWebhook=false forces off", () => {
    assert.strictEqual(NEEDS_POD_WEBHOOK.length, 7);
    for (const g of NEEDS_POD_WEBHOOK) {
      const msg = problems({ PodWebhook: false, [g]: true }, false, "1.9.0");
      assert.ok(msg.includes(`${g}: is true while PodWebhook is false`), msg);
    }
    const r = resolveFeatureGates({ PodWebhook: false }, false, "1.9.0");
    assert.strictEqual(r.effective.WorkloadSpread, false);
    assert.strictEqual(r.effective.PodUnavailableBudgetDeleteGate, false);
  });

  it("needs ResourcesDeletionProtection for DeletionProtectionForCRDCascadingGate", () => {
    assert.match(
      problems({ DeletionProtectionForCRDCascadingGate: true }, false, "1.9.0"),
      /is true while ResourcesDeletionProtection is off .* also set ResourcesDeletionProtection: true/,
    );
    const ok = resolveFeatureGates(
      { DeletionProtectionForCRDCascadingGate: true, ResourcesDeletionProtection: true },
      false,
      "1.9.0",
    );
    assert.deepStrictEqual(ok.problems, []);
    assert.strictEqual(ok.effective.DeletionProtectionForCRDCascadingGate, true);
  });

  it("gitOps sets TemplateNoDefaults, and rejects it being turned off", () => {
    const r = resolveFeatureGates(undefined, true, "1.8.3");
    assert.strictEqual(renderFeatureGates(r.set), "ImagePullJobGate=true,TemplateNoDefaults=true");
    assert.strictEqual(r.effective.TemplateNoDefaults, true);
    assert.match(
      problems({ TemplateNoDefaults: false }, true, "1.8.3"),
      /TemplateNoDefaults: is false while gitOps is true — .*Kruise's GitOps guide/,
    );
  });

  it("rejects a 1.9 gate on Kruise 1.8, since the manager exits on unknown gates", () => {
    const msg = problems({ InPlacePodVerticalScaling: true }, false, "1.8.3");
    assert.ok(msg.includes("needs Kruise 1.9, but this installs Kruise 1.8.3"), msg);
    assert.ok(
      msg.includes("kruise-manager exits at start-up on a feature gate it does not know"),
      msg,
    );
    assert.deepStrictEqual(
      resolveFeatureGates({ InPlacePodVerticalScaling: true }, false, "v1.9.0").problems,
      [],
    );
    assert.deepStrictEqual(
      resolveFeatureGates({ InPlacePodVerticalScaling: false }, false, undefined).problems,
      [],
    );
  });

  it("reads major.minor from chart and image versions", () => {
    assert.deepStrictEqual(minorVersion("1.8.3"), [1, 8]);
    assert.deepStrictEqual(minorVersion("v1.9.0-alpha3"), [1, 9]);
    assert.strictEqual(minorVersion("latest"), undefined);
  });
});
