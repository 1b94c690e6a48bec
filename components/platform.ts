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
 * The pipeline side of the platform: its namespace, credentials and ServiceAccount, made as a
 * {@link PipelineNamespace} (named as the Platform; its args but `argocdToken`, which takes only
 * the token: the server is the Argo CD this platform installs).
 */
export interface PlatformPipelineArgs {
  /** Namespace pipelines run in (PipelineNamespace `namespace`). @default "ci" */
  namespace?: string;
  /** Create the namespace (PipelineNamespace `createNamespace`). @default true */
  createNamespace?: boolean;
  /** Push/pull credentials (RegistryCredentials args, without namespace). @default none */
  registry?: Omit<RegistryCredentialsArgs, "namespace">;
  /** Git credentials (GitCredentials args, without namespace). @default none */
  git?: Omit<GitCredentialsArgs, "namespace">;
  /** An Argo CD API token (a secret) for deploy steps; needs `argocd`. @default none */
  argocdToken?: pulumi.Input<string>;
  /** Workloads the deploy step may update (PipelineServiceAccount `deploys`). @default none */
  deploys?: DeployTarget[];
}

/** The warm components to run. Each key is a component; `pools` by pool name. */
export interface PlatformWarmArgs {
  /** Base images on every node (BaseImageWarm args). @default none */
  base?: BaseImageWarmArgs;
  /** Sidecar images, one-shot (SidecarWarm args). @default none */
  sidecars?: SidecarWarmArgs;
  /** Per-pool warming, pool name → PoolWarm args. @default none */
  pools?: Record<string, PoolWarmArgs>;
}

/** Args of {@link Platform}. `false` leaves a part out (e.g. already installed). */
export interface PlatformArgs {
  /** OpenKruise (KruiseOperator args). @default {} (installed with defaults) */
  kruise?: KruiseOperatorArgs | false;
  /** Tekton Pipelines (TektonPipelines args). @default {} */
  tekton?: TektonPipelinesArgs | false;
  /** Argo CD (ArgoCd args). @default {} */
  argocd?: ArgoCdArgs | false;
  /** Pipeline namespace, credentials and least-privilege ServiceAccount. @default none */
  pipeline?: PlatformPipelineArgs;
  /** Image warming. @default none */
  warm?: PlatformWarmArgs;
}

const part = z.union([z.literal(false), z.record(z.string(), z.unknown())]);

const schema = z
  .strictObject({
    kruise: part.default({}),
    tekton: part.default({}),
    argocd: part.default({}),
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
    if (a.pipeline?.argocdToken !== undefined && a.argocd === false) {
      ctx.addIssue({
        code: "custom",
        path: ["pipeline", "argocdToken"],
        ...ruleIssue(
          "is set without argocd",
          "the token's Secret names the Argo CD server this platform installs",
          "install argocd here, or make an ArgoCdToken yourself with the server's address",
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
    registry: p.registry && { ...p.registry, namespace },
    git: p.git && { ...p.git, namespace },
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
  const { kruise, tekton, argocd: argo } = args;
  if (kruise !== false) check(C.kruise, (n) => checkKruiseOperatorArgs(n, kruise ?? {}));
  if (tekton !== false) check(C.tekton, (n) => checkTektonPipelinesArgs(n, tekton ?? {}));
  const argocd =
    argo === false ? undefined : check(C.argocd, (n) => checkArgoCdArgs(n, argo ?? {}));
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

/**
 * The whole platform in one component: OpenKruise, Tekton Pipelines and Argo CD, a pipeline
 * namespace with its credentials and least-privilege ServiceAccount, and the warm components,
 * each created after what it needs (`ready`). Every part takes its own component's args.
 */
export class Platform extends pulumi.ComponentResource {
  /** OpenKruise, child `<name>-kruise`; undefined with `kruise: false`. */
  public readonly kruise?: KruiseOperator;
  /** Tekton Pipelines, child `<name>-tekton`; undefined with `tekton: false`. */
  public readonly tekton?: TektonPipelines;
  /** Argo CD, child `<name>-argocd`; undefined with `argocd: false`. */
  public readonly argocd?: ArgoCd;
  /**
   * The pipeline section (namespace, credentials, ServiceAccount), child `<name>` (named as the
   * Platform, so that its children keep the names they had as Platform's own); with `pipeline`.
   */
  public readonly pipeline?: PipelineNamespace;
  /** The pipeline's registry credentials, `<name>-registry` in `pipeline`; with `pipeline.registry`. */
  public readonly registry?: RegistryCredentials;
  /** The pipeline's Git credentials, `<name>-git` in `pipeline`; with `pipeline.git`. */
  public readonly git?: GitCredentials;
  /** The pipeline's Argo CD token, `<name>-argocd-token` in `pipeline`; with `pipeline.argocdToken`. */
  public readonly argocdToken?: ArgoCdToken;
  /** The pipeline's least-privilege ServiceAccount, `<name>-pipeline` in `pipeline`; with `pipeline`. */
  public readonly serviceAccount?: PipelineServiceAccount;
  /** The warm components (`warm.base`, `warm.sidecars`, one per `warm.pools` entry), in that order. */
  public readonly warm: (BaseImageWarm | SidecarWarm | PoolWarm)[] = [];

  constructor(name: string, args: PlatformArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const a = parseArgs(KIND, name, schema, args);
    const kruiseArgs = args.kruise === false ? undefined : (args.kruise ?? {});
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
    const child = childOptions(this, opts);
    if (kruiseArgs)
      this.kruise = new KruiseOperator(
        childName(name, PLATFORM_CHILDREN.kruise),
        kruiseArgs,
        child,
      );
    if (args.tekton !== false)
      this.tekton = new TektonPipelines(
        childName(name, PLATFORM_CHILDREN.tekton),
        args.tekton ?? {},
        child,
      );
    if (args.argocd !== false)
      this.argocd = new ArgoCd(childName(name, PLATFORM_CHILDREN.argocd), args.argocd ?? {}, child);

    const p = args.pipeline;
    if (p && a.pipeline) {
      this.pipeline = new PipelineNamespace(
        childName(name, PLATFORM_CHILDREN.pipelineSection),
        pipelineSectionArgs(p, a.pipeline, this.argocd?.serverAddress),
        platformSectionOptions(this, KIND, opts),
      );
      this.registry = this.pipeline.registry;
      this.git = this.pipeline.git;
      this.argocdToken = this.pipeline.argocdToken;
      this.serviceAccount = this.pipeline.serviceAccount;
    }

    const afterKruise = {
      parent: this,
      dependsOn: this.kruise ? this.kruise.ready : opts?.dependsOn,
    };
    const w = args.warm;
    if (w?.base)
      this.warm.push(
        new BaseImageWarm(childName(name, PLATFORM_CHILDREN.base), w.base, afterKruise),
      );
    if (w?.sidecars)
      this.warm.push(
        new SidecarWarm(childName(name, PLATFORM_CHILDREN.sidecars), w.sidecars, afterKruise),
      );
    for (const [pool, poolArgs] of Object.entries(w?.pools ?? {})) {
      this.warm.push(new PoolWarm(childName(name, poolChild(pool)), poolArgs, afterKruise));
    }
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
    });
  }
}
