/**
 * Tekton CI that pre-warms the nodes before an in-place rollout.
 *
 * A commit is cloned, tested and built with kaniko; the pushed digest is pulled onto the nodes by
 * a Kruise ImagePullJob (the pipeline's warm step) before the CloneSet's image is bumped, in
 * place, for the first batch. The Pods the partition holds back get their image pulled ahead by
 * the CloneSet's own pre-download (PreDownloadImageForInPlaceUpdate), so each later batch
 * restarts on an image its node already has.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  CiPipeline,
  CloneSet,
  KruiseOperator,
  KruiseOperatorArgs,
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
const rollout = config.requireObject<{
  replicas: number;
  partition: number;
  maxUnavailable: number;
}>("rollout");
const preDownload = config.requireObject<{
  parallelism: number;
  timeoutSeconds: number;
  minUpdatedReadyPods: number;
}>("preDownload");
const test = config.requireObject<{ image: string; command: string[] }>("test");
const warm = config.requireObject<{
  parallelism: number;
  nodeSelector: Record<string, string>;
  timeoutSeconds: number;
}>("warm");
/**
 * `kruise` (optional): where the OpenKruise chart comes from and how it is templated, e.g.
 * `{ source: { path: /mirror/kruise/chart-1.8.3 } }` on a machine with no internet.
 * @default the pinned upstream chart, templated client-side
 */
const kruiseInstall = config.getObject<Pick<KruiseOperatorArgs, "source" | "templating">>("kruise");
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

// The installs. PreDownloadImageForInPlaceUpdate turns ImagePullJobGate on with it.
const kruise = new KruiseOperator("kruise", {
  source: kruiseInstall?.source,
  templating: kruiseInstall?.templating,
  featureGates: { PreDownloadImageForInPlaceUpdate: true },
});
const tekton = new TektonPipelines("tekton", { source: tektonInstall?.source });

const appNs = new k8s.core.v1.Namespace("app-namespace", { metadata: { name: appNamespace } });

// The pipeline's namespace, its push credentials and Git login (linked to its ServiceAccount),
// and the ServiceAccount: ImagePullJobs in the pipeline namespace (warm: true by default) and
// get/patch on this one CloneSet, whose Role in the app namespace waits for that namespace.
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
    deploys: [{ kind: "CloneSet", name: appName, namespace: appNamespace }],
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

// After the first PipelineRun the pipeline owns the image (it patches in `<repo>@sha256:…`), so
// later `pulumi up`s (a new partition, say) leave it alone: with Server-Side Apply, an ignored
// field another manager set stays theirs.
const pipelineOwnsImage: pulumi.ResourceTransform = (args) =>
  args.type === "kubernetes:apps.kruise.io/v1alpha1:CloneSet"
    ? {
        props: args.props,
        opts: pulumi.mergeOptions(args.opts, {
          ignoreChanges: ["spec.template.spec.containers[0].image"],
        }),
      }
    : undefined;

const app = new CloneSet(
  appName,
  {
    namespace: appNamespace,
    podSpec: {
      containers: [{ name: appName, image: initialImage, ports: { http: containerPort } }],
      // Kruise's pre-download jobs pull with the template's imagePullSecrets.
      imagePullSecrets: [{ name: pullCreds.secretRef }],
    },
    replicas: rollout.replicas,
    updateStrategy: {
      type: "InPlaceIfPossible",
      partition: rollout.partition,
      maxUnavailable: rollout.maxUnavailable,
    },
    preDownload,
  },
  { dependsOn: after([kruise.ready], appNs, pullCreds), transforms: [pipelineOwnsImage] },
);

const ci = new CiPipeline(
  `${appName}-ci`,
  {
    namespace: pipelineNamespace,
    serviceAccount: pipeline.serviceAccount,
    repo: git.repo,
    revision: git.revision,
    test: { image: test.image, command: test.command },
    build: { image: imageRepository, builder: "kaniko", registrySecret: pipeline.registry! },
    warm: {
      parallelism: warm.parallelism,
      selector: warm.nodeSelector,
      wait: true,
      timeoutSeconds: warm.timeoutSeconds,
    },
    deploy: { cloneSet: { name: appName, container: appName, namespace: appNamespace } },
    run: {},
  },
  { dependsOn: after([tekton.ready], pipeline, app) },
);

export const pipelineName = ci.pipelineName;
export const pipelineRunName = ci.pipelineRun?.metadata.name;
export const cloneSet = pulumi.interpolate`${app.namespace}/${app.name}`;
export const serviceAccount = pipeline.serviceAccount.serviceAccountName;
export const kruiseGates = {
  PreDownloadImageForInPlaceUpdate: kruise.featureGates.PreDownloadImageForInPlaceUpdate,
  ImagePullJobGate: kruise.featureGates.ImagePullJobGate,
};
export const watch = {
  pipelineRun: pulumi.interpolate`tkn pipelinerun logs -f ${pipelineRunName} -n ${pipelineNamespace}`,
  imagePullJobs: `kubectl get imagepulljobs -n ${pipelineNamespace} -w`,
  preDownloadJobs: `kubectl get imagepulljobs -n ${appNamespace} -w`,
  cloneSet: `kubectl get cloneset ${appName} -n ${appNamespace} -w`,
};
