import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { KRUISE_CRDS, crdErrors } from "../support/crdSchema";
import { throwsWith } from "../support/expect";
import {
  mockedComponents,
  ofType,
  ofTypeCounted,
  registered,
  resetRegistrations,
  settle,
  valueOf,
} from "../support/mocks";

const kd = mockedComponents();

const CLONESET = "kubernetes:apps.kruise.io/v1alpha1:CloneSet";
const IMAGE = "ghcr.io/acme/web:1.4.2";

/** The CloneSets registered (`count` of them), each checked against the CRD. */
async function cloneSets(count = 1): Promise<any[]> {
  await settle();
  const all = ofTypeCounted(CLONESET, count).map((r) => r.inputs);
  for (const c of all)
    assert.deepStrictEqual(
      crdErrors(KRUISE_CRDS, c as { apiVersion: string; kind: string }),
      [],
      JSON.stringify(c),
    );
  return all;
}

describe("CloneSet under Pulumi mocks", () => {
  beforeEach(resetRegistrations);

  it("builds an in-place CloneSet from one image, every default explicit, valid against the CRD", async () => {
    const c = new kd.CloneSet("web", {
      image: IMAGE,
      ports: { http: 8080 },
      env: { LOG_LEVEL: "info" },
    });
    assert.strictEqual(await valueOf(c.name), "web");
    const [cs] = await cloneSets();
    const labels = {
      "app.kubernetes.io/managed-by": "pulumi",
      "app.kubernetes.io/part-of": "kruise-devops",
      "app.kubernetes.io/component": "cloneset",
      "kruise-devops.io/instance": "web",
    };
    assert.deepStrictEqual(cs.metadata, { name: "web", namespace: "default", labels });
    assert.deepStrictEqual(cs.spec.selector, { matchLabels: { "app.kubernetes.io/name": "web" } });
    assert.deepStrictEqual(cs.spec.template.metadata.labels, {
      ...labels,
      "app.kubernetes.io/name": "web",
    });
    assert.strictEqual(cs.spec.replicas, 1);
    assert.strictEqual(cs.spec.revisionHistoryLimit, 10);
    assert.deepStrictEqual(cs.spec.updateStrategy, {
      type: "InPlaceIfPossible",
      partition: 0,
      maxUnavailable: "20%",
      maxSurge: 0,
    });
    const [container] = cs.spec.template.spec.containers;
    assert.strictEqual(container.name, "web");
    assert.strictEqual(container.image, IMAGE);
    assert.deepStrictEqual(container.ports, [{ name: "http", containerPort: 8080 }]);
    assert.deepStrictEqual(container.env, [{ name: "LOG_LEVEL", value: "info" }]);
    const component = registered.find((r) => r.type === "kruise-devops:index:CloneSet")!;
    assert.deepStrictEqual(component.inputs, {});
    assert.strictEqual(ofType(CLONESET)[0].parent, component.urn);
  });

  it("sends nothing Kruise's webhook would drop: no empty lists, no paused: false", async () => {
    const c = new kd.CloneSet("bare", { image: "ghcr.io/acme/web:1.4.2" });
    await valueOf(c.name);
    await settle();
    const [cs] = ofType(CLONESET);
    const emptyLists: string[] = [];
    const walk = (v: unknown, at: string) => {
      if (Array.isArray(v)) {
        if (v.length === 0) emptyLists.push(at);
        v.forEach((x, i) => walk(x, `${at}[${i}]`));
      } else if (v !== null && typeof v === "object") {
        for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
      }
    };
    walk(cs.inputs.spec, "spec");
    assert.deepStrictEqual(emptyLists, []);
    assert.strictEqual("paused" in cs.inputs.spec.updateStrategy, false);
    const paused = new kd.CloneSet("held", {
      image: "ghcr.io/acme/web:1.4.2",
      updateStrategy: { paused: true },
    });
    await valueOf(paused.name);
    await settle();
    assert.strictEqual(ofType(CLONESET)[1].inputs.spec.updateStrategy.paused, true);
  });

  it("rolls out batch by batch with pre-download annotations", async () => {
    new kd.CloneSet("web", {
      image: IMAGE,
      replicas: 10,
      updateStrategy: { partitionPercent: 80, maxUnavailable: 2, gracePeriodSeconds: 10 },
      preDownload: { parallelism: 5, minUpdatedReadyPodsPercent: 10 },
    });
    const [cs] = await cloneSets();
    assert.deepStrictEqual(cs.metadata.annotations, {
      "apps.kruise.io/image-predownload-parallelism": "5",
      "apps.kruise.io/image-predownload-timeout-seconds": "300",
      "apps.kruise.io/image-predownload-min-updated-ready-pods": "10%",
    });
    assert.deepStrictEqual(cs.spec.updateStrategy, {
      type: "InPlaceIfPossible",
      partition: "80%",
      maxUnavailable: 2,
      maxSurge: 0,
      inPlaceUpdateStrategy: { gracePeriodSeconds: 10 },
    });
  });

  it("takes a kubernetesx pod spec (shorthand ports and env), Outputs included", async () => {
    new kd.CloneSet("api", {
      replicas: 4,
      podSpec: {
        containers: [
          { name: "api", image: pulumi.output(IMAGE), ports: { http: 80 } },
          { name: "proxy", image: "envoyproxy/envoy:v1.31.2", env: { MODE: "sidecar" } },
        ],
      },
      updateStrategy: { type: "InPlaceOnly", maxUnavailable: 1 },
    });
    const [cs] = await cloneSets();
    const containers = cs.spec.template.spec.containers;
    assert.deepStrictEqual(
      containers.map((c: any) => c.name),
      ["api", "proxy"],
    );
    assert.deepStrictEqual(containers[0].ports, [{ name: "http", containerPort: 80 }]);
    assert.deepStrictEqual(containers[1].env, [{ name: "MODE", value: "sidecar" }]);
    assert.strictEqual(cs.spec.updateStrategy.type, "InPlaceOnly");
  });

  it("checks a pod spec that holds Outputs once it resolves, before the CloneSet is sent", async () => {
    const c = new kd.CloneSet("api", {
      podSpec: { containers: [{ name: "api", image: pulumi.output("ghcr.io/acme/api") }] },
      updateStrategy: { maxUnavailable: 1 },
    });
    const failure = await new Promise<string>((resolve) => {
      // The CloneSet's spec never resolves; the component's apply throws a ResourceError.
      process.once("unhandledRejection", (e) => resolve(String((e as Error).message)));
      void valueOf(c.cloneSet.metadata);
    });
    assert.ok(
      failure.includes(
        "CloneSet 'api': args.podSpec.containers[0].image (\"ghcr.io/acme/api\") has no tag or digest",
      ),
      failure,
    );
  });

  it("rejects what Kruise's webhook rejects, and pre-download that would never run", async () => {
    const cases: [object, string[]][] = [
      [
        { image: IMAGE, updateStrategy: { type: "OnDelete" } },
        [
          'args.updateStrategy.type ("OnDelete") is not an update type',
          "\"must be 'ReCreate', InPlaceIfPossible or 'InPlaceOnly'\"",
          "OnDelete is rejected since 1.9",
        ],
      ],
      [
        { image: IMAGE, replicas: 5, updateStrategy: { type: "InPlaceOnly", maxSurge: 1 } },
        [
          "args.updateStrategy.maxSurge (1) is set with type InPlaceOnly",
          '"can not use maxSurge with strategy type InPlaceOnly"',
        ],
      ],
      [
        { image: IMAGE, replicas: 5, updateStrategy: { maxUnavailable: 0, maxSurge: 0 } },
        [
          "args.updateStrategy.maxUnavailable (0) and maxSurge (0) are both below 1 Pod of 5",
          '"maxUnavailable and maxSurge should not both be less than 1"',
        ],
      ],
      [
        { image: IMAGE, updateStrategy: { partition: "5%" } },
        [
          'args.updateStrategy.partition ("5%") is not a whole number between 0 and 2147483647',
          "give a whole number ≥ 0 such as 2, or partitionPercent for a percentage",
        ],
      ],
      [
        { image: IMAGE, updateStrategy: { partition: -1 } },
        ["args.updateStrategy.partition (-1) is not a whole number between 0 and 2147483647"],
      ],
      [
        { image: IMAGE, replicas: 10, updateStrategy: { type: "ReCreate" }, preDownload: {} },
        ["args.preDownload would never run: the update type is ReCreate"],
      ],
      [
        { image: IMAGE, replicas: 3, preDownload: {} },
        ["args.preDownload would never run: replicas (3) is 3 or fewer"],
      ],
      [
        {
          image: IMAGE,
          replicas: 5,
          updateStrategy: { maxUnavailablePercent: 100 },
          preDownload: {},
        },
        ["args.preDownload would never run: every Pod is updated in one batch"],
      ],
      [
        { image: IMAGE, replicas: 10, preDownload: { parallelism: 0 } },
        ["args.preDownload.parallelism must be ≥ 1"],
      ],
      [{ image: "ghcr.io/acme/web" }, ['args.image ("ghcr.io/acme/web") has no tag or digest']],
      [
        { image: "ghcr.io/acme/web:latest" },
        ["args.image (\"ghcr.io/acme/web:latest\") is tagged ':latest'"],
      ],
      [
        { image: "ghcr.io/Acme/web:1" },
        ['args.image ("ghcr.io/Acme/web:1") is not a valid image reference'],
      ],
      [{}, ["args has neither image nor podSpec"]],
      [{ image: IMAGE, podSpec: { containers: [] } }, ["args has both image and podSpec"]],
      [
        { podSpec: { containers: [{ image: IMAGE }] } },
        ["args.podSpec.containers[0].name (undefined) is not a container name"],
      ],
      [
        {
          podSpec: {
            containers: [
              { name: "a", image: IMAGE },
              { name: "a", image: IMAGE },
            ],
          },
        },
        ['args.podSpec.containers[1].name ("a") repeats another container\'s name'],
      ],
      [
        { podSpec: { containers: [{ name: "a", image: IMAGE }], restartPolicy: "Never" } },
        ['args.podSpec.restartPolicy ("Never") is not Always'],
      ],
      [
        { podSpec: { containers: [{ name: "a", image: IMAGE }], activeDeadlineSeconds: 5 } },
        ['"activeDeadlineSeconds in cloneset is not Supported"'],
      ],
      [
        { podSpec: { containers: [{ name: "a", image: IMAGE }] }, ports: { http: 80 } },
        ["args.podSpec is given with ports/env/resources"],
      ],
      [{ image: IMAGE, selectorLabels: { "bad key!": "x" } }, ["args.selectorLabels"]],
      [
        { image: IMAGE, resources: { requests: { cpu: "1 core" }, limits: { memory: "-1Gi" } } },
        [
          'args.resources.requests.cpu ("1 core") is not a quantity',
          'args.resources.limits.memory ("-1Gi") is negative',
        ],
      ],
      [
        { image: IMAGE, resources: { requests: { memory: "1Gi" }, limits: { memory: "512Mi" } } },
        [
          'args.resources.requests.memory ("1Gi") is above its limit ("512Mi") — Kubernetes: a container\'s request must be less than or equal to its limit',
        ],
      ],
      [
        { image: IMAGE, selectorLabels: {} },
        ["args.selectorLabels is empty", "empty selector is invalid for cloneset"],
      ],
      [
        { image: IMAGE, ports: { HTTP: 8080 } },
        [
          'args.ports.HTTP names a port "HTTP", which must contain only alpha-numeric',
          "IsValidPortName",
        ],
      ],
      [
        { image: IMAGE, ports: { "metrics-port-9090": 9090 } },
        ['args.ports["metrics-port-9090"]', "must be no more than 15 characters"],
      ],
      [
        { image: IMAGE, env: { "A=B": "x" } },
        ['args.env["A=B"] names a variable "A=B"', "other than '='"],
      ],
    ];
    for (const [args, fragments] of cases) {
      throwsWith(() => new kd.CloneSet("web", args as never), "CloneSet 'web': ", ...fragments);
    }
    throwsWith(
      () => new kd.CloneSet("Web App", { image: IMAGE }),
      "CloneSet 'Web App': args.name (\"Web App\") is not a CloneSet name",
    );
    await settle();
    assert.deepStrictEqual(registered, []);
  });

  it("follows the Kruise that is installed: 1.8 takes whole-number percentages for maxUnavailable and maxSurge", async () => {
    const fractional = { maxUnavailablePercent: 12.5, maxSurgePercent: 0.5 };
    throwsWith(
      () => new kd.CloneSet("web", { image: IMAGE, updateStrategy: fractional }),
      `CloneSet 'web': args.updateStrategy.maxUnavailablePercent (12.5) is not a whole number — Kruise 1.8.3's CloneSet webhook reads maxUnavailable with intstr.GetValueFromIntOrPercent`,
      `args.updateStrategy.maxSurgePercent (0.5) is not a whole number`,
      "give a whole maxUnavailablePercent such as 20, or set kruiseVersion if the cluster runs Kruise 1.9 or later",
    );
    // Kruise 1.9 reads percentages with Go's ParseFloat: fractions are fine.
    new kd.CloneSet("web19", { image: IMAGE, updateStrategy: fractional, kruiseVersion: "1.9.1" });
    await settle();
    const written = ofType(CLONESET).map((r) => r.inputs.spec.updateStrategy);
    assert.strictEqual(written.length, 1);
    assert.strictEqual(written[0].maxUnavailable, "12.5%");
    assert.strictEqual(written[0].maxSurge, "0.5%");
  });

  it("takes each int-or-percent as a count or a percentage, never both", async () => {
    throwsWith(
      () =>
        new kd.CloneSet("web", {
          image: IMAGE,
          updateStrategy: { partition: 2, partitionPercent: 20 },
          preDownload: { minUpdatedReadyPods: 1, minUpdatedReadyPodsPercent: 10 },
          replicas: 10,
        }),
      "CloneSet 'web': args.updateStrategy.partitionPercent (20) is given with partition (2) — both set spec.updateStrategy.partition, which is a count or a percentage; give partition (a count) or partitionPercent (a percentage), not both",
      "args.preDownload.minUpdatedReadyPodsPercent (10) is given with minUpdatedReadyPods (1)",
    );
    throwsWith(
      () => new kd.CloneSet("web", { image: IMAGE, updateStrategy: { maxSurgePercent: 150 } }),
      "CloneSet 'web': args.updateStrategy.maxSurgePercent (150) is not a percentage between 0 and 100",
    );
    await settle();
    assert.deepStrictEqual(registered, []);
  });

  it("replaces the CloneSet when its selector changes, which Kruise's webhook forbids as an update", async () => {
    new kd.CloneSet("web", { image: IMAGE });
    await settle();
    const sets = ofType(CLONESET);
    assert.strictEqual(sets.length, 1);
    assert.deepStrictEqual(sets[0].replaceOnChanges, ["spec.selector"]);
  });
});
