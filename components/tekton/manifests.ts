/**
 * Tekton v1 Task, Pipeline and PipelineRun manifests, each checked statically (its name, its
 * shape, then references, `runAfter`, cycles, step names…: references.ts) before it is returned.
 * Pure.
 */
import { z } from "zod";
import { ArgsError, renderPath, ruleMessage } from "../common/errors";
import { isDns1123Subdomain } from "../common/k8sNames";
import {
  pipelineRunSpecShape,
  pipelineSpecShape,
  taskSpecShape,
  taskSpecsShape,
} from "./specShape";
import { SpecProblem, checkPipelineRunSpec, checkPipelineSpec, checkTaskSpec } from "./references";
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

/**
 * Throws one {@link ArgsError} listing `problems` as `<Kind> '<name>': <prefix>.<path> <message>`,
 * if any (what they are about is a spec the component builds, not one of its arguments).
 */
export function throwProblems(
  component: string,
  name: string,
  problems: readonly SpecProblem[],
  prefix = "",
): void {
  if (problems.length === 0) return;
  throw new ArgsError(
    problems.map((p) => {
      const path = renderPath(p.path);
      return {
        component,
        name,
        where: `${prefix}${path ? `${prefix ? "." : ""}${path}` : ""}`,
        message: p.message,
      };
    }),
  );
}

/**
 * Problems (at `<root>.<path>`, `spec.<path>` by default) of `spec` when it is not the shape
 * `shape` describes: the static checks then only ever see specs they can walk.
 */
export function shapeProblems(
  shape: z.ZodType,
  spec: unknown,
  root: (string | number)[] = ["spec"],
): SpecProblem[] {
  const r = shape.safeParse(spec);
  if (r.success) return [];
  return r.error.issues.map((issue) => ({
    path: [...root, ...(issue.path as (string | number)[])],
    message: ruleMessage(
      issue.code === "invalid_type" && /received undefined/.test(issue.message)
        ? "is missing"
        : `is not valid: ${issue.message}`,
      "Tekton v1's schema for this field (pkg/apis/pipeline/v1 types)",
      "give the field as the Tekton v1 API documents it",
    ),
  }));
}

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

/**
 * Problems of a Tekton object's name (at `metadata.name`), as Tekton's admission webhook checks
 * it (`validate.ObjectMetadata`): a DNS-1123 subdomain of at most 63 characters.
 */
export function checkObjectName(name: string): SpecProblem[] {
  const rule = !isDns1123Subdomain(name)
    ? `invalid resource name ${JSON.stringify(name)}: must be a valid DNS label`
    : name.length > 63
      ? "Invalid resource name: length must be no more than 63 characters"
      : undefined;
  if (rule === undefined) return [];
  return [
    {
      path: ["metadata", "name"],
      message: ruleMessage(
        `(${JSON.stringify(name)}) is not a Tekton object name`,
        `Tekton's admission webhook rejects it ("${rule}"): names are lowercase RFC 1123 subdomains of at most 63 characters`,
        "use lowercase letters, digits, '-' and '.', e.g. \"build-image\"",
      ),
    },
  ];
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
