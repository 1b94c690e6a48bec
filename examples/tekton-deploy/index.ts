/**
 * Tekton CI that deploys a plain Deployment.
 *
 * Every run clones a commit, runs the unit tests, builds and pushes `<image>:<commit>` with
 * kaniko, then `kubectl set image`s the Deployment to the pushed digest and waits for
 * `kubectl rollout status`. No OpenKruise here: the pipeline's ServiceAccount gets no
 * ImagePullJob rights, only get/list/patch/watch on this one Deployment.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  CiPipeline,
  PipelineNamespace,
  RegistryCredentials,
  TektonPipelines,
  TektonPipelinesArgs,
} from "kruise-devops";

const config = new pulumi.Config();

const pipelineNamespace = config.require("pipelineNamespace");
const appNamespace = config.require("appNamespace");
const appName = config.require("appName");
const git = {
  repo: config.require("gitRepo"),
  revision: config.require("gitRevision"),
  host: config.require("gitHost"),
  username: config.require("gitUsername"),
  token: config.requireSecret("gitToken"),
};
const registry = {
  host: config.require("registry"),
  username: config.require("registryUsername"),
  pushToken: config.requireSecret("registryToken"),
  pullToken: config.requireSecret("registryPullToken"),
};
const imageRepository = config.require("imageRepository");
const initialImage = config.require("initialImage");
const containerPort = config.requireNumber("containerPort");
const replicas = config.requireNumber("replicas");
const test = config.requireObject<{ image: string; command: string[]; workdir: string }>("test");
const rolloutTimeoutSeconds = config.requireNumber("rolloutTimeoutSeconds");
/**
 * `tekton` (optional): where the Tekton Pipelines manifests come from, e.g.
 * `{ source: { path: /mirror/tekton/v1.15.0/release.yaml } }` on a machine with no internet.
 * @default the pinned upstream release.yaml
 */
const tektonInstall = config.getObject<Pick<TektonPipelinesArgs, "source">>("tekton");

/** `dependsOn` for what needs installs' `ready` (each may be undefined under mocks) and more. */
function after(
  installs: pulumi.Output<pulumi.Resource[]>[],
  ...more: pulumi.Resource[]
): pulumi.Output<pulumi.Resource[]> {
  return pulumi.all(installs).apply((ready) => [...ready.flatMap((r) => r ?? []), ...more]);
}

const tekton = new TektonPipelines("tekton", { source: tektonInstall?.source });

const appNs = new k8s.core.v1.Namespace("app-namespace", { metadata: { name: appNamespace } });

// The pipeline's namespace, its push credentials and Git login (linked to its ServiceAccount),
// and the ServiceAccount. No warm step, so no ImagePullJob rights: only the Deployment's own
// verbs, by name, in the app namespace (its Role waits for that namespace).
const pipeline = new PipelineNamespace(
  "ci",
  {
    namespace: pipelineNamespace,
    registry: {
      secretName: "registry-creds",
      registry: registry.host,
      username: registry.username,
      password: registry.pushToken,
    },
    git: {
      secretName: "git-creds",
      host: git.host,
      basicAuth: { username: git.username, password: git.token },
    },
    serviceAccountName: "pipeline",
    warm: false,
    deploys: [{ kind: "Deployment", name: appName, namespace: appNamespace }],
  },
  { dependsOn: [appNs] },
);

// A pull-only login where the Pods run.
const pullCreds = new RegistryCredentials(
  "registry-pull",
  {
    namespace: appNamespace,
    registry: registry.host,
    username: registry.username,
    password: registry.pullToken,
  },
  { dependsOn: [appNs] },
);

// The target. It starts on initialImage; from the first PipelineRun on, the pipeline sets the
// image (`<imageRepository>@sha256:…`), so Pulumi ignores that field: with Server-Side Apply,
// an ignored field another manager set stays theirs, and a later `pulumi up` does not roll back.
const labels = { "app.kubernetes.io/name": appName };
const deployment = new k8s.apps.v1.Deployment(
  appName,
  {
    metadata: { name: appName, namespace: appNamespace, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: appName,
              image: initialImage,
              ports: [{ name: "http", containerPort }],
              readinessProbe: { tcpSocket: { port: "http" }, periodSeconds: 5 },
            },
          ],
          imagePullSecrets: [{ name: pullCreds.secretName }],
        },
      },
    },
  },
  { dependsOn: [appNs], ignoreChanges: ["spec.template.spec.containers[0].image"] },
);

const ci = new CiPipeline(
  `${appName}-ci`,
  {
    namespace: pipelineNamespace,
    serviceAccount: pipeline.serviceAccount,
    repo: git.repo,
    revision: git.revision,
    test: { image: test.image, command: test.command, workdir: test.workdir },
    build: { image: imageRepository, builder: "kaniko", registrySecret: pipeline.registry! },
    deploy: {
      deployment: {
        name: appName,
        container: appName,
        namespace: appNamespace,
        timeoutSeconds: rolloutTimeoutSeconds,
      },
    },
    run: {},
  },
  { dependsOn: after([tekton.ready], pipeline, deployment) },
);

export const pipelineName = ci.pipelineName;
export const pipelineRunName = ci.pipelineRun?.metadata.name;
export const deploymentName = pulumi.interpolate`${deployment.metadata.namespace}/${deployment.metadata.name}`;
export const serviceAccount = pipeline.serviceAccount.serviceAccountName;
export const watch = {
  pipelineRun: pulumi.interpolate`tkn pipelinerun logs -f ${pipelineRunName} -n ${pipelineNamespace}`,
  deployment: `kubectl rollout status deployment/${appName} -n ${appNamespace}`,
  image: `kubectl get deployment ${appName} -n ${appNamespace} -o jsonpath='{.spec.template.spec.containers[0].image}'`,
};
