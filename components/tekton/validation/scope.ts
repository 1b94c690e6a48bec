/** What a reference can see: the params, and the Task's or the Pipeline's variables. */
import { ParamSpec, TaskResult, TaskSpec } from "../types";

/** What a pipeline-level reference can see. */
export interface PipelineCtx {
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
export interface Scope {
  /** Completes "which … " for an undeclared param, e.g. "the Task does not declare". */
  owner: string;
  params: ReadonlyMap<string, ParamSpec>;
  /** Task variables (results, workspaces, credentials, steps…), when in a Task. */
  task?: { results: ReadonlyMap<string, TaskResult>; workspaces: ReadonlySet<string> };
  /** Pipeline variables (tasks.*, pipeline context), when in or under a Pipeline. */
  pipeline?: PipelineCtx;
}
