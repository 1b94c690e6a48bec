import * as assert from "assert";
import { checkPipelineSpec } from "../../../components/tekton/validation";
import { has, none, only, show } from "./support/problems";
import { TASKS, ciPipeline, task } from "./support/specs";

describe("checkPipelineSpec: pipeline tasks", () => {
  it("an empty spec is a problem; a spec with only a description is not", () => {
    only(
      checkPipelineSpec({ tasks: [] }, {}),
      ["tasks"],
      "is empty, and so is the rest of the spec",
      "expected at least one, got none",
    );
    none(checkPipelineSpec({ description: "nothing yet", tasks: [] }, {}));
  });

  it("a pipeline task param may hold $(results.<name>.path): its Task substitutes it", () => {
    const spec = ciPipeline();
    spec.tasks[0].params!.push({ name: "out", value: "$(results.commit.path)" });
    none(checkPipelineSpec(spec, TASKS));
  });

  it("an artifact reference in a pipeline task param is a problem (enable-artifacts is off)", () => {
    const spec = ciPipeline();
    spec.tasks[1].params!.push({ name: "img", value: "$(tasks.clone.outputs.image)" });
    has(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 1, "params", 1, "value"],
      "references an artifact",
      "feature flag enable-artifacts should be set to true to use artifacts feature.",
    );
  });

  it("pipeline task names are DNS-1123 labels, unique across tasks and finally", () => {
    const spec = ciPipeline();
    spec.tasks[1].name = "Unit_Test";
    spec.finally![0].name = "clone";
    const p = checkPipelineSpec(spec, TASKS);
    has(
      p,
      ["tasks", 1, "name"],
      '("Unit_Test") is not a DNS-1123 label',
      "Pipeline Task name must be a valid DNS Label",
    );
    has(
      p,
      ["finally", 0, "name"],
      '("clone") is the name of an earlier pipeline task',
      "expected exactly one, got both",
    );
  });

  it("exactly one of taskRef and taskSpec", () => {
    const p = checkPipelineSpec(
      {
        tasks: [{ name: "a", taskRef: { name: "t" }, taskSpec: task() }, { name: "b" }],
      },
      { t: task() },
    );
    has(p, ["tasks", 0], "has both taskRef and taskSpec", "expected exactly one, got multiple");
    has(p, ["tasks", 1], "has neither taskRef nor taskSpec", "expected exactly one, got neither");
    assert.strictEqual(p.length, 2, show(p));
  });

  it("a taskRef names a Task in `tasks`", () => {
    only(
      checkPipelineSpec(
        { tasks: [{ name: "a", taskRef: { name: "git-clon" } }] },
        { "git-clone": task() },
      ),
      ["tasks", 0, "taskRef", "name"],
      '("git-clon") names no known Task',
      "CouldntGetTask",
      'use one of "git-clone"',
    );
  });

  it("a Pipeline with finally but no tasks is rejected", () => {
    has(
      checkPipelineSpec({ tasks: [], finally: [{ name: "f", taskSpec: task() }] }, {}),
      ["finally"],
      "spec.tasks is empty but spec.finally has 1 tasks",
    );
  });
});
