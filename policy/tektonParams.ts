/**
 * How a Tekton param reaches an image: the values in scope where a step's `image` is written
 * (`$(params.x)`), from a Task's defaults, a run's or a pipeline task's values, and a Pipeline's
 * own params (propagated into inline task specs), and the image with them substituted.
 */
import { renderPath } from "../components/common/errors";
import { arr, at, obj, str } from "./plain";
import type { Path } from "./support";

/** A param's value and where it is written (a rendered path, maybe prefixed with its resource). */
export interface ParamValue {
  /** The value; undefined when it is only known at run time (another variable, a result). */
  value: string | undefined;
  from: string;
}

/** The params in scope, by name. */
export type ParamScope = ReadonlyMap<string, ParamValue>;

export const NO_PARAMS: ParamScope = new Map();

/** `$(params.x)`, `$(params["x"])`, `$(params['x'])`: a reference to string param `x`. */
const PARAM_REF = /\$\(params(?:\.([A-Za-z0-9_-]+)|\[(["'])([^"']+)\2\])\)/g;

/** An image with its params substituted, and where their values came from. */
export interface Resolved {
  image: string;
  from: string[];
}

/**
 * `text` with every string param reference replaced from `scope`; undefined when one has no
 * known value, or when another variable remains (a result, the context, an array or object
 * param): those are only known at run time.
 */
export function resolveParams(text: string, scope: ParamScope): Resolved | undefined {
  const from: string[] = [];
  let missing = false;
  const image = text.replace(PARAM_REF, (ref, dotted?: string, _q?: string, quoted?: string) => {
    const p = scope.get((dotted ?? quoted)!);
    if (p?.value === undefined) {
      missing = true;
      return ref;
    }
    if (!from.includes(p.from)) from.push(p.from);
    return p.value;
  });
  return missing || image.includes("$(") ? undefined : { image, from };
}

/**
 * The scope `params` (a Tekton `params` list at `base`) add over `outer`: each entry's `field`
 * (`default` of a declaration, `value` of a binding), itself resolved against `resolveIn` (a
 * pipeline task's values read the Pipeline's params). Entries without that field add nothing.
 */
export function bindParams(
  outer: ParamScope,
  params: unknown,
  field: "default" | "value",
  base: Path,
  resolveIn: ParamScope = NO_PARAMS,
  prefix = "",
): ParamScope {
  const scope = new Map(outer);
  arr(params).forEach((p, i) => {
    const name = str(at(p, "name"));
    const raw = obj(p)?.[field];
    if (name === undefined || raw === undefined) return;
    const from = `${prefix}${renderPath([...base, i, field])}`;
    const text = str(raw);
    const resolved = text === undefined ? undefined : resolveParams(text, resolveIn);
    scope.set(name, { value: resolved?.image, from: resolved?.from[0] ?? from });
  });
  return scope;
}

/** The scope of a task spec's own declarations (`params[].default`) below `outer`. */
export const taskDefaults = (outer: ParamScope, taskSpec: unknown, base: Path, prefix = "") =>
  bindParams(outer, at(taskSpec, "params"), "default", [...base, "params"], NO_PARAMS, prefix);
