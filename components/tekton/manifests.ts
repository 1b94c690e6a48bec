/**
 * Tekton v1 Task, Pipeline and PipelineRun manifests, each checked statically (references,
 * `runAfter`, cycles, step names) before it is returned. Pure.
 */
import { z } from "zod";
import { renderPath, ruleMessage } from "../common/errors";
import {
  pipelineRunSpecShape,
  pipelineSpecShape,
  taskSpecShape,
  taskSpecsShape,
} from "./specShape";
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

/**
 * Throws, as {@link throwProblems}, when `spec` is not the shape `shape` describes: the static
 * checks then only ever see specs they can walk.
 */
function checkShape(
  component: string,
  name: string,
  shape: z.ZodType,
  spec: unknown,
  prefix: string,
  /** The path the issues' paths start at. */
  root: (string | number)[] = ["spec"],
): void {
  const r = shape.safeParse(spec);
  if (r.success) return;
  throwProblems(
    component,
    name,
    r.error.issues.map((issue) => ({
      path: [...root, ...(issue.path as (string | number)[])],
      message: ruleMessage(
        issue.code === "invalid_type" && /received undefined/.test(issue.message)
          ? "is missing"
          : `is not valid: ${issue.message}`,
        "Tekton v1's schema for this field (pkg/apis/pipeline/v1 types)",
        "give the field as the Tekton v1 API documents it",
      ),
    })),
    prefix,
  );
}

/** A checked Task. */
export function taskManifest(component: string, meta: ObjectMeta, spec: TaskSpec): TaskManifest {
  checkShape(component, meta.name, taskSpecShape, spec, `Task ${meta.name}`);
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
  checkShape(component, meta.name, pipelineSpecShape, spec, `Pipeline ${meta.name}`);
  checkShape(component, meta.name, taskSpecsShape, tasks, `Pipeline ${meta.name}`, ["tasks"]);
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
  checkShape(component, meta.name, pipelineRunSpecShape, spec, `PipelineRun ${meta.name}`);
  checkShape(
    component,
    meta.name,
    pipelineSpecShape,
    pipeline,
    `Pipeline of PipelineRun ${meta.name}`,
  );
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
