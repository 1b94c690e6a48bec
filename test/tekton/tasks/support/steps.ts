/** What the task library's tests share: each task's variants, and running a step as Tekton would. */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ImagePullJobApiVersion } from "../../../../components/kruise/imagePullJobTypes";
import {
  argocdSyncTask,
  buildkitBuildTask,
  cloneSetImageTask,
  deploymentImageTask,
  gitCloneTask,
  kanikoBuildTask,
  unitTestTask,
  warmTask,
} from "../../../../components/tekton/tasks";
import { Step, TaskSpec } from "../../../../components/tekton/types";
import { FAKES, fakeLog, installFakes } from "../../../support/fakeClis";
import { run, tempDir } from "../../../support/shellTools";

/** The fakes a Tekton step may call (kaniko's executor is a step's command, never called). */
const TEKTON_FAKES = {
  kubectl: FAKES.kubectl,
  argocd: FAKES.argocd,
  "buildctl-daemonless.sh": FAKES["buildctl-daemonless.sh"],
};

export const DIGEST = "sha256:" + "ab12".repeat(16);
export const PUSHED = `ghcr.io/acme/app@${DIGEST}`;

/** Each library task, with its defaults and with options that change what it emits. */
export const VARIANTS: [string, TaskSpec][] = [
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

// ---------------------------------------------------------------------------------------------
// Running the scripts: Tekton's substitution reproduced for env and args, fake CLIs on PATH.

export interface StepRun {
  status: number | null;
  stdout: string;
  stderr: string;
  results: Record<string, string>;
  /** Lines the fake CLIs logged. */
  log: string[];
  dir: string;
}

export interface RunInput {
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
export function runStep(step: Step, input: RunInput = {}): StepRun {
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

export function ok(r: StepRun): StepRun {
  assert.strictEqual(r.status, 0, `exit ${r.status}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r;
}

export function fails(r: StepRun, ...fragments: string[]): StepRun {
  assert.notStrictEqual(r.status, 0, `expected a failure\nstdout:\n${r.stdout}`);
  for (const f of fragments) assert.ok(r.stderr.includes(f), `stderr lacks ${f}:\n${r.stderr}`);
  return r;
}
