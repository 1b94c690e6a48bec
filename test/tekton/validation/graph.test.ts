import * as assert from "assert";
import { checkPipelineSpec, executionOrder } from "../../../components/tekton/validation";
import { throwsWith } from "../../support/expect";
import { has, only, show } from "./support/problems";
import { chain, step, task } from "./support/specs";

describe("checkPipelineSpec: cycles", () => {
  it("a 2-cycle via runAfter", () => {
    const spec = chain({ name: "a", runAfter: ["b"] }, { name: "b", runAfter: ["a"] });
    only(
      checkPipelineSpec(spec, {}),
      ["tasks", 0, "runAfter", 0],
      "closes the cycle a → b → a",
      'Tekton rejects a Pipeline whose tasks form a cycle ("cycle detected"): task "a" depends on "b"',
    );
    throwsWith(() => executionOrder(spec), "a → b → a", "cycle detected");
  });

  it("a 3-cycle via runAfter", () => {
    const spec = chain(
      { name: "a", runAfter: ["c"] },
      { name: "b", runAfter: ["a"] },
      { name: "c", runAfter: ["b"] },
      { name: "d", runAfter: ["c"] },
    );
    only(
      checkPipelineSpec(spec, {}),
      ["tasks", 0, "runAfter", 0],
      "closes the cycle a → c → b → a",
    );
    throwsWith(() => executionOrder(spec), "a → c → b → a");
  });

  it("a 2-cycle via result references", () => {
    const spec = chain(
      {
        name: "a",
        taskSpec: task({ results: [{ name: "out" }], params: [{ name: "x" }] }),
        params: [{ name: "x", value: "$(tasks.b.results.out)" }],
      },
      {
        name: "b",
        taskSpec: task({ results: [{ name: "out" }], params: [{ name: "x" }] }),
        params: [{ name: "x", value: "$(tasks.a.results.out)" }],
      },
    );
    only(
      checkPipelineSpec(spec, {}),
      ["tasks", 0, "params", 0, "value"],
      "closes the cycle a → b → a",
    );
    throwsWith(() => executionOrder(spec), "a → b → a");
  });

  it("a 3-cycle via result references (params, when, inline steps)", () => {
    const spec = chain(
      { name: "a", when: [{ input: "$(tasks.c.results.out)", operator: "in", values: ["yes"] }] },
      {
        name: "b",
        taskSpec: task({
          results: [{ name: "out" }],
          steps: [step({ script: "echo $(tasks.a.results.out)" })],
        }),
      },
      { name: "c", runAfter: ["b"] },
    );
    only(
      checkPipelineSpec(spec, {}),
      ["tasks", 0, "when", 0, "input"],
      "closes the cycle a → c → b → a",
    );
    throwsWith(() => executionOrder(spec), "a → c → b → a");
  });

  it("two separate cycles are both reported", () => {
    const spec = chain(
      { name: "a", runAfter: ["b"] },
      { name: "b", runAfter: ["a"] },
      { name: "c", runAfter: ["d"] },
      { name: "d", runAfter: ["c"] },
    );
    const p = checkPipelineSpec(spec, {});
    has(p, ["tasks", 0, "runAfter", 0], "a → b → a");
    has(p, ["tasks", 2, "runAfter", 0], "c → d → c");
    assert.strictEqual(p.length, 2, show(p));
  });
});
