import * as assert from "assert";
import {
  DEPLOY_VERBS,
  IMAGE_PULL_JOB_VERBS,
  PolicyRule,
  pipelineRoleRules,
} from "../../components/access/pipelineRbac";

const IPJ: PolicyRule = {
  apiGroups: ["apps.kruise.io"],
  resources: ["imagepulljobs"],
  verbs: ["create", "get", "list", "watch"],
};

function deployments(...names: string[]): PolicyRule {
  return {
    apiGroups: ["apps"],
    resources: ["deployments"],
    resourceNames: names,
    verbs: ["get", "list", "patch", "watch"],
  };
}

function clonesets(...names: string[]): PolicyRule {
  return {
    apiGroups: ["apps.kruise.io"],
    resources: ["clonesets"],
    resourceNames: names,
    verbs: ["get", "patch"],
  };
}

describe("pipelineRoleRules", () => {
  it("warm only: one namespace, one ImagePullJob rule, no resourceNames", () => {
    assert.deepStrictEqual([...pipelineRoleRules("ci", true, [])], [["ci", [IPJ]]]);
  });

  it("warm false, no deploys: grants nothing", () => {
    assert.deepStrictEqual([...pipelineRoleRules("ci", false, [])], []);
  });

  it("warm false: deploys only, in the ServiceAccount's namespace by default", () => {
    assert.deepStrictEqual(
      [...pipelineRoleRules("ci", false, [{ kind: "Deployment", name: "web" }])],
      [["ci", [deployments("web")]]],
    );
  });

  it("sorts and deduplicates resourceNames per kind", () => {
    const rules = pipelineRoleRules("ci", true, [
      { kind: "Deployment", name: "web" },
      { kind: "Deployment", name: "api" },
      { kind: "Deployment", name: "web" },
      { kind: "Deployment", name: "api", namespace: "ci" },
      { kind: "Deployment", name: "batch" },
    ]);
    assert.deepStrictEqual([...rules], [["ci", [IPJ, deployments("api", "batch", "web")]]]);
  });

  it("groups by namespace (own namespace first when warm, then sorted) and kind (sorted)", () => {
    const rules = pipelineRoleRules("pipelines", true, [
      { kind: "Deployment", name: "web", namespace: "shop" },
      { kind: "CloneSet", name: "cart", namespace: "shop" },
      { kind: "Deployment", name: "api" },
      { kind: "CloneSet", name: "web", namespace: "shop" },
      { kind: "Deployment", name: "admin", namespace: "backoffice" },
      { kind: "CloneSet", name: "cart", namespace: "shop" },
    ]);
    assert.deepStrictEqual(
      [...rules],
      [
        ["pipelines", [IPJ, deployments("api")]],
        ["backoffice", [deployments("admin")]],
        ["shop", [clonesets("cart", "web"), deployments("web")]],
      ],
    );
  });

  it("without warm, namespaces are simply sorted and the own namespace gets no ImagePullJob rule", () => {
    const rules = pipelineRoleRules("pipelines", false, [
      { kind: "CloneSet", name: "web", namespace: "shop" },
      { kind: "Deployment", name: "api" },
      { kind: "Deployment", name: "x", namespace: "alpha" },
    ]);
    assert.deepStrictEqual([...rules.keys()], ["alpha", "pipelines", "shop"]);
    assert.deepStrictEqual(rules.get("pipelines"), [deployments("api")]);
    for (const rs of rules.values())
      assert.ok(rs.every((r) => !r.resources.includes("imagepulljobs")));
  });

  it("returns fresh verb arrays: editing one result changes neither the constants nor a later call", () => {
    const first = pipelineRoleRules("ci", true, [{ kind: "CloneSet", name: "web" }]);
    const [ipj, cs] = first.get("ci")!;
    ipj.verbs.push("escalate");
    cs.verbs.push("bind");
    assert.deepStrictEqual([...IMAGE_PULL_JOB_VERBS], IPJ.verbs);
    assert.deepStrictEqual(DEPLOY_VERBS, {
      Deployment: ["get", "list", "patch", "watch"],
      CloneSet: ["get", "patch"],
    });
    assert.deepStrictEqual(
      pipelineRoleRules("ci", true, [{ kind: "CloneSet", name: "web" }]).get("ci"),
      [IPJ, clonesets("web")],
    );
  });

  it("never grants anything beyond the listed workloads and ImagePullJobs", () => {
    const rules = pipelineRoleRules("ci", true, [
      { kind: "Deployment", name: "web" },
      { kind: "CloneSet", name: "web", namespace: "shop" },
    ]);
    // ci: the ImagePullJobs and the Deployment; shop: the CloneSet.
    assert.deepStrictEqual(
      [...rules].map(([ns, rs]) => [ns, rs.length]),
      [
        ["ci", 2],
        ["shop", 1],
      ],
    );
    for (const rs of rules.values()) {
      for (const r of rs) {
        assert.ok(
          r.verbs.every((v) => ["create", "delete", "get", "list", "patch", "watch"].includes(v)),
        );
        assert.ok(
          r.resources.every((x) => ["imagepulljobs", "deployments", "clonesets"].includes(x)),
        );
        assert.ok(!r.apiGroups.includes("*") && !r.apiGroups.includes(""));
        if (r.verbs.includes("patch")) assert.ok(r.resourceNames && r.resourceNames.length > 0);
      }
    }
  });
});
