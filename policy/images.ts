/**
 * Where the images of a resource sit: ImagePullJobs, pod templates of Kruise and core workloads,
 * and Tekton Tasks, Pipelines and their runs.
 */
import { arr, at } from "./plain";
import type { Path } from "./support";
import { NO_PARAMS, ParamScope, bindParams, taskDefaults } from "./tektonParams";
import { TYPES, TypeList, is } from "./types";

/** An image and where it sits; for a Tekton step, the params its `$(params.x)` can read. */
export interface ImageAt {
  path: Path;
  image: unknown;
  params?: ParamScope;
}

/** The `image` of every item of `spec`'s `lists`, in order. */
function listImages(
  spec: unknown,
  lists: readonly string[],
  base: Path,
  params?: ParamScope,
): ImageAt[] {
  return lists.flatMap((list) =>
    arr(at(spec, list)).map((c, i) => ({
      path: [...base, list, i, "image"],
      image: at(c, "image"),
      ...(params ? { params } : {}),
    })),
  );
}

/** The images of a pod spec's containers, init containers and ephemeral containers. */
function podImages(spec: unknown, base: Path): ImageAt[] {
  return listImages(spec, ["initContainers", "containers", "ephemeralContainers"], base);
}

/**
 * The images of a Tekton task spec: steps, sidecars and the step template, each with the params
 * in scope: `bound` (what the task's runner binds) over the spec's own defaults over
 * `propagated` (a Pipeline's params, which reach an inline spec).
 */
export function taskImages(
  spec: unknown,
  base: Path,
  bound: ParamScope = NO_PARAMS,
  propagated: ParamScope = NO_PARAMS,
  prefix = "",
): ImageAt[] {
  const all = new Map([...taskDefaults(propagated, spec, base, prefix), ...bound]);
  const template = at(spec, "stepTemplate", "image");
  return [
    ...(template !== undefined
      ? [{ path: [...base, "stepTemplate", "image"], image: template, params: all }]
      : []),
    ...listImages(spec, ["steps", "sidecars"], base, all),
  ];
}

/** A pipeline task (of `tasks` or `finally`), where it sits, and what it binds. */
export interface PipelineTask {
  task: unknown;
  path: Path;
  /** The task's `params` values, read in the Pipeline's scope. */
  bound: ParamScope;
}

/**
 * The tasks of a pipeline spec, each with its bound params; `scope` is the Pipeline's params
 * (its defaults, under what a run binds).
 */
export function pipelineTasks(
  spec: unknown,
  base: Path,
  scope: ParamScope,
  prefix = "",
): PipelineTask[] {
  return (["tasks", "finally"] as const).flatMap((list) =>
    arr(at(spec, list)).map((task, i) => {
      const path = [...base, list, i];
      const bound = bindParams(
        NO_PARAMS,
        at(task, "params"),
        "value",
        [...path, "params"],
        scope,
        prefix,
      );
      return { task, path, bound };
    }),
  );
}

/** A pipeline spec's params: its defaults under what a run binds (`run`). */
export const pipelineScope = (spec: unknown, base: Path, run: ParamScope, prefix = "") =>
  new Map([...taskDefaults(NO_PARAMS, spec, base, prefix), ...run]);

/**
 * The images of a Tekton pipeline spec's inline task specs (`tasks` and `finally`); `run` is
 * what a run binds over the Pipeline's own defaults. The Pipeline's params reach an inline spec
 * too (Tekton propagates them), below the spec's own defaults and the task's values.
 */
function pipelineImages(spec: unknown, base: Path, run: ParamScope = NO_PARAMS): ImageAt[] {
  const scope = pipelineScope(spec, base, run);
  return pipelineTasks(spec, base, scope).flatMap(({ task, path, bound }) =>
    taskImages(at(task, "taskSpec"), [...path, "taskSpec"], bound, scope),
  );
}

/** A run's `spec.params` values over nothing: what a TaskRun or PipelineRun binds. */
export const runParams = (run: unknown, prefix = "") =>
  bindParams(NO_PARAMS, at(run, "spec", "params"), "value", ["spec", "params"], NO_PARAMS, prefix);

/** Where the pod specs of a kind sit (paths from the object's root), for each pod-bearing type list. */
const POD_SPECS: readonly (readonly [TypeList, readonly Path[]])[] = [
  [TYPES.pod, [["spec"]]],
  [TYPES.podTemplate, [["template", "spec"]]],
  [TYPES.podTemplateWorkload, [["spec", "template", "spec"]]],
  [TYPES.kruiseWorkload, [["spec", "template", "spec"]]],
  [TYPES.broadcastJob, [["spec", "template", "spec"]]],
  [TYPES.cronJob, [["spec", "jobTemplate", "spec", "template", "spec"]]],
  [
    TYPES.unitedDeployment,
    (
      [
        "statefulSetTemplate",
        "advancedStatefulSetTemplate",
        "cloneSetTemplate",
        "deploymentTemplate",
      ] as const
    ).map((t) => ["spec", "template", t, "spec", "template", "spec"]),
  ],
  [
    TYPES.advancedCronJob,
    (["jobTemplate", "broadcastJobTemplate"] as const).map((t) => [
      "spec",
      "template",
      t,
      "spec",
      "template",
      "spec",
    ]),
  ],
];

const atPath = (v: unknown, path: Path) => at(v, ...path.map(String));

/**
 * Every image field of a resource of a type the rule knows; empty for other types. A patch
 * (`…Patch`) is read like the object it patches: only what it holds is there to judge.
 */
export function imagesOf(type: string, props: unknown): ImageAt[] {
  const pods = POD_SPECS.filter(([list]) => is(list, type)).flatMap(([, paths]) =>
    paths.flatMap((p) => podImages(atPath(props, p), [...p])),
  );
  if (is(TYPES.imagePullJob, type))
    return [{ path: ["spec", "image"], image: at(props, "spec", "image") }];
  if (is(TYPES.imageListPullJob, type))
    return arr(at(props, "spec", "images")).map((image, i) => ({
      path: ["spec", "images", i],
      image,
    }));
  if (is(TYPES.advancedCronJob, type)) {
    const list = ["spec", "template", "imageListPullJobTemplate", "spec", "images"];
    return [...arr(at(props, ...list)).map((image, i) => ({ path: [...list, i], image })), ...pods];
  }
  if (is(TYPES.sidecarSet, type))
    return listImages(at(props, "spec"), ["initContainers", "containers"], ["spec"]);
  if (is(TYPES.ephemeralJob, type))
    return listImages(at(props, "spec", "template"), ["ephemeralContainers"], ["spec", "template"]);
  if (is(TYPES.tektonTask, type)) return taskImages(at(props, "spec"), ["spec"]);
  if (is(TYPES.tektonStepAction, type))
    return at(props, "spec", "image") === undefined
      ? []
      : [{ path: ["spec", "image"], image: at(props, "spec", "image") }];
  if (is(TYPES.tektonPipeline, type)) return pipelineImages(at(props, "spec"), ["spec"]);
  if (is(TYPES.tektonTaskRun, type))
    return taskImages(at(props, "spec", "taskSpec"), ["spec", "taskSpec"], runParams(props));
  if (is(TYPES.tektonPipelineRun, type))
    return pipelineImages(
      at(props, "spec", "pipelineSpec"),
      ["spec", "pipelineSpec"],
      runParams(props),
    );
  return pods;
}
