import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { alsoAfter, childOptions } from "../common/children";
import { ProblemCollector, parseArgs, ruleIssue } from "../common/errors";
import { componentLabels, namespaceSchema } from "../common/k8sNames";
import { ArgoCdToken, ArgoCdTokenArgs, checkArgoCdTokenArgs } from "./argoCdToken";
import { GitCredentials, GitCredentialsArgs, checkGitCredentialsArgs } from "./gitCredentials";
import { DeployTarget } from "./pipelineRbac";
import { PipelineServiceAccount, checkPipelineServiceAccountArgs } from "./pipelineServiceAccount";
import {
  RegistryCredentials,
  RegistryCredentialsArgs,
  checkRegistryCredentialsArgs,
} from "./registryCredentials";
import { GetterStore } from "../common/getterStore";

const KIND = "PipelineNamespace";

/** The namespace pipelines run in unless told otherwise. */
export const DEFAULT_PIPELINE_NAMESPACE = "ci";

/**
 * The children of a PipelineNamespace named `name` are named `<name>-<role>`, one role each. They
 * are the names Platform gave these children before the component existed (Platform names its
 * section as itself), so Platform's children kept their names and their Kubernetes objects'.
 */
export const PIPELINE_NAMESPACE_ROLES = {
  /** The Namespace (a `kubernetes:core/v1:Namespace`). */
  namespace: "pipeline-namespace",
  /** The RegistryCredentials. */
  registry: "registry",
  /** The GitCredentials. */
  git: "git",
  /** The ArgoCdToken. */
  argocdToken: "argocd-token",
  /** The PipelineServiceAccount. */
  serviceAccount: "pipeline",
} as const;

/** The name of the child `role` of the PipelineNamespace named `name`. */
export function pipelineNamespaceChild(
  name: string,
  role: keyof typeof PIPELINE_NAMESPACE_ROLES,
): string {
  return `${name}-${PIPELINE_NAMESPACE_ROLES[role]}`;
}

/**
 * Args of {@link PipelineNamespace}. Every field is plain (not an `Input`): each decides a child
 * or an object name. The credentials inside `registry`, `git` and `argocdToken` are Pulumi secrets.
 */
export interface PipelineNamespaceArgs {
  /**
   * Namespace the pipelines run in: every child is created there. Plain: the children's object
   * names and namespaces derive from it. Maps to the Namespace's `metadata.name` and every
   * child's `metadata.namespace`. @default "ci"
   */
  namespace?: string;
  /**
   * Create the Namespace (child `<name>-pipeline-namespace`); `false` when it exists already.
   * Plain: it decides whether the child exists. @default true
   */
  createNamespace?: boolean;
  /**
   * Push/pull credentials for the pipeline's image builds: a RegistryCredentials (child
   * `<name>-registry`, Secret `<name>-registry` unless `secretName`), linked to the
   * ServiceAccount. Its `namespace`, if given, must be `namespace`. Maps to a
   * `kubernetes.io/dockerconfigjson` Secret. Plain: it decides the child; its fields are
   * RegistryCredentials'. @default none
   */
  registry?: RegistryCredentialsArgs;
  /**
   * Git credentials for the clone step: a GitCredentials (child `<name>-git`, Secret
   * `<name>-git` unless `secretName`), linked to the ServiceAccount. Its `namespace`, if given,
   * must be `namespace`. Maps to a `kubernetes.io/basic-auth` or `kubernetes.io/ssh-auth` Secret
   * annotated `tekton.dev/git-0`. Plain: it decides the child; its fields are GitCredentials'.
   * @default none
   */
  git?: GitCredentialsArgs;
  /**
   * The Argo CD credential of a deploy step that syncs an Application: an ArgoCdToken (child
   * `<name>-argocd-token`, Secret `<name>-argocd-token` unless `secretName`); the step reads it
   * with `envFrom`, so it is not linked to the ServiceAccount. Its `namespace`, if given, must
   * be `namespace`. Maps to an Opaque Secret of `ARGOCD_*` variables. Plain: it decides the
   * child; its fields are ArgoCdToken's. @default none
   */
  argocdToken?: ArgoCdTokenArgs;
  /**
   * Name of the pipeline's ServiceAccount (child `<name>-pipeline`, a PipelineServiceAccount).
   * Maps to the ServiceAccount's `metadata.name`. Plain: the object's name.
   * @default "<name>-pipeline"
   */
  serviceAccountName?: string;
  /**
   * Let the ServiceAccount manage ImagePullJobs in `namespace`, for a warm step
   * (PipelineServiceAccount `warm`). Maps to a Role rule on `apps.kruise.io` `imagepulljobs`.
   * Plain: it decides the Role and its binding. @default true
   */
  warm?: boolean;
  /**
   * The workloads the deploy step updates, each granted only the verbs its step uses, on its
   * name only (PipelineServiceAccount `deploys`); one in another namespace gets a Role there.
   * Maps to Role rules with `resourceNames`. Plain: one Role and RoleBinding per target, named
   * from it. @default none
   */
  deploys?: DeployTarget[];
}

/** A credential's args: an object whose `namespace`, if any, is the pipeline's (checked below). */
const credentialArgs = z.looseObject({ namespace: z.unknown().optional() }).optional();

const schema = z
  .strictObject({
    namespace: namespaceSchema.default(DEFAULT_PIPELINE_NAMESPACE),
    createNamespace: z.boolean().default(true),
    registry: credentialArgs,
    git: credentialArgs,
    argocdToken: credentialArgs,
    // The ServiceAccount's own args: its checks run on them (checkPipelineNamespaceArgs).
    serviceAccountName: z.unknown().optional(),
    warm: z.unknown().optional(),
    deploys: z.unknown().optional(),
  })
  .superRefine((a, ctx) => {
    for (const key of ["registry", "git", "argocdToken"] as const) {
      const ns = a[key]?.namespace;
      if (ns === undefined || ns === a.namespace) continue;
      ctx.addIssue({
        code: "custom",
        path: [key, "namespace"],
        ...ruleIssue(
          `(${typeof ns === "string" ? JSON.stringify(ns) : typeof ns}) is not the pipeline's namespace (${JSON.stringify(a.namespace)})`,
          "Tekton and Kruise read a run's credentials only from its own namespace, and a ServiceAccount links only Secrets of its own",
          `leave it out (the credential goes to "${a.namespace}"), or make this credential yourself`,
        ),
      });
    }
  });

/**
 * PipelineNamespace's args, and every child's, checked before it registers anything (Platform
 * runs it first): the children's problems come under their own names, all at once.
 */
export function checkPipelineNamespaceArgs(name: string, args: PipelineNamespaceArgs) {
  const a = parseArgs(KIND, name, schema, args);
  const namespace = a.namespace;
  const parts = new ProblemCollector();
  const { registry, git, argocdToken } = args;
  const child = (role: keyof typeof PIPELINE_NAMESPACE_ROLES) => pipelineNamespaceChild(name, role);
  if (registry) {
    const n = child("registry");
    parts.check(() => checkRegistryCredentialsArgs(n, { ...registry, namespace }));
  }
  if (git) {
    const n = child("git");
    parts.check(() => checkGitCredentialsArgs(n, { ...git, namespace }));
  }
  if (argocdToken) {
    const n = child("argocdToken");
    parts.check(() => checkArgoCdTokenArgs(n, { ...argocdToken, namespace }));
  }
  const sa = child("serviceAccount");
  parts.check(() =>
    checkPipelineServiceAccountArgs(sa, {
      namespace,
      serviceAccountName: args.serviceAccountName,
      credentials: [],
      warm: args.warm,
      deploys: args.deploys,
    }),
  );
  parts.throwAll();
  return a;
}

/** Who made a section before it existed as a component (see {@link platformSectionOptions}). */
interface FormerParent {
  /** The parent its children had. */
  parent: pulumi.Resource;
  /** The component kind the Namespace was labelled with. */
  labelKind: string;
}

const formerParents = new WeakMap<pulumi.ComponentResourceOptions, FormerParent>();

/**
 * The options Platform makes its pipeline section with: parented on it, after what Platform
 * waits for. Platform made these children itself before this component existed, under the same
 * names; with these options each child of the section carries an alias to Platform (its parent
 * then), so that existing stacks keep their URNs (and those of the children's own children, which
 * inherit the alias), and the Namespace keeps Platform's labels. Not part of the public API.
 */
export function platformSectionOptions(
  platform: pulumi.ComponentResource,
  platformKind: string,
  opts: pulumi.ComponentResourceOptions | undefined,
): pulumi.ComponentResourceOptions {
  const sectionOpts: pulumi.ComponentResourceOptions = childOptions(platform, opts);
  formerParents.set(sectionOpts, { parent: platform, labelKind: platformKind });
  return sectionOpts;
}

/** The children of each PipelineNamespace (read by its accessors; not a schema output). */
const partsOf = new GetterStore<{
  registry?: RegistryCredentials;
  git?: GitCredentials;
  argocdToken?: ArgoCdToken;
  serviceAccount: PipelineServiceAccount;
}>();

/**
 * The namespace a CI pipeline runs in, ready for it: the Namespace, the pipeline's credentials
 * (registry, Git, Argo CD) as Secrets there, and its least-privilege ServiceAccount with the
 * registry and Git credentials linked (Tekton's credential initialiser writes them into each
 * step's `$HOME`). Every credential is created after the Namespace, and every part's args are
 * checked before anything is registered. Platform's `pipeline` section is one of these; give its
 * `serviceAccount` and `registry` to a CiPipeline.
 */
export class PipelineNamespace extends pulumi.ComponentResource {
  /**
   * Name of the namespace; from the Namespace when this component creates it, so a consumer
   * waits for it.
   */
  public readonly namespace: pulumi.Output<string>;
  /** The Namespace, child `<name>-pipeline-namespace`; undefined with `createNamespace: false`. */
  public readonly createdNamespace?: k8s.core.v1.Namespace;
  /** Name of the registry credentials' Secret (child `<name>-registry`); with `registry`. */
  public readonly registrySecretName?: pulumi.Output<string>;
  /** Name of the Git credentials' Secret (child `<name>-git`); with `git`. */
  public readonly gitSecretName?: pulumi.Output<string>;
  /** Name of the Argo CD credential's Secret (child `<name>-argocd-token`); with `argocdToken`. */
  public readonly argocdTokenSecretName?: pulumi.Output<string>;
  /** Name of the pipeline's ServiceAccount (child `<name>-pipeline`). */
  public readonly serviceAccountName: pulumi.Output<string>;

  /**
   * The registry credentials, child `<name>-registry`; with `registry`. Give it to a CiPipeline's
   * `build.registrySecret`. (A TypeScript accessor: other languages read `registrySecretName`.)
   */
  public get registry(): RegistryCredentials | undefined {
    return partsOf.get(this).registry;
  }

  /** The Git credentials, child `<name>-git`; with `git`. (Others read `gitSecretName`.) */
  public get git(): GitCredentials | undefined {
    return partsOf.get(this).git;
  }

  /**
   * The Argo CD credential, child `<name>-argocd-token`; with `argocdToken`. Give it to a
   * CiPipeline's `deploy.argocd.token`. (Others read `argocdTokenSecretName`.)
   */
  public get argocdToken(): ArgoCdToken | undefined {
    return partsOf.get(this).argocdToken;
  }

  /**
   * The least-privilege ServiceAccount the pipeline runs as, child `<name>-pipeline`. Give it to
   * a CiPipeline's `serviceAccount`. (Others read `serviceAccountName`.)
   */
  public get serviceAccount(): PipelineServiceAccount {
    return partsOf.get(this).serviceAccount;
  }

  constructor(
    name: string,
    args: PipelineNamespaceArgs = {},
    opts?: pulumi.ComponentResourceOptions,
  ) {
    const a = checkPipelineNamespaceArgs(name, args);
    super(`kruise-devops:index:${KIND}`, name, {}, opts);
    const former = opts === undefined ? undefined : formerParents.get(opts);
    const own = { ...childOptions(this, opts), aliases: former && [{ parent: former.parent }] };
    const namespace = a.namespace;
    const child = (role: keyof typeof PIPELINE_NAMESPACE_ROLES) =>
      pipelineNamespaceChild(name, role);
    if (a.createNamespace) {
      this.createdNamespace = new k8s.core.v1.Namespace(
        child("namespace"),
        { metadata: { name: namespace, labels: componentLabels(former?.labelKind ?? KIND, name) } },
        own,
      );
    }
    const inNs = this.createdNamespace ? alsoAfter(own, this.createdNamespace) : own;
    const { registry: r, git: g, argocdToken: t } = args;
    const registry = r && new RegistryCredentials(child("registry"), { ...r, namespace }, inNs);
    const git = g && new GitCredentials(child("git"), { ...g, namespace }, inNs);
    const argocdToken = t && new ArgoCdToken(child("argocdToken"), { ...t, namespace }, inNs);
    const serviceAccount = new PipelineServiceAccount(
      child("serviceAccount"),
      {
        namespace,
        serviceAccountName: args.serviceAccountName,
        credentials: [registry, git].filter((c) => c !== undefined),
        warm: args.warm,
        deploys: args.deploys,
      },
      inNs,
    );
    partsOf.set(this, { registry, git, argocdToken, serviceAccount });
    this.namespace = this.createdNamespace?.metadata.name ?? pulumi.output(namespace);
    this.registrySecretName = registry?.secretName;
    this.gitSecretName = git?.secretName;
    this.argocdTokenSecretName = argocdToken?.secretName;
    this.serviceAccountName = serviceAccount.serviceAccountName;
    this.registerOutputs({
      namespace: this.namespace,
      createdNamespace: this.createdNamespace,
      registrySecretName: this.registrySecretName,
      gitSecretName: this.gitSecretName,
      argocdTokenSecretName: this.argocdTokenSecretName,
      serviceAccountName: this.serviceAccountName,
      registry: this.registry,
      git: this.git,
      argocdToken: this.argocdToken,
      serviceAccount: this.serviceAccount,
    });
  }
}
