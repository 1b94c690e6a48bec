/**
 * The args of each component as its published declarations type them: every argument path, and
 * whether it takes a `pulumi.Input` (a value, a Promise or an Output). Read with the TypeScript
 * checker from dist/index.d.ts, so the tests check what a user's compiler sees.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/** One argument (nested fields included) and whether it takes an Input. */
export interface ArgPath {
  /** e.g. `["updateStrategy", "partition"]`. */
  path: string[];
  input: boolean;
  /** Its TSDoc comment, as the declarations carry it. */
  doc: string;
}

/** The repository root: the nearest directory above this file with the package's package.json. */
function repoRoot(): string {
  for (let d = __dirname; d !== path.dirname(d); d = path.dirname(d)) {
    const pkg = path.join(d, "package.json");
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, "utf8")).name === "kruise-devops")
      return d;
  }
  throw new Error(`no kruise-devops package.json above ${__dirname}`);
}

const DIST_INDEX = path.join(repoRoot(), "dist", "index.d.ts");

/** True for the Output and Promise members `pulumi.Input<T>` adds to T. */
function isWrapper(t: ts.Type): boolean {
  const name = t.getSymbol()?.getName() ?? t.aliasSymbol?.getName();
  return name === "OutputInstance" || name === "Promise" || name === "Output";
}

/** T of an Input<T> or T | undefined: the members that are neither wrappers nor undefined. */
function valueMembers(t: ts.Type): ts.Type[] {
  const members = t.isUnion() ? t.types : [t];
  return members.filter((m) => !isWrapper(m) && !(m.flags & ts.TypeFlags.Undefined));
}

/** Object types whose fields are arguments in their own right (not maps, arrays or resources). */
function nestedFields(checker: ts.TypeChecker, t: ts.Type): ts.Symbol[] | undefined {
  if (!(t.flags & ts.TypeFlags.Object)) return undefined;
  if (checker.isArrayType(t) || checker.isTupleType(t)) return undefined;
  if (t.getStringIndexType() || t.getNumberIndexType()) return undefined;
  const props = t.getProperties();
  // A resource (a component or a custom resource) is passed whole.
  if (props.some((p) => p.getName() === "urn")) return undefined;
  if (t.getCallSignatures().length > 0) return undefined;
  // A class instance such as a Map is passed whole too: its members are methods, not fields.
  if (props.some((p) => checker.getTypeOfSymbol(p).getCallSignatures().length > 0))
    return undefined;
  return props.length > 0 ? props : undefined;
}

/** Component name → its args' paths, for the given components (`<Name>Args` each). */
export function argPaths(components: readonly string[]): Map<string, ArgPath[]> {
  const program = ts.createProgram([DIST_INDEX], { strict: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(DIST_INDEX)!)!;
  const exported = checker.getExportsOfModule(moduleSymbol);
  const out = new Map<string, ArgPath[]>();
  for (const component of components) {
    const sym = exported.find((e) => e.getName() === `${component}Args`);
    if (!sym) throw new Error(`dist/index.d.ts exports no ${component}Args`);
    const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
    const paths: ArgPath[] = [];
    const walk = (t: ts.Type, at: string[], seen: Set<ts.Type>) => {
      for (const p of t.getProperties()) {
        const pt = checker.getTypeOfSymbol(p);
        const members = pt.isUnion() ? pt.types : [pt];
        const input = members.some(isWrapper);
        const here = [...at, p.getName()];
        const doc = ts.displayPartsToString(p.getDocumentationComment(checker));
        paths.push({ path: here, input, doc });
        for (const v of valueMembers(pt)) {
          const fields = nestedFields(checker, v);
          if (fields && !seen.has(v)) walk(v, here, new Set([...seen, v]));
        }
      }
    };
    walk(checker.getDeclaredTypeOfSymbol(target), [], new Set());
    out.set(component, paths);
  }
  return out;
}
