/**
 * The testing kit's entry point: run a program under mocks, then every policy of the pack over
 * what it registered, with the pack config a `--policy-pack-config` file would give.
 */
import { policies } from "../policies";
import { NotApplicable, PolicyViolation, evaluatePolicies } from "./evaluate";
import { PolicyPackConfig, resolvePolicyConfig } from "./packConfig";
import { ProviderMocks, runMocked } from "./mockedProgram";
import { withProviderChildren } from "./providerChildren";

/** How {@link runPolicies} runs the program and the pack. */
export interface PolicyRunOptions {
  /**
   * Stack config the program reads with `pulumi.Config`: `<namespace>:<key>` (a bare key gets
   * the project's namespace) → value; strings as given, anything else as JSON, as `pulumi config
   * set --path` stores it. Default: none. {@link stackConfigFromFile} reads a stack file into this
   * and `secretKeys`.
   */
  config?: Record<string, unknown>;
  /** Keys of `config` that are secrets (`pulumi config set --secret`). Default: none. */
  secretKeys?: string[];
  /** `pulumi.getProject()`, and the namespace of bare config keys. Default: `"project"`. */
  project?: string;
  /** `pulumi.getStack()`. Default: `"test"`. */
  stack?: string;
  /**
   * The pack's config, as the JSON of a `--policy-pack-config` file: per policy an enforcement
   * level or `{ "enforcementLevel": …, <properties> }`, `all` for every level. Default: none
   * (each policy at its own level). Refused, before the program runs, where the Pulumi CLI
   * refuses it; also a policy name the pack has not (the CLI would ignore it silently).
   */
  policyConfig?: PolicyPackConfig;
  /**
   * Run as `pulumi preview` (`true`: values unknown until apply stay unknown) or `pulumi up`
   * (`false`, the default: every value resolves, and the policies see it).
   */
  preview?: boolean;
  /** How the mocked provider answers; see {@link ProviderMocks}. Default: echo inputs. */
  mocks?: ProviderMocks;
}

/** A resource the program registered, as the policies saw it. */
export interface RegisteredResource {
  /** Pulumi type token. */
  type: string;
  /** Pulumi name. */
  name: string;
  urn: string;
  /** Its inputs, secrets unwrapped. */
  props: Record<string, unknown>;
}

/** What {@link runPolicies} found. */
export interface PolicyRun {
  /** Every violation, mandatory and advisory, resource policies first. */
  violations: PolicyViolation[];
  /** The `mandatory` ones: those that fail `pulumi up`. */
  mandatory: PolicyViolation[];
  /** Policies that did not apply, and why (e.g. `registry-egress-budget` with no budget). */
  notApplicable: NotApplicable[];
  /**
   * Everything the program registered (components included), and the objects of its yaml/v2
   * ConfigGroups as the provider's children.
   */
  resources: RegisteredResource[];
}

/**
 * Runs `program` (a function that constructs resources, as a Pulumi program's body) under Pulumi
 * mocks, then every resource policy and stack policy of the kruise-devops pack over what it
 * registered. Resolves with the violations; rejects with the program's own error when it throws
 * (a component refusing its args, say) or a value it registers fails to resolve. Leaves no mock,
 * config or stack state behind: runs may follow each other, or overlap, in one process.
 */
export async function runPolicies(
  program: () => unknown,
  options: PolicyRunOptions = {},
): Promise<PolicyRun> {
  const project = options.project ?? "project";
  const resolved = resolvePolicyConfig(policies, options.policyConfig);
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.config ?? {})) {
    config[k.includes(":") ? k : `${project}:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  }
  const secretKeys = (options.secretKeys ?? []).map((k) =>
    k.includes(":") ? k : `${project}:${k}`,
  );
  const registered = await runMocked(program, {
    project,
    stack: options.stack ?? "test",
    config,
    secretKeys,
    preview: options.preview ?? false,
    mocks: options.mocks ?? {},
  });
  const resources = withProviderChildren(registered);
  const { violations, notApplicable } = await evaluatePolicies(policies, resources, resolved);
  return {
    violations,
    mandatory: violations.filter((v) => v.enforcementLevel === "mandatory"),
    notApplicable,
    resources,
  };
}
