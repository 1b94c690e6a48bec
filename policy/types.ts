/**
 * The Pulumi type tokens the policy rules match on. Rules match on `args.type`, never on classes:
 * a `k8s.apiextensions.CustomResource` has no `__pulumiType`, so `validateResourceOfType` would
 * never match an ImagePullJob, CloneSet, Tekton Task or Argo CD Application.
 */

/**
 * The tokens and, after each, the token of its server-side-apply patch (`<token>Patch`: the
 * `*Patch` classes of @pulumi/kubernetes, and `CustomResourcePatch`, which registers
 * `kubernetes:<apiVersion>:<Kind>Patch`). A patch is a partial object: the rules judge what it
 * holds and never what it leaves out.
 */
function withPatches(...tokens: string[]): string[] {
  return tokens.flatMap((t) => [t, `${t}Patch`]);
}

/** True when `type` is a server-side-apply patch (`…Patch`) of a type the rules know. */
export const isPatch = (type: string): boolean => type.endsWith("Patch");

const KRUISE = "kubernetes:apps.kruise.io";

/** The Pulumi type tokens the rules match on. */
export const TYPES = {
  imagePullJob: withPatches(`${KRUISE}/v1alpha1:ImagePullJob`, `${KRUISE}/v1beta1:ImagePullJob`),
  imageListPullJob: withPatches(
    `${KRUISE}/v1alpha1:ImageListPullJob`,
    `${KRUISE}/v1beta1:ImageListPullJob`,
  ),
  /**
   * Kruise's AdvancedCronJob: its `spec.template` holds a Job, a BroadcastJob or (v1beta1, Kruise
   * 1.9.1) an ImageListPullJob template.
   */
  advancedCronJob: withPatches(
    `${KRUISE}/v1alpha1:AdvancedCronJob`,
    `${KRUISE}/v1beta1:AdvancedCronJob`,
  ),
  /**
   * Kruise workloads with a pod template at `spec.template` whose defaults Kruise's webhook
   * writes (what TemplateNoDefaults is about): CloneSet, Advanced StatefulSet and DaemonSet.
   */
  kruiseWorkload: withPatches(
    `${KRUISE}/v1alpha1:CloneSet`,
    `${KRUISE}/v1alpha1:StatefulSet`,
    `${KRUISE}/v1beta1:StatefulSet`,
    `${KRUISE}/v1alpha1:DaemonSet`,
    `${KRUISE}/v1beta1:DaemonSet`,
  ),
  /** Kruise's BroadcastJob: a pod template at `spec.template`, run once on every node. */
  broadcastJob: withPatches(`${KRUISE}/v1alpha1:BroadcastJob`, `${KRUISE}/v1beta1:BroadcastJob`),
  /** Kruise's SidecarSet: containers injected into matching pods (`spec.containers`, `spec.initContainers`). */
  sidecarSet: withPatches(`${KRUISE}/v1alpha1:SidecarSet`, `${KRUISE}/v1beta1:SidecarSet`),
  /** Kruise's EphemeralJob: ephemeral containers for matching pods (`spec.template.ephemeralContainers`). */
  ephemeralJob: withPatches(`${KRUISE}/v1alpha1:EphemeralJob`),
  /**
   * Kruise's UnitedDeployment: one workload template a pool, each with a pod template at
   * `spec.template.<kind>Template.spec.template`.
   */
  unitedDeployment: withPatches(`${KRUISE}/v1alpha1:UnitedDeployment`),
  /** Core workloads with a pod template at `spec.template`. */
  podTemplateWorkload: withPatches(
    "kubernetes:apps/v1:Deployment",
    "kubernetes:apps/v1:StatefulSet",
    "kubernetes:apps/v1:DaemonSet",
    "kubernetes:apps/v1:ReplicaSet",
    "kubernetes:core/v1:ReplicationController",
    "kubernetes:batch/v1:Job",
  ),
  /** A bare Pod: its pod spec at `spec`. */
  pod: withPatches("kubernetes:core/v1:Pod"),
  /** A PodTemplate object: its pod spec at `template.spec`. */
  podTemplate: withPatches("kubernetes:core/v1:PodTemplate"),
  /** CronJob: its pod spec at `spec.jobTemplate.spec.template.spec`. */
  cronJob: withPatches("kubernetes:batch/v1:CronJob"),
  tektonTask: withPatches("kubernetes:tekton.dev/v1:Task", "kubernetes:tekton.dev/v1beta1:Task"),
  tektonPipeline: withPatches(
    "kubernetes:tekton.dev/v1:Pipeline",
    "kubernetes:tekton.dev/v1beta1:Pipeline",
  ),
  tektonTaskRun: withPatches(
    "kubernetes:tekton.dev/v1:TaskRun",
    "kubernetes:tekton.dev/v1beta1:TaskRun",
  ),
  tektonPipelineRun: withPatches(
    "kubernetes:tekton.dev/v1:PipelineRun",
    "kubernetes:tekton.dev/v1beta1:PipelineRun",
  ),
  /** Tekton's StepAction: one step's `spec.image`, referenced by a Task step's `ref`. */
  tektonStepAction: withPatches(
    "kubernetes:tekton.dev/v1alpha1:StepAction",
    "kubernetes:tekton.dev/v1beta1:StepAction",
  ),
  /** Helm: the v4 Chart (a remote component) and the v3 Release both carry `chart` and `values`. */
  helm: ["kubernetes:helm.sh/v4:Chart", "kubernetes:helm.sh/v3:Release"],
  application: ["kubernetes:argoproj.io/v1alpha1:Application"],
  configMap: withPatches("kubernetes:core/v1:ConfigMap"),
  secret: withPatches("kubernetes:core/v1:Secret"),
  serviceAccount: ["kubernetes:core/v1:ServiceAccount"],
  role: withPatches("kubernetes:rbac.authorization.k8s.io/v1:Role"),
  clusterRole: withPatches("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole"),
  /** Bindings, and the server-side-apply patches of existing ones (a way around a rule). */
  roleBinding: [
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBindingPatch",
  ],
  clusterRoleBinding: [
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBindingPatch",
  ],
  deployment: withPatches("kubernetes:apps/v1:Deployment"),
} as const;

/** A list of type tokens, one entry of {@link TYPES}. */
export type TypeList = readonly string[];

/** True when `type` is in `list`. */
export const is = (list: TypeList, type: string): boolean => list.includes(type);

/** A predicate on type tokens: in any of `lists`. */
export const ofTypes =
  (...lists: TypeList[]) =>
  (type: string): boolean =>
    lists.some((list) => is(list, type));

/** The predicate that matches every type. */
export const anyType = (): boolean => true;
