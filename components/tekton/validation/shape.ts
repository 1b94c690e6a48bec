/**
 * The shape of the Tekton v1 specs our model types (../types.ts), checked before the static checks
 * (the rest of validation/) walk them: a spec from JavaScript, YAML or stack config that is not even the
 * right shape — a blank `when` entry, a task with no name, a volume mount with no `mountPath` —
 * is refused with a path and a message, not a TypeError. Fields the model does not type pass
 * through (Tekton has more). Pure.
 */
import { z } from "zod";
import { brokenRule } from "../../common/errors";
import { SpecProblem } from "./problems";

const name = z.string();
const strings = z.array(z.string());
/** A param's value: a string, an array of strings, or an object of strings. */
const paramValue = z.union([z.string(), strings, z.record(z.string(), z.string())]);
const params = z.array(z.looseObject({ name, value: paramValue }));
const paramSpecs = z.array(
  z.looseObject({ name, type: z.enum(["string", "array", "object"]).optional() }),
);

/** A reference to a key of a Secret or ConfigMap. */
const keyRef = z.looseObject({ name: z.string().optional(), key: z.string().optional() });

const step = z.looseObject({
  name: name.optional(),
  image: z.string().optional(),
  script: z.string().optional(),
  command: strings.optional(),
  args: strings.optional(),
  env: z
    .array(
      z.looseObject({
        name,
        value: z.string().optional(),
        valueFrom: z
          .looseObject({ secretKeyRef: keyRef.optional(), configMapKeyRef: keyRef.optional() })
          .optional(),
      }),
    )
    .optional(),
  workingDir: z.string().optional(),
  volumeMounts: z
    .array(z.looseObject({ name, mountPath: z.string(), subPath: z.string().optional() }))
    .optional(),
  timeout: z.string().optional(),
});

/** A volume: the sources whose strings Tekton substitutes. */
const volume = z.looseObject({
  name,
  secret: z
    .looseObject({
      secretName: z.string().optional(),
      items: z.array(z.looseObject({ key: z.string(), path: z.string() })).optional(),
    })
    .optional(),
  configMap: z.looseObject({ name: z.string().optional() }).optional(),
});

/** The shape of a TaskSpec. */
export const taskSpecShape = z.looseObject({
  params: paramSpecs.optional(),
  workspaces: z.array(z.looseObject({ name, mountPath: z.string().optional() })).optional(),
  results: z.array(z.looseObject({ name })).optional(),
  steps: z.array(step),
  sidecars: z.array(step).optional(),
  volumes: z.array(volume).optional(),
  stepTemplate: step.omit({ name: true }).optional(),
});

const pipelineTask = z.looseObject({
  name,
  taskRef: z.looseObject({ name }).optional(),
  taskSpec: taskSpecShape.optional(),
  params: params.optional(),
  workspaces: z
    .array(
      z.looseObject({ name, workspace: z.string().optional(), subPath: z.string().optional() }),
    )
    .optional(),
  runAfter: strings.optional(),
  when: z
    .array(
      z.looseObject({
        input: z.string().optional(),
        operator: z.enum(["in", "notin"]),
        values: strings,
      }),
    )
    .optional(),
  retries: z.number().int().min(0).optional(),
  timeout: z.string().optional(),
});

/** The Task specs a Pipeline's `taskRef`s resolve against, by Task name. */
export const taskSpecsShape = z.record(z.string(), taskSpecShape);

/** The shape of a PipelineSpec. */
export const pipelineSpecShape = z.looseObject({
  params: paramSpecs.optional(),
  workspaces: z.array(z.looseObject({ name })).optional(),
  tasks: z.array(pipelineTask),
  finally: z.array(pipelineTask).optional(),
  results: z.array(z.looseObject({ name, value: paramValue })).optional(),
});

/** The shape of a PipelineRunSpec. */
export const pipelineRunSpecShape = z.looseObject({
  pipelineRef: z.looseObject({ name }),
  params: params.optional(),
  workspaces: z.array(z.looseObject({ name })).optional(),
});

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
    ...brokenRule(
      issue.code === "invalid_type" && /received undefined/.test(issue.message)
        ? "is missing"
        : `is not valid: ${issue.message}`,
      "Tekton v1's schema for this field (pkg/apis/pipeline/v1 types)",
      "give the field as the Tekton v1 API documents it",
    ),
  }));
}
