/** One pipeline task: its Task, the params and workspaces it gives, runAfter, `when`, references. */
import { brokenRule } from "../../common/errors";
import { PipelineSpec, PipelineTask, TaskSpec, WhenExpression } from "../types";
import { TASK_PARAM_FIT, checkGivenParam } from "./givenParams";
import {
  PIPELINERUN,
  Path,
  Report,
  SpecProblem,
  TASKRUN,
  WEBHOOK,
  q,
  reportRepeats,
} from "./problems";
import { checkSites } from "./resolve";
import { PipelineCtx } from "./scope";
import { pipelineTaskSites } from "./sites";
import { checkTask } from "./task";

/** The TaskSpec a pipeline task runs, if known. */
export function resolvedSpec(
  pt: PipelineTask,
  tasks: Readonly<Record<string, TaskSpec>>,
): TaskSpec | undefined {
  if (pt.taskSpec) return pt.taskSpec;
  const name = pt.taskRef?.name;
  return name !== undefined && Object.prototype.hasOwnProperty.call(tasks, name)
    ? tasks[name]
    : undefined;
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
      brokenRule(
        `has ${pt.taskRef ? "both taskRef and taskSpec" : "neither taskRef nor taskSpec"}`,
        `${WEBHOOK} it ("expected exactly one, got ${got}: taskRef, taskSpec")`,
        "give exactly one of them",
      ),
    );
  }
  if (pt.taskRef && !pt.taskSpec && resolvedSpec(pt, tasks) === undefined) {
    report(
      [...base, "taskRef", "name"],
      brokenRule(
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
      brokenRule(
        `lacks required param(s) ${missing.map((p) => q(p.name)).join(", ")} of task ${q(pt.name)}`,
        `${TASKRUN} ("missing values for these params which have no default values: [${missing.map((p) => p.name).join(" ")}]")`,
        "give them, or give them a default in the Task",
      ),
    );
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
        brokenRule(
          `(${q(target)}) is not a workspace of the Pipeline`,
          `${WEBHOOK} it ("pipeline task ${q(pt.name)} expects workspace with name ${q(target)} but none exists in pipeline spec")`,
          `declare it under the Pipeline's workspaces or use one of ${[...pipelineWs].map(q).join(", ") || "none"}`,
        ),
      );
    }
    if (spec && !(spec.workspaces ?? []).some((w) => w.name === b.name)) {
      report(
        [...base, "workspaces", i, "name"],
        brokenRule(
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
      brokenRule(
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
      brokenRule(
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
        ? brokenRule(
            `(${q(target)}) is the task itself`,
            `Tekton rejects a Pipeline whose tasks form a cycle ("cycle detected"): task ${q(target)} depends on itself`,
            "remove it",
          )
        : brokenRule(
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
        brokenRule(
          `(${q(w.operator)}) is not an operator`,
          `${WEBHOOK} it ("operator ${q(w.operator)} is not recognized. valid operators: in,notin")`,
          'use "in" or "notin"',
        ),
      );
    }
    if (!w.values || w.values.length === 0) {
      report(
        [...base, "when", i, "values"],
        brokenRule(
          "is empty",
          `${WEBHOOK} it ("expecting non-empty values field")`,
          "list at least one value",
        ),
      );
    }
  });
}

/** All checks of one pipeline task, including its inline taskSpec. */
export function checkPipelineTask(
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
