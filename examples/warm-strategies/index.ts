/**
 * The published image pre-warming strategies, each as one kruise-devops component:
 *
 * 1. base images on every node, new nodes included      → BaseImageWarm (completionPolicy Never)
 * 2. a sidecar pulled once per version, before its pods  → SidecarWarm (Always, deadline 1800 s)
 * 3. one resource pool, by node label                    → PoolWarm (pool.matchLabels)
 * 4. the nodes where a workload runs, following it       → PoolWarm (pool.podSelector)
 * 5. a toolchain of many images, in one object           → ImageListWarm (one ImageListPullJob)
 *
 * OpenKruise is installed first; every warm component waits for it (`dependsOn: kruise.ready`:
 * the CRDs and a ready webhook), so no ImagePullJob reaches the API server before its CRD.
 *
 * No job here sets `ttlSecondsAfterFinished`: Pulumi owns these jobs, and a TTL would make Kruise
 * delete them behind Pulumi's back (see README.md).
 */
import * as pulumi from "@pulumi/pulumi";
import {
  BaseImageWarm,
  ImageListWarm,
  KruiseOperator,
  KruiseOperatorArgs,
  PoolWarm,
  RegistryCredentials,
  SidecarWarm,
  WarmPlanInputs,
} from "kruise-devops";

/** `sidecar`: the sidecar images, pulled once per version. */
interface SidecarConfig {
  images: string[];
  /** Seconds after which the one-shot job ends (≥ the 600 s per-node pull timeout). */
  activeDeadlineSeconds: number;
  /** Make `pulumi up` wait until the nodes have the sidecar. */
  waitForCompletion: boolean;
  /** Nodes pulling at once, sized with the plan below. */
  parallelism: number;
  /** What the planner needs: the fleet's size, the sidecar's size, a node's pull rate. */
  plan: WarmPlanInputs;
}

/** `serverlessPool`: the images of one resource pool, and the node labels that make the pool. */
interface LabelPoolConfig {
  images: string[];
  matchLabels: Record<string, string>;
}

/** `workloadWarm`: images warmed on the nodes where the workload's pods run. */
interface WorkloadWarmConfig {
  /** The workload's namespace: the job and the pods it selects live there. */
  namespace: string;
  images: string[];
  /** Labels of the workload's pods. */
  podLabels: Record<string, string>;
}

/** `toolchain`: images pulled together onto the nodes that run CI jobs. */
interface ToolchainConfig {
  images: string[];
  /** Node labels of the CI nodes. */
  matchLabels: Record<string, string>;
}

/** `registry`: the private registry the serverless runtime is pulled from. */
interface RegistryConfig {
  server: string;
  username: string;
}

const config = new pulumi.Config();
const namespace = config.require("namespace");
const baseImages = config.requireObject<string[]>("baseImages");
const sidecar = config.requireObject<SidecarConfig>("sidecar");
const serverlessPool = config.requireObject<LabelPoolConfig>("serverlessPool");
const workloadWarm = config.requireObject<WorkloadWarmConfig>("workloadWarm");
const registry = config.requireObject<RegistryConfig>("registry");
const toolchain = config.requireObject<ToolchainConfig>("toolchain");
/**
 * `kruise` (optional): where the OpenKruise chart comes from and how it is templated, e.g.
 * `{ source: { path: /mirror/kruise/chart-1.8.3 } }` on a machine with no internet.
 * @default the pinned upstream chart, templated client-side
 */
const kruiseInstall = config.getObject<Pick<KruiseOperatorArgs, "source" | "templating">>("kruise");

// OpenKruise (the pinned stable chart). ImagePullJobGate is on by default.
const kruise = new KruiseOperator("kruise", {
  source: kruiseInstall?.source,
  templating: kruiseInstall?.templating,
});
const afterKruise = { dependsOn: kruise.ready };

// 1. Base images on every node, and on every node that joins later: one long-running
//    (`completionPolicy: Never`) job per image; Kruise re-pulls about once a day.
const base = new BaseImageWarm("base", { namespace, images: baseImages }, afterKruise);

// 2. The mesh sidecar, pulled once per version (`completionPolicy: Always`), with a deadline.
//    No TTL: the finished job stays as the record of the warm, and Pulumi deletes it when the
//    version changes or on destroy. Sized for the whole fleet with a plan: preview refuses a
//    deadline the warm cannot make at this parallelism, and `sidecarPlan` shows the estimate.
const mesh = new SidecarWarm(
  "mesh",
  {
    namespace,
    images: sidecar.images,
    activeDeadlineSeconds: sidecar.activeDeadlineSeconds,
    waitForCompletion: sidecar.waitForCompletion,
    parallelism: sidecar.parallelism,
    plan: sidecar.plan,
  },
  afterKruise,
);

// 3. A resource pool by node label. Its runtime image is private: the nodes pull it with a
//    registry Secret in the jobs' namespace (the password only ever lives in that Secret).
const registryCreds = new RegistryCredentials("registry-creds", {
  namespace,
  registry: registry.server,
  username: registry.username,
  password: config.requireSecret("registryPassword"),
});
const serverless = new PoolWarm(
  "serverless",
  {
    namespace,
    images: serverlessPool.images,
    pool: { matchLabels: serverlessPool.matchLabels },
    pullSecrets: [registryCreds.secretRef],
  },
  // After Kruise and after the Secret: Kruise skips a pull Secret it cannot find (the nodes then
  // pull without credentials and fail), so the job must not exist before its Secret does.
  // (`?? []`: a mocked chart, as in unit tests, reports no objects.)
  { dependsOn: kruise.ready.apply((ready) => [...(ready ?? []), registryCreds]) },
);

// 4. The nodes where the workload's pods run, following them as they move (`podSelector`,
//    in the workload's namespace).
const workload = new PoolWarm(
  "workload",
  {
    namespace: workloadWarm.namespace,
    images: workloadWarm.images,
    pool: { podSelector: { matchLabels: workloadWarm.podLabels } },
  },
  afterKruise,
);

// 5. A toolchain of many images, warmed together: one ImageListPullJob (up to 255 images), from
//    which Kruise makes one job per image. One-shot by default; any edit names a new list job,
//    created before the old one is deleted.
const tools = new ImageListWarm(
  "toolchain",
  { namespace, images: toolchain.images, nodeSelector: { matchLabels: toolchain.matchLabels } },
  afterKruise,
);

export const kruiseVersion = kruise.kruiseVersion;
/** ImagePullJob name per image, per strategy: `kubectl get imagepulljob -n <ns> <name>`. */
export const baseImageJobs = base.jobNames;
export const sidecarJobs = mesh.jobNames;
/** The sidecar warm's plan: estimated seconds, what limits it, peak pulls and registry egress. */
export const sidecarPlan = mesh.plan;
/** Once `up` has waited: per sidecar image, the nodes that got it and those that did not. */
export const sidecarResults = mesh.warmResults;
export const serverlessPoolJobs = serverless.jobNames;
export const workloadJobs = workload.jobNames;
/** The toolchain's ImageListPullJob; Kruise names its ImagePullJobs `<name>-<random>`. */
export const toolchainListJob = tools.jobName;
export const jobNamespaces = {
  base: base.namespace,
  sidecar: mesh.namespace,
  serverlessPool: serverless.namespace,
  workload: workload.namespace,
  toolchain: tools.namespace,
};
