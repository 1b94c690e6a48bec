import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwsWith } from "../support/expect";
import type { PipelineServiceAccountArgs } from "../../components";
import {
  deployFailures,
  mockedComponents,
  ofType,
  ofTypeCounted,
  Registered,
  registered,
  resetRegistrations,
  settle,
  valueOf,
} from "../support/mocks";
import { assertHeldOnlyBy, failureOf, managedLabels, only } from "./helpers";

const kd = mockedComponents();

const COMPONENT = "kruise-devops:index:PipelineServiceAccount";
const SA = "kubernetes:core/v1:ServiceAccount";
const ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role";
const BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";
const SECRET = "kubernetes:core/v1:Secret";
const NAMESPACE = "kubernetes:core/v1:Namespace";
const RBAC = "rbac.authorization.k8s.io";
const REGISTRY_PASSWORD = "registry-pa55word";
const GIT_TOKEN = "ghp_pipelineTOKEN123";

const IPJ = {
  apiGroups: ["apps.kruise.io"],
  resources: ["imagepulljobs"],
  verbs: ["create", "get", "list", "watch"],
};
/** What the deploy steps' kubectl commands send: a Deployment is watched, a CloneSet polled. */
const DEPLOYMENT_VERBS = ["get", "list", "patch", "watch"];
const CLONESET_VERBS = ["get", "patch"];
const LABELS = (instance = "pipeline") => managedLabels("pipelineserviceaccount", instance);

function named(type: string, name: string): Registered {
  const found = registered.filter((r) => r.type === type && r.name === name);
  assert.strictEqual(found.length, 1, `${type} ${name}: ${found.length} registrations`);
  return found[0];
}

/** Waits for the component's objects to be registered. */
async function done(c: { serviceAccountName: pulumi.Output<string> }): Promise<void> {
  await valueOf(c.serviceAccountName);
  await settle();
}

/** Everything RBAC-related registered (`roles` Roles, a binding each) must stay namespaced and narrow. */
function assertLeastPrivilege(roles: number): void {
  const types = new Set(registered.map((r) => r.type));
  for (const t of types) assert.ok(!/ClusterRole/.test(t), `registered ${t}`);
  for (const role of ofTypeCounted(ROLE, roles)) {
    assert.ok(role.inputs.metadata.namespace, `${role.name} has a namespace`);
    for (const rule of role.inputs.rules as Record<string, string[]>[]) {
      const all = [
        ...rule.apiGroups,
        ...rule.resources,
        ...(rule.resourceNames ?? []),
        ...rule.verbs,
      ];
      for (const bad of ["*", "secrets", "nodes", "roles", "rolebindings", "clusterroles"])
        assert.ok(!all.includes(bad), `${role.name} mentions ${bad}: ${JSON.stringify(rule)}`);
      for (const verb of ["bind", "escalate", "impersonate", "deletecollection", "update"])
        assert.ok(!rule.verbs.includes(verb), `${role.name} grants ${verb}`);
      assert.ok(rule.nonResourceURLs === undefined);
      if (rule.resources.includes("imagepulljobs")) assert.deepStrictEqual(rule, IPJ);
      else {
        assert.deepStrictEqual(
          rule.verbs,
          rule.resources.includes("clonesets") ? CLONESET_VERBS : DEPLOYMENT_VERBS,
        );
        assert.ok(rule.resourceNames.length > 0, `${role.name}: workload rule without names`);
      }
    }
  }
  for (const b of ofTypeCounted(BINDING, roles)) {
    assert.strictEqual(b.inputs.roleRef.kind, "Role");
    assert.strictEqual(b.inputs.roleRef.apiGroup, RBAC);
    for (const s of b.inputs.subjects) assert.strictEqual(s.kind, "ServiceAccount");
  }
}

describe("PipelineServiceAccount", () => {
  beforeEach(resetRegistrations);

  it("links credentials (components and names) and imagePullSecrets; warm gets one ImagePullJob rule", async () => {
    const registry = new kd.RegistryCredentials("registry-creds", {
      registry: "ghcr.io",
      username: "octocat",
      password: pulumi.secret(REGISTRY_PASSWORD),
      namespace: "ci",
    });
    const git = new kd.GitCredentials("git-creds", {
      host: "github.com",
      basicAuth: { username: "octocat", password: pulumi.secret(GIT_TOKEN) },
      namespace: "ci",
    });
    const c = new kd.PipelineServiceAccount("pipeline", {
      namespace: "ci",
      credentials: [registry, git, { secretName: "extra-creds" }],
      imagePullSecrets: ["step-images"],
    });
    assert.strictEqual(await valueOf(c.serviceAccountName), "pipeline");
    assert.strictEqual(await valueOf(c.namespace), "ci");
    await settle();
    const sa = only(SA);
    assert.deepStrictEqual(sa.inputs, {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "pipeline", namespace: "ci", labels: LABELS() },
      secrets: [{ name: "registry-creds" }, { name: "git-creds" }, { name: "extra-creds" }],
      imagePullSecrets: [{ name: "step-images" }],
    });
    // The ServiceAccount waits for the Secrets it links.
    const secretUrns = ofType(SECRET).map((s) => s.urn);
    assert.strictEqual(secretUrns.length, 2);
    for (const urn of secretUrns) assert.ok(sa.dependencies.includes(urn), urn);
    assert.deepStrictEqual(only(ROLE).inputs, {
      apiVersion: `${RBAC}/v1`,
      kind: "Role",
      metadata: { name: "pipeline", namespace: "ci", labels: LABELS() },
      rules: [IPJ],
    });
    assert.deepStrictEqual(only(BINDING).inputs, {
      apiVersion: `${RBAC}/v1`,
      kind: "RoleBinding",
      metadata: { name: "pipeline", namespace: "ci", labels: LABELS() },
      roleRef: { apiGroup: RBAC, kind: "Role", name: "pipeline" },
      subjects: [{ kind: "ServiceAccount", name: "pipeline", namespace: "ci" }],
    });
    assert.deepStrictEqual(only(COMPONENT).inputs, {});
    assert.deepStrictEqual([...c.rules], [["ci", [IPJ]]]);
    assert.deepStrictEqual(c.grants, { ci: [IPJ] });
    // Linking credentials copies no credential out of its Secret.
    const [registrySecret, gitSecret] = ["registry-creds-secret", "git-creds-secret"].map((n) =>
      named(SECRET, n),
    );
    assertHeldOnlyBy(registrySecret, [REGISTRY_PASSWORD]);
    assertHeldOnlyBy(gitSecret, [GIT_TOKEN]);
    assertLeastPrivilege(1);
  });

  it("defaults: namespace 'default', the component's name, no secrets, no imagePullSecrets", async () => {
    const c = new kd.PipelineServiceAccount("pipeline", {});
    await done(c);
    assert.deepStrictEqual(only(SA).inputs, {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "pipeline", namespace: "default", labels: LABELS() },
      secrets: [],
      imagePullSecrets: [],
    });
    assert.deepStrictEqual(only(ROLE).inputs.rules, [IPJ]);
    assert.strictEqual(only(ROLE).inputs.metadata.namespace, "default");
  });

  it("a Deployment in the same namespace adds a rule on its name to the one Role", async () => {
    const c = new kd.PipelineServiceAccount("pipeline", {
      namespace: "ci",
      deploys: [{ kind: "Deployment", name: "web" }],
    });
    await done(c);
    assert.strictEqual(ofType(ROLE).length, 1);
    assert.strictEqual(ofType(BINDING).length, 1);
    assert.deepStrictEqual(only(ROLE).inputs.rules, [
      IPJ,
      {
        apiGroups: ["apps"],
        resources: ["deployments"],
        resourceNames: ["web"],
        verbs: DEPLOYMENT_VERBS,
      },
    ]);
    assertLeastPrivilege(1);
  });

  it("a CloneSet in another namespace gets its own Role and RoleBinding there, bound to the SA in its own namespace", async () => {
    const c = new kd.PipelineServiceAccount("pipeline", {
      namespace: "ci",
      serviceAccountName: "builder",
      deploys: [{ kind: "CloneSet", name: "cart", namespace: "shop" }],
    });
    await done(c);
    assert.deepStrictEqual(
      ofType(ROLE)
        .map((r) => r.name)
        .sort(),
      ["pipeline-role-ci", "pipeline-role-shop"],
    );
    assert.deepStrictEqual(named(ROLE, "pipeline-role-ci").inputs.rules, [IPJ]);
    assert.strictEqual(named(ROLE, "pipeline-role-ci").inputs.metadata.name, "builder");
    assert.deepStrictEqual(named(ROLE, "pipeline-role-shop").inputs, {
      apiVersion: `${RBAC}/v1`,
      kind: "Role",
      metadata: { name: "ci.builder", namespace: "shop", labels: LABELS() },
      rules: [
        {
          apiGroups: ["apps.kruise.io"],
          resources: ["clonesets"],
          resourceNames: ["cart"],
          verbs: CLONESET_VERBS,
        },
      ],
    });
    const binding = named(BINDING, "pipeline-binding-shop");
    assert.deepStrictEqual(binding.inputs, {
      apiVersion: `${RBAC}/v1`,
      kind: "RoleBinding",
      metadata: { name: "ci.builder", namespace: "shop", labels: LABELS() },
      roleRef: { apiGroup: RBAC, kind: "Role", name: "ci.builder" },
      subjects: [{ kind: "ServiceAccount", name: "builder", namespace: "ci" }],
    });
    assert.ok(binding.dependencies.includes(named(ROLE, "pipeline-role-shop").urn));
    assert.deepStrictEqual(named(BINDING, "pipeline-binding-ci").inputs.subjects, [
      { kind: "ServiceAccount", name: "builder", namespace: "ci" },
    ]);
    assertLeastPrivilege(2);
  });

  it("warm: false with deploys elsewhere only makes no Role in its own namespace", async () => {
    const c = new kd.PipelineServiceAccount("pipeline", {
      namespace: "ci",
      warm: false,
      deploys: [
        { kind: "Deployment", name: "web", namespace: "shop" },
        { kind: "Deployment", name: "api", namespace: "shop" },
      ],
    });
    await done(c);
    assert.deepStrictEqual(
      ofType(ROLE).map((r) => [r.inputs.metadata.namespace, r.inputs.rules]),
      [
        [
          "shop",
          [
            {
              apiGroups: ["apps"],
              resources: ["deployments"],
              resourceNames: ["api", "web"],
              verbs: DEPLOYMENT_VERBS,
            },
          ],
        ],
      ],
    );
    assert.deepStrictEqual(
      ofType(BINDING).map((b) => b.inputs.metadata.namespace),
      ["shop"],
    );
  });

  it("never registers cluster-scoped RBAC nor any broad rule, whatever the mix of deploys", async () => {
    const a = new kd.PipelineServiceAccount("wide", {
      namespace: "ci",
      deploys: [
        { kind: "Deployment", name: "web" },
        { kind: "CloneSet", name: "web", namespace: "shop" },
        { kind: "Deployment", name: "admin", namespace: "backoffice" },
        { kind: "CloneSet", name: "cart", namespace: "shop" },
      ],
      credentials: [{ secretName: "git-creds" }],
      imagePullSecrets: ["pull"],
    });
    const b = new kd.PipelineServiceAccount("deploy-only", {
      namespace: "ci",
      warm: false,
      deploys: [{ kind: "CloneSet", name: "web", namespace: "ci" }],
    });
    await done(a);
    await done(b);
    assertLeastPrivilege(4);
    // Each Role has exactly one binding, same name and namespace, referring to it.
    for (const role of ofType(ROLE)) {
      const { name, namespace } = role.inputs.metadata;
      const bindings = ofType(BINDING).filter(
        (b) => b.inputs.metadata.namespace === namespace && b.inputs.roleRef.name === name,
      );
      assert.strictEqual(bindings.length, 1, `${namespace}/${name}`);
      assert.strictEqual(bindings[0].inputs.metadata.name, name);
    }
  });

  it("parents every child on the component and hands each the component's dependsOn", async () => {
    const dep = new k8s.core.v1.Namespace("ci-ns", { metadata: { name: "ci" } });
    const c = new kd.PipelineServiceAccount(
      "pipeline",
      {
        namespace: "ci",
        credentials: [{ secretName: "git-creds" }],
        deploys: [{ kind: "CloneSet", name: "cart", namespace: "shop" }],
      },
      { dependsOn: [dep] },
    );
    await done(c);
    const component = only(COMPONENT);
    const depUrn = only(NAMESPACE).urn;
    const children = registered.filter((r) => r.type !== COMPONENT && r.type !== NAMESPACE);
    assert.deepStrictEqual(
      children.map((r) => r.type).sort(),
      [SA, ROLE, ROLE, BINDING, BINDING].sort(),
    );
    for (const child of children) {
      assert.strictEqual(child.parent, component.urn, child.name);
      assert.ok(child.dependencies.includes(depUrn), `${child.name} waits for the namespace`);
    }
  });

  it("a credential from another namespace fails the deployment, registering no ServiceAccount", async () => {
    const registry = new kd.RegistryCredentials("registry-creds", {
      registry: "ghcr.io",
      username: "octocat",
      password: pulumi.secret(REGISTRY_PASSWORD),
      namespace: "other",
    });
    const c = new kd.PipelineServiceAccount("pipeline", {
      namespace: "ci",
      credentials: [registry],
    });
    const e = await failureOf(c.serviceAccountName);
    assert.ok(pulumi.ResourceError.isInstance(e), `${e.constructor.name}: ${e.message}`);
    for (const fragment of [
      "PipelineServiceAccount 'pipeline': args.credentials[0] holds Secret registry-creds of namespace other, not ci",
      "a ServiceAccount can only use Secrets of its own namespace",
      'create the credential with namespace: "ci"',
    ])
      assert.ok(e.message.includes(fragment), `lacks ${fragment}: ${e.message}`);
    assert.ok(!e.message.includes(REGISTRY_PASSWORD));
    await settle();
    assert.deepStrictEqual(ofType(SA), []);
    assert.deepStrictEqual(ofType(ROLE), [], "no Role");
  });

  it("a credential refused at apply (a username with ':') leaves no ServiceAccount, Role or binding", async () => {
    const failures = await deployFailures(() => {
      const registry = new kd.RegistryCredentials("registry-creds", {
        registry: "ghcr.io",
        username: pulumi.output("svc:bot"),
        password: pulumi.secret(REGISTRY_PASSWORD),
        namespace: "ci",
      });
      new kd.PipelineServiceAccount("pipeline", {
        namespace: "ci",
        credentials: [registry],
        deploys: [{ kind: "Deployment", name: "web", namespace: "shop" }],
      });
    });
    assert.ok(failures.length > 0, "the deployment fails");
    assert.deepStrictEqual(
      registered.filter((r) => r.custom).map((r) => r.type),
      [],
      "no custom resource at all: no Secret, ServiceAccount, Role or RoleBinding",
    );
  });

  it("a component name that is not a ServiceAccount name is fine with serviceAccountName", async () => {
    const c = new kd.PipelineServiceAccount("Pipeline SA", {
      namespace: "ci",
      serviceAccountName: "pipeline",
    });
    assert.strictEqual(await valueOf(c.serviceAccountName), "pipeline");
    await settle();
    assert.deepStrictEqual(only(SA).inputs.metadata.labels, LABELS("pipeline-sa"));
  });

  it("names a cross-namespace Role <namespace>.<ServiceAccount>: no two ServiceAccounts share one", async () => {
    const grant = (name: string, namespace: string, serviceAccountName: string) =>
      new kd.PipelineServiceAccount(name, {
        namespace,
        serviceAccountName,
        deploys: [{ kind: "Deployment", name: "web", namespace: "shop" }],
      });
    // With '-', both were `a-b-c` in shop.
    await done(grant("one", "a-b", "c"));
    await done(grant("two", "a", "b-c"));
    assert.deepStrictEqual(
      [named(ROLE, "one-role-shop"), named(ROLE, "two-role-shop")].map(
        (r) => r.inputs.metadata.name,
      ),
      ["a-b.c", "a.b-c"],
    );
  });

  it("keeps a cross-namespace Role name a valid, distinct name when it is cut to 253 characters", async () => {
    const names: string[] = [];
    for (const [i, saName] of [`${"a".repeat(249)}-bcd`, `${"a".repeat(249)}-bce`].entries()) {
      const c = new kd.PipelineServiceAccount(`pipeline${i}`, {
        namespace: "ci",
        serviceAccountName: saName,
        deploys: [{ kind: "Deployment", name: "web", namespace: "shop" }],
      });
      await done(c);
      const name: string = named(ROLE, `pipeline${i}-role-shop`).inputs.metadata.name;
      assert.ok(name.length <= 253, `${name.length}`);
      assert.match(name, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/);
      assert.strictEqual(named(BINDING, `pipeline${i}-binding-shop`).inputs.roleRef.name, name);
      assert.strictEqual(named(ROLE, `pipeline${i}-role-ci`).inputs.metadata.name, saName);
      names.push(name);
    }
    assert.notStrictEqual(names[0], names[1], "the same 253-character prefix, different names");
  });

  it("takes credentials, imagePullSecrets and labels as Outputs: the same objects once resolved", async () => {
    const registry = new kd.RegistryCredentials("registry-creds", {
      registry: "ghcr.io",
      username: "octocat",
      password: pulumi.secret(REGISTRY_PASSWORD),
      namespace: "ci",
    });
    const c = new kd.PipelineServiceAccount("pipeline", {
      namespace: "ci",
      credentials: pulumi.output([registry, { secretName: pulumi.output("extra-creds") }]),
      imagePullSecrets: pulumi.output(["step-images"]),
      labels: pulumi.output({ team: "web" }),
    });
    await done(c);
    const sa = only(SA);
    assert.deepStrictEqual(sa.inputs.secrets, [
      { name: "registry-creds" },
      { name: "extra-creds" },
    ]);
    assert.deepStrictEqual(sa.inputs.imagePullSecrets, [{ name: "step-images" }]);
    assert.deepStrictEqual(sa.inputs.metadata.labels, { team: "web", ...LABELS() });
    assert.deepStrictEqual(only(ROLE).inputs.metadata.labels, { team: "web", ...LABELS() });
    assert.ok(sa.dependencies.includes(named(SECRET, "registry-creds-secret").urn));
  });

  const outputCases: [string, PipelineServiceAccountArgs, string][] = [
    [
      "an imagePullSecret",
      { imagePullSecrets: [pulumi.output("Pull Secret")] },
      `args.imagePullSecrets[0] ("Pull Secret") is not a Secret name`,
    ],
    [
      "a credential's Secret name",
      { credentials: [{ secretName: pulumi.output("Bad_Name") }] },
      "args.credentials[0] is not a credential",
    ],
    [
      "a credential's namespace",
      { credentials: [{ secretName: "git", namespace: pulumi.output("other") }] },
      "args.credentials[0] holds Secret git of namespace other, not ci",
    ],
  ];
  for (const [what, args, fragment] of outputCases) {
    it(`checks ${what} given as an Output once resolved: no ServiceAccount, Role or binding`, async () => {
      const c = new kd.PipelineServiceAccount("pipeline", { namespace: "ci", ...args });
      const e = await failureOf(c.serviceAccountName);
      assert.ok(pulumi.ResourceError.isInstance(e), `${e.constructor.name}: ${e.message}`);
      assert.ok(e.message.includes(`PipelineServiceAccount 'pipeline': ${fragment}`), e.message);
      await settle();
      assert.deepStrictEqual(ofType(SA), []);
      assert.deepStrictEqual(ofType(ROLE), [], "no Role");
    });
  }

  describe("rejections", () => {
    const cases: [string, () => unknown, string[]][] = [
      [
        "warm: false and no deploys",
        () => new kd.PipelineServiceAccount("pipeline", { warm: false }),
        [
          "PipelineServiceAccount 'pipeline': args grants nothing (warm is false and deploys is empty)",
          "a pipeline ServiceAccount exists to run the warm and deploy steps",
          "set warm: true or list the workloads in deploys",
        ],
      ],
      [
        "a component name that is not a ServiceAccount name",
        () => new kd.PipelineServiceAccount("Pipeline SA", {}),
        [
          "PipelineServiceAccount 'Pipeline SA': args.serviceAccountName (\"Pipeline SA\") is not a ServiceAccount name",
          "ServiceAccount names are lowercase RFC 1123 subdomains",
        ],
      ],
      [
        "a credential that is neither a component nor a Secret name",
        () =>
          new kd.PipelineServiceAccount("pipeline", {
            credentials: [
              { secretName: "ok-name" },
              { secretName: "Bad_Name" },
              "git-creds" as unknown as { secretName: string },
              { secretName: "ok", namespace: "other" },
            ],
          }),
        [
          "PipelineServiceAccount 'pipeline': args.credentials[1] is not a credential",
          "PipelineServiceAccount 'pipeline': args.credentials[2] is not a credential",
          'pass a GitCredentials / RegistryCredentials, or { secretName: "<a Secret\'s name>" }',
          "args.credentials[3] holds Secret ok of namespace other, not default",
        ],
      ],
      [
        "an imagePullSecret that is not a Secret name",
        () => new kd.PipelineServiceAccount("pipeline", { imagePullSecrets: ["Pull Secret"] }),
        ['args.imagePullSecrets[0] ("Pull Secret") is not a Secret name'],
      ],
      [
        "a deploy kind it cannot grant",
        () =>
          new kd.PipelineServiceAccount("pipeline", {
            deploys: [{ kind: "StatefulSet" as "Deployment", name: "db" }],
          }),
        ['args.deploys[0].kind is not one of "Deployment", "CloneSet"'],
      ],
      [
        "a deploy in an invalid namespace",
        () =>
          new kd.PipelineServiceAccount("pipeline", {
            deploys: [{ kind: "Deployment", name: "web", namespace: "Shop" }],
          }),
        ['args.deploys[0].namespace ("Shop") is not a namespace name'],
      ],
      [
        "a cluster-wide wish",
        () => new kd.PipelineServiceAccount("pipeline", { clusterWide: true } as any),
        ["args has unknown key(s) 'clusterWide'"],
      ],
    ];
    for (const [what, make, fragments] of cases) {
      it(`${what}, before anything registers`, async () => {
        throwsWith(make, ...fragments);
        await settle();
        assert.deepStrictEqual(registered, []);
      });
    }
  });
});
