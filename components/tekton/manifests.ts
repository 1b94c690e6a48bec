/**
 * Tekton v1 Task, Pipeline and PipelineRun manifests, each checked statically (its name, its
 * shape, then references, `runAfter`, cycles, step names…: validation/) before it is returned.
 * Pure.
 */
import { z } from "zod";
import {
  checkObjectName,
  checkPipelineRunSpec,
  checkPipelineSpec,
  checkTaskSpec,
  shapeProblems,
  throwProblems,
} from "./validation";
import {
  pipelineRunSpecShape,
  pipelineSpecShape,
  taskSpecShape,
  taskSpecsShape,
} from "./validation/shape";
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

/** Throws, as {@link throwProblems}, when `spec` is not the shape `shape` describes. */
function checkShape(
  component: string,
  name: string,
  shape: z.ZodType,
  spec: unknown,
  prefix: string,
  root?: (string | number)[],
): void {
  throwProblems(component, name, shapeProblems(shape, spec, root), prefix);
}

/** A checked Task. */
export function taskManifest(component: string, meta: ObjectMeta, spec: TaskSpec): TaskManifest {
  throwProblems(component, meta.name, checkObjectName(meta.name), `Task ${meta.name}`);
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
  throwProblems(component, meta.name, checkObjectName(meta.name), `Pipeline ${meta.name}`);
  checkShape(component, meta.name, pipelineSpecShape, spec, `Pipeline ${meta.name}`);
  checkShape(component, meta.name, taskSpecsShape, tasks, `Pipeline ${meta.name}`, ["tasks"]);
  throwProblems(component, meta.name, checkPipelineSpec(spec, tasks), `Pipeline ${meta.name}`);
  return { apiVersion: TEKTON_API_VERSION, kind: "Pipeline", metadata: meta, spec };
}

/** A PipelineRun of `pipeline`, checked as {@link checkPipelineRunSpec} checks it. */
export function pipelineRunManifest(
  component: string,
  meta: ObjectMeta,
  spec: PipelineRunSpec,
  pipeline: PipelineSpec,
): PipelineRunManifest {
  throwProblems(component, meta.name, checkObjectName(meta.name), `PipelineRun ${meta.name}`);
  checkShape(component, meta.name, pipelineRunSpecShape, spec, `PipelineRun ${meta.name}`);
  checkShape(
    component,
    meta.name,
    pipelineSpecShape,
    pipeline,
    `Pipeline of PipelineRun ${meta.name}`,
  );
  throwProblems(
    component,
    meta.name,
    checkPipelineRunSpec(spec, pipeline),
    `PipelineRun ${meta.name}`,
  );
  return { apiVersion: TEKTON_API_VERSION, kind: "PipelineRun", metadata: meta, spec };
}
