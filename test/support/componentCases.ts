/**
 * Every public component of the package with typical args, for the tests that go over all of
 * them (test/anyArgs.test.ts, test/outputs.test.ts).
 */
import * as pulumi from "@pulumi/pulumi";

import type * as K from "../../components";
import { helmTemplate } from "./mocks";

type Kd = typeof import("../../components");

const NGINX = "docker.io/library/nginx:1.27.3";

/** A component and its typical args (made fresh for each run: they hold secrets and resources). */
export interface Case {
  component: string;
  make(name: string, args: unknown): unknown;
  args(): unknown;
}

/** A {@link Case} whose typical args type-check against the component's own args type. */
function caseOf<A>(
  component: string,
  ctor: new (name: string, args: A) => unknown,
): (args: () => A) => Case {
  return (args) => ({ component, make: (name, a) => new ctor(name, a as A), args });
}

/** Every public component with typical args; the resources they refer to are made once. */
export function componentCases(kd: Kd): Case[] {
  const shared = (() => {
    const registry = new kd.RegistryCredentials("any-registry", {
      registry: "ghcr.io",
      username: "ci-bot",
      password: pulumi.secret("ghp_registrytoken"),
      namespace: "ci",
    });
    const sa = new kd.PipelineServiceAccount("any-sa", {
      namespace: "ci",
      credentials: [registry],
      deploys: [{ kind: "CloneSet", name: "web", namespace: "shop" }],
    });
    return { registry, sa };
  })();

  return [
    caseOf(
      "KruiseOperator",
      kd.KruiseOperator,
    )((): K.KruiseOperatorArgs => ({
      templating: "client",
      gitOps: true,
      crds: { keepOnDelete: true },
    })),
    caseOf(
      "ArgoCd",
      kd.ArgoCd,
    )((): K.ArgoCdArgs => ({
      templating: "client",
      adminPassword: pulumi.secret("admin-password"),
      crds: { keepOnDelete: true },
    })),
    caseOf(
      "TektonPipelines",
      kd.TektonPipelines,
    )((): K.TektonPipelinesArgs => ({
      featureFlags: { enableApiFields: "stable" },
      defaults: { timeoutMinutes: 30 },
      keepCrdsOnDelete: true,
    })),
    caseOf(
      "RegistryCredentials",
      kd.RegistryCredentials,
    )((): K.RegistryCredentialsArgs => ({
      registry: "ghcr.io",
      username: "ci-bot",
      password: pulumi.secret("ghp_registrytoken"),
      namespace: "ci",
    })),
    caseOf(
      "GitCredentials",
      kd.GitCredentials,
    )((): K.GitCredentialsArgs => ({
      host: "github.com",
      namespace: "ci",
      basicAuth: { username: "ci-bot", password: pulumi.secret("ghp_gittoken") },
    })),
    caseOf(
      "ArgoCdToken",
      kd.ArgoCdToken,
    )((): K.ArgoCdTokenArgs => ({
      server: "argocd.example.com",
      namespace: "ci",
      token: pulumi.secret("argocd-api-token"),
    })),
    caseOf(
      "PipelineServiceAccount",
      kd.PipelineServiceAccount,
    )((): K.PipelineServiceAccountArgs => ({
      namespace: "ci",
      credentials: [shared.registry, { secretName: "extra-creds" }],
      imagePullSecrets: ["step-images"],
      deploys: [{ kind: "CloneSet", name: "web", namespace: "shop" }],
    })),
    caseOf(
      "PipelineNamespace",
      kd.PipelineNamespace,
    )((): K.PipelineNamespaceArgs => ({
      namespace: "builds",
      registry: {
        registry: "ghcr.io",
        username: "ci-bot",
        password: pulumi.secret("ghp_registrytoken"),
        secretName: "registry-creds",
      },
      git: { host: "github.com", basicAuth: { username: "ci-bot", password: pulumi.secret("t") } },
      argocdToken: { server: "argocd.example.com", token: pulumi.secret("argocd-api-token") },
      deploys: [{ kind: "Deployment", name: "web", namespace: "shop" }],
    })),
    caseOf(
      "CiPipeline",
      kd.CiPipeline,
    )((): K.CiPipelineArgs => ({
      namespace: "ci",
      serviceAccount: shared.sa,
      repo: "https://github.com/acme/web.git",
      test: { image: "docker.io/library/golang:1.23", command: ["go", "test", "./..."] },
      build: { image: "ghcr.io/acme/web", registrySecret: shared.registry },
      warm: { parallelism: 20, selector: { "resource-pool": "web" } },
      deploy: { cloneSet: { name: "web", container: "web", namespace: "shop" } },
      run: {},
    })),
    caseOf(
      "CloneSet",
      kd.CloneSet,
    )((): K.CloneSetArgs => ({
      image: NGINX,
      namespace: "shop",
      replicas: 4,
      ports: { http: 8080 },
      env: { MODE: "prod" },
      resources: { requests: { cpu: "100m", memory: "128Mi" } },
      updateStrategy: { partitionPercent: 50, maxUnavailable: 1, maxSurgePercent: 25 },
      preDownload: { minUpdatedReadyPodsPercent: 25 },
    })),
    caseOf(
      "ArgoApplication",
      kd.ArgoApplication,
    )((): K.ArgoApplicationArgs => ({
      repoURL: "https://github.com/acme/deploy.git",
      path: "apps/web",
      targetRevision: "main",
      destination: { namespace: "web" },
    })),
    caseOf(
      "BaseImageWarm",
      kd.BaseImageWarm,
    )((): K.BaseImageWarmArgs => ({
      images: [NGINX, "docker.io/library/alpine:3.20"],
      parallelism: 10,
    })),
    caseOf(
      "SidecarWarm",
      kd.SidecarWarm,
    )((): K.SidecarWarmArgs => ({ images: ["docker.io/istio/proxyv2:1.23.2"] })),
    caseOf(
      "PoolWarm",
      kd.PoolWarm,
    )((): K.PoolWarmArgs => ({
      images: ["ghcr.io/acme/fn:2.1.0"],
      pool: { matchLabels: { "resource-pool": "serverless" } },
    })),
    caseOf(
      "ImageListWarm",
      kd.ImageListWarm,
    )((): K.ImageListWarmArgs => ({
      images: [NGINX, "docker.io/library/redis:7.4.1"],
    })),
    caseOf(
      "ScheduledWarm",
      kd.ScheduledWarm,
    )((): K.ScheduledWarmArgs => ({
      images: [NGINX],
      schedule: "0 3 * * *",
      kruiseVersion: "1.9.1",
    })),
    caseOf(
      "Platform",
      kd.Platform,
    )((): K.PlatformArgs => ({
      kruise: { templating: "client", gitOps: true },
      tekton: { keepCrdsOnDelete: true },
      argocd: { templating: "client", adminPassword: pulumi.secret("admin-password") },
      pipeline: {
        namespace: "ci2",
        registry: {
          registry: "ghcr.io",
          username: "bot",
          password: pulumi.secret("registry-token"),
        },
        git: { host: "github.com", basicAuth: { username: "bot", password: pulumi.secret("t") } },
        deploys: [{ kind: "CloneSet", name: "web", namespace: "shop" }],
      },
      warm: {
        base: { images: ["docker.io/library/alpine:3.20"] },
        pools: { gpu: { images: ["ghcr.io/acme/gpu:1.0.0"], pool: { names: ["n1"] } } },
      },
    })),
  ];
}

const SSH_KEY =
  "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----";
const GITHUB_KNOWN_HOST =
  "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
/** A certificate's PEM shape (its content is not read). */
const CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUY2EK\n-----END CERTIFICATE-----";

/** The args every warm component takes, each given (but the plan, which list warms lack). */
const WARM_COMMON_NO_PLAN = {
  pullPolicy: { timeoutSeconds: 300, backoffLimit: 2 },
  imagePullPolicy: "Always" as const,
  namespace: "warm",
  sandboxConfig: { labels: { tier: "warm" }, annotations: { owner: "platform" } },
  labels: { team: "platform" },
};
const WARM_COMMON = {
  ...WARM_COMMON_NO_PLAN,
  plan: {
    expectedNodes: 100,
    imageSizeMiB: 200,
    pullMiBPerSecond: 50,
    nodeReportSeconds: 2,
    controllerQps: 30,
    controllerBurst: 50,
  },
};

/** kruise-manager's Deployment as the Kruise chart renders it (its `manager` container). */
const KRUISE_MANAGER_DEPLOYMENT = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "kruise-controller-manager", namespace: "kruise-system" },
  spec: {
    template: { spec: { containers: [{ name: "manager", args: ["--metrics-addr=:8080"] }] } },
  },
};

/**
 * KruiseOperator args with every Input-typed path set. The chart must render kruise-manager's
 * Deployment ({@link KRUISE_MANAGER_DEPLOYMENT}), which the client limits are written into.
 */
function kruiseInputArgs(): K.KruiseOperatorArgs {
  return {
    templating: "client",
    manager: {
      replicas: 3,
      image: { repository: "registry.local/kruise-manager", tag: "v1.8.3" },
      resources: { requests: { cpu: "500m" }, limits: { memory: "1Gi" } },
      nodeSelector: { "kubernetes.io/os": "linux" },
      tolerations: [{ key: "dedicated", operator: "Exists", effect: "NoSchedule" }],
      logLevel: 2,
      clientQps: 100,
      clientBurst: 200,
    },
    daemon: {
      nodeSelector: { "kubernetes.io/os": "linux" },
      resources: { requests: { cpu: "50m" }, limits: { memory: "128Mi" } },
      socketLocation: "/run/containerd",
    },
    imagePullSecrets: ["registry-creds"],
    values: { webhookConfiguration: { timeoutSeconds: 10 } },
  };
}

/** TektonPipelines args with every Input-typed path set. */
function tektonInputArgs(): K.TektonPipelinesArgs {
  return {
    featureFlags: {
      enableApiFields: "alpha",
      coschedule: "pipelineruns",
      disableCredsInit: true,
      awaitSidecarReadiness: false,
      runningInEnvironmentWithInjectedSidecars: false,
      requireGitSshSecretKnownHosts: true,
      resultsFrom: "sidecar-logs",
      setSecurityContext: true,
      keepPodOnCancel: true,
      enableCelInWhenExpression: true,
      enableStepActions: true,
      enableParamEnum: true,
      enableProvenanceInStatus: false,
      sendCloudEventsForRuns: false,
    },
    defaults: {
      timeoutMinutes: 30,
      serviceAccount: "pipeline",
      managedByLabelValue: "tekton-pipelines",
      podTemplate: "nodeSelector:\n  kubernetes.io/os: linux\n",
      maxMatrixCombinationsCount: 64,
      resolverType: "cluster",
    },
  };
}

/** ArgoCd args with every Input-typed path set. */
function argoCdInputArgs(): K.ArgoCdArgs {
  return {
    templating: "client",
    adminPassword: pulumi.secret("admin-password"),
    adminPasswordMtime: "2026-11-22T10:00:00Z",
    insecure: true,
    serverSideDiff: true,
    kruiseHealthChecks: false,
    healthChecks: { "apps.kruise.io_CloneSet": "hs = {}\nhs.status = 'Healthy'\nreturn hs" },
  };
}

/**
 * Args beyond the typical ones, so that every Input-typed argument path has a value in some case
 * (test/inputs.test.ts).
 */
export function inputCases(kd: Kd): Case[] {
  return [
    caseOf(
      "CloneSet",
      kd.CloneSet,
    )((): K.CloneSetArgs => ({
      image: NGINX,
      namespace: "shop",
      replicas: 6,
      ports: { http: 8080 },
      env: { MODE: "prod" },
      resources: {
        requests: { cpu: "100m", memory: "128Mi" },
        limits: { memory: "256Mi" },
        claims: [{ name: "gpu" }],
      },
      selectorLabels: { app: "web" },
      labels: { team: "shop" },
      updateStrategy: {
        type: "InPlaceIfPossible",
        partition: 2,
        maxUnavailablePercent: 20,
        maxSurge: 0,
        paused: true,
        gracePeriodSeconds: 10,
      },
      kruiseVersion: "1.9.1",
      preDownload: { parallelism: 2, timeoutSeconds: 300, minUpdatedReadyPods: 1 },
      minReadySeconds: 5,
      revisionHistoryLimit: 5,
    })),
    caseOf(
      "CloneSet",
      kd.CloneSet,
    )((): K.CloneSetArgs => ({
      podSpec: { containers: [{ name: "web", image: NGINX, ports: { http: 8080 } }] },
    })),
    caseOf(
      "BaseImageWarm",
      kd.BaseImageWarm,
    )((): K.BaseImageWarmArgs => ({
      images: [NGINX],
      ...WARM_COMMON,
      parallelism: 20,
      nodeSelector: { matchLabels: { "resource-pool": "web" } },
    })),
    caseOf(
      "SidecarWarm",
      kd.SidecarWarm,
    )((): K.SidecarWarmArgs => ({
      images: ["docker.io/istio/proxyv2:1.23.2"],
      ...WARM_COMMON,
      parallelism: 20,
      activeDeadlineSeconds: 1800,
      nodeSelector: { names: ["node-1", "node-2"] },
      waitForCompletion: true,
      maxFailedNodesPercent: 1,
    })),
    caseOf(
      "PoolWarm",
      kd.PoolWarm,
    )((): K.PoolWarmArgs => ({
      images: ["ghcr.io/acme/fn:2.1.0"],
      ...WARM_COMMON,
      pool: { matchLabels: { "resource-pool": "serverless" } },
      completionPolicy: "Always",
      activeDeadlineSeconds: 1800,
      parallelism: 5,
      waitForCompletion: true,
      maxFailedNodes: 2,
    })),
    caseOf(
      "ImageListWarm",
      kd.ImageListWarm,
    )((): K.ImageListWarmArgs => ({
      images: [NGINX, "docker.io/library/redis:7.4.1"],
      ...WARM_COMMON_NO_PLAN,
      nodeSelector: { matchLabels: { "resource-pool": "web" } },
      completionPolicy: "Always",
      activeDeadlineSeconds: 1800,
      parallelism: 5,
      waitForCompletion: true,
    })),
    caseOf(
      "ImageListWarm",
      kd.ImageListWarm,
    )((): K.ImageListWarmArgs => ({
      images: [NGINX],
      podSelector: { matchLabels: { app: "web" } },
    })),
    caseOf(
      "ScheduledWarm",
      kd.ScheduledWarm,
    )((): K.ScheduledWarmArgs => ({
      images: [NGINX],
      schedule: "0 3 * * *",
      kruiseVersion: "1.9.1",
      ...WARM_COMMON_NO_PLAN,
      pullSecrets: ["registry-pull"],
      timeZone: "Europe/Berlin",
      startingDeadlineSeconds: 600,
      concurrencyPolicy: "Forbid",
      paused: false,
      successfulJobsHistoryLimit: 2,
      failedJobsHistoryLimit: 2,
      nodeSelector: { matchLabels: { "resource-pool": "web" } },
      parallelism: 5,
      activeDeadlineSeconds: 1800,
    })),
    caseOf(
      "ScheduledWarm",
      kd.ScheduledWarm,
    )((): K.ScheduledWarmArgs => ({
      images: [NGINX],
      schedule: "0 3 * * *",
      kruiseVersion: "1.9.1",
      podSelector: { matchLabels: { app: "web" } },
    })),
    caseOf(
      "BaseImageWarm",
      kd.BaseImageWarm,
    )((): K.BaseImageWarmArgs => ({
      images: [NGINX],
      nodeSelector: {
        matchExpressions: [{ key: "resource-pool", operator: "In", values: ["web"] }],
      },
    })),
    caseOf(
      "BaseImageWarm",
      kd.BaseImageWarm,
    )((): K.BaseImageWarmArgs => ({
      images: [NGINX],
      nodeSelector: { names: ["node-1"] },
    })),
    caseOf(
      "SidecarWarm",
      kd.SidecarWarm,
    )((): K.SidecarWarmArgs => ({
      images: [NGINX],
      nodeSelector: {
        matchLabels: { "resource-pool": "web" },
        matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }],
      },
      waitForCompletion: true,
      maxFailedNodes: 1,
    })),
    caseOf(
      "PoolWarm",
      kd.PoolWarm,
    )((): K.PoolWarmArgs => ({
      images: [NGINX],
      pool: { names: ["node-1"] },
      completionPolicy: "Always",
      waitForCompletion: true,
      maxFailedNodesPercent: 10,
    })),
    caseOf(
      "PoolWarm",
      kd.PoolWarm,
    )((): K.PoolWarmArgs => ({
      images: [NGINX],
      pool: { matchExpressions: [{ key: "resource-pool", operator: "Exists" }] },
    })),
    caseOf(
      "PoolWarm",
      kd.PoolWarm,
    )((): K.PoolWarmArgs => ({
      images: [NGINX],
      namespace: "shop",
      pool: {
        podSelector: {
          matchLabels: { app: "web" },
          matchExpressions: [{ key: "tier", operator: "In", values: ["front"] }],
        },
      },
    })),
    caseOf(
      "ImageListWarm",
      kd.ImageListWarm,
    )((): K.ImageListWarmArgs => ({
      images: [NGINX],
      nodeSelector: { names: ["node-1"] },
    })),
    caseOf(
      "ImageListWarm",
      kd.ImageListWarm,
    )((): K.ImageListWarmArgs => ({
      images: [NGINX],
      nodeSelector: { matchExpressions: [{ key: "resource-pool", operator: "Exists" }] },
    })),
    caseOf(
      "ImageListWarm",
      kd.ImageListWarm,
    )((): K.ImageListWarmArgs => ({
      images: [NGINX],
      podSelector: { matchExpressions: [{ key: "app", operator: "In", values: ["web"] }] },
    })),
    caseOf(
      "ScheduledWarm",
      kd.ScheduledWarm,
    )((): K.ScheduledWarmArgs => ({
      images: [NGINX],
      schedule: "0 3 * * *",
      kruiseVersion: "1.9.1",
      nodeSelector: {
        names: ["node-1"],
      },
    })),
    caseOf(
      "ScheduledWarm",
      kd.ScheduledWarm,
    )((): K.ScheduledWarmArgs => ({
      images: [NGINX],
      schedule: "0 3 * * *",
      kruiseVersion: "1.9.1",
      nodeSelector: { matchExpressions: [{ key: "resource-pool", operator: "Exists" }] },
    })),
    caseOf(
      "ScheduledWarm",
      kd.ScheduledWarm,
    )((): K.ScheduledWarmArgs => ({
      images: [NGINX],
      schedule: "0 3 * * *",
      kruiseVersion: "1.9.1",
      podSelector: { matchExpressions: [{ key: "app", operator: "Exists" }] },
    })),
    caseOf(
      "ArgoApplication",
      kd.ArgoApplication,
    )((): K.ArgoApplicationArgs => ({
      namespace: "argocd",
      project: "default",
      repoURL: "https://charts.example.com",
      chart: "web",
      targetRevision: "1.4.2",
      helm: {
        releaseName: "web",
        parameters: [{ name: "replicas", value: "3" }],
        valuesObject: { image: { tag: "1.4.2" } },
        valueFiles: ["values-prod.yaml"],
      },
      destination: { server: "https://kubernetes.default.svc", namespace: "web" },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ["CreateNamespace=true"],
      },
      kruise: { featureGates: { TemplateNoDefaults: true } },
      serverSideDiff: true,
      cascadeDelete: true,
      labels: { team: "web" },
    })),
    caseOf(
      "ArgoCd",
      kd.ArgoCd,
    )((): K.ArgoCdArgs => ({
      templating: "client",
      adminPassword: pulumi.secret("admin-password"),
      redisPassword: pulumi.secret("redis-password"),
    })),
    caseOf(
      "GitCredentials",
      kd.GitCredentials,
    )((): K.GitCredentialsArgs => ({
      host: "github.com",
      namespace: "ci",
      labels: { team: "ci" },
      ssh: { privateKey: pulumi.secret(SSH_KEY), knownHosts: GITHUB_KNOWN_HOST },
    })),
    caseOf(
      "ArgoCdToken",
      kd.ArgoCdToken,
    )((): K.ArgoCdTokenArgs => ({
      server: "argocd.example.com",
      namespace: "ci",
      login: { username: "ci", password: pulumi.secret("argocd-password") },
      grpcWeb: true,
      rootPath: "/argocd",
      caCertificate: CA_PEM,
      labels: { team: "ci" },
    })),
    caseOf(
      "RegistryCredentials",
      kd.RegistryCredentials,
    )((): K.RegistryCredentialsArgs => ({
      registry: "ghcr.io",
      username: "ci-bot",
      password: pulumi.secret("ghp_registrytoken"),
      namespace: "ci",
      labels: { team: "ci" },
    })),
    caseOf(
      "PipelineServiceAccount",
      kd.PipelineServiceAccount,
    )((): K.PipelineServiceAccountArgs => ({
      namespace: "ci",
      labels: { team: "ci" },
    })),
    caseOf(
      "CiPipeline",
      kd.CiPipeline,
    )((): K.CiPipelineArgs => ({
      namespace: "ci",
      serviceAccount: { serviceAccountRef: "pipeline" },
      repo: "https://github.com/acme/web.git",
      build: {
        image: "ghcr.io/acme/web",
        context: "app",
        dockerfile: "Containerfile",
        builder: "buildkit",
        registrySecret: { secretRef: "registry-creds" },
      },
      test: { image: "docker.io/library/golang:1.23", command: ["go", "test"], workdir: "app" },
      warm: { wait: false, timeoutSeconds: 900 },
      deploy: {
        deployment: { name: "web", container: "web", namespace: "shop", timeoutSeconds: 300 },
      },
      workspace: { storage: "2Gi", storageClassName: "fast" },
      run: { timeoutMinutes: 30 },
      labels: { team: "ci" },
    })),
    caseOf(
      "CiPipeline",
      kd.CiPipeline,
    )((): K.CiPipelineArgs => ({
      serviceAccount: { serviceAccountRef: "pipeline" },
      repo: "https://github.com/acme/web.git",
      build: { image: "ghcr.io/acme/web", registrySecret: { secretRef: "registry-creds" } },
      deploy: {
        argocd: {
          application: { applicationRef: "web" },
          token: { secretRef: "argocd-token" },
          timeoutSeconds: 300,
        },
      },
    })),
    caseOf(
      "CiPipeline",
      kd.CiPipeline,
    )((): K.CiPipelineArgs => ({
      serviceAccount: { serviceAccountRef: "pipeline" },
      repo: "https://github.com/acme/web.git",
      build: { image: "ghcr.io/acme/web", registrySecret: { secretRef: "registry-creds" } },
      deploy: { cloneSet: { name: "web", container: "web", timeoutSeconds: 600 } },
    })),
    caseOf(
      "Platform",
      kd.Platform,
    )((): K.PlatformArgs => ({
      kruise: { templating: "client" },
      argocd: {
        templating: "client",
        adminPassword: pulumi.secret("admin-password"),
        redisPassword: pulumi.secret("redis-password"),
      },
      pipeline: {
        namespace: "ci2",
        registry: {
          registry: "ghcr.io",
          username: "ci-bot",
          password: pulumi.secret("ghp_registrytoken"),
          labels: { team: "ci" },
        },
        git: {
          host: "github.com",
          labels: { team: "ci" },
          ssh: { privateKey: pulumi.secret(SSH_KEY), knownHosts: GITHUB_KNOWN_HOST },
        },
        argocdToken: pulumi.secret("argocd-token"),
      },
      warm: {
        base: {
          images: ["docker.io/library/alpine:3.20"],
          ...WARM_COMMON,
          parallelism: 20,
          nodeSelector: { matchLabels: { "resource-pool": "web" } },
        },
        sidecars: {
          images: ["docker.io/istio/proxyv2:1.23.2"],
          ...WARM_COMMON,
          parallelism: 20,
          activeDeadlineSeconds: 1800,
          nodeSelector: { names: ["node-1"] },
          waitForCompletion: true,
          maxFailedNodes: 1,
        },
      },
    })),
    caseOf(
      "Platform",
      kd.Platform,
    )((): K.PlatformArgs => ({
      kruise: { templating: "client" },
      warm: {
        base: {
          images: ["docker.io/library/alpine:3.20"],
          nodeSelector: {
            names: ["node-1"],
          },
        },
        sidecars: {
          images: ["docker.io/istio/proxyv2:1.23.2"],
          nodeSelector: {
            matchLabels: { "resource-pool": "web" },
            matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }],
          },
          waitForCompletion: true,
          maxFailedNodesPercent: 10,
        },
      },
    })),
    caseOf(
      "Platform",
      kd.Platform,
    )((): K.PlatformArgs => ({
      kruise: { templating: "client" },
      warm: {
        base: {
          images: ["docker.io/library/alpine:3.20"],
          nodeSelector: { matchExpressions: [{ key: "zone", operator: "Exists" }] },
        },
      },
    })),
    caseOf(
      "PipelineNamespace",
      kd.PipelineNamespace,
    )((): K.PipelineNamespaceArgs => ({
      namespace: "ci3",
      registry: {
        registry: "ghcr.io",
        username: "ci-bot",
        password: pulumi.secret("ghp_registrytoken"),
        labels: { team: "ci" },
      },
      git: {
        host: "github.com",
        labels: { team: "ci" },
        ssh: { privateKey: pulumi.secret(SSH_KEY), knownHosts: GITHUB_KNOWN_HOST },
      },
      argocdToken: {
        server: "argocd.example.com",
        login: { username: "ci", password: pulumi.secret("argocd-password") },
        grpcWeb: true,
        rootPath: "/argocd",
        caCertificate: CA_PEM,
        labels: { team: "ci" },
      },
    })),
    caseOf(
      "ArgoApplication",
      kd.ArgoApplication,
    )((): K.ArgoApplicationArgs => ({
      repoURL: "https://github.com/acme/deploy.git",
      path: "apps/web",
      targetRevision: "main",
      destination: { name: "prod", namespace: "web" },
      syncPolicy: {
        retry: { limit: 5, backoff: { duration: "5s", factor: 2, maxDuration: "3m" } },
      },
    })),
    {
      component: "KruiseOperator",
      make: (name, a) => {
        helmTemplate.objects = [KRUISE_MANAGER_DEPLOYMENT];
        return new kd.KruiseOperator(name, a as K.KruiseOperatorArgs);
      },
      args: kruiseInputArgs,
    },
    caseOf("TektonPipelines", kd.TektonPipelines)(tektonInputArgs),
    caseOf("ArgoCd", kd.ArgoCd)(argoCdInputArgs),
    {
      // The parts' Input args, through Platform (which passes them on).
      component: "Platform",
      make: (name, a) => {
        helmTemplate.objects = [KRUISE_MANAGER_DEPLOYMENT];
        return new kd.Platform(name, a as K.PlatformArgs);
      },
      args: (): K.PlatformArgs => ({
        kruise: kruiseInputArgs(),
        tekton: tektonInputArgs(),
        argocd: argoCdInputArgs(),
      }),
    },
  ];
}
