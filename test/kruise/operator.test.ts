import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import * as path from "path";
import { chartDefaults, unknownValuePaths } from "../support/chartValues";
import { UPSTREAM } from "../support/crdSchema";
import { throwsWith } from "../support/expect";
import {
  allRegistered,
  calls,
  deployFailures,
  helmTemplate,
  mockedComponents,
  ofType,
  Registered,
  registered,
  resetRegistrations,
  settle,
  valueOf,
} from "../support/mocks";
import {
  CONFIG_GROUP as GROUP,
  HELM_CHART as CHART,
  HELM_TEMPLATE as TEMPLATE,
  crd,
  manifest,
} from "../support/manifests";

const kd = mockedComponents();

const KRUISE_CHART_DIR = path.join(UPSTREAM, "kruise", "chart-1.8.3");

const cloneSetCrd = crd("clonesets.apps.kruise.io");
const manager = manifest("apps/v1", "Deployment", "kruise-controller-manager", "kruise-system");

/** The ConfigGroup registered as `name`, if any. */
function group(name: string): Registered | undefined {
  const found = ofType(GROUP).filter((g) => g.name === name);
  assert.ok(found.length <= 1, `${found.length} ConfigGroups '${name}'`);
  return found[0];
}

/** What KruiseOperator asked `helm template` for (client templating, the default). */
async function chartInputs(): Promise<Record<string, any>> {
  await settle();
  assert.ok(group("kruise-chart"), "the chart's ConfigGroup");
  const templates = calls.filter((c) => c.token === TEMPLATE);
  assert.strictEqual(templates.length, 1);
  return JSON.parse(templates[0].inputs.jsonOpts);
}

describe("KruiseOperator under Pulumi mocks", () => {
  beforeEach(resetRegistrations);

  it("installs the pinned stable chart with ImagePullJobGate on and the CRDs kept on delete", async () => {
    const k = new kd.KruiseOperator("kruise");
    const inputs = await chartInputs();
    assert.deepStrictEqual(inputs, {
      chart: "kruise",
      version: "1.8.3",
      fetch_opts: { repo: "https://openkruise.github.io/charts/" },
      release_name: "kruise",
      namespace: "kruise-system",
      kube_version: "v1.34.0",
      values: {
        crds: { managed: true },
        featureGates: "ImagePullJobGate=true",
        installation: { createNamespace: true, namespace: "kruise-system" },
      },
    });
    const chart = group("kruise-chart")!;
    const crds = group("kruise-chart-crds")!;
    const component = registered.find((r) => r.type === "kruise-devops:index:KruiseOperator")!;
    assert.deepStrictEqual(component.inputs, {});
    assert.strictEqual(chart.parent, component.urn);
    assert.strictEqual(crds.parent, component.urn);
    assert.strictEqual(crds.retainOnDelete, true, "the CRDs are kept on delete");
    assert.strictEqual(chart.retainOnDelete, false);
    assert.strictEqual(crds.inputs.resourcePrefix, "kruise-chart", "named as in the chart's group");
    assert.strictEqual(chart.inputs.resourcePrefix, "kruise-chart");
    assert.deepStrictEqual(chart.dependencies, [crds.urn], "the rest waits for the CRDs");
    const webhooks = group("kruise-chart-webhooks")!;
    assert.strictEqual(webhooks.parent, component.urn);
    assert.strictEqual(webhooks.inputs.resourcePrefix, "kruise-chart");
    assert.strictEqual(webhooks.retainOnDelete, false);
    assert.deepStrictEqual(webhooks.dependencies, [chart.urn], "the webhooks wait for the rest");
    assert.ok(
      allRegistered(5).every((r) => r.transforms === 0),
      "no transform",
    );
    assert.ok(k.crds);
    assert.strictEqual(k.namespace, "kruise-system");
    assert.strictEqual(await valueOf(k.kruiseVersion), "1.8.3");
    assert.strictEqual(k.featureGates.ImagePullJobGate, true);
    assert.strictEqual((await valueOf(k.effectiveFeatureGates)).ImagePullJobGate, true);
    assert.strictEqual(k.featureGatesValue, "ImagePullJobGate=true");
  });

  it("renders typed manager/daemon settings to keys the pinned chart has, raw values last", async () => {
    new kd.KruiseOperator("kruise", {
      namespace: "kruise",
      createNamespace: false,
      gitOps: true,
      featureGates: { PreDownloadImageForInPlaceUpdate: true },
      manager: {
        replicas: 3,
        image: { repository: "registry.local/kruise-manager", tag: "v1.8.3" },
        resources: { requests: { cpu: "500m", memory: "1Gi" } },
        nodeSelector: { "node-role.kubernetes.io/control-plane": "" },
        tolerations: [{ key: "dedicated", operator: "Exists", effect: "NoSchedule" }],
        logLevel: 2,
      },
      daemon: {
        nodeSelector: { "kubernetes.io/os": "linux" },
        resources: { limits: { cpu: "100m", memory: "256Mi" } },
        socketLocation: "/run/containerd",
      },
      imagePullSecrets: ["registry-creds"],
      values: {
        webhookConfiguration: { timeoutSeconds: 10 },
        manager: { hostNetwork: true, log: null },
      },
    });
    const { values, namespace } = await chartInputs();
    assert.strictEqual(namespace, "kruise");
    assert.deepStrictEqual(values, {
      crds: { managed: true },
      daemon: {
        nodeSelector: { "kubernetes.io/os": "linux" },
        resources: { limits: { cpu: "100m", memory: "256Mi" } },
        socketLocation: "/run/containerd",
      },
      featureGates:
        "ImagePullJobGate=true,PreDownloadImageForInPlaceUpdate=true,TemplateNoDefaults=true",
      imagePullSecrets: [{ name: "registry-creds" }],
      installation: { createNamespace: false, namespace: "kruise" },
      manager: {
        hostNetwork: true,
        image: { repository: "registry.local/kruise-manager", tag: "v1.8.3" },
        nodeSelector: { "node-role.kubernetes.io/control-plane": "" },
        replicas: 3,
        resources: { requests: { cpu: "500m", memory: "1Gi" } },
        tolerations: [{ effect: "NoSchedule", key: "dedicated", operator: "Exists" }],
      },
      webhookConfiguration: { timeoutSeconds: 10 },
    });
    assert.deepStrictEqual(
      unknownValuePaths(chartDefaults(KRUISE_CHART_DIR), values, [
        "manager.nodeSelector",
        "manager.resources",
        "daemon.nodeSelector",
        "daemon.resources",
      ]),
      [],
    );
  });

  it("installs from a local chart directory and reads its Kruise version from Chart.yaml", async () => {
    const k = new kd.KruiseOperator("kruise", { source: { path: KRUISE_CHART_DIR } });
    const inputs = await chartInputs();
    assert.strictEqual(inputs.path, KRUISE_CHART_DIR);
    assert.strictEqual(inputs.chart, undefined);
    assert.strictEqual(inputs.version, undefined);
    assert.strictEqual(inputs.fetch_opts, undefined);
    assert.strictEqual(await valueOf(k.kruiseVersion), "1.8.3");
    throwsWith(
      () =>
        new kd.KruiseOperator("k2", {
          source: { path: KRUISE_CHART_DIR },
          featureGates: { EnableSortSidecarContainerByName: true },
        }),
      "KruiseOperator 'k2': args.featureGates.EnableSortSidecarContainerByName needs Kruise 1.9, but this installs Kruise 1.8.3",
    );
  });

  it("takes the manager tag as the Kruise version", async () => {
    const k = new kd.KruiseOperator("kruise", {
      source: { version: "1.9.0-alpha3" },
      manager: { image: { tag: "v1.9.0" } },
      featureGates: { InPlacePodVerticalScaling: true },
    });
    assert.strictEqual(await valueOf(k.kruiseVersion), "v1.9.0");
    assert.strictEqual(k.featureGates.InPlacePodVerticalScaling, true);
    await settle();
  });

  it("rejects a manager of another minor release than the chart's CRDs", async () => {
    throwsWith(
      () => new kd.KruiseOperator("kruise", { manager: { image: { tag: "v1.9.0" } } }),
      "KruiseOperator 'kruise': args.manager.image.tag (v1.9.0) is Kruise 1.9, but the chart installs the CRDs of Kruise 1.8.3",
      "Kruise 1.9 creates v1beta1 ImagePullJobs, which 1.8 CRDs do not serve",
      "use the chart of the same minor release",
    );
    throwsWith(
      () =>
        new kd.KruiseOperator("kruise", {
          source: { path: KRUISE_CHART_DIR },
          manager: { image: { tag: "v1.9.0" } },
        }),
      "the chart installs the CRDs of Kruise 1.8.3",
    );
    // A patch release of the same minor is fine.
    new kd.KruiseOperator("kruise", { manager: { image: { tag: "v1.8.4" } } });
    await settle();
  });

  it("with server templating, leaves the CRDs out of the chart (crds.managed false) and keeps them in a group of their own", async () => {
    helmTemplate.objects = [cloneSetCrd, manager];
    const k = new kd.KruiseOperator("kruise", { templating: "server", gitOps: true });
    await valueOf(k.chart.urn);
    await settle();
    const [chart] = ofType(CHART);
    const crds = group("kruise-chart-crds")!;
    assert.deepStrictEqual(
      ofType(GROUP).map((g) => g.name),
      ["kruise-chart-crds"],
      "the other objects stay in the chart",
    );
    assert.deepStrictEqual(chart.inputs.values, {
      crds: { managed: false },
      featureGates: "ImagePullJobGate=true,TemplateNoDefaults=true",
      installation: { createNamespace: true, namespace: "kruise-system" },
    });
    assert.strictEqual(chart.inputs.chart, "kruise");
    assert.strictEqual(chart.inputs.version, "1.8.3");
    assert.strictEqual(chart.retainOnDelete, false);
    assert.deepStrictEqual(chart.dependencies, [crds.urn], "the chart waits for its CRDs");
    // The CRDs: from one template call with the full values, only the CRDs kept.
    const templates = calls.filter((c) => c.token === TEMPLATE);
    assert.strictEqual(templates.length, 1);
    const request = JSON.parse(templates[0].inputs.jsonOpts);
    assert.deepStrictEqual(request.values.crds, { managed: true });
    assert.strictEqual(request.chart, "kruise");
    assert.strictEqual(request.version, "1.8.3");
    assert.deepStrictEqual(crds.inputs, { objs: [cloneSetCrd], resourcePrefix: "kruise-chart" });
    assert.strictEqual(crds.retainOnDelete, true);
    const component = registered.find((r) => r.type === "kruise-devops:index:KruiseOperator")!;
    for (const r of [chart, crds]) assert.strictEqual(r.parent, component.urn);
    assert.ok(
      allRegistered(3).every((r) => r.transforms === 0),
      "no transform",
    );
    assert.strictEqual(await valueOf(k.crds!.urn), crds.urn);
  });

  it("can let the CRDs go with the chart when asked", async () => {
    helmTemplate.objects = [cloneSetCrd, manager];
    const k = new kd.KruiseOperator("kruise", { crds: { keepOnDelete: false } });
    await chartInputs();
    assert.strictEqual(k.crds, undefined);
    assert.deepStrictEqual(
      ofType(GROUP).map((g) => [g.name, g.inputs.objs, g.retainOnDelete]),
      [
        ["kruise-chart", [cloneSetCrd, manager], false],
        ["kruise-chart-webhooks", [], false],
        ["kruise-chart-webhook-backends", [], false],
      ],
    );

    resetRegistrations();
    const server = new kd.KruiseOperator("kruise", {
      templating: "server",
      crds: { keepOnDelete: false },
    });
    await valueOf(server.chart.urn);
    await settle();
    assert.strictEqual(server.crds, undefined);
    assert.deepStrictEqual(ofType(GROUP), []);
    assert.deepStrictEqual(ofType(CHART)[0].inputs.values.crds, { managed: true });
    assert.strictEqual(calls.filter((c) => c.token === TEMPLATE).length, 0);
  });

  it("keeps no CRDs it does not manage (crds.managed false)", async () => {
    helmTemplate.objects = [manager];
    const k = new kd.KruiseOperator("kruise", { crds: { managed: false } });
    const { values } = await chartInputs();
    assert.deepStrictEqual(values.crds, { managed: false });
    assert.strictEqual(k.crds, undefined);
    assert.deepStrictEqual(
      ofType(GROUP).map((g) => g.name),
      ["kruise-chart", "kruise-chart-webhooks", "kruise-chart-webhook-backends"],
    );

    resetRegistrations();
    const server = new kd.KruiseOperator("kruise", {
      templating: "server",
      crds: { managed: false },
    });
    await valueOf(server.chart.urn);
    await settle();
    assert.deepStrictEqual(ofType(GROUP), []);
    assert.strictEqual(calls.filter((c) => c.token === TEMPLATE).length, 0);
  });

  it("rejects bad input before registering anything, naming the component, path, rule and fix", async () => {
    const cases: [object, string[]][] = [
      [
        { manager: { image: { repository: "ghcr.io/acme/kruise-manager:v1.8.3" } } },
        [
          'args.manager.image.repository ("ghcr.io/acme/kruise-manager:v1.8.3") is not an image repository: it holds a tag or digest',
        ],
      ],
      [
        { manager: { image: { repository: "ghcr.io/Acme/kruise-manager" } } },
        [
          "args.manager.image.repository",
          "is not an image repository: invalid reference format: repository name must be lowercase",
        ],
      ],
      [
        { manager: { image: { tag: "latest" } } },
        [`args.manager.image.tag ("latest") is 'latest', which moves`],
      ],
      [
        { manager: { image: { tag: "v1.8.3 " } } },
        ['args.manager.image.tag ("v1.8.3 ") is not a docker tag'],
      ],
      [
        { manager: { nodeSelector: { "bad key!": "x" } } },
        ["args.manager.nodeSelector", "is not a valid label key"],
      ],
      [{ daemon: { nodeSelector: { pool: "not valid!" } } }, ["args.daemon.nodeSelector"]],
      [
        { manager: { replicas: 2 ** 31 } },
        ["args.manager.replicas (2147483648) is out of range", "use 1..2147483647"],
      ],
      [{ manager: { clientQps: 1.5 } }, ["args.manager.clientQps (1.5) is not a whole number"]],
      [
        { manager: { tolerations: [{ key: "dedicated", operator: "Equals" }] } },
        ['args.manager.tolerations[0].operator is not one of "Exists", "Equal"'],
      ],
      [
        { manager: { tolerations: [{ effect: "NoScheduling" }] } },
        [
          'args.manager.tolerations[0].effect is not one of "NoSchedule", "PreferNoSchedule", "NoExecute"',
        ],
      ],
      [
        { featureGates: { KruiseDaemon: false, ImagePullJobGate: true } },
        [
          "args.featureGates.ImagePullJobGate is true while KruiseDaemon is false",
          "set KruiseDaemon back to true",
        ],
      ],
      [
        { featureGates: { NoSuchGate: true } },
        ["args.featureGates has unknown key(s) 'NoSuchGate'"],
      ],
      [
        { source: { version: "^1.8" } },
        ["args.source.version is not an exact chart version", "give an exact version"],
      ],
      [
        { source: { path: "/nonexistent/chart" } },
        ["args.source.path is not a chart", "Chart.yaml"],
      ],
      [
        { source: { path: KRUISE_CHART_DIR, version: "1.8.3" } },
        ["args.source.path is given together with repo/version"],
      ],
      [
        { source: { repo: "openkruise.github.io/charts" } },
        ["args.source.repo is not a chart repository URL"],
      ],
      [{ namespace: "Kruise" }, ['args.namespace ("Kruise") is not a namespace name']],
      [{ manager: { replicas: 0 } }, ["args.manager.replicas"]],
      [
        { imagePullSecrets: ["Bad_Name"] },
        ['args.imagePullSecrets[0] ("Bad_Name") is not a Secret name'],
      ],
      [
        { gitOps: true, featureGates: { TemplateNoDefaults: false } },
        ["args.featureGates.TemplateNoDefaults is false while gitOps is true"],
      ],
    ];
    for (const [args, fragments] of cases) {
      throwsWith(
        () => new kd.KruiseOperator("kruise", args as never),
        "KruiseOperator 'kruise': ",
        ...fragments,
      );
    }
    await settle();
    assert.deepStrictEqual(registered, []);
  });

  describe("args known only at deploy time", () => {
    const cases: [string, () => import("../../components").KruiseOperatorArgs, string][] = [
      [
        "a manager tag of another minor than the chart",
        () => ({ manager: { image: pulumi.output({ tag: "v1.9.0" }) } }),
        "KruiseOperator 'late': args.manager.image.tag (v1.9.0) is Kruise 1.9, but the chart installs the CRDs of Kruise 1.8.3",
      ],
      [
        "client limits with server templating",
        () => ({ templating: "server", manager: pulumi.output({ clientQps: 300 }) }),
        "KruiseOperator 'late': args.manager.clientQps is set with templating 'server'",
      ],
      [
        "a bad image pull secret",
        () => ({ imagePullSecrets: [pulumi.output("Registry_Creds")] }),
        `KruiseOperator 'late': args.imagePullSecrets[0] ("Registry_Creds") is not a Secret name`,
      ],
    ];
    for (const [what, args, fragment] of cases) {
      it(`${what}: checked by the same rules once known; no group, no chart`, async () => {
        const failures = await deployFailures(() => new kd.KruiseOperator("late", args()));
        const messages = [...new Set(failures.map((e) => (e as Error).message))];
        assert.ok(messages.length > 0, "the deployment fails");
        assert.ok(
          messages.every((m) => m.includes(fragment)),
          JSON.stringify(messages),
        );
        assert.ok(
          failures.every((e) => pulumi.ResourceError.isInstance(e)),
          "a ResourceError",
        );
        assert.deepStrictEqual(
          registered
            .filter((r) => r.type !== "kruise-devops:index:KruiseOperator")
            .map((r) => r.type),
          [],
          "no ConfigGroup or Chart is registered",
        );
      });
    }

    it("known, they give the chart values and Kruise version the plain args give", async () => {
      const args = {
        manager: { replicas: 3, image: { tag: "v1.8.2" }, logLevel: 2 },
        daemon: { socketLocation: "/run/containerd" },
        imagePullSecrets: ["registry-creds"],
        values: { webhookConfiguration: { timeoutSeconds: 10 } },
      };
      const plainOp = new kd.KruiseOperator("kruise", args);
      const plainValues = (await chartInputs()).values;
      resetRegistrations();
      const late = new kd.KruiseOperator("kruise", {
        manager: pulumi.output(args.manager),
        daemon: { socketLocation: pulumi.output("/run/containerd") },
        imagePullSecrets: pulumi.output(args.imagePullSecrets),
        values: pulumi.output(args.values),
      });
      const lateValues = (await chartInputs()).values;
      assert.deepStrictEqual(lateValues, plainValues);
      assert.strictEqual(lateValues.manager.replicas, 3);
      assert.deepStrictEqual(lateValues.imagePullSecrets, [{ name: "registry-creds" }]);
      assert.strictEqual(await valueOf(late.kruiseVersion), "v1.8.2");
      assert.strictEqual(await valueOf(plainOp.kruiseVersion), "v1.8.2");
    });
  });
});
