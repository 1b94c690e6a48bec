/**
 * Resolving references: each reference of each string against what its scope can see
 * (`$(params.…)`: paramRefs.ts, `$(tasks.…)`: tasksRefs.ts).
 */
import { BrokenRule, brokenRule } from "../../common/errors";
import { TaskResult } from "../types";
import { TASK_ARTIFACT } from "./artifacts";
import { checkParamRef } from "./paramRefs";
import { Report, TASKRUN, WEBHOOK, q } from "./problems";
import { Ref, findRefs } from "./refs";
import { Scope } from "./scope";
import { Site } from "./sites";
import { checkTasksRef } from "./tasksRefs";

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
function resolveRef(ref: Ref, site: Site, scope: Scope): BrokenRule | undefined {
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
function unknownPrefix(ref: Ref, scope: Scope): BrokenRule {
  const root = /^[\w-]+/.exec(ref.expr)?.[0];
  if (!scope.task && (root === "finally" || root === "results")) {
    return brokenRule(
      `references ${ref.raw}, which pipeline tasks cannot use`,
      root === "finally"
        ? `Tekton resolves $(finally.<task>.results.<result>) only in pipeline results; ${WEBHOOK} a task that waits on a finally task ("wasn't present in Pipeline")`
        : "Tekton substitutes $(results.<name>.path) only inside a Task",
      "take the value from a task of the tasks section: $(tasks.<task>.results.<result>)",
    );
  }
  if (!scope.task) {
    return brokenRule(
      `references ${ref.raw}, which is no Pipeline variable`,
      `${WEBHOOK} it ("invalid variable reference ${q(ref.raw)}, must start with a valid prefix: params, tasks, finally, context, workspaces, or results; if you meant a shell variable, use \${VAR} instead")`,
      "fix the prefix, e.g. $(params.<name>) or $(tasks.<task>.results.<result>)",
    );
  }
  const roots = "params, results, workspaces, context, credentials, artifacts, steps, step";
  return brokenRule(
    `references ${ref.raw}, which is no Task variable`,
    `Tekton substitutes only ${roots}${scope.pipeline ? ", tasks" : ""} variables in a Task and leaves ${ref.raw} verbatim (a shell then runs it as a command)`,
    "fix the prefix, e.g. $(params.<name>) or $(workspaces.<name>.path)",
  );
}

/** `$(context.…)`: the names Tekton substitutes in this scope. */
function checkContextRef(ref: Ref, site: Site, scope: Scope): BrokenRule | undefined {
  const allowed = [
    ...(scope.task ? TASK_CONTEXT : []),
    ...(scope.pipeline ? PIPELINE_CONTEXT : []),
    ...(scope.pipeline && !scope.task ? PIPELINE_TASK_CONTEXT : []),
  ];
  if (allowed.includes(ref.expr)) return undefined;
  return brokenRule(
    `references ${ref.raw}, which is no context variable here`,
    `${WEBHOOK} unknown context variables ('non-existent variable in ${q(site.text)}')`,
    `use one of ${allowed.map((a) => `$(${a})`).join(", ")}`,
  );
}

/** `$(workspaces.<name>.path|bound|claim|volume)` in a Task. */
function checkTaskWorkspaceRef(ref: Ref, declared: ReadonlySet<string>): BrokenRule | undefined {
  const m = /^workspaces\.([^.]+)\.(path|bound|claim|volume)$/.exec(ref.expr);
  if (!m) {
    return brokenRule(
      `has a malformed workspace reference ${ref.raw}`,
      "Tekton substitutes only $(workspaces.<name>.path|bound|claim|volume)",
      "write e.g. $(workspaces.source.path)",
    );
  }
  if (declared.has(m[1])) return undefined;
  return brokenRule(
    `references workspace ${q(m[1])} in ${ref.raw}, which the Task does not declare`,
    `${TASKRUN} rather than substitute an undeclared workspace (the reference stays verbatim)`,
    `declare it under workspaces or use one of ${[...declared].map(q).join(", ") || "none"}`,
  );
}

/** `$(workspaces.<name>.bound)` in a pipeline task param or `when`. */
function checkPipelineWorkspaceRef(
  ref: Ref,
  declared: ReadonlySet<string>,
): BrokenRule | undefined {
  const m = /^workspaces\.([^.]+)\.bound$/.exec(ref.expr);
  if (m && declared.has(m[1])) return undefined;
  return brokenRule(
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
): BrokenRule | undefined {
  const m = /^results(?:\.(.+)|\["([^"]+)"\]|\['([^']+)'\])\.path$/.exec(ref.expr);
  if (!m) {
    return brokenRule(
      `has a malformed result reference ${ref.raw}`,
      "Tekton substitutes only $(results.<name>.path) in a Task",
      "write e.g. $(results.digest.path)",
    );
  }
  const name = m[1] ?? m[2] ?? m[3];
  if (results.has(name)) return undefined;
  return brokenRule(
    `references result ${q(name)} in ${ref.raw}, which the Task does not declare`,
    `${WEBHOOK} undeclared results ('non-existent variable in ${q(ref.raw)}')`,
    `declare it under results or use one of ${[...results.keys()].map(q).join(", ") || "none"}`,
  );
}

/** Checks every reference of every site against `scope`. */
export function checkSites(sites: readonly Site[], scope: Scope, report: Report) {
  const pipeline = !scope.task;
  for (const site of sites) {
    for (const ref of findRefs(site.text, pipeline)) {
      const problem = resolveRef(ref, site, scope);
      if (problem) report(site.path, problem);
    }
  }
}
