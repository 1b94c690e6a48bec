/**
 * What every policy rule shares: the subject and message of a violation, the wrapper that turns a
 * check returning problems into a resource or stack policy, and readers over stack resources.
 */
import type {
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  StackValidationArgs,
} from "@pulumi/policy";
import type { z } from "zod";
import { brokenRule, renderPath } from "../components/common/errors";
import { Obj, at, obj, plain, str } from "./plain";
import { TYPES, TypeList, is, ofTypes } from "./types";

/** Where in a resource's props. */
export type Path = (string | number)[];

/** `metadata.name` and `metadata.namespace` of a Kubernetes object, where they are strings. */
export function metadataOf(props: unknown): { name?: string; namespace?: string } {
  return {
    name: str(at(props, "metadata", "name")),
    namespace: str(at(props, "metadata", "namespace")),
  };
}

/** `Kind 'namespace/name'` of a Kubernetes object, or the Pulumi name when it has no metadata name. */
export function subject(type: string, props: unknown, pulumiName: string): string {
  const kind = type.slice(type.lastIndexOf(":") + 1);
  if (is(TYPES.helm, type)) return `${kind} '${pulumiName}'`;
  const { name, namespace: ns } = metadataOf(props);
  return `${kind} '${name ? (ns ? `${ns}/${name}` : name) : pulumiName}'`;
}

/**
 * A violation's message in the project's three parts, rendered (`<what> — <rule>; <fix>`): the
 * pack reports text, so its problems keep the message only.
 */
export function ruleMessage(what: string, rule: string, fix: string): string {
  return brokenRule(what, rule, fix).message;
}

/** One problem: where in the props, and the message in the project's what — rule; fix form. */
export interface Problem {
  path: Path;
  message: string;
}

/** `[problem]` when `cond` holds, else none. */
export function problemIf(cond: boolean, path: Path, message: string): Problem[] {
  return cond ? [{ path, message }] : [];
}

/** `Kind 'ns/name': path message`, one violation line. */
export function violation(who: string, p: Problem): string {
  const where = renderPath(p.path);
  return `${who}: ${where ? `${where} ` : ""}${p.message}`;
}

/** Runs checks written against zod's refinement context and returns what they reported. */
export function collect(run: (ctx: z.RefinementCtx) => void): Problem[] {
  const problems: Problem[] = [];
  const ctx = {
    addIssue: (issue: { path?: Path; message?: string }) => {
      problems.push({ path: issue.path ?? [], message: issue.message ?? "" });
    },
  } as unknown as z.RefinementCtx;
  run(ctx);
  return problems;
}

/** A resource with plain props and its subject (`Kind 'ns/name'`). */
export interface Item {
  type: string;
  name: string;
  urn: string;
  props: Obj;
  who: string;
}

/** The {@link Item} of a resource as a resource or stack policy sees it. */
export function itemOf(r: Pick<PolicyResource, "type" | "name" | "urn" | "props">): Item {
  const props = obj(plain(r.props)) ?? {};
  return { type: r.type, name: r.name, urn: r.urn, props, who: subject(r.type, props, r.name) };
}

/** The items of one of the types in `lists`. */
export function ofType(items: readonly Item[], ...lists: TypeList[]): Item[] {
  const match = ofTypes(...lists);
  return items.filter((i) => match(i.type));
}

/** A resource policy over plain props: `check` returns problems, each reported with the subject. */
export function resourceRule(
  types: (type: string) => boolean,
  check: (props: Obj, args: ResourceValidationArgs) => Problem[],
) {
  return (args: ResourceValidationArgs, report: ReportViolation): void => {
    if (!types(args.type)) return;
    const item = itemOf(args);
    for (const p of check(item.props, args)) report(violation(item.who, p));
  };
}

/** A problem found by a stack policy, and the resource it is reported on. */
export interface Finding {
  item: Item;
  problem: Problem;
}

/** A stack policy over plain items: `check` returns findings, each reported on its resource. */
export function stackRule(check: (items: Item[], args: StackValidationArgs) => Finding[]) {
  return (args: StackValidationArgs, report: ReportViolation): void => {
    for (const { item, problem } of check(args.resources.map(itemOf), args)) {
      report(violation(item.who, problem), item.urn);
    }
  };
}

/**
 * The type chain of a URN, outermost first: `urn:pulumi:<stack>::<project>::<types>::<name>`,
 * where `<types>` is each parent's type then the resource's own, joined by `$`.
 */
export function urnChain(urn: string): string[] {
  return (urn.split("::")[2] ?? "").split("$").filter((t) => t !== "");
}

/** True when the resource at `urn` is a direct child of a component of type `component`. */
export function childOf(urn: string, component: string): boolean {
  const chain = urnChain(urn);
  return chain.length >= 2 && chain[chain.length - 2] === component;
}

/** True when a Helm chart reference (name, path or URL, maybe versioned or `.tgz`) is `name`. */
export function chartNamed(props: Obj, name: string): boolean {
  const chart = str(props.chart);
  return (
    chart !== undefined && new RegExp(`(^|[/:])${name}(-v?\\d[^/]*?)?(\\.tgz)?\\/?$`).test(chart)
  );
}

/** `a, b, c` or `a, b, c and 4 more`, sorted (the engine's order is not stable). */
export function listOf(items: readonly string[], max = 3): string {
  const shown = [...items].sort().slice(0, max).join(", ");
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
