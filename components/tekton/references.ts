/**
 * A static checker for Tekton v1 Task and Pipeline specs, mirroring tektoncd/pipeline v1.15.0:
 * the admission webhook (`pkg/apis/pipeline/v1/*_validation.go`, `pkg/substitution`), the DAG
 * builder (`pkg/reconciler/pipeline/dag`) and the checks the PipelineRun/TaskRun reconcilers make
 * before they start anything (missing params, unbound workspaces, unknown results). Every
 * message quotes the upstream rule. Pure: no Pulumi, no I/O.
 *
 * A variable reference is `$(` + an expression + `)`. In Task strings an expression counts as a
 * Tekton variable when it looks like one (`root.` or `root[`): `$(date)`, `$(HOME)` and
 * `$(git rev-parse HEAD)` are left to the shell or to Kubernetes, as Tekton leaves them. In
 * pipeline task params and `when` expressions Tekton's own pattern applies (`$(date)` there is
 * an error). `$$(` is no escape for Tekton variables: Kubernetes defines that escape for `$(VAR)`,
 * but Tekton v1.15.0's own substitution still replaces the `$(params.x)` inside `$$(params.x)`
 * (giving `$<value>`), and its webhook checks it, so it is checked here too.
 */
import { ruleMessage } from "../common/errors";
import { parseGoDuration } from "../common/goSyntax";
import { isDns1123Label } from "../common/k8sNames";
import {
  ParamSpec,
  ParamType,
  ParamValue,
  PipelineRunSpec,
  PipelineSpec,
  PipelineTask,
  Step,
  TaskResult,
  TaskSpec,
  WhenExpression,
  WorkspaceBinding,
} from "./types";

/** One problem: where (a zod-style path) and what, in ruleMessage form. */
export interface SpecProblem {
  path: (string | number)[];
  message: string;
}

type Path = (string | number)[];
type Report = (path: Path, message: string) => void;

const WEBHOOK = "Tekton's admission webhook rejects";
const TASKRUN = "Tekton fails the TaskRun";
const PIPELINERUN = "Tekton fails the PipelineRun";
const q = (s: unknown): string => JSON.stringify(s);

/** A collector that prefixes every path with `at`. */
function collector(at: Path): { problems: SpecProblem[]; report: Report } {
  const problems: SpecProblem[] = [];
  return {
    problems,
    report: (path, message) => problems.push({ path: [...at, ...path], message }),
  };
}

/** The items of `names` seen before, with the index of each repeat. */
function repeats(names: readonly string[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  names.forEach((n, i) => (seen.has(n) ? out.push(i) : seen.add(n)));
  return out;
}

/**
 * Reports every repeat of a name in `items` (each at `[...at, i, "name"]`) as
 * `<what> <name> twice`, with the upstream rule and the fix.
 */
function reportRepeats(
  report: Report,
  at: Path,
  items: readonly { name: string }[],
  what: string,
  rule: (name: string) => string,
  fix = "remove or rename one of them",
): void {
  for (const i of repeats(items.map((x) => x.name))) {
    const name = items[i].name;
    report([...at, i, "name"], ruleMessage(`${what} ${q(name)} twice`, rule(name), fix));
  }
}

// ---------------------------------------------------------------------------------------------
// Params and their types

const PARAM_TYPES: readonly string[] = Object.values(ParamType);
/** `stringAndArrayVariableNameFormat` of task_validation.go. */
const STRING_ARRAY_NAME = /^[_a-zA-Z][_a-zA-Z0-9.-]*$/;
/** `objectVariableNameFormat`: object params and their keys take no dots. */
const OBJECT_NAME = /^[_a-zA-Z][_a-zA-Z0-9-]*$/;
/** `ResultNameFormat` of resultref.go. */
const RESULT_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** The kind of a value: string, array or object. */
function kindOf(v: ParamValue): ParamType {
  if (typeof v === "string") return "string";
  return Array.isArray(v) ? "array" : "object";
}

/** "a string", "an array", "an object". */
function aKind(kind: ParamType): string {
  return `${kind === "string" ? "a" : "an"} ${kind}`;
}

/** The type Tekton's `ParamSpec.SetDefaults` gives a param: declared, else from properties/default. */
function paramType(p: ParamSpec): ParamType {
  if (p.type) return p.type;
  if (p.properties) return "object";
  return p.default === undefined ? "string" : kindOf(p.default);
}

/** Declaration rules of a param list (`ValidateParameterTypes`, duplicates, name format). */
function checkParamSpecs(params: readonly ParamSpec[], owner: "Task" | "Pipeline", report: Report) {
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
      ruleMessage(
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
      ruleMessage(
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
      ruleMessage(
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
      ruleMessage(
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
        ruleMessage(
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
      ruleMessage(
        `object param ${q(p.name)} has invalid name(s) ${bad.map(q).join(", ")}`,
        `${WEBHOOK} them ("Object param name and key name format is invalid"): object names and keys take letters, digits, '-' and '_', and start with a letter or '_'`,
        "rename them without dots",
      ),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Strings that may hold references

/** How a string field may use a whole array/object: not at all, as an entire element, or as a `[*]` param value. */
type Mode = "text" | "element" | "value";

/** A string of a spec, where it sits, and how it may use whole arrays. */
interface Site {
  path: Path;
  text: string;
  mode: Mode;
  /** A pipeline task param value: the Task gets it as is, so Task variables in it are substituted there. */
  toTask?: boolean;
}

/** The strings of a step or of the step template that Tekton substitutes. */
function stepSites(step: Partial<Step>, base: Path): Site[] {
  const sites: Site[] = [];
  const text = (path: Path, v: string | undefined) => {
    if (v) sites.push({ path: [...base, ...path], text: v, mode: "text" });
  };
  text(["image"], step.image);
  text(["script"], step.script);
  text(["workingDir"], step.workingDir);
  text(["onError"], step.onError);
  for (const field of ["command", "args"] as const) {
    step[field]?.forEach((v, i) =>
      sites.push({ path: [...base, field, i], text: v, mode: "element" }),
    );
  }
  step.env?.forEach((e, i) => {
    text(["env", i, "value"], e.value);
    for (const ref of ["secretKeyRef", "configMapKeyRef"] as const) {
      text(["env", i, "valueFrom", ref, "name"], e.valueFrom?.[ref]?.name);
      text(["env", i, "valueFrom", ref, "key"], e.valueFrom?.[ref]?.key);
    }
  });
  step.volumeMounts?.forEach((m, i) => {
    text(["volumeMounts", i, "name"], m.name);
    text(["volumeMounts", i, "mountPath"], m.mountPath);
    text(["volumeMounts", i, "subPath"], m.subPath);
  });
  return sites;
}

/** Every substitutable string of a TaskSpec: steps, step template, volumes, workspace mount paths. */
function taskSites(spec: TaskSpec, base: Path = []): Site[] {
  const sites = (spec.steps ?? []).flatMap((s, i) => stepSites(s, [...base, "steps", i]));
  if (spec.stepTemplate) sites.push(...stepSites(spec.stepTemplate, [...base, "stepTemplate"]));
  const text = (path: Path, v: string | undefined) => {
    if (v) sites.push({ path: [...base, ...path], text: v, mode: "text" });
  };
  spec.volumes?.forEach((v, i) => {
    text(["volumes", i, "secret", "secretName"], v.secret?.secretName);
    v.secret?.items?.forEach((it, j) => {
      text(["volumes", i, "secret", "items", j, "key"], it.key);
      text(["volumes", i, "secret", "items", j, "path"], it.path);
    });
    text(["volumes", i, "configMap", "name"], v.configMap?.name);
  });
  spec.workspaces?.forEach((w, i) => text(["workspaces", i, "mountPath"], w.mountPath));
  return sites;
}

/** The strings of a pipeline task Tekton substitutes: param values, `when`, workspace subPaths. */
function pipelineTaskSites(pt: PipelineTask, base: Path): Site[] {
  const sites: Site[] = [];
  pt.params?.forEach((p, i) => {
    const at = [...base, "params", i, "value"];
    const toTask = true;
    if (typeof p.value === "string") sites.push({ path: at, text: p.value, mode: "value", toTask });
    else if (Array.isArray(p.value))
      p.value.forEach((v, j) => sites.push({ path: [...at, j], text: v, mode: "element", toTask }));
    else
      for (const [k, v] of Object.entries(p.value))
        sites.push({ path: [...at, k], text: v, mode: "text", toTask });
  });
  pt.when?.forEach((w, i) => {
    sites.push({ path: [...base, "when", i, "input"], text: w.input ?? "", mode: "text" });
    w.values?.forEach((v, j) =>
      sites.push({ path: [...base, "when", i, "values", j], text: v, mode: "element" }),
    );
  });
  pt.workspaces?.forEach((w, i) => {
    if (w.subPath)
      sites.push({ path: [...base, "workspaces", i, "subPath"], text: w.subPath, mode: "text" });
  });
  return sites;
}

// ---------------------------------------------------------------------------------------------
// Finding references

/** One `$(…)` reference: its text and the expression inside. */
interface Ref {
  raw: string;
  expr: string;
}

const REF = /(\$+)\(([^\s()$]*)\)/g;
/** A Task string's `$(…)` is a Tekton variable when it reads `root.` or `root[`. */
const TASK_VARIABLE = /^[A-Za-z_][\w-]*[.[]/;
/** Tekton's `VariableSubstitutionRegex`, used on pipeline task params and `when`. */
const PIPELINE_VARIABLE = /^[\w.-]+(\[(\d+|\*)\])?$/;

/** The references in `text`, however many `$` precede the `(` (Tekton honours no escape). */
function findRefs(text: string, pipeline: boolean): Ref[] {
  const refs: Ref[] = [];
  for (const m of text.matchAll(REF)) {
    const expr = m[2];
    if (TASK_VARIABLE.test(expr) || (pipeline && PIPELINE_VARIABLE.test(expr)))
      refs.push({ raw: `$(${expr})`, expr });
  }
  return refs;
}

/** The pipeline task names `text` takes results of (`$(tasks.<t>.results.…)`). */
function resultTargets(text: string, pipeline: boolean): string[] {
  return findRefs(text, pipeline)
    .map((r) => /^tasks\.([^.[\]]+)\.results\./.exec(r.expr)?.[1])
    .filter((t): t is string => t !== undefined);
}

// ---------------------------------------------------------------------------------------------
// Resolving references

/** What a pipeline-level reference can see. */
interface PipelineCtx {
  /** Tasks of `tasks`, with their TaskSpec when known. */
  dag: ReadonlyMap<string, TaskSpec | undefined>;
  /** Tasks of `finally`. */
  fin: ReadonlyMap<string, TaskSpec | undefined>;
  workspaces: ReadonlySet<string>;
  /** The pipeline task whose strings are checked. */
  self: string;
  inFinally: boolean;
}

/** The variables a string can reference. */
interface Scope {
  /** Completes "which … " for an undeclared param, e.g. "the Task does not declare". */
  owner: string;
  params: ReadonlyMap<string, ParamSpec>;
  /** Task variables (results, workspaces, credentials, steps…), when in a Task. */
  task?: { results: ReadonlyMap<string, TaskResult>; workspaces: ReadonlySet<string> };
  /** Pipeline variables (tasks.*, pipeline context), when in or under a Pipeline. */
  pipeline?: PipelineCtx;
}

const TASK_CONTEXT = [
  "context.task.name",
  "context.task.retry-count",
  "context.taskRun.name",
  "context.taskRun.namespace",
  "context.taskRun.uid",
];
const PIPELINE_CONTEXT = [
  "context.pipelineRun.name",
  "context.pipelineRun.namespace",
  "context.pipelineRun.uid",
  "context.pipeline.name",
];
/** Only substituted in pipeline task params (`ApplyPipelineTaskContexts`). */
const PIPELINE_TASK_CONTEXT = ["context.pipelineTask.retries"];

/** The problem with one reference in `site`, if any. */
function resolveRef(ref: Ref, site: Site, scope: Scope): string | undefined {
  const root = /^[\w-]+/.exec(ref.expr)?.[0] ?? "";
  const t = scope.task;
  const p = scope.pipeline;
  // In a Task an artifact is its steps' business (checkStepOnlyRefs), reported once there.
  if (t && TASK_ARTIFACT.test(ref.raw)) return undefined;
  if (root === "params") return checkParamRef(ref, site, scope);
  if (root === "context") return checkContextRef(ref, site, scope);
  if (root === "workspaces" && t) return checkTaskWorkspaceRef(ref, t.workspaces);
  if (root === "workspaces" && p) return checkPipelineWorkspaceRef(ref, p.workspaces);
  if (root === "tasks" && p) return checkTasksRef(ref, site, p);
  if (t && root === "results") return checkResultPathRef(ref, t.results);
  // Tekton's webhook takes `results` in pipeline task params: the Task substitutes $(results.<name>.path).
  if (!t && root === "results" && site.toTask) return undefined;
  if (t && (root === "steps" || root === "step")) return undefined;
  if (t && (ref.expr === "credentials.path" || ref.expr === "artifacts.path")) return undefined;
  return unknownPrefix(ref, scope);
}

/** A reference whose prefix is no variable of this scope. */
function unknownPrefix(ref: Ref, scope: Scope): string {
  const root = /^[\w-]+/.exec(ref.expr)?.[0];
  if (!scope.task && (root === "finally" || root === "results")) {
    return ruleMessage(
      `references ${ref.raw}, which pipeline tasks cannot use`,
      root === "finally"
        ? `Tekton resolves $(finally.<task>.results.<result>) only in pipeline results; ${WEBHOOK} a task that waits on a finally task ("wasn't present in Pipeline")`
        : "Tekton substitutes $(results.<name>.path) only inside a Task",
      "take the value from a task of the tasks section: $(tasks.<task>.results.<result>)",
    );
  }
  if (!scope.task) {
    return ruleMessage(
      `references ${ref.raw}, which is no Pipeline variable`,
      `${WEBHOOK} it ("invalid variable reference ${q(ref.raw)}, must start with a valid prefix: params, tasks, finally, context, workspaces, or results; if you meant a shell variable, use \${VAR} instead")`,
      "fix the prefix, e.g. $(params.<name>) or $(tasks.<task>.results.<result>)",
    );
  }
  const roots = "params, results, workspaces, context, credentials, artifacts, steps, step";
  return ruleMessage(
    `references ${ref.raw}, which is no Task variable`,
    `Tekton substitutes only ${roots}${scope.pipeline ? ", tasks" : ""} variables in a Task and leaves ${ref.raw} verbatim (a shell then runs it as a command)`,
    "fix the prefix, e.g. $(params.<name>) or $(workspaces.<name>.path)",
  );
}

const PARAM_REF = /^params(?:\.([\w-]+)|\["([^"]*)"\]|\['([^']*)'\])(?:\.([\w-]+)|\[(\*|\d+)\])?$/;

/** `$(params.…)` in any of its forms, against the declared params and their types. */
function checkParamRef(ref: Ref, site: Site, scope: Scope): string | undefined {
  const m = PARAM_REF.exec(ref.expr);
  if (!m) {
    return ruleMessage(
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
      : ruleMessage(
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
  return ruleMessage(
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
    return ruleMessage(
      `reads key ${q(key)} of ${paramType(spec)} param ${q(spec.name)} in ${ref.raw}`,
      "Tekton substitutes $(params.<name>.<key>) only for object params (names with dots take the bracket form)",
      `write $(params["${spec.name}.${key}"]) if the param is named so, or make it an object param`,
    );
  }
  if (spec.properties && key in spec.properties) return undefined;
  return ruleMessage(
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
function starOnString(ref: Ref, name: string): string {
  return ruleMessage(
    `uses [*] on string param ${q(name)} in ${ref.raw}`,
    "Tekton expands [*] only for array and object params",
    `write $(params.${name})`,
  );
}

/**
 * A whole array/object (param or result): allowed as an entire args/command/array element, or as
 * an entire `[*]` string param value of a pipeline task (arrays; objects only the latter).
 */
function checkWholeRef(ref: Ref, site: Site, what: string, star: boolean): string | undefined {
  const isolated = site.text === ref.raw;
  const isArray = what.startsWith("array ");
  if (isolated && site.mode === "element" && isArray) return undefined;
  if (isolated && site.mode === "value" && star) return undefined;
  if (site.mode === "element" && isArray) {
    return ruleMessage(
      `embeds whole ${what} in a longer string (${q(site.text)})`,
      `${WEBHOOK} it ("variable is not properly isolated in ${q(site.text)}"): a whole array becomes several elements, so it must be an element on its own`,
      `make ${ref.raw} its own element, or index one item ([0])`,
    );
  }
  return ruleMessage(
    `uses whole ${what} as a string in ${q(site.text)}`,
    `${WEBHOOK} it ("variable type invalid in ${q(site.text)}"): a whole ${isArray ? "array" : "object"} may only ${isArray ? "be an entire args/command element" : "be passed on as an entire param value ($(params.<name>[*]))"}`,
    isArray
      ? `pass it as its own args element ("${ref.raw}"), or index one item ([0])`
      : "read one key: $(params.<name>.<key>)",
  );
}

/** `$(context.…)`: the names Tekton substitutes in this scope. */
function checkContextRef(ref: Ref, site: Site, scope: Scope): string | undefined {
  const allowed = [
    ...(scope.task ? TASK_CONTEXT : []),
    ...(scope.pipeline ? PIPELINE_CONTEXT : []),
    ...(scope.pipeline && !scope.task ? PIPELINE_TASK_CONTEXT : []),
  ];
  if (allowed.includes(ref.expr)) return undefined;
  return ruleMessage(
    `references ${ref.raw}, which is no context variable here`,
    `${WEBHOOK} unknown context variables ('non-existent variable in ${q(site.text)}')`,
    `use one of ${allowed.map((a) => `$(${a})`).join(", ")}`,
  );
}

/** `$(workspaces.<name>.path|bound|claim|volume)` in a Task. */
function checkTaskWorkspaceRef(ref: Ref, declared: ReadonlySet<string>): string | undefined {
  const m = /^workspaces\.([^.]+)\.(path|bound|claim|volume)$/.exec(ref.expr);
  if (!m) {
    return ruleMessage(
      `has a malformed workspace reference ${ref.raw}`,
      "Tekton substitutes only $(workspaces.<name>.path|bound|claim|volume)",
      "write e.g. $(workspaces.source.path)",
    );
  }
  if (declared.has(m[1])) return undefined;
  return ruleMessage(
    `references workspace ${q(m[1])} in ${ref.raw}, which the Task does not declare`,
    `${TASKRUN} rather than substitute an undeclared workspace (the reference stays verbatim)`,
    `declare it under workspaces or use one of ${[...declared].map(q).join(", ") || "none"}`,
  );
}

/** `$(workspaces.<name>.bound)` in a pipeline task param or `when`. */
function checkPipelineWorkspaceRef(ref: Ref, declared: ReadonlySet<string>): string | undefined {
  const m = /^workspaces\.([^.]+)\.bound$/.exec(ref.expr);
  if (m && declared.has(m[1])) return undefined;
  return ruleMessage(
    m
      ? `references workspace ${q(m[1])} in ${ref.raw}, which the Pipeline does not declare`
      : `references ${ref.raw}; Pipelines only have $(workspaces.<name>.bound)`,
    "Tekton substitutes $(workspaces.<name>.bound) for the Pipeline's declared workspaces only",
    `use one of ${[...declared].map((w) => `$(workspaces.${w}.bound)`).join(", ") || "a declared workspace"}`,
  );
}

/** `$(results.<name>.path)` (also bracket forms) against the Task's results. */
function checkResultPathRef(
  ref: Ref,
  results: ReadonlyMap<string, TaskResult>,
): string | undefined {
  const m = /^results(?:\.(.+)|\["([^"]+)"\]|\['([^']+)'\])\.path$/.exec(ref.expr);
  if (!m) {
    return ruleMessage(
      `has a malformed result reference ${ref.raw}`,
      "Tekton substitutes only $(results.<name>.path) in a Task",
      "write e.g. $(results.digest.path)",
    );
  }
  const name = m[1] ?? m[2] ?? m[3];
  if (results.has(name)) return undefined;
  return ruleMessage(
    `references result ${q(name)} in ${ref.raw}, which the Task does not declare`,
    `${WEBHOOK} undeclared results ('non-existent variable in ${q(ref.raw)}')`,
    `declare it under results or use one of ${[...results.keys()].map(q).join(", ") || "none"}`,
  );
}

const TASK_RESULT_REF = /^tasks\.([^.[\]]+)\.results\.([^.[\]]+)(?:\.([^.[\]]+)|\[(\*|\d+)\])?$/;

/** `$(tasks.…)`: results of other tasks, and (finally only) execution status. */
function checkTasksRef(ref: Ref, site: Site, p: PipelineCtx): string | undefined {
  const status = ref.expr === "tasks.status" || /^tasks\.[^.]+\.(status|reason)$/.test(ref.expr);
  if (status) return checkStatusRef(ref, p);
  if (TASK_ARTIFACT.test(ref.raw)) return artifactMessage(site.text);
  const m = TASK_RESULT_REF.exec(ref.expr);
  if (!m) {
    return ruleMessage(
      `has an unsupported task reference ${ref.raw}`,
      "Tekton substitutes $(tasks.<task>.results.<result>[…]) and, in finally, $(tasks.<task>.status|reason) and $(tasks.status)",
      "write e.g. $(tasks.build.results.image-digest)",
    );
  }
  const [, task, result, key, index] = m;
  const missing = checkResultTask(ref, task, p);
  if (missing) return missing;
  const spec = p.dag.get(task);
  if (!spec) return undefined; // the taskRef itself is reported
  const declared = (spec.results ?? []).find((r) => r.name === result);
  if (!declared) {
    return ruleMessage(
      `references result ${q(result)} of task ${q(task)} in ${ref.raw}, which that Task does not declare`,
      `${PIPELINERUN} (InvalidTaskResultReference: ${q(result)} is not a named result returned by pipeline task ${q(task)})`,
      `declare it in the Task or use one of ${(spec.results ?? []).map((r) => q(r.name)).join(", ") || "its results (none)"}`,
    );
  }
  return checkResultShape(ref, site, declared, key, index);
}

/** The task part of a result reference; `""` when the reference needs no further check. */
function checkResultTask(ref: Ref, task: string, p: PipelineCtx): string | undefined {
  if (task === p.self) {
    return ruleMessage(
      `references its own result in ${ref.raw}`,
      `Tekton rejects a Pipeline whose tasks form a cycle ("cycle detected"): task ${q(task)} depends on itself`,
      "write the value in the Task itself ($(results.<name>.path)) or take it from an earlier task",
    );
  }
  if (p.fin.has(task)) {
    return ruleMessage(
      `references result of finally task ${q(task)} in ${ref.raw}`,
      p.inFinally
        ? `${WEBHOOK} it ("invalid task result reference, final task has task result reference from a final task ${task}")`
        : `${WEBHOOK} it: tasks cannot depend on finally tasks ("task ${p.self} depends on ${task} but ${task} wasn't present in Pipeline")`,
      "take results only from tasks of the tasks section",
    );
  }
  if (!p.dag.has(task)) {
    return ruleMessage(
      `references result of task ${q(task)} in ${ref.raw}, which the Pipeline does not have`,
      p.inFinally
        ? `${WEBHOOK} it ("invalid task result reference, final task has task result reference from a task ${task} which is not defined in the pipeline")`
        : `${PIPELINERUN} ("referenced pipeline task ${q(task)} does not exist")`,
      `use one of ${[...p.dag.keys()].map(q).join(", ")}`,
    );
  }
  return undefined;
}

/** Index/key/`[*]` access against the result's declared type. */
function checkResultShape(ref: Ref, site: Site, r: TaskResult, key?: string, index?: string) {
  const type = r.type ?? "string";
  const needs = key !== undefined ? "object" : index !== undefined ? "array" : undefined;
  if (needs && type !== needs) {
    return ruleMessage(
      `reads ${key !== undefined ? `key ${q(key)}` : `[${index}]`} of ${type} result ${q(r.name)} in ${ref.raw}`,
      `Tekton resolves ${needs === "object" ? ".<key>" : "[i] and [*]"} only on ${needs} results ("Invalid task result reference")`,
      `reference the result as $(${ref.expr.replace(/(\.[^.[\]]+|\[[^\]]*\])$/, "")})`,
    );
  }
  if (index === "*") return checkWholeRef(ref, site, `array result ${q(r.name)}`, true);
  return undefined;
}

/** `$(tasks.<t>.status|reason)` / `$(tasks.status)`: finally tasks only, of a dag task. */
function checkStatusRef(ref: Ref, p: PipelineCtx): string | undefined {
  if (!p.inFinally) {
    return ruleMessage(
      `references execution status ${ref.raw} outside finally`,
      `${WEBHOOK} it ("pipeline tasks can not refer to execution status of any other pipeline task or aggregate status of tasks")`,
      "move the task to finally, or depend on a result instead",
    );
  }
  const task = /^tasks\.([^.]+)\.(status|reason)$/.exec(ref.expr)?.[1];
  if (task === undefined || p.dag.has(task)) return undefined;
  return ruleMessage(
    `references the status of task ${q(task)} in ${ref.raw}, which is no task of the tasks section`,
    `${WEBHOOK} it ("pipeline task ${task} is not defined in the pipeline")`,
    `use one of ${[...p.dag.keys()].map(q).join(", ")}`,
  );
}

/** Checks every reference of every site against `scope`. */
function checkSites(sites: readonly Site[], scope: Scope, report: Report) {
  const pipeline = !scope.task;
  for (const site of sites) {
    for (const ref of findRefs(site.text, pipeline)) {
      const problem = resolveRef(ref, site, scope);
      if (problem) report(site.path, problem);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Tasks

/**
 * Steps: at least one; names unique DNS-1123 labels; an image (own or template); script xor
 * command (own or template); and each step's, and the template's, fields as
 * {@link checkStepFields} checks them (Tekton validates the steps merged with the template).
 */
function checkSteps(spec: TaskSpec, report: Report) {
  const steps = spec.steps ?? [];
  if (steps.length === 0) {
    report(
      ["steps"],
      ruleMessage(
        "is empty",
        `${WEBHOOK} a Task without steps ("missing field(s): steps")`,
        "add a step",
      ),
    );
  }
  steps.forEach((s, i) => checkStep(s, i, spec.stepTemplate ?? {}, report));
  if (spec.stepTemplate) checkStepFields(spec.stepTemplate, ["stepTemplate"], report);
  const named = steps.map((s, i) => ({ name: s.name, i })).filter((s) => s.name);
  for (const j of repeats(named.map((s) => s.name))) {
    report(
      ["steps", named[j].i, "name"],
      ruleMessage(
        `(${q(named[j].name)}) is the name of an earlier step`,
        `${WEBHOOK} duplicate step names ("expected exactly one, got both: steps[${named[j].i}].name")`,
        "give each step its own name",
      ),
    );
  }
}

/** One step: name a DNS-1123 label, an image, not both script and command; its fields. */
function checkStep(s: Step, i: number, template: Partial<Step>, report: Report) {
  if (s.name && !isDns1123Label(s.name)) {
    report(
      ["steps", i, "name"],
      ruleMessage(
        `(${q(s.name)}) is not a DNS-1123 label`,
        `${WEBHOOK} it ("invalid value ${q(s.name)}": Task step name must be a valid DNS Label)`,
        "use at most 63 lowercase letters, digits and '-', e.g. \"run-tests\"",
      ),
    );
  }
  if (!s.image && !template.image) {
    report(
      ["steps", i, "image"],
      ruleMessage(
        "is missing",
        `${WEBHOOK} a step without an image, own or from stepTemplate ("missing field(s): Image")`,
        'give an image pinned by tag or digest, e.g. "alpine:3.20"',
      ),
    );
  }
  const command = s.command?.length ? s.command : template.command;
  if (s.script && command && command.length > 0) {
    report(
      ["steps", i, "script"],
      ruleMessage(
        `is set together with command${s.command?.length ? "" : " (from stepTemplate)"}`,
        `${WEBHOOK} it ("script cannot be used with command")`,
        "keep script, or move it into command/args",
      ),
    );
  }
  checkStepFields(s, ["steps", i], report);
}

/** `StepResultRegex` of pkg/internal/resultref: `$(steps.<step>.results.<result>)`. */
const STEP_RESULT = /\$\(steps\..*?\.results\..*?\)/;
/** Step artifacts (internal/artifactref): `$(steps.<step>.inputs|outputs.<name>)`, `$(step.artifacts.path)`. */
const STEP_ARTIFACT = /\$\(steps\.[^.]+\.(?:inputs|outputs)\.[^.)]+\)|\$\(step\.artifacts\.path\)/;
/** Task artifacts: `$(tasks.<task>.inputs|outputs.<name>)`, `$(artifacts.path)`. */
const TASK_ARTIFACT = /\$\(tasks\.[^.]+\.(?:inputs|outputs)\.[^.)]+\)|\$\(artifacts\.path\)/;

/** The message for an artifact reference: the enable-artifacts flag, off as TektonPipelines installs it. */
function artifactMessage(text: string, where?: string): string {
  return ruleMessage(
    `references an artifact in ${q(text)}`,
    `${WEBHOOK} artifact references unless the enable-artifacts feature flag is on ("feature flag enable-artifacts should be set to true to use artifacts feature."), and TektonPipelines installs it off${where ? `; even then ${where}` : ""}`,
    "pass files through a workspace ($(workspaces.<name>.path)) or results instead",
  );
}

/**
 * Where a step may reference step results and artifacts (container_validation.go): step results
 * only in env, command and args; step artifacts only in env, command, args and script; and no
 * artifact at all while enable-artifacts is off.
 */
function checkStepOnlyRefs(step: Partial<Step>, base: Path, report: Report) {
  const elsewhere: [Path, string | undefined][] = [
    [["name"], step.name],
    [["image"], step.image],
    [["workingDir"], step.workingDir],
    ...(step.envFrom ?? []).flatMap((e, i): [Path, string | undefined][] => [
      [["envFrom", i, "secretRef", "name"], e.secretRef?.name],
      [["envFrom", i, "configMapRef", "name"], e.configMapRef?.name],
    ]),
    ...(step.volumeMounts ?? []).flatMap((m, i): [Path, string | undefined][] => [
      [["volumeMounts", i, "name"], m.name],
      [["volumeMounts", i, "mountPath"], m.mountPath],
      [["volumeMounts", i, "subPath"], m.subPath],
    ]),
  ];
  const allowed: [Path, string | undefined][] = [
    ...(step.command ?? []).map((v, i): [Path, string] => [["command", i], v]),
    ...(step.args ?? []).map((v, i): [Path, string] => [["args", i], v]),
    ...(step.env ?? []).map((e, i): [Path, string | undefined] => [["env", i, "value"], e.value]),
  ];
  for (const [path, text] of [...elsewhere, [["script"], step.script] as [Path, string]]) {
    if (!text || !STEP_RESULT.test(text)) continue;
    report(
      [...base, ...path],
      ruleMessage(
        `references a step result in ${q(text)}`,
        `${WEBHOOK} it ("stepResult substitutions are only allowed in env, command and args")`,
        "pass the result to the step through env, command or args",
      ),
    );
  }
  for (const [path, text] of elsewhere) {
    if (text && (STEP_ARTIFACT.test(text) || TASK_ARTIFACT.test(text))) {
      report(
        [...base, ...path],
        artifactMessage(
          text,
          'step artifacts are only allowed in env, command, args and script ("stepArtifact substitutions are only allowed in env, command, args and script")',
        ),
      );
    }
  }
  for (const [path, text] of [...allowed, [["script"], step.script] as [Path, string]]) {
    if (text && (STEP_ARTIFACT.test(text) || TASK_ARTIFACT.test(text))) {
      report([...base, ...path], artifactMessage(text));
    }
  }
}

/**
 * The fields a step shares with the step template: volume mounts (not under /tekton/ once the
 * path is cleaned, `..` included, except /tekton/home; no tekton-internal- names), the timeout (a
 * Go duration, not negative), onError (continue, stopAndFail or a param), no Windows script under
 * the installed enable-api-fields "beta", and where step results and artifacts may be referenced.
 */
function checkStepFields(step: Partial<Step>, base: Path, report: Report) {
  step.volumeMounts?.forEach((m, j) => {
    const clean = cleanPath(m.mountPath);
    if (clean.startsWith("/tekton/") && !clean.startsWith("/tekton/home")) {
      report(
        [...base, "volumeMounts", j, "mountPath"],
        ruleMessage(
          `(${q(m.mountPath)}) is under /tekton/${clean === m.mountPath ? "" : ` (${q(clean)} once cleaned)`}`,
          `${WEBHOOK} it ("volumeMount cannot be mounted under /tekton/"): Tekton keeps its results, scripts and run state there, only /tekton/home is open`,
          "mount it elsewhere",
        ),
      );
    }
    if (m.name.startsWith("tekton-internal-")) {
      report(
        [...base, "volumeMounts", j, "name"],
        ruleMessage(
          `(${q(m.name)}) starts with "tekton-internal-"`,
          `${WEBHOOK} it ('volumeMount name ${q(m.name)} cannot start with "tekton-internal-"'): the prefix is reserved for Tekton's own volumes`,
          "rename the volume",
        ),
      );
    }
  });
  if (step.timeout !== undefined) {
    const ns = parseGoDuration(step.timeout);
    if (ns === undefined || ns < 0) {
      report(
        [...base, "timeout"],
        ns === undefined
          ? ruleMessage(
              `(${q(step.timeout)}) is not a duration`,
              "Tekton's API decodes Step.timeout with Go's time.ParseDuration and refuses other strings",
              'write e.g. "10m" or "1h30m"',
            )
          : ruleMessage(
              `(${q(step.timeout)}) is negative`,
              `${WEBHOOK} it ("invalid value: ${step.timeout}: negative timeout")`,
              "give 0 (no timeout) or more",
            ),
      );
    }
  }
  const onError = step.onError as string | undefined;
  if (
    onError &&
    !onError.startsWith("$(params.") &&
    !["continue", "stopAndFail"].includes(onError)
  ) {
    report(
      [...base, "onError"],
      ruleMessage(
        `(${q(onError)}) is not continue or stopAndFail`,
        `${WEBHOOK} it ('invalid value: ${q(onError)}': Task step onError must be either "continue" or "stopAndFail")`,
        'use "continue", "stopAndFail" or a param, e.g. "$(params.on-error)"',
      ),
    );
  }
  if (step.script?.trim().startsWith("#!win")) {
    report(
      [...base, "script"],
      ruleMessage(
        "is a Windows script (#!win)",
        `${WEBHOOK} it unless enable-api-fields is "alpha" ('windows script support requires "enable-api-fields" feature gate to be "alpha" but it is "beta"'), and TektonPipelines installs "beta"`,
        'set TektonPipelines featureFlags.enableApiFields to "alpha", or use a Linux shell',
      ),
    );
  }
  checkStepOnlyRefs(step, base, report);
}

/** Results: valid names, known types (object results need properties, which this model lacks), unique. */
function checkResults(results: readonly TaskResult[], report: Report) {
  results.forEach((r, i) => {
    if (!RESULT_NAME.test(r.name)) {
      report(
        ["results", i, "name"],
        ruleMessage(
          `(${q(r.name)}) is not a valid result name`,
          `${WEBHOOK} it: result names consist of alphanumeric characters, '-', '_', and must start and end with an alphanumeric character`,
          'rename it, e.g. "image-digest"',
        ),
      );
    }
    if (r.type === "object" || (r.type !== undefined && !PARAM_TYPES.includes(r.type))) {
      report(
        ["results", i, "type"],
        ruleMessage(
          `(${q(r.type)}) is not usable here`,
          r.type === "object"
            ? `${WEBHOOK} an object result without properties ("missing field(s): ${r.name}.properties"), and this model has none`
            : `${WEBHOOK} other result types ("invalid value: ${r.type}: type")`,
          'use "string" or "array"',
        ),
      );
    }
  });
  reportRepeats(
    report,
    ["results"],
    results,
    "declares result",
    () => "Tekton writes each result to /tekton/results/<name>, so both would share one file",
  );
}

/** Normalizes a mount path like Go's `filepath.Clean` (enough for absolute paths). */
function cleanPath(p: string): string {
  const parts: string[] = [];
  for (const part of p.split("/")) {
    if (part === "..") parts.pop();
    else if (part && part !== ".") parts.push(part);
  }
  return `${p.startsWith("/") ? "/" : ""}${parts.join("/")}` || ".";
}

/** Workspace declarations: unique names, mount paths unique among themselves and volume mounts. */
function checkWorkspaceDecls(spec: TaskSpec, report: Report) {
  const ws = spec.workspaces ?? [];
  reportRepeats(
    report,
    ["workspaces"],
    ws,
    "declares workspace",
    (name) => `${WEBHOOK} it ("workspace name ${q(name)} must be unique")`,
  );
  const mounts = new Set(
    [...(spec.steps ?? []), spec.stepTemplate ?? {}].flatMap((s) =>
      (s.volumeMounts ?? []).map((m) => cleanPath(m.mountPath)),
    ),
  );
  ws.forEach((w, i) => {
    const path = cleanPath(w.mountPath || `/workspace/${w.name}`);
    if (mounts.has(path)) {
      report(
        ["workspaces", i, "mountPath"],
        ruleMessage(
          `(${q(path)}) is already mounted`,
          `${WEBHOOK} it ("workspace mount path ${q(path)} must be unique")`,
          "give the workspace its own mountPath",
        ),
      );
    }
    mounts.add(path);
  });
}

/** Volumes: unique names. */
function checkVolumes(spec: TaskSpec, report: Report) {
  const vols = spec.volumes ?? [];
  reportRepeats(
    report,
    ["volumes"],
    vols,
    "declares volume",
    (name) => `${WEBHOOK} it ('multiple volumes with same name ${q(name)}')`,
  );
}

/** Problems of a TaskSpec, with `pipeline` set for one inlined in a Pipeline (propagated params and results). */
function checkTask(
  spec: TaskSpec,
  at: Path,
  pipeline?: { params: readonly ParamSpec[]; ctx: PipelineCtx },
): SpecProblem[] {
  const { problems, report } = collector(at);
  checkSteps(spec, report);
  checkParamSpecs(spec.params ?? [], "Task", report);
  checkResults(spec.results ?? [], report);
  checkWorkspaceDecls(spec, report);
  checkVolumes(spec, report);
  const params = new Map((pipeline?.params ?? []).map((p) => [p.name, p]));
  for (const p of spec.params ?? []) params.set(p.name, p);
  const scope: Scope = {
    owner: pipeline ? "neither the Task nor the Pipeline declares" : "the Task does not declare",
    params,
    task: {
      results: new Map((spec.results ?? []).map((r) => [r.name, r])),
      workspaces: new Set((spec.workspaces ?? []).map((w) => w.name)),
    },
    pipeline: pipeline?.ctx,
  };
  checkSites(taskSites(spec), scope, report);
  return problems;
}

/**
 * Problems of a Task spec: step names unique DNS-1123 labels, at least one step, every step has
 * an image (its own or stepTemplate's), param names unique and valid (alphanumeric, '-', '_',
 * '.'; starting with a letter or '_'; objects without dots), param types known and defaults of
 * that type, result names valid and unique, workspace names unique; and every variable reference
 * in the spec's strings (steps' image, script, command, args, env, workingDir, volumeMounts;
 * stepTemplate; volumes' secretName/configMap name; workspace mountPaths) resolves:
 * `$(params.<name>)`, `$(params.<name>[*])`, `$(params.<name>[i])`, `$(params.<name>.<key>)`,
 * `$(params["name"])`, `$(params['name'])` against the declared params (whole arrays only as an
 * entire args/command element, indexes only on arrays, keys only declared properties);
 * `$(results.<name>.path)`; `$(workspaces.<name>.path|bound|claim|volume)`; the task/taskRun
 * context; `$(credentials.path)`, `$(steps.…)`, `$(step.…)`. Any other prefix is a problem;
 * `$$(` is no escape (as in Tekton). Steps and the stepTemplate: no volume mount under /tekton/
 * (but /tekton/home) once its path is cleaned, none named tekton-internal-…; timeouts Go
 * durations, not negative; onError continue, stopAndFail or a param; step results
 * (`$(steps.<s>.results.<r>)`) only in env, command and args. The feature flags are those
 * TektonPipelines installs (the release's): no artifact references (`$(artifacts.path)`,
 * `$(step.artifacts.path)`, `$(steps|tasks.<x>.inputs|outputs.<a>)`: enable-artifacts is off), no
 * Windows script (it needs enable-api-fields "alpha").
 */
export function checkTaskSpec(spec: TaskSpec, at: Path = []): SpecProblem[] {
  return checkTask(spec, at);
}

// ---------------------------------------------------------------------------------------------
// Pipelines

/** The TaskSpec a pipeline task runs, if known. */
function resolvedSpec(
  pt: PipelineTask,
  tasks: Readonly<Record<string, TaskSpec>>,
): TaskSpec | undefined {
  if (pt.taskSpec) return pt.taskSpec;
  const name = pt.taskRef?.name;
  return name !== undefined && Object.prototype.hasOwnProperty.call(tasks, name)
    ? tasks[name]
    : undefined;
}

/** Pipeline task names: DNS-1123 labels, unique across tasks and finally; finally needs tasks. */
function checkTaskNames(spec: PipelineSpec, report: Report) {
  const all = [
    ...spec.tasks.map((t, i) => ({ t, path: ["tasks", i, "name"] as Path })),
    ...(spec.finally ?? []).map((t, i) => ({ t, path: ["finally", i, "name"] as Path })),
  ];
  for (const { t, path } of all) {
    if (isDns1123Label(t.name)) continue;
    report(
      path,
      ruleMessage(
        `(${q(t.name)}) is not a DNS-1123 label`,
        `${WEBHOOK} it ("invalid value ${q(t.name)}": Pipeline Task name must be a valid DNS Label)`,
        "use at most 63 lowercase letters, digits and '-', e.g. \"build-image\"",
      ),
    );
  }
  for (const i of repeats(all.map((a) => a.t.name))) {
    report(
      all[i].path,
      ruleMessage(
        `(${q(all[i].t.name)}) is the name of an earlier pipeline task`,
        `${WEBHOOK} duplicate pipeline task names across tasks and finally ("expected exactly one, got both")`,
        "give each pipeline task its own name",
      ),
    );
  }
  if ((spec.finally ?? []).length > 0 && spec.tasks.length === 0) {
    report(
      ["finally"],
      ruleMessage(
        "is set while tasks is empty",
        `${WEBHOOK} it ("spec.tasks is empty but spec.finally has ${spec.finally?.length} tasks")`,
        "add tasks, or move the finally tasks into tasks",
      ),
    );
  }
}

/** A Pipeline spec with nothing in it (no tasks, params, workspaces, description, finally, results). */
function checkNotEmpty(spec: PipelineSpec, report: Report) {
  const parts = [spec.tasks, spec.finally, spec.params, spec.workspaces, spec.results];
  if (spec.description || parts.some((p) => (p ?? []).length > 0)) return;
  report(
    ["tasks"],
    ruleMessage(
      "is empty, and so is the rest of the spec",
      `${WEBHOOK} an empty Pipeline spec ("expected at least one, got none: description, params, resources, tasks, workspaces")`,
      "add the tasks to run",
    ),
  );
}

/** Pipeline workspace declarations: unique, non-empty names. */
function checkPipelineWorkspaces(spec: PipelineSpec, report: Report) {
  const ws = spec.workspaces ?? [];
  ws.forEach((w, i) => {
    if (w.name !== "") return;
    report(
      ["workspaces", i, "name"],
      ruleMessage(
        "is empty",
        `${WEBHOOK} it ("invalid value: workspace ${i} has empty name")`,
        "name the workspace",
      ),
    );
  });
  reportRepeats(
    report,
    ["workspaces"],
    ws,
    "declares workspace",
    (name) => `${WEBHOOK} it ("workspace with name ${q(name)} appears more than once")`,
  );
}

/** taskRef xor taskSpec; a taskRef names a known Task. */
function checkRefOrSpec(
  pt: PipelineTask,
  base: Path,
  tasks: Readonly<Record<string, TaskSpec>>,
  report: Report,
) {
  if (!pt.taskRef === !pt.taskSpec) {
    const got = pt.taskRef ? "multiple" : "neither";
    report(
      base,
      ruleMessage(
        `has ${pt.taskRef ? "both taskRef and taskSpec" : "neither taskRef nor taskSpec"}`,
        `${WEBHOOK} it ("expected exactly one, got ${got}: taskRef, taskSpec")`,
        "give exactly one of them",
      ),
    );
  }
  if (pt.taskRef && !pt.taskSpec && resolvedSpec(pt, tasks) === undefined) {
    report(
      [...base, "taskRef", "name"],
      ruleMessage(
        `(${q(pt.taskRef.name)}) names no known Task`,
        `${PIPELINERUN} when a taskRef names a Task that does not exist ("CouldntGetTask")`,
        `use one of ${Object.keys(tasks).map(q).join(", ") || "the Tasks you create"}`,
      ),
    );
  }
}

/** Params given to a pipeline task: unique, of the type its Task declares; required ones given. */
function checkTaskParams(pt: PipelineTask, base: Path, spec: TaskSpec | undefined, report: Report) {
  const given = pt.params ?? [];
  reportRepeats(
    report,
    [...base, "params"],
    given,
    "gives param",
    (name) =>
      `${WEBHOOK} it ('parameter names must be unique, the parameter "${name}" is also defined at')`,
    "remove one of them",
  );
  if (!spec) return;
  const declared = new Map((spec.params ?? []).map((p) => [p.name, p]));
  given.forEach((p, i) =>
    checkGivenParam(
      p.name,
      p.value,
      declared.get(p.name),
      [...base, "params", i],
      TASK_PARAM_FIT,
      report,
    ),
  );
  const missing = (spec.params ?? []).filter(
    (p) => p.default === undefined && !given.some((g) => g.name === p.name),
  );
  if (missing.length > 0) {
    report(
      [...base, "params"],
      ruleMessage(
        `lacks required param(s) ${missing.map((p) => q(p.name)).join(", ")} of task ${q(pt.name)}`,
        `${TASKRUN} ("missing values for these params which have no default values: [${missing.map((p) => p.name).join(" ")}]")`,
        "give them, or give them a default in the Task",
      ),
    );
  }
}

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
const TASK_PARAM_FIT: ParamFit = {
  fails: TASKRUN,
  wrongType: (n) => `param types don't match the user-specified type: [${n}]`,
  missingKeys: "missing keys for these params which are required in ParamSpec's properties",
  star: true,
};

/** A PipelineRun's params, as its reconciler checks them (pipelinerun/resources/validate_params.go). */
const RUN_PARAM_FIT: ParamFit = {
  fails: PIPELINERUN,
  wrongType: (n) => `parameters have inconsistent types : [${n}]`,
  missingKeys: "pipelineRun missing object keys for parameters",
  star: false,
};

/**
 * One given param against its declaration. A param nobody declares is no problem: Tekton passes
 * it and the Task or Pipeline ignores it ("Extra Parameters are allowed").
 */
function checkGivenParam(
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
      ruleMessage(
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
        ruleMessage(
          `lacks key(s) ${lacking.map(q).join(", ")} of object param ${q(name)}`,
          `${fit.fails} ("${fit.missingKeys}")`,
          "give every declared key",
        ),
      );
    }
  }
}

/** Workspace bindings: unique, naming a Pipeline workspace and a Task workspace; required Task workspaces bound. */
function checkTaskWorkspaces(
  pt: PipelineTask,
  base: Path,
  spec: TaskSpec | undefined,
  pipelineWs: ReadonlySet<string>,
  report: Report,
) {
  const binds = pt.workspaces ?? [];
  reportRepeats(
    report,
    [...base, "workspaces"],
    binds,
    "binds workspace",
    (name) => `${WEBHOOK} it ("workspace name ${q(name)} must be unique")`,
    "remove one of the bindings",
  );
  binds.forEach((b, i) => {
    const target = b.workspace || b.name;
    if (!pipelineWs.has(target)) {
      report(
        [...base, "workspaces", i, "workspace"],
        ruleMessage(
          `(${q(target)}) is not a workspace of the Pipeline`,
          `${WEBHOOK} it ("pipeline task ${q(pt.name)} expects workspace with name ${q(target)} but none exists in pipeline spec")`,
          `declare it under the Pipeline's workspaces or use one of ${[...pipelineWs].map(q).join(", ") || "none"}`,
        ),
      );
    }
    if (spec && !(spec.workspaces ?? []).some((w) => w.name === b.name)) {
      report(
        [...base, "workspaces", i, "name"],
        ruleMessage(
          `(${q(b.name)}) is not a workspace of task ${q(pt.name)}'s Task`,
          `${TASKRUN} ("workspace binding ${q(b.name)} does not match any declared workspace")`,
          `bind one of ${(spec.workspaces ?? []).map((w) => q(w.name)).join(", ") || "its workspaces (none)"}`,
        ),
      );
    }
  });
  const unbound = (spec?.workspaces ?? []).filter(
    (w) => !w.optional && !binds.some((b) => b.name === w.name),
  );
  for (const w of unbound) {
    report(
      [...base, "workspaces"],
      ruleMessage(
        `does not bind workspace ${q(w.name)}, which task ${q(pt.name)}'s Task requires`,
        `${TASKRUN} ("declared workspace ${q(w.name)} is required but has not been bound")`,
        `bind it: { name: ${q(w.name)}, workspace: <a Pipeline workspace> }`,
      ),
    );
  }
}

/** runAfter: not under finally; targets are other tasks of the tasks section. */
function checkRunAfter(
  pt: PipelineTask,
  base: Path,
  inFinally: boolean,
  ctx: PipelineCtx,
  report: Report,
) {
  if (inFinally && (pt.runAfter ?? []).length > 0) {
    report(
      [...base, "runAfter"],
      ruleMessage(
        "is set on a finally task",
        `${WEBHOOK} it ("no runAfter allowed under spec.finally, final task ${pt.name} has runAfter specified")`,
        "remove runAfter: finally tasks run after all tasks",
      ),
    );
    return;
  }
  pt.runAfter?.forEach((target, i) => {
    if (ctx.dag.has(target) && target !== pt.name) return;
    report(
      [...base, "runAfter", i],
      target === pt.name
        ? ruleMessage(
            `(${q(target)}) is the task itself`,
            `Tekton rejects a Pipeline whose tasks form a cycle ("cycle detected"): task ${q(target)} depends on itself`,
            "remove it",
          )
        : ruleMessage(
            `(${q(target)}) is not a task of the tasks section`,
            `${WEBHOOK} it ("task ${pt.name} depends on ${target} but ${target} wasn't present in Pipeline")`,
            `use one of ${
              [...ctx.dag.keys()]
                .filter((n) => n !== pt.name)
                .map(q)
                .join(", ") || "the other tasks"
            }`,
          ),
    );
  });
}

/** `when` expressions: operator in/notin, values given. */
function checkWhen(when: readonly WhenExpression[], base: Path, report: Report) {
  when.forEach((w, i) => {
    if (w.operator !== "in" && w.operator !== "notin") {
      report(
        [...base, "when", i, "operator"],
        ruleMessage(
          `(${q(w.operator)}) is not an operator`,
          `${WEBHOOK} it ("operator ${q(w.operator)} is not recognized. valid operators: in,notin")`,
          'use "in" or "notin"',
        ),
      );
    }
    if (!w.values || w.values.length === 0) {
      report(
        [...base, "when", i, "values"],
        ruleMessage(
          "is empty",
          `${WEBHOOK} it ("expecting non-empty values field")`,
          "list at least one value",
        ),
      );
    }
  });
}

/** All checks of one pipeline task, including its inline taskSpec. */
function checkPipelineTask(
  pt: PipelineTask,
  base: Path,
  pipeline: {
    spec: PipelineSpec;
    tasks: Readonly<Record<string, TaskSpec>>;
    ctx: PipelineCtx;
    at: Path;
  },
  report: Report,
): SpecProblem[] {
  const { spec, tasks, at } = pipeline;
  const ctx = { ...pipeline.ctx, self: pt.name, inFinally: base[0] === "finally" };
  const taskSpec = resolvedSpec(pt, tasks);
  checkRefOrSpec(pt, base, tasks, report);
  checkTaskParams(pt, base, taskSpec, report);
  checkTaskWorkspaces(pt, base, taskSpec, ctx.workspaces, report);
  checkRunAfter(pt, base, ctx.inFinally, ctx, report);
  checkWhen(pt.when ?? [], base, report);
  const params = new Map((spec.params ?? []).map((p) => [p.name, p]));
  checkSites(
    pipelineTaskSites(pt, base),
    { owner: "the Pipeline does not declare", params, pipeline: ctx },
    report,
  );
  if (!pt.taskSpec) return [];
  return checkTask(pt.taskSpec, [...at, ...base, "taskSpec"], { params: spec.params ?? [], ctx });
}

/** Pipeline results: only task result expressions, of existing tasks and declared results. */
function checkPipelineResults(spec: PipelineSpec, ctx: PipelineCtx, report: Report) {
  (spec.results ?? []).forEach((r, i) => {
    const values = typeof r.value === "string" ? [r.value] : Object.values(r.value);
    const refs = values.flatMap((v) => findRefs(v, true));
    if (refs.length === 0) {
      report(
        ["results", i, "value"],
        ruleMessage(
          `(${q(r.value)}) holds no task result reference`,
          `${WEBHOOK} it ("expected pipeline results to be task result expressions but no expressions were found")`,
          "write e.g. $(tasks.build.results.image-digest)",
        ),
      );
    }
    for (const ref of refs) {
      const problem = checkPipelineResultRef(ref, ctx);
      if (problem) report(["results", i, "value"], problem);
    }
  });
}

/** One reference of a pipeline result: `$(tasks|finally.<t>.results.<r>…)`. */
function checkPipelineResultRef(ref: Ref, ctx: PipelineCtx): string | undefined {
  const m = /^(tasks|finally)\.([^.[\]]+)\.results\.([^.[\]]+)(\.[^.[\]]+|\[(\*|\d+)\])?$/.exec(
    ref.expr,
  );
  if (!m) {
    return ruleMessage(
      `holds ${ref.raw}, which is no task result reference`,
      `${WEBHOOK} it ("expected pipeline results to be task result expressions but an invalid expressions was found")`,
      "write $(tasks.<task>.results.<result>) or $(finally.<task>.results.<result>)",
    );
  }
  const [, section, task, result] = m;
  const tasks = section === "tasks" ? ctx.dag : ctx.fin;
  if (!tasks.has(task)) {
    return ruleMessage(
      `references task ${q(task)} in ${ref.raw}, which is not in the ${section} section`,
      `${WEBHOOK} it ("referencing a nonexistent task")`,
      `use one of ${[...tasks.keys()].map(q).join(", ") || "none"}`,
    );
  }
  const spec = tasks.get(task);
  if (!spec || (spec.results ?? []).some((x) => x.name === result)) return undefined;
  return ruleMessage(
    `references result ${q(result)} of task ${q(task)} in ${ref.raw}, which that Task does not declare`,
    `${PIPELINERUN} (InvalidTaskResultReference: "Could not find result with name ${result} for task ${task}")`,
    `use one of ${(spec.results ?? []).map((x) => q(x.name)).join(", ") || "its results (none)"}`,
  );
}

// ---------------------------------------------------------------------------------------------
// PipelineRuns

/** The timeouts of a PipelineRun. */
type RunTimeouts = NonNullable<PipelineRunSpec["timeouts"]>;

/**
 * `timeouts.pipeline` when a run sets none: Tekton's defaulting sets config-defaults'
 * default-timeout-minutes (60 in the release, and as TektonPipelines installs it) before its
 * webhook validates.
 */
const DEFAULT_RUN_TIMEOUT_NS = 60 * 60e9;

/** The timeouts as Go durations (ns): each parses, none is negative. */
function runTimeoutValues(
  t: RunTimeouts,
  report: Report,
): Partial<Record<keyof RunTimeouts, number>> {
  const ns: Partial<Record<keyof RunTimeouts, number>> = {};
  for (const k of ["pipeline", "tasks", "finally"] as const) {
    const v = t[k];
    if (v === undefined) continue;
    const d = parseGoDuration(v);
    if (d === undefined) {
      report(
        ["timeouts", k],
        ruleMessage(
          `(${q(v)}) is not a duration`,
          "Tekton's API decodes timeouts with Go's time.ParseDuration and refuses other strings",
          'write e.g. "1h" or "30m"',
        ),
      );
    } else if (d < 0) {
      report(
        ["timeouts", k],
        ruleMessage(
          `(${q(v)}) is negative`,
          `${WEBHOOK} it ("invalid value: ${v} should be >= 0")`,
          "give 0 (no timeout) or more",
        ),
      );
    } else ns[k] = d;
  }
  return ns;
}

/**
 * timeouts: Go durations, none negative; `tasks` and `finally`, and their sum, within `pipeline`
 * (the 60-minute default when unset, {@link DEFAULT_RUN_TIMEOUT_NS}); 0, no timeout, only under a
 * pipeline timeout of 0.
 */
function checkRunTimeouts(t: RunTimeouts, report: Report) {
  const ns = runTimeoutValues(t, report);
  if (t.pipeline !== undefined && ns.pipeline === undefined) return;
  const limit = ns.pipeline ?? DEFAULT_RUN_TIMEOUT_NS;
  const pipeline =
    t.pipeline === undefined
      ? "the run's timeout (unset: Tekton's defaulting makes it default-timeout-minutes, 60m)"
      : `timeouts.pipeline (${q(t.pipeline)})`;
  const fix = `raise timeouts.pipeline${t.pipeline === undefined ? " (set it)" : ""} or lower this one`;
  for (const k of ["tasks", "finally"] as const) {
    const d = ns[k];
    if (d === undefined || limit === 0 || (d !== 0 && d <= limit)) continue;
    report(
      ["timeouts", k],
      ruleMessage(
        d === 0
          ? `(${q(t[k])}) means no timeout, but ${pipeline} is one`
          : `(${q(t[k])}) exceeds ${pipeline}`,
        `${WEBHOOK} it ("invalid value: ${t[k]}${d === 0 ? " (no timeout)" : ""} should be <= pipeline duration")`,
        fix,
      ),
    );
  }
  if (ns.tasks !== undefined && ns.finally !== undefined && ns.tasks + ns.finally > limit) {
    report(
      ["timeouts"],
      ruleMessage(
        `tasks (${q(t.tasks)}) and finally (${q(t.finally)}) together exceed ${pipeline}`,
        `${WEBHOOK} it ("invalid value: ${t.tasks} + ${t.finally} should be <= pipeline duration")`,
        fix,
      ),
    );
  }
}

/** The volume sources a workspace binding may give (workspace_validation.go), `projected` and `csi` included. */
const BINDING_SOURCES = [
  "persistentVolumeClaim",
  "volumeClaimTemplate",
  "emptyDir",
  "configMap",
  "secret",
  "projected",
  "csi",
] as const;

/** Workspace bindings: unique names; exactly one volume source, naming what it mounts. */
function checkRunWorkspaces(bindings: readonly WorkspaceBinding[], report: Report) {
  reportRepeats(
    report,
    ["workspaces"],
    bindings,
    "binds workspace",
    (name) => `${WEBHOOK} it ('workspace ${q(name)} provided by pipelinerun more than once')`,
    "remove one of the bindings",
  );
  bindings.forEach((b, i) => {
    const given = BINDING_SOURCES.filter(
      (k) => (b as unknown as Record<string, unknown>)[k] !== undefined,
    );
    if (given.length !== 1) {
      report(
        ["workspaces", i],
        ruleMessage(
          given.length === 0 ? "has no volume source" : `has ${given.join(" and ")}`,
          `${WEBHOOK} it ("expected exactly one, got ${given.length === 0 ? "neither" : "both"}: configmap, emptydir, persistentvolumeclaim, secret, volumeclaimtemplate")`,
          "give exactly one of persistentVolumeClaim, volumeClaimTemplate, emptyDir, configMap, secret",
        ),
      );
      return;
    }
    const names: [string, string | undefined, string][] = [
      ["persistentVolumeClaim", b.persistentVolumeClaim?.claimName, "claimName"],
      ["configMap", b.configMap?.name, "name"],
      ["secret", b.secret?.secretName, "secretName"],
    ];
    for (const [source, name, field] of names) {
      if (given[0] !== source || name) continue;
      report(
        ["workspaces", i, source, field],
        ruleMessage(
          "is missing",
          `${WEBHOOK} a ${source} binding that names nothing ("missing field(s): ${source.toLowerCase()}.${field === "secretName" ? field : field.toLowerCase()}")`,
          `name the ${source === "persistentVolumeClaim" ? "PersistentVolumeClaim" : source === "configMap" ? "ConfigMap" : "Secret"}`,
        ),
      );
    }
  });
}

/** Params a run gives: unique (case-insensitively), no task results, of the Pipeline's types. */
function checkRunParams(spec: PipelineRunSpec, pipeline: PipelineSpec, report: Report) {
  const params = spec.params ?? [];
  reportRepeats(
    report,
    ["params"],
    params.map((p) => ({ name: p.name.toLowerCase() })),
    "gives param",
    (name) =>
      `${WEBHOOK} it ("expected exactly one, got both: params[${name}].name"), names compared case-insensitively`,
    "remove one of them",
  );
  const declared = new Map((pipeline.params ?? []).map((p) => [p.name, p]));
  params.forEach((p, i) => {
    const results = strings(p.value).flatMap((v) => resultTargets(v, true));
    if (results.length > 0) {
      report(
        ["params", i, "value"],
        ruleMessage(
          `references results of task(s) ${results.map(q).join(", ")}`,
          `${WEBHOOK} it ("cannot use result expressions in [...] as PipelineRun parameter values"): a run starts before any task`,
          "give a literal value; take task results inside the Pipeline",
        ),
      );
    }
    checkGivenParam(p.name, p.value, declared.get(p.name), ["params", i], RUN_PARAM_FIT, report);
  });
  const given = new Set(params.map((p) => p.name));
  for (const [n, p] of declared) {
    if (p.default === undefined && !given.has(n)) {
      report(
        ["params"],
        ruleMessage(
          `lacks the required param ${q(n)}`,
          `${PIPELINERUN} missing a param without default ("pipelineRun missing parameters: [${n}]")`,
          "give it",
        ),
      );
    }
  }
}

/** The strings of a param value. */
function strings(v: ParamValue): string[] {
  if (typeof v === "string") return [v];
  return Array.isArray(v) ? v : Object.values(v);
}

/**
 * Problems of a PipelineRun spec against the Pipeline it runs (`pipeline`): params unique,
 * literal (no task results) and of the Pipeline's declared types, object params with every
 * declared key, required params given (extra params are no problem: Tekton ignores them);
 * workspace bindings unique, each with exactly one volume source that names what it mounts, every
 * required Pipeline workspace bound; timeouts Go durations, none negative, `tasks` and `finally`
 * (and their sum) within `pipeline`.
 */
export function checkPipelineRunSpec(spec: PipelineRunSpec, pipeline: PipelineSpec): SpecProblem[] {
  const { problems, report } = collector([]);
  checkRunParams(spec, pipeline, report);
  checkRunWorkspaces(spec.workspaces ?? [], report);
  const bound = new Set((spec.workspaces ?? []).map((w) => w.name));
  for (const w of pipeline.workspaces ?? []) {
    if (!w.optional && !bound.has(w.name)) {
      report(
        ["workspaces"],
        ruleMessage(
          `does not bind workspace ${q(w.name)}`,
          `${PIPELINERUN} that leaves a required workspace unbound ("pipeline requires workspace with name ${q(w.name)} be provided by pipelinerun")`,
          "bind it",
        ),
      );
    }
  }
  if (spec.timeouts) checkRunTimeouts(spec.timeouts, report);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The task graph

/** Task name → (dependency → path of the runAfter entry or reference that makes it). */
type Graph = Map<string, Map<string, Path>>;

/** The graph of the tasks section: runAfter plus result references (params, when, inline taskSpec). */
function dependencyGraph(spec: PipelineSpec): Graph {
  const names = new Set(spec.tasks.map((t) => t.name));
  const graph: Graph = new Map();
  spec.tasks.forEach((pt, i) => {
    const deps = graph.get(pt.name) ?? new Map<string, Path>();
    graph.set(pt.name, deps);
    const add = (dep: string, path: Path) => {
      if (names.has(dep) && dep !== pt.name && !deps.has(dep)) deps.set(dep, path);
    };
    pt.runAfter?.forEach((d, j) => add(d, ["tasks", i, "runAfter", j]));
    for (const site of pipelineTaskSites(pt, ["tasks", i]))
      for (const d of resultTargets(site.text, true)) add(d, site.path);
    if (pt.taskSpec)
      for (const site of taskSites(pt.taskSpec, ["tasks", i, "taskSpec"]))
        for (const d of resultTargets(site.text, false)) add(d, site.path);
  });
  return graph;
}

/** Kahn's algorithm, always taking the first-declared ready task; the rest are in or after cycles. */
function topoOrder(graph: Graph): { order: string[]; rest: string[] } {
  const done = new Set<string>();
  const order: string[] = [];
  const names = [...graph.keys()];
  for (;;) {
    const next = names.find(
      (n) => !done.has(n) && [...graph.get(n)!.keys()].every((d) => done.has(d)),
    );
    if (next === undefined) break;
    done.add(next);
    order.push(next);
  }
  return { order, rest: names.filter((n) => !done.has(n)) };
}

/** One cycle among `rest` (every task left by topoOrder waits on another left task): `[a, b, a]`. */
function findCycle(graph: Graph, rest: readonly string[]): string[] {
  const left = new Set(rest);
  const walk = [rest[0]];
  for (;;) {
    const current = walk[walk.length - 1];
    const next = [...graph.get(current)!.keys()].find((d) => left.has(d))!;
    const seen = walk.indexOf(next);
    if (seen >= 0) return [...walk.slice(seen), next];
    walk.push(next);
  }
}

/** The message for a cycle. */
function cycleMessage(cycle: readonly string[]): string {
  return ruleMessage(
    `closes the cycle ${cycle.join(" → ")} (each task runs after the next)`,
    `Tekton rejects a Pipeline whose tasks form a cycle ("cycle detected"): task ${q(cycle[0])} depends on ${q(cycle[1])}`,
    "remove one of the runAfter entries or result references of the cycle",
  );
}

/** Reports every cycle of the graph once, at the edge that leaves its first task. */
function checkGraph(graph: Graph, report: Report) {
  const g: Graph = new Map([...graph].map(([n, d]) => [n, new Map(d)]));
  for (;;) {
    const { rest } = topoOrder(g);
    if (rest.length === 0) return;
    const cycle = findCycle(g, rest);
    report(g.get(cycle[0])!.get(cycle[1])!, cycleMessage(cycle));
    for (const n of cycle) g.delete(n);
    for (const deps of g.values()) for (const n of cycle) deps.delete(n);
  }
}

/**
 * Problems of a Pipeline spec, given the TaskSpecs its taskRefs name (`tasks`; inline taskSpecs
 * are checked too, with checkTaskSpec's rules, propagated pipeline params and result references
 * allowed): not empty (no tasks, params, workspaces or description at all); workspace names not
 * empty and unique; pipeline task names unique DNS-1123 labels; exactly one of taskRef/taskSpec;
 * taskRefs name a known Task; params given are of the type their Task declares (one it does not
 * declare is no problem: Tekton ignores it) and its required params are given; workspace
 * bindings name a Pipeline workspace (`workspace`, else their own name) and a Task workspace, and
 * the Task's required workspaces are bound; runAfter targets are tasks of the tasks section (none
 * under finally); references in params, `when` and subPaths resolve (`$(params.…)`,
 * `$(tasks.<t>.results.<r>)` of a task that declares it, the pipeline context,
 * `$(workspaces.<w>.bound)`, in finally `$(tasks.<t>.status|reason)`/`$(tasks.status)`, in params
 * `$(results.<name>.path)` for the Task to substitute; no artifacts, enable-artifacts being off as
 * installed); no task references its own results; the graph of runAfter and result references
 * has no cycle; `when` operators are in/notin; pipeline results reference existing task results.
 */
export function checkPipelineSpec(
  spec: PipelineSpec,
  tasks: Readonly<Record<string, TaskSpec>>,
  at: Path = [],
): SpecProblem[] {
  const { problems, report } = collector(at);
  const byName = (list: readonly PipelineTask[]) =>
    new Map(list.map((t) => [t.name, resolvedSpec(t, tasks)] as const));
  const ctx: PipelineCtx = {
    dag: byName(spec.tasks),
    fin: byName(spec.finally ?? []),
    workspaces: new Set((spec.workspaces ?? []).map((w) => w.name)),
    self: "",
    inFinally: false,
  };
  checkNotEmpty(spec, report);
  checkParamSpecs(spec.params ?? [], "Pipeline", report);
  checkPipelineWorkspaces(spec, report);
  checkTaskNames(spec, report);
  const pipeline = { spec, tasks, ctx, at };
  const inline = [
    ...spec.tasks.flatMap((pt, i) => checkPipelineTask(pt, ["tasks", i], pipeline, report)),
    ...(spec.finally ?? []).flatMap((pt, i) =>
      checkPipelineTask(pt, ["finally", i], pipeline, report),
    ),
  ];
  checkGraph(dependencyGraph(spec), report);
  checkPipelineResults(spec, ctx, report);
  return [...problems, ...inline];
}

/**
 * The pipeline task names in an order Tekton may run them: the tasks section topologically
 * sorted by runAfter and result references (stable: among ready tasks the first declared goes
 * first), then the finally tasks in declaration order. Dependencies on unknown tasks are ignored
 * (checkPipelineSpec reports them). Throws on a cycle, naming it.
 */
export function executionOrder(spec: PipelineSpec): string[] {
  const graph = dependencyGraph(spec);
  const { order, rest } = topoOrder(graph);
  if (rest.length > 0) throw new Error(`Pipeline tasks: ${cycleMessage(findCycle(graph, rest))}`);
  return [...order, ...(spec.finally ?? []).map((t) => t.name)];
}
