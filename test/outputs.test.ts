import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { componentCases } from "./support/componentCases";
import {
  mockedComponents,
  registered,
  registeredOutputs,
  resetRegistrations,
  settle,
  valueOf,
} from "./support/mocks";
import { FetchStub, serveRelease } from "./support/tektonRelease";

const kd = mockedComponents();

/**
 * Issue 15, item 2: every component registers its outputs (`registerOutputs`, so that they show
 * in `pulumi stack` and reach other languages) and documents them. The outputs are the public
 * properties and getters the class declares (its own and its bases'), read from the published
 * declarations: a getter is how a component gives TypeScript users what Pulumi's schema cannot
 * type (our own components, custom resources), so it is registered too.
 */

const ROOT = path.resolve(__dirname, "..", "..");
const DIST = path.join(ROOT, "dist");

/** A public property (or getter) of a component class, and whether it carries a TSDoc comment. */
interface Declared {
  name: string;
  documented: boolean;
}

/** Class name → its public properties and getters, for every class declared in dist/. */
function declaredClasses(): Map<string, { base?: string; props: Declared[] }> {
  const files: string[] = [];
  const walk = (d: string) =>
    fs.readdirSync(d, { withFileTypes: true }).forEach((e) => {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".d.ts")) files.push(p);
    });
  walk(DIST);
  const classes = new Map<string, { base?: string; props: Declared[] }>();
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    sf.forEachChild((node) => {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const base = node.heritageClauses
        ?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)
        ?.types[0]?.expression.getText(sf)
        .replace(/^.*\./, "");
      const props = node.members
        .filter(
          (m): m is ts.PropertyDeclaration | ts.GetAccessorDeclaration =>
            (ts.isPropertyDeclaration(m) || ts.isGetAccessorDeclaration(m)) &&
            !m.modifiers?.some(
              (x) =>
                x.kind === ts.SyntaxKind.PrivateKeyword ||
                x.kind === ts.SyntaxKind.ProtectedKeyword ||
                x.kind === ts.SyntaxKind.StaticKeyword,
            ) &&
            !ts.isPrivateIdentifier(m.name),
        )
        .map((m) => ({
          name: m.name.getText(sf),
          documented: ts.getJSDocCommentsAndTags(m).length > 0,
        }));
      classes.set(node.name.text, { base, props });
    });
  }
  return classes;
}

/** The public properties of `cls` and of its bases in the package. */
function publicProps(
  classes: ReturnType<typeof declaredClasses>,
  cls: string,
): (Declared & { of: string })[] {
  const out: (Declared & { of: string })[] = [];
  for (let c: string | undefined = cls; c && classes.has(c); c = classes.get(c)!.base) {
    out.push(...classes.get(c)!.props.map((p) => ({ ...p, of: c! })));
  }
  return out;
}

describe("every component registers and documents its outputs", function () {
  this.timeout(120_000);
  const classes = declaredClasses();
  const cases = componentCases(kd);
  let fetchStub: FetchStub;
  beforeEach(() => {
    resetRegistrations();
    fetchStub = serveRelease();
  });
  afterEach(() => fetchStub.restore());

  it("reads the 17 components from the published declarations", () => {
    assert.strictEqual(cases.length, 17);
    for (const c of cases) assert.ok(classes.has(c.component), `${c.component} declared in dist/`);
  });

  for (const c of cases) {
    it(`${c.component}: each public property has TSDoc and is a registered output`, async () => {
      const props = publicProps(classes, c.component);
      assert.ok(props.length > 0, `${c.component} declares outputs`);
      const undocumented = props.filter((p) => !p.documented).map((p) => `${p.of}.${p.name}`);
      assert.deepStrictEqual(undocumented, [], "every output has TSDoc");
      const name = `outputs-${c.component.toLowerCase()}`;
      const made = c.make(name, c.args()) as pulumi.ComponentResource;
      await settle();
      const urn = registered.find(
        (r) => r.name === name && r.type.endsWith(`:${c.component}`),
      )?.urn;
      assert.ok(urn, `${c.component} registered`);
      for (let i = 0; i < 100 && !registeredOutputs.has(urn); i++) await settle();
      const outputs = registeredOutputs.get(urn);
      assert.ok(outputs, `${c.component} called registerOutputs`);
      // An output whose value is undefined (an Output of undefined too) is not sent.
      const defined: string[] = [];
      for (const p of props) {
        const v = (made as unknown as Record<string, unknown>)[p.name];
        if ((pulumi.Output.isInstance(v) ? await valueOf(v) : v) !== undefined)
          defined.push(p.name);
      }
      assert.deepStrictEqual(Object.keys(outputs).sort(), defined.sort());
    });
  }
});
