/**
 * Finding references in a string.
 *
 * A variable reference is `$(` + an expression + `)`. In Task strings an expression counts as a
 * Tekton variable when it looks like one (`root.` or `root[`): `$(date)`, `$(HOME)` and
 * `$(git rev-parse HEAD)` are left to the shell or to Kubernetes, as Tekton leaves them. In
 * pipeline task params and `when` expressions Tekton's own pattern applies (`$(date)` there is
 * an error). `$$(` is no escape for Tekton variables: Kubernetes defines that escape for `$(VAR)`,
 * but Tekton v1.15.0's own substitution still replaces the `$(params.x)` inside `$$(params.x)`
 * (giving `$<value>`), and its webhook checks it, so it is checked here too.
 */

/** One `$(…)` reference: its text and the expression inside. */
export interface Ref {
  raw: string;
  expr: string;
}

const REF = /(\$+)\(([^\s()$]*)\)/g;
/** A Task string's `$(…)` is a Tekton variable when it reads `root.` or `root[`. */
const TASK_VARIABLE = /^[A-Za-z_][\w-]*[.[]/;
/** Tekton's `VariableSubstitutionRegex`, used on pipeline task params and `when`. */
const PIPELINE_VARIABLE = /^[\w.-]+(\[(\d+|\*)\])?$/;

/** The references in `text`, however many `$` precede the `(` (Tekton honours no escape). */
export function findRefs(text: string, pipeline: boolean): Ref[] {
  const refs: Ref[] = [];
  for (const m of text.matchAll(REF)) {
    const expr = m[2];
    if (TASK_VARIABLE.test(expr) || (pipeline && PIPELINE_VARIABLE.test(expr)))
      refs.push({ raw: `$(${expr})`, expr });
  }
  return refs;
}

/** The pipeline task names `text` takes results of (`$(tasks.<t>.results.…)`). */
export function resultTargets(text: string, pipeline: boolean): string[] {
  return findRefs(text, pipeline)
    .map((r) => /^tasks\.([^.[\]]+)\.results\./.exec(r.expr)?.[1])
    .filter((t): t is string => t !== undefined);
}
