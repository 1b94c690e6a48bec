import * as assert from "assert";
import { analyzePackage, PackageSchema } from "./support/packageSchema";

/**
 * Issue 15, item 4: `pulumi package get-schema` infers a schema with every public component and
 * no errors. Pulumi's own analyzer runs over this package (test/support/packageSchema.ts); what it
 * cannot take yet is listed below, exactly: an unlisted problem fails (a regression), and so does a
 * listed one that is gone (strike it). The list shrinks to nothing as the public types are reshaped.
 */

/** The components the package publishes, and so the ones the schema must describe. */
const COMPONENTS = [
  "ArgoApplication",
  "ArgoCd",
  "ArgoCdToken",
  "BaseImageWarm",
  "CiPipeline",
  "CloneSet",
  "GitCredentials",
  "ImageListWarm",
  "KruiseOperator",
  "PipelineNamespace",
  "PipelineServiceAccount",
  "Platform",
  "PoolWarm",
  "RegistryCredentials",
  "ScheduledWarm",
  "SidecarWarm",
  "TektonPipelines",
];

/**
 * Not yet taken by the analyzer: `Type.property` of an argument it rejects, `Component.output` of
 * an output, `invisible: C` for a component it cannot see (not a direct ComponentResource
 * subclass), `exported: C` for a component class the entry point exports beyond COMPONENTS,
 * `fatal: …` for an error that stops it, `undocumented: C.arg` for an input the schema has no
 * description of (its TSDoc lost, e.g. through `Omit<>`), `garbled: …` for a description the
 * analyzer renders as "[object Object]" (a TSDoc `{@link …}`: it joins the comment's parts as
 * objects), where is `C.inputs.x`, `C.outputs.x`, `type T` or `T.x`.
 */
const NOT_YET = new Set<string>([]);

/** The descriptions the analyzer garbled (see NOT_YET), by where they are. */
function garbled(schema: PackageSchema): string[] {
  const bad = (d: unknown) => typeof d === "string" && d.includes("[object Object]");
  type Props = Record<string, { description?: unknown }>;
  const out: string[] = [];
  for (const [name, c] of Object.entries(schema.components)) {
    if (bad((c as { description?: unknown }).description)) out.push(name);
    for (const kind of ["inputs", "outputs"] as const)
      for (const [p, v] of Object.entries(c[kind] as Props))
        if (bad(v.description)) out.push(`${name}.${kind}.${p}`);
  }
  for (const [name, t] of Object.entries(
    schema.typeDefinitions as Record<string, { description?: unknown; properties?: Props }>,
  )) {
    if (bad(t.description)) out.push(`type ${name}`);
    for (const [p, v] of Object.entries(t.properties ?? {}))
      if (bad(v.description)) out.push(`${name}.${p}`);
  }
  return out.map((w) => `garbled: ${w}`);
}

/** Everything the analyzer could not take, in the ledger's words. */
function findings(schema: PackageSchema): string[] {
  return [
    ...garbled(schema),
    ...schema.exported.filter((c) => !COMPONENTS.includes(c)).map((c) => `exported: ${c}`),
    ...schema.invisible.map((c) => `invisible: ${c}`),
    ...schema.problems.map((p) => p.where),
    ...(schema.fatal === undefined ? [] : [`fatal: ${schema.fatal}`]),
    ...Object.entries(schema.components).flatMap(([name, c]) =>
      (Object.entries(c.inputs) as [string, { description?: string; rejected?: string }][])
        .filter(([, p]) => p.rejected === undefined && !p.description)
        .map(([arg]) => `undocumented: ${name}.${arg}`),
    ),
  ];
}

describe("the package's inferred Pulumi schema (get-schema's analyzer)", function () {
  this.timeout(180_000);
  let schema: PackageSchema;
  before(() => {
    schema = analyzePackage();
  });

  it("the entry point exports every public component", () => {
    assert.ok(
      schema.exported.length > 0,
      "the analyzer's component finder found no component at all",
    );
    for (const c of COMPONENTS)
      assert.ok(schema.exported.includes(c), `${c} is not exported as a component`);
  });

  it("finds the entry point and reads the components", () => {
    assert.ok(
      Object.keys(schema.components).length > 0,
      `no component analyzed: ${schema.fatal ?? ""}`,
    );
  });

  it("rejects exactly the types still listed as not yet taken (none unlisted, none stale)", () => {
    const found = findings(schema);
    const unlisted = found.filter((f) => !NOT_YET.has(f));
    const stale = [...NOT_YET].filter((f) => !found.includes(f));
    const detail = (f: string) => schema.problems.find((p) => p.where === f)?.message ?? f;
    assert.deepStrictEqual(unlisted.map(detail), [], "new problems for Pulumi's schema inference");
    assert.deepStrictEqual(stale, [], "these are taken now: strike them from NOT_YET");
  });
});
