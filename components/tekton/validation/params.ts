/** Params and their types: a param's kind and type, and the rules of param declarations. */
import { brokenRule } from "../../common/errors";
import { ParamSpec, ParamType, ParamValue } from "../types";
import { Path, Report, WEBHOOK, q, reportRepeats } from "./problems";

export const PARAM_TYPES: readonly string[] = Object.values(ParamType);
/** `stringAndArrayVariableNameFormat` of task_validation.go. */
const STRING_ARRAY_NAME = /^[_a-zA-Z][_a-zA-Z0-9.-]*$/;
/** `objectVariableNameFormat`: object params and their keys take no dots. */
const OBJECT_NAME = /^[_a-zA-Z][_a-zA-Z0-9-]*$/;
/** `ResultNameFormat` of resultref.go. */
export const RESULT_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** The kind of a value: string, array or object. */
export function kindOf(v: ParamValue): ParamType {
  if (typeof v === "string") return "string";
  return Array.isArray(v) ? "array" : "object";
}

/** "a string", "an array", "an object". */
export function aKind(kind: ParamType): string {
  return `${kind === "string" ? "a" : "an"} ${kind}`;
}

/** The type Tekton's `ParamSpec.SetDefaults` gives a param: declared, else from properties/default. */
export function paramType(p: ParamSpec): ParamType {
  if (p.type) return p.type;
  if (p.properties) return "object";
  return p.default === undefined ? "string" : kindOf(p.default);
}

/** Declaration rules of a param list (`ValidateParameterTypes`, duplicates, name format). */
export function checkParamSpecs(
  params: readonly ParamSpec[],
  owner: "Task" | "Pipeline",
  report: Report,
) {
  reportRepeats(
    report,
    ["params"],
    params,
    "declares param",
    () => `${WEBHOOK} duplicate param names ("parameter appears more than once")`,
  );
  params.forEach((p, i) => checkParamSpec(p, ["params", i], owner, report));
}

/** One param declaration: type, default's type, object properties, name format. */
function checkParamSpec(p: ParamSpec, path: Path, owner: "Task" | "Pipeline", report: Report) {
  if (p.type !== undefined && !PARAM_TYPES.includes(p.type)) {
    report(
      [...path, "type"],
      brokenRule(
        `(${q(p.type)}) is not a param type`,
        `${WEBHOOK} other param types ("invalid value: ${p.type}: ${p.name}.type")`,
        'use "string", "array" or "object"',
      ),
    );
    return;
  }
  const type = paramType(p);
  if (p.default !== undefined && kindOf(p.default) !== type) {
    report(
      [...path, "default"],
      brokenRule(
        `is ${aKind(kindOf(p.default))} but param ${q(p.name)} is of type ${type}`,
        `${WEBHOOK} a default of another type ('"${type}" type does not match default value's type: "${kindOf(p.default)}"')`,
        `give ${aKind(type)} default or change the type`,
      ),
    );
  }
  if (type === "object") checkObjectParamSpec(p, path, owner, report);
  else if (owner === "Task" && !STRING_ARRAY_NAME.test(p.name)) {
    report(
      [...path, "name"],
      brokenRule(
        `(${q(p.name)}) is not a valid param name`,
        `${WEBHOOK} it ("The format of following array and string variable names is invalid"): names take letters, digits, '-', '_' and '.', and start with a letter or '_'`,
        'rename it, e.g. "image-ref"',
      ),
    );
  }
}

/** An object param: properties declared (Task), all of type string, names without dots. */
function checkObjectParamSpec(
  p: ParamSpec,
  path: Path,
  owner: "Task" | "Pipeline",
  report: Report,
) {
  if (!p.properties && owner === "Task") {
    report(
      [...path, "properties"],
      brokenRule(
        `is missing for object param ${q(p.name)}`,
        `${WEBHOOK} an object param without properties ("missing field(s): ${p.name}.properties")`,
        'declare its keys, e.g. { url: { type: "string" } }',
      ),
    );
  }
  for (const [key, spec] of Object.entries(p.properties ?? {})) {
    // Tekton's defaulting gives a key without type the type string.
    if (spec.type !== undefined && spec.type !== "string") {
      report(
        [...path, "properties", key, "type"],
        brokenRule(
          `(${q(spec.type)}) is not string`,
          `${WEBHOOK} object keys of other types ("The value type specified for these keys [${key}] is invalid")`,
          'use type "string"',
        ),
      );
    }
  }
  const bad = [p.name, ...Object.keys(p.properties ?? {})].filter((n) => !OBJECT_NAME.test(n));
  if (owner === "Task" && bad.length > 0) {
    report(
      [...path, "name"],
      brokenRule(
        `object param ${q(p.name)} has invalid name(s) ${bad.map(q).join(", ")}`,
        `${WEBHOOK} them ("Object param name and key name format is invalid"): object names and keys take letters, digits, '-' and '_', and start with a letter or '_'`,
        "rename them without dots",
      ),
    );
  }
}
