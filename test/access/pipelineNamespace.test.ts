import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ArgsError } from "../../components/common/errors";
import {
  Registered,
  mockedComponents,
  ofType,
  registered,
  registeredOutputs,
  resetRegistrations,
  settle,
  valueOf,
} from "../support/mocks";
import { assertHeldOnlyBy, managedLabels, only, reveal } from "./helpers";

const kd = mockedComponents();

const COMPONENT = "kruise-devops:index:PipelineNamespace";
const NAMESPACE = "kubernetes:core/v1:Namespace";
const SECRET = "kubernetes:core/v1:Secret";
const SA = "kubernetes:core/v1:ServiceAccount";
const ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role";
const BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";
const REGISTRY = "kruise-devops:index:RegistryCredentials";
const GIT = "kruise-devops:index:GitCredentials";
const TOKEN = "kruise-devops:index:ArgoCdToken";
const PSA = "kruise-devops:index:PipelineServiceAccount";

const REGISTRY_PASSWORD = "registry-pa55word";
const GIT_TOKEN = "ghp_sectionTOKEN123";
const ARGOCD_TOKEN = "argocd-api-T0KEN";

/** The verbs the warm and deploy steps use (pipelineRbac.ts): nothing more may be granted. */
const IPJ = {
  apiGroups: ["apps.kruise.io"],
  resources: ["imagepulljobs"],
  verbs: ["create", "get", "list", "watch"],
};
const CLONESET_WEB = {
  apiGroups: ["apps.kruise.io"],
  resources: ["clonesets"],
  resourceNames: ["web"],
  verbs: ["get", "patch"],
};

/** One line of an args error: `<Component> '<name>': args<path> <what> — <rule>; <fix>`. */
const LINE = /^[A-Z][A-Za-z]+ '[^']*': args(\.|\[|\s|$)[^\n]* — [^\n]*; [^\n]+$/;

function named(type: string, name: string): Registered {
  const found = registered.filter((r) => r.type === type && r.name === name);
  assert.strictEqual(found.length, 1, `${type} ${name}: ${found.length} registrations`);
  return found[0];
}

/** Typical args: every credential, a CloneSet in another namespace. */
function fullArgs(): import("../../components").PipelineNamespaceArgs {
  return {
    namespace: "ci",
    registry: {
      registry: "ghcr.io",
      username: "bot",
      password: pulumi.secret(REGISTRY_PASSWORD),
    },
    git: { host: "github.com", basicAuth: { username: "bot", password: pulumi.secret(GIT_TOKEN) } },
    argocdToken: { server: "argocd-server.argocd.svc:443", token: pulumi.secret(ARGOCD_TOKEN) },
    deploys: [{ kind: "CloneSet", name: "web", namespace: "shop" }],
  };
}

/** Runs `make`, which must throw an ArgsError; returns its lines. Nothing may be registered. */
async function refused(make: () => unknown): Promise<string[]> {
  let thrown: unknown;
  try {
    make();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown instanceof ArgsError, `an ArgsError, not ${String(thrown)}`);
  const lines = thrown.message.split("\n");
  for (const line of lines) assert.match(line, LINE);
  await settle();
  assert.deepStrictEqual(registered, [], "nothing registered, not even the component");
  return lines;
}

describe("PipelineNamespace", () => {
  beforeEach(resetRegistrations);

  it("registers the Namespace, each credential in it, and the ServiceAccount with the registry and Git ones linked", async () => {
    const c = new kd.PipelineNamespace("ci", fullArgs());
    assert.strictEqual(await valueOf(c.namespace), "ci");
    await settle();
    assert.deepStrictEqual(
      registered.map((r) => `${r.type} ${r.name}`).sort(),
      [
        `${COMPONENT} ci`,
        `${NAMESPACE} ci-pipeline-namespace`,
        `${REGISTRY} ci-registry`,
        `${SECRET} ci-registry-secret`,
        `${GIT} ci-git`,
        `${SECRET} ci-git-secret`,
        `${TOKEN} ci-argocd-token`,
        `${SECRET} ci-argocd-token-secret`,
        `${PSA} ci-pipeline`,
        `${SA} ci-pipeline-sa`,
        `${ROLE} ci-pipeline-role-ci`,
        `${ROLE} ci-pipeline-role-shop`,
        `${BINDING} ci-pipeline-binding-ci`,
        `${BINDING} ci-pipeline-binding-shop`,
      ].sort(),
    );
    const component = only(COMPONENT);
    assert.deepStrictEqual(component.inputs, {}, "nothing of the args on the component");
    const ns = only(NAMESPACE);
    assert.deepStrictEqual(ns.inputs, {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "ci", labels: managedLabels("pipelinenamespace", "ci") },
    });
    // The section's own children: parented on it, every one but the Namespace after it.
    const direct = registered.filter((r) => r.parent === component.urn);
    assert.strictEqual(direct.length, 5);
    for (const r of direct) {
      if (r !== ns) assert.ok(r.dependencies.includes(ns.urn), `${r.name} waits for the Namespace`);
      assert.deepStrictEqual(r.aliases, [], `${r.name}: no alias outside Platform`);
    }
    // Every object in the pipeline's namespace but the deploy target's Role and binding.
    const namespaced = registered.filter((r) => r.custom && r.type !== NAMESPACE);
    assert.strictEqual(namespaced.length, 8);
    for (const r of namespaced) {
      const expected = r.name.endsWith("-shop") ? "shop" : "ci";
      assert.strictEqual(r.inputs.metadata.namespace, expected, r.name);
    }
    assert.deepStrictEqual(
      ofType(SECRET)
        .map((s) => s.inputs.metadata.name)
        .sort(),
      ["ci-argocd-token", "ci-git", "ci-registry"],
    );
    // Tekton's credential initialiser reads the linked ones; the deploy step reads the token itself.
    const sa = only(SA);
    assert.strictEqual(sa.inputs.metadata.name, "ci-pipeline");
    assert.deepStrictEqual(sa.inputs.secrets, [{ name: "ci-registry" }, { name: "ci-git" }]);
    assert.strictEqual(c.serviceAccount.serviceAccountRef, "ci-pipeline");
    assert.strictEqual(c.registry!.secretRef, "ci-registry");
    assert.strictEqual(c.git!.secretRef, "ci-git");
    assert.strictEqual(c.argocdToken!.secretRef, "ci-argocd-token");
    assert.strictEqual(
      reveal(named(SECRET, "ci-argocd-token-secret").inputs.stringData).ARGOCD_SERVER,
      "argocd-server.argocd.svc:443",
    );
  });

  it("grants exactly the warm and deploy steps' verbs, in their namespaces, and nothing cluster-wide", async () => {
    new kd.PipelineNamespace("ci", fullArgs());
    new kd.PipelineNamespace("deploy-only", {
      namespace: "cd",
      warm: false,
      deploys: [{ kind: "Deployment", name: "api" }],
    });
    await settle();
    assert.ok(!registered.some((r) => /ClusterRole/.test(r.type)));
    const roles = ofType(ROLE);
    assert.strictEqual(roles.length, 3);
    assert.deepStrictEqual(
      roles
        .map((r) => [r.inputs.metadata.namespace, r.inputs.metadata.name, r.inputs.rules])
        .sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
      [
        ["ci", "ci-pipeline", [IPJ]],
        ["shop", "ci.ci-pipeline", [CLONESET_WEB]],
        [
          "cd",
          "deploy-only-pipeline",
          [
            {
              apiGroups: ["apps"],
              resources: ["deployments"],
              resourceNames: ["api"],
              verbs: ["get", "list", "patch", "watch"],
            },
          ],
        ],
      ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    );
    const bindings = ofType(BINDING);
    assert.strictEqual(bindings.length, 3);
    for (const b of bindings) {
      assert.strictEqual(b.inputs.roleRef.kind, "Role");
      assert.strictEqual(b.inputs.subjects.length, 1);
      assert.strictEqual(b.inputs.subjects[0].kind, "ServiceAccount");
    }
  });

  it("keeps every credential in its own Secret: not in the outputs, the component, nor another object", async () => {
    const c = new kd.PipelineNamespace("ci", fullArgs());
    await valueOf(c.serviceAccount.serviceAccountName);
    await settle();
    const secrets = ofType(SECRET);
    assert.strictEqual(secrets.length, 3);
    for (const s of secrets) assert.deepStrictEqual(s.secretPaths, ["stringData"], s.name);
    assertHeldOnlyBy(named(SECRET, "ci-registry-secret"), [REGISTRY_PASSWORD]);
    assertHeldOnlyBy(named(SECRET, "ci-git-secret"), [GIT_TOKEN]);
    assertHeldOnlyBy(named(SECRET, "ci-argocd-token-secret"), [ARGOCD_TOKEN]);
    const urn = only(COMPONENT).urn;
    for (let i = 0; i < 100 && !registeredOutputs.has(urn); i++) await settle();
    const outputs = registeredOutputs.get(urn);
    assert.ok(outputs, "registerOutputs was called");
    // The names for every language; the child components (getters) registered as references.
    assert.deepStrictEqual(Object.keys(outputs).sort(), [
      "argocdToken",
      "argocdTokenSecretName",
      "createdNamespace",
      "git",
      "gitSecretName",
      "namespace",
      "registry",
      "registrySecretName",
      "serviceAccount",
      "serviceAccountName",
    ]);
    // The names, as other languages read them; the children, as TypeScript does.
    assert.strictEqual(await valueOf(c.registrySecretName!), "ci-registry");
    assert.strictEqual(await valueOf(c.gitSecretName!), "ci-git");
    assert.strictEqual(await valueOf(c.argocdTokenSecretName!), "ci-argocd-token");
    assert.strictEqual(await valueOf(c.serviceAccountName), "ci-pipeline");
    assert.strictEqual(c.registry!.secretRef, "ci-registry");
    assert.strictEqual(c.argocdToken!.secretRef, "ci-argocd-token");
    const text = JSON.stringify(outputs);
    for (const v of [REGISTRY_PASSWORD, GIT_TOKEN, ARGOCD_TOKEN]) assert.ok(!text.includes(v), v);
  });

  it("defaults: namespace 'ci' created, ServiceAccount '<name>-pipeline' with the warm rule, no credential", async () => {
    const c = new kd.PipelineNamespace("team");
    assert.strictEqual(await valueOf(c.namespace), "ci");
    await settle();
    assert.deepStrictEqual(
      registered.map((r) => r.type).sort(),
      [COMPONENT, NAMESPACE, PSA, SA, ROLE, BINDING].sort(),
    );
    assert.strictEqual(only(NAMESPACE).inputs.metadata.name, "ci");
    assert.deepStrictEqual(only(SA).inputs.metadata.name, "team-pipeline");
    assert.deepStrictEqual(only(SA).inputs.secrets, []);
    assert.deepStrictEqual(only(ROLE).inputs.rules, [IPJ]);
    assert.strictEqual(c.registry, undefined);
    assert.strictEqual(c.git, undefined);
    assert.strictEqual(c.argocdToken, undefined);
    assert.strictEqual(c.registrySecretName, undefined);
    assert.strictEqual(c.gitSecretName, undefined);
    assert.strictEqual(c.argocdTokenSecretName, undefined);
  });

  it("createNamespace: false makes no Namespace; the children wait for the component's dependsOn instead", async () => {
    const dep = new k8s.core.v1.Namespace("existing", { metadata: { name: "builds" } });
    const c = new kd.PipelineNamespace(
      "ci",
      {
        namespace: "builds",
        createNamespace: false,
        serviceAccountName: "builder",
        registry: {
          registry: "ghcr.io",
          username: "bot",
          password: pulumi.secret(REGISTRY_PASSWORD),
          secretName: "registry-creds",
          namespace: "builds",
        },
      },
      { dependsOn: [dep] },
    );
    assert.strictEqual(c.createdNamespace, undefined);
    assert.strictEqual(await valueOf(c.namespace), "builds");
    await settle();
    const namespaces = ofType(NAMESPACE);
    assert.strictEqual(namespaces.length, 1, "only the caller's");
    const direct = registered.filter((r) => r.parent === only(COMPONENT).urn);
    assert.strictEqual(direct.length, 2);
    for (const r of direct) assert.ok(r.dependencies.includes(namespaces[0].urn), r.name);
    assert.strictEqual(only(SECRET).inputs.metadata.name, "registry-creds");
    assert.strictEqual(only(SECRET).inputs.metadata.namespace, "builds");
    assert.strictEqual(only(SA).inputs.metadata.name, "builder");
    assert.deepStrictEqual(only(SA).inputs.secrets, [{ name: "registry-creds" }]);
  });

  it("refuses bad args of its own and of every child at once, each line naming where, registering nothing", async () => {
    const lines = await refused(
      () =>
        new kd.PipelineNamespace("x", {
          registry: {
            registry: "ghcr.io",
            username: "bot",
            password: "plain" as never,
          },
          git: {
            host: "https://github.com",
            basicAuth: { username: "bot", password: pulumi.secret("t") },
          },
          argocdToken: { server: "argocd.example.com" },
          deploys: [{ kind: "StatefulSet" as never, name: "db" }],
        }),
    );
    assert.deepStrictEqual(
      lines.map((l) => l.slice(0, l.indexOf(" — "))),
      [
        "RegistryCredentials 'x-registry': args.password is a plain string",
        "GitCredentials 'x-git': args.host is not a Git host",
        "ArgoCdToken 'x-argocd-token': args has neither token nor login",
        `PipelineServiceAccount 'x-pipeline': args.deploys[0].kind is not one of "Deployment", "CloneSet"`,
      ],
    );
    const own = await refused(
      () =>
        new kd.PipelineNamespace("y", {
          namespace: "Not A Namespace",
          bogus: true,
        } as never),
    );
    assert.deepStrictEqual(
      own.map((l) => l.slice(0, l.indexOf(" — "))),
      [
        `PipelineNamespace 'y': args.namespace ("Not A Namespace") is not a namespace name`,
        "PipelineNamespace 'y': args has unknown key(s) 'bogus'",
      ],
    );
    const elsewhere = await refused(
      () =>
        new kd.PipelineNamespace("z", {
          namespace: "ci",
          git: {
            namespace: "default",
            host: "github.com",
            basicAuth: { username: "bot", password: pulumi.secret("t") },
          },
        }),
    );
    assert.deepStrictEqual(elsewhere, [
      `PipelineNamespace 'z': args.git.namespace ("default") is not the pipeline's namespace ("ci") — Tekton and Kruise read a run's credentials only from its own namespace, and a ServiceAccount links only Secrets of its own; leave it out (the credential goes to "ci"), or make this credential yourself`,
    ]);
    await refused(() => new kd.PipelineNamespace("w", { warm: false }));
  });
});
