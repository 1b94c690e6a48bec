/**
 * Policy `pinned-images-via-params` (stack): an image a Tekton step takes from a param is pinned
 * once the values that reach it across resources are in: a PipelineRun's params into its Pipeline
 * (`pipelineRef`) and that Pipeline's Tasks (`taskRef`), a Pipeline task's values into a Task, a
 * TaskRun's params into its Task. What one resource shows alone is `pinned-images`' to judge.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { ImageAt, pipelineScope, pipelineTasks, runParams, taskImages } from "../images";
import { renderPath } from "../../components/common/errors";
import { at, str } from "../plain";
import { Finding, Item, Path, metadataOf, ofType, stackRule } from "../support";
import { NO_PARAMS, ParamScope, resolveParams } from "../tektonParams";
import { TYPES, isPatch } from "../types";
import { imagePinProblem, resolvedLabel } from "./pinnedImages";

/** `namespace/name` of an object (`default` when unset), the key a same-namespace ref finds. */
const keyOf = (props: unknown, name?: string) =>
  `${metadataOf(props).namespace ?? "default"}/${name ?? metadataOf(props).name}`;

/** The objects of `types` in the stack by `namespace/name` (patches left out: not whole objects). */
function byKey(items: readonly Item[], types: readonly string[]): Map<string, Item> {
  return new Map(
    ofType(items, types)
      .filter((i) => !isPatch(i.type))
      .map((i) => [keyOf(i.props), i]),
  );
}

/**
 * The stack object a `taskRef`/`pipelineRef` names in the namespace of `from`, if any: not a
 * resolver's, nor another kind's (a ClusterTask, a StepAction, a custom task).
 */
function referenced(
  ref: unknown,
  from: Item,
  index: Map<string, Item>,
  kind: "Task" | "Pipeline",
): Item | undefined {
  const name = str(at(ref, "name"));
  if (name === undefined || at(ref, "resolver") !== undefined) return undefined;
  if ((str(at(ref, "kind")) ?? kind) !== kind) return undefined;
  return index.get(keyOf(from.props, name));
}

/**
 * The findings where the values of `fed` (with the feeder's values) make an image unpinned that
 * `alone` (without them) does not: reported on `feeder` at `path`.
 */
function fedProblems(
  feeder: Item,
  path: Path,
  target: string,
  fed: ImageAt[],
  alone: ImageAt[],
): Finding[] {
  return fed.flatMap((f, i): Finding[] => {
    if (typeof f.image !== "string" || !f.image.includes("$(")) return [];
    const resolved = resolveParams(f.image, f.params ?? NO_PARAMS);
    if (!resolved) return [];
    const before = resolveParams(f.image, alone[i]?.params ?? NO_PARAMS);
    if (before?.image === resolved.image) return [];
    const label = `${target} ${renderPath(f.path)} ${resolvedLabel(f.image, resolved)}`;
    const message = imagePinProblem(resolved.image, label);
    return message ? [{ item: feeder, problem: { path, message } }] : [];
  });
}

/** How a pipeline spec is fed: by a run's params, or by nothing (the Pipeline alone). */
interface Feed {
  /** What the run binds (none for the Pipeline alone). */
  run: ParamScope;
  /** How the Pipeline's defaults are named (`Pipeline 'ns/name' ` when it is another resource). */
  prefix: string;
  /** Inline task specs are pinned-images' (the Pipeline's, or the run's own inline spec). */
  skipInline: boolean;
  /** What a referenced Task is compared with: the Task alone, or as the Pipeline alone feeds it. */
  baseline: "task" | "pipeline";
  /** Where the finding is reported, from the pipeline task's path. */
  reportAt: (taskPath: Path) => Path;
}

/** The findings of a pipeline spec's tasks, fed as `feed` says. */
function pipelineFindings(
  feeder: Item,
  spec: unknown,
  base: Path,
  feed: Feed,
  tasks: Map<string, Item>,
): Finding[] {
  const { run, prefix } = feed;
  const fedScope = pipelineScope(spec, base, run, prefix);
  const aloneScope = pipelineScope(spec, base, NO_PARAMS, prefix);
  const alone = pipelineTasks(spec, base, aloneScope, prefix);
  return pipelineTasks(spec, base, fedScope, prefix).flatMap(({ task, path, bound }, i) => {
    const ref = referenced(at(task, "taskRef"), feeder, tasks, "Task");
    if (ref) {
      const images = (b: ParamScope) =>
        taskImages(at(ref.props, "spec"), ["spec"], b, NO_PARAMS, `${ref.who} `);
      const before = feed.baseline === "task" ? NO_PARAMS : alone[i].bound;
      return fedProblems(feeder, feed.reportAt(path), ref.who, images(bound), images(before));
    }
    if (feed.skipInline) return [];
    const taskSpec = at(task, "taskSpec");
    const specPath = [...path, "taskSpec"];
    return fedProblems(
      feeder,
      feed.reportAt(path),
      prefix.trim(),
      taskImages(taskSpec, specPath, bound, fedScope, prefix),
      taskImages(taskSpec, specPath, alone[i].bound, aloneScope, prefix),
    );
  });
}

export const pinnedImagesViaParams: StackValidationPolicy = {
  name: "pinned-images-via-params",
  description:
    "Tekton step images written `$(params.x)` are pinned with the values that reach them from other resources of the stack: a PipelineRun's params into its Pipeline and Tasks, a Pipeline's task params into a referenced Task, a TaskRun's params into its Task.",
  enforcementLevel: "mandatory",
  validateStack: stackRule((items) => {
    const tasks = byKey(items, TYPES.tektonTask);
    const pipelines = byKey(items, TYPES.tektonPipeline);
    const findings: Finding[] = [];
    for (const run of ofType(items, TYPES.tektonTaskRun)) {
      const task = referenced(at(run.props, "spec", "taskRef"), run, tasks, "Task");
      if (!task) continue;
      const spec = at(task.props, "spec");
      findings.push(
        ...fedProblems(
          run,
          ["spec", "params"],
          task.who,
          taskImages(spec, ["spec"], runParams(run.props), NO_PARAMS, `${task.who} `),
          taskImages(spec, ["spec"], NO_PARAMS, NO_PARAMS, `${task.who} `),
        ),
      );
    }
    for (const pipeline of ofType(items, TYPES.tektonPipeline)) {
      const feed: Feed = {
        run: NO_PARAMS,
        prefix: "",
        skipInline: true,
        baseline: "task",
        reportAt: (p) => [...p, "params"],
      };
      findings.push(
        ...pipelineFindings(pipeline, at(pipeline.props, "spec"), ["spec"], feed, tasks),
      );
    }
    for (const run of ofType(items, TYPES.tektonPipelineRun)) {
      const pipeline = referenced(at(run.props, "spec", "pipelineRef"), run, pipelines, "Pipeline");
      const common = { run: runParams(run.props), reportAt: () => ["spec", "params"] };
      findings.push(
        ...(pipeline
          ? pipelineFindings(
              run,
              at(pipeline.props, "spec"),
              ["spec"],
              { ...common, prefix: `${pipeline.who} `, skipInline: false, baseline: "pipeline" },
              tasks,
            )
          : pipelineFindings(
              run,
              at(run.props, "spec", "pipelineSpec"),
              ["spec", "pipelineSpec"],
              { ...common, prefix: "", skipInline: true, baseline: "task" },
              tasks,
            )),
      );
    }
    const seen = new Set<string>();
    return findings.filter((f) => {
      const key = `${f.item.urn} ${f.problem.message}`;
      return !seen.has(key) && (seen.add(key), true);
    });
  }),
};
