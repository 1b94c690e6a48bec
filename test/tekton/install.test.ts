import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { UPSTREAM } from "../support/crdSchema";
import { throwsWith } from "../support/expect";
import { mockedComponents, ofType, registered, resetRegistrations, settle } from "../support/mocks";

const kd = mockedComponents();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const transforms =
  require("../../components/common/transforms") as typeof import("../../components/common/transforms");

const TEKTON_CONFIG = path.join(UPSTREAM, "tekton", "v1.15.0", "config");

function configMap(file: string): {
  metadata: { name: string; namespace: string };
  data: Record<string, string>;
} {
  return yaml.load(fs.readFileSync(path.join(TEKTON_CONFIG, file), "utf8")) as never;
}

/** Runs a transform as the engine would on a child ConfigMap of the install. */
async function applyTransform(
  t: import("@pulumi/pulumi").ResourceTransform,
  props: Record<string, unknown>,
) {
  return t({ type: "kubernetes:core/v1:ConfigMap", name: "x", custom: true, props, opts: {} });
}

describe("TektonPipelines under Pulumi mocks", () => {
  beforeEach(resetRegistrations);

  it("installs the pinned official release manifest with yaml.v2.ConfigFile, CRDs kept on delete", async () => {
    const t = new kd.TektonPipelines("tekton");
    await settle();
    const [file] = ofType("kubernetes:yaml/v2:ConfigFile");
    assert.deepStrictEqual(file.inputs, {
      file: "https://infra.tekton.dev/tekton-releases/pipeline/previous/v1.15.0/release.yaml",
    });
    assert.strictEqual(file.name, "tekton-install");
    assert.strictEqual(file.transforms, 1);
    assert.strictEqual(t.version, "v1.15.0");
    assert.strictEqual(t.namespace, "tekton-pipelines");
    const component = registered.find((r) => r.type === "kruise-devops:index:TektonPipelines")!;
    assert.deepStrictEqual(component.inputs, {});
    assert.strictEqual(file.parent, component.urn);
  });

  it("installs another version, or a local file, or a local directory of manifests", async () => {
    new kd.TektonPipelines("a", { source: { version: "v1.14.1" }, keepCrdsOnDelete: false });
    const release = path.join(TEKTON_CONFIG, "controller.yaml");
    new kd.TektonPipelines("b", { source: { path: release } });
    new kd.TektonPipelines("c", { source: { path: TEKTON_CONFIG } });
    await settle();
    const files = ofType("kubernetes:yaml/v2:ConfigFile");
    assert.deepStrictEqual(
      files.map((f) => [f.name, f.inputs.file, f.transforms]),
      [
        [
          "a-install",
          "https://infra.tekton.dev/tekton-releases/pipeline/previous/v1.14.1/release.yaml",
          0,
        ],
        ["b-install", release, 1],
      ],
    );
    const [group] = ofType("kubernetes:yaml/v2:ConfigGroup");
    const listed: string[] = group.inputs.files;
    assert.ok(listed.includes(path.join(TEKTON_CONFIG, "300-crds", "300-task.yaml")));
    assert.ok(listed.includes(path.join(TEKTON_CONFIG, "config-feature-flags.yaml")));
    assert.ok(listed.every((f) => /\.ya?ml$/.test(f) && path.isAbsolute(f)));
    assert.deepStrictEqual(listed, [...listed].sort());
  });

  it("overrides feature-flags and config-defaults on the release's own ConfigMaps, keys the release has", async () => {
    const flags = kd.featureFlagsData({
      enableApiFields: "stable",
      coschedule: "disabled",
      disableCredsInit: false,
      awaitSidecarReadiness: true,
      runningInEnvironmentWithInjectedSidecars: false,
      requireGitSshSecretKnownHosts: true,
      resultsFrom: "sidecar-logs",
      setSecurityContext: true,
      keepPodOnCancel: false,
      enableCelInWhenExpression: true,
      enableStepActions: true,
      enableParamEnum: true,
      enableProvenanceInStatus: false,
      sendCloudEventsForRuns: false,
    });
    const released = configMap("config-feature-flags.yaml");
    assert.deepStrictEqual(
      Object.keys(flags).filter((k) => !(k in released.data)),
      [],
      "every typed flag is a key of the v1.15.0 feature-flags ConfigMap",
    );
    assert.strictEqual(flags["enable-api-fields"], "stable");
    assert.strictEqual(flags["require-git-ssh-secret-known-hosts"], "true");

    const defaults = kd.configDefaultsData({
      timeoutMinutes: 30,
      serviceAccount: "pipeline",
      managedByLabelValue: "tekton",
      podTemplate: "securityContext:\n  runAsNonRoot: true\n",
      maxMatrixCombinationsCount: 64,
      resolverType: "cluster",
    });
    const example = configMap("config-defaults.yaml").data._example;
    for (const key of Object.keys(defaults))
      assert.ok(example.includes(`${key}:`), `${key} is documented in config-defaults`);

    const t = transforms.patchConfigMap("tekton-pipelines", "feature-flags", flags);
    const out = await applyTransform(t, released as never);
    assert.ok(out);
    const data = (out!.props as { data: Record<string, string> }).data;
    assert.strictEqual(data["enable-api-fields"], "stable");
    assert.strictEqual(
      data["enable-tekton-oci-bundles"],
      released.data["enable-tekton-oci-bundles"],
      "other keys kept",
    );
    assert.strictEqual(
      await applyTransform(t, configMap("config-defaults.yaml") as never),
      undefined,
      "another ConfigMap is left alone",
    );
    assert.strictEqual(
      await applyTransform(t, {
        ...released,
        metadata: { ...released.metadata, namespace: "other" },
      } as never),
      undefined,
      "the same name in another namespace is left alone",
    );

    new kd.TektonPipelines("tekton", {
      featureFlags: { enableApiFields: "stable" },
      defaults: { timeoutMinutes: 30 },
    });
    await settle();
    assert.strictEqual(ofType("kubernetes:yaml/v2:ConfigFile")[0].transforms, 3);
  });

  it("rejects bad input before registering anything", async () => {
    const cases: [object, string[]][] = [
      [{ source: { version: "1.15" } }, ["args.source.version is not a Tekton release", "v1.15.0"]],
      [{ source: { path: "/nonexistent/release.yaml" } }, ["args.source.path does not exist"]],
      [
        { source: { version: "v1.15.0", path: TEKTON_CONFIG } },
        ["args.source has both version and path"],
      ],
      [
        { featureFlags: { enableApiFields: "experimental" } },
        ['args.featureFlags.enableApiFields is not one of "stable", "beta", "alpha"'],
      ],
      [
        { featureFlags: { enableApiField: "beta" } },
        ["args.featureFlags has unknown key(s) 'enableApiField'"],
      ],
      [{ defaults: { timeoutMinutes: -1 } }, ["args.defaults.timeoutMinutes"]],
    ];
    for (const [args, fragments] of cases) {
      throwsWith(
        () => new kd.TektonPipelines("tekton", args as never),
        "TektonPipelines 'tekton': ",
        ...fragments,
      );
    }
    await settle();
    assert.deepStrictEqual(registered, []);
  });
});
