/**
 * Tekton v1 Task, Pipeline and PipelineRun manifests, each checked statically (references,
 * `runAfter`, cycles, step names) before it is returned. Pure.
 */
import { renderPath } from "../common/errors";
import { SpecProblem, checkPipelineSpec, checkTaskSpec } from "./references";
import {
  ObjectMeta,
  PipelineManifest,
  PipelineRunManifest,
  PipelineRunSpec,
  PipelineSpec,
  TEKTON_API_VERSION,
  TaskManifest,
  TaskSpec,
} from "./types";

/** Throws one Error listing `problems` as `<Kind> '<name>': <path> <message>`, if any. */
export function throwProblems(
  component: string,
  name: string,
  problems: readonly SpecProblem[],
  prefix = "",
): void {
  if (problems.length === 0) return;
  throw new Error(
    problems
      .map((p) => {
        const path = renderPath(p.path);
        return `${component} '${name}': ${prefix}${path ? `${prefix ? "." : ""}${path}` : ""} ${p.message}`;
      })
      .join("\n"),
  );
}

/** A checked Task. */
export function taskManifest(component: string, meta: ObjectMeta, spec: TaskSpec): TaskManifest {
  throwProblems(component, meta.name, checkTaskSpec(spec), `Task ${meta.name}`);
  return { apiVersion: TEKTON_API_VERSION, kind: "Task", metadata: meta, spec };
}

/** A checked Pipeline, its `taskRef`s resolved against `tasks` (Task name → spec). */
export function pipelineManifest(
  component: string,
  meta: ObjectMeta,
  spec: PipelineSpec,
  tasks: Readonly<Record<string, TaskSpec>>,
): PipelineManifest {
  throwProblems(component, meta.name, checkPipelineSpec(spec, tasks), `Pipeline ${meta.name}`);
  return { apiVersion: TEKTON_API_VERSION, kind: "Pipeline", metadata: meta, spec };
}

/** A PipelineRun of `pipeline`: every param it gives is declared, every required one given. */
export function pipelineRunManifest(
  component: string,
  meta: ObjectMeta,
  spec: PipelineRunSpec,
  pipeline: PipelineSpec,
): PipelineRunManifest {
  const declared = new Map((pipeline.params ?? []).map((p) => [p.name, p]));
  const given = new Set((spec.params ?? []).map((p) => p.name));
  const problems: SpecProblem[] = [];
  (spec.params ?? []).forEach((p, i) => {
    if (!declared.has(p.name)) {
      problems.push({
        path: ["params", i, "name"],
        message: `(${JSON.stringify(p.name)}) is not a param of the Pipeline — Tekton fails a PipelineRun that passes an undeclared param; remove it or declare it`,
      });
    }
  });
  for (const [n, p] of declared) {
    if (p.default === undefined && !given.has(n)) {
      problems.push({
        path: ["params"],
        message: `lacks the required param ${JSON.stringify(n)} — Tekton fails a PipelineRun missing a param without default; give it`,
      });
    }
  }
  const bound = new Set((spec.workspaces ?? []).map((w) => w.name));
  for (const w of pipeline.workspaces ?? []) {
    if (!w.optional && !bound.has(w.name)) {
      problems.push({
        path: ["workspaces"],
        message: `does not bind workspace ${JSON.stringify(w.name)} — Tekton fails a PipelineRun that leaves a required workspace unbound; bind it`,
      });
    }
  }
  throwProblems(component, meta.name, problems, `PipelineRun ${meta.name}`);
  return { apiVersion: TEKTON_API_VERSION, kind: "PipelineRun", metadata: meta, spec };
}
