/**
 * The Pulumi type tokens the policy rules match on. Rules match on `args.type`, never on classes:
 * a `k8s.apiextensions.CustomResource` has no `__pulumiType`, so `validateResourceOfType` would
 * never match an ImagePullJob, CloneSet, Tekton Task or Argo CD Application.
 */

/** The Pulumi type tokens the rules match on. */
export const TYPES = {
  imagePullJob: [
    "kubernetes:apps.kruise.io/v1alpha1:ImagePullJob",
    "kubernetes:apps.kruise.io/v1beta1:ImagePullJob",
  ],
  imageListPullJob: [
    "kubernetes:apps.kruise.io/v1alpha1:ImageListPullJob",
    "kubernetes:apps.kruise.io/v1beta1:ImageListPullJob",
  ],
  /**
   * Kruise's AdvancedCronJob: its `spec.template` holds a Job, a BroadcastJob or (v1beta1, Kruise
   * 1.9.1) an ImageListPullJob template.
   */
  advancedCronJob: [
    "kubernetes:apps.kruise.io/v1alpha1:AdvancedCronJob",
    "kubernetes:apps.kruise.io/v1beta1:AdvancedCronJob",
  ],
  /** Kruise workloads with a pod template at `spec.template`. */
  kruiseWorkload: [
    "kubernetes:apps.kruise.io/v1alpha1:CloneSet",
    "kubernetes:apps.kruise.io/v1alpha1:StatefulSet",
    "kubernetes:apps.kruise.io/v1beta1:StatefulSet",
    "kubernetes:apps.kruise.io/v1alpha1:DaemonSet",
  ],
  /** Core workloads with a pod template at `spec.template`. */
  podTemplateWorkload: [
    "kubernetes:apps/v1:Deployment",
    "kubernetes:apps/v1:StatefulSet",
    "kubernetes:apps/v1:DaemonSet",
    "kubernetes:batch/v1:Job",
  ],
  tektonTask: ["kubernetes:tekton.dev/v1:Task", "kubernetes:tekton.dev/v1beta1:Task"],
  tektonPipeline: ["kubernetes:tekton.dev/v1:Pipeline", "kubernetes:tekton.dev/v1beta1:Pipeline"],
  tektonTaskRun: ["kubernetes:tekton.dev/v1:TaskRun", "kubernetes:tekton.dev/v1beta1:TaskRun"],
  tektonPipelineRun: [
    "kubernetes:tekton.dev/v1:PipelineRun",
    "kubernetes:tekton.dev/v1beta1:PipelineRun",
  ],
  /** Helm: the v4 Chart (a remote component) and the v3 Release both carry `chart` and `values`. */
  helm: ["kubernetes:helm.sh/v4:Chart", "kubernetes:helm.sh/v3:Release"],
  application: ["kubernetes:argoproj.io/v1alpha1:Application"],
  configMap: ["kubernetes:core/v1:ConfigMap"],
  secret: ["kubernetes:core/v1:Secret"],
  serviceAccount: ["kubernetes:core/v1:ServiceAccount"],
  role: ["kubernetes:rbac.authorization.k8s.io/v1:Role"],
  /** Bindings, and the server-side-apply patches of existing ones (a way around a rule). */
  roleBinding: [
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBindingPatch",
  ],
  clusterRoleBinding: [
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBindingPatch",
  ],
  deployment: ["kubernetes:apps/v1:Deployment"],
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
