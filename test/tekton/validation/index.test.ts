import * as assert from "assert";
import {
  checkPipelineSpec,
  checkTaskSpec,
  executionOrder,
} from "../../../components/tekton/validation";
import { assertBarrelExports } from "../../support/barrels";
import { none } from "./support/problems";
import { TASKS, chain, ciPipeline } from "./support/specs";

describe("Tekton references: realistic specs", () => {
  for (const [name, spec] of Object.entries(TASKS)) {
    it(`task ${name} has no problems`, () => none(checkTaskSpec(spec)));
  }

  it("the clone → test → build → warm → deploy pipeline with finally has no problems", () => {
    none(checkPipelineSpec(ciPipeline(), TASKS));
  });

  it("executionOrder follows runAfter and result references, then finally", () => {
    assert.deepStrictEqual(executionOrder(ciPipeline()), [
      "clone",
      "test",
      "build",
      "warm",
      "deploy",
      "notify",
    ]);
  });

  it("executionOrder is stable by declaration order among ready tasks", () => {
    const spec = chain(
      { name: "z", runAfter: ["b"] },
      { name: "a" },
      { name: "b" },
      { name: "c", params: [{ name: "x", value: "$(tasks.a.results.out)" }] },
    );
    assert.deepStrictEqual(executionOrder(spec), ["a", "b", "z", "c"]);
  });

  it("executionOrder orders by a result reference alone (no runAfter)", () => {
    const spec = chain(
      { name: "deploy", params: [{ name: "x", value: "$(tasks.build.results.out)" }] },
      { name: "build" },
    );
    assert.deepStrictEqual(executionOrder(spec), ["build", "deploy"]);
  });
});

describe("the validation barrel (components/tekton/validation/index.ts)", () => {
  it("exports at run time exactly the names it lists, each a value", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    assertBarrelExports(require("../../../components/tekton/validation"), [
      "checkObjectName",
      "checkPipelineRunSpec",
      "checkPipelineSpec",
      "checkTaskSpec",
      "executionOrder",
      "shapeProblems",
      "throwProblems",
    ]);
  });
});
