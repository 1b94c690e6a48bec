/** Resolving `$(tasks.…)` references: other pipeline tasks' results and, in finally, their status. */
import { BrokenRule, brokenRule } from "../../common/errors";
import { TaskResult } from "../types";
import { TASK_ARTIFACT, artifactRule } from "./artifacts";
import { checkWholeRef } from "./paramRefs";
import { PIPELINERUN, WEBHOOK, q } from "./problems";
import { Ref } from "./refs";
import { PipelineCtx } from "./scope";
import { Site } from "./sites";

const TASK_RESULT_REF = /^tasks\.([^.[\]]+)\.results\.([^.[\]]+)(?:\.([^.[\]]+)|\[(\*|\d+)\])?$/;

/** `$(tasks.…)`: results of other tasks, and (finally only) execution status. */
export function checkTasksRef(ref: Ref, site: Site, p: PipelineCtx): BrokenRule | undefined {
  const status = ref.expr === "tasks.status" || /^tasks\.[^.]+\.(status|reason)$/.test(ref.expr);
  if (status) return checkStatusRef(ref, p);
  if (TASK_ARTIFACT.test(ref.raw)) return artifactRule(site.text);
  const m = TASK_RESULT_REF.exec(ref.expr);
  if (!m) {
    return brokenRule(
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
    return brokenRule(
      `references result ${q(result)} of task ${q(task)} in ${ref.raw}, which that Task does not declare`,
      `${PIPELINERUN} (InvalidTaskResultReference: ${q(result)} is not a named result returned by pipeline task ${q(task)})`,
      `declare it in the Task or use one of ${(spec.results ?? []).map((r) => q(r.name)).join(", ") || "its results (none)"}`,
    );
  }
  return checkResultShape(ref, site, declared, key, index);
}

/** The task part of a result reference; `""` when the reference needs no further check. */
function checkResultTask(ref: Ref, task: string, p: PipelineCtx): BrokenRule | undefined {
  if (task === p.self) {
    return brokenRule(
      `references its own result in ${ref.raw}`,
      `Tekton rejects a Pipeline whose tasks form a cycle ("cycle detected"): task ${q(task)} depends on itself`,
      "write the value in the Task itself ($(results.<name>.path)) or take it from an earlier task",
    );
  }
  if (p.fin.has(task)) {
    return brokenRule(
      `references result of finally task ${q(task)} in ${ref.raw}`,
      p.inFinally
        ? `${WEBHOOK} it ("invalid task result reference, final task has task result reference from a final task ${task}")`
        : `${WEBHOOK} it: tasks cannot depend on finally tasks ("task ${p.self} depends on ${task} but ${task} wasn't present in Pipeline")`,
      "take results only from tasks of the tasks section",
    );
  }
  if (!p.dag.has(task)) {
    return brokenRule(
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
    return brokenRule(
      `reads ${key !== undefined ? `key ${q(key)}` : `[${index}]`} of ${type} result ${q(r.name)} in ${ref.raw}`,
      `Tekton resolves ${needs === "object" ? ".<key>" : "[i] and [*]"} only on ${needs} results ("Invalid task result reference")`,
      `reference the result as $(${ref.expr.replace(/(\.[^.[\]]+|\[[^\]]*\])$/, "")})`,
    );
  }
  if (index === "*") return checkWholeRef(ref, site, `array result ${q(r.name)}`, true);
  return undefined;
}

/** `$(tasks.<t>.status|reason)` / `$(tasks.status)`: finally tasks only, of a dag task. */
function checkStatusRef(ref: Ref, p: PipelineCtx): BrokenRule | undefined {
  if (!p.inFinally) {
    return brokenRule(
      `references execution status ${ref.raw} outside finally`,
      `${WEBHOOK} it ("pipeline tasks can not refer to execution status of any other pipeline task or aggregate status of tasks")`,
      "move the task to finally, or depend on a result instead",
    );
  }
  const task = /^tasks\.([^.]+)\.(status|reason)$/.exec(ref.expr)?.[1];
  if (task === undefined || p.dag.has(task)) return undefined;
  return brokenRule(
    `references the status of task ${q(task)} in ${ref.raw}, which is no task of the tasks section`,
    `${WEBHOOK} it ("pipeline task ${task} is not defined in the pipeline")`,
    `use one of ${[...p.dag.keys()].map(q).join(", ")}`,
  );
}
