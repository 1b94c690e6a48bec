/**
 * What the task library's steps share: options, security contexts, resource requests, env
 * helpers. Pure.
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

/**
 * A step script from an indented template literal: drops the first line break and the
 * indentation common to all non-empty lines, ends with one line break.
 */
export function script(text: string): string {
  const lines = text.replace(/^\n/, "").replace(/\s+$/, "").split("\n");
  const indent = Math.min(
    ...lines.filter((l) => l.trim() !== "").map((l) => l.length - l.trimStart().length),
  );
  return lines.map((l) => l.slice(indent)).join("\n") + "\n";
}

/**
 * A POSIX `sh` step script: the shebang, `set -eu`, a `fail` function (the task name and the
 * message on stderr, exit 1), then `body` (an indented template literal, see {@link script}).
 * Bodies take every input from the environment: no Tekton `$(...)` variable appears in them.
 */
export function shellScript(task: string, body: string): string {
  return `#!/bin/sh\nset -eu\n\nfail() {\n  echo "${task}: $*" >&2\n  exit 1\n}\n\n${script(body)}`;
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

/**
 * Script lines that check the params of the workload deploy tasks (`NAMESPACE`, `WORKLOAD`,
 * `CONTAINER`, `IMAGE` in the environment): names as Kubernetes validates them, an image that
 * cannot be read as an option. `workloadParam` names the param in messages.
 */
export function workloadChecks(workloadParam: string): string {
  return String.raw`
  printf '%s' "$NAMESPACE" | grep -Eq '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$' ||
    fail "param namespace \"$NAMESPACE\" is not a namespace name"
  printf '%s' "$WORKLOAD" | grep -Eq '^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$' ||
    fail "param WORKLOAD_PARAM \"$WORKLOAD\" is not an object name"
  printf '%s' "$CONTAINER" | grep -Eq '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$' ||
    fail "param container \"$CONTAINER\" is not a container name"
  case "$IMAGE" in
    "" | -* | *[[:space:]]*) fail "param image \"$IMAGE\" is not an image reference" ;;
  esac
  `.replace("WORKLOAD_PARAM", workloadParam);
}
