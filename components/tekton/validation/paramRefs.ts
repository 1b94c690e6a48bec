/** Resolving `$(params.…)` references, and where a whole array or object may stand. */
import { BrokenRule, brokenRule } from "../../common/errors";
import { ParamSpec } from "../types";
import { paramType } from "./params";
import { WEBHOOK, q } from "./problems";
import { Ref } from "./refs";
import { Scope } from "./scope";
import { Site } from "./sites";

const PARAM_REF = /^params(?:\.([\w-]+)|\["([^"]*)"\]|\['([^']*)'\])(?:\.([\w-]+)|\[(\*|\d+)\])?$/;

/** `$(params.…)` in any of its forms, against the declared params and their types. */
export function checkParamRef(ref: Ref, site: Site, scope: Scope): BrokenRule | undefined {
  const m = PARAM_REF.exec(ref.expr);
  if (!m) {
    return brokenRule(
      `has a malformed param reference ${ref.raw}`,
      `${WEBHOOK} it ('Invalid referencing of parameters in ${q(site.text)}! Only two dot-separated components after the prefix "params" are allowed.')`,
      'write $(params.<name>), $(params.<name>[*]), $(params.<name>[i]), $(params.<object>.<key>) or $(params["<name.with.dots>"])',
    );
  }
  const name = m[1] ?? m[2] ?? m[3];
  const spec = scope.params.get(name);
  if (!spec) return undeclaredParam(ref, site, name, m[4], scope);
  const type = paramType(spec);
  if (m[4] !== undefined) return checkObjectKeyRef(ref, site, spec, m[4]);
  if (m[5] !== undefined && m[5] !== "*") {
    return type === "array"
      ? undefined
      : brokenRule(
          `indexes ${type} param ${q(name)} in ${ref.raw}`,
          "Tekton substitutes $(params.<name>[i]) only for array params",
          `reference it as $(params.${name})`,
        );
  }
  if (type === "string") return m[5] === "*" ? starOnString(ref, name) : undefined;
  return checkWholeRef(ref, site, `${type} param ${q(name)}`, m[5] === "*");
}

/** A reference to a param nobody declared. */
function undeclaredParam(
  ref: Ref,
  site: Site,
  name: string,
  key: string | undefined,
  scope: Scope,
) {
  const dotted = key !== undefined && scope.params.has(`${name}.${key}`);
  const declared = [...scope.params.keys()].map(q).join(", ") || "none";
  return brokenRule(
    `references param ${q(name)} in ${ref.raw}, which ${scope.owner}`,
    `${WEBHOOK} references to undeclared params ('non-existent variable in ${q(site.text)}')`,
    dotted
      ? `a name with dots needs the bracket form: $(params["${name}.${key}"])`
      : `declare it under params or fix the name (declared: ${declared})`,
  );
}

/** `$(params.<object>.<key>)`: an object param and one of its declared keys. */
function checkObjectKeyRef(ref: Ref, site: Site, spec: ParamSpec, key: string) {
  if (paramType(spec) !== "object") {
    return brokenRule(
      `reads key ${q(key)} of ${paramType(spec)} param ${q(spec.name)} in ${ref.raw}`,
      "Tekton substitutes $(params.<name>.<key>) only for object params (names with dots take the bracket form)",
      `write $(params["${spec.name}.${key}"]) if the param is named so, or make it an object param`,
    );
  }
  if (spec.properties && key in spec.properties) return undefined;
  return brokenRule(
    `reads key ${q(key)} of object param ${q(spec.name)} in ${ref.raw}, which it does not declare`,
    `${WEBHOOK} references to undeclared object keys ('non-existent variable in ${q(site.text)}')`,
    `declare ${q(key)} under the param's properties or use one of ${
      Object.keys(spec.properties ?? {})
        .map(q)
        .join(", ") || "its keys"
    }`,
  );
}

/** `[*]` on a string param. */
function starOnString(ref: Ref, name: string): BrokenRule {
  return brokenRule(
    `uses [*] on string param ${q(name)} in ${ref.raw}`,
    "Tekton expands [*] only for array and object params",
    `write $(params.${name})`,
  );
}

/**
 * A whole array/object (param or result): allowed as an entire args/command/array element, or as
 * an entire `[*]` string param value of a pipeline task (arrays; objects only the latter).
 */
export function checkWholeRef(
  ref: Ref,
  site: Site,
  what: string,
  star: boolean,
): BrokenRule | undefined {
  const isolated = site.text === ref.raw;
  const isArray = what.startsWith("array ");
  if (isolated && site.mode === "element" && isArray) return undefined;
  if (isolated && site.mode === "value" && star) return undefined;
  if (site.mode === "element" && isArray) {
    return brokenRule(
      `embeds whole ${what} in a longer string (${q(site.text)})`,
      `${WEBHOOK} it ("variable is not properly isolated in ${q(site.text)}"): a whole array becomes several elements, so it must be an element on its own`,
      `make ${ref.raw} its own element, or index one item ([0])`,
    );
  }
  return brokenRule(
    `uses whole ${what} as a string in ${q(site.text)}`,
    `${WEBHOOK} it ("variable type invalid in ${q(site.text)}"): a whole ${isArray ? "array" : "object"} may only ${isArray ? "be an entire args/command element" : "be passed on as an entire param value ($(params.<name>[*]))"}`,
    isArray
      ? `pass it as its own args element ("${ref.raw}"), or index one item ([0])`
      : "read one key: $(params.<name>.<key>)",
  );
}
