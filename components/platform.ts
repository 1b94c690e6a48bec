import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ArgoCdToken } from "./access/argoCdToken";
import { GitCredentials, GitCredentialsArgs } from "./access/gitCredentials";
import { DeployTarget } from "./access/pipelineRbac";
import {
  DEFAULT_PIPELINE_NAMESPACE,
  PipelineNamespace,
  PipelineNamespaceArgs,
  checkPipelineNamespaceArgs,
  platformSectionOptions,
} from "./access/pipelineNamespace";
import { PipelineServiceAccount } from "./access/pipelineServiceAccount";
import { RegistryCredentials, RegistryCredentialsArgs } from "./access/registryCredentials";
import { ArgoCd, ArgoCdArgs, checkArgoCdArgs } from "./argocd/install";
import { childOptions } from "./common/children";
import { ProblemCollector, argsError, brokenRule, parseArgs, ruleIssue } from "./common/errors";
import { namespaceSchema } from "./common/k8sNames";
import { BaseImageWarm, BaseImageWarmArgs, checkBaseImageWarmArgs } from "./kruise/baseImageWarm";
import { KruiseOperator, KruiseOperatorArgs, checkKruiseOperatorArgs } from "./kruise/operator";
import { PoolWarm, PoolWarmArgs, checkPoolWarmArgs } from "./kruise/poolWarm";
import { SidecarWarm, SidecarWarmArgs, checkSidecarWarmArgs } from "./kruise/sidecarWarm";
import { TektonPipelines, TektonPipelinesArgs, checkTektonPipelinesArgs } from "./tekton/install";
import { PLATFORM_CHILDREN, PlatformChild, childName, poolChild } from "./platformChildren";

const KIND = "Platform";

/**
 * OpenKruise in the platform: `KruiseOperator`'s args (child `<name>-kruise`), and whether
 * to install it at all.
 */
export interface PlatformKruiseArgs extends KruiseOperatorArgs {
  /**
   * Install OpenKruise; `false` leaves it out (e.g. it is installed already: warm components then
   * wait for nothing). Plain: it decides whether the KruiseOperator child exists. @default true
   */
  enabled?: boolean;
}

/**
 * Tekton Pipelines in the platform: `TektonPipelines`' args (child `<name>-tekton`), and
 * whether to install it at all.
 */
export interface PlatformTektonArgs extends TektonPipelinesArgs {
  /**
   * Install Tekton Pipelines; `false` leaves it out (e.g. it is installed already). Plain: it
   * decides whether the TektonPipelines child exists. @default true
   */
  enabled?: boolean;
}

/**
 * Argo CD in the platform: `ArgoCd`'s args (child `<name>-argocd`), and whether to install
 * it at all.
 */
export interface PlatformArgoCdArgs extends ArgoCdArgs {
  /**
   * Install Argo CD; `false` leaves it out (e.g. it is installed already; `pipeline.argocdToken`
   * then needs an ArgoCdToken of your own instead). Plain: it decides whether the ArgoCd child
   * exists. @default true
   */
  enabled?: boolean;
}

/**
 * The pipeline side of the platform: its namespace, credentials and ServiceAccount, made as a
 * `PipelineNamespace` (named as the Platform; its args but `argocdToken`, which takes only
 * the token: the server is the Argo CD this platform installs).
 */
export interface PlatformPipelineArgs {
  /**
   * Namespace pipelines run in (PipelineNamespace `namespace`). Plain: the children's object
   * names and namespaces derive from it. Maps to the Namespace's `metadata.name` and every
   * child's `metadata.namespace`. @default "ci"
   */
  namespace?: string;
  /**
   * Create the namespace (PipelineNamespace `createNamespace`). Plain: it decides whether the
   * Namespace child exists. @default true
   */
  createNamespace?: boolean;
  /**
   * Push/pull credentials (RegistryCredentials args; child `<name>-registry`, PipelineNamespace
   * `registry`). Their `namespace`, if given, must be `namespace`: leave it out. Maps to a
   * `kubernetes.io/dockerconfigjson` Secret. Plain: it decides the child; its fields are
   * RegistryCredentials'. @default none
   */
  registry?: RegistryCredentialsArgs;
  /**
   * Git credentials (GitCredentials args; child `<name>-git`, PipelineNamespace `git`). Their
   * `namespace`, if given, must be `namespace`: leave it out. Maps to a `kubernetes.io/basic-auth`
   * or `kubernetes.io/ssh-auth` Secret. Plain: it decides the child; its fields are
   * GitCredentials'. @default none
   */
  git?: GitCredentialsArgs;
  /**
   * An Argo CD API token (a secret) for deploy steps; needs `argocd` enabled: the token's Secret
   * names the installed server. Maps to `ARGOCD_AUTH_TOKEN` of the ArgoCdToken child
   * `<name>-argocd-token`. @default none
   */
  argocdToken?: pulumi.Input<string>;
  /**
   * Workloads the deploy step may update (PipelineServiceAccount `deploys`). Maps to Role rules
   * with `resourceNames`. Plain: one Role and RoleBinding per target, named from it.
   * @default none
   */
  deploys?: DeployTarget[];
}

/** The warm components to run. Each key is a component; `pools` by pool name. */
export interface PlatformWarmArgs {
  /**
   * Base images on every node (BaseImageWarm args; child `<name>-base`). Plain: it decides the
   * child; its fields are BaseImageWarm's. @default none
   */
  base?: BaseImageWarmArgs;
  /**
   * Sidecar images, one-shot (SidecarWarm args; child `<name>-sidecars`). Plain: it decides the
   * child; its fields are SidecarWarm's. @default none
   */
  sidecars?: SidecarWarmArgs;
  /**
   * Per-pool warming, pool name → PoolWarm args (child `<name>-pool-<pool>` each). Plain: one
   * child per entry, named from it. @default none
   */
  pools?: Record<string, PoolWarmArgs>;
}

/** Args of `Platform`. Each install part is on unless its `enabled` is `false`. */
export interface PlatformArgs {
  /**
   * OpenKruise (KruiseOperator args, and `enabled`). Plain: it decides the KruiseOperator child;
   * its fields are KruiseOperator's. @default { enabled: true } (installed with defaults)
   */
  kruise?: PlatformKruiseArgs;
  /**
   * Tekton Pipelines (TektonPipelines args, and `enabled`). Plain: it decides the TektonPipelines
   * child; its fields are TektonPipelines'. @default { enabled: true }
   */
  tekton?: PlatformTektonArgs;
  /**
   * Argo CD (ArgoCd args, and `enabled`). Plain: it decides the ArgoCd child; its fields are
   * ArgoCd's. @default { enabled: true }
   */
  argocd?: PlatformArgoCdArgs;
  /**
   * Pipeline namespace, credentials and least-privilege ServiceAccount (a PipelineNamespace child
   * named as the Platform). Plain: it decides the section and its children. @default none
   */
  pipeline?: PlatformPipelineArgs;
  /**
   * Image warming (BaseImageWarm, SidecarWarm, PoolWarm children). Plain: it decides the warm
   * children, one per pool. @default none
   */
  warm?: PlatformWarmArgs;
}

/** An install part's args without `enabled`, or undefined when it is left out. */
function enabledPart<T extends object>(
  part: (T & { enabled?: boolean }) | undefined,
): T | undefined {
  if (part?.enabled === false) return undefined;
  const { enabled: _enabled, ...args } = part ?? ({} as T & { enabled?: boolean });
  return args as T;
}

/**
 * An install part: its component's own args (checked by the component's own check) and
 * `enabled`. `false` in place of the object was the old way to leave a part out.
 */
const part = z
  .unknown()
  .superRefine((v, ctx) => {
    if (v === false)
      ctx.addIssue({
        code: "custom",
        ...ruleIssue(
          "is false",
          "a part is left out by its own `enabled: false`, beside its component's args",
          "pass { enabled: false }",
        ),
      });
  })
  .pipe(z.looseObject({ enabled: z.boolean().default(true) }));

const schema = z
  .strictObject({
    kruise: part.optional().default({ enabled: true }),
    tekton: part.optional().default({ enabled: true }),
    argocd: part.optional().default({ enabled: true }),
    pipeline: z
      .looseObject({
        namespace: namespaceSchema.default(DEFAULT_PIPELINE_NAMESPACE),
        createNamespace: z.boolean().default(true),
      })
      .optional(),
    warm: z
      .strictObject({
        base: z.record(z.string(), z.unknown()).optional(),
        sidecars: z.record(z.string(), z.unknown()).optional(),
        pools: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
      })
      .optional(),
  })
  .superRefine((a, ctx) => {
    if (a.pipeline?.argocdToken !== undefined && !a.argocd.enabled) {
      ctx.addIssue({
        code: "custom",
        path: ["pipeline", "argocdToken"],
        ...ruleIssue(
          "is set without argocd",
          "the token's Secret names the Argo CD server this platform installs",
          "enable argocd here, or make an ArgoCdToken yourself with the server's address",
        ),
      });
    }
  });

/**
 * The args of the pipeline section (a PipelineNamespace), from `pipeline`; the Argo CD token's
 * server is the installed Argo CD's address.
 */
function pipelineSectionArgs(
  p: PlatformPipelineArgs,
  a: NonNullable<z.output<typeof schema>["pipeline"]>,
  argocdServer: string | undefined,
): PipelineNamespaceArgs {
  const { namespace, createNamespace } = a;
  return {
    namespace,
    createNamespace,
    registry: p.registry && { namespace, ...p.registry },
    git: p.git && { namespace, ...p.git },
    argocdToken:
      p.argocdToken !== undefined && argocdServer !== undefined
        ? { server: argocdServer, token: p.argocdToken }
        : undefined,
    deploys: p.deploys,
  };
}

/**
 * Runs every part's own checks, as each part's constructor would with the name and args Platform
 * gives it, before anything is registered: bad args anywhere create nothing. Throws every
 * part's problems at once, one line each.
 */
function checkParts(name: string, args: PlatformArgs, a: z.output<typeof schema>): void {
  const parts = new ProblemCollector();
  const C = PLATFORM_CHILDREN;
  const check = <T>(child: PlatformChild, run: (childName: string) => T): T | undefined => {
    const named = childName(name, child);
    return parts.check(() => run(named));
  };
  const kruise = enabledPart(args.kruise);
  const tekton = enabledPart(args.tekton);
  const argo = enabledPart(args.argocd);
  if (kruise) check(C.kruise, (n) => checkKruiseOperatorArgs(n, kruise));
  if (tekton) check(C.tekton, (n) => checkTektonPipelinesArgs(n, tekton));
  const argocd = argo && check(C.argocd, (n) => checkArgoCdArgs(n, argo));
  const p = args.pipeline;
  if (p && a.pipeline) {
    const section = pipelineSectionArgs(p, a.pipeline, argocd?.serverAddress);
    check(C.pipelineSection, (n) => checkPipelineNamespaceArgs(n, section));
  }
  const w = args.warm;
  if (w?.base) check(C.base, (n) => checkBaseImageWarmArgs(n, w.base!));
  if (w?.sidecars) check(C.sidecars, (n) => checkSidecarWarmArgs(n, w.sidecars!));
  for (const [pool, poolArgs] of Object.entries(w?.pools ?? {})) {
    check(poolChild(pool), (n) => checkPoolWarmArgs(n, poolArgs));
  }
  parts.throwAll();
}

/** The child components of a Platform, behind its getters. */
interface PlatformParts {
  kruise?: KruiseOperator;
  tekton?: TektonPipelines;
  argocd?: ArgoCd;
  pipeline?: PipelineNamespace;
  warm: (BaseImageWarm | SidecarWarm | PoolWarm)[];
}

/**
 * Each Platform's child components. Not a property of the class: Pulumi's schema inference
 * reads every property a component declares (private ones too) as an output, and cannot type
 * our own components; the getters below give them to TypeScript users, the plain outputs to
 * every language.
 */
const partsOf = new WeakMap<Platform, PlatformParts>();

/**
 * The whole platform in one component: OpenKruise, Tekton Pipelines and Argo CD, a pipeline
 * namespace with its credentials and least-privilege ServiceAccount, and the warm components,
 * each created after what it needs (`ready`). Every part takes its own component's args.
 */
export class Platform extends pulumi.ComponentResource {
  /** Namespace OpenKruise runs in (KruiseOperator `namespace`); with `kruise` enabled. */
  public readonly kruiseNamespace?: pulumi.Output<string>;
  /** Namespace Tekton Pipelines runs in (TektonPipelines `namespace`); with `tekton` enabled. */
  public readonly tektonNamespace?: pulumi.Output<string>;
  /** Namespace Argo CD runs in (ArgoCd `namespace`); with `argocd` enabled. */
  public readonly argocdNamespace?: pulumi.Output<string>;
  /**
   * The installed Argo CD API server's in-cluster address, `host:port` (ArgoCd `serverAddress`),
   * e.g. `platform-argocd-server.argocd.svc:443`; with `argocd` enabled.
   */
  public readonly argocdServer?: pulumi.Output<string>;
  /** Namespace the pipelines run in (PipelineNamespace `namespace`); with `pipeline`. */
  public readonly pipelineNamespace?: pulumi.Output<string>;
  /** Name of the pipeline's least-privilege ServiceAccount, `<name>-pipeline`; with `pipeline`. */
  public readonly serviceAccountName?: pulumi.Output<string>;
  /** Name of the registry credentials' Secret, `<name>-registry`; with `pipeline.registry`. */
  public readonly registrySecretName?: pulumi.Output<string>;
  /** Name of the Git credentials' Secret, `<name>-git`; with `pipeline.git`. */
  public readonly gitSecretName?: pulumi.Output<string>;
  /** Name of the Argo CD token's Secret, `<name>-argocd-token`; with `pipeline.argocdToken`. */
  public readonly argocdTokenSecretName?: pulumi.Output<string>;
  /**
   * Names of the warm components (`<name>-base`, `<name>-sidecars`, `<name>-pool-<pool>`), in
   * the order of `Platform.warm`; empty without `warm`.
   */
  public readonly warmComponents: pulumi.Output<string[]>;

  /** OpenKruise, child `<name>-kruise`; undefined with `kruise.enabled: false`. */
  public get kruise(): KruiseOperator | undefined {
    return partsOf.get(this)!.kruise;
  }
  /** Tekton Pipelines, child `<name>-tekton`; undefined with `tekton.enabled: false`. */
  public get tekton(): TektonPipelines | undefined {
    return partsOf.get(this)!.tekton;
  }
  /** Argo CD, child `<name>-argocd`; undefined with `argocd.enabled: false`. */
  public get argocd(): ArgoCd | undefined {
    return partsOf.get(this)!.argocd;
  }
  /**
   * The pipeline section (namespace, credentials, ServiceAccount), child `<name>` (named as the
   * Platform, so that its children keep the names they had as Platform's own); with `pipeline`.
   */
  public get pipeline(): PipelineNamespace | undefined {
    return partsOf.get(this)!.pipeline;
  }
  /** The pipeline's registry credentials, `<name>-registry` in `pipeline`; with `pipeline.registry`. */
  public get registry(): RegistryCredentials | undefined {
    return this.pipeline?.registry;
  }
  /** The pipeline's Git credentials, `<name>-git` in `pipeline`; with `pipeline.git`. */
  public get git(): GitCredentials | undefined {
    return this.pipeline?.git;
  }
  /** The pipeline's Argo CD token, `<name>-argocd-token` in `pipeline`; with `pipeline.argocdToken`. */
  public get argocdToken(): ArgoCdToken | undefined {
    return this.pipeline?.argocdToken;
  }
  /** The pipeline's least-privilege ServiceAccount, `<name>-pipeline` in `pipeline`; with `pipeline`. */
  public get serviceAccount(): PipelineServiceAccount | undefined {
    return this.pipeline?.serviceAccount;
  }
  /** The warm components (`warm.base`, `warm.sidecars`, one per `warm.pools` entry), in that order. */
  public get warm(): readonly (BaseImageWarm | SidecarWarm | PoolWarm)[] {
    return partsOf.get(this)!.warm;
  }

  constructor(name: string, args: PlatformArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const a = parseArgs(KIND, name, schema, args);
    const kruiseArgs = enabledPart(args.kruise);
    const tektonArgs = enabledPart(args.tekton);
    const argocdArgs = enabledPart(args.argocd);
    const gates = kruiseArgs?.featureGates;
    if (args.warm && (gates?.ImagePullJobGate === false || gates?.KruiseDaemon === false)) {
      throw argsError(
        KIND,
        name,
        ["kruise", "featureGates"],
        brokenRule(
          "turn ImagePullJobGate or KruiseDaemon off while warm components are asked for",
          "Kruise's ImagePullJob webhook answers 403 unless KruiseDaemon and ImagePullJobGate are on",
          "drop those gates, or drop warm",
        ),
      );
    }
    checkParts(name, args, a);
    super(`kruise-devops:index:${KIND}`, name, {}, opts);
    const parts: PlatformParts = { warm: [] };
    partsOf.set(this, parts);
    const child = childOptions(this, opts);
    if (kruiseArgs)
      parts.kruise = new KruiseOperator(
        childName(name, PLATFORM_CHILDREN.kruise),
        kruiseArgs,
        child,
      );
    if (tektonArgs)
      parts.tekton = new TektonPipelines(
        childName(name, PLATFORM_CHILDREN.tekton),
        tektonArgs,
        child,
      );
    if (argocdArgs)
      parts.argocd = new ArgoCd(childName(name, PLATFORM_CHILDREN.argocd), argocdArgs, child);

    const p = args.pipeline;
    if (p && a.pipeline) {
      parts.pipeline = new PipelineNamespace(
        childName(name, PLATFORM_CHILDREN.pipelineSection),
        pipelineSectionArgs(p, a.pipeline, parts.argocd?.serverAddress),
        platformSectionOptions(this, KIND, opts),
      );
    }

    const afterKruise = {
      parent: this,
      dependsOn: parts.kruise ? parts.kruise.ready : opts?.dependsOn,
    };
    const w = args.warm;
    const warmNames: string[] = [];
    const warmChild = (c: PlatformChild) => {
      const n = childName(name, c);
      warmNames.push(n);
      return n;
    };
    if (w?.base)
      parts.warm.push(new BaseImageWarm(warmChild(PLATFORM_CHILDREN.base), w.base, afterKruise));
    if (w?.sidecars)
      parts.warm.push(
        new SidecarWarm(warmChild(PLATFORM_CHILDREN.sidecars), w.sidecars, afterKruise),
      );
    for (const [pool, poolArgs] of Object.entries(w?.pools ?? {})) {
      parts.warm.push(new PoolWarm(warmChild(poolChild(pool)), poolArgs, afterKruise));
    }

    const named = <T>(v: pulumi.Input<T> | undefined) =>
      v === undefined ? undefined : pulumi.output(v);
    this.kruiseNamespace = named(parts.kruise?.namespace);
    this.tektonNamespace = named(parts.tekton?.namespace);
    this.argocdNamespace = named(parts.argocd?.namespace);
    this.argocdServer = named(parts.argocd?.serverAddress);
    this.pipelineNamespace = parts.pipeline?.namespace;
    this.serviceAccountName = this.serviceAccount?.serviceAccountName;
    this.registrySecretName = this.registry?.secretName;
    this.gitSecretName = this.git?.secretName;
    this.argocdTokenSecretName = this.argocdToken?.secretName;
    this.warmComponents = pulumi.output(warmNames);
    this.registerOutputs({
      kruise: this.kruise,
      tekton: this.tekton,
      argocd: this.argocd,
      pipeline: this.pipeline,
      registry: this.registry,
      git: this.git,
      argocdToken: this.argocdToken,
      serviceAccount: this.serviceAccount,
      warm: this.warm,
      kruiseNamespace: this.kruiseNamespace,
      tektonNamespace: this.tektonNamespace,
      argocdNamespace: this.argocdNamespace,
      argocdServer: this.argocdServer,
      pipelineNamespace: this.pipelineNamespace,
      serviceAccountName: this.serviceAccountName,
      registrySecretName: this.registrySecretName,
      gitSecretName: this.gitSecretName,
      argocdTokenSecretName: this.argocdTokenSecretName,
      warmComponents: this.warmComponents,
    });
  }
}
