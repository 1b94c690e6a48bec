/**
 * The testing kit itself (policy/testing/): the pack config read as the Pulumi CLI reads it
 * (tables ported from pulumi/pulumi pkg/resource/analyzer/config_test.go at v3.276.0), and
 * `runPolicies`' contract — the program's errors, values that resolve later, secrets, stack
 * config, and no global state left behind.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { BaseImageWarm, KruiseOperator, RegistryCredentials } from "kruise-devops";
import { projectStack, runPolicies, stackConfigFromFile } from "kruise-devops/testing";
import {
  PolicyConfigEntry,
  PolicyInfo,
  parsePolicyPackConfig,
  reconcilePolicyPackConfig,
  resolvePolicyConfig,
} from "../../policy/testing/packConfig";
import { policies } from "../../policy/policies";
import { typeToken, withProviderChildren } from "../../policy/testing/providerChildren";
import { installMocks, registered, resetRegistrations, settle } from "../support/mocks";

const plainOf = (m: Map<string, PolicyConfigEntry>) => Object.fromEntries(m);

describe("kruise-devops/testing: the pack config, as the Pulumi CLI reads it", () => {
  // TestParsePolicyPackConfigSuccess (`success` and its own cases; "" and blanks: no config).
  const success: [string, Record<string, PolicyConfigEntry>][] = [
    [`{}`, {}],
    [`{"foo":{"enforcementLevel":"advisory"}}`, { foo: { enforcementLevel: "advisory" } }],
    [`{"foo":{"enforcementLevel":"mandatory"}}`, { foo: { enforcementLevel: "mandatory" } }],
    [
      `{"foo":{"enforcementLevel":"advisory","bar":"blah"}}`,
      { foo: { enforcementLevel: "advisory", properties: { bar: "blah" } } },
    ],
    [`{"foo":{}}`, {}],
    [`{"foo":{"bar":"blah"}}`, { foo: { properties: { bar: "blah" } } }],
    [
      `{"policy1":{"foo":"one"},"policy2":{"foo":"two"}}`,
      { policy1: { properties: { foo: "one" } }, policy2: { properties: { foo: "two" } } },
    ],
    [`{"foo":"advisory"}`, { foo: { enforcementLevel: "advisory" } }],
    [`{"foo":"mandatory"}`, { foo: { enforcementLevel: "mandatory" } }],
    [
      `{"all":"mandatory","policy1":{"foo":"one"},"policy2":{"foo":"two"}}`,
      {
        all: { enforcementLevel: "mandatory" },
        policy1: { properties: { foo: "one" } },
        policy2: { properties: { foo: "two" } },
      },
    ],
    // TestParsePolicyPackConfigV2
    [`{"version":2,"policies":{"foo":"mandatory"}}`, { foo: { enforcementLevel: "mandatory" } }],
  ];
  for (const [json, expected] of success) {
    it(`parses ${json}`, () => {
      assert.deepStrictEqual(plainOf(parsePolicyPackConfig(JSON.parse(json))), expected);
    });
  }

  // TestParsePolicyPackConfigFail (less the `undefined` cases, which are no JSON) and
  // TestParsePolicyPackConfigVersionErrors.
  const fail = [
    `{"foo":[]}`,
    `{"foo":null}`,
    `{"foo":0}`,
    `{"foo":true}`,
    `{"foo":false}`,
    `{"foo":""}`,
    `{"foo":"bar"}`,
    `{"foo":{"enforcementLevel":[]}}`,
    `{"foo":{"enforcementLevel":null}}`,
    `{"foo":{"enforcementLevel":0}}`,
    `{"foo":{"enforcementLevel":true}}`,
    `{"foo":{"enforcementLevel":false}}`,
    `{"foo":{"enforcementLevel":{}}}`,
    `{"foo":{"enforcementLevel":""}}`,
    `{"foo":{"enforcementLevel":"bar"}}`,
    `{"version":1,"policies":{}}`,
    `{"version":3,"policies":{}}`,
  ];
  for (const json of fail) {
    it(`refuses ${json}, naming where and the fix`, () => {
      assert.throws(
        () => parsePolicyPackConfig(JSON.parse(json)),
        (e: Error) => /^kruise-devops\/testing: policyConfig\S* .+ — .+; .+/.test(e.message),
      );
    });
  }

  // TestReconcilePolicyPackConfigSuccess (its first cases).
  const reconcile: [string, PolicyInfo[], string, Record<string, PolicyConfigEntry>][] = [
    [
      "Default enforcement level used",
      [{ name: "policy", enforcementLevel: "mandatory" }],
      `{}`,
      { policy: { enforcementLevel: "mandatory" } },
    ],
    [
      "Specified enforcement level used",
      [{ name: "policy", enforcementLevel: "mandatory" }],
      `{"policy":"advisory"}`,
      { policy: { enforcementLevel: "advisory" } },
    ],
    [
      "Enforcement level from 'all' used",
      [{ name: "policy", enforcementLevel: "disabled" }],
      `{"all":"mandatory"}`,
      { all: { enforcementLevel: "mandatory" }, policy: { enforcementLevel: "mandatory" } },
    ],
    [
      "Enforcement level from 'all' used with multiple policies",
      [
        { name: "policy-one", enforcementLevel: "advisory" },
        { name: "policy-two", enforcementLevel: "mandatory" },
      ],
      `{"all":"disabled"}`,
      {
        all: { enforcementLevel: "disabled" },
        "policy-one": { enforcementLevel: "disabled" },
        "policy-two": { enforcementLevel: "disabled" },
      },
    ],
    [
      "Specified config enforcement level used even if 'all' is present",
      [{ name: "policy", enforcementLevel: "disabled" }],
      `{"all":"mandatory","policy":"advisory"}`,
      { all: { enforcementLevel: "mandatory" }, policy: { enforcementLevel: "advisory" } },
    ],
    [
      "Default string value specified in schema used",
      [
        {
          name: "policy",
          enforcementLevel: "advisory",
          configSchema: { properties: { foo: { type: "string", default: "bar" } } },
        },
      ],
      `{}`,
      { policy: { enforcementLevel: "advisory", properties: { foo: "bar" } } },
    ],
    [
      "type: null",
      [
        {
          name: "policy",
          enforcementLevel: "advisory",
          configSchema: { properties: { foo: { type: "null" } } },
        },
      ],
      `{"policy":{"enforcementLevel":"advisory","foo":null}}`,
      { policy: { enforcementLevel: "advisory", properties: { foo: null } } },
    ],
  ];
  for (const [name, infos, json, expected] of reconcile) {
    it(`reconciles: ${name}`, () => {
      assert.deepStrictEqual(
        plainOf(reconcilePolicyPackConfig(infos, parsePolicyPackConfig(JSON.parse(json)))),
        expected,
      );
    });
  }

  it("refuses properties the policy's configSchema refuses (TestReconcilePolicyPackConfigValidationErrors)", () => {
    assert.throws(
      () =>
        resolvePolicyConfig(policies, {
          "registry-egress-budget": { registryEgressBudgetMiBps: "lots" },
        }),
      /policyConfig\["registry-egress-budget"\] does not match the policy's configSchema \(\/registryEgressBudgetMiBps must be number\) — the Pulumi CLI refuses it/,
    );
    assert.throws(
      () =>
        resolvePolicyConfig(policies, {
          "no-secret-data-in-configmaps-or-annotations": { allowedKeys: "a" },
        }),
      /\/allowedKeys must be array/,
    );
  });

  it("refuses a policy name the pack has not, listing the names it has (stricter than the CLI)", () => {
    assert.throws(
      () => resolvePolicyConfig(policies, { "pinned-image": "advisory" }),
      /policyConfig\["pinned-image"\] names no policy of the pack — .*; use one of all, argocd-tls, .*pinned-images/,
    );
  });
});

describe("kruise-devops/testing: runPolicies", function () {
  this.timeout(60_000);

  it("rejects with the component's own error when the program throws", async () => {
    await assert.rejects(
      runPolicies(() => new BaseImageWarm("base", { images: ["nginx:latest"] })),
      /^Error: BaseImageWarm 'base': args\.images\[0\] \("nginx:latest"\) is tagged ':latest' — /,
    );
  });

  it("rejects with the error of a value that fails at apply, and leaves the runner's listeners as they were", async () => {
    const before = process.listeners("unhandledRejection");
    await assert.rejects(
      runPolicies(
        () =>
          new RegistryCredentials("reg", {
            registry: "ghcr.io",
            username: pulumi.output("svc:bot"),
            password: pulumi.secret("token"),
          }),
      ),
      /RegistryCredentials 'reg': args\.username contains ':'/,
    );
    assert.deepStrictEqual(process.listeners("unhandledRejection"), before);
  });

  it("hands the program its stack config and secrets, under the project's namespace", async () => {
    const { resources } = await runPolicies(
      () => {
        const c = new pulumi.Config();
        new k8s.core.v1.ConfigMap("cm", {
          metadata: { namespace: c.require("ns") },
          data: {
            replicas: String(c.requireNumber("replicas")),
            tier: c.requireObject<{ t: string }>("tier").t,
          },
        });
        new k8s.core.v1.Secret("s", { stringData: { token: c.requireSecret("token") } });
      },
      {
        project: "shop",
        config: { ns: "web", "shop:replicas": 3, tier: { t: "gold" }, token: "s3cr3t" },
        secretKeys: ["token"],
      },
    );
    const cm = resources.find((r) => r.name === "cm")!;
    assert.deepStrictEqual(cm.props.data, { replicas: "3", tier: "gold" });
    assert.deepStrictEqual((cm.props.metadata as { namespace: string }).namespace, "web");
    const secret = resources.find((r) => r.name === "s")!;
    assert.deepStrictEqual(
      secret.props.stringData,
      { token: "s3cr3t" },
      "secrets unwrapped, as the SDK does",
    );
  });

  it("reads a stack file's config, secure values as secrets", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kd-kit-"));
    const file = path.join(dir, "Pulumi.dev.yaml");
    fs.writeFileSync(
      file,
      [
        "config:",
        "  shop:ns: web",
        "  shop:rollout:",
        "    replicas: 3",
        "  shop:token:",
        "    secure: v1:abc",
        "  shop:other:",
        "    secure: v1:def",
      ].join("\n"),
    );
    assert.deepStrictEqual(stackConfigFromFile(file, { "shop:token": "given" }), {
      config: {
        "shop:ns": "web",
        "shop:rollout": `{"replicas":3}`,
        "shop:token": "given",
        "shop:other": "test-secret-for-shop:other",
      },
      secretKeys: ["shop:token", "shop:other"],
    });
  });

  it("reads a project's stack: the project's name from Pulumi.yaml, the config from Pulumi.<stack>.yaml", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kd-kit-"));
    assert.throws(() => projectStack(dir, "dev"), /no Pulumi.yaml with a name there — /);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: shop\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n  shop:ns: web\n");
    assert.deepStrictEqual(projectStack(dir, "dev"), {
      project: "shop",
      stack: "dev",
      config: { "shop:ns": "web" },
      secretKeys: [],
    });
  });

  it("leaves the global mocks, config and stack of the test around it untouched, and overlapping runs apart", async () => {
    installMocks();
    resetRegistrations();
    pulumi.runtime.setAllConfig({ "kruise-devops:who": "outer" }, []);
    const outerStack = (globalThis as { stackResource?: unknown }).stackResource;
    const program = (n: number) => () => {
      for (let i = 0; i < n; i++) {
        new k8s.core.v1.ConfigMap(`cm-${n}-${i}`, { data: { i: String(i) } });
      }
    };
    const [a, b] = await Promise.all([runPolicies(program(2)), runPolicies(program(3))]);
    assert.deepStrictEqual(
      a.resources.map((r) => r.name),
      ["cm-2-0", "cm-2-1"],
    );
    assert.deepStrictEqual(
      b.resources.map((r) => r.name),
      ["cm-3-0", "cm-3-1", "cm-3-2"],
    );
    assert.strictEqual(registered.length, 0, "nothing reached the outer mocks");
    assert.strictEqual((globalThis as { stackResource?: unknown }).stackResource, outerStack);
    assert.strictEqual(new pulumi.Config("kruise-devops").get("who"), "outer");
    new k8s.core.v1.ConfigMap("outer", { data: {} });
    await settle();
    assert.deepStrictEqual(
      registered.map((r) => r.name),
      ["outer"],
      "the outer mocks still answer",
    );
    pulumi.runtime.setAllConfig({}, []);
    resetRegistrations();
  });
});

describe("kruise-devops/testing: a ConfigGroup's objects, as the provider registers them", () => {
  const group = (props: Record<string, unknown>, name = "g") => ({
    type: "kubernetes:yaml/v2:ConfigGroup",
    name,
    urn: `urn:pulumi:test::p::pulumi:pulumi:Stack$kruise-devops:index:X$kubernetes:yaml/v2:ConfigGroup::${name}`,
    props,
  });
  const cm = (name: string, namespace?: string) => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, ...(namespace ? { namespace } : {}) },
  });

  it("types objects by group/version (core for the core group)", () => {
    assert.strictEqual(typeToken("v1", "Secret"), "kubernetes:core/v1:Secret");
    assert.strictEqual(typeToken("apps/v1", "Deployment"), "kubernetes:apps/v1:Deployment");
    assert.strictEqual(
      typeToken("apps.kruise.io/v1alpha1", "ImagePullJob"),
      "kubernetes:apps.kruise.io/v1alpha1:ImagePullJob",
    );
  });

  it("names each `<prefix>:<namespace>/<name>`, the group's name when no prefix is given, none for an empty one", () => {
    const names = (props: Record<string, unknown>) =>
      withProviderChildren([group(props)]).map((t) => t.name);
    assert.deepStrictEqual(names({ objs: [cm("a", "ns"), cm("b")] }), ["g", "g:ns/a", "g:b"]);
    assert.deepStrictEqual(names({ objs: [cm("a", "ns")], resourcePrefix: "kruise" }), [
      "g",
      "kruise:ns/a",
    ]);
    assert.deepStrictEqual(names({ objs: [cm("a", "ns")], resourcePrefix: "" }), ["g", "ns/a"]);
    assert.deepStrictEqual(
      names({
        yaml: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: y}\n---\n",
        objs: [{ apiVersion: "v1", kind: "ConfigMapList", items: [cm("i1"), cm("i2")] }],
      }),
      ["g", "g:i1", "g:i2", "g:y"],
    );
    const [, child] = withProviderChildren([group({ objs: [cm("a", "ns")] })]);
    assert.strictEqual(
      child.urn,
      "urn:pulumi:test::p::pulumi:pulumi:Stack$kruise-devops:index:X$kubernetes:yaml/v2:ConfigGroup$kubernetes:core/v1:ConfigMap::g:ns/a",
    );
  });

  it("lets the rules see a client-templated chart's objects (what `kubernetes:helm:template` returns)", async () => {
    const manager = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "kruise-controller-manager", namespace: "kruise-system" },
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: "manager",
                image: "openkruise/kruise-manager:v1.8.3",
                args: ["--feature-gates=ImagePullJobGate=false"],
              },
            ],
          },
        },
      },
    };
    const program = () => {
      new KruiseOperator("kruise", {});
      new BaseImageWarm("base", { images: ["docker.io/library/nginx:1.27.3"] });
    };
    const rendered = await runPolicies(program, {
      mocks: {
        call: (a) => (a.token === "kubernetes:helm:template" ? { result: [manager] } : a.inputs),
      },
    });
    assert.deepStrictEqual(
      rendered.violations.map((v) => [v.policy, v.resourceType, v.resourceName]),
      [
        [
          "kruise-feature-gates",
          "kubernetes:apps/v1:Deployment",
          "kruise-chart:kruise-system/kruise-controller-manager",
        ],
      ],
    );
    const none = await runPolicies(program);
    assert.ok(
      none.notApplicable.some((n) => n.policy === "kruise-feature-gates"),
      "by default the template renders nothing: no install to check",
    );
  });
});
