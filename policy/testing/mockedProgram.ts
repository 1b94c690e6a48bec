/**
 * Runs a Pulumi program under mocks, as `pulumi up` would run it, and returns every resource it
 * registered with its inputs. Each run gets its own copy of the SDK's runtime state, the way the
 * Automation API runs inline programs (`withLocalStorage`), so the mocks, the stack config and the
 * root stack resource of one run never reach another run or the test around it.
 *
 * SDK internals used (pinned @pulumi/pulumi; `test/policy/testing.test.ts` checks them):
 * `runtime/state`'s `withLocalStorage`, the mock monitor's `registerResource(req, callback)`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as yaml from "js-yaml";
import type { PolicyTarget } from "./evaluate";

interface RuntimeState {
  withLocalStorage<T>(callback: () => Promise<T>): Promise<T>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const state = require("@pulumi/pulumi/runtime/state") as RuntimeState;

/** The wire key and signature of a secret value in serialized properties. */
export const SECRET_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Takes Pulumi's secret wrappers off, recursively, as the policy SDK does for `Analyze`. */
export function unwrapSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (v !== null && typeof v === "object") {
    const rec = v as Record<string, unknown>;
    if (rec[SECRET_KEY] === SECRET_SIG) return unwrapSecrets(rec.value);
    return Object.fromEntries(Object.entries(rec).map(([k, x]) => [k, unwrapSecrets(x)]));
  }
  return v;
}

/**
 * The provider components whose `resources` output the Kubernetes provider always sets: the
 * mocks give them an empty one, as nothing is registered under them without the provider.
 */
export const REMOTE_COMPONENTS: ReadonlySet<string> = new Set([
  "kubernetes:yaml/v2:ConfigGroup",
  "kubernetes:yaml/v2:ConfigFile",
  "kubernetes:helm.sh/v4:Chart",
]);

/** What the provider's `kubernetes:yaml:decode` returns: the YAML stream's non-empty documents. */
export function decodeYaml(text: string): unknown[] {
  return yaml.loadAll(text).filter((d) => d !== null && d !== undefined);
}

/** How the mocked provider answers; each part optional, Pulumi's `Mocks` otherwise. */
export interface ProviderMocks {
  /**
   * The state a resource gets, given its type, name and inputs. Default: its inputs (a
   * provider component also gets `resources: []`).
   */
  newResource?: (args: pulumi.runtime.MockResourceArgs) => pulumi.runtime.MockResourceResult;
  /**
   * What a provider function returns. Default: `kubernetes:yaml:decode` decodes its `text`,
   * `kubernetes:helm:template` renders nothing (no Helm here: a chart's objects are not seen),
   * any other echoes its inputs.
   */
  call?: (args: pulumi.runtime.MockCallArgs) => pulumi.runtime.MockCallResult;
}

const defaultNewResource = (args: pulumi.runtime.MockResourceArgs) => ({
  id: (args.inputs?.metadata?.name as string | undefined) ?? `${args.name}-id`,
  state: REMOTE_COMPONENTS.has(args.type) ? { ...args.inputs, resources: [] } : args.inputs,
});

const defaultCall = (args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult => {
  if (args.token === "kubernetes:yaml:decode") return { result: decodeYaml(args.inputs.text) };
  if (args.token === "kubernetes:helm:template") return { result: [] };
  return args.inputs;
};

/** How a program is run. */
export interface MockedRunOptions {
  /** `pulumi.getProject()`. */
  project: string;
  /** `pulumi.getStack()`. */
  stack: string;
  /** Stack config, `<namespace>:<key>` → the string `pulumi config` would hold. */
  config: Record<string, string>;
  /** The keys of `config` that are secrets. */
  secretKeys: string[];
  /** Run as `pulumi preview` (true) or `pulumi up` (false: every value resolves). */
  preview: boolean;
  mocks: ProviderMocks;
}

/** A monitor request and callback, as the SDK's mock monitor receives them. */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getObject(): unknown;
}
type RegisterCallback = (err: unknown, res: { getUrn(): string } | undefined) => void;
interface MockMonitorLike {
  registerResource(req: RegisterRequest, callback: RegisterCallback): unknown;
}

/**
 * Runs `program` as the root of a stack under mocks, waits until every registration (including
 * those waiting on values that resolve later) is answered, and returns what was registered.
 * Rejects with the program's error when it throws or a registration fails.
 */
export async function runMocked(
  program: () => unknown,
  options: MockedRunOptions,
): Promise<PolicyTarget[]> {
  const { value, rejections } = await collectingRejections(() => registrations(program, options));
  if (rejections.length > 0) throw rejections[0];
  return value;
}

/**
 * Runs `run` with the process's `unhandledRejection` listeners (a test runner's) set aside, and
 * returns what it resolved to and the distinct rejections nobody handled meanwhile (`run` sees
 * them as they come): a value
 * that fails to resolve inside a resource's inputs surfaces that way, and fails the deployment
 * (the Node language host collects them the same way). Listeners are restored after.
 */
export async function collectingRejections<T>(
  run: (rejections: readonly unknown[]) => Promise<T>,
): Promise<{ value: T; rejections: unknown[] }> {
  const saved = process.listeners("unhandledRejection");
  process.removeAllListeners("unhandledRejection");
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => {
    const seen = rejections.some(
      (r) =>
        r === reason ||
        (r instanceof Error && reason instanceof Error && r.message === reason.message),
    );
    if (!seen) rejections.push(reason);
  };
  process.on("unhandledRejection", onRejection);
  try {
    const value = await run(rejections);
    // Node reports unhandled rejections once the microtask queue drains: let it.
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 0));
    return { value, rejections };
  } finally {
    process.removeListener("unhandledRejection", onRejection);
    for (const l of saved) process.on("unhandledRejection", l);
  }
}

/** Runs `program` in a runtime state of its own under the mocks; what it registered. */
function registrations(program: () => unknown, options: MockedRunOptions): Promise<PolicyTarget[]> {
  return state.withLocalStorage(async () => {
    const registered: PolicyTarget[] = [];
    await pulumi.runtime.setMocks(
      {
        newResource: options.mocks.newResource ?? defaultNewResource,
        call: options.mocks.call ?? defaultCall,
      },
      options.project,
      options.stack,
      options.preview,
    );
    pulumi.runtime.setAllConfig(options.config, options.secretKeys);
    const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitorLike;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
      const inputs = pulumi.runtime.deserializeProperties(
        req.getObject() as Parameters<typeof pulumi.runtime.deserializeProperties>[0],
      );
      return register(req, (err, res) => {
        if (!err && res && req.getType() !== "pulumi:pulumi:Stack") {
          registered.push({
            type: req.getType(),
            name: req.getName(),
            urn: res.getUrn(),
            props: unwrapSecrets(inputs) as Record<string, unknown>,
          });
        }
        callback(err, res);
      });
    };
    const previousStack = (globalThis as { stackResource?: unknown }).stackResource;
    // The program's own error is kept, not thrown through the stack resource: the SDK would
    // also raise it as an unhandled rejection, which a test runner reports against the test.
    let failure: { error: unknown } | undefined;
    try {
      await pulumi.runtime.runInPulumiStack(async () => {
        try {
          // Its value is no stack output here: policies do not read outputs.
          await program();
        } catch (error) {
          failure = { error };
        }
        return undefined;
      });
    } finally {
      await pulumi.runtime.disconnect();
      (globalThis as { stackResource?: unknown }).stackResource = previousStack;
    }
    if (failure) throw failure.error;
    return registered;
  });
}
