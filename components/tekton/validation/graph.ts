/** The task graph of a Pipeline: runAfter and result references, cycles, the execution order. */
import { BrokenRule, brokenRule } from "../../common/errors";
import { PipelineSpec } from "../types";
import { Path, Report, q } from "./problems";
import { resultTargets } from "./refs";
import { pipelineTaskSites, taskSites } from "./sites";

/** Task name → (dependency → path of the runAfter entry or reference that makes it). */
type Graph = Map<string, Map<string, Path>>;

/** The graph of the tasks section: runAfter plus result references (params, when, inline taskSpec). */
export function dependencyGraph(spec: PipelineSpec): Graph {
  const names = new Set(spec.tasks.map((t) => t.name));
  const graph: Graph = new Map();
  spec.tasks.forEach((pt, i) => {
    const deps = graph.get(pt.name) ?? new Map<string, Path>();
    graph.set(pt.name, deps);
    const add = (dep: string, path: Path) => {
      if (names.has(dep) && dep !== pt.name && !deps.has(dep)) deps.set(dep, path);
    };
    pt.runAfter?.forEach((d, j) => add(d, ["tasks", i, "runAfter", j]));
    for (const site of pipelineTaskSites(pt, ["tasks", i]))
      for (const d of resultTargets(site.text, true)) add(d, site.path);
    if (pt.taskSpec)
      for (const site of taskSites(pt.taskSpec, ["tasks", i, "taskSpec"]))
        for (const d of resultTargets(site.text, false)) add(d, site.path);
  });
  return graph;
}

/** Kahn's algorithm, always taking the first-declared ready task; the rest are in or after cycles. */
function topoOrder(graph: Graph): { order: string[]; rest: string[] } {
  const done = new Set<string>();
  const order: string[] = [];
  const names = [...graph.keys()];
  for (;;) {
    const next = names.find(
      (n) => !done.has(n) && [...graph.get(n)!.keys()].every((d) => done.has(d)),
    );
    if (next === undefined) break;
    done.add(next);
    order.push(next);
  }
  return { order, rest: names.filter((n) => !done.has(n)) };
}

/** One cycle among `rest` (every task left by topoOrder waits on another left task): `[a, b, a]`. */
function findCycle(graph: Graph, rest: readonly string[]): string[] {
  const left = new Set(rest);
  const walk = [rest[0]];
  for (;;) {
    const current = walk[walk.length - 1];
    const next = [...graph.get(current)!.keys()].find((d) => left.has(d))!;
    const seen = walk.indexOf(next);
    if (seen >= 0) return [...walk.slice(seen), next];
    walk.push(next);
  }
}

/** The rule a cycle breaks. */
function cycleRule(cycle: readonly string[]): BrokenRule {
  return brokenRule(
    `closes the cycle ${cycle.join(" → ")} (each task runs after the next)`,
    `Tekton rejects a Pipeline whose tasks form a cycle ("cycle detected"): task ${q(cycle[0])} depends on ${q(cycle[1])}`,
    "remove one of the runAfter entries or result references of the cycle",
  );
}

/** Reports every cycle of the graph once, at the edge that leaves its first task. */
export function checkGraph(graph: Graph, report: Report) {
  const g: Graph = new Map([...graph].map(([n, d]) => [n, new Map(d)]));
  for (;;) {
    const { rest } = topoOrder(g);
    if (rest.length === 0) return;
    const cycle = findCycle(g, rest);
    report(g.get(cycle[0])!.get(cycle[1])!, cycleRule(cycle));
    for (const n of cycle) g.delete(n);
    for (const deps of g.values()) for (const n of cycle) deps.delete(n);
  }
}

/**
 * The pipeline task names in an order Tekton may run them: the tasks section topologically
 * sorted by runAfter and result references (stable: among ready tasks the first declared goes
 * first), then the finally tasks in declaration order. Dependencies on unknown tasks are ignored
 * (checkPipelineSpec reports them). Throws on a cycle, naming it.
 */
export function executionOrder(spec: PipelineSpec): string[] {
  const graph = dependencyGraph(spec);
  const { order, rest } = topoOrder(graph);
  if (rest.length > 0)
    throw new Error(`Pipeline tasks: ${cycleRule(findCycle(graph, rest)).message}`);
  return [...order, ...(spec.finally ?? []).map((t) => t.name)];
}
