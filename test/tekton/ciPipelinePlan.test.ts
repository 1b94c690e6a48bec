import * as assert from "assert";
import {
  CI_TASKS,
  CiPlanInput,
  ImageBuilder,
  ciRunSpec,
  planCiPipeline,
} from "../../components/tekton/ciPipelinePlan";
import { kanikoBuildTask, buildkitBuildTask } from "../../components/tekton/tasks";
import { TaskSpec } from "../../components/tekton/types";
import { checkPipelineSpec, executionOrder } from "../../components/tekton/validation";

// Moved from ciPipeline.test.ts: titles unchanged.
describe("goDuration (the PipelineRun timeout as Tekton's webhook stores it)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { goDuration } =
    require("../../components/tekton/ciPipelinePlan") as typeof import("../../components/tekton/ciPipelinePlan");

  it("writes seconds as Go's time.Duration.String() does", () => {
    for (const [seconds, text] of [
      [0, "0s"],
      [5, "5s"],
      [60, "1m0s"],
      [1800, "30m0s"],
      [3600, "1h0m0s"],
      [5400, "1h30m0s"],
      [90061, "25h1m1s"],
    ] as const) {
      assert.strictEqual(goDuration(seconds), text, String(seconds));
    }
  });
});

const LEAST: CiPlanInput = {
  repo: { url: "https://github.com/acme/web.git", revision: "main" },
  build: {
    image: "ghcr.io/acme/web",
    context: ".",
    dockerfile: "Dockerfile",
    builder: ImageBuilder.Kaniko,
    registrySecret: "registry-creds",
  },
  workspace: { storage: "1Gi" },
};

const FULL: CiPlanInput = {
  ...LEAST,
  test: { image: "node:22.12.0", command: ["npm", "test"], workdir: "." },
  warm: { parallelism: 5, nodeLabels: { pool: "web" }, wait: true, timeoutSeconds: 600 },
  deploy: {
    kind: "deployment",
    name: "web",
    container: "app",
    namespace: "apps",
    timeoutSeconds: 300,
  },
};

const taskName = (t: string) => `web-${t}`;

/** The plan's Task specs by Task object name, as the Pipeline's taskRefs name them. */
function byObjectName(tasks: Record<string, TaskSpec>): Record<string, TaskSpec> {
  return Object.fromEntries(Object.entries(tasks).map(([t, spec]) => [taskName(t), spec]));
}

/** Each pipeline task's params as `name=value`. */
function params(plan: ReturnType<typeof planCiPipeline>, t: string): string[] {
  const pt = plan.pipeline.tasks.find((x) => x.name === t);
  assert.ok(pt, `pipeline task ${t}`);
  return (pt.params ?? []).map((p) => `${p.name}=${JSON.stringify(p.value)}`);
}

describe("the plan of a CiPipeline (components/tekton/ciPipelinePlan)", () => {
  it("the least: clone then build (kaniko), a valid Pipeline whose results are commit and image", () => {
    const plan = planCiPipeline(LEAST, taskName);
    assert.deepStrictEqual(Object.keys(plan.tasks), [CI_TASKS.clone, CI_TASKS.build]);
    assert.deepStrictEqual(plan.tasks.build, kanikoBuildTask());
    assert.deepStrictEqual(checkPipelineSpec(plan.pipeline, byObjectName(plan.tasks)), []);
    assert.deepStrictEqual(executionOrder(plan.pipeline), ["clone", "build"]);
    assert.deepStrictEqual(
      plan.pipeline.tasks.map((t) => [t.name, t.taskRef?.name, t.runAfter]),
      [
        ["clone", "web-clone", undefined],
        ["build", "web-build", ["clone"]],
      ],
    );
    assert.deepStrictEqual(plan.pipeline.params, [
      { name: "repo-url", type: "string", default: "https://github.com/acme/web.git" },
      { name: "revision", type: "string", default: "main" },
    ]);
    assert.deepStrictEqual(
      plan.pipeline.results?.map((r) => [r.name, r.value]),
      [
        ["commit", "$(tasks.clone.results.commit)"],
        ["image-ref", "$(tasks.build.results.image-ref)"],
      ],
    );
    assert.deepStrictEqual(params(plan, "build"), [
      'image="ghcr.io/acme/web"',
      'tag="$(tasks.clone.results.commit)"',
      'context="."',
      'dockerfile="Dockerfile"',
      'registry-secret="registry-creds"',
    ]);
  });

  it("every stage: clone → test → build → warm → deploy, each after the one before", () => {
    const plan = planCiPipeline(FULL, taskName);
    assert.deepStrictEqual(checkPipelineSpec(plan.pipeline, byObjectName(plan.tasks)), []);
    assert.deepStrictEqual(executionOrder(plan.pipeline), [
      "clone",
      "test",
      "build",
      "warm",
      "deploy",
    ]);
    assert.deepStrictEqual(
      plan.pipeline.tasks.map((t) => t.runAfter?.[0]),
      [undefined, "clone", "test", "build", "warm"],
    );
    assert.deepStrictEqual(params(plan, "warm"), [
      'image="$(tasks.build.results.image-ref)"',
      'parallelism="5"',
      'node-labels="{\\"pool\\":\\"web\\"}"',
      'wait="true"',
      'timeout="720s"',
    ]);
    assert.deepStrictEqual(plan.tasks.warm.steps.length, 1);
    assert.deepStrictEqual(params(plan, "deploy"), [
      'namespace="apps"',
      'deployment="web"',
      'container="app"',
      'image="$(tasks.build.results.image-ref)"',
      'timeout="300s"',
    ]);
  });

  it("BuildKit builds; Argo CD and CloneSet deploys take their own params", () => {
    const argo = planCiPipeline(
      {
        ...LEAST,
        build: { ...LEAST.build, builder: ImageBuilder.BuildKit },
        deploy: { kind: "argocd", application: "web", secret: "argocd-token", timeoutSeconds: 600 },
      },
      taskName,
    );
    assert.deepStrictEqual(argo.tasks.build, buildkitBuildTask());
    assert.deepStrictEqual(params(argo, "deploy"), [
      'application="web"',
      'argocd-secret="argocd-token"',
      'timeout="600"',
    ]);
    assert.deepStrictEqual(checkPipelineSpec(argo.pipeline, byObjectName(argo.tasks)), []);
    const cloneSet = planCiPipeline(
      {
        ...LEAST,
        deploy: {
          kind: "cloneSet",
          name: "web",
          container: "app",
          namespace: "apps",
          timeoutSeconds: 900,
        },
      },
      taskName,
    );
    assert.deepStrictEqual(params(cloneSet, "deploy"), [
      'namespace="apps"',
      'cloneset="web"',
      'container="app"',
      'image="$(tasks.build.results.image-ref)"',
      'timeout="900"',
    ]);
    assert.deepStrictEqual(checkPipelineSpec(cloneSet.pipeline, byObjectName(cloneSet.tasks)), []);
  });

  it("ciRunSpec: the revision, the ServiceAccount, a fresh volume, the timeout as Go writes it", () => {
    assert.deepStrictEqual(ciRunSpec("web-ci", "abc123", "pipeline", { storage: "2Gi" }, 90), {
      pipelineRef: { name: "web-ci" },
      params: [{ name: "revision", value: "abc123" }],
      workspaces: [
        {
          name: "source",
          volumeClaimTemplate: {
            metadata: {},
            status: {},
            spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "2Gi" } } },
          },
        },
      ],
      taskRunTemplate: { serviceAccountName: "pipeline" },
      timeouts: { pipeline: "1h30m0s" },
    });
    const withClass = ciRunSpec("p", "r", "sa", { storage: "1Gi", storageClassName: "fast" }, 60);
    assert.strictEqual(
      withClass.workspaces?.[0].volumeClaimTemplate?.spec?.storageClassName,
      "fast",
    );
  });
});
