import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
  CiShape,
  ciSettingsOf,
  ciSettingsSchema,
  ciShapeSchema,
  grantsRule,
  missingGrants,
} from "../../components/tekton/ciPipelineArgs";
import { mockedComponents, valueOf } from "../support/mocks";

mockedComponents();

const IPJ = {
  apiGroups: ["apps.kruise.io"],
  resources: ["imagepulljobs"],
  verbs: ["create", "get", "list", "watch"],
};
const WEB = {
  apiGroups: ["apps"],
  resources: ["deployments"],
  resourceNames: ["web"],
  verbs: ["get", "list", "patch", "watch"],
};

const shape = (serviceAccount: object): CiShape =>
  ciShapeSchema.parse({
    serviceAccount,
    repo: "https://github.com/acme/web.git",
    build: {},
  });

const settings = (extra: object = {}) =>
  ciSettingsSchema.parse({
    namespace: "ci",
    build: { image: "ghcr.io/acme/web", registrySecret: "registry-creds" },
    ...extra,
  });

describe("CiPipeline's args (components/tekton/ciPipelineArgs)", () => {
  it("ciSettingsOf: components and { ref } objects become their names, Outputs stay Outputs", async () => {
    const registry = { secretRef: "registry-creds", secretName: pulumi.output("registry-creds") };
    const s = ciSettingsOf({
      serviceAccount: { serviceAccountRef: "pipeline" },
      repo: "https://github.com/acme/web.git",
      build: { image: "ghcr.io/acme/web", registrySecret: registry },
      deploy: {
        argocd: {
          application: pulumi.output({ applicationRef: "web" }),
          token: { secretRef: "argocd-token" },
        },
      },
      run: { enabled: true, timeoutMinutes: 30 },
    }) as Record<string, any>;
    assert.strictEqual(s.build.registrySecret, "registry-creds");
    assert.strictEqual(s.deploy.argocd.token, "argocd-token");
    assert.ok(pulumi.Output.isInstance(s.deploy.argocd.application));
    assert.strictEqual(await valueOf(s.deploy.argocd.application), "web");
    assert.deepStrictEqual(s.run, { timeoutMinutes: 30 }, "enabled is the shape's");
    const later = ciSettingsOf({
      serviceAccount: { serviceAccountRef: "pipeline" },
      repo: "https://github.com/acme/web.git",
      build: pulumi.output({ image: "ghcr.io/acme/web", registrySecret: { secretRef: "r" } }),
    }) as Record<string, any>;
    assert.ok(pulumi.Output.isInstance(later.build));
    assert.deepStrictEqual(await valueOf(later.build), {
      image: "ghcr.io/acme/web",
      registrySecret: "r",
    });
  });

  it("ciShapeSchema: one deploy target, and a run enabled unless said otherwise", () => {
    const base = { serviceAccount: { serviceAccountRef: "p" }, repo: "https://g/a.git", build: {} };
    assert.deepStrictEqual(ciShapeSchema.parse({ ...base, run: {} }).run, { enabled: true });
    assert.strictEqual(ciShapeSchema.parse(base).run, undefined);
    const issues = (deploy: object) => {
      const r = ciShapeSchema.safeParse({ ...base, deploy });
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    assert.deepStrictEqual(issues({ deployment: {} }), []);
    assert.strictEqual(issues({}).length, 1);
    assert.ok(issues({ deployment: {}, cloneSet: {} })[0].startsWith("names no target or several"));
  });

  it("missingGrants: nothing to check on a ServiceAccount given by name", () => {
    assert.deepStrictEqual(
      missingGrants(shape({ serviceAccountRef: "p" }), settings({ warm: {} })),
      [],
    );
  });

  it("missingGrants: the namespace, the warm step's ImagePullJob rights, the deploy's patch on its workload", () => {
    const sa = { serviceAccountRef: "p", namespaceRef: "ci", grants: { ci: [IPJ], shop: [WEB] } };
    assert.deepStrictEqual(
      missingGrants(
        shape(sa),
        settings({
          warm: {},
          deploy: { deployment: { name: "web", container: "web", namespace: "shop" } },
        }),
      ),
      [],
    );
    assert.deepStrictEqual(
      missingGrants(
        shape({ ...sa, grants: { shop: [WEB] } }),
        settings({ warm: {}, namespace: "builds" }),
      ),
      ["it lives in namespace ci, not builds", "no ImagePullJob rights in builds (set warm: true)"],
    );
    assert.deepStrictEqual(
      missingGrants(
        shape(sa),
        settings({ deploy: { cloneSet: { name: "web", container: "web", namespace: "shop" } } }),
      ),
      [
        'no patch on CloneSet shop/web (add { kind: "CloneSet", name: "web", namespace: "shop" } to deploys)',
      ],
    );
  });

  it("grantsRule: what is missing, the API server's rule, the fix", () => {
    const r = grantsRule(["a", "b"]);
    assert.strictEqual(r.what, "does not grant what the steps need: a; b");
    assert.ok(r.rule.includes("the API server refuses what its Roles do not grant"));
    assert.strictEqual(r.fix, "extend the PipelineServiceAccount as said");
  });
});
