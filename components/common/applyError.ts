/**
 * The error of a check made at apply time (a value that was an Output at construction, a warm's
 * outcome): a `pulumi.ResourceError` on the resource it fails, carrying its problems as data as
 * `ArgsError` does at construction.
 */
import * as pulumi from "@pulumi/pulumi";
import { ArgProblem, renderProblem } from "./errors";

/**
 * A `pulumi.ResourceError` (so the engine names the resource) whose problems are data
 * ({@link ArgProblem}: component, name, path or where, what, rule, fix), its message their lines.
 */
export class ApplyError extends pulumi.ResourceError {
  constructor(
    public readonly problems: readonly ArgProblem[],
    resource: pulumi.Resource | undefined,
    hideStack?: boolean,
  ) {
    super(problems.map(renderProblem).join("\n"), resource, hideStack);
  }
}
