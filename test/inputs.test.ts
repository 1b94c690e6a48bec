import * as pulumi from "@pulumi/pulumi";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as {
  _setIsDryRun(preview: boolean): void;
};
import * as assert from "assert";
import { componentCases, inputCases } from "./support/componentCases";
import { ArgPath, argPaths } from "./support/inputPaths";
import {
  Registered,
  SECRET_KEY,
  SECRET_SIG,
  mockedComponents,
  registered,
  resetRegistrations,
  settle,
} from "./support/mocks";
import { collectingRejections } from "../policy/testing/mockedProgram";
import { FetchStub, serveRelease } from "./support/tektonRelease";

const kd = mockedComponents();

/**
 * Issue 15, item 1: every arg a component types as `pulumi.Input` takes an Output, nested fields
 * included. For each such argument path of each public component (read from the published
 * declarations, test/support/inputPaths.ts) and a value for it (the typical args of
 * test/support/componentCases.ts, and the extra args of `inputCases` for the paths those leave
 * out), the component is built three times under the Pulumi mocks:
 *
 * - with the plain value (`pulumi up`): the reference registrations;
 * - with the value as a known Output (`pulumi up`): the very same registrations, inputs and all;
 * - with an unknown Output (`pulumi preview`, as a value computed by another resource has before
 *   it exists): built without an error, registering the same resources (type and name).
 *
 * The paths typed plain are listed too: each must be a name-giving argument, documented as plain.
 */

const CASES = [...componentCases(kd), ...inputCases(kd)];
const COMPONENTS = [...new Set(CASES.map((c) => c.component))];
const PATHS = argPaths(COMPONENTS);

/** `args` with the value at `path` replaced by `f(value)`; undefined when nothing is there. */
function replaced(args: unknown, path: string[], f: (v: unknown) => unknown): unknown {
  if (path.length === 0) return f(args);
  if (args === null || typeof args !== "object" || pulumi.Output.isInstance(args)) return undefined;
  const rec = args as Record<string, unknown>;
  if (!(path[0] in rec) || rec[path[0]] === undefined) return undefined;
  const inner = replaced(rec[path[0]], path.slice(1), f);
  return inner === undefined ? undefined : { ...rec, [path[0]]: inner };
}

/** An Output whose value is not known yet, as in a preview of a value another resource computes. */
function unknownOutput(): pulumi.Output<unknown> {
  return new (pulumi.Output as any)(
    new Set(),
    Promise.resolve(undefined),
    Promise.resolve(false),
    Promise.resolve(false),
    Promise.resolve(new Set()),
  );
}

/** `v` with every secret value shown as "[secret]" (some are random: generated passwords, salts). */
function secretsHidden(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  const rec = v as Record<string, unknown>;
  if (rec[SECRET_KEY] === SECRET_SIG) return "[secret]";
  if (Array.isArray(v)) return v.map(secretsHidden);
  return Object.fromEntries(Object.entries(rec).map(([k, x]) => [k, secretsHidden(x)]));
}

/** A registration without what differs between runs (URNs; random secret values). */
function shape(r: Registered) {
  return {
    type: r.type,
    name: r.name,
    inputs: secretsHidden(r.inputs),
    secretPaths: r.secretPaths,
  };
}

/** Builds `make(args)` as `preview` or `up` would; returns what was registered. */
async function build(
  make: () => unknown,
  preview: boolean,
): Promise<{ registered: Registered[]; failures: unknown[] }> {
  resetRegistrations();
  settings._setIsDryRun(preview);
  const failures: unknown[] = [];
  try {
    const { rejections } = await collectingRejections(async () => {
      try {
        make();
      } catch (e) {
        failures.push(e);
      }
      await settle();
    });
    failures.push(...rejections);
  } finally {
    settings._setIsDryRun(false);
  }
  return { registered: [...registered], failures };
}

/**
 * Args typed plain by design, with what they decide: the Pulumi names or the set of child
 * resources, a resource option, or a plain value other components read at construction. A key
 * covers the fields nested under it. Each such top-level arg's TSDoc says "Plain" and why.
 */
const PLAIN_BY_DESIGN: Record<string, string> = {
  ...Object.fromEntries(
    ["BaseImageWarm", "SidecarWarm", "PoolWarm", "ImageListWarm"].flatMap((w) => [
      [`${w}.images`, "one ImagePullJob (or list entry) per image, named from it"],
      [`${w}.pullSecrets`, "immutable in Kruise: part of each job's name"],
      [`${w}.apiVersion`, "part of each job's name and of its resource type"],
    ]),
  ),
  ...Object.fromEntries(
    ["RegistryCredentials", "GitCredentials", "ArgoCdToken"].flatMap((c) => [
      [`${c}.secretName`, "the Secret's object name"],
      [`${c}.namespace`, "read at construction by the pipelines it is linked to (namespaceRef)"],
    ]),
  ),
  "RegistryCredentials.registry": "gives the plain registryKey pipelines read at construction",
  "GitCredentials.basicAuth": "decides the Secret's type (its fields take Inputs)",
  "GitCredentials.ssh": "decides the Secret's type (its fields take Inputs)",
  "ArgoCdToken.login": "decides the plain authMode pipeline steps are built for",
  "PipelineServiceAccount.namespace": "read at construction by the pipelines that use it",
  "PipelineServiceAccount.serviceAccountName": "the ServiceAccount's object name",
  "PipelineServiceAccount.warm": "decides the warm Role and its binding",
  "PipelineServiceAccount.deploys": "one Role and RoleBinding per target, named from it",
  "CiPipeline.serviceAccount": "a component, whose RBAC the pipeline is checked against",
  "CiPipeline.repo": "the PipelineRun's object name derives from it",
  "CiPipeline.revision": "the PipelineRun's object name derives from it",
  "CiPipeline.test": "decides the test Task (its fields take Inputs)",
  "CiPipeline.warm": "decides the warm Task (its fields take Inputs)",
  "CiPipeline.deploy": "decides the deploy Task (its targets' fields take Inputs)",
  "CiPipeline.run": "decides the PipelineRun (enabled; its timeout takes an Input)",
  "KruiseOperator.source": "the chart, rendered at construction into the child resources",
  "KruiseOperator.templating": "decides Chart or ConfigGroup children",
  "KruiseOperator.namespace": "the chart's release namespace, rendered at construction",
  "KruiseOperator.createNamespace": "decides the Namespace child",
  "KruiseOperator.crds": "decides the CRD children and their retainOnDelete option",
  "KruiseOperator.featureGates": "the plain featureGates other components read at construction",
  "KruiseOperator.gitOps": "sets TemplateNoDefaults in the plain featureGates (as featureGates)",
  "TektonPipelines.source": "the release manifest, parsed at construction into the child resources",
  "TektonPipelines.keepCrdsOnDelete": "the CRDs' retainOnDelete resource option",
  "ArgoCd.source": "the chart, rendered at construction into the child resources",
  "ArgoCd.templating": "decides Chart or ConfigGroup children",
  "ArgoCd.namespace": "the chart's release namespace, rendered at construction",
  "ArgoCd.createNamespace": "decides the Namespace child",
  "ArgoCd.crds": "decides the CRD children and their retainOnDelete option",
  "ArgoCd.values": "names the server's Service: the plain serverAddress ArgoCdToken reads",
  "ArgoApplication.kruise": "a component, whose gates are read as they are",
  "PipelineNamespace.namespace": "the children's namespace, read at construction by pipelines",
  "PipelineNamespace.createNamespace": "decides the Namespace child",
  "PipelineNamespace.registry": "decides the RegistryCredentials child (its fields: as that one's)",
  "PipelineNamespace.git": "decides the GitCredentials child (its fields: as that one's)",
  "PipelineNamespace.argocdToken": "decides the ArgoCdToken child (its fields: as that one's)",
  "PipelineNamespace.serviceAccountName": "the ServiceAccount's object name",
  "PipelineNamespace.warm": "decides the warm Role and its binding",
  "PipelineNamespace.deploys": "one Role and RoleBinding per target, named from it",
  "Platform.kruise": "decides the KruiseOperator child (its fields: as KruiseOperator's)",
  "Platform.tekton": "decides the TektonPipelines child (its fields: as TektonPipelines')",
  "Platform.argocd": "decides the ArgoCd child (its fields: as ArgoCd's)",
  "Platform.pipeline": "decides the pipeline namespace, credentials and ServiceAccount children",
  "Platform.warm": "decides the warm children, one per pool",
};

/**
 * Args still typed plain that should take Inputs: the rest of issue 15, item 1 (nested fields of
 * Input-typed args whose types the pure builders share; the operators' chart values; the
 * pipeline's step settings; the credentials' metadata). A key covers the fields nested under it.
 * The test fails when one of these becomes an Input (remove it here) or a new plain arg appears.
 */
const NOT_YET_INPUT: readonly string[] = [];

/**
 * Whether ledger entry `entry` covers argument `key`: `a.b` covers `a.b` and the fields under it,
 * `a.b.` (a trailing dot) only the fields under it.
 */
function covers(entry: string, key: string): boolean {
  if (entry.endsWith(".")) return key.startsWith(entry);
  return key === entry || key.startsWith(`${entry}.`);
}

describe("Input args (issue 15, item 1)", function () {
  this.timeout(600_000);
  let fetchStub: FetchStub;
  before(() => {
    fetchStub = serveRelease();
  });
  after(() => fetchStub.restore());

  const inputPaths = new Map<string, ArgPath[]>();
  for (const [component, paths] of PATHS)
    inputPaths.set(
      component,
      paths.filter((p) => p.input),
    );

  it("finds the args of every public component, Input-typed ones among them", () => {
    assert.strictEqual(PATHS.size, 17, [...PATHS.keys()].join(", "));
    const inputs = [...inputPaths.values()].reduce((n, ps) => n + ps.length, 0);
    assert.ok(inputs > 100, `only ${inputs} Input-typed argument paths`);
  });

  const covered = new Set<string>();
  // The plain builds of a case, made once (both modes) and compared with each path's.
  const reference = new Map<unknown, Promise<{ registered: Registered[]; failures: unknown[] }>>();
  const plainBuild = (c: (typeof CASES)[number], preview: boolean) => {
    const key = `${CASES.indexOf(c)} ${preview}`;
    if (!reference.has(key))
      reference.set(
        key,
        build(() => c.make("inp", c.args()), preview),
      );
    return reference.get(key)!;
  };
  for (const c of CASES) {
    for (const p of PATHS.get(c.component)!.filter((x) => x.input)) {
      const at = p.path.join(".");
      if (replaced(c.args(), p.path, (v) => v) === undefined) continue;
      covered.add(`${c.component}.${at}`);
      it(`${c.component}: args.${at} as a known Output registers what the plain value does`, async () => {
        const plain = await plainBuild(c, false);
        assert.deepStrictEqual(plain.failures, []);
        assert.ok(plain.registered.length > 1, "registered nothing but the component");
        const known = await build(
          () =>
            c.make(
              "inp",
              replaced(c.args(), p.path, (v) => pulumi.output(v)),
            ),
          false,
        );
        assert.deepStrictEqual(known.failures, []);
        assert.strictEqual(known.registered.length, plain.registered.length);
        // In the order of their names: a child whose inputs wait on an Output may come later.
        const shapes = (rs: Registered[]) =>
          rs.map(shape).sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
        assert.deepStrictEqual(shapes(known.registered), shapes(plain.registered));
      });
      it(`${c.component}: args.${at} as an unknown Output previews the same resources`, async () => {
        const plain = await plainBuild(c, true);
        assert.deepStrictEqual(plain.failures, []);
        const unknown = await build(
          () =>
            c.make(
              "inp",
              replaced(c.args(), p.path, () => unknownOutput()),
            ),
          true,
        );
        assert.deepStrictEqual(unknown.failures, []);
        const names = (rs: Registered[]) => rs.map((r) => `${r.type} ${r.name}`).sort();
        assert.deepStrictEqual(names(unknown.registered), names(plain.registered));
      });
    }
  }

  it("covers every Input-typed argument path of every component", () => {
    const missing = [...inputPaths].flatMap(([component, paths]) =>
      paths.map((p) => `${component}.${p.path.join(".")}`).filter((k) => !covered.has(k)),
    );
    assert.deepStrictEqual(missing, []);
  });

  describe("the args typed plain", () => {
    const plain = [...PATHS].flatMap(([component, paths]) =>
      paths.filter((p) => !p.input).map((p) => ({ key: `${component}.${p.path.join(".")}`, p })),
    );
    it("are each plain by design or listed as not yet an Input, and no entry is stale", () => {
      assert.ok(plain.length > 0);
      const unlisted = plain
        .map(({ key }) => key)
        .filter(
          (key) =>
            !Object.keys(PLAIN_BY_DESIGN).some((e) => covers(e, key)) &&
            !NOT_YET_INPUT.some((e) => covers(e, key)),
        );
      assert.deepStrictEqual(unlisted, [], "plain args that should take Inputs");
      const stale = [...Object.keys(PLAIN_BY_DESIGN), ...NOT_YET_INPUT].filter(
        (e) => !plain.some(({ key }) => covers(e, key)),
      );
      assert.deepStrictEqual(stale, [], "entries that match no plain arg (now Inputs, or gone)");
    });
    it("say so in their TSDoc when they are plain by design", () => {
      const top = Object.keys(PLAIN_BY_DESIGN).filter((k) => !k.startsWith("Platform."));
      assert.ok(top.length > 30);
      const undocumented = top.filter((k) => {
        const arg = plain.find((x) => x.key === k);
        return !arg || !/\bPlain\b/.test(arg.p.doc);
      });
      assert.deepStrictEqual(undocumented, []);
    });
  });
});
