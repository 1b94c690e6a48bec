/** Task specs: steps, param declarations, results, workspaces, volumes and every reference. */
import { brokenRule } from "../../common/errors";
import { ParamSpec, TaskResult, TaskSpec } from "../types";
import { PARAM_TYPES, RESULT_NAME, checkParamSpecs } from "./params";
import { Path, Report, SpecProblem, WEBHOOK, collector, q, reportRepeats } from "./problems";
import { checkSites } from "./resolve";
import { PipelineCtx, Scope } from "./scope";
import { taskSites } from "./sites";
import { checkSteps, cleanPath } from "./steps";

/** Results: valid names, known types (object results need properties, which this model lacks), unique. */
function checkResults(results: readonly TaskResult[], report: Report) {
  results.forEach((r, i) => {
    if (!RESULT_NAME.test(r.name)) {
      report(
        ["results", i, "name"],
        brokenRule(
          `(${q(r.name)}) is not a valid result name`,
          `${WEBHOOK} it: result names consist of alphanumeric characters, '-', '_', and must start and end with an alphanumeric character`,
          'rename it, e.g. "image-digest"',
        ),
      );
    }
    if (r.type === "object" || (r.type !== undefined && !PARAM_TYPES.includes(r.type))) {
      report(
        ["results", i, "type"],
        brokenRule(
          `(${q(r.type)}) is not usable here`,
          r.type === "object"
            ? `${WEBHOOK} an object result without properties ("missing field(s): ${r.name}.properties"), and this model has none`
            : `${WEBHOOK} other result types ("invalid value: ${r.type}: type")`,
          'use "string" or "array"',
        ),
      );
    }
  });
  reportRepeats(
    report,
    ["results"],
    results,
    "declares result",
    () => "Tekton writes each result to /tekton/results/<name>, so both would share one file",
  );
}

/** Workspace declarations: unique names, mount paths unique among themselves and volume mounts. */
function checkWorkspaceDecls(spec: TaskSpec, report: Report) {
  const ws = spec.workspaces ?? [];
  reportRepeats(
    report,
    ["workspaces"],
    ws,
    "declares workspace",
    (name) => `${WEBHOOK} it ("workspace name ${q(name)} must be unique")`,
  );
  const mounts = new Set(
    [...(spec.steps ?? []), spec.stepTemplate ?? {}].flatMap((s) =>
      (s.volumeMounts ?? []).map((m) => cleanPath(m.mountPath)),
    ),
  );
  ws.forEach((w, i) => {
    const path = cleanPath(w.mountPath || `/workspace/${w.name}`);
    if (mounts.has(path)) {
      report(
        ["workspaces", i, "mountPath"],
        brokenRule(
          `(${q(path)}) is already mounted`,
          `${WEBHOOK} it ("workspace mount path ${q(path)} must be unique")`,
          "give the workspace its own mountPath",
        ),
      );
    }
    mounts.add(path);
  });
}

/** Volumes: unique names. */
function checkVolumes(spec: TaskSpec, report: Report) {
  const vols = spec.volumes ?? [];
  reportRepeats(
    report,
    ["volumes"],
    vols,
    "declares volume",
    (name) => `${WEBHOOK} it ('multiple volumes with same name ${q(name)}')`,
  );
}

/** Problems of a TaskSpec, with `pipeline` set for one inlined in a Pipeline (propagated params and results). */
export function checkTask(
  spec: TaskSpec,
  at: Path,
  pipeline?: { params: readonly ParamSpec[]; ctx: PipelineCtx },
): SpecProblem[] {
  const { problems, report } = collector(at);
  checkSteps(spec, report);
  checkParamSpecs(spec.params ?? [], "Task", report);
  checkResults(spec.results ?? [], report);
  checkWorkspaceDecls(spec, report);
  checkVolumes(spec, report);
  const params = new Map((pipeline?.params ?? []).map((p) => [p.name, p]));
  for (const p of spec.params ?? []) params.set(p.name, p);
  const scope: Scope = {
    owner: pipeline ? "neither the Task nor the Pipeline declares" : "the Task does not declare",
    params,
    task: {
      results: new Map((spec.results ?? []).map((r) => [r.name, r])),
      workspaces: new Set((spec.workspaces ?? []).map((w) => w.name)),
    },
    pipeline: pipeline?.ctx,
  };
  checkSites(taskSites(spec), scope, report);
  return problems;
}

/**
 * Problems of a Task spec: step names unique DNS-1123 labels, at least one step, every step has
 * an image (its own or stepTemplate's), param names unique and valid (alphanumeric, '-', '_',
 * '.'; starting with a letter or '_'; objects without dots), param types known and defaults of
 * that type, result names valid and unique, workspace names unique; and every variable reference
 * in the spec's strings (steps' image, script, command, args, env, workingDir, volumeMounts;
 * stepTemplate; volumes' secretName/configMap name; workspace mountPaths) resolves:
 * `$(params.<name>)`, `$(params.<name>[*])`, `$(params.<name>[i])`, `$(params.<name>.<key>)`,
 * `$(params["name"])`, `$(params['name'])` against the declared params (whole arrays only as an
 * entire args/command element, indexes only on arrays, keys only declared properties);
 * `$(results.<name>.path)`; `$(workspaces.<name>.path|bound|claim|volume)`; the task/taskRun
 * context; `$(credentials.path)`, `$(steps.…)`, `$(step.…)`. Any other prefix is a problem;
 * `$$(` is no escape (as in Tekton). Steps and the stepTemplate: no volume mount under /tekton/
 * (but /tekton/home) once its path is cleaned, none named tekton-internal-…; timeouts Go
 * durations, not negative; onError continue, stopAndFail or a param; step results
 * (`$(steps.<s>.results.<r>)`) only in env, command and args. The feature flags are those
 * TektonPipelines installs (the release's): no artifact references (`$(artifacts.path)`,
 * `$(step.artifacts.path)`, `$(steps|tasks.<x>.inputs|outputs.<a>)`: enable-artifacts is off), no
 * Windows script (it needs enable-api-fields "alpha").
 */
export function checkTaskSpec(spec: TaskSpec, at: Path = []): SpecProblem[] {
  return checkTask(spec, at);
}
