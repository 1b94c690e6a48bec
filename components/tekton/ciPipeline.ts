import * as k8s from "@pulumi/kubernetes";
import { int32Schema } from "../common/intBounds";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { childOptions } from "../common/children";
import { parseArgs, brokenRule, ruleIssue, argsError } from "../common/errors";
import {
  checkedObjectName,
  componentLabels,
  namespaceSchema,
  objectNameSchema,
} from "../common/k8sNames";
import { matchLabelsSchema } from "../common/labelSelector";
import { shortHash } from "../common/naming";
import { PinRule, checkPinnedImage } from "../common/pinnedImage";
import { PolicyRule } from "../access/pipelineRbac";
import { CI_TASKS, CiPlanInput, ImageBuilder, ciRunSpec, planCiPipeline } from "./ciPipelinePlan";
import { pipelineManifest, pipelineRunManifest, taskManifest } from "./manifests";
import { TEKTON_API_VERSION } from "./types";
import { credentialFreeUrl } from "../common/urlCredentials";

/** The pin rule of the pipeline's step images. */
const STEP_IMAGE_RULE: PinRule = {
  required: "a Tekton step runs an image (Step.image)",
  moving:
    "a step on a moving tag runs different tools from one run to the next, and the policy pack's pinned-images refuses it",
};
const KIND = "CiPipeline";

/** A named object: a component of this package, or the object's name. */
type Named<K extends string> = string | { readonly [P in K]: string };

/** The ServiceAccount a run uses: a PipelineServiceAccount (whose grants are checked), or a name. */
export type CiServiceAccount =
  | string
  | {
      readonly serviceAccountRef: string;
      readonly namespaceRef: string;
      readonly rules: ReadonlyMap<string, readonly PolicyRule[]>;
    };

/** Args of {@link CiPipeline}. */
export interface CiPipelineArgs {
  /** Namespace of the Tasks, Pipeline and runs (and of the ServiceAccount). @default "default" */
  namespace?: string;
  /**
   * The ServiceAccount runs use. With a PipelineServiceAccount the pipeline checks that it grants
   * what the warm and deploy steps need. Maps to `PipelineRun.spec.taskRunTemplate.serviceAccountName`. Plain: a component; the steps are checked against its RBAC at construction. */
  serviceAccount: CiServiceAccount;
  /** Git URL of the repository (credentials come from the ServiceAccount's GitCredentials). Maps to the Pipeline param `repo-url`. */
  repo: string;
  /** Branch, tag or commit built unless a run says otherwise. Maps to the Pipeline param `revision`. @default "main" */
  revision?: string;
  /** Build and push. The tag is the commit SHA; the pushed digest is the result `image-ref`. Plain: decides the build Task, checked with it at construction. */
  build: {
    /** Repository to push to, without tag, e.g. `ghcr.io/acme/web`. */
    image: string;
    /** Build context in the repository. @default "." */
    context?: string;
    /** Dockerfile, relative to the context. @default "Dockerfile" */
    dockerfile?: string;
    /** `kaniko` (archived upstream) or `buildkit` (rootless, maintained). @default "kaniko" */
    builder?: ImageBuilder;
    /** The push credentials: a RegistryCredentials or a dockerconfigjson Secret's name. */
    registrySecret: Named<"secretRef">;
  };
  /** Unit tests run before the build, in any image. Plain: decides the test Task, checked with it at construction. @default none */
  test?: {
    /** Image with the toolchain, pinned, e.g. `docker.io/library/golang:1.23`. */
    image: string;
    /** Command, e.g. `["go", "test", "./..."]`. */
    command: string[];
    /** Directory in the repository to run in. @default "." */
    workdir?: string;
  };
  /** Warm the new image on the nodes before deploying (a Kruise ImagePullJob). Plain: decides the warm Task, checked with it at construction. @default none */
  warm?: {
    /** Nodes pulling at once. Maps to the job's `spec.parallelism`. @default 10 */
    parallelism?: number;
    /** Node labels selecting the nodes to warm. Maps to `spec.selector.matchLabels`. @default all nodes */
    selector?: Record<string, string>;
    /** Wait until every node has pulled (fails on failed nodes). @default true */
    wait?: boolean;
    /**
     * The job's deadline (unfinished nodes then count as failed), at least the 600 s per-node pull
     * timeout; the step waits 120 s longer. Maps to `spec.completionPolicy.activeDeadlineSeconds`.
     * @default 1800
     */
    timeoutSeconds?: number;
  };
  /** Deploy the new image: give one of `argocd`, `deployment`, `cloneSet`. Plain: decides the deploy Task, checked with it at construction. @default none */
  deploy?: {
    /** `argocd app sync` + `argocd app wait --health --sync`. */
    argocd?: {
      application: Named<"applicationRef">;
      token: Named<"secretRef">;
      timeoutSeconds?: number;
    };
    /** `kubectl set image` + `kubectl rollout status` on a Deployment. */
    deployment?: { name: string; container: string; namespace?: string; timeoutSeconds?: number };
    /** An in-place image bump of a CloneSet, then wait for the updated Pods. */
    cloneSet?: { name: string; container: string; namespace?: string; timeoutSeconds?: number };
  };
  /** The run's source volume (a PVC made per run). Plain: decides the workspace's volume claim template. @default { storage: "1Gi" } */
  workspace?: { storage?: string; storageClassName?: string };
  /** Start a run now (and a new one whenever `revision` changes). Plain: decides the PipelineRun. @default false */
  run?: boolean | { timeoutMinutes?: number };
  /** Extra labels. @default none */
  labels?: Record<string, string>;
}

const named = (key: string) =>
  z.union([objectNameSchema("object", "x"), z.looseObject({ [key]: z.string() })]);

const schema = z.strictObject({
  namespace: namespaceSchema.default("default"),
  serviceAccount: z.union([
    objectNameSchema("ServiceAccount", "pipeline"),
    z.looseObject({
      serviceAccountRef: z.string(),
      namespaceRef: z.string(),
      rules: z.instanceof(Map),
    }),
  ]),
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
    registrySecret: named("secretRef"),
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
          application: named("applicationRef"),
          token: named("secretRef"),
          timeoutSeconds: int32Schema(
            "the step's timeout (seconds)",
            1,
            "a step needs time to run",
          ).default(600),
        })
        .optional(),
      deployment: z
        .strictObject({
          name: objectNameSchema("Deployment", "web"),
          container: objectNameSchema("container", "web", "label"),
          namespace: namespaceSchema.optional(),
          timeoutSeconds: int32Schema(
            "the step's timeout (seconds)",
            1,
            "a step needs time to run",
          ).default(600),
        })
        .optional(),
      cloneSet: z
        .strictObject({
          name: objectNameSchema("CloneSet", "web"),
          container: objectNameSchema("container", "web", "label"),
          namespace: namespaceSchema.optional(),
          timeoutSeconds: int32Schema(
            "the step's timeout (seconds)",
            1,
            "a step needs time to run",
          ).default(900),
        })
        .optional(),
    })
    .refine((d) => [d.argocd, d.deployment, d.cloneSet].filter((x) => x).length === 1, {
      ...ruleIssue(
        "names no target or several",
        "the pipeline ends with one deploy step",
        "give exactly one of argocd, deployment, cloneSet",
      ),
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
    .union([
      z.boolean(),
      z.strictObject({
        timeoutMinutes: int32Schema(
          "the PipelineRun's timeouts.pipeline (minutes)",
          1,
          "a run needs time to run",
        ).default(60),
      }),
    ])
    .default(false),
  labels: matchLabelsSchema.optional(),
});

type Parsed = z.output<typeof schema>;

const ref = <K extends string>(v: string | Record<K, string>, key: K): string =>
  typeof v === "string" ? v : v[key];

/** What the warm and deploy steps need that the ServiceAccount does not grant. */
export function missingGrants(a: Parsed): string[] {
  if (typeof a.serviceAccount === "string") return [];
  const sa = a.serviceAccount as unknown as Exclude<CiServiceAccount, string>;
  const missing: string[] = [];
  if (sa.namespaceRef !== a.namespace)
    missing.push(`it lives in namespace ${sa.namespaceRef}, not ${a.namespace}`);
  const grants = (ns: string, group: string, resource: string, verb: string, name?: string) =>
    (sa.rules.get(ns) ?? []).some(
      (r: PolicyRule) =>
        r.apiGroups.includes(group) &&
        r.resources.includes(resource) &&
        r.verbs.includes(verb) &&
        (name === undefined || r.resourceNames === undefined || r.resourceNames.includes(name)),
    );
  if (a.warm && !grants(a.namespace, "apps.kruise.io", "imagepulljobs", "create")) {
    missing.push(`no ImagePullJob rights in ${a.namespace} (set warm: true)`);
  }
  const d = a.deploy?.deployment ?? a.deploy?.cloneSet;
  if (d) {
    const [group, resource, kind] = a.deploy?.deployment
      ? ["apps", "deployments", "Deployment"]
      : ["apps.kruise.io", "clonesets", "CloneSet"];
    const ns = d.namespace ?? a.namespace;
    if (!grants(ns, group, resource, "patch", d.name)) {
      missing.push(
        `no patch on ${kind} ${ns}/${d.name} (add { kind: "${kind}", name: "${d.name}", namespace: "${ns}" } to deploys)`,
      );
    }
  }
  return missing;
}

/**
 * A Tekton CI pipeline in the scenarios' order: clone → unit test → build and push (kaniko or
 * BuildKit, tagged with the commit, digest as result) → warm the nodes with a Kruise
 * ImagePullJob (the warm components' builder) → deploy (Argo CD sync, `kubectl set image`, or an
 * in-place CloneSet bump). Registers one Task per step, the Pipeline, and optionally a run.
 * Every spec is checked statically (references, runAfter, cycles, step names) before anything
 * is registered. Depend on TektonPipelines (`{ dependsOn: tekton.ready }`).
 */
export class CiPipeline extends pulumi.ComponentResource {
  /** The Task resources, by pipeline task name. */
  public readonly tasks: Record<string, k8s.apiextensions.CustomResource>;
  /** The Pipeline resource. */
  public readonly pipeline: k8s.apiextensions.CustomResource;
  /** The PipelineRun, when `run` is set. */
  public readonly pipelineRun?: k8s.apiextensions.CustomResource;
  /** Name of the Pipeline, for `tkn pipeline start`. */
  public readonly pipelineName: string;

  constructor(name: string, args: CiPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
    const a = parseArgs(KIND, name, schema, args);
    checkedObjectName(KIND, name, "Pipeline", "web-ci");
    const missing = missingGrants(a);
    if (missing.length > 0) {
      throw argsError(
        KIND,
        name,
        ["serviceAccount"],
        brokenRule(
          `does not grant what the steps need: ${missing.join("; ")}`,
          "the warm and deploy steps act through the run's ServiceAccount, and the API server refuses what its Roles do not grant",
          "extend the PipelineServiceAccount as said",
        ),
      );
    }
    const saName =
      typeof a.serviceAccount === "string" ? a.serviceAccount : a.serviceAccount.serviceAccountRef;
    const input: CiPlanInput = {
      repo: { url: a.repo, revision: a.revision },
      build: { ...a.build, registrySecret: ref(a.build.registrySecret as never, "secretRef") },
      test: a.test,
      warm: a.warm && {
        parallelism: a.warm.parallelism,
        nodeLabels: a.warm.selector,
        wait: a.warm.wait,
        timeoutSeconds: a.warm.timeoutSeconds,
      },
      deploy: a.deploy?.argocd
        ? {
            kind: "argocd",
            application: ref(a.deploy.argocd.application as never, "applicationRef"),
            secret: ref(a.deploy.argocd.token as never, "secretRef"),
            timeoutSeconds: a.deploy.argocd.timeoutSeconds,
          }
        : a.deploy?.deployment
          ? {
              kind: "deployment",
              ...a.deploy.deployment,
              namespace: a.deploy.deployment.namespace ?? a.namespace,
            }
          : a.deploy?.cloneSet
            ? {
                kind: "cloneSet",
                ...a.deploy.cloneSet,
                namespace: a.deploy.cloneSet.namespace ?? a.namespace,
              }
            : undefined,
      workspace: a.workspace,
    };
    const taskName = (t: string) => `${name}-${t}`;
    const plan = planCiPipeline(input, taskName);
    const labels = componentLabels(KIND, name, a.labels);
    const meta = (n: string) => ({ name: n, namespace: a.namespace, labels });
    const taskManifests = Object.fromEntries(
      Object.entries(plan.tasks).map(([t, spec]) => [
        t,
        taskManifest(KIND, meta(taskName(t)), spec),
      ]),
    );
    const byTaskName = Object.fromEntries(
      Object.entries(plan.tasks).map(([t, spec]) => [taskName(t), spec]),
    );
    const pipeline = pipelineManifest(KIND, meta(name), plan.pipeline, byTaskName);
    const runOpts = a.run === false ? undefined : a.run === true ? { timeoutMinutes: 60 } : a.run;
    const run =
      runOpts &&
      pipelineRunManifest(
        KIND,
        meta(`${name}-run-${shortHash(a.repo, a.revision)}`),
        ciRunSpec(name, a.revision, saName, a.workspace, runOpts.timeoutMinutes),
        plan.pipeline,
      );
    super(`kruise-devops:index:${KIND}`, name, {}, opts);
    this.pipelineName = name;
    const register = (
      child: string,
      m: { kind: string; metadata: object; spec: object },
      deps: pulumi.Resource[] = [],
    ) =>
      new k8s.apiextensions.CustomResource(
        child,
        { apiVersion: TEKTON_API_VERSION, kind: m.kind, metadata: m.metadata, spec: m.spec },
        { ...childOptions(this, opts), ...(deps.length > 0 ? { dependsOn: [...deps] } : {}) },
      );
    this.tasks = Object.fromEntries(
      Object.entries(taskManifests).map(([t, m]) => [t, register(`${name}-task-${t}`, m)]),
    );
    this.pipeline = register(`${name}-pipeline`, pipeline);
    if (run) {
      this.pipelineRun = register(`${name}-run`, run, [
        this.pipeline,
        ...Object.values(this.tasks),
      ]);
    }
    this.registerOutputs({
      tasks: this.tasks,
      pipeline: this.pipeline,
      pipelineRun: this.pipelineRun,
      pipelineName: this.pipelineName,
    });
  }
}

export { CI_TASKS };
