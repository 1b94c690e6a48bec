import * as assert from "assert";
import { PipelineCtx, Scope } from "../../../components/tekton/validation/scope";
import { ParamSpec } from "../../../components/tekton/types";

// scope.ts holds types only: what a reference can see. These compile only while the types keep
// the shape the checks build (a Task's scope, and a pipeline task's under a Pipeline).
const params = new Map<string, ParamSpec>([["a", { name: "a" }]]);
const inTask: Scope = {
  owner: "the Task does not declare",
  params,
  task: { results: new Map([["r", { name: "r" }]]), workspaces: new Set(["src"]) },
};
const ctx: PipelineCtx = {
  dag: new Map([["build", undefined]]),
  fin: new Map(),
  workspaces: new Set(["ws"]),
  self: "build",
  inFinally: false,
};
const inPipeline: Scope = { owner: "the Pipeline does not declare", params, pipeline: ctx };
// @ts-expect-error the owner text and the params are required
const incomplete: Scope = { params };

describe("what a reference can see (tekton/validation/scope)", () => {
  it("compiles: a Task's scope and a pipeline task's, both optional parts apart", () => {
    assert.strictEqual(inTask.pipeline, undefined);
    assert.strictEqual(inPipeline.task, undefined);
    assert.ok(inPipeline.pipeline?.dag.has("build"));
    assert.strictEqual(incomplete.owner, undefined);
  });
});
