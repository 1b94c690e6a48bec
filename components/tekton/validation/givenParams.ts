/** A param given to a pipeline task or by a PipelineRun, against its declaration. */
import { brokenRule } from "../../common/errors";
import { ParamSpec, ParamValue } from "../types";
import { aKind, kindOf, paramType } from "./params";
import { PIPELINERUN, Path, Report, TASKRUN, q } from "./problems";

/** How a given param must fit its declaration, and what Tekton fails when it does not. */
interface ParamFit {
  /** Who fails: the pipeline task's TaskRun, or the PipelineRun. */
  fails: string;
  /** Upstream's message for a value of another type. */
  wrongType: (name: string) => string;
  /** Upstream's message for an object value lacking declared keys. */
  missingKeys: string;
  /** Whether an isolated `$(…[*])` passes a whole array or object (pipeline task params). */
  star: boolean;
}

/** A pipeline task's params, as its TaskRun's reconciler checks them (validate_taskrun.go). */
export const TASK_PARAM_FIT: ParamFit = {
  fails: TASKRUN,
  wrongType: (n) => `param types don't match the user-specified type: [${n}]`,
  missingKeys: "missing keys for these params which are required in ParamSpec's properties",
  star: true,
};

/** A PipelineRun's params, as its reconciler checks them (pipelinerun/resources/validate_params.go). */
export const RUN_PARAM_FIT: ParamFit = {
  fails: PIPELINERUN,
  wrongType: (n) => `parameters have inconsistent types : [${n}]`,
  missingKeys: "pipelineRun missing object keys for parameters",
  star: false,
};

/**
 * One given param against its declaration. A param nobody declares is no problem: Tekton passes
 * it and the Task or Pipeline ignores it ("Extra Parameters are allowed").
 */
export function checkGivenParam(
  name: string,
  value: ParamValue,
  spec: ParamSpec | undefined,
  path: Path,
  fit: ParamFit,
  report: Report,
) {
  if (!spec) return;
  const type = paramType(spec);
  // An isolated `$(…[*])` passes a whole array or object.
  const wholeStar = fit.star && typeof value === "string" && /^\$\([^()\s]+\[\*\]\)$/.test(value);
  const given = wholeStar ? "a whole array or object" : aKind(kindOf(value));
  if (wholeStar ? type === "string" : kindOf(value) !== type) {
    report(
      [...path, "value"],
      brokenRule(
        `is ${given} but param ${q(name)} is of type ${type}`,
        `${fit.fails} ("${fit.wrongType(name)}")`,
        `give ${aKind(type)}`,
      ),
    );
    return;
  }
  if (type === "object" && typeof value === "object" && !Array.isArray(value)) {
    const fallback =
      spec.default !== undefined && kindOf(spec.default) === "object" ? spec.default : {};
    const have = new Set([...Object.keys(value), ...Object.keys(fallback)]);
    const lacking = Object.keys(spec.properties ?? {}).filter((k) => !have.has(k));
    if (lacking.length > 0) {
      report(
        [...path, "value"],
        brokenRule(
          `lacks key(s) ${lacking.map(q).join(", ")} of object param ${q(name)}`,
          `${fit.fails} ("${fit.missingKeys}")`,
          "give every declared key",
        ),
      );
    }
  }
}
