/**
 * The gitlab-runner example's generated `.gitlab-ci.yml`, checked and run like the Tekton tasks:
 * validated against GitLab's published CI schema, every job's script shellchecked and run as the
 * runner runs it (support/gitlabRunner.ts) against the Tekton tests' fake kubectl, with GitLab's
 * predefined variables and the build's dotenv report handed on as GitLab hands it on.
 */
import "../support/packageEntry";
import Ajv from "ajv";
import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import {
  DEPLOY_KUBECTL,
  DEPLOY_VERBS,
  IMAGE_PULL_JOB_VERBS,
  WARM_KUBECTL,
} from "../../components/access/pipelineRbac";
import { resolveImagePullJobSpec } from "../../components/kruise/imagePullJob";
import {
  BUILDKITD_FLAGS,
  ImageBuilder,
  TASK_IMAGES,
  buildkitBuildTask,
  deploymentImageTask,
  kanikoBuildTask,
  warmTask,
} from "../../components/tekton";
import {
  GitLabCi,
  GitLabCiOptions,
  GitLabJob,
  KANIKO_DEBUG_IMAGE,
  STAGES,
  gitlabCiPipeline,
  renderGitlabCi,
} from "../../examples/gitlab-runner/gitlabCi";
import { BUILDKIT_APPARMOR_ANNOTATION } from "../../examples/gitlab-runner/gitlabJobs";
import {
  BUILDKIT_ANNOTATION_OVERWRITE,
  BUILDKIT_STATE_DIR,
  runnerConfigToml,
} from "../../examples/gitlab-runner/runnerConfig";
import { KRUISE_CRDS, UPSTREAM, crdErrors } from "../support/crdSchema";
import { throwsWith } from "../support/expect";
import { FAKES, fakeLog, installFakes, ranKubectl } from "../support/fakeClis";
import {
  JobShell,
  JobVariable,
  SHELL_COMMANDS,
  ShellRun,
  expand,
  expandVariables,
  parseDotenv,
  runUserScript,
  userScript,
} from "../support/gitlabRunner";
import { assertShellchecked, tempDir } from "../support/shellTools";

/** GitLab's CI schema, read in place (never copied): ../shared/fixtures/upstream/gitlab. */
const CI_SCHEMA = path.join(UPSTREAM, "gitlab", "ci-schema.json");

const DIGEST = "sha256:" + "ab12".repeat(16);
const SHA = "3f2a9c1e5b7d4f60a8c2e1b3d5f7a9c0e2b4d6f8";
const REPOSITORY = "ghcr.io/acme/web";
const PUSHED = `${REPOSITORY}@${DIGEST}`;
const USER = "acme-bot";
const PASSWORD = "glpat-pa55w0rd-3cr3t";

/** The dev stack's pipeline (examples/gitlab-runner/Pulumi.dev.yaml), with a pull Secret. */
const DEV: GitLabCiOptions = {
  imageRepository: REPOSITORY,
  registry: "ghcr.io",
  runnerTag: "kruise-devops",
  staticCheck: {
    image: "docker.io/library/golang:1.23",
    script: ['test -z "$(gofmt -l .)"', "go vet ./..."],
  },
  unitTest: { image: "docker.io/library/golang:1.23", script: ["go test ./..."] },
  warm: { namespace: "ci", parallelism: 10, nodeLabels: {}, pullSecret: "registry-creds" },
  deploy: { namespace: "shop", deployment: "web", container: "web", timeoutSeconds: 600 },
  integrationTest: { url: "http://web.shop.svc.cluster.local/healthz" },
};

const VARIANTS: [string, GitLabCiOptions][] = [
  ["kaniko (the default)", DEV],
  [
    "buildkit, node labels, a context",
    {
      ...DEV,
      builder: ImageBuilder.BuildKit,
      context: "app",
      dockerfile: "docker/Dockerfile.prod",
      warm: { ...DEV.warm, nodeLabels: { pool: "web", "kubernetes.io/os": "linux" } },
    },
  ],
];

/**
 * The shell the runner runs each image's jobs with: its shell detection
 * (shells/bash.go BashDetectShellScript) takes bash when the image has one.
 */
const IMAGE_SHELLS: Record<string, JobShell> = {
  // /busybox/sh (busybox, musl); /bin/sh links to it (kaniko deploy/Dockerfile, debug stage).
  [KANIKO_DEBUG_IMAGE]: "sh",
  // Alpine: busybox ash (moby/buildkit Dockerfile, rootless stage; no bash).
  [TASK_IMAGES.buildkit]: "sh",
  // alpine-docker/k8s installs bash (`apk add … bash`).
  [TASK_IMAGES.kubectl]: "bash",
  // Alpine: busybox ash.
  [TASK_IMAGES.shell]: "sh",
  // Debian: bash.
  "docker.io/library/golang:1.23": "bash",
};

/** CLIs of the GitLab jobs that the Tekton fakes do not cover. */
const GITLAB_FAKES: Record<string, string> = {
  ...FAKES,
  // busybox wget: fails the first <wget-failures> times.
  wget: `#!/bin/sh
echo "wget $*" >>"$FAKE_DIR/log"
n=$(($(cat "$FAKE_DIR/wgets" 2>/dev/null || echo 0) + 1))
echo "$n" >"$FAKE_DIR/wgets"
[ "$n" -gt "$(cat "$FAKE_DIR/wget-failures" 2>/dev/null || echo 0)" ]
`,
  // Time: logged, not waited for.
  sleep: `#!/bin/sh
echo "sleep $*" >>"$FAKE_DIR/log"
`,
  go: `#!/bin/sh
echo "go $*" >>"$FAKE_DIR/log"
`,
  gofmt: `#!/bin/sh
echo "gofmt $*" >>"$FAKE_DIR/log"
`,
};

/** The YAML as GitLab reads it. */
function load(o: GitLabCiOptions): GitLabCi {
  return yaml.load(renderGitlabCi(o)) as GitLabCi;
}

function jobOf(ci: GitLabCi, name: string): GitLabJob {
  const job = ci[name] as GitLabJob | undefined;
  assert.ok(job && Array.isArray(job.script), `no job ${name}`);
  return job;
}

function imageOf(job: GitLabJob): string {
  return typeof job.image === "string" ? job.image : job.image.name;
}

/** The jobs of the pipeline, in the order it lists them. */
const JOBS = Object.entries(gitlabCiPipeline(DEV))
  .filter(([, v]) => typeof v === "object" && v !== null && "script" in v)
  .map(([k]) => k);

// ---------------------------------------------------------------------------------------------

describe("gitlab-runner example: the generated .gitlab-ci.yml against GitLab's CI schema", () => {
  const schema = JSON.parse(fs.readFileSync(CI_SCHEMA, "utf8"));
  const ajv = new Ajv({ allErrors: true });
  // The schema's editor annotations, and formats of keywords this pipeline does not use
  // (environment URLs, release dates, coverage regexes, include paths): accepted as they are.
  ajv.addKeyword("markdownDescription");
  for (const f of ["uri", "uri-reference", "date-time", "regex"]) ajv.addFormat(f, true);
  const validate = ajv.compile(schema);
  const errors = (doc: unknown) => (validate(doc) ? [] : validate.errors!.map((e) => e));

  it("is JSON Schema draft-07, GitLab's editor schema", () => {
    assert.strictEqual(schema.$schema, "http://json-schema.org/draft-07/schema#");
  });

  for (const [name, o] of VARIANTS) {
    it(`${name}: valid, and read back as the pipeline it was written from`, () => {
      const doc = load(o);
      assert.deepStrictEqual(errors(doc), []);
      assert.deepStrictEqual(doc, JSON.parse(JSON.stringify(gitlabCiPipeline(o))));
    });
  }

  it("can fail: an unknown job keyword, a bad enum value, a script that is not commands", () => {
    const broken = load(DEV);
    (broken["deploy"] as Record<string, unknown>).timeout_minutes = 5;
    const found = errors(broken);
    assert.ok(
      found.some(
        (e) =>
          e.instancePath === "/deploy" &&
          e.keyword === "additionalProperties" &&
          e.params.additionalProperty === "timeout_minutes",
      ),
      JSON.stringify(found),
    );
    const when = load(DEV);
    (when["warm-nodes"] as Record<string, unknown>).when = "sometimes";
    assert.ok(errors(when).some((e) => e.instancePath === "/warm-nodes/when"));
    const script = load(DEV);
    (script["unit-test"] as Record<string, unknown>).script = [{ run: "go test" }];
    assert.ok(errors(script).some((e) => e.instancePath.startsWith("/unit-test/script")));
  });
});

// ---------------------------------------------------------------------------------------------

describe("gitlab-runner example: the runner emulation (support/gitlabRunner.ts)", () => {
  const dir = () => tempDir("kd-gl-");

  it("expands variables as Go's os.Expand does, once, the last of a key winning", () => {
    const lookup = (k: string) => ({ A: "a", B: "$A", $: "$" })[k] ?? "";
    // $$ is "$"; "$/" keeps its "$"; "${}" is eaten; $- is a special parameter; a last "$" stays.
    assert.strictEqual(expand("$A/${A}x/$B/$$/$/${}/$-/end$", lookup), "a/ax/$A/$/$///end$");
    const vars: JobVariable[] = [
      { key: "CI_PROJECT_DIR", value: "/builds/acme/web" },
      { key: "DIGEST", value: "$CI_PROJECT_DIR/digest" },
      { key: "RAW", value: "$CI_PROJECT_DIR", raw: true },
      { key: "CI_PROJECT_DIR", value: "/other" },
    ];
    assert.deepStrictEqual(
      expandVariables(vars).map((v) => v.value),
      ["/builds/acme/web", "/other/digest", "$CI_PROJECT_DIR", "/other"],
    );
  });

  it("parses dotenv reports as GitLab does, and refuses what GitLab refuses", () => {
    assert.deepStrictEqual(parseDotenv(`IMAGE_REF=${PUSHED}\n A = b=c \n`), {
      IMAGE_REF: PUSHED,
      A: "b=c",
    });
    throwsWith(() => parseDotenv("IMAGE_REF=x\n\n"), "Invalid Format");
    throwsWith(() => parseDotenv("just text\n"), "Invalid Format");
  });

  for (const shell of [...SHELL_COMMANDS.sh, ...SHELL_COMMANDS.bash]) {
    it(`${shell.join(" ")}: errexit stops the job, the exit code is the runner's, variables exported`, () => {
      const d = dir();
      const vars = [{ key: "GREETING", value: 'it\'s $HOME "quoted" `tick` \\ back' }];
      const ok = runUserScript(
        userScript(vars, d, ["printf '%s|' \"$GREETING\"", "pwd"]),
        shell,
        { PATH: process.env.PATH! },
        d,
      );
      assert.strictEqual(ok.exitCode, 0, ok.stderr);
      assert.ok(ok.stdout.includes(`$ printf '%s|' "$GREETING"`), "the runner echoes each command");
      assert.ok(ok.stdout.includes(`${vars[0].value}|$ pwd\n${d}\n`), ok.stdout);
      const failed = runUserScript(
        userScript([], d, ["false", "echo after"]),
        shell,
        { PATH: process.env.PATH! },
        d,
      );
      assert.strictEqual(failed.exitCode, 1);
      assert.ok(!failed.stdout.includes("\nafter"), "a failed command stops the job");
      const code = runUserScript(
        userScript([], d, ["if true; then\n  exit 3\nfi"]),
        shell,
        { PATH: process.env.PATH! },
        d,
      );
      assert.strictEqual(code.exitCode, 3);
      assert.ok(code.stdout.includes("$ if true; then # collapsed multi-line command"));
      const pipe = runUserScript(
        userScript([], d, ["false | true", "echo piped"]),
        shell,
        { PATH: process.env.PATH! },
        d,
      );
      if (shell[0] === "sh") assert.strictEqual(pipe.exitCode, 0, "dash has no pipefail");
      else assert.strictEqual(pipe.exitCode, 1, "pipefail, as busybox ash and bash have it");
    });
  }
});

// ---------------------------------------------------------------------------------------------

interface JobRun extends ShellRun {
  /** What the fakes logged. */
  log: string[];
  /** The fakes' directory (created.json, docker configs, …). */
  fakeDir: string;
  projectDir: string;
  /** The job's dotenv report as GitLab parsed it (successful jobs with one). */
  dotenv?: Record<string, string>;
}

interface JobContext {
  /** Which of the image's shells (0: dash for sh images; 1: bash --posix). */
  variant: number;
  /** Variables from the dotenv reports of the jobs this one needs. */
  inherited?: Record<string, string>;
  /** The project's CI/CD variables (masked). @default REGISTRY_USER and REGISTRY_PASSWORD */
  project?: Record<string, string>;
  /** Files for the fakes, in their directory. */
  fakeFiles?: Record<string, string>;
  /** Files of the checkout, in CI_PROJECT_DIR. */
  checkout?: Record<string, string>;
}

/** The image's own ENV, pointed into `root` (the stand-in for its filesystem). */
function imageEnv(image: string, root: string, bin: string): Record<string, string> {
  const env: Record<string, string> = { PATH: `${bin}:${process.env.PATH}`, LC_ALL: "C" };
  if (image === KANIKO_DEBUG_IMAGE) {
    env.HOME = path.join(root, "root");
    env.DOCKER_CONFIG = path.join(root, "kaniko", ".docker") + "/";
  } else if (image === TASK_IMAGES.buildkit) {
    env.HOME = path.join(root, "home", "user");
    env.TMPDIR = path.join(root, "home", "user", ".local", "tmp");
  } else env.HOME = path.join(root, "root");
  for (const d of [env.HOME, env.TMPDIR, env.DOCKER_CONFIG]) {
    if (d) fs.mkdirSync(d, { recursive: true });
  }
  return env;
}

/** Runs job `name` of `ci` as the runner would on the default branch. */
function runJob(ci: GitLabCi, name: string, ctx: JobContext): JobRun {
  const job = jobOf(ci, name);
  const image = imageOf(job);
  const shell = IMAGE_SHELLS[image];
  assert.ok(shell, `the test does not know the shell of ${image}`);
  const shells = SHELL_COMMANDS[shell];
  const root = tempDir(`kd-gl-${name}-`);
  const fakeDir = path.join(root, "fake");
  const projectDir = path.join(root, "builds", "acme", "web");
  fs.mkdirSync(fakeDir, { recursive: true });
  fs.mkdirSync(projectDir, { recursive: true });
  for (const [f, text] of Object.entries(ctx.fakeFiles ?? {})) {
    fs.writeFileSync(path.join(fakeDir, f), text);
  }
  for (const [f, text] of Object.entries(ctx.checkout ?? {})) {
    fs.mkdirSync(path.dirname(path.join(projectDir, f)), { recursive: true });
    fs.writeFileSync(path.join(projectDir, f), text);
  }
  const bin = path.join(root, "bin");
  installFakes(bin, GITLAB_FAKES);
  const env = { ...imageEnv(image, root, bin), FAKE_DIR: fakeDir };

  // Lowest precedence first: predefined, the YAML's global then job variables, dotenv, project.
  const yamlVars = (vars: unknown): JobVariable[] =>
    Object.entries((vars ?? {}) as Record<string, unknown>).map(([key, v]) =>
      typeof v === "object" && v !== null
        ? {
            key,
            value: String((v as { value: unknown }).value),
            raw: (v as { expand?: boolean }).expand === false,
          }
        : { key, value: String(v) },
    );
  const variables = expandVariables([
    { key: "CI", value: "true" },
    { key: "GITLAB_CI", value: "true" },
    { key: "CI_PROJECT_DIR", value: projectDir },
    { key: "CI_COMMIT_SHA", value: SHA },
    { key: "CI_COMMIT_BRANCH", value: "main" },
    { key: "CI_DEFAULT_BRANCH", value: "main" },
    { key: "CI_JOB_NAME", value: name },
    { key: "CI_JOB_URL", value: `https://gitlab.example.com/acme/web/-/jobs/${name}` },
    ...yamlVars(ci.variables),
    ...yamlVars(job.variables),
    ...Object.entries(ctx.inherited ?? {}).map(([key, value]) => ({ key, value })),
    ...Object.entries(ctx.project ?? { REGISTRY_USER: USER, REGISTRY_PASSWORD: PASSWORD }).map(
      ([key, value]) => ({ key, value }),
    ),
  ]);
  const result = runUserScript(
    userScript(variables, projectDir, job.script),
    shells[Math.min(ctx.variant, shells.length - 1)],
    env,
    root,
  );
  const run: JobRun = { ...result, log: fakeLog(fakeDir), fakeDir, projectDir };
  const report = job.artifacts?.reports.dotenv;
  if (report && result.exitCode === 0) {
    run.dotenv = parseDotenv(fs.readFileSync(path.join(projectDir, report), "utf8"));
  }
  // A masked variable never shows: here, never at all.
  assert.ok(!(result.stdout + result.stderr).includes(PASSWORD), `${name} printed the password`);
  return run;
}

function passed(r: JobRun, name: string): JobRun {
  assert.strictEqual(r.exitCode, 0, `${name}: exit ${r.exitCode}\n${r.stdout}\n${r.stderr}`);
  return r;
}

function failed(r: JobRun, ...fragments: string[]): JobRun {
  assert.notStrictEqual(r.exitCode, 0, `expected a failure:\n${r.stdout}`);
  for (const f of fragments) assert.ok(r.stderr.includes(f), `stderr lacks ${f}:\n${r.stderr}`);
  return r;
}

/** Buildctl's metadata file, as buildctl writes it (json.MarshalIndent). */
const METADATA = JSON.stringify({ "containerimage.digest": DIGEST }, null, 2);

/** What a build needs from the fakes and the checkout. */
function buildFiles(o: GitLabCiOptions): Pick<JobContext, "fakeFiles" | "checkout"> {
  const context = o.context ?? ".";
  return {
    fakeFiles: { digest: DIGEST, "metadata.json": METADATA },
    checkout: { [path.join(context, o.dockerfile ?? "Dockerfile")]: "FROM scratch\n" },
  };
}

/** A finished ImagePullJob's status. */
function pullStatus(failedNodes: string[]): string {
  return JSON.stringify({
    status: {
      desired: 3,
      succeeded: 3 - failedNodes.length,
      failed: failedNodes.length,
      ...(failedNodes.length ? { failedNodes } : {}),
      completionTime: "2026-01-01T00:00:00Z",
    },
  });
}

describe("gitlab-runner example: every job's script, shellchecked", () => {
  for (const [variant, o] of VARIANTS) {
    const ci = load(o);
    for (const name of JOBS) {
      it(`${variant}: ${name}: the script: entries, joined, pass shellcheck in the image's shell`, () => {
        const job = jobOf(ci, name);
        const shell = IMAGE_SHELLS[imageOf(job)];
        assert.ok(shell, `the test does not know the shell of ${imageOf(job)}`);
        assertShellchecked(job.script.join("\n") + "\n", shell, `${variant} ${name}`);
      });
    }
  }

  it("the build, warm and deploy jobs run the Tekton tasks' scripts, their variables renamed", () => {
    // Tekton's env names → the job's variables (one pass), then other text as given.
    const rename = (text: string, vars: Record<string, string>, other: [string, string][] = []) =>
      other.reduce(
        (t, [from, to]) => t.split(from).join(to),
        text.replace(/\$([A-Z_][A-Z0-9_]*)/g, (m, n: string) => (vars[n] ? `$${vars[n]}` : m)),
      );
    const body = (s: string) =>
      s.replace(/^#!\/bin\/sh\nset -eu\n\nfail\(\) \{\n.*\n  exit 1\n\}\n\n/, "");
    const ci = load(DEV);
    const deploy = jobOf(ci, "deploy").script;
    assert.strictEqual(
      deploy[2] + "\n",
      rename(
        body(deploymentImageTask().steps[0].script!),
        {
          NAMESPACE: "DEPLOY_NAMESPACE",
          WORKLOAD: "DEPLOYMENT",
          IMAGE: "IMAGE_REF",
          TIMEOUT: "DEPLOY_TIMEOUT",
        },
        [
          ["param namespace", "DEPLOY_NAMESPACE"],
          ["param deployment", "DEPLOYMENT"],
          ["param container", "CONTAINER"],
          ["param image", "IMAGE_REF"],
          ["param timeout", "DEPLOY_TIMEOUT"],
        ],
      ),
    );
    const warm = jobOf(ci, "warm-nodes").script;
    assert.strictEqual(
      warm[2] + "\n",
      rename(
        body(warmTask().steps[0].script!).replace(`printf '%s' "$job" >"$RESULT_JOB_NAME"\n`, ""),
        {
          IMAGE: "IMAGE_REF",
          PARALLELISM: "WARM_PARALLELISM",
          NODE_LABELS: "WARM_NODE_LABELS",
          WAIT: "WARM_WAIT",
          TIMEOUT: "WARM_TIMEOUT",
          TEMPLATE: "WARM_TEMPLATE",
          NAMESPACE: "WARM_NAMESPACE",
          TASKRUN: "CI_JOB_URL",
        },
        [
          ["the build task's image-ref result", "the build-image job's dotenv report"],
          ["kruise-devops.io/task-run", "kruise-devops.io/ci-job-url"],
          ["param image", "IMAGE_REF"],
          ["param parallelism", "WARM_PARALLELISM"],
          ["param node-labels", "WARM_NODE_LABELS"],
          ["param wait", "WARM_WAIT"],
          ["param timeout", "WARM_TIMEOUT"],
          ['"warm: ', '"warm-nodes: '],
        ],
      ),
    );
    // The builds: the job writes IMAGE_REF to its dotenv report instead of two result files.
    const dotenv = (tekton: string) =>
      tekton
        .replace(`printf '%s' "$digest" >"$RESULT_DIGEST"\n`, "")
        .replace(
          `printf '%s@%s' "$IMAGE" "$digest" >"$RESULT_IMAGE_REF"`,
          `printf 'IMAGE_REF=%s@%s\\n' "$IMAGE" "$digest" >>"$CI_PROJECT_DIR/build.env"`,
        );
    const kaniko = jobOf(ci, "build-image").script;
    assert.ok(kaniko[3].startsWith("executor "), kaniko[3]);
    assert.strictEqual(
      kaniko[4] + "\n",
      rename(
        dotenv(body(kanikoBuildTask().steps[1].script!)),
        { IMAGE: "IMAGE_REPOSITORY", TAG: "CI_COMMIT_SHA", DIGEST_FILE: "KANIKO_DIGEST_FILE" },
        [["build-kaniko:", "build-image:"]],
      ),
    );
    const buildkit = jobOf(load(VARIANTS[1][1]), "build-image").script;
    assert.strictEqual(
      buildkit[3] + "\n",
      rename(
        dotenv(body(buildkitBuildTask().steps[0].script!))
          .replace('; extra-args arrive as "$@"', "")
          .replace(' \\\n  "$@"', ""),
        {
          IMAGE: "IMAGE_REPOSITORY",
          TAG: "CI_COMMIT_SHA",
          SOURCE_DIR: "CI_PROJECT_DIR",
          CONTEXT: "BUILD_CONTEXT",
        },
        [
          ["param image", "IMAGE_REPOSITORY"],
          ["param tag", "CI_COMMIT_SHA"],
          ["param context", "BUILD_CONTEXT"],
          ["param dockerfile", "DOCKERFILE"],
          ["build-buildkit:", "build-image:"],
        ],
      ),
    );
  });
});

describe("gitlab-runner example: the pipeline on the default branch, run as the runner runs it", () => {
  for (const [variant, o] of VARIANTS) {
    for (const shellVariant of [0, 1]) {
      const sh = shellVariant === 0 ? "sh jobs under dash" : "sh jobs under bash --posix";
      it(`${variant}, ${sh}: every job passes, IMAGE_REF goes from the build to warm and deploy`, () => {
        const ci = load(o);
        const ran: Record<string, JobRun> = {};
        for (const stage of STAGES) {
          for (const name of JOBS.filter((j) => jobOf(ci, j).stage === stage)) {
            const job = jobOf(ci, name);
            if (job.rules) {
              assert.deepStrictEqual(job.rules, [
                { if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" },
              ]);
            }
            // Dotenv variables come from the jobs it needs (all earlier ones without needs).
            const from = job.needs ?? Object.keys(ran);
            const inherited = Object.assign({}, ...from.map((n) => ran[n]?.dotenv ?? {}));
            for (const n of job.needs ?? []) assert.ok(ran[n], `${name} needs ${n}, not run yet`);
            const files =
              name === "build-image"
                ? buildFiles(o)
                : name === "warm-nodes"
                  ? { fakeFiles: { "get.json": pullStatus([]) } }
                  : {};
            ran[name] = passed(
              runJob(ci, name, { variant: shellVariant, inherited, ...files }),
              name,
            );
          }
        }
        assert.deepStrictEqual(Object.keys(ran).sort(), [...JOBS].sort());

        const build = ran["build-image"];
        assert.deepStrictEqual(build.dotenv, { IMAGE_REF: PUSHED });
        const auth = Buffer.from(`${USER}:${PASSWORD}`).toString("base64");
        const context = `${build.projectDir}/${o.context ?? "."}`;
        if ((o.builder ?? "kaniko") === "kaniko") {
          assert.deepStrictEqual(build.log, [
            `executor-arg --context=${context}`,
            `executor-arg --dockerfile=${context}/Dockerfile`,
            `executor-arg --destination=${REPOSITORY}:${SHA}`,
            `executor-arg --digest-file=${build.projectDir}/image-digest`,
          ]);
          assert.deepStrictEqual(
            JSON.parse(
              fs.readFileSync(path.join(build.fakeDir, "kaniko-docker-config.json"), "utf8"),
            ),
            { auths: { "ghcr.io": { auth } } },
          );
        } else {
          const args = build.log.map((l) => l.replace(/^buildctl-arg /, ""));
          const metadataFile = args[args.indexOf("--metadata-file") + 1];
          assert.deepStrictEqual(args, [
            "build",
            "--frontend",
            "dockerfile.v0",
            "--local",
            `context=${context}`,
            "--local",
            `dockerfile=${context}/docker`,
            "--opt",
            "filename=Dockerfile.prod",
            "--output",
            `type=image,name=${REPOSITORY}:${SHA},push=true`,
            "--metadata-file",
            metadataFile,
          ]);
          assert.strictEqual(
            fs.readFileSync(path.join(build.fakeDir, "buildkitd-flags"), "utf8"),
            BUILDKITD_FLAGS,
          );
          assert.deepStrictEqual(
            JSON.parse(
              fs.readFileSync(path.join(build.fakeDir, "buildctl-docker-config.json"), "utf8"),
            ),
            { auths: { "ghcr.io": { auth } } },
          );
        }

        const warm = ran["warm-nodes"];
        const created = JSON.parse(
          fs.readFileSync(path.join(warm.fakeDir, "created.json"), "utf8"),
        );
        assert.deepStrictEqual(crdErrors(KRUISE_CRDS, created), []);
        resolveImagePullJobSpec("t", "t", created.spec);
        assert.strictEqual(created.spec.image, PUSHED);
        assert.strictEqual(created.spec.parallelism, 10);
        assert.deepStrictEqual(created.spec.pullSecrets, ["registry-creds"]);
        assert.deepStrictEqual(
          created.spec.selector,
          Object.keys(o.warm.nodeLabels).length ? { matchLabels: o.warm.nodeLabels } : undefined,
        );
        assert.strictEqual(created.metadata.namespace, "ci");
        assert.strictEqual(created.metadata.generateName, "warm-");
        assert.deepStrictEqual(created.metadata.annotations, {
          "kruise-devops.io/ci-job-url": "https://gitlab.example.com/acme/web/-/jobs/warm-nodes",
        });
        assert.strictEqual(created.metadata.labels["app.kubernetes.io/managed-by"], "gitlab-ci");
        assert.deepStrictEqual(created.spec.completionPolicy, {
          type: "Always",
          activeDeadlineSeconds: 1800,
          ttlSecondsAfterFinished: 600,
        });
        assert.deepStrictEqual(warm.log, [
          "kubectl create -f - -o jsonpath={.metadata.name}",
          "kubectl wait -n ci imagepulljobs.apps.kruise.io/warm-x7k2p --for=jsonpath={.status.completionTime} --timeout=1920s",
          "kubectl get -n ci imagepulljobs.apps.kruise.io/warm-x7k2p -o json",
        ]);
        // Exactly what the PipelineServiceAccount grants on ImagePullJobs.
        assert.deepStrictEqual(ranKubectl(warm.log), {
          commands: [...WARM_KUBECTL].sort(),
          verbs: [...IMAGE_PULL_JOB_VERBS],
        });
        assert.match(warm.stdout, /warm-nodes: 3 of 3 nodes pulled the image/);

        const deploy = ran["deploy"];
        assert.deepStrictEqual(deploy.log, [
          `kubectl set image -n shop deployment/web web=${PUSHED}`,
          "kubectl rollout status -n shop deployment/web --timeout=600s",
        ]);
        assert.deepStrictEqual(ranKubectl(deploy.log), {
          commands: [...DEPLOY_KUBECTL.Deployment].sort(),
          verbs: [...DEPLOY_VERBS.Deployment],
        });

        const smoke = ran["integration-test"];
        assert.deepStrictEqual(smoke.log, [
          "wget -q -O /dev/null -T 5 http://web.shop.svc.cluster.local/healthz",
        ]);
        assert.match(
          smoke.stdout,
          /integration-test: http:\/\/web\.shop\.svc\.cluster\.local\/healthz answers/,
        );
        assert.deepStrictEqual(ran["static-check"].log, ["gofmt -l .", "go vet ./..."]);
        assert.deepStrictEqual(ran["unit-test"].log, ["go test ./..."]);
        // The runner echoed each command before running it.
        assert.ok(deploy.stdout.includes("$ set -eu\n"), deploy.stdout);
      });
    }
  }
});

describe("gitlab-runner example: the jobs fail when they should", () => {
  const kaniko = load(DEV);
  const buildkit = load(VARIANTS[1][1]);
  const pushed = { IMAGE_REF: PUSHED };

  for (const variant of [0, 1]) {
    const sh = variant === 0 ? "dash" : "bash --posix";
    it(`build-image (kaniko, ${sh}): a failed build, a bad digest, no credentials`, () => {
      const files = buildFiles(DEV);
      let r = failed(
        runJob(kaniko, "build-image", {
          variant,
          ...files,
          fakeFiles: { ...files.fakeFiles, "executor-fails": "" },
        }),
        "error building image",
      );
      assert.strictEqual(r.dotenv, undefined);
      assert.ok(
        !fs.existsSync(path.join(r.projectDir, "build.env")),
        "a dotenv report after a failed build",
      );
      failed(
        runJob(kaniko, "build-image", {
          variant,
          ...files,
          fakeFiles: { digest: "sha256:nothex" },
        }),
        'build-image: kaniko\'s digest file holds "sha256:nothex", not sha256:<64 hex digits>',
      );
      r = failed(
        runJob(kaniko, "build-image", { variant, ...files, project: { REGISTRY_USER: USER } }),
        "build-image: REGISTRY_USER and REGISTRY_PASSWORD are not both set",
      );
      assert.deepStrictEqual(r.log, [], "built without credentials");
    });

    it(`build-image (buildkit, ${sh}): no Dockerfile, metadata without a digest`, () => {
      const files = buildFiles(VARIANTS[1][1]);
      let r = failed(
        runJob(buildkit, "build-image", {
          variant,
          fakeFiles: files.fakeFiles,
          checkout: { "app/README.md": "" },
        }),
        'build-image: DOCKERFILE "docker/Dockerfile.prod" is not a file of the context',
      );
      assert.deepStrictEqual(r.log, [], "built anyway");
      r = failed(
        runJob(buildkit, "build-image", {
          variant,
          ...files,
          fakeFiles: {
            "metadata.json": JSON.stringify(
              { "containerimage.descriptor": { digest: DIGEST } },
              null,
              2,
            ),
          },
        }),
        "build-image: the build metadata holds no containerimage.digest",
      );
      assert.strictEqual(r.dotenv, undefined);
    });

    it(`integration-test (${sh}): passes once the app answers, fails after ${30} tries`, () => {
      const late = passed(
        runJob(kaniko, "integration-test", { variant, fakeFiles: { "wget-failures": "3" } }),
        "integration-test",
      );
      assert.deepStrictEqual(
        late.log.filter((l) => l.startsWith("sleep")),
        ["sleep 2", "sleep 2", "sleep 2"],
      );
      const r = failed(
        runJob(kaniko, "integration-test", { variant, fakeFiles: { "wget-failures": "30" } }),
        "integration-test: http://web.shop.svc.cluster.local/healthz did not answer after 30 tries",
      );
      assert.strictEqual(r.log.filter((l) => l.startsWith("wget")).length, 30);
    });
  }

  it("warm-nodes: fails listing the nodes that failed to pull", () => {
    const r = failed(
      runJob(kaniko, "warm-nodes", {
        variant: 0,
        inherited: pushed,
        fakeFiles: { "get.json": pullStatus(["node-a", "node-b"]) },
      }),
      "warm-nodes: 2 of 3 nodes failed to pull; failed nodes:",
      "  node-a\n  node-b",
    );
    assert.ok(r.log.some((l) => l.startsWith("kubectl wait")));
  });

  it("warm-nodes: refuses an IMAGE_REF not pinned by digest, and runs nothing without one", () => {
    let r = failed(
      runJob(kaniko, "warm-nodes", {
        variant: 0,
        inherited: { IMAGE_REF: `${REPOSITORY}:${SHA}` },
      }),
      `warm-nodes: IMAGE_REF "${REPOSITORY}:${SHA}" is not pinned by digest`,
      "(the build-image job's dotenv report)",
    );
    assert.deepStrictEqual(r.log, [], "created a job anyway");
    r = failed(runJob(kaniko, "warm-nodes", { variant: 0 }), "IMAGE_REF");
    assert.deepStrictEqual(r.log, [], "created a job without IMAGE_REF");
  });

  it("deploy: fails when the rollout does not finish, after setting the image", () => {
    const r = failed(
      runJob(kaniko, "deploy", {
        variant: 0,
        inherited: pushed,
        fakeFiles: { "rollout-fails": 'error: deployment "web" exceeded its progress deadline\n' },
      }),
      'deployment "web" exceeded its progress deadline',
    );
    assert.deepStrictEqual(r.log, [
      `kubectl set image -n shop deployment/web web=${PUSHED}`,
      "kubectl rollout status -n shop deployment/web --timeout=600s",
    ]);
    failed(
      runJob(kaniko, "deploy", { variant: 0, inherited: { IMAGE_REF: "-x" } }),
      'deploy: IMAGE_REF "-x" is not an image reference',
    );
  });
});

describe("gitlab-runner example: options and the runner's config", () => {
  it("kaniko by default, as CiPipeline; buildkit on request, in the Tekton task's rootless image", () => {
    const k = gitlabCiPipeline(DEV)["build-image"] as GitLabJob;
    assert.deepStrictEqual(k.image, { name: KANIKO_DEBUG_IMAGE, entrypoint: [""] });
    assert.strictEqual(KANIKO_DEBUG_IMAGE, `${TASK_IMAGES.kaniko}-debug`);
    const b = gitlabCiPipeline({ ...DEV, builder: ImageBuilder.BuildKit })[
      "build-image"
    ] as GitLabJob;
    assert.deepStrictEqual(b.image, { name: TASK_IMAGES.buildkit, entrypoint: [""] });
    assert.strictEqual(b.variables?.BUILDKITD_FLAGS, BUILDKITD_FLAGS);
    throwsWith(
      () => gitlabCiPipeline({ ...DEV, builder: "docker" as ImageBuilder }),
      'builder "docker"',
    );
  });

  it("the runner lets exactly the BuildKit job's pod run unconfined by AppArmor", () => {
    const b = gitlabCiPipeline({ ...DEV, builder: ImageBuilder.BuildKit })[
      "build-image"
    ] as GitLabJob;
    const overwrites = Object.entries(b.variables ?? {}).filter(([k]) =>
      k.startsWith("KUBERNETES_POD_ANNOTATIONS_"),
    );
    assert.deepStrictEqual(overwrites, [
      ["KUBERNETES_POD_ANNOTATIONS_BUILDKIT", BUILDKIT_APPARMOR_ANNOTATION],
    ]);
    // The runner checks the variable's value against the regex, then splits it at the first "=".
    assert.ok(new RegExp(BUILDKIT_ANNOTATION_OVERWRITE).test(BUILDKIT_APPARMOR_ANNOTATION));
    assert.ok(!new RegExp(BUILDKIT_ANNOTATION_OVERWRITE).test(`${BUILDKIT_APPARMOR_ANNOTATION}x`));
    const toml = runnerConfigToml({
      namespace: "ci",
      serviceAccount: "gitlab-ci",
      defaultImage: TASK_IMAGES.shell,
      builder: ImageBuilder.BuildKit,
    });
    assert.ok(
      toml.includes(
        `pod_annotations_overwrite_allowed = ${JSON.stringify(BUILDKIT_ANNOTATION_OVERWRITE)}`,
      ),
      toml,
    );
    assert.ok(toml.includes(`mount_path = ${JSON.stringify(BUILDKIT_STATE_DIR)}`), toml);
    // The README shows the same settings.
    const readme = fs.readFileSync(
      path.resolve(__dirname, "..", "..", "..", "examples", "gitlab-runner", "README.md"),
      "utf8",
    );
    for (const line of toml.split("\n").slice(5)) {
      assert.ok(readme.includes(line), `the README lacks ${JSON.stringify(line)}`);
    }
    const plain = runnerConfigToml({
      namespace: "ci",
      serviceAccount: "gitlab-ci",
      defaultImage: TASK_IMAGES.shell,
    });
    assert.strictEqual(
      plain,
      '[[runners]]\n  [runners.kubernetes]\n    namespace = "ci"\n    service_account = "gitlab-ci"\n    image = "docker.io/library/alpine:3.23.5"\n',
    );
  });

  it("refuses what GitLab or the cluster would refuse, before anything is generated", () => {
    throwsWith(
      () => gitlabCiPipeline({ ...DEV, imageRepository: "ghcr.io/acme/web:1" }),
      "has a tag",
    );
    throwsWith(
      () => gitlabCiPipeline({ ...DEV, unitTest: { ...DEV.unitTest, image: "golang" } }),
      "not pinned",
    );
    throwsWith(() => gitlabCiPipeline({ ...DEV, context: "../up" }), "context", "relative path");
    throwsWith(() => gitlabCiPipeline({ ...DEV, dockerfile: "$HOME/Dockerfile" }), "dockerfile");
    throwsWith(
      () => gitlabCiPipeline({ ...DEV, warm: { ...DEV.warm, parallelism: -1 } }),
      "parallelism",
    );
    throwsWith(
      () => gitlabCiPipeline({ ...DEV, warm: { ...DEV.warm, nodeLabels: { "bad key!": "x" } } }),
      "bad key!",
    );
    throwsWith(
      () => gitlabCiPipeline({ ...DEV, deploy: { ...DEV.deploy, container: "Web" } }),
      "deploy.container",
    );
    throwsWith(
      () => gitlabCiPipeline({ ...DEV, integrationTest: { url: "ftp://x" } }),
      "http(s) URL",
    );
  });

  it("holds no secret: the credentials are only named", () => {
    const text = renderGitlabCi(DEV);
    assert.ok(text.includes("$REGISTRY_PASSWORD") && !text.includes(PASSWORD));
  });
});
