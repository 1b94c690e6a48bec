/**
 * The jobs of the generated pipeline that build, warm, deploy and test. Their scripts are the
 * package's own step scripts, the ones CiPipeline's Tekton Tasks run (`kanikoDigestScript`,
 * `buildkitBuildScript`, `warmScript`, `deploymentRolloutScript`), with GitLab's variables as
 * inputs and the build's result as a dotenv report; only the registry login and the smoke test
 * are GitLab's own. Pure.
 *
 * Each job's `script:` is `set -eu`, a `fail` function and the step script (`scriptCommands`):
 * the runner runs the entries one after another in one shell, with errexit (and pipefail where
 * the shell has it) on.
 */
import {
  BUILDKITD_FLAGS,
  COMPLETION_GRACE_SECONDS,
  ImageBuilder,
  ScriptInput,
  ScriptOutput,
  TASK_IMAGES,
  WARM_COMPLETION_DEFAULTS,
  WarmJobCreator,
  buildkitBuildScript,
  deploymentRolloutScript,
  kanikoDigestScript,
  kanikoExecutorArgs,
  parseNormalizedNamed,
  scriptCommands,
  warmJobTemplate,
  warmScript,
} from "kruise-devops";

/**
 * kaniko's executor, the `-debug` variant of CiPipeline's kaniko image: the only one with a shell
 * (busybox, `/busybox` and `/kaniko` on its PATH), which a job's `script` needs. kaniko is
 * archived upstream; v1.24.0 is its last release.
 */
export const KANIKO_DEBUG_IMAGE = `${TASK_IMAGES.kaniko}-debug`;
{
  const parsed = parseNormalizedNamed(KANIKO_DEBUG_IMAGE);
  if (!parsed.ok || parsed.ref.tag === undefined || parsed.ref.digest !== undefined) {
    throw new Error(`gitlab-ci: ${KANIKO_DEBUG_IMAGE} is not a tagged image reference`);
  }
}

/** A GitLab CI job, as far as this pipeline uses the keywords. */
export interface GitLabJob {
  stage: string;
  image: string | { name: string; entrypoint: string[] };
  needs?: string[];
  rules?: { if: string }[];
  resource_group?: string;
  variables?: Record<string, string | { value: string; expand: boolean }>;
  script: string[];
  artifacts?: { reports: { dotenv: string } };
}

/** The dotenv report of the build job, relative to the project directory. */
export const BUILD_DOTENV = "build.env";

/** What the build job hands the later jobs: `IMAGE_REF`, `<repository>@sha256:…`. */
export const IMAGE_REF = "IMAGE_REF";

/** The build job's name: the later jobs `need` it for its dotenv report. */
export const BUILD_JOB = "build-image";

/**
 * The annotation the warm job's ImagePullJob records its GitLab job in (`$CI_JOB_URL`), as
 * CiPipeline's records its TaskRun in `kruise-devops.io/task-run`.
 */
export const CI_JOB_ANNOTATION = "kruise-devops.io/ci-job-url";

/**
 * The pod annotation the BuildKit job asks for through the runner's annotation overwrite
 * (`KUBERNETES_POD_ANNOTATIONS_*`, allowed by `pod_annotations_overwrite_allowed`): AppArmor
 * unconfined for the job's build container, whose mounts rootless BuildKit needs.
 */
export const BUILDKIT_APPARMOR_ANNOTATION =
  "container.apparmor.security.beta.kubernetes.io/build=unconfined";

/** Who creates the warm job's ImagePullJobs: their labels and the name errors start with. */
export const GITLAB_WARM_CREATOR: WarmJobCreator = {
  managedBy: "gitlab-ci",
  component: "warm-nodes",
  name: "gitlab-ci",
  resource: "warm-nodes",
};

/** A GitLab variable as a step script's input: read as `$NAME`, named so in messages. */
function variable(name: string): ScriptInput {
  return { variable: name, label: name };
}

const ON_DEFAULT_BRANCH = [{ if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" }];

/** The build's result: `IMAGE_REF=<repository>@<digest>`, appended to the dotenv report. */
const IMAGE_REF_OUTPUT: ScriptOutput = {
  file: `$CI_PROJECT_DIR/${BUILD_DOTENV}`,
  dotenvName: IMAGE_REF,
};

/**
 * The registry login (GitLab's own: a Tekton build mounts a Secret instead): the Docker config
 * both builders read (`$DOCKER_CONFIG`, which kaniko's image sets to `/kaniko/.docker/`, else
 * `$HOME/.docker`), written from the masked CI/CD variables `REGISTRY_USER` and
 * `REGISTRY_PASSWORD`, for `REGISTRY_AUTH_KEY`. No command shows them.
 */
const REGISTRY_LOGIN = [
  'if [ -z "${REGISTRY_USER:-}" ] || [ -z "${REGISTRY_PASSWORD:-}" ]; then',
  '  fail "REGISTRY_USER and REGISTRY_PASSWORD are not both set: define them as masked CI/CD variables of the project"',
  "fi",
  'docker_config="${DOCKER_CONFIG:-$HOME/.docker}"',
  'mkdir -p "$docker_config"',
  "auth=$(printf '%s:%s' \"$REGISTRY_USER\" \"$REGISTRY_PASSWORD\" | base64 | tr -d '\\n')",
  'printf \'{"auths":{"%s":{"auth":"%s"}}}\\n\' "$REGISTRY_AUTH_KEY" "$auth" >"$docker_config/config.json"',
].join("\n");

/** The build job's inputs: what it pushes and builds. */
export interface BuildJobOptions {
  /** `kaniko` or `buildkit`. */
  builder: ImageBuilder;
  /** Repository to push to, without tag or digest. */
  imageRepository: string;
  /** The `auths` key of the registry (`registryKey(registry)`). */
  registryAuthKey: string;
  /** Build context, relative to the checkout. */
  context: string;
  /** Dockerfile, relative to the context. */
  dockerfile: string;
}

/**
 * The `build-image` job: logs in to the registry, builds `$CI_PROJECT_DIR/<context>` with the
 * chosen builder, pushes `<repository>:$CI_COMMIT_SHA`, and passes `IMAGE_REF` (pinned by digest)
 * on in its dotenv report.
 *
 * - kaniko: the executor (`executor`, on the debug image's PATH) with CiPipeline's arguments
 *   (`kanikoExecutorArgs`), then CiPipeline's digest check (`kanikoDigestScript`).
 * - buildkit: CiPipeline's BuildKit script (`buildkitBuildScript`: `buildctl-daemonless.sh`, an
 *   ephemeral rootless `buildkitd` with `BUILDKITD_FLAGS`) in the same rootless image, its
 *   entrypoint reset. The runner must let the job's pod run it (runnerConfig.ts).
 */
export function buildImageJob(o: BuildJobOptions): GitLabJob {
  const inputs = { image: variable("IMAGE_REPOSITORY"), tag: variable("CI_COMMIT_SHA") };
  const variables = {
    REGISTRY_AUTH_KEY: o.registryAuthKey,
    BUILD_CONTEXT: o.context,
    DOCKERFILE: o.dockerfile,
  };
  const artifacts = { reports: { dotenv: BUILD_DOTENV } };
  if (o.builder === ImageBuilder.BuildKit) {
    return {
      stage: "build",
      // The image's entrypoint is rootlesskit buildkitd: the job runs its script instead.
      image: { name: TASK_IMAGES.buildkit, entrypoint: [""] },
      rules: ON_DEFAULT_BRANCH,
      variables: {
        ...variables,
        BUILDKITD_FLAGS,
        KUBERNETES_POD_ANNOTATIONS_BUILDKIT: BUILDKIT_APPARMOR_ANNOTATION,
      },
      script: scriptCommands(
        BUILD_JOB,
        REGISTRY_LOGIN,
        buildkitBuildScript({
          task: BUILD_JOB,
          inputs: {
            ...inputs,
            sourceDir: variable("CI_PROJECT_DIR"),
            context: variable("BUILD_CONTEXT"),
            dockerfile: variable("DOCKERFILE"),
          },
          outputs: { imageRef: IMAGE_REF_OUTPUT },
        }),
      ),
      artifacts,
    };
  }
  const executor = [
    "executor",
    ...kanikoExecutorArgs({
      context: "$CI_PROJECT_DIR/$BUILD_CONTEXT",
      dockerfile: "$CI_PROJECT_DIR/$BUILD_CONTEXT/$DOCKERFILE",
      destination: "$IMAGE_REPOSITORY:$CI_COMMIT_SHA",
      digestFile: "$KANIKO_DIGEST_FILE",
    }).map((arg) => `"${arg}"`),
  ].join(" ");
  return {
    stage: "build",
    // The debug image's entrypoint is the executor: the job runs its script instead.
    image: { name: KANIKO_DEBUG_IMAGE, entrypoint: [""] },
    rules: ON_DEFAULT_BRANCH,
    variables: { ...variables, KANIKO_DIGEST_FILE: "$CI_PROJECT_DIR/image-digest" },
    script: scriptCommands(
      BUILD_JOB,
      REGISTRY_LOGIN,
      executor,
      kanikoDigestScript({
        task: BUILD_JOB,
        inputs: { ...inputs, digestFile: variable("KANIKO_DIGEST_FILE") },
        outputs: { imageRef: IMAGE_REF_OUTPUT },
      }),
    ),
    artifacts,
  };
}

/** The warm job's inputs. */
export interface WarmJobOptions {
  /** Namespace the ImagePullJob is created in. */
  namespace: string;
  /** Nodes pulling at once. */
  parallelism: number;
  /** Node labels selecting the nodes to warm; `{}` is every node. */
  nodeLabels: Record<string, string>;
  /** A dockerconfigjson Secret in `namespace` the nodes pull with. */
  pullSecret?: string;
}

/**
 * The `warm-nodes` job, right after the build: CiPipeline's warm script (`warmScript`) creates
 * an ImagePullJob for `$IMAGE_REF` from a template built with CiPipeline's builder
 * (`warmJobTemplate`: every Kruise rule and default, `completionPolicy: Always`, a deadline and
 * Kruise's TTL), waits for it, and fails listing the nodes that failed.
 */
export function warmNodesJob(o: WarmJobOptions): GitLabJob {
  const template = warmJobTemplate(
    o.pullSecret ? { pullSecrets: [o.pullSecret] } : {},
    GITLAB_WARM_CREATOR,
  );
  const timeout = WARM_COMPLETION_DEFAULTS.activeDeadlineSeconds + COMPLETION_GRACE_SECONDS;
  return {
    stage: "build",
    needs: [BUILD_JOB],
    image: TASK_IMAGES.kubectl,
    rules: ON_DEFAULT_BRANCH,
    variables: {
      WARM_NAMESPACE: o.namespace,
      WARM_PARALLELISM: String(o.parallelism),
      WARM_NODE_LABELS: JSON.stringify(o.nodeLabels),
      WARM_WAIT: "true",
      WARM_TIMEOUT: `${timeout}s`,
      // `expand: false`: GitLab reads nothing in the template as a variable.
      WARM_TEMPLATE: { value: JSON.stringify(template), expand: false },
    },
    script: scriptCommands(
      "warm-nodes",
      warmScript({
        task: "warm-nodes",
        inputs: {
          image: variable(IMAGE_REF),
          parallelism: variable("WARM_PARALLELISM"),
          nodeLabels: variable("WARM_NODE_LABELS"),
          wait: variable("WARM_WAIT"),
          timeout: variable("WARM_TIMEOUT"),
          template: variable("WARM_TEMPLATE"),
          namespace: variable("WARM_NAMESPACE"),
          run: variable("CI_JOB_URL"),
        },
        runAnnotation: CI_JOB_ANNOTATION,
        imageSource: `the ${BUILD_JOB} job's dotenv report`,
        outputs: {},
      }),
    ),
  };
}

/** The deploy job's inputs. */
export interface DeployJobOptions {
  /** The Deployment's namespace. */
  namespace: string;
  /** The Deployment's name. */
  deployment: string;
  /** The container whose image is set. */
  container: string;
  /** How long `kubectl rollout status` waits. */
  timeoutSeconds: number;
}

/**
 * The `deploy` job: CiPipeline's deploy-deployment script (`deploymentRolloutScript`): `kubectl
 * set image` to `$IMAGE_REF`, then `kubectl rollout status`, which fails when the rollout does
 * not finish in time. One rollout at a time (`resource_group`).
 */
export function deployJob(o: DeployJobOptions): GitLabJob {
  return {
    stage: "deploy",
    needs: [BUILD_JOB, "warm-nodes"],
    image: TASK_IMAGES.kubectl,
    rules: ON_DEFAULT_BRANCH,
    resource_group: `deploy-${o.namespace}-${o.deployment}`,
    variables: {
      DEPLOY_NAMESPACE: o.namespace,
      DEPLOYMENT: o.deployment,
      CONTAINER: o.container,
      DEPLOY_TIMEOUT: `${o.timeoutSeconds}s`,
    },
    script: scriptCommands(
      "deploy",
      deploymentRolloutScript({
        inputs: {
          namespace: variable("DEPLOY_NAMESPACE"),
          workload: variable("DEPLOYMENT"),
          container: variable("CONTAINER"),
          image: variable(IMAGE_REF),
          timeout: variable("DEPLOY_TIMEOUT"),
        },
      }),
    ),
  };
}

/** Tries of the smoke test, 2 seconds apart. */
export const INTEGRATION_TRIES = 30;

/**
 * The `integration-test` job (GitLab's own: CiPipeline has no such step): waits for `url` to
 * answer, up to {@link INTEGRATION_TRIES} tries. A smoke test: replace it with your suite.
 */
export function integrationTestJob(url: string): GitLabJob {
  return {
    stage: "integration-test",
    needs: ["deploy"],
    image: TASK_IMAGES.shell,
    rules: ON_DEFAULT_BRANCH,
    variables: { APP_URL: url },
    script: scriptCommands(
      "integration-test",
      String.raw`
  tries=0
  until wget -q -O /dev/null -T 5 "$APP_URL"; do
    tries=$((tries + 1))
    [ "$tries" -lt ${INTEGRATION_TRIES} ] || fail "$APP_URL did not answer after $tries tries"
    sleep 2
  done
  echo "integration-test: $APP_URL answers"
  `,
    ),
  };
}
