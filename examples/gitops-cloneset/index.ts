/**
 * GitOps: Argo CD delivers a CloneSet from Git; a Tekton pipeline builds, warms, then syncs.
 *
 * Git says what runs: the CloneSet (InPlaceIfPossible, a partition) lives in the deploy
 * repository, and Argo CD applies it only when the pipeline asks (manual sync). Each run clones
 * the application repository, tests it, pushes `<image>:<commit>`, pulls the digest onto the
 * nodes with a Kruise ImagePullJob, then `argocd app sync`s the Application and waits until it is
 * synced and healthy. Kruise runs with TemplateNoDefaults, so its webhook adds nothing to the
 * CloneSet's Pod template and Argo CD sees no drift without a server-side diff.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  ArgoApplication,
  ArgoCd,
  ArgoCdArgs,
  CiPipeline,
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
  repo: config.require("appRepo"),
  revision: config.require("appRevision"),
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
const test = config.requireObject<{ image: string; command: string[] }>("test");
const warm = config.requireObject<{
  parallelism: number;
  nodeSelector: Record<string, string>;
  timeoutSeconds: number;
}>("warm");
const deploy = {
  repoURL: config.require("deployRepo"),
  path: config.require("deployPath"),
  revision: config.require("deployRevision"),
};
const argo = {
  adminPassword: config.requireSecret("argocdAdminPassword"),
  account: config.require("argocdAccount"),
  server: config.require("argocdServer"),
  token: config.requireSecret("argocdToken"),
  syncTimeoutSeconds: config.requireNumber("syncTimeoutSeconds"),
};
const runPipeline = config.requireBoolean("runPipeline");
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
/**
 * `argocd` (optional): where the Argo CD chart comes from and how it is templated, e.g.
 * `{ source: { path: /mirror/argocd/chart-10.1.1 } }` on a machine with no internet.
 * @default the pinned upstream chart, templated server-side
 */
const argocdInstall = config.getObject<Pick<ArgoCdArgs, "source" | "templating">>("argocd");

/** `dependsOn` for what needs installs' `ready` (each may be undefined under mocks) and more. */
function after(
  installs: pulumi.Output<pulumi.Resource[]>[],
  ...more: pulumi.Resource[]
): pulumi.Output<pulumi.Resource[]> {
  return pulumi.all(installs).apply((ready) => [...ready.flatMap((r) => r ?? []), ...more]);
}

/**
 * CloneSet health for rollouts that stop at a partition (Argo CD runs it on Lua 5.1 with only
 * the base and table libraries). Argo CD's built-in check reports such a CloneSet as Suspended
 * ("needs manual intervention") once the batch is out, and `argocd app wait --health` accepts
 * only Healthy, so the pipeline's sync step would wait until its timeout. Here: Progressing
 * until the controller has seen the spec and the batch (replicas - partition) is updated and
 * ready and every Pod is ready, then Healthy, saying how many Pods the partition holds back.
 */
const CLONESET_HEALTH = `
local hs = { status = "Progressing", message = "Waiting for the CloneSet controller" }
local s = obj.status
if s == nil or s.observedGeneration == nil or s.observedGeneration < obj.metadata.generation then
  return hs
end
if obj.spec.updateStrategy ~= nil and obj.spec.updateStrategy.paused == true then
  hs.status = "Suspended"
  hs.message = "CloneSet is paused"
  return hs
end
local replicas = obj.spec.replicas or 1
local expected = s.expectedUpdatedReplicas or 0
local updatedReady = s.updatedReadyReplicas or 0
local ready = s.readyReplicas or 0
if updatedReady < expected then
  hs.message = updatedReady .. " of " .. expected .. " updated Pods ready"
  return hs
end
if ready < replicas then
  hs.message = ready .. " of " .. replicas .. " Pods ready"
  return hs
end
hs.status = "Healthy"
if updatedReady < replicas then
  hs.message = updatedReady .. " of " .. replicas .. " Pods updated and ready; the partition holds back " .. (replicas - updatedReady)
else
  hs.message = "All " .. replicas .. " Pods updated and ready"
end
return hs
`;

// The installs. gitOps turns on TemplateNoDefaults; the CloneSet in Git asks for pre-download.
const kruise = new KruiseOperator("kruise", {
  source: kruiseInstall?.source,
  templating: kruiseInstall?.templating,
  gitOps: true,
  featureGates: { PreDownloadImageForInPlaceUpdate: true },
});
const tekton = new TektonPipelines("tekton", { source: tektonInstall?.source });
// An API-key account for the pipeline, allowed to read and sync this one Application.
const argocd = new ArgoCd("argocd", {
  source: argocdInstall?.source,
  templating: argocdInstall?.templating,
  adminPassword: argo.adminPassword,
  healthChecks: { "apps.kruise.io_CloneSet": CLONESET_HEALTH },
  values: {
    configs: {
      cm: { [`accounts.${argo.account}`]: "apiKey" },
      rbac: {
        "policy.csv": [
          `p, role:${argo.account}, applications, get, default/${appName}, allow`,
          `p, role:${argo.account}, applications, sync, default/${appName}, allow`,
          `g, ${argo.account}, role:${argo.account}`,
        ].join("\n"),
      },
    },
  },
});

const appNs = new k8s.core.v1.Namespace("app-namespace", { metadata: { name: appNamespace } });

// The pipeline's namespace, its push credentials and Git login (linked to its ServiceAccount),
// the Argo CD token its sync step reads, and the ServiceAccount. Argo CD applies the CloneSet,
// so the pipeline needs no workload rights: ImagePullJobs only (warm: true by default).
const pipeline = new PipelineNamespace("ci", {
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
  argocdToken: { secretName: "argocd-token", server: argo.server, token: argo.token },
  serviceAccountName: "pipeline",
});

// A pull-only login for the CloneSet's Pods and Kruise's pre-download jobs (the manifest in Git
// names it).
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

// Manual sync (the default): Argo CD rolls out what Git says only when the pipeline syncs, after
// the image is pushed and warm. `kruise` has TemplateNoDefaults on: no server-side diff needed.
const app = new ArgoApplication(
  appName,
  {
    repoURL: deploy.repoURL,
    path: deploy.path,
    targetRevision: deploy.revision,
    destination: { namespace: appNamespace },
    kruise,
  },
  { dependsOn: after([argocd.ready, kruise.ready], appNs, pullCreds) },
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
    deploy: {
      argocd: {
        application: app,
        token: pipeline.argocdToken!,
        timeoutSeconds: argo.syncTimeoutSeconds,
      },
    },
    run: { enabled: runPipeline },
  },
  { dependsOn: after([tekton.ready], pipeline, app) },
);

export const argocdServer = argocd.serverAddress;
export const application = app.applicationName;
export const pullSecret = pullCreds.secretName;
export const pipelineName = ci.pipelineName;
export const pipelineRunName = ci.pipelineRun?.metadata.name;
export const serviceAccount = pipeline.serviceAccount.serviceAccountName;
export const templateNoDefaults = kruise.featureGates.TemplateNoDefaults;
export const watch = {
  pipelineRun: pulumi.interpolate`tkn pipelinerun logs -f ${pipelineRunName ?? "--last"} -n ${pipelineNamespace}`,
  imagePullJobs: `kubectl get imagepulljobs -n ${pipelineNamespace} -w`,
  application: `kubectl get application ${appName} -n ${argocd.namespace} -w`,
  cloneSet: `kubectl get cloneset -n ${appNamespace} -w`,
};
