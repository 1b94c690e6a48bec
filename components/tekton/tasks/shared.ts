/**
 * What the task library's steps share: options, security contexts, resource requests, env
 * helpers, the build tasks' contract, the workload deploys' checks. Pure.
 */
import {
  EnvVar,
  ParamSpec,
  SecurityContext,
  Step,
  TaskResult,
  Volume,
  WorkspaceDeclaration,
} from "../types";
import { TaskImages } from "./images";
import { ScriptInput, labels, refs } from "./stepScript";

/** Options every task function takes. */
export interface TaskOptions {
  /**
   * Images to use instead of {@link TASK_IMAGES} (e.g. a mirror, or a digest-pinned copy); each
   * must carry a tag or digest, never `latest`. @default TASK_IMAGES
   */
  images?: Partial<TaskImages>;
}

/** A step's `computeResources`. */
export type ComputeResources = NonNullable<Step["computeResources"]>;

/** Requests of the small helper steps (git, kubectl, argocd, result writers). */
export const SMALL_STEP: ComputeResources = { requests: { cpu: "100m", memory: "128Mi" } };

/** Requests of the image builders (kaniko, BuildKit). */
export const BUILD_STEP: ComputeResources = { requests: { cpu: "500m", memory: "1Gi" } };

/**
 * A non-root step with nothing to escalate to: the given uid/gid, no privilege escalation, no
 * capabilities, the runtime's default seccomp profile (the Pod Security "restricted" level).
 */
export function restricted(uid: number): SecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/**
 * The image's own user (which may be root) with no capabilities and no privilege escalation:
 * for images whose user this library does not know (the unit-test image) or that need root.
 */
export function noCapabilities(): SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** The uid of `nobody` in Alpine images, for steps that only read and write results. */
export const NOBODY = 65534;

/** A uid with no passwd entry in any image used here, for kubectl steps. */
export const NONROOT = 65532;

/** An environment variable with a value (Tekton substitutes `$(...)` variables in it). */
export function env(name: string, value: string): EnvVar {
  return { name, value };
}

/** The params both image build tasks declare: a contract with the pipeline builder. */
export function buildParams(): ParamSpec[] {
  return [
    {
      name: "image",
      type: "string",
      description: "The repository to push to, without tag or digest (e.g. ghcr.io/acme/app).",
    },
    {
      name: "tag",
      type: "string",
      description: "The tag to push (the pipeline passes the commit SHA).",
    },
    {
      name: "context",
      type: "string",
      description: "The build context, relative to the workspace.",
      default: ".",
    },
    {
      name: "dockerfile",
      type: "string",
      description: "The Dockerfile, relative to the build context.",
      default: "Dockerfile",
    },
    {
      name: "registry-secret",
      type: "string",
      description: "A kubernetes.io/dockerconfigjson Secret with push rights to the registry.",
    },
    {
      name: "extra-args",
      type: "array",
      description: "More arguments for the builder (e.g. --build-arg=K=V).",
      default: [],
    },
  ];
}

/** The results both image build tasks declare. */
export function buildResults(): TaskResult[] {
  return [
    { name: "digest", type: "string", description: "The digest pushed (sha256:...)." },
    { name: "image-ref", type: "string", description: "<image>@<digest>: the image pushed." },
  ];
}

/** The workspace both image build tasks declare. */
export function buildWorkspaces(): WorkspaceDeclaration[] {
  return [
    { name: "source", description: "The checkout holding the build context.", readOnly: true },
  ];
}

/** The registry Secret's `.dockerconfigjson`, as the `config.json` a Docker config dir holds. */
export function registrySecretVolume(name: string): Volume {
  return {
    name,
    secret: {
      secretName: "$(params.registry-secret)",
      items: [{ key: ".dockerconfigjson", path: "config.json" }],
    },
  };
}

/** The inputs {@link workloadChecks} reads. */
export type WorkloadInputs = Record<"namespace" | "workload" | "container" | "image", ScriptInput>;

/**
 * Script lines that check the inputs of the workload deploys (namespace, workload, container,
 * image): names as Kubernetes validates them, an image that cannot be read as an option.
 */
export function workloadChecks(inputs: WorkloadInputs): string {
  const v = refs(inputs);
  const l = labels(inputs);
  return String.raw`
  printf '%s' "${v.namespace}" | grep -Eq '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$' ||
    fail "${l.namespace} \"${v.namespace}\" is not a namespace name"
  printf '%s' "${v.workload}" | grep -Eq '^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$' ||
    fail "${l.workload} \"${v.workload}\" is not an object name"
  printf '%s' "${v.container}" | grep -Eq '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$' ||
    fail "${l.container} \"${v.container}\" is not a container name"
  case "${v.image}" in
    "" | -* | *[[:space:]]*) fail "${l.image} \"${v.image}\" is not an image reference" ;;
  esac
  `;
}
