/** The strings of a spec that may hold references: where each sits, and how it may use a whole array. */
import { PipelineTask, Step, TaskSpec } from "../types";
import { Path } from "./problems";

/** How a string field may use a whole array/object: not at all, as an entire element, or as a `[*]` param value. */
type Mode = "text" | "element" | "value";

/** A string of a spec, where it sits, and how it may use whole arrays. */
export interface Site {
  path: Path;
  text: string;
  mode: Mode;
  /** A pipeline task param value: the Task gets it as is, so Task variables in it are substituted there. */
  toTask?: boolean;
}

/** The strings of a step or of the step template that Tekton substitutes. */
function stepSites(step: Partial<Step>, base: Path): Site[] {
  const sites: Site[] = [];
  const text = (path: Path, v: string | undefined) => {
    if (v) sites.push({ path: [...base, ...path], text: v, mode: "text" });
  };
  text(["image"], step.image);
  text(["script"], step.script);
  text(["workingDir"], step.workingDir);
  text(["onError"], step.onError);
  for (const field of ["command", "args"] as const) {
    step[field]?.forEach((v, i) =>
      sites.push({ path: [...base, field, i], text: v, mode: "element" }),
    );
  }
  step.env?.forEach((e, i) => {
    text(["env", i, "value"], e.value);
    for (const ref of ["secretKeyRef", "configMapKeyRef"] as const) {
      text(["env", i, "valueFrom", ref, "name"], e.valueFrom?.[ref]?.name);
      text(["env", i, "valueFrom", ref, "key"], e.valueFrom?.[ref]?.key);
    }
  });
  step.volumeMounts?.forEach((m, i) => {
    text(["volumeMounts", i, "name"], m.name);
    text(["volumeMounts", i, "mountPath"], m.mountPath);
    text(["volumeMounts", i, "subPath"], m.subPath);
  });
  return sites;
}

/** Every substitutable string of a TaskSpec: steps, step template, volumes, workspace mount paths. */
export function taskSites(spec: TaskSpec, base: Path = []): Site[] {
  const sites = (spec.steps ?? []).flatMap((s, i) => stepSites(s, [...base, "steps", i]));
  if (spec.stepTemplate) sites.push(...stepSites(spec.stepTemplate, [...base, "stepTemplate"]));
  const text = (path: Path, v: string | undefined) => {
    if (v) sites.push({ path: [...base, ...path], text: v, mode: "text" });
  };
  spec.volumes?.forEach((v, i) => {
    text(["volumes", i, "secret", "secretName"], v.secret?.secretName);
    v.secret?.items?.forEach((it, j) => {
      text(["volumes", i, "secret", "items", j, "key"], it.key);
      text(["volumes", i, "secret", "items", j, "path"], it.path);
    });
    text(["volumes", i, "configMap", "name"], v.configMap?.name);
  });
  spec.workspaces?.forEach((w, i) => text(["workspaces", i, "mountPath"], w.mountPath));
  return sites;
}

/** The strings of a pipeline task Tekton substitutes: param values, `when`, workspace subPaths. */
export function pipelineTaskSites(pt: PipelineTask, base: Path): Site[] {
  const sites: Site[] = [];
  pt.params?.forEach((p, i) => {
    const at = [...base, "params", i, "value"];
    const toTask = true;
    if (typeof p.value === "string") sites.push({ path: at, text: p.value, mode: "value", toTask });
    else if (Array.isArray(p.value))
      p.value.forEach((v, j) => sites.push({ path: [...at, j], text: v, mode: "element", toTask }));
    else
      for (const [k, v] of Object.entries(p.value))
        sites.push({ path: [...at, k], text: v, mode: "text", toTask });
  });
  pt.when?.forEach((w, i) => {
    sites.push({ path: [...base, "when", i, "input"], text: w.input ?? "", mode: "text" });
    w.values?.forEach((v, j) =>
      sites.push({ path: [...base, "when", i, "values", j], text: v, mode: "element" }),
    );
  });
  pt.workspaces?.forEach((w, i) => {
    if (w.subPath)
      sites.push({ path: [...base, "workspaces", i, "subPath"], text: w.subPath, mode: "text" });
  });
  return sites;
}
