/**
 * Where the images of a resource sit: ImagePullJobs, pod templates of Kruise and core workloads,
 * and Tekton Tasks, Pipelines and their runs.
 */
import { arr, at } from "./plain";
import type { Path } from "./support";
import { TYPES, is } from "./types";

/** An image and where it sits. */
export interface ImageAt {
  path: Path;
  image: unknown;
}

/** The `image` of every item of `spec`'s `lists`, in order. */
function listImages(spec: unknown, lists: readonly string[], base: Path): ImageAt[] {
  return lists.flatMap((list) =>
    arr(at(spec, list)).map((c, i) => ({
      path: [...base, list, i, "image"],
      image: at(c, "image"),
    })),
  );
}

/** The images of a pod spec's containers, init containers and ephemeral containers. */
function podImages(spec: unknown, base: Path): ImageAt[] {
  return listImages(spec, ["initContainers", "containers", "ephemeralContainers"], base);
}

/** The images of a Tekton task spec: steps, sidecars and the step template. */
function taskImages(spec: unknown, base: Path): ImageAt[] {
  const template = at(spec, "stepTemplate", "image");
  return [
    ...(template !== undefined
      ? [{ path: [...base, "stepTemplate", "image"], image: template }]
      : []),
    ...listImages(spec, ["steps", "sidecars"], base),
  ];
}

/** The images of a Tekton pipeline spec's inline task specs (`tasks` and `finally`). */
function pipelineImages(spec: unknown, base: Path): ImageAt[] {
  return (["tasks", "finally"] as const).flatMap((list) =>
    arr(at(spec, list)).flatMap((t, i) =>
      taskImages(at(t, "taskSpec"), [...base, list, i, "taskSpec"]),
    ),
  );
}

/** Every image field of a resource of a type the rule knows; empty for other types. */
export function imagesOf(type: string, props: unknown): ImageAt[] {
  if (is(TYPES.imagePullJob, type))
    return [{ path: ["spec", "image"], image: at(props, "spec", "image") }];
  if (is(TYPES.imageListPullJob, type))
    return arr(at(props, "spec", "images")).map((image, i) => ({
      path: ["spec", "images", i],
      image,
    }));
  if (is(TYPES.advancedCronJob, type)) {
    const base = ["spec", "template"];
    const list = [...base, "imageListPullJobTemplate", "spec", "images"];
    return [
      ...arr(at(props, ...list)).map((image, i) => ({ path: [...list, i], image })),
      ...(["jobTemplate", "broadcastJobTemplate"] as const).flatMap((t) =>
        podImages(at(props, ...base, t, "spec", "template", "spec"), [
          ...base,
          t,
          "spec",
          "template",
          "spec",
        ]),
      ),
    ];
  }
  if (is(TYPES.kruiseWorkload, type) || is(TYPES.podTemplateWorkload, type))
    return podImages(at(props, "spec", "template", "spec"), ["spec", "template", "spec"]);
  if (is(TYPES.tektonTask, type)) return taskImages(at(props, "spec"), ["spec"]);
  if (is(TYPES.tektonPipeline, type)) return pipelineImages(at(props, "spec"), ["spec"]);
  if (is(TYPES.tektonTaskRun, type))
    return taskImages(at(props, "spec", "taskSpec"), ["spec", "taskSpec"]);
  if (is(TYPES.tektonPipelineRun, type))
    return pipelineImages(at(props, "spec", "pipelineSpec"), ["spec", "pipelineSpec"]);
  return [];
}
