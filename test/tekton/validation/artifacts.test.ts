import * as assert from "assert";
import {
  STEP_ARTIFACT,
  STEP_RESULT,
  TASK_ARTIFACT,
  artifactRule,
} from "../../../components/tekton/validation/artifacts";

describe("step results and artifacts in strings (tekton/validation/artifacts)", () => {
  it("STEP_RESULT: $(steps.<step>.results.<result>), as pkg/internal/resultref's pattern", () => {
    const yes = ["$(steps.build.results.digest)", "x $(steps.a.results.b) y", "$(steps..results.)"];
    const no = [
      "$(steps.build.digest)",
      "$(tasks.a.results.b)",
      "steps.a.results.b",
      "$(step.results.x)",
    ];
    assert.deepStrictEqual([yes.length, no.length], [3, 4]);
    for (const s of yes) assert.ok(STEP_RESULT.test(s), s);
    for (const s of no) assert.ok(!STEP_RESULT.test(s), s);
  });

  it("STEP_ARTIFACT and TASK_ARTIFACT: inputs and outputs by name, and the artifacts path", () => {
    const cases: [string, boolean, boolean][] = [
      ["$(steps.build.outputs.image)", true, false],
      ["$(steps.build.inputs.source)", true, false],
      ["$(step.artifacts.path)", true, false],
      ["$(tasks.build.outputs.image)", false, true],
      ["$(tasks.build.inputs.source)", false, true],
      ["$(artifacts.path)", false, true],
      ["$(steps.build.results.digest)", false, false],
      ["$(tasks.build.results.digest)", false, false],
      ["$(steps.a.b.outputs.c)", false, false],
      ["$(tasks.build.outputs)", false, false],
    ];
    assert.strictEqual(cases.length, 10);
    for (const [s, step, task] of cases) {
      assert.deepStrictEqual([STEP_ARTIFACT.test(s), TASK_ARTIFACT.test(s)], [step, task], s);
    }
  });

  it("artifactRule: the flag TektonPipelines leaves off, and the way round it", () => {
    assert.strictEqual(
      artifactRule("$(artifacts.path)").message,
      `references an artifact in "$(artifacts.path)" — Tekton's admission webhook rejects artifact references unless the enable-artifacts feature flag is on ("feature flag enable-artifacts should be set to true to use artifacts feature."), and TektonPipelines installs it off; pass files through a workspace ($(workspaces.<name>.path)) or results instead`,
    );
    assert.match(
      artifactRule("x", "only in a script").message,
      /installs it off; even then only in a script; pass files/,
    );
  });
});
