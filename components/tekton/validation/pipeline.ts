/** Pipeline specs: task names, workspaces, every pipeline task, the task graph and the results. */
import { BrokenRule, brokenRule } from "../../common/errors";
import { isDns1123Label } from "../../common/k8sNames";
import { PipelineSpec, PipelineTask, TaskSpec } from "../types";
import { checkGraph, dependencyGraph } from "./graph";
import { checkParamSpecs } from "./params";
import { checkPipelineTask, resolvedSpec } from "./pipelineTasks";
import {
  PIPELINERUN,
  Path,
  Report,
  SpecProblem,
  WEBHOOK,
  collector,
  q,
  repeats,
  reportRepeats,
} from "./problems";
import { Ref, findRefs } from "./refs";
import { PipelineCtx } from "./scope";

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
      brokenRule(
        `(${q(t.name)}) is not a DNS-1123 label`,
        `${WEBHOOK} it ("invalid value ${q(t.name)}": Pipeline Task name must be a valid DNS Label)`,
        "use at most 63 lowercase letters, digits and '-', e.g. \"build-image\"",
      ),
    );
  }
  for (const i of repeats(all.map((a) => a.t.name))) {
    report(
      all[i].path,
      brokenRule(
        `(${q(all[i].t.name)}) is the name of an earlier pipeline task`,
        `${WEBHOOK} duplicate pipeline task names across tasks and finally ("expected exactly one, got both")`,
        "give each pipeline task its own name",
      ),
    );
  }
  if ((spec.finally ?? []).length > 0 && spec.tasks.length === 0) {
    report(
      ["finally"],
      brokenRule(
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
    brokenRule(
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
      brokenRule(
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

/** Pipeline results: only task result expressions, of existing tasks and declared results. */
function checkPipelineResults(spec: PipelineSpec, ctx: PipelineCtx, report: Report) {
  (spec.results ?? []).forEach((r, i) => {
    const values = typeof r.value === "string" ? [r.value] : Object.values(r.value);
    const refs = values.flatMap((v) => findRefs(v, true));
    if (refs.length === 0) {
      report(
        ["results", i, "value"],
        brokenRule(
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
function checkPipelineResultRef(ref: Ref, ctx: PipelineCtx): BrokenRule | undefined {
  const m = /^(tasks|finally)\.([^.[\]]+)\.results\.([^.[\]]+)(\.[^.[\]]+|\[(\*|\d+)\])?$/.exec(
    ref.expr,
  );
  if (!m) {
    return brokenRule(
      `holds ${ref.raw}, which is no task result reference`,
      `${WEBHOOK} it ("expected pipeline results to be task result expressions but an invalid expressions was found")`,
      "write $(tasks.<task>.results.<result>) or $(finally.<task>.results.<result>)",
    );
  }
  const [, section, task, result] = m;
  const tasks = section === "tasks" ? ctx.dag : ctx.fin;
  if (!tasks.has(task)) {
    return brokenRule(
      `references task ${q(task)} in ${ref.raw}, which is not in the ${section} section`,
      `${WEBHOOK} it ("referencing a nonexistent task")`,
      `use one of ${[...tasks.keys()].map(q).join(", ") || "none"}`,
    );
  }
  const spec = tasks.get(task);
  if (!spec || (spec.results ?? []).some((x) => x.name === result)) return undefined;
  return brokenRule(
    `references result ${q(result)} of task ${q(task)} in ${ref.raw}, which that Task does not declare`,
    `${PIPELINERUN} (InvalidTaskResultReference: "Could not find result with name ${result} for task ${task}")`,
    `use one of ${(spec.results ?? []).map((x) => q(x.name)).join(", ") || "its results (none)"}`,
  );
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
