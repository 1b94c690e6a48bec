/**
 * Tekton Pipelines `tekton.dev/v1` objects (v1.15.0 `pkg/apis/pipeline/v1`), for what this
 * package builds: Task, Pipeline and PipelineRun. v1 only: no PipelineResources, no
 * `spec.serviceAccountName` or `spec.timeout` on PipelineRun (moved to `taskRunTemplate` and
 * `timeouts`), step `computeResources` instead of `resources`.
 */

/** `tekton.dev/v1`. */
export const TEKTON_API_VERSION = "tekton.dev/v1";

/** Param types. */
export const ParamType = { String: "string", Array: "array", Object: "object" } as const;
export type ParamType = (typeof ParamType)[keyof typeof ParamType];

/** A param's value: a string, a list of strings, or a map of strings. */
export type ParamValue = string | string[] | Record<string, string>;

/** `ParamSpec`: a param a Task or Pipeline declares. */
export interface ParamSpec {
  /** Name, referenced as `$(params.<name>)`. */
  name: string;
  /** Type. @default "string" */
  type?: ParamType;
  /** Description. @default none */
  description?: string;
  /** Default; without it the param is required. @default none */
  default?: ParamValue;
  /** Keys of an object param (each of type string, the default). @default none */
  properties?: Record<string, { type?: "string" }>;
}

/** `Param`: a value given to a param. */
export interface Param {
  name: string;
  value: ParamValue;
}

/** `WorkspaceDeclaration` of a Task. */
export interface WorkspaceDeclaration {
  name: string;
  description?: string;
  /** Where it is mounted. @default /workspace/<name> */
  mountPath?: string;
  readOnly?: boolean;
  optional?: boolean;
}

/** `TaskResult`. */
export interface TaskResult {
  name: string;
  type?: ParamType;
  description?: string;
}

/** An environment variable of a step. */
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    fieldRef?: { fieldPath: string };
  };
}

/** A step's security context (the fields pipelines need). */
export interface SecurityContext {
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: {
    type: "RuntimeDefault" | "Localhost" | "Unconfined";
    localhostProfile?: string;
  };
}

/** A `Step`. */
export interface Step {
  /** Name, unique in the Task (a DNS-1123 label). */
  name: string;
  /** Image, pinned by tag or digest. */
  image: string;
  /** A script run by the image's shell (starts with `#!`), or use `command` / `args`. */
  script?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: { secretRef?: { name: string; optional?: boolean }; configMapRef?: { name: string } }[];
  workingDir?: string;
  computeResources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: SecurityContext;
  volumeMounts?: { name: string; mountPath: string; subPath?: string; readOnly?: boolean }[];
  /** A Go duration (e.g. "10m"), not negative. @default none */
  timeout?: string;
  /** What a failing step does: "continue", "stopAndFail", or a param that gives one. @default "stopAndFail" */
  onError?: "continue" | "stopAndFail" | `$(params.${string})`;
}

/** A volume of a Task (the sources pipelines need). */
export interface Volume {
  name: string;
  secret?: { secretName: string; items?: { key: string; path: string }[]; optional?: boolean };
  configMap?: { name: string };
  emptyDir?: { medium?: string; sizeLimit?: string };
}

/** `TaskSpec`. */
export interface TaskSpec {
  description?: string;
  params?: ParamSpec[];
  workspaces?: WorkspaceDeclaration[];
  results?: TaskResult[];
  steps: Step[];
  volumes?: Volume[];
  stepTemplate?: Partial<Omit<Step, "name" | "script">>;
}

/** A `when` expression. */
export interface WhenExpression {
  /** @default "" */
  input?: string;
  operator: "in" | "notin";
  values: string[];
}

/** `PipelineTask`. */
export interface PipelineTask {
  name: string;
  taskRef?: { name: string; kind?: "Task" };
  taskSpec?: TaskSpec;
  params?: Param[];
  /** Workspace bindings: `workspace` names the Pipeline's workspace. @default workspace: the binding's name */
  workspaces?: { name: string; workspace?: string; subPath?: string }[];
  runAfter?: string[];
  when?: WhenExpression[];
  retries?: number;
  timeout?: string;
}

/** `PipelineSpec`. */
export interface PipelineSpec {
  description?: string;
  params?: ParamSpec[];
  workspaces?: { name: string; description?: string; optional?: boolean }[];
  tasks: PipelineTask[];
  finally?: PipelineTask[];
  results?: { name: string; type?: ParamType; value: ParamValue; description?: string }[];
}

/** A workspace binding of a PipelineRun. */
export interface WorkspaceBinding {
  name: string;
  subPath?: string;
  emptyDir?: Record<string, never> | { medium?: string };
  persistentVolumeClaim?: { claimName: string };
  secret?: { secretName: string };
  configMap?: { name: string };
  volumeClaimTemplate?: {
    metadata?: Record<string, never>;
    status?: Record<string, never>;
    spec: {
      accessModes: string[];
      resources: { requests: { storage: string } };
      storageClassName?: string;
    };
  };
}

/** `PipelineRunSpec`. */
export interface PipelineRunSpec {
  pipelineRef: { name: string };
  params?: Param[];
  workspaces?: WorkspaceBinding[];
  taskRunTemplate?: { serviceAccountName?: string; podTemplate?: Record<string, unknown> };
  timeouts?: { pipeline?: string; tasks?: string; finally?: string };
}

/** Object metadata. */
export interface ObjectMeta {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** A Task manifest. */
export interface TaskManifest {
  apiVersion: typeof TEKTON_API_VERSION;
  kind: "Task";
  metadata: ObjectMeta;
  spec: TaskSpec;
}

/** A Pipeline manifest. */
export interface PipelineManifest {
  apiVersion: typeof TEKTON_API_VERSION;
  kind: "Pipeline";
  metadata: ObjectMeta;
  spec: PipelineSpec;
}

/** A PipelineRun manifest (generateName: each `up` that replaces it starts a new run). */
export interface PipelineRunManifest {
  apiVersion: typeof TEKTON_API_VERSION;
  kind: "PipelineRun";
  metadata: Omit<ObjectMeta, "name"> & { name: string };
  spec: PipelineRunSpec;
}
