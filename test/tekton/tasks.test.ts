import {
  DEPLOY_KUBECTL,
  DEPLOY_VERBS,
  IMAGE_PULL_JOB_VERBS,
  WARM_KUBECTL,
} from "../../components/access/pipelineRbac";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseNormalizedNamed } from "../../components/common/dockerReference";
import { buildImagePullJob, resolveImagePullJobSpec } from "../../components/kruise/imagePullJob";
import { ImagePullJobApiVersion } from "../../components/kruise/imagePullJobTypes";
import {
  TASK_IMAGES,
  TASK_LIBRARY,
  TaskLibraryName,
  WARM_PLACEHOLDER_IMAGE,
  argocdSyncTask,
  buildkitBuildTask,
  cloneSetImageTask,
  deploymentImageTask,
  gitCloneTask,
  kanikoBuildTask,
  taskImages,
  unitTestTask,
  warmJobTemplate,
  warmTask,
} from "../../components/tekton/tasks";
import { Step, TaskSpec } from "../../components/tekton/types";
import { KRUISE_CRDS, UPSTREAM, crdErrors } from "../support/crdSchema";
import { throwsWith } from "../support/expect";
import { FAKES, fakeLog, installFakes, ranKubectl } from "../support/fakeClis";
import { assertShellchecked, run, tempDir } from "../support/shellTools";

/** The fakes a Tekton step may call (kaniko's executor is a step's command, never called). */
const TEKTON_FAKES = {
  kubectl: FAKES.kubectl,
  argocd: FAKES.argocd,
  "buildctl-daemonless.sh": FAKES["buildctl-daemonless.sh"],
};

const TEKTON_CRDS = path.join(UPSTREAM, "tekton", "v1.15.0", "config", "300-crds");
const TASKS_SOURCE = path.resolve(__dirname, "..", "..", "..", "components", "tekton", "tasks");

const DIGEST = "sha256:" + "ab12".repeat(16);
const PUSHED = `ghcr.io/acme/app@${DIGEST}`;

/** Each library task, with its defaults and with options that change what it emits. */
const VARIANTS: [string, TaskSpec][] = [
  ["git-clone", gitCloneTask()],
  ["unit-test", unitTestTask()],
  ["unit-test (resources)", unitTestTask({ computeResources: { requests: { cpu: "2" } } })],
  ["build-kaniko", kanikoBuildTask()],
  ["build-buildkit", buildkitBuildTask()],
  ["warm", warmTask()],
  [
    "warm (v1beta1, every option)",
    warmTask({
      apiVersion: ImagePullJobApiVersion.V1beta1,
      pullPolicy: { timeoutSeconds: 300, backoffLimit: 1 },
      imagePullPolicy: "Always",
      completion: { activeDeadlineSeconds: 900, ttlSecondsAfterFinished: 60 },
      pullSecrets: ["registry-creds"],
      labels: { team: "web" },
    }),
  ],
  ["deploy-argocd", argocdSyncTask()],
  ["deploy-deployment", deploymentImageTask()],
  ["deploy-cloneset", cloneSetImageTask()],
];

/** The steps that run a script, with the task they belong to. */
const SCRIPTED: [string, Step][] = VARIANTS.flatMap(([name, spec]) =>
  spec.steps.filter((s) => s.script !== undefined).map((s): [string, Step] => [name, s]),
);

/** Every `$(...)` reference in `s`. */
function references(s: string): string[] {
  return [...s.matchAll(/\$\(([^()]*)\)/g)].map((m) => m[1]);
}

/** A Tekton variable: `$(params.`, `$(results.`, `$(workspaces.`, `$(context.`, `$(tasks.`... */
const TEKTON_VARIABLE =
  /\$\((params|results|workspaces|context|tasks|steps|step|inputs|outputs)[.[]/;

/** Every string of a step where Tekton substitutes variables, with the field it is in. */
function substituted(step: Step): [string, string][] {
  const out: [string, string][] = [["image", step.image]];
  step.command?.forEach((c, i) => out.push([`command[${i}]`, c]));
  step.args?.forEach((a, i) => out.push([`args[${i}]`, a]));
  if (step.workingDir !== undefined) out.push(["workingDir", step.workingDir]);
  step.env?.forEach((e) => e.value !== undefined && out.push([`env ${e.name}`, e.value]));
  step.envFrom?.forEach((e, i) => {
    if (e.secretRef) out.push([`envFrom[${i}].secretRef`, e.secretRef.name]);
    if (e.configMapRef) out.push([`envFrom[${i}].configMapRef`, e.configMapRef.name]);
  });
  step.volumeMounts?.forEach((v) => out.push([`volumeMount ${v.name}`, v.mountPath]));
  return out;
}

/** Problems with the variables `spec` uses: undeclared, misused, or declared and unused. */
function variableProblems(spec: TaskSpec): string[] {
  const problems: string[] = [];
  const params = new Map((spec.params ?? []).map((p) => [p.name, p.type ?? "string"]));
  const results = new Set((spec.results ?? []).map((r) => r.name));
  const workspaces = new Set((spec.workspaces ?? []).map((w) => w.name));
  const used = new Set<string>();
  const check = (where: string, value: string, isListItem: boolean) => {
    for (const ref of references(value)) {
      let m: RegExpMatchArray | null;
      if ((m = ref.match(/^params\.([-\w]+)(\[\*\])?$/))) {
        const type = params.get(m[1]);
        used.add(`params.${m[1]}`);
        if (type === undefined) problems.push(`${where}: param ${m[1]} is not declared`);
        else if (type === "array" && !(m[2] && isListItem && value === `$(${ref})`))
          problems.push(`${where}: array param ${m[1]} must be a whole command/args item [*]`);
        else if (type !== "array" && m[2]) problems.push(`${where}: ${m[1]} is not an array`);
      } else if ((m = ref.match(/^results\.([-\w.]+)\.path$/))) {
        used.add(`results.${m[1]}`);
        if (!results.has(m[1])) problems.push(`${where}: result ${m[1]} is not declared`);
      } else if ((m = ref.match(/^workspaces\.([-\w]+)\.path$/))) {
        used.add(`workspaces.${m[1]}`);
        if (!workspaces.has(m[1])) problems.push(`${where}: workspace ${m[1]} is not declared`);
      } else if (!/^context\.taskRun\.(name|namespace)$/.test(ref)) {
        problems.push(`${where}: unknown variable $(${ref})`);
      }
    }
  };
  for (const step of spec.steps) {
    for (const [field, value] of substituted(step)) {
      check(`step ${step.name} ${field}`, value, /^(command|args)\[/.test(field));
    }
  }
  for (const v of spec.volumes ?? []) {
    if (v.secret) check(`volume ${v.name}`, v.secret.secretName, false);
    if (v.configMap) check(`volume ${v.name}`, v.configMap.name, false);
  }
  for (const p of params.keys())
    if (!used.has(`params.${p}`)) problems.push(`param ${p} is never used`);
  for (const r of results)
    if (!used.has(`results.${r}`)) problems.push(`result ${r} is never written`);
  for (const w of workspaces)
    if (!used.has(`workspaces.${w}`)) problems.push(`workspace ${w} is never used`);
  return problems;
}

describe("Tekton task library: shape", () => {
  it("lists every task under its short name, each a pure, deterministic function", () => {
    assert.deepStrictEqual(Object.keys(TASK_LIBRARY).sort(), [
      "build-buildkit",
      "build-kaniko",
      "deploy-argocd",
      "deploy-cloneset",
      "deploy-deployment",
      "git-clone",
      "unit-test",
      "warm",
    ]);
    for (const [name, fn] of Object.entries(TASK_LIBRARY)) {
      const spec = (fn as () => TaskSpec)();
      assert.deepStrictEqual(spec, (fn as () => TaskSpec)(), `${name} is not deterministic`);
      assert.deepStrictEqual(JSON.parse(JSON.stringify(spec)), spec, `${name} is not plain JSON`);
    }
  });

  it("keeps the param, result and workspace names the pipeline builder relies on", () => {
    const shape = (s: TaskSpec) => ({
      params: (s.params ?? []).map((p) => [p.name, p.type, p.default]),
      results: (s.results ?? []).map((r) => r.name),
      workspaces: (s.workspaces ?? []).map((w) => w.name),
    });
    const build = {
      params: [
        ["image", "string", undefined],
        ["tag", "string", undefined],
        ["context", "string", "."],
        ["dockerfile", "string", "Dockerfile"],
        ["registry-secret", "string", undefined],
        ["extra-args", "array", []],
      ],
      results: ["digest", "image-ref"],
      workspaces: ["source"],
    };
    const expected: Record<TaskLibraryName, ReturnType<typeof shape>> = {
      "git-clone": {
        params: [
          ["url", "string", undefined],
          ["revision", "string", "main"],
          ["depth", "string", "1"],
        ],
        results: ["commit", "url"],
        workspaces: ["source"],
      },
      "unit-test": {
        params: [
          ["image", "string", undefined],
          ["command", "array", undefined],
          ["workdir", "string", "."],
        ],
        results: [],
        workspaces: ["source"],
      },
      "build-kaniko": build,
      "build-buildkit": build,
      warm: {
        params: [
          ["image", "string", undefined],
          ["parallelism", "string", "10"],
          ["node-labels", "string", "{}"],
          ["wait", "string", "false"],
          ["timeout", "string", "1800s"],
        ],
        results: ["job-name"],
        workspaces: [],
      },
      "deploy-argocd": {
        params: [
          ["application", "string", undefined],
          ["revision", "string", ""],
          ["timeout", "string", "600"],
          ["accept-suspended", "string", "true"],
          ["argocd-secret", "string", undefined],
        ],
        results: [],
        workspaces: [],
      },
      "deploy-deployment": {
        params: [
          ["namespace", "string", undefined],
          ["deployment", "string", undefined],
          ["container", "string", undefined],
          ["image", "string", undefined],
          ["timeout", "string", "600s"],
        ],
        results: [],
        workspaces: [],
      },
      "deploy-cloneset": {
        params: [
          ["namespace", "string", undefined],
          ["cloneset", "string", undefined],
          ["container", "string", undefined],
          ["image", "string", undefined],
          ["timeout", "string", "900"],
        ],
        results: [],
        workspaces: [],
      },
    };
    for (const [name, fn] of Object.entries(TASK_LIBRARY)) {
      assert.deepStrictEqual(
        shape((fn as () => TaskSpec)()),
        expected[name as TaskLibraryName],
        name,
      );
    }
  });

  it("imports nothing from Pulumi, directly or through the modules it uses", () => {
    const seen = new Set<string>();
    const pending = [path.join(TASKS_SOURCE, "index.ts")];
    while (pending.length > 0) {
      const file = pending.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const text = fs.readFileSync(file, "utf8");
      for (const [, spec] of text.matchAll(/^(?:import|export)[^;]*?from\s+"([^"]+)"/gm)) {
        assert.ok(!spec.startsWith("@pulumi/"), `${file} imports ${spec}`);
        if (spec.startsWith(".")) pending.push(path.resolve(path.dirname(file), `${spec}.ts`));
      }
    }
    assert.ok(seen.has(path.resolve(TASKS_SOURCE, "..", "..", "kruise", "imagePullJob.ts")));
  });
});

describe("Tekton task library: against Tekton v1.15.0", () => {
  for (const [name, spec] of VARIANTS) {
    it(`${name}: a Task the v1.15.0 CRD schema accepts`, () => {
      const task = {
        apiVersion: "tekton.dev/v1",
        kind: "Task",
        metadata: { name: "t", namespace: "ci" },
        spec,
      };
      assert.deepStrictEqual(crdErrors(TEKTON_CRDS, task), []);
    });

    it(`${name}: declares every variable it uses, uses every one it declares`, () => {
      assert.deepStrictEqual(variableProblems(spec), []);
    });
  }

  it("the variable check catches what it should", () => {
    const broken: TaskSpec = {
      params: [{ name: "a", type: "array" }, { name: "s" }, { name: "unused" }],
      results: [{ name: "r" }],
      steps: [
        {
          name: "x",
          image: "alpine:3.23.5",
          command: ["echo", "--x=$(params.a[*])", "$(params.s[*])"],
          env: [
            { name: "A", value: "$(params.missing)" },
            { name: "B", value: "$(results.other.path)" },
            { name: "C", value: "$(workspaces.nope.path)" },
            { name: "D", value: "$(context.pipelineRun.uid)" },
          ],
        },
      ],
    };
    assert.deepStrictEqual(variableProblems(broken), [
      "step x command[1]: array param a must be a whole command/args item [*]",
      "step x command[2]: s is not an array",
      "step x env A: param missing is not declared",
      "step x env B: result other is not declared",
      "step x env C: workspace nope is not declared",
      "step x env D: unknown variable $(context.pipelineRun.uid)",
      "param unused is never used",
      "result r is never written",
    ]);
  });

  it("every step is pinned: a tag (never latest) or a digest, from TASK_IMAGES or a param", () => {
    for (const [name, spec] of VARIANTS) {
      for (const step of spec.steps) {
        if (step.image === "$(params.image)") {
          assert.ok(name.startsWith("unit-test"), `${name}: only unit-test takes its image`);
          continue;
        }
        const parsed = parseNormalizedNamed(step.image);
        assert.ok(parsed.ok, `${name} ${step.name}: ${step.image}`);
        assert.ok(parsed.ref.tag ?? parsed.ref.digest, `${name} ${step.name}: no tag`);
        assert.notStrictEqual(parsed.ref.tag, "latest", `${name} ${step.name}: latest`);
        assert.ok(
          (Object.values(TASK_IMAGES) as string[]).includes(step.image),
          `${name} ${step.name}: ${step.image} is not in TASK_IMAGES`,
        );
      }
    }
    for (const [role, image] of Object.entries(TASK_IMAGES)) {
      const parsed = parseNormalizedNamed(image);
      assert.ok(parsed.ok && parsed.ref.tag && parsed.ref.tag !== "latest", role);
      assert.strictEqual(parsed.ref.normalized, image, `${role} is not fully qualified`);
    }
  });

  it("takes image overrides, and refuses floating ones", () => {
    const mirror = "registry.example.com/mirror/git:v2.54.0";
    assert.strictEqual(gitCloneTask({ images: { git: mirror } }).steps[0].image, mirror);
    const kaniko = kanikoBuildTask({ images: { shell: "alpine:3.23.5@" + DIGEST } });
    assert.deepStrictEqual(
      kaniko.steps.map((s) => s.image),
      [TASK_IMAGES.kaniko, "alpine:3.23.5@" + DIGEST],
    );
    assert.strictEqual(
      taskImages({ kubectl: "alpine/k8s@" + DIGEST }).kubectl,
      "alpine/k8s@" + DIGEST,
    );
    throwsWith(() => warmTask({ images: { kubectl: "alpine/k8s" } }), "kubectl", "neither tag");
    throwsWith(() => argocdSyncTask({ images: { argocd: "argocd:latest" } }), "tagged latest");
    throwsWith(() => taskImages({ git: "Not/An/Image" }), "git", "invalid reference format");
    throwsWith(() => taskImages({ jq: "x:1" } as never), 'unknown role "jq"');
  });

  it("security: no root without need, no escalation, capabilities dropped", () => {
    for (const [name, spec] of VARIANTS) {
      for (const step of spec.steps) {
        const sc = step.securityContext;
        const where = `${name} ${step.name}`;
        assert.ok(sc, `${where}: no securityContext`);
        assert.deepStrictEqual(sc.capabilities?.drop, ["ALL"], where);
        assert.ok(step.computeResources?.requests?.cpu, `${where}: no CPU request`);
        assert.ok(step.computeResources?.requests?.memory || name.includes("resources"), where);
        const key = `${name.split(" ")[0]}/${step.name}`;
        switch (key) {
          case "build-buildkit/build":
            // newuidmap / newgidmap are set-uid: rootless BuildKit needs escalation + SETUID/SETGID.
            assert.strictEqual(sc.runAsNonRoot, true);
            assert.strictEqual(sc.runAsUser, 1000);
            assert.strictEqual(sc.allowPrivilegeEscalation, true);
            assert.deepStrictEqual(sc.capabilities?.add, ["SETUID", "SETGID"]);
            assert.deepStrictEqual(sc.seccompProfile, { type: "Unconfined" });
            break;
          case "build-kaniko/build":
            assert.strictEqual(sc.runAsUser, 0);
            assert.strictEqual(sc.allowPrivilegeEscalation, false);
            assert.ok(!sc.capabilities?.add?.includes("SYS_ADMIN"));
            break;
          case "git-clone/clone":
            assert.strictEqual(sc.runAsUser, 0, "ssh needs the image's passwd user");
            assert.strictEqual(sc.allowPrivilegeEscalation, false);
            assert.strictEqual(sc.capabilities?.add, undefined);
            break;
          case "unit-test/test":
            assert.strictEqual(sc.allowPrivilegeEscalation, false);
            assert.strictEqual(sc.capabilities?.add, undefined);
            break;
          default:
            assert.strictEqual(sc.runAsNonRoot, true, where);
            assert.ok(sc.runAsUser && sc.runAsUser > 0, where);
            assert.strictEqual(sc.allowPrivilegeEscalation, false, where);
            assert.strictEqual(sc.capabilities?.add, undefined, where);
            assert.deepStrictEqual(sc.seccompProfile, { type: "RuntimeDefault" }, where);
        }
      }
    }
  });
});

describe("Tekton task library: scripts", () => {
  it("every task with a shell step is covered", () => {
    assert.deepStrictEqual([...new Set(SCRIPTED.map(([n]) => n.split(" ")[0]))].sort(), [
      "build-buildkit",
      "build-kaniko",
      "deploy-argocd",
      "deploy-cloneset",
      "deploy-deployment",
      "git-clone",
      "warm",
    ]);
  });

  for (const [name, step] of SCRIPTED) {
    const where = `${name} ${step.name}`;
    it(`${where}: POSIX sh that parses, passes shellcheck, takes no Tekton variable`, () => {
      const script = step.script!;
      assert.ok(script.startsWith("#!/bin/sh\nset -eu\n"), `${where}: not #!/bin/sh + set -eu`);
      assert.ok(!TEKTON_VARIABLE.test(script), `${where}: a Tekton variable in the script`);
      assert.ok(!/\bset\s+-[a-z]*x|\bset\s+-o\s+xtrace|#!.*\s-[a-z]*x/.test(script), where);
      assertShellchecked(script, "sh", where);
    });
  }

  it("Argo CD is never told --insecure, and the Secret's keys are ArgoCdToken's", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ARGOCD_ENV } = require("../../components/access/argoCdToken");
    const spec = argocdSyncTask();
    const text = JSON.stringify(spec);
    assert.ok(!text.includes("--insecure") && !text.includes("plaintext"));
    const script = spec.steps[0].script!;
    for (const key of [ARGOCD_ENV.server, ARGOCD_ENV.token, ARGOCD_ENV.username]) {
      assert.ok(script.includes(`=$${key}\n`), `the script does not read ${key}`);
    }
    assert.ok(script.includes(`=$${ARGOCD_ENV.password}\n`));
    assert.deepStrictEqual(spec.steps[0].envFrom, [
      { secretRef: { name: "$(params.argocd-secret)" } },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Running the scripts: Tekton's substitution reproduced for env and args, fake CLIs on PATH.

interface StepRun {
  status: number | null;
  stdout: string;
  stderr: string;
  results: Record<string, string>;
  /** Lines the fake CLIs logged. */
  log: string[];
  dir: string;
}

interface RunInput {
  params?: Record<string, string | string[]>;
  workspaces?: Record<string, string>;
  /** Env values to use instead of the step's (e.g. a path that only exists in the pod). */
  env?: Record<string, string>;
  /** Files the fakes read, relative to FAKE_DIR. */
  files?: Record<string, string>;
  /** Seconds until the script is killed. */
  timeout?: number;
}

/** Runs `step` as Tekton would after substitution: env and args resolved, results in a dir. */
function runStep(step: Step, input: RunInput = {}): StepRun {
  const dir = tempDir("kd-task-");
  const bin = path.join(dir, "bin");
  const resultsDir = path.join(dir, "results");
  fs.mkdirSync(resultsDir);
  installFakes(bin, TEKTON_FAKES);
  for (const [name, text] of Object.entries(input.files ?? {})) {
    fs.writeFileSync(path.join(dir, name), text);
  }
  const resolve = (s: string): string =>
    s.replace(/\$\(([^()]*)\)/g, (whole, ref: string) => {
      let m: RegExpMatchArray | null;
      if ((m = ref.match(/^params\.([-\w]+)$/))) {
        const v = input.params?.[m[1]];
        assert.ok(typeof v === "string", `no string value for ${whole}`);
        return v;
      }
      if ((m = ref.match(/^results\.([-\w]+)\.path$/))) return path.join(resultsDir, m[1]);
      if ((m = ref.match(/^workspaces\.([-\w]+)\.path$/))) {
        const w = input.workspaces?.[m[1]];
        assert.ok(w, `no workspace for ${whole}`);
        return w;
      }
      if (ref === "context.taskRun.namespace") return "ci";
      if (ref === "context.taskRun.name") return "run-1-warm";
      throw new Error(`the test cannot resolve ${whole}`);
    });
  const args = (step.args ?? []).flatMap((a) => {
    const m = a.match(/^\$\(params\.([-\w]+)\[\*\]\)$/);
    if (!m) return [resolve(a)];
    const v = input.params?.[m[1]];
    assert.ok(Array.isArray(v), `no array value for ${a}`);
    return v;
  });
  const env: Record<string, string> = {
    PATH: `${bin}:${process.env.PATH}`,
    HOME: dir,
    FAKE_DIR: dir,
    LC_ALL: "C",
  };
  for (const e of step.env ?? []) if (e.value !== undefined) env[e.name] = resolve(e.value);
  Object.assign(env, input.env);
  const file = path.join(dir, "script.sh");
  fs.writeFileSync(file, step.script!, { mode: 0o755 });
  const res = run("sh", [file, ...args], {
    env,
    timeout: (input.timeout ?? 30) * 1000,
  });
  const results = Object.fromEntries(
    fs.readdirSync(resultsDir).map((f) => [f, fs.readFileSync(path.join(resultsDir, f), "utf8")]),
  );
  const log = fakeLog(dir);
  return { status: res.status, stdout: res.stdout, stderr: res.stderr, results, log, dir };
}

function ok(r: StepRun): StepRun {
  assert.strictEqual(r.status, 0, `exit ${r.status}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r;
}

function fails(r: StepRun, ...fragments: string[]): StepRun {
  assert.notStrictEqual(r.status, 0, `expected a failure\nstdout:\n${r.stdout}`);
  for (const f of fragments) assert.ok(r.stderr.includes(f), `stderr lacks ${f}:\n${r.stderr}`);
  return r;
}

describe("Tekton task library: git-clone, run with git", () => {
  const step = gitCloneTask().steps[0];
  let repo: string;
  let head: string;
  let first: string;

  before(() => {
    repo = tempDir("kd-repo-");
    const git = (...args: string[]) => {
      const r = run("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
        cwd: repo,
        env: { ...process.env, HOME: repo, GIT_CONFIG_NOSYSTEM: "1" },
      });
      assert.strictEqual(r.status, 0, r.stderr);
      return r.stdout.trim();
    };
    git("init", "-q", "-b", "main");
    fs.writeFileSync(path.join(repo, "a.txt"), "one\n");
    git("add", "a.txt");
    git("commit", "-q", "-m", "one");
    first = git("rev-parse", "HEAD");
    fs.writeFileSync(path.join(repo, "a.txt"), "two\n");
    git("commit", "-q", "-am", "two");
    git("tag", "v2");
    head = git("rev-parse", "HEAD");
  });

  function workspace(): string {
    const ws = tempDir("kd-ws-");
    fs.writeFileSync(path.join(ws, "stale.txt"), "from an older run");
    fs.mkdirSync(path.join(ws, ".stale-dir"));
    return ws;
  }

  it("fetches the revision shallowly into an emptied workspace and reports the full SHA", () => {
    const ws = workspace();
    const r = ok(
      runStep(step, {
        params: { url: `file://${repo}`, revision: "main", depth: "1" },
        workspaces: { source: ws },
      }),
    );
    assert.deepStrictEqual(r.results, { commit: head, url: `file://${repo}` });
    assert.match(r.results.commit, /^[0-9a-f]{40}$/);
    assert.deepStrictEqual(fs.readdirSync(ws).sort(), [".git", "a.txt"]);
    assert.strictEqual(fs.readFileSync(path.join(ws, "a.txt"), "utf8"), "two\n");
    assert.ok(fs.existsSync(path.join(ws, ".git", "shallow")), "not a shallow fetch");
  });

  it("checks out a tag or a commit, and the whole history with depth 0", () => {
    const ws = workspace();
    ok(
      runStep(step, {
        params: { url: repo, revision: "v2", depth: "0" },
        workspaces: { source: ws },
      }),
    );
    assert.ok(!fs.existsSync(path.join(ws, ".git", "shallow")));
    const r = ok(
      runStep(step, {
        params: { url: repo, revision: first, depth: "1" },
        workspaces: { source: ws },
      }),
    );
    assert.strictEqual(r.results.commit, first);
    assert.strictEqual(fs.readFileSync(path.join(ws, "a.txt"), "utf8"), "one\n");
  });

  it("refuses params that would read as options, and shows no user-info", () => {
    const ws = workspace();
    const params = { url: repo, revision: "main", depth: "1" };
    fails(
      runStep(step, {
        params: { ...params, url: "--upload-pack=evil" },
        workspaces: { source: ws },
      }),
      "param url",
    );
    fails(
      runStep(step, { params: { ...params, revision: "-x" }, workspaces: { source: ws } }),
      "param revision",
    );
    fails(
      runStep(step, { params: { ...params, depth: "1; rm" }, workspaces: { source: ws } }),
      "param depth",
    );
    const r = fails(
      runStep(step, {
        params: { ...params, url: "-https://user:s3cret@example.invalid/x.git" },
        workspaces: { source: ws },
      }),
      "param url",
    );
    assert.ok(!r.stderr.includes("s3cret"), r.stderr);
    assert.ok(
      fs.existsSync(path.join(ws, "stale.txt")),
      "the workspace is emptied only after the checks",
    );
  });
});

describe("Tekton task library: build result steps", () => {
  it("kaniko: the results step checks the digest file and writes digest and image-ref", () => {
    const [build, results] = kanikoBuildTask().steps;
    assert.deepStrictEqual(build.command, ["/kaniko/executor"]);
    assert.deepStrictEqual(build.args, [
      "--context=$(workspaces.source.path)/$(params.context)",
      "--dockerfile=$(workspaces.source.path)/$(params.context)/$(params.dockerfile)",
      "--destination=$(params.image):$(params.tag)",
      "--digest-file=/build-output/digest",
      "$(params.extra-args[*])",
    ]);
    const params = { image: "ghcr.io/acme/app", tag: "abc123" };
    const dir = tempDir("kd-digest-");
    fs.writeFileSync(path.join(dir, "digest"), DIGEST);
    const r = ok(runStep(results, { params, env: { DIGEST_FILE: path.join(dir, "digest") } }));
    assert.deepStrictEqual(r.results, { digest: DIGEST, "image-ref": PUSHED });
    fs.writeFileSync(path.join(dir, "digest"), "sha256:nothex");
    fails(
      runStep(results, { params, env: { DIGEST_FILE: path.join(dir, "digest") } }),
      "not sha256",
    );
    fails(runStep(results, { params, env: { DIGEST_FILE: path.join(dir, "none") } }), "no digest");
  });

  describe("buildkit", () => {
    const step = buildkitBuildTask().steps[0];
    // As buildctl writes it: json.MarshalIndent, nested descriptors with their own digest keys.
    const metadata = JSON.stringify(
      {
        "containerimage.config.digest": "sha256:" + "0".repeat(64),
        "containerimage.descriptor": {
          mediaType: "application/vnd.oci.image.manifest.v1+json",
          digest: "sha256:" + "1".repeat(64),
          size: 1234,
        },
        "containerimage.digest": DIGEST,
        "image.name": "ghcr.io/acme/app:abc123",
      },
      null,
      2,
    );
    let ws: string;
    before(() => {
      ws = tempDir("kd-ctx-");
      fs.mkdirSync(path.join(ws, "app", "docker"), { recursive: true });
      fs.writeFileSync(path.join(ws, "app", "docker", "Dockerfile.prod"), "FROM scratch\n");
    });
    const params = {
      image: "ghcr.io/acme/app",
      tag: "abc123",
      context: "app",
      dockerfile: "docker/Dockerfile.prod",
      "registry-secret": "registry-creds",
      "extra-args": ["--opt=build-arg:A=1", "--progress=plain"],
    };

    it("builds with buildctl-daemonless.sh, pushes image:tag, reads the digest with sed", () => {
      const r = ok(
        runStep(step, { params, workspaces: { source: ws }, files: { "metadata.json": metadata } }),
      );
      assert.deepStrictEqual(r.results, { digest: DIGEST, "image-ref": PUSHED });
      const args = r.log.map((l) => l.replace(/^buildctl-arg /, ""));
      const metadataFile = args[args.indexOf("--metadata-file") + 1];
      assert.deepStrictEqual(args, [
        "build",
        "--frontend",
        "dockerfile.v0",
        "--local",
        `context=${ws}/app`,
        "--local",
        `dockerfile=${ws}/app/docker`,
        "--opt",
        "filename=Dockerfile.prod",
        "--output",
        "type=image,name=ghcr.io/acme/app:abc123,push=true",
        "--metadata-file",
        metadataFile,
        "--opt=build-arg:A=1",
        "--progress=plain",
      ]);
      assert.strictEqual(
        step.env?.find((e) => e.name === "BUILDKITD_FLAGS")?.value,
        "--oci-worker-no-process-sandbox",
      );
    });

    it("refuses a tagged image, a bad tag, a missing Dockerfile, metadata without a digest", () => {
      const files = { "metadata.json": metadata };
      const w = { source: ws };
      let r = fails(
        runStep(step, { params: { ...params, image: "ghcr.io/acme/app:1" }, workspaces: w, files }),
        "has a tag",
      );
      assert.deepStrictEqual(r.log, [], "built anyway");
      r = fails(
        runStep(step, { params: { ...params, image: "a,b" }, workspaces: w, files }),
        "not a repository",
      );
      fails(
        runStep(step, { params: { ...params, tag: "-x" }, workspaces: w, files }),
        "not a valid image tag",
      );
      fails(
        runStep(step, { params: { ...params, dockerfile: "Nope" }, workspaces: w, files }),
        "param dockerfile",
      );
      const noDigest = JSON.stringify({ "containerimage.descriptor": { digest: DIGEST } }, null, 2);
      fails(
        runStep(step, { params, workspaces: w, files: { "metadata.json": noDigest } }),
        "no containerimage.digest",
      );
      // A registry with a port is a repository, not a tag.
      ok(
        runStep(step, { params: { ...params, image: "localhost:5000/app" }, workspaces: w, files }),
      );
    });
  });
});

describe("Tekton task library: warm", () => {
  const v1alpha1 = ImagePullJobApiVersion.V1alpha1;

  it("builds its template with the warm components' builder: same spec, TTL 600, deadline 1800", () => {
    const template = warmJobTemplate();
    const direct = buildImagePullJob(
      { apiVersion: v1alpha1, name: "x", namespace: "y" },
      resolveImagePullJobSpec("t", "t", {
        image: WARM_PLACEHOLDER_IMAGE,
        completionPolicy: {
          type: "Always",
          activeDeadlineSeconds: 1800,
          ttlSecondsAfterFinished: 600,
        },
      }),
    );
    assert.deepStrictEqual(template.spec, direct.spec);
    assert.deepStrictEqual(template.spec.completionPolicy, {
      type: "Always",
      activeDeadlineSeconds: 1800,
      ttlSecondsAfterFinished: 600,
    });
    assert.strictEqual(template.apiVersion, v1alpha1);
    assert.deepStrictEqual(Object.keys(template.metadata).sort(), ["generateName", "labels"]);
    assert.strictEqual(template.metadata.generateName, "warm-");
    const step = warmTask().steps[0];
    const env = step.env?.find((e) => e.name === "TEMPLATE");
    assert.strictEqual(
      env?.value,
      JSON.stringify(template),
      "the template is a constant env value",
    );
  });

  it("applies the options through the same rules, and refuses what Kruise would", () => {
    const t = warmJobTemplate({
      apiVersion: ImagePullJobApiVersion.V1beta1,
      pullPolicy: { timeoutSeconds: 300 },
      imagePullPolicy: "Always",
      completion: { activeDeadlineSeconds: 600 },
      pullSecrets: ["registry-creds"],
      labels: { team: "web" },
    });
    assert.strictEqual(t.apiVersion, ImagePullJobApiVersion.V1beta1);
    assert.deepStrictEqual(t.spec.pullPolicy, { timeoutSeconds: 300, backoffLimit: 3 });
    assert.deepStrictEqual(t.spec.pullSecrets, ["registry-creds"]);
    assert.strictEqual(t.spec.imagePullPolicy, "Always");
    assert.deepStrictEqual(t.spec.completionPolicy, {
      type: "Always",
      activeDeadlineSeconds: 600,
      ttlSecondsAfterFinished: 600,
    });
    assert.strictEqual(t.metadata.labels?.team, "web");
    assert.strictEqual(t.metadata.labels?.["app.kubernetes.io/managed-by"], "tekton");
    throwsWith(
      () => warmTask({ completion: { activeDeadlineSeconds: 60 } }),
      "warmTask",
      "activeDeadlineSeconds",
    );
    throwsWith(() => warmTask({ pullSecrets: ["Not_A_Name"] }), "pullSecrets");
    throwsWith(() => warmTask({ labels: { "bad key!": "x" } }), "labels");
  });

  describe("the step, run with jq and a fake kubectl", () => {
    const params = {
      image: PUSHED,
      parallelism: "25",
      "node-labels": '{"pool":"web","kubernetes.io/os":"linux"}',
      wait: "false",
      timeout: "1800s",
    };

    for (const [name, task] of [
      ["v1alpha1 defaults", warmTask()],
      ["v1beta1, every option", VARIANTS.find(([n]) => n.startsWith("warm ("))![1]],
    ] as const) {
      it(`creates a job the Kruise 1.9.0 CRD and the webhook rules accept (${name})`, () => {
        const r = ok(runStep(task.steps[0], { params }));
        assert.deepStrictEqual(r.results, { "job-name": "warm-x7k2p" });
        assert.deepStrictEqual(r.log, ["kubectl create -f - -o jsonpath={.metadata.name}"]);
        const created = JSON.parse(fs.readFileSync(path.join(r.dir, "created.json"), "utf8"));
        assert.deepStrictEqual(crdErrors(KRUISE_CRDS, created), []);
        resolveImagePullJobSpec("t", "t", created.spec);
        const template = JSON.parse(task.steps[0].env!.find((e) => e.name === "TEMPLATE")!.value!);
        assert.deepStrictEqual(created, {
          ...template,
          metadata: {
            ...template.metadata,
            namespace: "ci",
            annotations: { "kruise-devops.io/task-run": "run-1-warm" },
          },
          spec: {
            ...template.spec,
            image: PUSHED,
            parallelism: 25,
            selector: { matchLabels: { pool: "web", "kubernetes.io/os": "linux" } },
          },
        });
      });
    }

    it("warms every node when node-labels is {}, and takes parallelism 0", () => {
      const r = ok(
        runStep(warmTask().steps[0], {
          params: { ...params, "node-labels": "{}", parallelism: "0" },
        }),
      );
      const created = JSON.parse(fs.readFileSync(path.join(r.dir, "created.json"), "utf8"));
      assert.strictEqual(created.spec.selector, undefined);
      assert.strictEqual(created.spec.parallelism, 0);
      assert.deepStrictEqual(crdErrors(KRUISE_CRDS, created), []);
    });

    it("refuses an image without digest and bad parallelism, labels, wait", () => {
      const step = warmTask().steps[0];
      const bad: [Record<string, string>, string][] = [
        [{ image: "ghcr.io/acme/app:abc123" }, "not pinned by digest"],
        [{ image: "ghcr.io/acme/app@sha256:abc" }, "64 hex digits"],
        [{ parallelism: "-1" }, "param parallelism"],
        [{ parallelism: "010" }, "param parallelism"],
        [{ parallelism: "1e3" }, "param parallelism"],
        [{ parallelism: "1234567890" }, "param parallelism"],
        [{ "node-labels": "not json" }, "param node-labels"],
        [{ "node-labels": '["a"]' }, "param node-labels"],
        [{ "node-labels": '{"a":1}' }, "param node-labels"],
        [{ "node-labels": '{"bad key":"x"}' }, "param node-labels"],
        [{ "node-labels": '{"a":"bad value!"}' }, "param node-labels"],
        [{ wait: "yes" }, "param wait"],
      ];
      for (const [change, fragment] of bad) {
        const r = fails(runStep(step, { params: { ...params, ...change } }), fragment);
        assert.deepStrictEqual(r.log, [], `created a job for ${JSON.stringify(change)}`);
      }
    });

    it("waits for completionTime when asked, and fails listing the failed nodes", () => {
      const step = warmTask().steps[0];
      const status = (failed: number) =>
        JSON.stringify({
          status: {
            desired: 3,
            succeeded: 3 - failed,
            failed,
            failedNodes: failed ? ["node-a", "node-b"].slice(0, failed) : undefined,
            completionTime: "2026-01-01T00:00:00Z",
          },
        });
      const good = ok(
        runStep(step, { params: { ...params, wait: "true" }, files: { "get.json": status(0) } }),
      );
      assert.deepStrictEqual(good.log, [
        "kubectl create -f - -o jsonpath={.metadata.name}",
        "kubectl wait -n ci imagepulljobs.apps.kruise.io/warm-x7k2p --for=jsonpath={.status.completionTime} --timeout=1800s",
        "kubectl get -n ci imagepulljobs.apps.kruise.io/warm-x7k2p -o json",
      ]);
      // Exactly what the pipeline Role grants on ImagePullJobs: no delete (Kruise's TTL does it).
      assert.deepStrictEqual(ranKubectl(good.log), {
        commands: [...WARM_KUBECTL].sort(),
        verbs: [...IMAGE_PULL_JOB_VERBS],
      });
      assert.match(good.stdout, /3 of 3 nodes pulled the image/);
      fails(
        runStep(step, { params: { ...params, wait: "true" }, files: { "get.json": status(2) } }),
        "2 of 3 nodes failed to pull",
        "  node-a\n  node-b",
      );
    });
  });
});

describe("Tekton task library: deploy steps, run with fakes", () => {
  it("deploy-deployment: set image, then rollout status with the timeout", () => {
    const step = deploymentImageTask().steps[0];
    const params = {
      namespace: "web",
      deployment: "app",
      container: "app",
      image: PUSHED,
      timeout: "600s",
    };
    const r = ok(runStep(step, { params }));
    assert.deepStrictEqual(r.log, [
      `kubectl set image -n web deployment/app app=${PUSHED}`,
      "kubectl rollout status -n web deployment/app --timeout=600s",
    ]);
    assert.deepStrictEqual(ranKubectl(r.log), {
      commands: [...DEPLOY_KUBECTL.Deployment].sort(),
      verbs: [...DEPLOY_VERBS.Deployment],
    });
    fails(runStep(step, { params: { ...params, deployment: "App;x" } }), "param deployment");
    fails(runStep(step, { params: { ...params, container: "-c" } }), "param container");
    fails(runStep(step, { params: { ...params, image: "a b" } }), "param image");
  });

  describe("deploy-cloneset", () => {
    const step = cloneSetImageTask({ pollSeconds: 1 }).steps[0];
    const params = {
      namespace: "web",
      cloneset: "app",
      container: "app",
      image: PUSHED,
      timeout: "30",
    };
    const cloneset = (generation: number, status: Record<string, number>) =>
      JSON.stringify({
        apiVersion: "apps.kruise.io/v1alpha1",
        kind: "CloneSet",
        metadata: { name: "app", namespace: "web", generation },
        spec: {
          replicas: 3,
          template: { spec: { containers: [{ name: "sidecar" }, { name: "app" }] } },
        },
        status: { replicas: 3, readyReplicas: 3, updatedReplicas: 0, ...status },
      });

    it("patches the image with a test on the container name, then waits for the update", () => {
      const r = ok(
        runStep(step, {
          params,
          files: {
            "get-1.json": cloneset(4, {
              observedGeneration: 4,
              updatedReadyReplicas: 3,
              expectedUpdatedReplicas: 3,
            }),
            "get-2.json": cloneset(5, {
              observedGeneration: 4,
              updatedReadyReplicas: 3,
              expectedUpdatedReplicas: 3,
            }),
            "get-3.json": cloneset(5, {
              observedGeneration: 5,
              updatedReadyReplicas: 1,
              expectedUpdatedReplicas: 3,
            }),
            "get.json": cloneset(5, {
              observedGeneration: 5,
              updatedReadyReplicas: 3,
              expectedUpdatedReplicas: 3,
            }),
          },
        }),
      );
      assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(r.dir, "patch.json"), "utf8")), [
        { op: "test", path: "/spec/template/spec/containers/1/name", value: "app" },
        { op: "replace", path: "/spec/template/spec/containers/1/image", value: PUSHED },
      ]);
      assert.deepStrictEqual(r.log, [
        "kubectl get -n web clonesets.apps.kruise.io/app -o json",
        `kubectl patch -n web clonesets.apps.kruise.io/app --type=json -p ${fs.readFileSync(path.join(r.dir, "patch.json"), "utf8")}`,
        "kubectl get -n web clonesets.apps.kruise.io/app -o json",
        "kubectl get -n web clonesets.apps.kruise.io/app -o json",
        "kubectl get -n web clonesets.apps.kruise.io/app -o json",
      ]);
      // get and patch only: the step polls with get, so the Role has no list or watch.
      assert.deepStrictEqual(ranKubectl(r.log), {
        commands: [...DEPLOY_KUBECTL.CloneSet].sort(),
        verbs: [...DEPLOY_VERBS.CloneSet],
      });
      assert.match(r.stdout, /updated and ready 3 of 3/);
    });

    it("fails on an unknown container, and after the timeout", () => {
      const files = {
        "get.json": cloneset(5, {
          observedGeneration: 5,
          updatedReadyReplicas: 0,
          expectedUpdatedReplicas: 3,
        }),
      };
      const r = fails(
        runStep(step, { params: { ...params, container: "nope" }, files }),
        'no container "nope"',
      );
      assert.ok(!r.log.some((l) => l.includes("patch")));
      fails(
        runStep(step, { params: { ...params, timeout: "0" }, files }),
        "not updated after 0 seconds",
        "updated and ready 0 of 3",
      );
      throwsWith(() => cloneSetImageTask({ pollSeconds: 0 }), "pollSeconds");
    });
  });

  describe("deploy-argocd", () => {
    const step = argocdSyncTask().steps[0];
    const params = {
      application: "shop",
      revision: "",
      timeout: "600",
      "accept-suspended": "true",
    };

    it("with a token: sync then wait for health and sync, no login", () => {
      const r = ok(
        runStep(step, {
          params,
          env: { ARGOCD_SERVER: "argocd.example.com:443", ARGOCD_AUTH_TOKEN: "tok-3cr3t" },
        }),
      );
      assert.deepStrictEqual(r.log, [
        "argocd app sync shop",
        "argocd app wait shop --health --suspended --sync --timeout 600",
      ]);
      assert.ok(!(r.stdout + r.stderr).includes("3cr3t"));
    });

    it("with a username: argocd login first (TLS verified), and a revision when given", () => {
      const r = ok(
        runStep(step, {
          params: { ...params, revision: "abc123" },
          env: {
            ARGOCD_SERVER: "argocd.example.com:443",
            ARGOCD_USERNAME: "ci",
            ARGOCD_PASSWORD: "pa55-3cr3t",
          },
        }),
      );
      assert.deepStrictEqual(r.log, [
        "argocd login argocd.example.com:443 --username ci --password pa55-3cr3t",
        "argocd app sync shop --revision abc123",
        "argocd app wait shop --health --suspended --sync --timeout 600",
      ]);
      assert.ok(!r.log.some((l) => l.includes("--insecure")));
      assert.ok(!(r.stdout + r.stderr).includes("3cr3t"), "the password was printed");
    });

    it('waits for Healthy only when accept-suspended is not "true"', () => {
      const r = runStep(step, {
        params: { ...params, "accept-suspended": "false" },
        env: { ARGOCD_SERVER: "argocd.example.com:443", ARGOCD_AUTH_TOKEN: "t" },
      });
      assert.ok(
        r.log.includes("argocd app wait shop --health --sync --timeout 600"),
        r.log.join("\n"),
      );
    });

    it("fails without a server or credentials, on a failed sync, on bad params", () => {
      fails(runStep(step, { params, env: { ARGOCD_AUTH_TOKEN: "t" } }), "ARGOCD_SERVER is not set");
      fails(
        runStep(step, { params, env: { ARGOCD_SERVER: "a:443" } }),
        "neither ARGOCD_AUTH_TOKEN nor ARGOCD_USERNAME",
      );
      const r = runStep(step, {
        params,
        env: { ARGOCD_SERVER: "a:443", ARGOCD_AUTH_TOKEN: "t", FAKE_SYNC_FAILS: "1" },
      });
      assert.strictEqual(r.status, 20);
      assert.ok(!r.log.some((l) => l.startsWith("argocd app wait")));
      fails(
        runStep(step, {
          params: { ...params, timeout: "10m" },
          env: { ARGOCD_SERVER: "a", ARGOCD_AUTH_TOKEN: "t" },
        }),
        "param timeout",
      );
      fails(
        runStep(step, {
          params: { ...params, application: "--x" },
          env: { ARGOCD_SERVER: "a", ARGOCD_AUTH_TOKEN: "t" },
        }),
        "param application",
      );
    });
  });
});

describe("Tekton task library: unit-test", () => {
  it("runs param command in the image given by param image, in the workdir, without a shell", () => {
    const [step] = unitTestTask().steps;
    assert.deepStrictEqual(
      {
        image: step.image,
        command: step.command,
        args: step.args,
        script: step.script,
        workingDir: step.workingDir,
      },
      {
        image: "$(params.image)",
        command: ["$(params.command[*])"],
        args: undefined,
        script: undefined,
        workingDir: "$(workspaces.source.path)/$(params.workdir)",
      },
    );
  });
});
