/**
 * The Kubernetes API verbs each `kubectl` command the pipeline's steps run sends on its object,
 * so that a Role grants exactly those (pipelineRbac.ts). From kubectl's own code paths: `create -f`
 * POSTs; `get` GETs; `patch` PATCHes; `set image` GETs then PATCHes; `wait` on a named object and
 * `rollout status` GET it, then LIST and WATCH it through a `metadata.name` field selector (which
 * the API server authorises against `resourceNames`). Discovery is not counted: every
 * authenticated user may read it. Pure.
 */

/** kubectl command (its subcommand words) → the API verbs it sends on the object. */
export const KUBECTL_API_VERBS: Readonly<Record<string, readonly string[]>> = {
  create: ["create"],
  get: ["get"],
  patch: ["patch"],
  wait: ["get", "list", "watch"],
  "set image": ["get", "patch"],
  "rollout status": ["get", "list", "watch"],
};

/** The command of a `kubectl …` line: its one or two subcommand words, as keyed above. */
export function kubectlCommand(line: string): string {
  const words = line.trim().split(/\s+/);
  if (words[0] !== "kubectl") throw new Error(`not a kubectl command: ${line}`);
  const two = `${words[1]} ${words[2]}`;
  return KUBECTL_API_VERBS[two] ? two : words[1];
}

/** The API verbs the given kubectl commands send, sorted and deduplicated. */
export function kubectlVerbs(commands: readonly string[]): string[] {
  const verbs = new Set<string>();
  for (const c of commands) {
    const v = KUBECTL_API_VERBS[c];
    if (!v) throw new Error(`kubectl ${c}: its API verbs are not listed in KUBECTL_API_VERBS`);
    for (const verb of v) verbs.add(verb);
  }
  return [...verbs].sort();
}
