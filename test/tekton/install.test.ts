import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { manifestFiles } from "../../components/tekton/releaseObjects";
import { throwsWith } from "../support/expect";
import {
  allRegistered,
  calls,
  decodeYaml,
  deployFailures,
  mockedComponents,
  ofType,
  Registered,
  registered,
  resetRegistrations,
  settle,
  valueOf,
} from "../support/mocks";
import {
  FetchStub,
  Obj,
  TEKTON_CONFIG,
  configMap,
  ids,
  releaseUrl,
  serveRelease,
  smallRelease,
  stubFetch,
} from "../support/tektonRelease";

const kd = mockedComponents();

const COMPONENT = "kruise-devops:index:TektonPipelines";
const GROUP = "kubernetes:yaml/v2:ConfigGroup";
const CRD = "CustomResourceDefinition";

/** The ConfigGroup registered as `name`. */
function group(name: string): Registered {
  const found = ofType(GROUP).filter((g) => g.name === name);
  assert.strictEqual(found.length, 1, `one ConfigGroup '${name}'`);
  return found[0];
}

/** Creates a TektonPipelines and waits until its groups are registered. */
async function install(
  name: string,
  args?: import("../../components").TektonPipelinesArgs,
): Promise<InstanceType<typeof kd.TektonPipelines>> {
  const t = new kd.TektonPipelines(name, args);
  await valueOf(t.install.urn);
  await settle();
  return t;
}

describe("TektonPipelines under Pulumi mocks", () => {
  let fetchStub: FetchStub | undefined;
  beforeEach(resetRegistrations);
  afterEach(() => {
    fetchStub?.restore();
    fetchStub = undefined;
  });

  it("fetches the pinned official release, decodes it, and keeps its CRDs in a group of their own", async () => {
    fetchStub = serveRelease();
    const t = await install("tekton");
    assert.deepStrictEqual(fetchStub.urls, [releaseUrl("v1.15.6")]);
    assert.strictEqual(t.version, "v1.15.6");
    assert.strictEqual(t.namespace, "tekton-pipelines");
    const decodes = calls.filter((c) => c.token === "kubernetes:yaml:decode");
    assert.deepStrictEqual(
      decodes.map((c) => c.inputs),
      [{ text: smallRelease() }],
      "the provider decodes the release text",
    );

    const component = registered.find((r) => r.type === COMPONENT)!;
    assert.deepStrictEqual(component.inputs, {});
    assert.deepStrictEqual(
      ofType(GROUP)
        .map((g) => g.name)
        .sort(),
      [
        "tekton-install",
        "tekton-install-crds",
        "tekton-install-webhook-backends",
        "tekton-install-webhooks",
      ],
    );
    assert.deepStrictEqual(ofType("kubernetes:yaml/v2:ConfigFile"), [], "no ConfigFile any more");
    const crds = group("tekton-install-crds");
    const rest = group("tekton-install");
    const webhooks = group("tekton-install-webhooks");
    for (const g of [crds, rest, webhooks]) {
      assert.strictEqual(g.parent, component.urn);
      assert.strictEqual(g.inputs.resourcePrefix, "tekton-install", "the names the objects had");
    }
    assert.strictEqual(crds.retainOnDelete, true, "the CRDs are kept on delete");
    assert.strictEqual(rest.retainOnDelete, false, "the rest is not");
    assert.strictEqual(webhooks.retainOnDelete, false, "nor the webhook configurations");
    assert.deepStrictEqual(rest.dependencies, [crds.urn], "the install waits for its CRDs");
    assert.deepStrictEqual(webhooks.dependencies, [rest.urn], "the webhooks come last");
    assert.deepStrictEqual(webhooks.inputs.objs, [], "the small release has no webhook");
    assert.strictEqual(await valueOf(t.crds!.urn), crds.urn);
    assert.strictEqual(await valueOf(t.install.urn), rest.urn);
    assert.strictEqual(await valueOf(t.webhooks.urn), webhooks.urn);
    assert.deepStrictEqual(ids(crds.inputs.objs), [`${CRD}/tasks.tekton.dev`]);
    assert.deepStrictEqual(crds.inputs.objs, decodeYaml(smallRelease()).slice(0, 1));
    assert.deepStrictEqual(ids(rest.inputs.objs), [
      "ConfigMap/tekton-pipelines/feature-flags",
      "ConfigMap/tekton-pipelines/config-defaults",
    ]);
    assert.deepStrictEqual(
      rest.inputs.objs,
      decodeYaml(smallRelease()).slice(1),
      "no override given: the release's objects as they are",
    );
    assert.deepStrictEqual(
      registered.filter((r) => r.transforms > 0).map((r) => r.name),
      [],
      "no transform",
    );
    assert.ok(Array.isArray(await valueOf(t.ready)));
    assert.ok(t.crds && t.install);
  });

  it("fetches another version's release when given one", async () => {
    fetchStub = serveRelease();
    const t = await install("a", { source: { version: "v1.14.1" } });
    assert.deepStrictEqual(fetchStub.urls, [releaseUrl("v1.14.1")]);
    assert.strictEqual(t.version, "v1.14.1");
  });

  it("reads a local release file, relative to the program's directory, and fetches nothing", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tekton-release-"));
    try {
      const file = path.join(tmp, "release.yaml");
      fs.writeFileSync(file, smallRelease());
      fetchStub = stubFetch(() => assert.fail("a local release is not fetched"));
      const t = await install("b", { source: { path: path.relative(process.cwd(), file) } });
      assert.deepStrictEqual(fetchStub.urls, []);
      assert.strictEqual(t.version, undefined);
      assert.deepStrictEqual(ids(group("b-install-crds").inputs.objs), [`${CRD}/tasks.tekton.dev`]);
      assert.deepStrictEqual(ids(group("b-install").inputs.objs), [
        "ConfigMap/tekton-pipelines/feature-flags",
        "ConfigMap/tekton-pipelines/config-defaults",
      ]);
      assert.deepStrictEqual(group("b-install-webhooks").inputs.objs, []);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("reads a local directory of manifests, every *.yaml under it, in sorted order", async () => {
    fetchStub = stubFetch(() => assert.fail("a local directory is not fetched"));
    const t = await install("c", { source: { path: TEKTON_CONFIG } });
    assert.deepStrictEqual(fetchStub.urls, []);
    const crds: Obj[] = group("c-install-crds").inputs.objs;
    const rest: Obj[] = group("c-install").inputs.objs;
    const webhooks: Obj[] = group("c-install-webhooks").inputs.objs;
    assert.ok(ids(crds).includes(`${CRD}/tasks.tekton.dev`));
    assert.strictEqual(crds.length, 8, "the release's CRDs (config/300-crds)");
    assert.ok(crds.every((o) => o.kind === CRD));
    assert.ok(rest.length > 0 && rest.every((o) => o.kind !== CRD), "CRDs only in the crds group");
    assert.ok(ids(rest).includes("ConfigMap/tekton-pipelines/feature-flags"));
    assert.ok(ids(rest).includes("Deployment/tekton-pipelines/tekton-pipelines-controller"));
    // The release's admission webhook configurations (config/500-webhooks.yaml) in the webhooks
    // group, and only there; the webhook's Service and certificate Secret in the rest; its
    // Deployment (what the webhooks' Service selects) last, after the configurations.
    const WEBHOOK_CONFIGURATIONS = [
      "ValidatingWebhookConfiguration/validation.webhook.pipeline.tekton.dev",
      "MutatingWebhookConfiguration/webhook.pipeline.tekton.dev",
      "ValidatingWebhookConfiguration/config.webhook.pipeline.tekton.dev",
    ];
    assert.deepStrictEqual(ids(webhooks), WEBHOOK_CONFIGURATIONS);
    const inWebhooksFile = decodeYaml(
      fs.readFileSync(path.join(TEKTON_CONFIG, "500-webhooks.yaml"), "utf8"),
    ) as Obj[];
    assert.deepStrictEqual(
      webhooks,
      inWebhooksFile.filter((o) => o.kind.endsWith("WebhookConfiguration")),
      "the webhook configurations as the release has them",
    );
    for (const id of WEBHOOK_CONFIGURATIONS) {
      assert.ok(!ids(rest).includes(id) && !ids(crds).includes(id), `${id} only in the webhooks`);
    }
    assert.ok(ids(rest).includes("Secret/tekton-pipelines/webhook-certs"));
    assert.ok(ids(rest).includes("Service/tekton-pipelines/tekton-pipelines-webhook"));
    const backends: Obj[] = group("c-install-webhook-backends").inputs.objs;
    assert.deepStrictEqual(ids(backends), ["Deployment/tekton-pipelines/tekton-pipelines-webhook"]);
    assert.deepStrictEqual(group("c-install-webhooks").dependencies, [group("c-install").urn]);
    assert.deepStrictEqual(group("c-install-webhook-backends").dependencies, [
      group("c-install-webhooks").urn,
    ]);
    assert.strictEqual(await valueOf(t.webhooks.urn), group("c-install-webhooks").urn);
    // The objects in the order of the sorted files.
    const all = decodeYaml(
      manifestFiles(TEKTON_CONFIG)
        .map((f) => fs.readFileSync(f, "utf8"))
        .join("\n---\n"),
    ) as Obj[];
    const isWebhook = (o: Obj) => WEBHOOK_CONFIGURATIONS.includes(ids([o])[0]);
    const isBackend = (o: Obj) => ids(backends).includes(ids([o])[0]);
    assert.deepStrictEqual(ids(crds), ids(all.filter((o) => o.kind === CRD)));
    assert.deepStrictEqual(
      ids(rest),
      ids(all.filter((o) => o.kind !== CRD && !isWebhook(o) && !isBackend(o))),
    );
    assert.deepStrictEqual(ids(webhooks), ids(all.filter(isWebhook)), "none anywhere else");
  });

  it("without keepCrdsOnDelete: one group holding everything, CRDs included, nothing retained", async () => {
    fetchStub = serveRelease();
    const t = await install("tekton", { keepCrdsOnDelete: false });
    assert.strictEqual(t.crds, undefined);
    assert.deepStrictEqual(
      ofType(GROUP).map((g) => g.name),
      ["tekton-install", "tekton-install-webhooks", "tekton-install-webhook-backends"],
    );
    const only = group("tekton-install");
    assert.strictEqual(only.retainOnDelete, false);
    assert.strictEqual(only.inputs.resourcePrefix, "tekton-install");
    assert.deepStrictEqual(only.inputs.objs, decodeYaml(smallRelease()));
    assert.strictEqual(only.transforms, 0);
    assert.deepStrictEqual(only.dependencies, [], "no CRDs group to wait for");
    const webhooks = group("tekton-install-webhooks");
    assert.deepStrictEqual(webhooks.inputs, { objs: [], resourcePrefix: "tekton-install" });
    assert.deepStrictEqual(webhooks.dependencies, [only.urn]);
    assert.ok(allRegistered(4).every((r) => r.retainOnDelete === false));
  });

  it("makes each group wait for the component's own dependsOn, the install for its CRDs, the webhooks for the install", async () => {
    fetchStub = serveRelease();
    const dep = new (class extends pulumi.CustomResource {})("test:index:Dep", "dep", {});
    const t = new kd.TektonPipelines("tekton", {}, { dependsOn: [dep] });
    await valueOf(t.install.urn);
    await settle();
    const depUrn = await valueOf(dep.urn);
    const crds = group("tekton-install-crds");
    assert.deepStrictEqual(crds.dependencies, [depUrn]);
    const rest = group("tekton-install");
    assert.deepStrictEqual(rest.dependencies.slice().sort(), [depUrn, crds.urn].sort());
    const webhooks = group("tekton-install-webhooks");
    assert.deepStrictEqual(webhooks.dependencies.slice().sort(), [depUrn, rest.urn].sort());
    const backends = group("tekton-install-webhook-backends");
    assert.deepStrictEqual(backends.dependencies.slice().sort(), [depUrn, webhooks.urn].sort());
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
    assert.strictEqual(Object.keys(defaults).length, 6, "one key per typed default");
    for (const key of Object.keys(defaults))
      assert.ok(example.includes(`${key}:`), `${key} is documented in config-defaults`);

    // Through the component: the registered install holds the merged ConfigMaps.
    fetchStub = serveRelease();
    await install("tekton", {
      featureFlags: { enableApiFields: "stable" },
      defaults: { timeoutMinutes: 30 },
    });
    const objs: Obj[] = group("tekton-install").inputs.objs;
    const cm = (name: string) =>
      objs.find((o) => o.kind === "ConfigMap" && o.metadata.name === name)!;
    assert.deepStrictEqual(cm("feature-flags").data, {
      ...released.data,
      "enable-api-fields": "stable",
    });
    assert.strictEqual(
      cm("feature-flags").data.coschedule,
      "workspaces",
      "the release's keys kept",
    );
    assert.deepStrictEqual(cm("config-defaults").data, {
      ...configMap("config-defaults.yaml").data,
      "default-timeout-minutes": "30",
    });
    assert.deepStrictEqual(cm("feature-flags").metadata, released.metadata);
    assert.ok(
      allRegistered(5).every((r) => r.transforms === 0),
      "no transform",
    );
  });

  it("a release that cannot be fetched fails the deployment, naming the URL and status; nothing is installed", async () => {
    fetchStub = stubFetch(() => new Response("denied", { status: 403 }));
    const failures = await deployFailures(() => new kd.TektonPipelines("tekton"));
    const messages = [...new Set(failures.map((e) => (e as Error).message))];
    assert.ok(messages.length > 0, "the deployment fails");
    assert.ok(
      messages.every((m) => m.includes(`GET ${releaseUrl("v1.15.6")}: HTTP 403`)),
      JSON.stringify(messages),
    );
    assert.deepStrictEqual(ofType(GROUP), [], "no group of an empty release");
  });

  it("rejects bad input before registering or fetching anything", async () => {
    fetchStub = serveRelease();
    const cases: [object, string[]][] = [
      [{ source: { version: "1.15" } }, ["args.source.version is not a Tekton release", "v1.15.6"]],
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
      [
        { defaults: { serviceAccount: "Pipeline_Runner" } },
        ['args.defaults.serviceAccount ("Pipeline_Runner") is not a ServiceAccount name'],
      ],
      [
        { defaults: { managedByLabelValue: "tekton pipelines" } },
        ['args.defaults.managedByLabelValue ("tekton pipelines") is not a label value'],
      ],
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
    assert.deepStrictEqual(fetchStub.urls, []);
  });

  it("checks featureFlags and defaults known only at deploy time by the same rules; registers no group", async () => {
    fetchStub = serveRelease();
    const failures = await deployFailures(
      () =>
        new kd.TektonPipelines("tekton", {
          featureFlags: pulumi.output({ enableApiFields: "experimental" as "alpha" }),
          defaults: { timeoutMinutes: pulumi.output(-1) },
        }),
    );
    const messages = [...new Set(failures.map((e) => (e as Error).message))];
    assert.ok(messages.length > 0, "the deployment fails");
    assert.ok(
      messages.every(
        (m) =>
          m.includes(
            `TektonPipelines 'tekton': args.featureFlags.enableApiFields is not one of "stable", "beta", "alpha"`,
          ) && m.includes("args.defaults.timeoutMinutes"),
      ),
      JSON.stringify(messages),
    );
    assert.ok(
      failures.every((e) => pulumi.ResourceError.isInstance(e)),
      "a ResourceError",
    );
    assert.deepStrictEqual(ofType(GROUP), [], "no ConfigGroup is registered");
  });

  it("writes featureFlags and defaults given as Outputs into the release's ConfigMaps", async () => {
    fetchStub = serveRelease();
    await install("tekton", {
      featureFlags: { enableApiFields: pulumi.output("alpha" as const), keepPodOnCancel: true },
      defaults: pulumi.output({ timeoutMinutes: 30 }),
    });
    const objs = ofType(GROUP).flatMap((g) => g.inputs.objs as Obj[]);
    const data = (n: string) =>
      objs.find((o) => o.kind === "ConfigMap" && o.metadata.name === n)?.data as Record<
        string,
        string
      >;
    assert.strictEqual(data("feature-flags")["enable-api-fields"], "alpha");
    assert.strictEqual(data("feature-flags")["keep-pod-on-cancel"], "true");
    assert.strictEqual(data("config-defaults")["default-timeout-minutes"], "30");
  });
});
