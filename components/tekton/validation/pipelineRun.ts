/** PipelineRun specs against the Pipeline they run: params, workspace bindings, timeouts. */
import { brokenRule } from "../../common/errors";
import { parseGoDuration } from "../../common/goSyntax";
import { ParamValue, PipelineRunSpec, PipelineSpec, WorkspaceBinding } from "../types";
import { RUN_PARAM_FIT, checkGivenParam } from "./givenParams";
import { PIPELINERUN, Report, SpecProblem, WEBHOOK, collector, q, reportRepeats } from "./problems";
import { resultTargets } from "./refs";

/** The timeouts of a PipelineRun. */
type RunTimeouts = NonNullable<PipelineRunSpec["timeouts"]>;

/**
 * `timeouts.pipeline` when a run sets none: Tekton's defaulting sets config-defaults'
 * default-timeout-minutes (60 in the release, and as TektonPipelines installs it) before its
 * webhook validates.
 */
const DEFAULT_RUN_TIMEOUT_NS = 60 * 60e9;

/** The timeouts as Go durations (ns): each parses, none is negative. */
function runTimeoutValues(
  t: RunTimeouts,
  report: Report,
): Partial<Record<keyof RunTimeouts, number>> {
  const ns: Partial<Record<keyof RunTimeouts, number>> = {};
  for (const k of ["pipeline", "tasks", "finally"] as const) {
    const v = t[k];
    if (v === undefined) continue;
    const d = parseGoDuration(v);
    if (d === undefined) {
      report(
        ["timeouts", k],
        brokenRule(
          `(${q(v)}) is not a duration`,
          "Tekton's API decodes timeouts with Go's time.ParseDuration and refuses other strings",
          'write e.g. "1h" or "30m"',
        ),
      );
    } else if (d < 0) {
      report(
        ["timeouts", k],
        brokenRule(
          `(${q(v)}) is negative`,
          `${WEBHOOK} it ("invalid value: ${v} should be >= 0")`,
          "give 0 (no timeout) or more",
        ),
      );
    } else ns[k] = d;
  }
  return ns;
}

/**
 * timeouts: Go durations, none negative; `tasks` and `finally`, and their sum, within `pipeline`
 * (the 60-minute default when unset, {@link DEFAULT_RUN_TIMEOUT_NS}); 0, no timeout, only under a
 * pipeline timeout of 0.
 */
function checkRunTimeouts(t: RunTimeouts, report: Report) {
  const ns = runTimeoutValues(t, report);
  if (t.pipeline !== undefined && ns.pipeline === undefined) return;
  const limit = ns.pipeline ?? DEFAULT_RUN_TIMEOUT_NS;
  const pipeline =
    t.pipeline === undefined
      ? "the run's timeout (unset: Tekton's defaulting makes it default-timeout-minutes, 60m)"
      : `timeouts.pipeline (${q(t.pipeline)})`;
  const fix = `raise timeouts.pipeline${t.pipeline === undefined ? " (set it)" : ""} or lower this one`;
  for (const k of ["tasks", "finally"] as const) {
    const d = ns[k];
    if (d === undefined || limit === 0 || (d !== 0 && d <= limit)) continue;
    report(
      ["timeouts", k],
      brokenRule(
        d === 0
          ? `(${q(t[k])}) means no timeout, but ${pipeline} is one`
          : `(${q(t[k])}) exceeds ${pipeline}`,
        `${WEBHOOK} it ("invalid value: ${t[k]}${d === 0 ? " (no timeout)" : ""} should be <= pipeline duration")`,
        fix,
      ),
    );
  }
  if (ns.tasks !== undefined && ns.finally !== undefined && ns.tasks + ns.finally > limit) {
    report(
      ["timeouts"],
      brokenRule(
        `tasks (${q(t.tasks)}) and finally (${q(t.finally)}) together exceed ${pipeline}`,
        `${WEBHOOK} it ("invalid value: ${t.tasks} + ${t.finally} should be <= pipeline duration")`,
        fix,
      ),
    );
  }
}

/** The volume sources a workspace binding may give (workspace_validation.go), `projected` and `csi` included. */
const BINDING_SOURCES = [
  "persistentVolumeClaim",
  "volumeClaimTemplate",
  "emptyDir",
  "configMap",
  "secret",
  "projected",
  "csi",
] as const;

/** Workspace bindings: unique names; exactly one volume source, naming what it mounts. */
function checkRunWorkspaces(bindings: readonly WorkspaceBinding[], report: Report) {
  reportRepeats(
    report,
    ["workspaces"],
    bindings,
    "binds workspace",
    (name) => `${WEBHOOK} it ('workspace ${q(name)} provided by pipelinerun more than once')`,
    "remove one of the bindings",
  );
  bindings.forEach((b, i) => {
    const given = BINDING_SOURCES.filter(
      (k) => (b as unknown as Record<string, unknown>)[k] !== undefined,
    );
    if (given.length !== 1) {
      report(
        ["workspaces", i],
        brokenRule(
          given.length === 0 ? "has no volume source" : `has ${given.join(" and ")}`,
          `${WEBHOOK} it ("expected exactly one, got ${given.length === 0 ? "neither" : "both"}: configmap, emptydir, persistentvolumeclaim, secret, volumeclaimtemplate")`,
          "give exactly one of persistentVolumeClaim, volumeClaimTemplate, emptyDir, configMap, secret",
        ),
      );
      return;
    }
    const names: [string, string | undefined, string][] = [
      ["persistentVolumeClaim", b.persistentVolumeClaim?.claimName, "claimName"],
      ["configMap", b.configMap?.name, "name"],
      ["secret", b.secret?.secretName, "secretName"],
    ];
    for (const [source, name, field] of names) {
      if (given[0] !== source || name) continue;
      report(
        ["workspaces", i, source, field],
        brokenRule(
          "is missing",
          `${WEBHOOK} a ${source} binding that names nothing ("missing field(s): ${source.toLowerCase()}.${field === "secretName" ? field : field.toLowerCase()}")`,
          `name the ${source === "persistentVolumeClaim" ? "PersistentVolumeClaim" : source === "configMap" ? "ConfigMap" : "Secret"}`,
        ),
      );
    }
  });
}

/** Params a run gives: unique (case-insensitively), no task results, of the Pipeline's types. */
function checkRunParams(spec: PipelineRunSpec, pipeline: PipelineSpec, report: Report) {
  const params = spec.params ?? [];
  reportRepeats(
    report,
    ["params"],
    params.map((p) => ({ name: p.name.toLowerCase() })),
    "gives param",
    (name) =>
      `${WEBHOOK} it ("expected exactly one, got both: params[${name}].name"), names compared case-insensitively`,
    "remove one of them",
  );
  const declared = new Map((pipeline.params ?? []).map((p) => [p.name, p]));
  params.forEach((p, i) => {
    const results = strings(p.value).flatMap((v) => resultTargets(v, true));
    if (results.length > 0) {
      report(
        ["params", i, "value"],
        brokenRule(
          `references results of task(s) ${results.map(q).join(", ")}`,
          `${WEBHOOK} it ("cannot use result expressions in [...] as PipelineRun parameter values"): a run starts before any task`,
          "give a literal value; take task results inside the Pipeline",
        ),
      );
    }
    checkGivenParam(p.name, p.value, declared.get(p.name), ["params", i], RUN_PARAM_FIT, report);
  });
  const given = new Set(params.map((p) => p.name));
  for (const [n, p] of declared) {
    if (p.default === undefined && !given.has(n)) {
      report(
        ["params"],
        brokenRule(
          `lacks the required param ${q(n)}`,
          `${PIPELINERUN} missing a param without default ("pipelineRun missing parameters: [${n}]")`,
          "give it",
        ),
      );
    }
  }
}

/** The strings of a param value. */
function strings(v: ParamValue): string[] {
  if (typeof v === "string") return [v];
  return Array.isArray(v) ? v : Object.values(v);
}

/**
 * Problems of a PipelineRun spec against the Pipeline it runs (`pipeline`): params unique,
 * literal (no task results) and of the Pipeline's declared types, object params with every
 * declared key, required params given (extra params are no problem: Tekton ignores them);
 * workspace bindings unique, each with exactly one volume source that names what it mounts, every
 * required Pipeline workspace bound; timeouts Go durations, none negative, `tasks` and `finally`
 * (and their sum) within `pipeline`.
 */
export function checkPipelineRunSpec(spec: PipelineRunSpec, pipeline: PipelineSpec): SpecProblem[] {
  const { problems, report } = collector([]);
  checkRunParams(spec, pipeline, report);
  checkRunWorkspaces(spec.workspaces ?? [], report);
  const bound = new Set((spec.workspaces ?? []).map((w) => w.name));
  for (const w of pipeline.workspaces ?? []) {
    if (!w.optional && !bound.has(w.name)) {
      report(
        ["workspaces"],
        brokenRule(
          `does not bind workspace ${q(w.name)}`,
          `${PIPELINERUN} that leaves a required workspace unbound ("pipeline requires workspace with name ${q(w.name)} be provided by pipelinerun")`,
          "bind it",
        ),
      );
    }
  }
  if (spec.timeouts) checkRunTimeouts(spec.timeouts, report);
  return problems;
}
