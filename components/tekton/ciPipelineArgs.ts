/**
 * The args of a CiPipeline: their types (settings take Inputs; what decides a Task, the run or an
 * object name stays plain), the schemas checking them (the plain shape at construction, the
 * settings now or once resolved), and the check that the ServiceAccount grants what the steps
 * need. Pure.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { BrokenRule, brokenRule, ruleIssue } from "../common/errors";
import { int32Schema } from "../common/intBounds";
import { namespaceSchema, objectNameSchema } from "../common/k8sNames";
import { matchLabelsSchema } from "../common/labelSelector";
import { PinRule, checkPinnedImage } from "../common/pinnedImage";
import { credentialFreeUrl } from "../common/urlCredentials";
import { PolicyRule } from "../access/pipelineRbac";
import { ImageBuilder } from "./ciPipelinePlan";

/** A Secret, by name. A RegistryCredentials or an ArgoCdToken is one: pass the component. */
export interface CiSecretRef {
  /** Name of the Secret, in the pipeline's namespace. */
  secretRef: pulumi.Input<string>;
}

/** An Argo CD Application, by name. An ArgoApplication is one: pass the component. */
export interface CiApplicationRef {
  /** Name of the Application (its `metadata.name`), as `argocd app sync` takes it. */
  applicationRef: pulumi.Input<string>;
}

/**
 * The ServiceAccount a run uses. A PipelineServiceAccount is one: pass the component, and the
 * pipeline checks that it grants what the warm and deploy steps need.
 */
export interface CiServiceAccount {
  /** Name of the ServiceAccount. Maps to `PipelineRun.spec.taskRunTemplate.serviceAccountName`. */
  serviceAccountRef: string;
  /** Its namespace, checked to be the pipeline's. @default not checked */
  namespaceRef?: string;
  /**
   * Its Role rules, namespace → rules, checked to grant what the warm and deploy steps need.
   * @default not checked
   */
  grants?: Record<string, PolicyRule[]>;
}

/** The build and push step. The tag is the commit SHA; the pushed digest is the result `image-ref`. */
export interface CiBuildArgs {
  /** Repository to push to, without tag, e.g. `ghcr.io/acme/web`. Maps to the build task's `image` param. */
  image: pulumi.Input<string>;
  /** Build context in the repository. Maps to the `context` param. @default "." */
  context?: pulumi.Input<string>;
  /** Dockerfile, relative to the context. Maps to the `dockerfile` param. @default "Dockerfile" */
  dockerfile?: pulumi.Input<string>;
  /** `kaniko` (archived upstream) or `buildkit` (rootless, maintained): the build Task's steps. @default "kaniko" */
  builder?: pulumi.Input<ImageBuilder>;
  /**
   * The push credentials: a RegistryCredentials, or `{ secretRef: "<a dockerconfigjson Secret>" }`.
   * Maps to the `registry-secret` param (and the warm job's `pullSecrets`).
   */
  registrySecret: pulumi.Input<CiSecretRef>;
}

/** The unit test step, run before the build, in any image. */
export interface CiTestArgs {
  /** Image with the toolchain, pinned, e.g. `docker.io/library/golang:1.23`. Maps to the test task's `image` param. */
  image: pulumi.Input<string>;
  /** Command, e.g. `["go", "test", "./..."]`. Maps to the `command` param. */
  command: pulumi.Input<pulumi.Input<string>[]>;
  /** Directory in the repository to run in. Maps to the `workdir` param. @default "." */
  workdir?: pulumi.Input<string>;
}

/** The warm step: the new image pulled on the nodes before deploying (a Kruise ImagePullJob). */
export interface CiWarmArgs {
  /** Nodes pulling at once. Maps to the job's `spec.parallelism`. @default 10 */
  parallelism?: pulumi.Input<number>;
  /** Node labels selecting the nodes to warm. Maps to `spec.selector.matchLabels`. @default all nodes */
  selector?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Wait until every node has pulled (fails on failed nodes). Maps to the `wait` param. @default true */
  wait?: pulumi.Input<boolean>;
  /**
   * The job's deadline (unfinished nodes then count as failed), at least the 600 s per-node pull
   * timeout; the step waits 120 s longer. Maps to `spec.completionPolicy.activeDeadlineSeconds`.
   * @default 1800
   */
  timeoutSeconds?: pulumi.Input<number>;
}

/** An Argo CD deploy: `argocd app sync` + `argocd app wait --health --sync`. */
export interface CiArgoCdDeployArgs {
  /** The Application to sync: an ArgoApplication, or `{ applicationRef: "<name>" }`. Maps to the `application` param. */
  application: pulumi.Input<CiApplicationRef>;
  /** The Argo CD credential: an ArgoCdToken, or `{ secretRef: "<its Secret>" }`. Maps to the `argocd-secret` param. */
  token: pulumi.Input<CiSecretRef>;
  /** Seconds the sync and wait may take. Maps to the `timeout` param. @default 600 */
  timeoutSeconds?: pulumi.Input<number>;
}

/** A workload deploy: a Deployment's `kubectl set image` + `rollout status`, or a CloneSet's in-place image bump, then a wait for the updated Pods. */
export interface CiWorkloadDeployArgs {
  /** The workload's name (the ServiceAccount must grant patch on it). Maps to the deploy task's workload param. */
  name: pulumi.Input<string>;
  /** The container whose image is set. Maps to the `container` param. */
  container: pulumi.Input<string>;
  /** The workload's namespace. Maps to the `namespace` param. @default the pipeline's namespace */
  namespace?: pulumi.Input<string>;
  /** Seconds the rollout may take. Maps to the `timeout` param. @default 600 for a Deployment, 900 for a CloneSet */
  timeoutSeconds?: pulumi.Input<number>;
}

/** The deploy step: give one of `argocd`, `deployment`, `cloneSet`. */
export interface CiDeployArgs {
  /** Sync an Argo CD Application. Plain: decides the deploy Task. @default none */
  argocd?: CiArgoCdDeployArgs;
  /** Set the image of a Deployment. Plain: decides the deploy Task. @default none */
  deployment?: CiWorkloadDeployArgs;
  /** Bump the image of a CloneSet in place. Plain: decides the deploy Task. @default none */
  cloneSet?: CiWorkloadDeployArgs;
}

/** The run's source volume: a PersistentVolumeClaim made per run. */
export interface CiWorkspaceArgs {
  /** Its size. Maps to `volumeClaimTemplate.spec.resources.requests.storage`. @default "1Gi" */
  storage?: pulumi.Input<string>;
  /** Its StorageClass. Maps to `volumeClaimTemplate.spec.storageClassName`. @default the cluster's default */
  storageClassName?: pulumi.Input<string>;
}

/** A run started now (and a new one whenever `revision` changes). */
export interface CiRunArgs {
  /** Start the run. Plain: decides the PipelineRun. @default true */
  enabled?: boolean;
  /** The run's timeout in minutes. Maps to the PipelineRun's `timeouts.pipeline`. @default 60 */
  timeoutMinutes?: pulumi.Input<number>;
}

/** Args of {@link CiPipeline}. */
export interface CiPipelineArgs {
  /** Namespace of the Tasks, Pipeline and runs (and of the ServiceAccount). Maps to their `metadata.namespace`. @default "default" */
  namespace?: pulumi.Input<string>;
  /**
   * The ServiceAccount runs use: a PipelineServiceAccount (the pipeline checks that it grants what
   * the warm and deploy steps need), or `{ serviceAccountRef: "<name>" }`. Maps to
   * `PipelineRun.spec.taskRunTemplate.serviceAccountName`. Plain: a component; the steps are checked against its RBAC at construction.
   */
  serviceAccount: CiServiceAccount;
  /** Git URL of the repository (credentials come from the ServiceAccount's GitCredentials). Maps to the Pipeline param `repo-url`. Plain: the PipelineRun's object name derives from it. */
  repo: string;
  /** Branch, tag or commit built unless a run says otherwise. Maps to the Pipeline param `revision`. Plain: the PipelineRun's object name derives from it. @default "main" */
  revision?: string;
  /** Build and push. Maps to the build Task and its params. */
  build: pulumi.Input<CiBuildArgs>;
  /** Unit tests run before the build. Plain: decides the test Task; its fields take Inputs. @default none */
  test?: CiTestArgs;
  /** Warm the new image on the nodes before deploying. Plain: decides the warm Task; its fields take Inputs. @default none */
  warm?: CiWarmArgs;
  /** Deploy the new image. Plain: decides the deploy Task; its fields take Inputs. @default none */
  deploy?: CiDeployArgs;
  /** The run's source volume. Maps to the PipelineRun's `workspaces[0].volumeClaimTemplate`. @default { storage: "1Gi" } */
  workspace?: pulumi.Input<CiWorkspaceArgs>;
  /** Start a run now (and a new one whenever `revision` changes). Plain: decides the PipelineRun; its timeout takes an Input. @default none (no run) */
  run?: CiRunArgs;
  /** Extra labels on every object. Maps to `metadata.labels`. @default none */
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The pin rule of the pipeline's step images. */
const STEP_IMAGE_RULE: PinRule = {
  required: "a Tekton step runs an image (Step.image)",
  moving:
    "a step on a moving tag runs different tools from one run to the next, and the policy pack's pinned-images refuses it",
};

const section = z.record(z.string(), z.unknown());

/** The plain args, checked at construction: what decides the Tasks, the run and the names. */
export const ciShapeSchema = z.strictObject({
  serviceAccount: z.looseObject({
    serviceAccountRef: objectNameSchema("ServiceAccount", "pipeline"),
    namespaceRef: namespaceSchema.optional(),
    grants: z.record(z.string(), z.array(z.looseObject({}))).optional(),
  }),
  repo: credentialFreeUrl(
    z
      .string()
      .refine(
        (s) => /^(https:\/\/|ssh:\/\/|git@)[^\s]+$/.test(s),
        ruleIssue(
          "is not a Git URL",
          "the clone step runs `git fetch <url>`, with credentials from the ServiceAccount",
          'give e.g. "https://github.com/acme/web.git" or "git@github.com:acme/web.git"',
        ),
      ),
    "keep them in a GitCredentials Secret on the pipeline's ServiceAccount (PipelineServiceAccount `credentials`)",
  ),
  revision: z.string().min(1).default("main"),
  test: section.optional(),
  warm: section.optional(),
  deploy: z
    .strictObject({
      argocd: section.optional(),
      deployment: section.optional(),
      cloneSet: section.optional(),
    })
    .refine((d) => [d.argocd, d.deployment, d.cloneSet].filter((x) => x).length === 1, {
      ...ruleIssue(
        "names no target or several",
        "the pipeline ends with one deploy step",
        "give exactly one of argocd, deployment, cloneSet",
      ),
    })
    .optional(),
  run: z
    .strictObject({ enabled: z.boolean().default(true), timeoutMinutes: z.unknown().optional() })
    .optional(),
  // Settings: checked with ciSettingsSchema, now or once resolved.
  namespace: z.unknown().optional(),
  build: z.unknown(),
  workspace: z.unknown().optional(),
  labels: z.unknown().optional(),
});

export type CiShape = z.output<typeof ciShapeSchema>;

const stepTimeout = (d: number) =>
  int32Schema("the step's timeout (seconds)", 1, "a step needs time to run").default(d);

const workload = (kind: string, timeout: number) =>
  z.strictObject({
    name: objectNameSchema(kind, "web"),
    container: objectNameSchema("container", "web", "label"),
    namespace: namespaceSchema.optional(),
    timeoutSeconds: stepTimeout(timeout),
  });

/** The settings (the args that take Inputs, components given as their names), now or once resolved. */
export const ciSettingsSchema = z.strictObject({
  namespace: namespaceSchema.default("default"),
  labels: matchLabelsSchema.optional(),
  build: z.strictObject({
    image: z.string().superRefine((image, ctx) => {
      if (/[:@]/.test(image.split("/").pop() ?? "")) {
        ctx.addIssue({
          code: "custom",
          ...ruleIssue(
            `(${JSON.stringify(image)}) has a tag or digest`,
            "the pipeline tags every image with its commit SHA and reports the pushed digest",
            'give the repository only, e.g. "ghcr.io/acme/web"',
          ),
        });
      } else checkPinnedImage(ctx, `${image}:tag`, [], STEP_IMAGE_RULE);
    }),
    context: z.string().min(1).default("."),
    dockerfile: z.string().min(1).default("Dockerfile"),
    builder: z.enum(ImageBuilder).default(ImageBuilder.Kaniko),
    registrySecret: objectNameSchema("Secret", "registry-creds"),
  }),
  test: z
    .strictObject({
      image: z
        .string()
        .superRefine((image, ctx) => checkPinnedImage(ctx, image, [], STEP_IMAGE_RULE)),
      command: z.array(z.string().min(1)).min(1),
      workdir: z.string().min(1).default("."),
    })
    .optional(),
  warm: z
    .strictObject({
      parallelism: int32Schema(
        "the ImagePullJob's spec.parallelism",
        1,
        "Kruise pulls on at least one node at a time",
      ).default(10),
      selector: matchLabelsSchema.default({}),
      wait: z.boolean().default(true),
      timeoutSeconds: z
        .number()
        .int()
        .refine(
          (n) => n >= 600,
          ruleIssue(
            "is below 600",
            "Kruise's ImagePullJob webhook: activeDeadlineSeconds must be ≥ pullPolicy.timeoutSeconds (600)",
            "give at least 600",
          ),
        )
        .default(1800),
    })
    .optional(),
  deploy: z
    .strictObject({
      argocd: z
        .strictObject({
          application: objectNameSchema("Application", "web"),
          token: objectNameSchema("Secret", "argocd-token"),
          timeoutSeconds: stepTimeout(600),
        })
        .optional(),
      deployment: workload("Deployment", 600).optional(),
      cloneSet: workload("CloneSet", 900).optional(),
    })
    .optional(),
  workspace: z
    .strictObject({
      storage: z
        .string()
        .regex(/^\d+(Mi|Gi|Ti)$/)
        .default("1Gi"),
      storageClassName: z.string().optional(),
    })
    .default({ storage: "1Gi" }),
  run: z
    .strictObject({
      timeoutMinutes: int32Schema(
        "the PipelineRun's timeouts.pipeline (minutes)",
        1,
        "a run needs time to run",
      ).default(60),
    })
    .optional(),
});

export type CiSettings = z.output<typeof ciSettingsSchema>;

const isLater = (v: unknown) => pulumi.Output.isInstance(v) || v instanceof Promise;

/** `f(v)` of an Input: now when it is a value, once resolved when it is an Output or a Promise. */
function mapInput<T, R>(v: pulumi.Input<T> | undefined, f: (v: T) => R): unknown {
  if (v === undefined) return undefined;
  return isLater(v) ? pulumi.output(v).apply((x) => f(x as T)) : f(v as T);
}

/** The name `key` of a component or `{ key: name }` (a plain string is taken as the name). */
function refOf(v: unknown, key: string): unknown {
  return mapInput(v as pulumi.Input<unknown>, (o) =>
    o !== null && typeof o === "object" ? (o as Record<string, unknown>)[key] : o,
  );
}

/**
 * The settings of `args`, at their args' paths, components given as their names (so a
 * component, whose own outputs are Outputs, does not make the settings unknown).
 */
export function ciSettingsOf(args: CiPipelineArgs): unknown {
  const d = args.deploy;
  return {
    namespace: args.namespace,
    labels: args.labels,
    build: mapInput(args.build, (b) => ({
      ...b,
      registrySecret: refOf(b.registrySecret, "secretRef"),
    })),
    test: args.test,
    warm: args.warm,
    deploy: d && {
      ...d,
      argocd: d.argocd && {
        ...d.argocd,
        application: refOf(d.argocd.application, "applicationRef"),
        token: refOf(d.argocd.token, "secretRef"),
      },
    },
    workspace: args.workspace,
    run: args.run && { timeoutMinutes: args.run.timeoutMinutes },
  };
}

/** What the warm and deploy steps need that the ServiceAccount does not grant. */
export function missingGrants(a: CiShape, s: CiSettings): string[] {
  const sa = a.serviceAccount as CiServiceAccount;
  const missing: string[] = [];
  if (sa.namespaceRef !== undefined && sa.namespaceRef !== s.namespace)
    missing.push(`it lives in namespace ${sa.namespaceRef}, not ${s.namespace}`);
  if (sa.grants === undefined) return missing;
  const grants = (ns: string, group: string, resource: string, verb: string, name?: string) =>
    (sa.grants![ns] ?? []).some(
      (r: PolicyRule) =>
        r.apiGroups.includes(group) &&
        r.resources.includes(resource) &&
        r.verbs.includes(verb) &&
        (name === undefined || r.resourceNames === undefined || r.resourceNames.includes(name)),
    );
  if (s.warm && !grants(s.namespace, "apps.kruise.io", "imagepulljobs", "create")) {
    missing.push(`no ImagePullJob rights in ${s.namespace} (set warm: true)`);
  }
  const d = s.deploy?.deployment ?? s.deploy?.cloneSet;
  if (d) {
    const [group, resource, kind] = s.deploy?.deployment
      ? ["apps", "deployments", "Deployment"]
      : ["apps.kruise.io", "clonesets", "CloneSet"];
    const ns = d.namespace ?? s.namespace;
    if (!grants(ns, group, resource, "patch", d.name)) {
      missing.push(
        `no patch on ${kind} ${ns}/${d.name} (add { kind: "${kind}", name: "${d.name}", namespace: "${ns}" } to deploys)`,
      );
    }
  }
  return missing;
}

/** The broken rule of a ServiceAccount missing `missing` grants. */
export function grantsRule(missing: string[]): BrokenRule {
  return brokenRule(
    `does not grant what the steps need: ${missing.join("; ")}`,
    "the warm and deploy steps act through the run's ServiceAccount, and the API server refuses what its Roles do not grant",
    "extend the PipelineServiceAccount as said",
  );
}
