/** Specs for the Tekton checks' tests: a step, a task, a script task, a chain; a realistic pipeline. */
import { PipelineSpec, PipelineTask, Step, TaskSpec } from "../../../../components/tekton/types";

export const step = (over: Partial<Step> = {}): Step => ({
  name: "run",
  image: "alpine:3.20",
  ...over,
});
export const task = (over: Partial<TaskSpec> = {}): TaskSpec => ({ steps: [step()], ...over });
export const script = (s: string, over: Partial<TaskSpec> = {}): TaskSpec =>
  task({ steps: [step({ script: s })], ...over });

// ----------------------------------------------------------------------------------------------
// A realistic clone → test → build → warm → deploy pipeline with a finally notification.

export const TASKS: Record<string, TaskSpec> = {
  "git-clone": {
    params: [{ name: "url" }, { name: "revision", default: "main" }],
    workspaces: [{ name: "output" }],
    results: [{ name: "commit" }, { name: "url" }],
    steps: [
      {
        name: "clone",
        image: "alpine/git:2.45.2",
        env: [{ name: "RUN", value: "$(context.taskRun.name)" }],
        script: [
          "#!/bin/sh",
          "set -eu",
          'git clone "$(params.url)" "$(workspaces.output.path)"',
          'cd "$(workspaces.output.path)" && git checkout "$(params.revision)"',
          'printf %s "$(git rev-parse HEAD)" > "$(results.commit.path)"',
          'printf %s "$(params.url)" > "$(results.url.path)"',
          'echo "cloned at $(date) by $$(whoami) into ${HOME}"',
        ].join("\n"),
      },
    ],
  },
  "unit-test": {
    params: [
      { name: "command", type: "array" },
      { name: "workdir", default: "." },
    ],
    workspaces: [{ name: "source", readOnly: true }],
    steps: [
      {
        name: "test",
        image: "golang:1.23",
        workingDir: "$(workspaces.source.path)/$(params.workdir)",
        command: ["$(params.command[*])"],
      },
    ],
  },
  "kaniko-build": {
    params: [
      { name: "image" },
      { name: "context", default: "." },
      { name: "dockerfile", default: "Dockerfile" },
      { name: "extra-args", type: "array", default: [] },
    ],
    workspaces: [{ name: "source" }, { name: "dockerconfig", mountPath: "/kaniko/.docker" }],
    results: [{ name: "image-digest" }, { name: "image-ref" }],
    steps: [
      {
        name: "build",
        image: "gcr.io/kaniko-project/executor:v1.23.2",
        args: [
          "--dockerfile=$(params.dockerfile)",
          "--context=$(workspaces.source.path)/$(params.context)",
          "--destination=$(params.image)",
          "--digest-file=$(results.image-digest.path)",
          "$(params.extra-args[*])",
        ],
      },
      {
        name: "write-ref",
        image: "alpine:3.20",
        script:
          'printf "%s@%s" "$(params.image)" "$(cat $(results.image-digest.path))" > $(results.image-ref.path)',
      },
    ],
  },
  "kruise-warm": {
    params: [
      { name: "image" },
      { name: "selector", type: "object", properties: { role: { type: "string" } } },
      { name: "parallelism", default: "2" },
    ],
    steps: [
      {
        name: "warm",
        image: "bitnami/kubectl:1.31",
        env: [{ name: "ROLE", value: "$(params.selector.role)" }],
        script:
          "kubectl create -f - <<EOF\nimage: $(params.image)\nparallelism: $(params.parallelism)\nEOF",
      },
    ],
  },
  "argocd-sync": {
    params: [{ name: "application" }, { name: "image-ref" }],
    steps: [
      {
        name: "sync",
        image: "quay.io/argoproj/argocd:v2.13.1",
        envFrom: [{ secretRef: { name: "argocd-token" } }],
        args: ["app", "set", "$(params.application)", "--kustomize-image", "$(params.image-ref)"],
      },
    ],
  },
  notify: {
    params: [{ name: "status" }, { name: "build-status" }, { name: "commit" }, { name: "run" }],
    steps: [
      {
        name: "notify",
        image: "curlimages/curl:8.10.1",
        script:
          'echo "$(params.run) $(params.status) build=$(params.build-status) commit=$(params.commit)"',
      },
    ],
  },
};

export function ciPipeline(): PipelineSpec {
  return {
    params: [
      { name: "repo-url" },
      { name: "revision", default: "main" },
      { name: "image" },
      { name: "test-command", type: "array", default: ["go", "test", "./..."] },
      { name: "node-role", default: "build" },
      { name: "warm", default: "true" },
      { name: "application" },
    ],
    workspaces: [{ name: "source" }, { name: "docker-config" }],
    tasks: [
      {
        name: "clone",
        taskRef: { name: "git-clone" },
        params: [
          { name: "url", value: "$(params.repo-url)" },
          { name: "revision", value: "$(params.revision)" },
        ],
        workspaces: [{ name: "output", workspace: "source" }],
      },
      {
        name: "test",
        taskRef: { name: "unit-test" },
        runAfter: ["clone"],
        params: [{ name: "command", value: ["$(params.test-command[*])"] }],
        workspaces: [{ name: "source", workspace: "source" }],
      },
      {
        name: "build",
        taskRef: { name: "kaniko-build" },
        runAfter: ["test"],
        params: [
          { name: "image", value: "$(params.image)" },
          { name: "extra-args", value: ["--label=commit=$(tasks.clone.results.commit)"] },
        ],
        workspaces: [
          { name: "source", workspace: "source" },
          { name: "dockerconfig", workspace: "docker-config" },
        ],
      },
      {
        name: "warm",
        taskRef: { name: "kruise-warm" },
        when: [{ input: "$(params.warm)", operator: "in", values: ["true"] }],
        params: [
          { name: "image", value: "$(tasks.build.results.image-ref)" },
          { name: "selector", value: { role: "$(params.node-role)" } },
        ],
      },
      {
        name: "deploy",
        taskRef: { name: "argocd-sync" },
        runAfter: ["warm"],
        params: [
          { name: "application", value: "$(params.application)" },
          { name: "image-ref", value: "$(tasks.build.results.image-ref)" },
        ],
      },
    ],
    finally: [
      {
        name: "notify",
        taskRef: { name: "notify" },
        params: [
          { name: "status", value: "$(tasks.status)" },
          { name: "build-status", value: "$(tasks.build.status)" },
          { name: "commit", value: "$(tasks.clone.results.commit)" },
          { name: "run", value: "$(context.pipelineRun.name)/$(context.pipeline.name)" },
        ],
      },
    ],
    results: [
      { name: "image-ref", value: "$(tasks.build.results.image-ref)" },
      { name: "commit", value: "$(tasks.clone.results.commit)" },
    ],
  };
}

/** A pipeline of `git-clone`-free tasks: each runs an inline echo task; `extra` per task. */
export function chain(...tasks: Partial<PipelineTask>[]): PipelineSpec {
  return {
    tasks: tasks.map((t, i) => ({
      name: `t${i}`,
      taskSpec: task({ results: [{ name: "out" }] }),
      ...t,
    })),
  };
}
