import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

/** A chart's default values (its values.yaml), parsed. */
export function chartDefaults(chartDir: string): Record<string, unknown> {
  return yaml.load(fs.readFileSync(path.join(chartDir, "values.yaml"), "utf8")) as Record<
    string,
    unknown
  >;
}

/**
 * The leaf paths of `values` that the chart's values.yaml does not have, e.g. `["manager.replcas"]`.
 * A path ending inside a map listed in `freeForm` (dotted, e.g. `configs.cm`) is accepted when
 * that map exists: its keys are the user's.
 */
export function unknownValuePaths(
  defaults: Record<string, unknown>,
  values: Record<string, unknown>,
  freeForm: readonly string[] = [],
): string[] {
  const missing: string[] = [];
  const walk = (d: unknown, v: unknown, at: string[]) => {
    if (freeForm.includes(at.join("."))) {
      if (d === undefined) missing.push(at.join("."));
      return;
    }
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const dm = d !== null && typeof d === "object" && !Array.isArray(d) ? d : undefined;
      const keys = Object.keys(v);
      if (dm === undefined && at.length > 0 && (d === undefined || keys.length > 0)) {
        if (d === undefined) missing.push(at.join("."));
        return;
      }
      const dmap = dm as Record<string, unknown> | undefined;
      for (const k of keys) walk(dmap?.[k], (v as Record<string, unknown>)[k], [...at, k]);
      return;
    }
    if (d === undefined) missing.push(at.join("."));
  };
  walk(defaults, values, []);
  return missing;
}
