import * as assert from "assert";
import { checkPipelineSpec, executionOrder } from "../../../components/tekton/validation";
import { PipelineSpec } from "../../../components/tekton/types";
import { Path, has, none, only, show } from "./support/problems";
import { TASKS, chain, ciPipeline, step, task } from "./support/specs";

describe("checkPipelineSpec: params given to tasks", () => {
  it("a param the Task does not declare is no problem: Tekton ignores extra params", () => {
    const spec = ciPipeline();
    spec.tasks[0].params!.push({ name: "depth", value: "1" });
    none(checkPipelineSpec(spec, TASKS));
  });

  it("a missing required task param is a problem", () => {
    const spec = ciPipeline();
    spec.tasks[0].params = [{ name: "revision", value: "main" }];
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 0, "params"],
      'lacks required param(s) "url" of task "clone"',
      "missing values for these params which have no default values: [url]",
    );
  });

  it("a value of another type than the param's is a problem; an isolated [*] passes an array", () => {
    const spec = ciPipeline();
    spec.tasks[1].params = [{ name: "command", value: "go test ./..." }];
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 1, "params", 0, "value"],
      'is a string but param "command" is of type array',
      "param types don't match the user-specified type: [command]",
    );
    spec.tasks[1].params = [{ name: "command", value: "$(params.test-command[*])" }];
    none(checkPipelineSpec(spec, TASKS));
  });

  it("an object value gives every declared key", () => {
    const spec = ciPipeline();
    spec.tasks[3].params![1] = { name: "selector", value: {} };
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 3, "params", 1, "value"],
      'lacks key(s) "role" of object param "selector"',
    );
  });

  it("a param given twice is a problem", () => {
    const spec = ciPipeline();
    spec.tasks[4].params!.push({ name: "application", value: "x" });
    has(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 4, "params", 2, "name"],
      'gives param "application" twice',
    );
  });
});

describe("checkPipelineSpec: workspaces", () => {
  it("a binding names a declared Pipeline workspace", () => {
    const spec = ciPipeline();
    spec.tasks[0].workspaces = [{ name: "output", workspace: "src" }];
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 0, "workspaces", 0, "workspace"],
      '("src") is not a workspace of the Pipeline',
      'pipeline task "clone" expects workspace with name "src" but none exists in pipeline spec',
    );
  });

  it("a binding names a workspace of the Task, and required Task workspaces are bound", () => {
    const spec = ciPipeline();
    spec.tasks[0].workspaces = [{ name: "source", workspace: "source" }];
    const p = checkPipelineSpec(spec, TASKS);
    has(
      p,
      ["tasks", 0, "workspaces", 0, "name"],
      'workspace binding "source" does not match any declared workspace',
    );
    has(
      p,
      ["tasks", 0, "workspaces"],
      'declared workspace "output" is required but has not been bound',
    );
    assert.strictEqual(p.length, 2, show(p));
  });

  it("optional Task workspaces may stay unbound; $(workspaces.<w>.bound) resolves", () => {
    const tasks = {
      ...TASKS,
      "git-clone": { ...TASKS["git-clone"], workspaces: [{ name: "output", optional: true }] },
    };
    const spec = ciPipeline();
    spec.tasks[0].workspaces = [];
    spec.tasks[3].when!.push({
      input: "$(workspaces.source.bound)",
      operator: "in",
      values: ["true"],
    });
    none(checkPipelineSpec(spec, tasks));
    spec.tasks[3].when![1].input = "$(workspaces.cache.bound)";
    only(
      checkPipelineSpec(spec, tasks),
      ["tasks", 3, "when", 1, "input"],
      'references workspace "cache" in $(workspaces.cache.bound), which the Pipeline does not declare',
    );
  });

  it("a binding without workspace binds the Pipeline workspace of its name", () => {
    const spec = ciPipeline();
    spec.workspaces!.push({ name: "output" });
    spec.tasks[0].workspaces = [{ name: "output" }];
    none(checkPipelineSpec(spec, TASKS));
  });

  it("Pipeline workspace names are not empty", () => {
    const spec = ciPipeline();
    spec.workspaces!.push({ name: "" });
    only(
      checkPipelineSpec(spec, TASKS),
      ["workspaces", 2, "name"],
      "is empty",
      "invalid value: workspace 2 has empty name",
    );
  });

  it("Pipeline workspace names are unique", () => {
    const spec = ciPipeline();
    spec.workspaces!.push({ name: "source" });
    only(
      checkPipelineSpec(spec, TASKS),
      ["workspaces", 2, "name"],
      'workspace with name "source" appears more than once',
    );
  });
});

describe("checkPipelineSpec: runAfter", () => {
  it("a runAfter target must exist", () => {
    const spec = ciPipeline();
    spec.tasks[1].runAfter = ["clone", "lint"];
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 1, "runAfter", 1],
      '("lint") is not a task of the tasks section',
      "task test depends on lint but lint wasn't present in Pipeline",
    );
  });

  it("runAfter may not name a finally task or the task itself", () => {
    const spec = ciPipeline();
    spec.tasks[4].runAfter = ["notify", "deploy"];
    const p = checkPipelineSpec(spec, TASKS);
    has(p, ["tasks", 4, "runAfter", 0], '("notify") is not a task of the tasks section');
    has(
      p,
      ["tasks", 4, "runAfter", 1],
      '("deploy") is the task itself',
      '("cycle detected"): task "deploy" depends on itself',
    );
    assert.strictEqual(p.length, 2, show(p));
  });

  it("finally tasks may not use runAfter", () => {
    const spec = ciPipeline();
    spec.finally![0].runAfter = ["deploy"];
    only(
      checkPipelineSpec(spec, TASKS),
      ["finally", 0, "runAfter"],
      "is set on a finally task",
      "no runAfter allowed under spec.finally, final task notify has runAfter specified",
    );
  });
});

describe("checkPipelineSpec: when expressions", () => {
  it("operator is in or notin; values are given; references resolve", () => {
    const spec = ciPipeline();
    spec.tasks[3].when = [
      { input: "$(params.warm)", operator: "equals" as never, values: ["true"] },
      { input: "$(params.warn)", operator: "notin", values: [] },
      {
        input: "$(tasks.build.results.image-ref)",
        operator: "notin",
        values: ["$(params.nothing)"],
      },
    ];
    const p = checkPipelineSpec(spec, TASKS);
    has(
      p,
      ["tasks", 3, "when", 0, "operator"],
      'operator "equals" is not recognized. valid operators: in,notin',
    );
    has(p, ["tasks", 3, "when", 1, "values"], "expecting non-empty values field");
    has(p, ["tasks", 3, "when", 1, "input"], 'references param "warn"');
    has(p, ["tasks", 3, "when", 2, "values", 0], 'references param "nothing"');
    assert.strictEqual(p.length, 4, show(p));
  });

  it("an array param may be a whole when value", () => {
    const spec = ciPipeline();
    spec.tasks[3].when = [
      { input: "$(params.revision)", operator: "in", values: ["$(params.test-command[*])"] },
    ];
    none(checkPipelineSpec(spec, TASKS));
  });

  it("a result in a when expression makes a dependency", () => {
    const spec = chain(
      {
        name: "gate",
        when: [{ input: "$(tasks.probe.results.out)", operator: "in", values: ["ok"] }],
      },
      { name: "probe" },
    );
    none(checkPipelineSpec(spec, {}));
    assert.deepStrictEqual(executionOrder(spec), ["probe", "gate"]);
  });
});

describe("checkPipelineSpec: inline taskSpecs", () => {
  it("runs the Task checks under the taskSpec path", () => {
    const p = checkPipelineSpec(
      {
        tasks: [
          { name: "a", taskSpec: task({ steps: [step({ name: "x" }), step({ name: "x" })] }) },
        ],
      },
      {},
      ["spec"],
    );
    only(p, ["spec", "tasks", 0, "taskSpec", "steps", 1, "name"], "expected exactly one, got both");
  });

  it("inline steps may use propagated pipeline params, pipeline context and earlier results", () => {
    const spec: PipelineSpec = {
      params: [{ name: "image" }],
      tasks: [
        { name: "build", taskSpec: task({ results: [{ name: "digest" }] }) },
        {
          name: "sign",
          taskSpec: task({
            steps: [
              step({
                script:
                  "cosign sign $(params.image)@$(tasks.build.results.digest) # $(context.pipelineRun.name)",
              }),
            ],
          }),
        },
      ],
    };
    none(checkPipelineSpec(spec, {}));
    assert.deepStrictEqual(executionOrder({ ...spec, tasks: [...spec.tasks].reverse() }), [
      "build",
      "sign",
    ]);
  });

  it("inline steps referencing an undeclared param or result are problems", () => {
    const spec: PipelineSpec = {
      params: [{ name: "image" }],
      tasks: [
        { name: "build", taskSpec: task({ results: [{ name: "digest" }] }) },
        {
          name: "sign",
          taskSpec: task({ steps: [step({ script: "$(params.img) $(tasks.build.results.sha)" })] }),
        },
      ],
    };
    const p = checkPipelineSpec(spec, {}, ["spec"]);
    const at: Path = ["spec", "tasks", 1, "taskSpec", "steps", 0, "script"];
    has(p, at, 'references param "img"', "which neither the Task nor the Pipeline declares");
    has(p, at, 'references result "sha" of task "build"');
    assert.strictEqual(p.length, 2, show(p));
  });

  it("pipeline param declarations are checked too", () => {
    const spec = ciPipeline();
    spec.params!.push({ name: "image", type: "array", default: "x" });
    const p = checkPipelineSpec(spec, TASKS);
    has(p, ["params", 7, "name"], 'declares param "image" twice');
    has(p, ["params", 7, "default"], 'is a string but param "image" is of type array');
  });
});
