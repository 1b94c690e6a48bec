import * as assert from "assert";
import { isDeepStrictEqual } from "util";
import {
  SpecProblem,
  checkPipelineRunSpec,
  checkPipelineSpec,
  checkTaskSpec,
  executionOrder,
} from "../../components/tekton/validation";
import {
  PipelineRunSpec,
  PipelineSpec,
  PipelineTask,
  Step,
  TaskSpec,
} from "../../components/tekton/types";
import { throwsWith } from "../support/expect";

type Path = (string | number)[];

const show = (ps: SpecProblem[]) =>
  ps.map((p) => `${JSON.stringify(p.path)} ${p.message}`).join("\n");

/** Asserts a problem at exactly `path` holding every fragment, in ruleMessage form. */
function has(problems: SpecProblem[], path: Path, ...fragments: string[]): SpecProblem {
  const hit = problems.find(
    (p) => isDeepStrictEqual(p.path, path) && fragments.every((f) => p.message.includes(f)),
  );
  assert.ok(
    hit,
    `no problem at ${JSON.stringify(path)} with ${JSON.stringify(fragments)}; got:\n${show(problems)}`,
  );
  assert.match(hit.message, /^.+ — .+; .+$/s, "message follows '<what> — <rule>; <fix>'");
  return hit;
}

/** Asserts the only problem is at `path` and holds every fragment. */
function only(problems: SpecProblem[], path: Path, ...fragments: string[]): SpecProblem {
  assert.strictEqual(problems.length, 1, `expected one problem, got:\n${show(problems)}`);
  return has(problems, path, ...fragments);
}

function none(problems: SpecProblem[]): void {
  assert.deepStrictEqual(problems, [], show(problems));
}

const step = (over: Partial<Step> = {}): Step => ({ name: "run", image: "alpine:3.20", ...over });
const task = (over: Partial<TaskSpec> = {}): TaskSpec => ({ steps: [step()], ...over });
const script = (s: string, over: Partial<TaskSpec> = {}): TaskSpec =>
  task({ steps: [step({ script: s })], ...over });

// ----------------------------------------------------------------------------------------------
// A realistic clone → test → build → warm → deploy pipeline with a finally notification.

const TASKS: Record<string, TaskSpec> = {
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

function ciPipeline(): PipelineSpec {
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
function chain(...tasks: Partial<PipelineTask>[]): PipelineSpec {
  return {
    tasks: tasks.map((t, i) => ({
      name: `t${i}`,
      taskSpec: task({ results: [{ name: "out" }] }),
      ...t,
    })),
  };
}

describe("Tekton references: realistic specs", () => {
  for (const [name, spec] of Object.entries(TASKS)) {
    it(`task ${name} has no problems`, () => none(checkTaskSpec(spec)));
  }

  it("the clone → test → build → warm → deploy pipeline with finally has no problems", () => {
    none(checkPipelineSpec(ciPipeline(), TASKS));
  });

  it("executionOrder follows runAfter and result references, then finally", () => {
    assert.deepStrictEqual(executionOrder(ciPipeline()), [
      "clone",
      "test",
      "build",
      "warm",
      "deploy",
      "notify",
    ]);
  });

  it("executionOrder is stable by declaration order among ready tasks", () => {
    const spec = chain(
      { name: "z", runAfter: ["b"] },
      { name: "a" },
      { name: "b" },
      { name: "c", params: [{ name: "x", value: "$(tasks.a.results.out)" }] },
    );
    assert.deepStrictEqual(executionOrder(spec), ["a", "b", "z", "c"]);
  });

  it("executionOrder orders by a result reference alone (no runAfter)", () => {
    const spec = chain(
      { name: "deploy", params: [{ name: "x", value: "$(tasks.build.results.out)" }] },
      { name: "build" },
    );
    assert.deepStrictEqual(executionOrder(spec), ["build", "deploy"]);
  });
});

// ----------------------------------------------------------------------------------------------

describe("checkTaskSpec: steps", () => {
  it("a Task needs at least one step", () => {
    only(
      checkTaskSpec({ steps: [] }),
      ["steps"],
      "is empty",
      "missing field(s): steps",
      "add a step",
    );
  });

  it("step names are unique", () => {
    const p = checkTaskSpec(task({ steps: [step({ name: "build" }), step({ name: "build" })] }));
    only(
      p,
      ["steps", 1, "name"],
      '("build") is the name of an earlier step',
      "expected exactly one, got both",
    );
  });

  it("step names are DNS-1123 labels", () => {
    only(
      checkTaskSpec(task({ steps: [step({ name: "Build_Image" })] })),
      ["steps", 0, "name"],
      '("Build_Image") is not a DNS-1123 label',
      "Task step name must be a valid DNS Label",
    );
  });

  it("unnamed steps are allowed (Tekton names them step-unnamed-<i>)", () => {
    none(checkTaskSpec(task({ steps: [step({ name: "" }), step({ name: "" })] })));
  });

  it("every step has an image, its own or the stepTemplate's", () => {
    only(
      checkTaskSpec(task({ steps: [step({ image: "" })] })),
      ["steps", 0, "image"],
      "is missing",
      "missing field(s): Image",
    );
    none(
      checkTaskSpec(task({ steps: [step({ image: "" })], stepTemplate: { image: "alpine:3.20" } })),
    );
  });

  it("script and command are exclusive", () => {
    only(
      checkTaskSpec(task({ steps: [step({ script: "echo hi", command: ["sh"] })] })),
      ["steps", 0, "script"],
      "script cannot be used with command",
    );
  });

  it("no volume mount under /tekton/ (but /tekton/home), however the path is written", () => {
    for (const mountPath of ["/tekton/results", "/tekton/home/../scripts", "/x/../tekton/run/"]) {
      only(
        checkTaskSpec(task({ steps: [step({ volumeMounts: [{ name: "v", mountPath }] })] })),
        ["steps", 0, "volumeMounts", 0, "mountPath"],
        "is under /tekton/",
        "volumeMount cannot be mounted under /tekton/",
      );
    }
    none(
      checkTaskSpec(
        task({
          steps: [step({ volumeMounts: [{ name: "v", mountPath: "/tekton/home/.cache" }] })],
        }),
      ),
    );
    only(
      checkTaskSpec(
        task({ stepTemplate: { volumeMounts: [{ name: "v", mountPath: "/tekton/creds" }] } }),
      ),
      ["stepTemplate", "volumeMounts", 0, "mountPath"],
      "volumeMount cannot be mounted under /tekton/",
    );
  });

  it("no volume mount named tekton-internal-…", () => {
    only(
      checkTaskSpec(
        task({ steps: [step({ volumeMounts: [{ name: "tekton-internal-x", mountPath: "/x" }] })] }),
      ),
      ["steps", 0, "volumeMounts", 0, "name"],
      'starts with "tekton-internal-"',
      'cannot start with "tekton-internal-"',
    );
  });

  it("a step timeout is a Go duration, not negative", () => {
    none(
      checkTaskSpec(
        task({ steps: [step({ timeout: "1h30m" }), step({ name: "b", timeout: "0s" })] }),
      ),
    );
    only(
      checkTaskSpec(task({ steps: [step({ timeout: "-10s" })] })),
      ["steps", 0, "timeout"],
      '("-10s") is negative',
      "invalid value: -10s: negative timeout",
    );
    only(
      checkTaskSpec(task({ steps: [step({ timeout: "10 minutes" })] })),
      ["steps", 0, "timeout"],
      "is not a duration",
      "time.ParseDuration",
    );
  });

  it("onError is continue, stopAndFail or a declared param", () => {
    none(checkTaskSpec(task({ steps: [step({ onError: "continue" })] })));
    none(
      checkTaskSpec(
        task({
          params: [{ name: "on-error", default: "continue" }],
          steps: [step({ onError: "$(params.on-error)" })],
        }),
      ),
    );
    only(
      checkTaskSpec(task({ steps: [step({ onError: "ignore" as never })] })),
      ["steps", 0, "onError"],
      "is not continue or stopAndFail",
      'Task step onError must be either "continue" or "stopAndFail"',
    );
    only(
      checkTaskSpec(task({ steps: [step({ onError: "$(params.on-error)" })] })),
      ["steps", 0, "onError"],
      'references param "on-error"',
    );
  });

  it("a Windows script needs enable-api-fields alpha, and the installed flag is beta", () => {
    only(
      checkTaskSpec(script("#!win powershell -File\nWrite-Host hi")),
      ["steps", 0, "script"],
      "is a Windows script",
      'windows script support requires "enable-api-fields" feature gate to be "alpha"',
    );
  });

  it("script and command are exclusive, the command from stepTemplate too", () => {
    only(
      checkTaskSpec(
        task({ steps: [step({ script: "echo hi" })], stepTemplate: { command: ["sh"] } }),
      ),
      ["steps", 0, "script"],
      "is set together with command (from stepTemplate)",
      "script cannot be used with command",
    );
  });

  it("volumes and workspace names are unique; workspace mount paths do not collide", () => {
    const p = checkTaskSpec(
      task({
        steps: [step({ volumeMounts: [{ name: "cache", mountPath: "/cache/" }] })],
        volumes: [
          { name: "cache", emptyDir: {} },
          { name: "cache", emptyDir: {} },
        ],
        workspaces: [
          { name: "src" },
          { name: "src", mountPath: "/other" },
          { name: "c", mountPath: "/cache" },
        ],
      }),
    );
    has(
      p,
      ["volumes", 1, "name"],
      'declares volume "cache" twice',
      "multiple volumes with same name",
    );
    has(p, ["workspaces", 1, "name"], 'workspace name "src" must be unique');
    has(p, ["workspaces", 2, "mountPath"], 'workspace mount path "/cache" must be unique');
    assert.strictEqual(p.length, 3, show(p));
  });
});

describe("checkTaskSpec: param declarations", () => {
  it("param names are unique", () => {
    only(
      checkTaskSpec(task({ params: [{ name: "url" }, { name: "url" }] })),
      ["params", 1, "name"],
      'declares param "url" twice',
      "parameter appears more than once",
    );
  });

  it("param names follow Tekton's format (letter or '_' first; letters, digits, '-', '_', '.')", () => {
    only(
      checkTaskSpec(task({ params: [{ name: "1st-arg" }] })),
      ["params", 0, "name"],
      '("1st-arg") is not a valid param name',
      "The format of following array and string variable names is invalid",
    );
    none(checkTaskSpec(task({ params: [{ name: "_image.ref-2" }] })));
  });

  it("object params and keys take no dots, and need properties", () => {
    const p = checkTaskSpec(
      task({
        params: [
          { name: "a.b", type: "object", properties: { "x.y": { type: "string" } } },
          { name: "c", type: "object" },
        ],
      }),
    );
    has(
      p,
      ["params", 0, "name"],
      'invalid name(s) "a.b", "x.y"',
      "Object param name and key name format is invalid",
    );
    has(
      p,
      ["params", 1, "properties"],
      'is missing for object param "c"',
      "missing field(s): c.properties",
    );
  });

  it("param types are string, array or object", () => {
    const p = checkTaskSpec(task({ params: [{ name: "n", type: "number" as never }] }));
    only(
      p,
      ["params", 0, "type"],
      '("number") is not a param type',
      "invalid value: number: n.type",
    );
  });

  it("a default has the declared type", () => {
    only(
      checkTaskSpec(task({ params: [{ name: "flags", type: "array", default: "-v" }] })),
      ["params", 0, "default"],
      'is a string but param "flags" is of type array',
      `"array" type does not match default value's type: "string"`,
    );
    only(
      checkTaskSpec(task({ params: [{ name: "n", type: "string", default: { a: "b" } }] })),
      ["params", 0, "default"],
      'is an object but param "n" is of type string',
    );
  });

  it("an untyped param takes its default's type (SetDefaults)", () => {
    const spec = task({
      params: [{ name: "flags", default: ["-v"] }],
      steps: [step({ args: ["$(params.flags[*])"] })],
    });
    none(checkTaskSpec(spec));
    has(
      checkTaskSpec({ ...spec, steps: [step({ script: "run $(params.flags)" })] }),
      ["steps", 0, "script"],
      'uses whole array param "flags" as a string',
    );
  });
});

describe("checkTaskSpec: object param keys", () => {
  it("a key without type is a string key (Tekton's defaulting gives it the type)", () => {
    none(
      checkTaskSpec(
        task({
          params: [{ name: "repo", type: "object", properties: { url: {} } }],
          steps: [step({ args: ["$(params.repo.url)"] })],
        }),
      ),
    );
  });
});

describe("checkTaskSpec: results and workspaces", () => {
  it("result names are valid and unique", () => {
    const p = checkTaskSpec(
      task({ results: [{ name: "-digest" }, { name: "url" }, { name: "url" }] }),
    );
    has(
      p,
      ["results", 0, "name"],
      '("-digest") is not a valid result name',
      "must start and end with an alphanumeric",
    );
    has(p, ["results", 2, "name"], 'declares result "url" twice');
    assert.strictEqual(p.length, 2, show(p));
  });

  it("object results need properties, which this model cannot give", () => {
    only(
      checkTaskSpec(task({ results: [{ name: "meta", type: "object" }] })),
      ["results", 0, "type"],
      "missing field(s): meta.properties",
    );
  });

  it("$(results.<name>.path) must name a declared result", () => {
    only(
      checkTaskSpec(script("echo x > $(results.digest.path)", { results: [{ name: "commit" }] })),
      ["steps", 0, "script"],
      'references result "digest" in $(results.digest.path), which the Task does not declare',
      'use one of "commit"',
    );
  });

  it("bracket result forms resolve; other result forms do not", () => {
    const results = [{ name: "commit" }];
    none(
      checkTaskSpec(script(`> $(results["commit"].path) > $(results['commit'].path)`, { results })),
    );
    only(
      checkTaskSpec(script("cat $(results.commit)", { results })),
      ["steps", 0, "script"],
      "malformed result reference $(results.commit)",
    );
  });

  it("$(workspaces.<name>.path|bound|claim|volume) must name a declared workspace", () => {
    const workspaces = [{ name: "source" }];
    none(
      checkTaskSpec(
        script(
          "$(workspaces.source.path) $(workspaces.source.bound) $(workspaces.source.claim) $(workspaces.source.volume)",
          { workspaces },
        ),
      ),
    );
    only(
      checkTaskSpec(script("cd $(workspaces.cache.path)", { workspaces })),
      ["steps", 0, "script"],
      'references workspace "cache" in $(workspaces.cache.path), which the Task does not declare',
    );
    only(
      checkTaskSpec(script("cd $(workspaces.source.mountPath)", { workspaces })),
      ["steps", 0, "script"],
      "malformed workspace reference $(workspaces.source.mountPath)",
    );
  });
});

describe("checkTaskSpec: param references", () => {
  const params = [
    { name: "image" },
    { name: "flags", type: "array" as const },
    { name: "image.ref" },
    {
      name: "target",
      type: "object" as const,
      properties: { namespace: { type: "string" as const } },
    },
  ];

  it("an unknown param is a problem", () => {
    only(
      checkTaskSpec(script("echo $(params.nope)", { params })),
      ["steps", 0, "script"],
      'references param "nope" in $(params.nope), which the Task does not declare',
      'non-existent variable in "echo $(params.nope)"',
      'declared: "image", "flags", "image.ref", "target"',
    );
  });

  it("an array param in a plain string is a problem", () => {
    only(
      checkTaskSpec(script("run $(params.flags)", { params })),
      ["steps", 0, "script"],
      'uses whole array param "flags" as a string',
      'variable type invalid in "run $(params.flags)"',
      '"$(params.flags)"',
    );
    only(
      checkTaskSpec(
        task({ params, steps: [step({ env: [{ name: "F", value: "$(params.flags[*])" }] })] }),
      ),
      ["steps", 0, "env", 0, "value"],
      'uses whole array param "flags" as a string',
    );
  });

  it("[*] inside a longer args/command string is a problem", () => {
    only(
      checkTaskSpec(task({ params, steps: [step({ args: ["--flags=$(params.flags[*])"] })] })),
      ["steps", 0, "args", 0],
      'embeds whole array param "flags" in a longer string ("--flags=$(params.flags[*])")',
      "variable is not properly isolated",
    );
    only(
      checkTaskSpec(task({ params, steps: [step({ command: ["run", "x $(params.flags)"] })] })),
      ["steps", 0, "command", 1],
      "variable is not properly isolated",
    );
  });

  it("a whole array as an entire args/command element, and indexed items anywhere, are fine", () => {
    none(
      checkTaskSpec(
        task({
          params,
          steps: [
            step({
              command: ["$(params.flags)"],
              args: ["$(params.flags[*])", "--first=$(params.flags[0])"],
            }),
            step({ name: "second", script: "echo $(params.flags[1])" }),
          ],
        }),
      ),
    );
  });

  it("indexes and [*] only on arrays", () => {
    const p = checkTaskSpec(script("$(params.image[0]) $(params.image[*])", { params }));
    has(p, ["steps", 0, "script"], 'indexes string param "image" in $(params.image[0])');
    has(p, ["steps", 0, "script"], 'uses [*] on string param "image"');
    assert.strictEqual(p.length, 2, show(p));
  });

  it("bracket syntax $(params[\"name\"]) and $(params['name']) resolves against declared params", () => {
    none(
      checkTaskSpec(
        script(`echo $(params["image.ref"]) $(params['image.ref']) $(params["image"])`, { params }),
      ),
    );
    none(checkTaskSpec(task({ params, steps: [step({ args: [`$(params["flags"][*])`] })] })));
    only(
      checkTaskSpec(script(`echo $(params["missing"])`, { params })),
      ["steps", 0, "script"],
      'references param "missing"',
    );
  });

  it("a dotted name in dot syntax points to the bracket form", () => {
    const p = checkTaskSpec(script("echo $(params.image.ref)", { params }));
    only(
      p,
      ["steps", 0, "script"],
      'reads key "ref" of string param "image"',
      `$(params["image.ref"])`,
    );
    only(
      checkTaskSpec(script("echo $(params.image.ref)", { params: [{ name: "image.ref" }] })),
      ["steps", 0, "script"],
      'references param "image"',
      `a name with dots needs the bracket form: $(params["image.ref"])`,
    );
  });

  it("object param keys must be declared properties; whole objects are not strings", () => {
    none(checkTaskSpec(script("kubectl -n $(params.target.namespace) get pods", { params })));
    only(
      checkTaskSpec(script("echo $(params.target.cluster)", { params })),
      ["steps", 0, "script"],
      'reads key "cluster" of object param "target" in $(params.target.cluster), which it does not declare',
      'use one of "namespace"',
    );
    only(
      checkTaskSpec(script("echo $(params.target)", { params })),
      ["steps", 0, "script"],
      'uses whole object param "target" as a string',
    );
    only(
      checkTaskSpec(task({ params, steps: [step({ args: ["$(params.target[*])"] })] })),
      ["steps", 0, "args", 0],
      'uses whole object param "target"',
    );
  });

  it("a malformed param reference is a problem", () => {
    only(
      checkTaskSpec(script("echo $(params.a.b.c)", { params: [{ name: "a" }] })),
      ["steps", 0, "script"],
      "malformed param reference $(params.a.b.c)",
      "Only two dot-separated components",
    );
  });

  it("$$( is no escape: Tekton substitutes and checks the variable inside", () => {
    only(
      checkTaskSpec(script("echo $$(params.x)")),
      ["steps", 0, "script"],
      'references param "x"',
    );
    only(
      checkTaskSpec(script("echo $$$(params.x)")),
      ["steps", 0, "script"],
      'references param "x"',
    );
    none(checkTaskSpec(script("echo $$(whoami) $$(HOME)")));
  });

  it("shell substitutions and Kubernetes $(VAR) are not Tekton variables", () => {
    none(
      checkTaskSpec(
        task({
          steps: [
            step({
              script: 'echo "$(date)" "$(git rev-parse --short HEAD)" $((1 + 2)) "$(./tag.sh)"',
              args: ["--home=$(HOME)"],
            }),
          ],
        }),
      ),
    );
  });

  it("references are checked in every substituted field, with their paths", () => {
    const p = checkTaskSpec({
      stepTemplate: { env: [{ name: "A", value: "$(params.t1)" }] },
      steps: [
        step({
          image: "$(params.t2)",
          workingDir: "$(params.t3)",
          env: [{ name: "B", valueFrom: { secretKeyRef: { name: "$(params.t4)", key: "k" } } }],
          volumeMounts: [{ name: "v", mountPath: "/m/$(params.t5)" }],
          command: ["$(params.t6)"],
        }),
      ],
      volumes: [
        { name: "v", secret: { secretName: "$(params.t7)" } },
        { name: "w", configMap: { name: "$(params.t8)" } },
      ],
      workspaces: [{ name: "ws", mountPath: "/ws/$(params.t9)" }],
    });
    const paths: Path[] = [
      ["steps", 0, "image"],
      ["steps", 0, "workingDir"],
      ["steps", 0, "command", 0],
      ["steps", 0, "env", 0, "valueFrom", "secretKeyRef", "name"],
      ["steps", 0, "volumeMounts", 0, "mountPath"],
      ["stepTemplate", "env", 0, "value"],
      ["volumes", 0, "secret", "secretName"],
      ["volumes", 1, "configMap", "name"],
      ["workspaces", 0, "mountPath"],
    ];
    paths.forEach((path) => has(p, path, "which the Task does not declare"));
    assert.strictEqual(p.length, paths.length, show(p));
  });

  it("the at prefix is prepended to every path", () => {
    only(
      checkTaskSpec(script("$(params.nope)"), ["spec"]),
      ["spec", "steps", 0, "script"],
      'references param "nope"',
    );
  });
});

describe("checkTaskSpec: other variables", () => {
  it("context, credentials, steps and step variables are allowed; step results in env, command and args", () => {
    none(
      checkTaskSpec(
        task({
          steps: [
            step({
              script: [
                "$(context.task.name) $(context.task.retry-count)",
                "$(context.taskRun.name) $(context.taskRun.namespace) $(context.taskRun.uid)",
                "$(credentials.path) $(steps.step-build.exitCode.path)",
                // Not on the line above: upstream's step-result pattern would span both.
                "$(step.results.out.path)",
              ].join("\n"),
              args: ["$(steps.build.results.out)"],
              env: [{ name: "OUT", value: "$(steps.build.results.out)" }],
            }),
          ],
        }),
      ),
    );
  });

  it("a step result elsewhere than env, command and args is a problem", () => {
    only(
      checkTaskSpec(script("echo $(steps.build.results.out)")),
      ["steps", 0, "script"],
      'references a step result in "echo $(steps.build.results.out)"',
      "stepResult substitutions are only allowed in env, command and args",
    );
    only(
      checkTaskSpec(task({ steps: [step({ workingDir: "$(steps.build.results.dir)" })] })),
      ["steps", 0, "workingDir"],
      "stepResult substitutions are only allowed in env, command and args",
    );
  });

  it("artifacts are a problem: TektonPipelines installs enable-artifacts off", () => {
    for (const ref of [
      "$(artifacts.path)",
      "$(step.artifacts.path)",
      "$(steps.build.outputs.image)",
      "$(tasks.build.outputs.image)",
    ]) {
      only(
        checkTaskSpec(script(`echo > ${ref}`)),
        ["steps", 0, "script"],
        "references an artifact",
        "feature flag enable-artifacts should be set to true to use artifacts feature.",
      );
    }
    only(
      checkTaskSpec(task({ steps: [step({ image: "$(steps.build.outputs.image)" })] })),
      ["steps", 0, "image"],
      "stepArtifact substitutions are only allowed in env, command, args and script",
    );
  });

  it("an unknown context variable is a problem; pipeline context is not a Task's", () => {
    only(
      checkTaskSpec(script("$(context.taskRun.serviceAccount)")),
      ["steps", 0, "script"],
      "references $(context.taskRun.serviceAccount), which is no context variable here",
      "$(context.taskRun.uid)",
    );
    only(
      checkTaskSpec(script("$(context.pipelineRun.name)")),
      ["steps", 0, "script"],
      "which is no context variable here",
    );
  });

  it("an unknown variable prefix is a problem", () => {
    only(
      checkTaskSpec(script("echo $(inputs.params.url)")),
      ["steps", 0, "script"],
      "references $(inputs.params.url), which is no Task variable",
      "leaves $(inputs.params.url) verbatim",
    );
    only(
      checkTaskSpec(script("echo $(tasks.clone.results.commit)")),
      ["steps", 0, "script"],
      "which is no Task variable",
    );
  });
});

// ----------------------------------------------------------------------------------------------

describe("checkPipelineSpec: pipeline tasks", () => {
  it("an empty spec is a problem; a spec with only a description is not", () => {
    only(
      checkPipelineSpec({ tasks: [] }, {}),
      ["tasks"],
      "is empty, and so is the rest of the spec",
      "expected at least one, got none",
    );
    none(checkPipelineSpec({ description: "nothing yet", tasks: [] }, {}));
  });

  it("a pipeline task param may hold $(results.<name>.path): its Task substitutes it", () => {
    const spec = ciPipeline();
    spec.tasks[0].params!.push({ name: "out", value: "$(results.commit.path)" });
    none(checkPipelineSpec(spec, TASKS));
  });

  it("an artifact reference in a pipeline task param is a problem (enable-artifacts is off)", () => {
    const spec = ciPipeline();
    spec.tasks[1].params!.push({ name: "img", value: "$(tasks.clone.outputs.image)" });
    has(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 1, "params", 1, "value"],
      "references an artifact",
      "feature flag enable-artifacts should be set to true to use artifacts feature.",
    );
  });

  it("pipeline task names are DNS-1123 labels, unique across tasks and finally", () => {
    const spec = ciPipeline();
    spec.tasks[1].name = "Unit_Test";
    spec.finally![0].name = "clone";
    const p = checkPipelineSpec(spec, TASKS);
    has(
      p,
      ["tasks", 1, "name"],
      '("Unit_Test") is not a DNS-1123 label',
      "Pipeline Task name must be a valid DNS Label",
    );
    has(
      p,
      ["finally", 0, "name"],
      '("clone") is the name of an earlier pipeline task',
      "expected exactly one, got both",
    );
  });

  it("exactly one of taskRef and taskSpec", () => {
    const p = checkPipelineSpec(
      {
        tasks: [{ name: "a", taskRef: { name: "t" }, taskSpec: task() }, { name: "b" }],
      },
      { t: task() },
    );
    has(p, ["tasks", 0], "has both taskRef and taskSpec", "expected exactly one, got multiple");
    has(p, ["tasks", 1], "has neither taskRef nor taskSpec", "expected exactly one, got neither");
    assert.strictEqual(p.length, 2, show(p));
  });

  it("a taskRef names a Task in `tasks`", () => {
    only(
      checkPipelineSpec(
        { tasks: [{ name: "a", taskRef: { name: "git-clon" } }] },
        { "git-clone": task() },
      ),
      ["tasks", 0, "taskRef", "name"],
      '("git-clon") names no known Task',
      "CouldntGetTask",
      'use one of "git-clone"',
    );
  });

  it("a Pipeline with finally but no tasks is rejected", () => {
    has(
      checkPipelineSpec({ tasks: [], finally: [{ name: "f", taskSpec: task() }] }, {}),
      ["finally"],
      "spec.tasks is empty but spec.finally has 1 tasks",
    );
  });
});

describe("checkPipelineSpec: params given to tasks", () => {
  it("a param the Task does not declare is no problem: Tekton ignores extra params", () => {
    const spec = ciPipeline();
    spec.tasks[0].params!.push({ name: "depth", value: "1" });
    none(checkPipelineSpec(spec, TASKS));
  });

  it("a missing required task param is a problem", () => {
    const spec = ciPipeline();
    spec.tasks[0].params = [{ name: "revision", value: "main" }];
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 0, "params"],
      'lacks required param(s) "url" of task "clone"',
      "missing values for these params which have no default values: [url]",
    );
  });

  it("a value of another type than the param's is a problem; an isolated [*] passes an array", () => {
    const spec = ciPipeline();
    spec.tasks[1].params = [{ name: "command", value: "go test ./..." }];
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 1, "params", 0, "value"],
      'is a string but param "command" is of type array',
      "param types don't match the user-specified type: [command]",
    );
    spec.tasks[1].params = [{ name: "command", value: "$(params.test-command[*])" }];
    none(checkPipelineSpec(spec, TASKS));
  });

  it("an object value gives every declared key", () => {
    const spec = ciPipeline();
    spec.tasks[3].params![1] = { name: "selector", value: {} };
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 3, "params", 1, "value"],
      'lacks key(s) "role" of object param "selector"',
    );
  });

  it("a param given twice is a problem", () => {
    const spec = ciPipeline();
    spec.tasks[4].params!.push({ name: "application", value: "x" });
    has(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 4, "params", 2, "name"],
      'gives param "application" twice',
    );
  });
});

describe("checkPipelineSpec: workspaces", () => {
  it("a binding names a declared Pipeline workspace", () => {
    const spec = ciPipeline();
    spec.tasks[0].workspaces = [{ name: "output", workspace: "src" }];
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 0, "workspaces", 0, "workspace"],
      '("src") is not a workspace of the Pipeline',
      'pipeline task "clone" expects workspace with name "src" but none exists in pipeline spec',
    );
  });

  it("a binding names a workspace of the Task, and required Task workspaces are bound", () => {
    const spec = ciPipeline();
    spec.tasks[0].workspaces = [{ name: "source", workspace: "source" }];
    const p = checkPipelineSpec(spec, TASKS);
    has(
      p,
      ["tasks", 0, "workspaces", 0, "name"],
      'workspace binding "source" does not match any declared workspace',
    );
    has(
      p,
      ["tasks", 0, "workspaces"],
      'declared workspace "output" is required but has not been bound',
    );
    assert.strictEqual(p.length, 2, show(p));
  });

  it("optional Task workspaces may stay unbound; $(workspaces.<w>.bound) resolves", () => {
    const tasks = {
      ...TASKS,
      "git-clone": { ...TASKS["git-clone"], workspaces: [{ name: "output", optional: true }] },
    };
    const spec = ciPipeline();
    spec.tasks[0].workspaces = [];
    spec.tasks[3].when!.push({
      input: "$(workspaces.source.bound)",
      operator: "in",
      values: ["true"],
    });
    none(checkPipelineSpec(spec, tasks));
    spec.tasks[3].when![1].input = "$(workspaces.cache.bound)";
    only(
      checkPipelineSpec(spec, tasks),
      ["tasks", 3, "when", 1, "input"],
      'references workspace "cache" in $(workspaces.cache.bound), which the Pipeline does not declare',
    );
  });

  it("a binding without workspace binds the Pipeline workspace of its name", () => {
    const spec = ciPipeline();
    spec.workspaces!.push({ name: "output" });
    spec.tasks[0].workspaces = [{ name: "output" }];
    none(checkPipelineSpec(spec, TASKS));
  });

  it("Pipeline workspace names are not empty", () => {
    const spec = ciPipeline();
    spec.workspaces!.push({ name: "" });
    only(
      checkPipelineSpec(spec, TASKS),
      ["workspaces", 2, "name"],
      "is empty",
      "invalid value: workspace 2 has empty name",
    );
  });

  it("Pipeline workspace names are unique", () => {
    const spec = ciPipeline();
    spec.workspaces!.push({ name: "source" });
    only(
      checkPipelineSpec(spec, TASKS),
      ["workspaces", 2, "name"],
      'workspace with name "source" appears more than once',
    );
  });
});

describe("checkPipelineSpec: runAfter", () => {
  it("a runAfter target must exist", () => {
    const spec = ciPipeline();
    spec.tasks[1].runAfter = ["clone", "lint"];
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 1, "runAfter", 1],
      '("lint") is not a task of the tasks section',
      "task test depends on lint but lint wasn't present in Pipeline",
    );
  });

  it("runAfter may not name a finally task or the task itself", () => {
    const spec = ciPipeline();
    spec.tasks[4].runAfter = ["notify", "deploy"];
    const p = checkPipelineSpec(spec, TASKS);
    has(p, ["tasks", 4, "runAfter", 0], '("notify") is not a task of the tasks section');
    has(
      p,
      ["tasks", 4, "runAfter", 1],
      '("deploy") is the task itself',
      '("cycle detected"): task "deploy" depends on itself',
    );
    assert.strictEqual(p.length, 2, show(p));
  });

  it("finally tasks may not use runAfter", () => {
    const spec = ciPipeline();
    spec.finally![0].runAfter = ["deploy"];
    only(
      checkPipelineSpec(spec, TASKS),
      ["finally", 0, "runAfter"],
      "is set on a finally task",
      "no runAfter allowed under spec.finally, final task notify has runAfter specified",
    );
  });
});

describe("checkPipelineSpec: result references", () => {
  it("an undeclared result is a problem", () => {
    const spec = ciPipeline();
    spec.tasks[4].params![1].value = "$(tasks.build.results.digest)";
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 4, "params", 1, "value"],
      'references result "digest" of task "build" in $(tasks.build.results.digest), which that Task does not declare',
      'InvalidTaskResultReference: "digest" is not a named result returned by pipeline task "build"',
      'use one of "image-digest", "image-ref"',
    );
  });

  it("a result of a nonexistent task is a problem", () => {
    const spec = ciPipeline();
    spec.tasks[4].params![1].value = "$(tasks.package.results.image-ref)";
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 4, "params", 1, "value"],
      'references result of task "package" in $(tasks.package.results.image-ref), which the Pipeline does not have',
      'referenced pipeline task "package" does not exist',
    );
  });

  it("a task may not reference its own results", () => {
    const spec = ciPipeline();
    spec.tasks[2].params![0].value = "$(tasks.build.results.image-ref)";
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 2, "params", 0, "value"],
      "references its own result in $(tasks.build.results.image-ref)",
      '("cycle detected"): task "build" depends on itself',
    );
  });

  it("results of finally tasks are off limits to tasks and to other finally tasks", () => {
    const spec = ciPipeline();
    spec.tasks[4].params![0].value = "$(tasks.notify.results.out)";
    spec.finally!.push({
      name: "report",
      taskSpec: task({ params: [{ name: "x" }] }),
      params: [{ name: "x", value: "$(tasks.notify.results.out)" }],
    });
    const p = checkPipelineSpec(spec, TASKS);
    has(
      p,
      ["tasks", 4, "params", 0, "value"],
      'references result of finally task "notify"',
      "tasks cannot depend on finally tasks",
    );
    has(
      p,
      ["finally", 1, "params", 0, "value"],
      "final task has task result reference from a final task notify",
    );
    assert.strictEqual(p.length, 2, show(p));
  });

  it("index and key access follow the result's type; [*] only whole", () => {
    const tasks = { prod: task({ results: [{ name: "list", type: "array" }, { name: "one" }] }) };
    const spec = (value: string | string[]): PipelineSpec => ({
      tasks: [
        { name: "a", taskRef: { name: "prod" } },
        {
          name: "b",
          taskSpec: task({
            params: [{ name: "x", type: Array.isArray(value) ? "array" : "string" }],
          }),
          params: [{ name: "x", value }],
        },
      ],
    });
    none(checkPipelineSpec(spec("$(tasks.a.results.list[0])"), tasks));
    none(checkPipelineSpec(spec(["$(tasks.a.results.list[*])"]), tasks));
    only(
      checkPipelineSpec(spec("$(tasks.a.results.one[0])"), tasks),
      ["tasks", 1, "params", 0, "value"],
      'reads [0] of string result "one"',
    );
    only(
      checkPipelineSpec(spec(["--all=$(tasks.a.results.list[*])"]), tasks),
      ["tasks", 1, "params", 0, "value", 0],
      "variable is not properly isolated",
    );
  });

  it("pipeline results reference existing tasks and declared results", () => {
    const spec = ciPipeline();
    spec.results = [
      { name: "a", value: "$(tasks.build.results.image-ref)" },
      { name: "b", value: "$(tasks.build.results.sbom)" },
      { name: "c", value: "$(tasks.ship.results.image-ref)" },
      { name: "d", value: "constant" },
      { name: "e", value: "$(params.image)" },
      { name: "f", value: "$(finally.notify.results.sent)" },
    ];
    const p = checkPipelineSpec(spec, TASKS);
    has(p, ["results", 1, "value"], 'references result "sbom" of task "build"');
    has(p, ["results", 2, "value"], 'references task "ship"', "referencing a nonexistent task");
    has(p, ["results", 3, "value"], "holds no task result reference", "no expressions were found");
    has(p, ["results", 4, "value"], "holds $(params.image), which is no task result reference");
    has(p, ["results", 5, "value"], 'references result "sent" of task "notify"');
    assert.strictEqual(p.length, 5, show(p));
  });
});

describe("checkPipelineSpec: cycles", () => {
  it("a 2-cycle via runAfter", () => {
    const spec = chain({ name: "a", runAfter: ["b"] }, { name: "b", runAfter: ["a"] });
    only(
      checkPipelineSpec(spec, {}),
      ["tasks", 0, "runAfter", 0],
      "closes the cycle a → b → a",
      'Tekton rejects a Pipeline whose tasks form a cycle ("cycle detected"): task "a" depends on "b"',
    );
    throwsWith(() => executionOrder(spec), "a → b → a", "cycle detected");
  });

  it("a 3-cycle via runAfter", () => {
    const spec = chain(
      { name: "a", runAfter: ["c"] },
      { name: "b", runAfter: ["a"] },
      { name: "c", runAfter: ["b"] },
      { name: "d", runAfter: ["c"] },
    );
    only(
      checkPipelineSpec(spec, {}),
      ["tasks", 0, "runAfter", 0],
      "closes the cycle a → c → b → a",
    );
    throwsWith(() => executionOrder(spec), "a → c → b → a");
  });

  it("a 2-cycle via result references", () => {
    const spec = chain(
      {
        name: "a",
        taskSpec: task({ results: [{ name: "out" }], params: [{ name: "x" }] }),
        params: [{ name: "x", value: "$(tasks.b.results.out)" }],
      },
      {
        name: "b",
        taskSpec: task({ results: [{ name: "out" }], params: [{ name: "x" }] }),
        params: [{ name: "x", value: "$(tasks.a.results.out)" }],
      },
    );
    only(
      checkPipelineSpec(spec, {}),
      ["tasks", 0, "params", 0, "value"],
      "closes the cycle a → b → a",
    );
    throwsWith(() => executionOrder(spec), "a → b → a");
  });

  it("a 3-cycle via result references (params, when, inline steps)", () => {
    const spec = chain(
      { name: "a", when: [{ input: "$(tasks.c.results.out)", operator: "in", values: ["yes"] }] },
      {
        name: "b",
        taskSpec: task({
          results: [{ name: "out" }],
          steps: [step({ script: "echo $(tasks.a.results.out)" })],
        }),
      },
      { name: "c", runAfter: ["b"] },
    );
    only(
      checkPipelineSpec(spec, {}),
      ["tasks", 0, "when", 0, "input"],
      "closes the cycle a → c → b → a",
    );
    throwsWith(() => executionOrder(spec), "a → c → b → a");
  });

  it("two separate cycles are both reported", () => {
    const spec = chain(
      { name: "a", runAfter: ["b"] },
      { name: "b", runAfter: ["a"] },
      { name: "c", runAfter: ["d"] },
      { name: "d", runAfter: ["c"] },
    );
    const p = checkPipelineSpec(spec, {});
    has(p, ["tasks", 0, "runAfter", 0], "a → b → a");
    has(p, ["tasks", 2, "runAfter", 0], "c → d → c");
    assert.strictEqual(p.length, 2, show(p));
  });
});

describe("checkPipelineSpec: param and context references", () => {
  it("an unknown pipeline param is a problem", () => {
    const spec = ciPipeline();
    spec.tasks[0].params![0].value = "$(params.repo)";
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 0, "params", 0, "value"],
      'references param "repo" in $(params.repo), which the Pipeline does not declare',
    );
  });

  it("a whole array pipeline param as a string value needs [*]; elements take it whole", () => {
    const spec = ciPipeline();
    spec.tasks[1].params = [{ name: "command", value: "$(params.test-command)" }];
    has(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 1, "params", 0, "value"],
      'uses whole array param "test-command" as a string',
    );
    spec.tasks[1].params = [{ name: "command", value: ["$(params.test-command)"] }];
    none(checkPipelineSpec(spec, TASKS));
    spec.tasks[0].params![1].value = "$(params.test-command[*])";
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 0, "params", 1, "value"],
      'is a whole array or object but param "revision" is of type string',
    );
  });

  it("pipeline context variables resolve; unknown ones do not", () => {
    const spec = ciPipeline();
    spec.tasks[4].params![0].value =
      "$(context.pipelineRun.namespace)-$(context.pipelineRun.uid)-$(context.pipelineTask.retries)";
    none(checkPipelineSpec(spec, TASKS));
    spec.tasks[4].params![0].value = "$(context.pipelineRun.labels)";
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 4, "params", 0, "value"],
      "which is no context variable here",
    );
  });

  it("an unknown prefix in a pipeline task param is rejected with Tekton's message", () => {
    const spec = ciPipeline();
    spec.tasks[4].params![0].value = "app-$(date)";
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 4, "params", 0, "value"],
      "references $(date), which is no Pipeline variable",
      'invalid variable reference "$(date)", must start with a valid prefix',
    );
  });
});

describe("checkPipelineSpec: when expressions", () => {
  it("operator is in or notin; values are given; references resolve", () => {
    const spec = ciPipeline();
    spec.tasks[3].when = [
      { input: "$(params.warm)", operator: "equals" as never, values: ["true"] },
      { input: "$(params.warn)", operator: "notin", values: [] },
      {
        input: "$(tasks.build.results.image-ref)",
        operator: "notin",
        values: ["$(params.nothing)"],
      },
    ];
    const p = checkPipelineSpec(spec, TASKS);
    has(
      p,
      ["tasks", 3, "when", 0, "operator"],
      'operator "equals" is not recognized. valid operators: in,notin',
    );
    has(p, ["tasks", 3, "when", 1, "values"], "expecting non-empty values field");
    has(p, ["tasks", 3, "when", 1, "input"], 'references param "warn"');
    has(p, ["tasks", 3, "when", 2, "values", 0], 'references param "nothing"');
    assert.strictEqual(p.length, 4, show(p));
  });

  it("an array param may be a whole when value", () => {
    const spec = ciPipeline();
    spec.tasks[3].when = [
      { input: "$(params.revision)", operator: "in", values: ["$(params.test-command[*])"] },
    ];
    none(checkPipelineSpec(spec, TASKS));
  });

  it("a result in a when expression makes a dependency", () => {
    const spec = chain(
      {
        name: "gate",
        when: [{ input: "$(tasks.probe.results.out)", operator: "in", values: ["ok"] }],
      },
      { name: "probe" },
    );
    none(checkPipelineSpec(spec, {}));
    assert.deepStrictEqual(executionOrder(spec), ["probe", "gate"]);
  });
});

describe("checkPipelineSpec: execution status", () => {
  it("finally may reference $(tasks.<t>.status), $(tasks.<t>.reason) and $(tasks.status)", () => {
    const spec = ciPipeline();
    spec.finally![0].params![0].value = "$(tasks.status) $(tasks.deploy.reason)";
    spec.finally![0].when = [
      { input: "$(tasks.build.status)", operator: "notin", values: ["Succeeded"] },
    ];
    none(checkPipelineSpec(spec, TASKS));
  });

  it("finally referencing the status of an unknown task is a problem", () => {
    const spec = ciPipeline();
    spec.finally![0].params![1].value = "$(tasks.package.status)";
    only(
      checkPipelineSpec(spec, TASKS),
      ["finally", 0, "params", 1, "value"],
      'references the status of task "package"',
      "pipeline task package is not defined in the pipeline",
    );
  });

  it("tasks may not reference execution status", () => {
    const spec = ciPipeline();
    spec.tasks[4].params![0].value = "$(tasks.build.status)";
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 4, "params", 0, "value"],
      "references execution status $(tasks.build.status) outside finally",
      "pipeline tasks can not refer to execution status of any other pipeline task",
    );
  });
});

describe("checkPipelineSpec: inline taskSpecs", () => {
  it("runs the Task checks under the taskSpec path", () => {
    const p = checkPipelineSpec(
      {
        tasks: [
          { name: "a", taskSpec: task({ steps: [step({ name: "x" }), step({ name: "x" })] }) },
        ],
      },
      {},
      ["spec"],
    );
    only(p, ["spec", "tasks", 0, "taskSpec", "steps", 1, "name"], "expected exactly one, got both");
  });

  it("inline steps may use propagated pipeline params, pipeline context and earlier results", () => {
    const spec: PipelineSpec = {
      params: [{ name: "image" }],
      tasks: [
        { name: "build", taskSpec: task({ results: [{ name: "digest" }] }) },
        {
          name: "sign",
          taskSpec: task({
            steps: [
              step({
                script:
                  "cosign sign $(params.image)@$(tasks.build.results.digest) # $(context.pipelineRun.name)",
              }),
            ],
          }),
        },
      ],
    };
    none(checkPipelineSpec(spec, {}));
    assert.deepStrictEqual(executionOrder({ ...spec, tasks: [...spec.tasks].reverse() }), [
      "build",
      "sign",
    ]);
  });

  it("inline steps referencing an undeclared param or result are problems", () => {
    const spec: PipelineSpec = {
      params: [{ name: "image" }],
      tasks: [
        { name: "build", taskSpec: task({ results: [{ name: "digest" }] }) },
        {
          name: "sign",
          taskSpec: task({ steps: [step({ script: "$(params.img) $(tasks.build.results.sha)" })] }),
        },
      ],
    };
    const p = checkPipelineSpec(spec, {}, ["spec"]);
    const at: Path = ["spec", "tasks", 1, "taskSpec", "steps", 0, "script"];
    has(p, at, 'references param "img"', "which neither the Task nor the Pipeline declares");
    has(p, at, 'references result "sha" of task "build"');
    assert.strictEqual(p.length, 2, show(p));
  });

  it("pipeline param declarations are checked too", () => {
    const spec = ciPipeline();
    spec.params!.push({ name: "image", type: "array", default: "x" });
    const p = checkPipelineSpec(spec, TASKS);
    has(p, ["params", 7, "name"], 'declares param "image" twice');
    has(p, ["params", 7, "default"], 'is a string but param "image" is of type array');
  });
});

describe("checkPipelineRunSpec", () => {
  const pipeline = ciPipeline();
  const run = (over: Partial<PipelineRunSpec> = {}): PipelineRunSpec => ({
    pipelineRef: { name: "ci" },
    params: [
      { name: "repo-url", value: "https://example.com/r.git" },
      { name: "image", value: "ghcr.io/acme/web" },
      { name: "application", value: "web" },
    ],
    workspaces: [
      { name: "source", emptyDir: {} },
      { name: "docker-config", secret: { secretName: "regcred" } },
    ],
    timeouts: { pipeline: "1h0m0s" },
    ...over,
  });

  it("a run that gives what the Pipeline needs has no problem; extra params are ignored", () => {
    none(checkPipelineRunSpec(run(), pipeline));
    const extra = run();
    extra.params!.push({ name: "unused", value: "x" });
    none(checkPipelineRunSpec(extra, pipeline));
  });

  it("params: required ones given, of the declared type, once, literal", () => {
    const p = checkPipelineRunSpec(
      run({
        params: [
          { name: "repo-url", value: ["a"] },
          { name: "image", value: "$(tasks.build.results.image-ref)" },
          { name: "IMAGE", value: "x" },
        ],
      }),
      pipeline,
    );
    has(
      p,
      ["params", 0, "value"],
      'is an array but param "repo-url" is of type string',
      "parameters have inconsistent types",
    );
    has(
      p,
      ["params", 1, "value"],
      'references results of task(s) "build"',
      "as PipelineRun parameter values",
    );
    has(p, ["params", 2, "name"], 'gives param "image" twice', "case-insensitively");
    has(p, ["params"], 'lacks the required param "application"', "pipelineRun missing parameters");
    assert.strictEqual(p.length, 4, show(p));
  });

  it("workspaces: required ones bound, once, each with exactly one source naming what it mounts", () => {
    const p = checkPipelineRunSpec(
      run({
        workspaces: [
          { name: "source", emptyDir: {}, persistentVolumeClaim: { claimName: "c" } },
          { name: "source", secret: { secretName: "" } },
          { name: "cache" },
        ],
      }),
      pipeline,
    );
    has(
      p,
      ["workspaces", 0],
      "has persistentVolumeClaim and emptyDir",
      "expected exactly one, got both",
    );
    has(
      p,
      ["workspaces", 1, "name"],
      'binds workspace "source" twice',
      "provided by pipelinerun more than once",
    );
    has(
      p,
      ["workspaces", 1, "secret", "secretName"],
      "is missing",
      "missing field(s): secret.secretName",
    );
    has(p, ["workspaces", 2], "has no volume source", "expected exactly one, got neither");
    has(p, ["workspaces"], 'does not bind workspace "docker-config"', "be provided by pipelinerun");
    assert.strictEqual(p.length, 5, show(p));
  });

  it("timeouts: durations, not negative, tasks and finally within pipeline", () => {
    none(
      checkPipelineRunSpec(
        run({ timeouts: { pipeline: "1h", tasks: "40m", finally: "20m" } }),
        pipeline,
      ),
    );
    none(
      checkPipelineRunSpec(
        run({ timeouts: { pipeline: "0s", tasks: "0s", finally: "0s" } }),
        pipeline,
      ),
    );
    has(
      checkPipelineRunSpec(run({ timeouts: { pipeline: "-1h" } }), pipeline),
      ["timeouts", "pipeline"],
      "is negative",
      "invalid value: -1h should be >= 0",
    );
    has(
      checkPipelineRunSpec(run({ timeouts: { pipeline: "an hour" } }), pipeline),
      ["timeouts", "pipeline"],
      "is not a duration",
    );
    has(
      checkPipelineRunSpec(run({ timeouts: { pipeline: "30m", tasks: "1h" } }), pipeline),
      ["timeouts", "tasks"],
      'exceeds timeouts.pipeline ("30m")',
      "should be <= pipeline duration",
    );
    has(
      checkPipelineRunSpec(
        run({ timeouts: { pipeline: "1h", tasks: "40m", finally: "40m" } }),
        pipeline,
      ),
      ["timeouts"],
      "together exceed",
      "invalid value: 40m + 40m should be <= pipeline duration",
    );
    has(
      checkPipelineRunSpec(run({ timeouts: { pipeline: "1h", finally: "0s" } }), pipeline),
      ["timeouts", "finally"],
      "means no timeout",
      "0s (no timeout) should be <= pipeline duration",
    );
  });

  it("without timeouts.pipeline, tasks and finally fit in the 60m Tekton's defaulting sets", () => {
    none(checkPipelineRunSpec(run({ timeouts: { tasks: "40m", finally: "20m" } }), pipeline));
    only(
      checkPipelineRunSpec(run({ timeouts: { tasks: "2h" } }), pipeline),
      ["timeouts", "tasks"],
      "exceeds the run's timeout (unset: Tekton's defaulting makes it default-timeout-minutes, 60m)",
      "invalid value: 2h should be <= pipeline duration",
      "raise timeouts.pipeline (set it)",
    );
  });
});
