import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ApplyError } from "../common/applyError";
import { childOptions } from "../common/children";
import { ArgsError, argsError, parseArgs } from "../common/errors";
import { validateLater, validateNow } from "../common/inputs";
import { checkedObjectName, componentLabels } from "../common/k8sNames";
import { shortHash } from "../common/naming";
import { Settled, whenSettled } from "../common/settled";
import {
  CiPipelineArgs,
  CiServiceAccount,
  CiSettings,
  CiShape,
  ciSettingsOf,
  ciSettingsSchema,
  ciShapeSchema,
  grantsRule,
  missingGrants,
} from "./ciPipelineArgs";
import { CI_TASKS, CiPlanInput, ciRunSpec, ciTaskList, planCiPipeline } from "./ciPipelinePlan";
import { pipelineManifest, pipelineRunManifest, taskManifest } from "./manifests";
import { TEKTON_API_VERSION } from "./types";
import { GetterStore } from "../common/getterStore";

const KIND = "CiPipeline";

/** CiPipeline's args, checked before it registers anything: the plain shape, and the settings when known. */
export function checkCiPipelineArgs(name: string, args: CiPipelineArgs) {
  const a = parseArgs(KIND, name, ciShapeSchema, args);
  checkedObjectName(KIND, name, "Pipeline", "web-ci");
  const early = validateNow(KIND, name, ciSettingsSchema, ciSettingsOf(args));
  return { a, early };
}

/** One Tekton object as registered: its kind, metadata and spec. */
interface TektonObject {
  kind: string;
  metadata: object;
  spec: object;
}

/** The objects of a CiPipeline: its Tasks by pipeline task name, the Pipeline, the run. */
interface CiObjects {
  tasks: Record<string, TektonObject>;
  pipeline: TektonObject;
  run?: TektonObject;
}

/**
 * The objects of the CiPipeline `name` (pure): the ServiceAccount's grants checked, the plan, and
 * every manifest checked statically. Throws an ArgsError.
 */
export function ciObjects(name: string, a: CiShape, s: CiSettings): CiObjects {
  const missing = missingGrants(a, s);
  if (missing.length > 0) throw argsError(KIND, name, ["serviceAccount"], grantsRule(missing));
  const saName = (a.serviceAccount as CiServiceAccount).serviceAccountRef;
  const input: CiPlanInput = {
    repo: { url: a.repo, revision: a.revision },
    build: s.build,
    test: s.test,
    warm: s.warm && {
      parallelism: s.warm.parallelism,
      nodeLabels: s.warm.selector,
      wait: s.warm.wait,
      timeoutSeconds: s.warm.timeoutSeconds,
    },
    deploy: s.deploy?.argocd
      ? {
          kind: "argocd",
          application: s.deploy.argocd.application,
          secret: s.deploy.argocd.token,
          timeoutSeconds: s.deploy.argocd.timeoutSeconds,
        }
      : s.deploy?.deployment
        ? {
            kind: "deployment",
            ...s.deploy.deployment,
            namespace: s.deploy.deployment.namespace ?? s.namespace,
          }
        : s.deploy?.cloneSet
          ? {
              kind: "cloneSet",
              ...s.deploy.cloneSet,
              namespace: s.deploy.cloneSet.namespace ?? s.namespace,
            }
          : undefined,
    workspace: s.workspace,
  };
  const taskName = (t: string) => `${name}-${t}`;
  const plan = planCiPipeline(input, taskName);
  const labels = componentLabels(KIND, name, s.labels);
  const meta = (n: string) => ({ name: n, namespace: s.namespace, labels });
  const tasks = Object.fromEntries(
    Object.entries(plan.tasks).map(([t, spec]) => [t, taskManifest(KIND, meta(taskName(t)), spec)]),
  );
  const byTaskName = Object.fromEntries(
    Object.entries(plan.tasks).map(([t, spec]) => [taskName(t), spec]),
  );
  const pipeline = pipelineManifest(KIND, meta(name), plan.pipeline, byTaskName);
  const run =
    a.run?.enabled === true
      ? pipelineRunManifest(
          KIND,
          meta(ciRunName(name, a)),
          ciRunSpec(name, a.revision, saName, s.workspace, s.run?.timeoutMinutes ?? 60),
          plan.pipeline,
        )
      : undefined;
  return { tasks, pipeline, run };
}

/** The PipelineRun's object name: new whenever the repository or the revision changes. */
const ciRunName = (name: string, a: CiShape) => `${name}-run-${shortHash(a.repo, a.revision)}`;

/** The resources of each CiPipeline (read by its accessors; not schema outputs). */
const resourcesOf = new GetterStore<{
  tasks: Record<string, k8s.apiextensions.CustomResource>;
  pipeline: k8s.apiextensions.CustomResource;
  pipelineRun?: k8s.apiextensions.CustomResource;
}>();

/**
 * A Tekton CI pipeline in the scenarios' order: clone → unit test → build and push (kaniko or
 * BuildKit, tagged with the commit, digest as result) → warm the nodes with a Kruise
 * ImagePullJob (the warm components' builder) → deploy (Argo CD sync, `kubectl set image`, or an
 * in-place CloneSet bump). Registers one Task per step, the Pipeline, and optionally a run.
 * Every spec is checked statically (references, runAfter, cycles, step names) before anything
 * is registered when the args are known (once they resolve, before any object is created, when
 * they hold Outputs). Depend on TektonPipelines (`{ dependsOn: tekton.ready }`).
 */
export class CiPipeline extends pulumi.ComponentResource {
  /** Name of the Pipeline, for `tkn pipeline start`. */
  public readonly pipelineName: string;
  /** The Task object names, by pipeline task name (`clone`, `test`, `build`, `warm`, `deploy`). */
  public readonly taskNames: Record<string, string>;
  /** The PipelineRun's object name, with `run`. */
  public readonly pipelineRunName?: string;

  /** The Task resources, by pipeline task name (child `<name>-task-<task>`). */
  public get tasks(): Record<string, k8s.apiextensions.CustomResource> {
    return resourcesOf.get(this).tasks;
  }

  /** The Pipeline resource (child `<name>-pipeline`). */
  public get pipeline(): k8s.apiextensions.CustomResource {
    return resourcesOf.get(this).pipeline;
  }

  /** The PipelineRun (child `<name>-run`), with `run`. */
  public get pipelineRun(): k8s.apiextensions.CustomResource | undefined {
    return resourcesOf.get(this).pipelineRun;
  }

  constructor(name: string, args: CiPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
    const { a, early } = checkCiPipelineArgs(name, args);
    const now = early && ciObjects(name, a, early);
    super(`kruise-devops:index:${KIND}`, name, {}, opts);
    const objects: Settled<CiObjects> =
      now ??
      validateLater(KIND, name, ciSettingsSchema, ciSettingsOf(args), this).apply((s) => {
        try {
          return ciObjects(name, a, s);
        } catch (e) {
          if (e instanceof ArgsError) throw new ApplyError(e.problems, this);
          throw e;
        }
      });
    const register = (
      child: string,
      kind: string,
      o: Settled<TektonObject>,
      deps: pulumi.Resource[] = [],
    ) =>
      new k8s.apiextensions.CustomResource(
        child,
        {
          apiVersion: TEKTON_API_VERSION,
          kind,
          metadata: whenSettled(o, (m) => m.metadata),
          spec: whenSettled(o, (m) => m.spec),
        },
        { ...childOptions(this, opts), ...(deps.length > 0 ? { dependsOn: [...deps] } : {}) },
      );
    const present = ciTaskList({
      test: args.test !== undefined,
      warm: args.warm !== undefined,
      deploy: args.deploy !== undefined,
    });
    const tasks = Object.fromEntries(
      present.map((t) => [
        t,
        register(
          `${name}-task-${t}`,
          "Task",
          whenSettled(objects, (o) => o.tasks[t]),
        ),
      ]),
    );
    const pipeline = register(
      `${name}-pipeline`,
      "Pipeline",
      whenSettled(objects, (o) => o.pipeline),
    );
    const pipelineRun =
      a.run?.enabled === true
        ? register(
            `${name}-run`,
            "PipelineRun",
            whenSettled(objects, (o) => o.run!),
            [pipeline, ...Object.values(tasks)],
          )
        : undefined;
    resourcesOf.set(this, { tasks, pipeline, pipelineRun });
    this.pipelineName = name;
    this.taskNames = Object.fromEntries(present.map((t) => [t, `${name}-${t}`]));
    this.pipelineRunName = pipelineRun && ciRunName(name, a);
    this.registerOutputs({
      pipelineName: this.pipelineName,
      taskNames: this.taskNames,
      pipelineRunName: this.pipelineRunName,
      tasks: this.tasks,
      pipeline: this.pipeline,
      pipelineRun: this.pipelineRun,
    });
  }
}

export { CI_TASKS };
