import * as assert from "assert";
import { findRefs, resultTargets } from "../../../components/tekton/validation/refs";

describe("finding references in a string (tekton/validation/refs)", () => {
  it("in Task strings: `root.` or `root[` only; the shell's and Kubernetes' $(…) are left alone", () => {
    const cases: [string, string[]][] = [
      ["$(params.a)", ["params.a"]],
      ['$(params["a.b"])', ['params["a.b"]']],
      ["$(params.list[*])", ["params.list[*]"]],
      ["x $(params.a)-$(context.taskRun.name) y", ["params.a", "context.taskRun.name"]],
      ["$(date)", []],
      ["$(HOME)", []],
      ["$(git rev-parse HEAD)", []],
      ["$(1a.b)", []],
      ["$$(params.a)", ["params.a"]],
      ["$$$(params.a)", ["params.a"]],
      ["$(params.a", []],
      ["$( params.a)", []],
      ["", []],
    ];
    assert.strictEqual(cases.length, 13);
    for (const [text, exprs] of cases) {
      assert.deepStrictEqual(
        findRefs(text, false).map((r) => r.expr),
        exprs,
        text,
      );
    }
    assert.deepStrictEqual(findRefs("$$(params.a)", false), [
      { raw: "$(params.a)", expr: "params.a" },
    ]);
  });

  it("in pipeline strings: Tekton's VariableSubstitutionRegex too, so $(date) is a reference", () => {
    assert.deepStrictEqual(
      findRefs("$(date) $(HOME) $(a-b.c) $(x[0]) $(x[*]) $(a b)", true).map((r) => r.expr),
      ["date", "HOME", "a-b.c", "x[0]", "x[*]"],
    );
    assert.deepStrictEqual(findRefs("$(date)", false), []);
  });

  it("resultTargets: the pipeline tasks whose results a string takes", () => {
    assert.deepStrictEqual(
      resultTargets("$(tasks.clone.results.commit)@$(tasks.build.results.digest)", false),
      ["clone", "build"],
    );
    assert.deepStrictEqual(resultTargets("$(tasks.clone.status) $(params.a)", false), []);
    assert.deepStrictEqual(resultTargets("$(tasks.a.results.b[*])", true), ["a"]);
  });
});
