/**
 * A static checker for Tekton v1 Task and Pipeline specs, mirroring tektoncd/pipeline v1.15.0:
 * the admission webhook (`pkg/apis/pipeline/v1/*_validation.go`, `pkg/substitution`), the DAG
 * builder (`pkg/reconciler/pipeline/dag`) and the checks the PipelineRun/TaskRun reconcilers make
 * before they start anything (missing params, unbound workspaces, unknown results). Every
 * message quotes the upstream rule. Pure: no Pulumi, no I/O.
 *
 * The checks of a Task (task.ts, its steps: steps.ts), a Pipeline (pipeline.ts, each pipeline
 * task: pipelineTasks.ts; the task graph: graph.ts) and a PipelineRun (pipelineRun.ts); the
 * strings that may hold references (sites.ts), finding the references in them (refs.ts) and
 * resolving each (resolve.ts, paramRefs.ts, tasksRefs.ts); a spec's shape (shape.ts) and an
 * object's name (objectName.ts). This module exports what the package publishes.
 */
export { SpecProblem, throwProblems } from "./problems";
export { shapeProblems } from "./shape";
export { checkObjectName } from "./objectName";
export { checkTaskSpec } from "./task";
export { checkPipelineSpec } from "./pipeline";
export { checkPipelineRunSpec } from "./pipelineRun";
export { executionOrder } from "./graph";
