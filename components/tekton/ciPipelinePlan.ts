/**
 * The plan of a CiPipeline: which library Tasks, wired in the scenarios' order (clone → test →
 * build/push → warm → deploy), as Tekton v1 specs. Pure.
 */
import { COMPLETION_GRACE_SECONDS } from "../kruise/warmJobs";
import { PipelineRunSpec, PipelineSpec, PipelineTask, TaskSpec } from "./types";
import {
  argocdSyncTask,
  buildkitBuildTask,
  cloneSetImageTask,
  deploymentImageTask,
  gitCloneTask,
  kanikoBuildTask,
  unitTestTask,
  warmTask,
} from "./tasks";

/** How the image is built and pushed. */
export const ImageBuilder = { Kaniko: "kaniko", BuildKit: "buildkit" } as const;
export type ImageBuilder = (typeof ImageBuilder)[keyof typeof ImageBuilder];

/** The parsed args the plan needs. */
export interface CiPlanInput {
  repo: { url: string; revision: string };
  build: {
    image: string;
    context: string;
    dockerfile: string;
    builder: ImageBuilder;
    registrySecret: string;
  };
  test?: { image: string; command: string[]; workdir: string };
  warm?: {
    parallelism: number;
    nodeLabels: Record<string, string>;
    wait: boolean;
    timeoutSeconds: number;
  };
  deploy?:
    | { kind: "argocd"; application: string; secret: string; timeoutSeconds: number }
    | {
        kind: "deployment";
        name: string;
        container: string;
        namespace: string;
        timeoutSeconds: number;
      }
    | {
        kind: "cloneSet";
        name: string;
        container: string;
        namespace: string;
        timeoutSeconds: number;
      };
  workspace: { storage: string; storageClassName?: string };
}

/** Pipeline task names; also the suffix of each Task object's name. */
export const CI_TASKS = {
  clone: "clone",
  test: "test",
  build: "build",
  warm: "warm",
  deploy: "deploy",
} as const;

/** The pipeline tasks a plan has, in order: clone and build always, the others when asked. */
export function ciTaskList(has: Record<"test" | "warm" | "deploy", boolean>): string[] {
  return [
    CI_TASKS.clone,
    ...(has.test ? [CI_TASKS.test] : []),
    CI_TASKS.build,
    ...(has.warm ? [CI_TASKS.warm] : []),
    ...(has.deploy ? [CI_TASKS.deploy] : []),
  ];
}

/** The plan: Task specs by pipeline task name, the Pipeline spec (taskRefs by Task object name). */
export interface CiPlan {
  tasks: Record<string, TaskSpec>;
  pipeline: PipelineSpec;
}

/** Plans the pipeline; `taskName(t)` is the Task object name of pipeline task `t`. */
export function planCiPipeline(a: CiPlanInput, taskName: (t: string) => string): CiPlan {
  const tasks: Record<string, TaskSpec> = {};
  const pipelineTasks: PipelineTask[] = [];
  const add = (t: string, spec: TaskSpec, rest: Omit<PipelineTask, "name" | "taskRef">) => {
    tasks[t] = spec;
    pipelineTasks.push({ name: t, taskRef: { name: taskName(t), kind: "Task" }, ...rest });
  };
  const source = [{ name: "source", workspace: "source" }];
  add(CI_TASKS.clone, gitCloneTask(), {
    params: [
      { name: "url", value: "$(params.repo-url)" },
      { name: "revision", value: "$(params.revision)" },
    ],
    workspaces: source,
  });
  let last: string = CI_TASKS.clone;
  if (a.test) {
    add(CI_TASKS.test, unitTestTask(), {
      params: [
        { name: "image", value: a.test.image },
        { name: "command", value: a.test.command },
        { name: "workdir", value: a.test.workdir },
      ],
      workspaces: source,
      runAfter: [last],
    });
    last = CI_TASKS.test;
  }
  add(
    CI_TASKS.build,
    a.build.builder === ImageBuilder.BuildKit ? buildkitBuildTask() : kanikoBuildTask(),
    {
      params: [
        { name: "image", value: a.build.image },
        { name: "tag", value: `$(tasks.${CI_TASKS.clone}.results.commit)` },
        { name: "context", value: a.build.context },
        { name: "dockerfile", value: a.build.dockerfile },
        { name: "registry-secret", value: a.build.registrySecret },
      ],
      workspaces: source,
      runAfter: [last],
    },
  );
  last = CI_TASKS.build;
  const imageRef = `$(tasks.${CI_TASKS.build}.results.image-ref)`;
  if (a.warm) {
    // The job ends at its deadline; the step waits a little longer for Kruise to record that.
    const warmOpts = {
      completion: { activeDeadlineSeconds: a.warm.timeoutSeconds },
      pullSecrets: [a.build.registrySecret],
    };
    add(CI_TASKS.warm, warmTask(warmOpts), {
      params: [
        { name: "image", value: imageRef },
        { name: "parallelism", value: String(a.warm.parallelism) },
        { name: "node-labels", value: JSON.stringify(a.warm.nodeLabels) },
        { name: "wait", value: String(a.warm.wait) },
        { name: "timeout", value: `${a.warm.timeoutSeconds + COMPLETION_GRACE_SECONDS}s` },
      ],
      runAfter: [last],
    });
    last = CI_TASKS.warm;
  }
  const d = a.deploy;
  if (d?.kind === "argocd") {
    add(CI_TASKS.deploy, argocdSyncTask(), {
      params: [
        { name: "application", value: d.application },
        { name: "argocd-secret", value: d.secret },
        { name: "timeout", value: String(d.timeoutSeconds) },
      ],
      runAfter: [last],
    });
  } else if (d?.kind === "deployment") {
    add(CI_TASKS.deploy, deploymentImageTask(), {
      params: [
        { name: "namespace", value: d.namespace },
        { name: "deployment", value: d.name },
        { name: "container", value: d.container },
        { name: "image", value: imageRef },
        { name: "timeout", value: `${d.timeoutSeconds}s` },
      ],
      runAfter: [last],
    });
  } else if (d?.kind === "cloneSet") {
    add(CI_TASKS.deploy, cloneSetImageTask(), {
      params: [
        { name: "namespace", value: d.namespace },
        { name: "cloneset", value: d.name },
        { name: "container", value: d.container },
        { name: "image", value: imageRef },
        { name: "timeout", value: String(d.timeoutSeconds) },
      ],
      runAfter: [last],
    });
  }
  return {
    tasks,
    pipeline: {
      description:
        "Clone, test, build and push, warm the nodes, deploy (kruise-devops CiPipeline).",
      params: [
        { name: "repo-url", type: "string", default: a.repo.url },
        { name: "revision", type: "string", default: a.repo.revision },
      ],
      workspaces: [{ name: "source", description: "The checked-out repository." }],
      tasks: pipelineTasks,
      // Each with a description: Tekton stores PipelineResult.description even when empty (no
      // omitempty in v1.15), so one left out would come back as "" (seen with its real webhook).
      results: [
        {
          name: "commit",
          description: "The commit built.",
          value: `$(tasks.${CI_TASKS.clone}.results.commit)`,
        },
        { name: "image-ref", description: "The image pushed, by digest.", value: imageRef },
      ],
    },
  };
}

/** The spec of a run of pipeline `pipelineName` at `revision`, as ServiceAccount `sa`. */
export function ciRunSpec(
  pipelineName: string,
  revision: string,
  sa: string,
  workspace: CiPlanInput["workspace"],
  timeoutMinutes: number,
): PipelineRunSpec {
  return {
    pipelineRef: { name: pipelineName },
    params: [{ name: "revision", value: revision }],
    workspaces: [
      {
        name: "source",
        // `metadata` and `status` as Tekton's defaulting webhook stores them (Go's
        // PersistentVolumeClaim marshals both): a manifest without them would show a diff on
        // every preview against the stored object (seen with the real webhook).
        volumeClaimTemplate: {
          metadata: {},
          status: {},
          spec: {
            accessModes: ["ReadWriteOnce"],
            resources: { requests: { storage: workspace.storage } },
            ...(workspace.storageClassName ? { storageClassName: workspace.storageClassName } : {}),
          },
        },
      },
    ],
    taskRunTemplate: { serviceAccountName: sa },
    timeouts: { pipeline: goDuration(timeoutMinutes * 60) },
  };
}

/**
 * `seconds` as Go's `time.Duration.String()` writes it (`1h0m0s`, `45m0s`, `0s`): the form
 * Tekton's webhook normalizes `timeouts` to, so the stored object equals what we send.
 */
export function goDuration(seconds: number): string {
  if (seconds === 0) return "0s";
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`;
}
