import * as assert from "assert";
import { ArgsError, brokenRule } from "../../../components/common/errors";
import {
  PIPELINERUN,
  TASKRUN,
  WEBHOOK,
  collector,
  q,
  repeats,
  reportRepeats,
  throwProblems,
} from "../../../components/tekton/validation/problems";
import { throwsWith } from "../../support/expect";

describe("the checks' plumbing (tekton/validation/problems)", () => {
  it("names the upstream components that refuse a spec, and quotes as JSON", () => {
    assert.strictEqual(WEBHOOK, "Tekton's admission webhook rejects");
    assert.strictEqual(TASKRUN, "Tekton fails the TaskRun");
    assert.strictEqual(PIPELINERUN, "Tekton fails the PipelineRun");
    assert.strictEqual(q('a"b'), '"a\\"b"');
  });

  it("collector: every reported path prefixed with `at`, in the order reported", () => {
    const { problems, report } = collector(["spec", "tasks", 2]);
    const one = brokenRule("is one", "rule one", "fix one");
    const two = brokenRule("is two", "rule two", "fix two");
    report(["params", 0], one);
    report([], two);
    assert.deepStrictEqual(problems, [
      { path: ["spec", "tasks", 2, "params", 0], ...one },
      { path: ["spec", "tasks", 2], ...two },
    ]);
  });

  it("repeats: the index of every name seen before", () => {
    assert.deepStrictEqual(repeats([]), []);
    assert.deepStrictEqual(repeats(["a", "b", "c"]), []);
    assert.deepStrictEqual(repeats(["a", "b", "a", "a", "b"]), [2, 3, 4]);
  });

  it("reportRepeats: each repeat at its name, with the rule and the fix", () => {
    const { problems, report } = collector([]);
    reportRepeats(
      report,
      ["params"],
      [{ name: "x" }, { name: "y" }, { name: "x" }],
      "param",
      (n) => `${WEBHOOK} "parameter appears more than once: ${n}"`,
    );
    assert.deepStrictEqual(problems, [
      {
        path: ["params", 2, "name"],
        ...brokenRule(
          'param "x" twice',
          `Tekton's admission webhook rejects "parameter appears more than once: x"`,
          "remove or rename one of them",
        ),
      },
    ]);
  });

  it("throwProblems: nothing for none; one ArgsError of all, at the prefixed paths", () => {
    throwProblems("CiPipeline", "ci", []);
    const problems = [
      { path: ["tasks", 0, "name"], ...brokenRule("is bad", "rule", "fix") },
      { path: [], ...brokenRule("is empty", "rule", "fix") },
    ];
    const message = throwsWith(() => throwProblems("CiPipeline", "ci", problems, "pipeline"));
    assert.deepStrictEqual(message.split("\n"), [
      "CiPipeline 'ci': pipeline.tasks[0].name is bad — rule; fix",
      "CiPipeline 'ci': pipeline is empty — rule; fix",
    ]);
    try {
      throwProblems("K", "n", problems);
      assert.fail("no error");
    } catch (e) {
      assert.ok(e instanceof ArgsError);
      assert.deepStrictEqual(
        e.problems.map((p) => [p.where, p.what, p.rule, p.fix]),
        [
          ["tasks[0].name", "is bad", "rule", "fix"],
          ["", "is empty", "rule", "fix"],
        ],
      );
    }
  });
});
