import * as assert from "assert";
import {
  RUN_PARAM_FIT,
  TASK_PARAM_FIT,
  checkGivenParam,
} from "../../../components/tekton/validation/givenParams";
import { collector } from "../../../components/tekton/validation/problems";
import { ParamSpec, ParamValue } from "../../../components/tekton/types";

/** The problems of giving `value` for a param declared as `spec`, as `path: message`. */
function given(value: ParamValue, spec: ParamSpec | undefined, fit = TASK_PARAM_FIT): string[] {
  const { problems, report } = collector(["params", 0]);
  checkGivenParam("p", value, spec, [], fit, report);
  return problems.map((p) => `${p.path.join(".")}: ${p.message}`);
}

describe("a given param against its declaration (tekton/validation/givenParams)", () => {
  it("a param nobody declares is no problem (Tekton passes it, the Task ignores it)", () => {
    assert.deepStrictEqual(given("x", undefined), []);
    assert.deepStrictEqual(given(["x"], undefined, RUN_PARAM_FIT), []);
  });

  it("a value of another type: the TaskRun's or the PipelineRun's own message", () => {
    assert.deepStrictEqual(given(["a"], { name: "p", type: "string" }), [
      `params.0.value: is an array but param "p" is of type string — Tekton fails the TaskRun ("param types don't match the user-specified type: [p]"); give a string`,
    ]);
    assert.deepStrictEqual(given("a", { name: "p", type: "array" }, RUN_PARAM_FIT), [
      `params.0.value: is a string but param "p" is of type array — Tekton fails the PipelineRun ("parameters have inconsistent types : [p]"); give an array`,
    ]);
    assert.deepStrictEqual(
      given({ k: "v" }, { name: "p", default: "d" }).length,
      1,
      "typed by its default",
    );
    assert.deepStrictEqual(given("a", { name: "p", default: ["d"] }).length, 1);
    assert.deepStrictEqual(given(["a"], { name: "p", default: ["d"] }), []);
  });

  it("an isolated $(…[*]) passes a whole array or object to a pipeline task, never to a string", () => {
    const star = "$(params.list[*])";
    assert.deepStrictEqual(given(star, { name: "p", type: "array" }), []);
    assert.deepStrictEqual(given(star, { name: "p", type: "object", properties: {} }), []);
    assert.deepStrictEqual(given(star, { name: "p", type: "string" }), [
      `params.0.value: is a whole array or object but param "p" is of type string — Tekton fails the TaskRun ("param types don't match the user-specified type: [p]"); give a string`,
    ]);
    assert.strictEqual(given(`x ${star}`, { name: "p", type: "array" }).length, 1, "not isolated");
    assert.strictEqual(
      given(star, { name: "p", type: "array" }, RUN_PARAM_FIT).length,
      1,
      "a PipelineRun's value is taken as written",
    );
  });

  it("an object lacking declared keys, unless the default has them", () => {
    const spec: ParamSpec = {
      name: "p",
      type: "object",
      properties: { url: { type: "string" }, rev: { type: "string" } },
    };
    assert.deepStrictEqual(given({ url: "u", rev: "r" }, spec), []);
    assert.deepStrictEqual(given({ url: "u" }, spec), [
      `params.0.value: lacks key(s) "rev" of object param "p" — Tekton fails the TaskRun ("missing keys for these params which are required in ParamSpec's properties"); give every declared key`,
    ]);
    assert.deepStrictEqual(given({}, spec, RUN_PARAM_FIT), [
      `params.0.value: lacks key(s) "url", "rev" of object param "p" — Tekton fails the PipelineRun ("pipelineRun missing object keys for parameters"); give every declared key`,
    ]);
    assert.deepStrictEqual(given({ url: "u" }, { ...spec, default: { rev: "main" } }), []);
    assert.deepStrictEqual(given({ url: "u", extra: "x", rev: "r" }, spec), [], "extra keys pass");
  });
});
