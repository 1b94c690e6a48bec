import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { renderPath } from "../../../components/common/errors";
import {
  SpecProblem,
  checkObjectName,
  checkPipelineRunSpec,
  checkPipelineSpec,
  checkTaskSpec,
  shapeProblems,
} from "../../../components/tekton/validation";
import {
  pipelineRunSpecShape,
  pipelineSpecShape,
  taskSpecShape,
} from "../../../components/tekton/validation/shape";
import {
  ObjectMeta,
  ParamSpec,
  ParamValue,
  PipelineRunSpec,
  PipelineSpec,
  PipelineTask,
  TaskResult,
  TaskSpec,
} from "../../../components/tekton/types";

/**
 * tektoncd/pipeline v1.15.0's validation test tables (pkg/apis/pipeline/v1/*_validation_test.go),
 * every case our model can express, with upstream's verdict: see testdata/upstream-v1.15.0/README.md.
 */
const ROOT = path.resolve(__dirname, "..", "..", "..", "..");
const DIR = path.join(ROOT, "test", "tekton", "validation", "testdata", "upstream-v1.15.0");

/** The cases each file holds: a loop over fewer (or none) must fail. */
const CASES: Record<string, number> = {
  "task.json": 71,
  "pipeline.json": 129,
  "container.json": 35,
  "result.json": 5,
  "when.json": 8,
  "workspace.json": 9,
  "pipelinerun.json": 20,
};

interface UpstreamError {
  message: string;
  paths: string[];
  details?: string;
}

interface Case {
  test: string;
  line: number;
  name: string;
  validates: string;
  kind: string;
  input: Record<string, unknown> | unknown[];
  verdict: "ok" | "error";
  errors?: UpstreamError[];
  /** We reject what upstream accepts, on purpose: why. */
  stricter?: string;
  /** Upstream's error path has no counterpart in our model: why. */
  unmappedPath?: string;
}

interface Table {
  cases: Case[];
  skipped: Record<
    string,
    { count: number; cases: { line: number; name: string; reason: string }[] }
  >;
}

type Path = (string | number)[];

// ----------------------------------------------------------------------------------------------
// Wrapping a case into what our checks take

const STUB_STEP = { name: "step", image: "image" };

/** Upstream functions that look at only part of a pipeline task, ignoring taskRef/taskSpec. */
const PARTIAL = new Set([
  "validatePipelineResults",
  "ValidatePipelineParameterVariables",
  "validatePipelineTaskParameterUsage",
  "validatePipelineTasksWorkspacesUsage",
  "validatePipelineWorkspacesDeclarations",
  "validateFinalTasks",
  "validatePipelineContextVariables",
  "validateExecutionStatusVariables",
  "validateGraph",
]);

/** A pipeline task the table left without taskRef or taskSpec (its function ignores them) refers to a Task of its name. */
function completed(pt: PipelineTask): PipelineTask {
  return pt.taskRef || pt.taskSpec ? pt : { ...pt, taskRef: { name: pt.name } };
}

/** Every string in `v`. */
function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === "object") return Object.values(v).flatMap(strings);
  return [];
}

/**
 * The Tasks a pipeline's taskRefs name, as upstream's webhook sees them: unknown, so anything
 * the pipeline takes from them exists. Each declares the results the pipeline reads (an array
 * when indexed or `[*]`, an object when a key is read) and, optionally, the workspaces bound.
 */
function stubTasks(spec: PipelineSpec): Record<string, TaskSpec> {
  const all = [...(spec.tasks ?? []), ...(spec.finally ?? [])];
  const refOf = new Map(all.filter((t) => t.taskRef).map((t) => [t.name, t.taskRef!.name]));
  const stubs: Record<string, TaskSpec> = {};
  const stub = (name: string) => (stubs[name] ??= { steps: [STUB_STEP], results: [] });
  for (const pt of all) if (pt.taskRef) stub(pt.taskRef.name);
  const refs = /\$\((?:tasks|finally)\.([^.[\]()]+)\.results\.([^.[\]()]+)(\[[^\]]*\]|\.[^)]+)?\)/g;
  for (const s of strings(spec)) {
    for (const [, task, result, access] of s.matchAll(refs)) {
      const ref = refOf.get(task);
      if (!ref) continue;
      const results = stub(ref).results as TaskResult[];
      if (results.some((r) => r.name === result)) continue;
      const type = access === undefined ? "string" : access.startsWith("[") ? "array" : "object";
      results.push({ name: result, type });
    }
  }
  for (const pt of all) {
    if (!pt.taskRef) continue;
    const s = stub(pt.taskRef.name);
    for (const w of pt.workspaces ?? []) {
      s.workspaces ??= [];
      if (!s.workspaces.some((d) => d.name === w.name))
        s.workspaces.push({ name: w.name, optional: true });
    }
  }
  return stubs;
}

/** The kind of a value, as a param type. */
function kindOf(v: ParamValue): "string" | "array" | "object" {
  if (typeof v === "string") return "string";
  return Array.isArray(v) ? "array" : "object";
}

/** The Pipeline a PipelineRun names, as upstream's webhook sees it: it declares what the run gives. */
function stubPipeline(spec: PipelineRunSpec): PipelineSpec {
  const params: ParamSpec[] = (spec.params ?? []).map((p) => ({
    name: p.name,
    type: kindOf(p.value),
    ...(kindOf(p.value) === "object"
      ? {
          properties: Object.fromEntries(
            Object.keys(p.value).map((k) => [k, { type: "string" as const }]),
          ),
        }
      : {}),
  }));
  const workspaces = (spec.workspaces ?? []).map((w) => ({ name: w.name }));
  return { params, workspaces, tasks: [{ name: "task", taskRef: { name: "task" } }] };
}

/** The shape problems of `spec` (at spec-relative paths, as the static checks give theirs), if any. */
function shape(zodShape: z.ZodType, spec: unknown): SpecProblem[] | undefined {
  const problems = shapeProblems(zodShape, spec).map((p) => ({ ...p, path: p.path.slice(1) }));
  return problems.length > 0 ? problems : undefined;
}

const metaProblems = (meta: Partial<ObjectMeta> | undefined): SpecProblem[] =>
  meta?.name === undefined ? [] : checkObjectName(meta.name);

function taskProblems(spec: unknown, meta?: Partial<ObjectMeta>): SpecProblem[] {
  return [
    ...metaProblems(meta),
    ...(shape(taskSpecShape, spec) ?? checkTaskSpec(spec as TaskSpec)),
  ];
}

function pipelineProblems(spec: PipelineSpec, meta?: Partial<ObjectMeta>): SpecProblem[] {
  const problems = shape(pipelineSpecShape, spec) ?? checkPipelineSpec(spec, stubTasks(spec));
  return [...metaProblems(meta), ...problems];
}

function runProblems(spec: PipelineRunSpec, meta?: Partial<ObjectMeta>): SpecProblem[] {
  const problems =
    shape(pipelineRunSpecShape, spec) ?? checkPipelineRunSpec(spec, stubPipeline(spec));
  return [...metaProblems(meta), ...problems];
}

/** Our problems for a case, and the prefix that places upstream's paths in ours. */
function run(c: Case): { problems: SpecProblem[]; at: Path; strip?: string } {
  const i = c.input as never as Record<string, never> & PipelineSpec & PipelineRunSpec;
  switch (c.kind) {
    case "Task":
      return { problems: taskProblems(i.spec, i.metadata), at: [], strip: "spec" };
    case "TaskSpec":
      return { problems: taskProblems(i), at: [] };
    case "Step":
      return { problems: taskProblems({ steps: [i] }), at: ["steps", 0] };
    case "StepWithParams":
      return { problems: taskProblems({ params: i.params, steps: [i.step] }), at: ["steps", 0] };
    case "TaskResult":
      return { problems: taskProblems({ steps: [STUB_STEP], results: [i] }), at: ["results", 0] };
    case "Pipeline":
      return { problems: pipelineProblems(i.spec, i.metadata), at: [], strip: "spec" };
    case "PipelineSpec":
      return { problems: pipelineProblems(i), at: [] };
    case "PipelineParts": {
      const parts = i as {
        tasks?: PipelineTask[];
        finalTasks?: PipelineTask[];
        params?: ParamSpec[];
        workspaces?: PipelineSpec["workspaces"];
        results?: PipelineSpec["results"];
      };
      const fill = PARTIAL.has(c.validates) ? completed : (pt: PipelineTask) => pt;
      // validatePipelineResults' test gives the results a task named a-task.
      const tasks = c.validates === "validatePipelineResults" ? [{ name: "a-task" }] : parts.tasks;
      const spec: PipelineSpec = {
        ...(parts.params ? { params: parts.params } : {}),
        ...(parts.workspaces ? { workspaces: parts.workspaces } : {}),
        tasks: (tasks ?? []).map(fill),
        ...(parts.finalTasks ? { finally: parts.finalTasks.map(fill) } : {}),
        ...(parts.results ? { results: parts.results } : {}),
      };
      return { problems: pipelineProblems(spec), at: [] };
    }
    case "WhenExpressions":
      return {
        problems: pipelineProblems({
          tasks: [{ name: "task", taskRef: { name: "task" }, when: i as never }],
        }),
        at: ["tasks", 0, "when"],
      };
    case "PipelineRun":
      return { problems: runProblems(i.spec, i.metadata), at: [], strip: "spec" };
    case "PipelineRunSpec":
      return { problems: runProblems(i), at: [] };
    case "WorkspaceBinding":
      return {
        problems: runProblems({ pipelineRef: { name: "pipeline" }, workspaces: [i as never] }),
        at: ["workspaces", 0],
      };
    default:
      return assert.fail(`unknown kind ${c.kind}`);
  }
}

// ----------------------------------------------------------------------------------------------
// Matching upstream's paths to ours

/**
 * An upstream path (`tasks[1].params[name].value`) as segments, lower-cased; a `[key]` (upstream
 * names list items by key) matches any index. Upstream's own path quirks are read as ours:
 * `params.<name>.type` (ValidateParameterTypes) is `params[<name>].type`; `volumeMount[i]`
 * (validateStepArrayUsage and friends) is `volumeMounts[i]`; `tasks[i].steps[j]`
 * (validateUsageOfDeclaredPipelineTaskParameters) is `tasks[i].taskSpec.steps[j]`; a path that
 * starts with `[i]` is relative to the task list the function was given.
 */
function segments(p: string): (string | number | null)[] {
  const out: (string | number | null)[] = [];
  for (const m of p.matchAll(/([^.[\]]+)|\[([^\]]*)\]/g)) {
    if (m[1] !== undefined) out.push(m[1].toLowerCase());
    else out.push(/^\d+$/.test(m[2]) ? Number(m[2]) : null);
  }
  if (p.startsWith("[")) out.unshift("tasks");
  for (let k = 0; k < out.length; k++) {
    if (out[k] === "volumemount") out[k] = "volumemounts";
    const pipelineTask = (out[k - 2] === "tasks" || out[k - 2] === "finally") && k >= 2;
    if (out[k] === "steps" && pipelineTask && typeof out[k - 1] === "number") {
      out.splice(k, 0, "taskspec");
    }
    if (out[k] === "params" && typeof out[k + 1] === "string" && out[k + 2] !== undefined) {
      out[k + 1] = null;
    }
  }
  return out;
}

/** One path is a prefix of the other, segment by segment (a `[key]` matching any index). */
function corresponds(ours: Path, theirs: (string | number | null)[]): boolean {
  const n = Math.min(ours.length, theirs.length);
  for (let k = 0; k < n; k++) {
    const a = typeof ours[k] === "string" ? (ours[k] as string).toLowerCase() : ours[k];
    const b = theirs[k];
    if (b !== null && a !== b) return false;
  }
  return true;
}

/** Upstream's paths in our terms: the wrapper's prefix, without the object's `spec.`. */
function upstreamPaths(c: Case, at: Path, strip?: string): (string | number | null)[][] {
  return (c.errors ?? []).flatMap((e) =>
    (e.paths.length > 0 ? e.paths.flatMap((p) => p.split(", ")) : [""]).map((p) => {
      const s = segments(p);
      return [...at, ...(strip && s[0] === strip ? s.slice(1) : s)];
    }),
  );
}

const show = (ps: SpecProblem[]) =>
  ps.map((p) => `  ${renderPath(p.path) || "(root)"} ${p.message}`).join("\n");

// ----------------------------------------------------------------------------------------------

describe("tektoncd/pipeline v1.15.0's validation tables, run through our checks", () => {
  let ran = 0;
  let pathsAsserted = 0;

  for (const [file, count] of Object.entries(CASES)) {
    describe(file, () => {
      const table = JSON.parse(fs.readFileSync(path.join(DIR, file), "utf8")) as Table;

      it(`holds ${count} cases, and names why each skipped one is skipped`, () => {
        assert.strictEqual(table.cases.length, count);
        for (const [test, s] of Object.entries(table.skipped)) {
          assert.strictEqual(s.cases.length, s.count, test);
          for (const k of s.cases) assert.ok(k.reason.length > 10, `${test}:${k.line}`);
        }
      });

      for (const c of table.cases) {
        it(`${c.test} (line ${c.line}) ${c.name}`, () => {
          ran++;
          const { problems, at, strip } = run(c);
          for (const p of problems) {
            assert.match(p.message, /^.+ — .+; .+$/s, "message follows '<what> — <rule>; <fix>'");
          }
          if (c.verdict === "ok" && !c.stricter) {
            assert.deepStrictEqual(
              problems,
              [],
              `upstream accepts it; we report:\n${show(problems)}`,
            );
            return;
          }
          assert.ok(
            problems.length > 0,
            c.stricter
              ? `we are stricter than upstream here (${c.stricter}), but report nothing`
              : `upstream rejects it (${JSON.stringify(c.errors ?? "an error")}); we report nothing`,
          );
          const theirs = upstreamPaths(c, at, strip);
          if (c.stricter || c.unmappedPath || theirs.length === 0) return;
          assert.ok(
            problems.some((p) => theirs.some((t) => corresponds(p.path, t))),
            `no problem of ours at upstream's ${JSON.stringify(c.errors)}:\n${show(problems)}`,
          );
          pathsAsserted++;
        });
      }
    });
  }

  describe("paths", () => {
    it("rejections are found at upstream's path, not only as some problem", function () {
      const total = Object.values(CASES).reduce((a, b) => a + b, 0);
      if (ran < total) this.skip(); // a --grep run
      // Every rejection whose table gives a path with a counterpart in our model (see unmappedPath).
      assert.strictEqual(pathsAsserted, 180);
    });
  });
});
