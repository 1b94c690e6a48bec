/**
 * Pulumi's schema inference over this package, as `pulumi package get-schema <this package>` runs
 * it (issue 15, item 4): the `Analyzer` of `@pulumi/pulumi/provider/experimental/analyzer`, given
 * this directory, its package.json and the names of the components the built entry point exports
 * (found the way `@pulumi/pulumi/cmd/run-plugin` finds them, `getPulumiComponents`).
 *
 * The analyzer stops at its first unsupported type; here every property it rejects is recorded and
 * the analysis goes on (the rejected property becomes `Any`, marked `rejected`), so one run lists
 * every problem. The schema it returns is the analyzer's own, for the properties it took.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..", "..");

/** One property the analyzer rejected: its message, as get-schema would print it. */
export interface SchemaProblem {
  /**
   * `Type.property` for an argument (the args interface or a nested type it names), `Component.output`
   * for an output; `[]` marks an array's items, ` values` a map's.
   */
  where: string;
  message: string;
}

export interface PackageSchema {
  /** The component classes the entry point exports, by name. */
  exported: string[];
  /** The components the analyzer found and described. */
  components: Record<string, { inputs: Record<string, unknown>; outputs: Record<string, unknown> }>;
  typeDefinitions: Record<string, unknown>;
  /** Exported components the analyzer could not see (not a direct `ComponentResource` subclass). */
  invisible: string[];
  problems: SchemaProblem[];
  /** Thrown before any component was read (e.g. no entry point). */
  fatal?: string;
}

interface AnalyzerLike {
  components: PackageSchema["components"];
  typeDefinitions: Record<string, unknown>;
  analyze(): unknown;
  analyzeType(
    context: { component?: string; property?: string; typeName?: string },
    ...rest: unknown[]
  ): unknown;
}

/** Runs the analyzer over the package at `dir` (default: this repository, built). */
export function analyzePackage(dir: string = ROOT): PackageSchema {
  const packageJson = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { Analyzer } = require("@pulumi/pulumi/provider/experimental/analyzer");
  const { getPulumiComponents } = require("@pulumi/pulumi/provider/experimental/provider");
  const entry = require(dir);
  /* eslint-enable @typescript-eslint/no-require-imports */
  const exported: string[] = getPulumiComponents(entry)
    .map((c: { name: string }) => c.name)
    .sort();
  const analyzer = new Analyzer(
    dir,
    packageJson.name,
    packageJson,
    new Set(exported),
  ) as AnalyzerLike;
  const problems: SchemaProblem[] = [];
  const analyzeType = analyzer.analyzeType.bind(analyzer);
  analyzer.analyzeType = (context, ...rest) => {
    try {
      return analyzeType(context, ...rest);
    } catch (e) {
      const where = `${context.typeName ?? context.component ?? "?"}.${context.property ?? "?"}`;
      const message = (e as Error).message;
      // A type shared by several components is analyzed once; record each place once.
      if (!problems.some((p) => p.where === where)) problems.push({ where, message });
      return { $ref: "pulumi.json#/Any", rejected: message };
    }
  };
  let fatal: string | undefined;
  try {
    analyzer.analyze();
  } catch (e) {
    const message = (e as Error).message;
    if (!message.startsWith("Failed to find the following components")) fatal = message;
  }
  const components = analyzer.components;
  return {
    exported,
    components,
    typeDefinitions: analyzer.typeDefinitions,
    invisible: exported.filter((n) => !(n in components)),
    problems,
    ...(fatal === undefined ? {} : { fatal }),
  };
}
