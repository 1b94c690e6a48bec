import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
  REMOTE_COMPONENTS,
  SECRET_KEY,
  SECRET_SIG,
  collectingRejections,
  decodeYaml,
} from "../../policy/testing/mockedProgram";

export { SECRET_KEY, SECRET_SIG, decodeYaml };

/** What a component registered: the resource, its inputs, and the options the engine was sent. */
export interface Registered {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly custom: boolean;
  readonly inputs: Record<string, any>;
  readonly parent: string;
  readonly dependencies: string[];
  readonly replaceOnChanges: string[];
  readonly ignoreChanges: string[];
  readonly deleteBeforeReplace: boolean | undefined;
  readonly retainOnDelete: boolean | undefined;
  readonly customTimeouts: { create: string; update: string; delete: string } | undefined;
  /** How many transforms the resource was registered with. */
  readonly transforms: number;
  /** Dotted paths of the inputs sent marked secret, e.g. `stringData`. */
  readonly secretPaths: string[];
  /** The aliases sent (a URN, or a spec whose empty fields are the resource's own). */
  readonly aliases: AliasSent[];
}

/** An alias as the SDK sends it to the engine. */
export interface AliasSent {
  readonly urn?: string;
  readonly name?: string;
  readonly type?: string;
  readonly parentUrn?: string;
  readonly noParent?: boolean;
}

/** The aliases of a RegisterResourceRequest, as plain data: only the fields set. */
function aliasesOf(req: any): AliasSent[] {
  return (req.getAliasesList() as any[]).map((a) => {
    if (a.hasUrn()) return { urn: a.getUrn() };
    const spec = a.getSpec();
    const sent: Record<string, string | boolean> = {
      name: spec.getName(),
      type: spec.getType(),
      parentUrn: spec.getParenturn(),
      noParent: spec.getNoparent(),
    };
    // An empty field is not sent (the engine takes the resource's own).
    return Object.fromEntries(Object.entries(sent).filter(([, v]) => v !== "" && v !== false));
  });
}

/** Every registration since the last {@link resetRegistrations}. */
export const registered: Registered[] = [];

/** The outputs each component registered (`registerOutputs`), by URN, since the last reset. */
export const registeredOutputs = new Map<string, Record<string, unknown>>();

/** Every provider function call since the last {@link resetRegistrations}: token and inputs. */
export const calls: { token: string; inputs: Record<string, any> }[] = [];

/**
 * What the mocked `kubernetes:helm:template` returns (the provider's `helm template`): set it to
 * the objects a test wants "rendered". Reset to none by {@link resetRegistrations}.
 */
export const helmTemplate: { objects: unknown[] } = { objects: [] };

/**
 * How many stack-wide transforms (`pulumi.runtime.registerResourceTransform`) were registered
 * since the mocks were installed: each is a callback from the engine into the program too.
 */
export const stackTransforms = { count: 0 };

/**
 * The `status` the mocked provider reports for every ImagePullJob (as a real one does once Kruise
 * has run it and `up` has waited): set it to the counts a test wants. Reset to none by
 * {@link resetRegistrations}.
 */
export const imagePullJobStatus: { value: Record<string, unknown> | undefined } = {
  value: undefined,
};

/** As {@link imagePullJobStatus}, for every ImageListPullJob. */
export const imageListPullJobStatus: { value: Record<string, unknown> | undefined } = {
  value: undefined,
};

/** Forgets what was registered and called. */
export function resetRegistrations(): void {
  registered.length = 0;
  calls.length = 0;
  registeredOutputs.clear();
  helmTemplate.objects = [];
  imagePullJobStatus.value = undefined;
  imageListPullJobStatus.value = undefined;
}

let installed = false;

/**
 * Installs Pulumi mocks that echo inputs as state and record each registration together with the
 * options the SDK sent to the engine (which `MockResourceArgs` does not carry). Idempotent.
 */
export function installMocks(): void {
  if (installed) return;
  installed = true;
  pulumi.runtime.setMocks(
    {
      newResource: (args) => ({
        id: args.inputs?.metadata?.name ?? `${args.name}-id`,
        state: REMOTE_COMPONENTS.has(args.type)
          ? { ...args.inputs, resources: [] }
          : args.type.endsWith(":ImagePullJob") && imagePullJobStatus.value
            ? { ...args.inputs, status: imagePullJobStatus.value }
            : args.type.endsWith(":ImageListPullJob") && imageListPullJobStatus.value
              ? { ...args.inputs, status: imageListPullJobStatus.value }
              : args.inputs,
      }),
      call: (args) => {
        calls.push({ token: args.token, inputs: args.inputs });
        if (args.token === "kubernetes:helm:template") return { result: helmTemplate.objects };
        if (args.token === "kubernetes:yaml:decode")
          return { result: decodeYaml(args.inputs.text) };
        return args.inputs;
      },
    },
    "kruise-devops",
    "test",
    false,
  );
  const monitor = pulumi.runtime.getMonitor() as any;
  const originalStackTransform = monitor.registerStackTransform.bind(monitor);
  monitor.registerStackTransform = (req: unknown, callback: unknown) => {
    stackTransforms.count++;
    return originalStackTransform(req, callback);
  };
  const originalOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req: any, callback: (err: any, res: any) => void) => {
    registeredOutputs.set(
      req.getUrn(),
      pulumi.runtime.deserializeProperties(req.getOutputs()) as Record<string, unknown>,
    );
    return originalOutputs(req, callback);
  };
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: (err: any, res: any) => void) => {
    const timeouts = req.getCustomtimeouts();
    const inputs = pulumi.runtime.deserializeProperties(req.getObject());
    const done = (err: any, res: any) => {
      if (!err) {
        registered.push({
          type: req.getType(),
          name: req.getName(),
          urn: res.getUrn(),
          custom: req.getCustom(),
          inputs,
          parent: req.getParent(),
          dependencies: req.getDependenciesList(),
          replaceOnChanges: req.getReplaceonchangesList(),
          ignoreChanges: req.getIgnorechangesList(),
          deleteBeforeReplace: req.getDeletebeforereplacedefined()
            ? req.getDeletebeforereplace()
            : undefined,
          retainOnDelete: req.getRetainondelete(),
          transforms: req.getTransformsList().length,
          secretPaths: secretPaths(req.getObject()?.toJavaScript()),
          aliases: aliasesOf(req),
          customTimeouts: timeouts
            ? {
                create: timeouts.getCreate(),
                update: timeouts.getUpdate(),
                delete: timeouts.getDelete(),
              }
            : undefined,
        });
      }
      callback(err, res);
    };
    return original(req, done);
  };
}

/** The value of an output, once known. */
export function valueOf<T>(o: pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(o).apply((v) => resolve(v as T)));
}

/** Resolves when every registration started so far has been answered. */
export async function settle(): Promise<void> {
  let last = -1;
  for (let quiet = 0; quiet < 5;) {
    await new Promise((r) => setTimeout(r, 5));
    if (registered.length === last) quiet++;
    else quiet = 0;
    last = registered.length;
  }
}

/** The registrations of one resource type. */
export function ofType(type: string): Registered[] {
  return registered.filter((r) => r.type === type);
}

/** `type name` of each registration, for messages. */
function names(rs: readonly Registered[]): string {
  return rs.map((r) => `${r.type} ${r.name}`).join(", ") || "none";
}

/**
 * Every registration since the last reset, after asserting there are exactly `count`: a check of
 * each registration cannot then pass on none.
 */
export function allRegistered(count: number): Registered[] {
  assert.strictEqual(
    registered.length,
    count,
    `${registered.length} registrations: ${names(registered)}`,
  );
  return registered;
}

/**
 * The registrations of one resource type, after asserting there are exactly `count`: a check of
 * each cannot then pass on none. ({@link ofType} asserts nothing: it also shows that none is.)
 */
export function ofTypeCounted(type: string, count: number): Registered[] {
  const found = ofType(type);
  assert.strictEqual(
    found.length,
    count,
    `${found.length} registrations of ${type}: ${names(found)}`,
  );
  return found;
}

/** Paths (dotted) of the values marked secret in a serialized property map. */
function secretPaths(obj: unknown, at = ""): string[] {
  if (obj === null || typeof obj !== "object") return [];
  const rec = obj as Record<string, unknown>;
  if (rec[SECRET_KEY] === SECRET_SIG) return [at];
  return Object.entries(rec).flatMap(([k, v]) => secretPaths(v, at ? `${at}.${k}` : k));
}

/**
 * Installs the mocks, then loads the package's components, as a Pulumi program would load them
 * after the runtime is set up.
 */
export function mockedComponents(): typeof import("../../components") {
  installMocks();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("../../components") as typeof import("../../components");
}

/**
 * Runs `make`, lets the program run, and returns the (distinct) unhandled rejections it left: a
 * failed `apply` inside a resource's inputs surfaces that way (the deployment fails). Mocha's own
 * handlers are set aside meanwhile and restored (the testing kit's collectingRejections).
 */
export async function deployFailures(make: () => unknown): Promise<unknown[]> {
  const { rejections } = await collectingRejections(async (caught) => {
    make();
    for (let waited = 0; caught.length === 0 && waited < 5000; waited += 20) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await settle();
  });
  return rejections;
}
