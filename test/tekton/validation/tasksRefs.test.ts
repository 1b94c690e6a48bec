import * as assert from "assert";
import { checkPipelineSpec } from "../../../components/tekton/validation";
import { PipelineSpec } from "../../../components/tekton/types";
import { has, none, only, show } from "./support/problems";
import { TASKS, ciPipeline, task } from "./support/specs";

describe("checkPipelineSpec: result references", () => {
  it("an undeclared result is a problem", () => {
    const spec = ciPipeline();
    spec.tasks[4].params![1].value = "$(tasks.build.results.digest)";
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 4, "params", 1, "value"],
      'references result "digest" of task "build" in $(tasks.build.results.digest), which that Task does not declare',
      'InvalidTaskResultReference: "digest" is not a named result returned by pipeline task "build"',
      'use one of "image-digest", "image-ref"',
    );
  });

  it("a result of a nonexistent task is a problem", () => {
    const spec = ciPipeline();
    spec.tasks[4].params![1].value = "$(tasks.package.results.image-ref)";
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 4, "params", 1, "value"],
      'references result of task "package" in $(tasks.package.results.image-ref), which the Pipeline does not have',
      'referenced pipeline task "package" does not exist',
    );
  });

  it("a task may not reference its own results", () => {
    const spec = ciPipeline();
    spec.tasks[2].params![0].value = "$(tasks.build.results.image-ref)";
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 2, "params", 0, "value"],
      "references its own result in $(tasks.build.results.image-ref)",
      '("cycle detected"): task "build" depends on itself',
    );
  });

  it("results of finally tasks are off limits to tasks and to other finally tasks", () => {
    const spec = ciPipeline();
    spec.tasks[4].params![0].value = "$(tasks.notify.results.out)";
    spec.finally!.push({
      name: "report",
      taskSpec: task({ params: [{ name: "x" }] }),
      params: [{ name: "x", value: "$(tasks.notify.results.out)" }],
    });
    const p = checkPipelineSpec(spec, TASKS);
    has(
      p,
      ["tasks", 4, "params", 0, "value"],
      'references result of finally task "notify"',
      "tasks cannot depend on finally tasks",
    );
    has(
      p,
      ["finally", 1, "params", 0, "value"],
      "final task has task result reference from a final task notify",
    );
    assert.strictEqual(p.length, 2, show(p));
  });

  it("index and key access follow the result's type; [*] only whole", () => {
    const tasks = { prod: task({ results: [{ name: "list", type: "array" }, { name: "one" }] }) };
    const spec = (value: string | string[]): PipelineSpec => ({
      tasks: [
        { name: "a", taskRef: { name: "prod" } },
        {
          name: "b",
          taskSpec: task({
            params: [{ name: "x", type: Array.isArray(value) ? "array" : "string" }],
          }),
          params: [{ name: "x", value }],
        },
      ],
    });
    none(checkPipelineSpec(spec("$(tasks.a.results.list[0])"), tasks));
    none(checkPipelineSpec(spec(["$(tasks.a.results.list[*])"]), tasks));
    only(
      checkPipelineSpec(spec("$(tasks.a.results.one[0])"), tasks),
      ["tasks", 1, "params", 0, "value"],
      'reads [0] of string result "one"',
    );
    only(
      checkPipelineSpec(spec(["--all=$(tasks.a.results.list[*])"]), tasks),
      ["tasks", 1, "params", 0, "value", 0],
      "variable is not properly isolated",
    );
  });

  it("pipeline results reference existing tasks and declared results", () => {
    const spec = ciPipeline();
    spec.results = [
      { name: "a", value: "$(tasks.build.results.image-ref)" },
      { name: "b", value: "$(tasks.build.results.sbom)" },
      { name: "c", value: "$(tasks.ship.results.image-ref)" },
      { name: "d", value: "constant" },
      { name: "e", value: "$(params.image)" },
      { name: "f", value: "$(finally.notify.results.sent)" },
    ];
    const p = checkPipelineSpec(spec, TASKS);
    has(p, ["results", 1, "value"], 'references result "sbom" of task "build"');
    has(p, ["results", 2, "value"], 'references task "ship"', "referencing a nonexistent task");
    has(p, ["results", 3, "value"], "holds no task result reference", "no expressions were found");
    has(p, ["results", 4, "value"], "holds $(params.image), which is no task result reference");
    has(p, ["results", 5, "value"], 'references result "sent" of task "notify"');
    assert.strictEqual(p.length, 5, show(p));
  });
});

describe("checkPipelineSpec: execution status", () => {
  it("finally may reference $(tasks.<t>.status), $(tasks.<t>.reason) and $(tasks.status)", () => {
    const spec = ciPipeline();
    spec.finally![0].params![0].value = "$(tasks.status) $(tasks.deploy.reason)";
    spec.finally![0].when = [
      { input: "$(tasks.build.status)", operator: "notin", values: ["Succeeded"] },
    ];
    none(checkPipelineSpec(spec, TASKS));
  });

  it("finally referencing the status of an unknown task is a problem", () => {
    const spec = ciPipeline();
    spec.finally![0].params![1].value = "$(tasks.package.status)";
    only(
      checkPipelineSpec(spec, TASKS),
      ["finally", 0, "params", 1, "value"],
      'references the status of task "package"',
      "pipeline task package is not defined in the pipeline",
    );
  });

  it("tasks may not reference execution status", () => {
    const spec = ciPipeline();
    spec.tasks[4].params![0].value = "$(tasks.build.status)";
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 4, "params", 0, "value"],
      "references execution status $(tasks.build.status) outside finally",
      "pipeline tasks can not refer to execution status of any other pipeline task",
    );
  });
});
