/**
 * The kruise-devops policy pack's rules, kept apart from the `PolicyPack` entry point (index.ts)
 * so they can be unit-tested: `new PolicyPack()` starts a gRPC server.
 *
 * Rules match on Pulumi type tokens (`args.type`), never on classes: a
 * `k8s.apiextensions.CustomResource` has no `__pulumiType`, so `validateResourceOfType` would never
 * match an ImagePullJob, CloneSet, Tekton Task or Argo CD Application. The checks themselves are
 * the package's own pure functions (components/…), so a policy and a component never disagree.
 */
import type {
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { Secret, UnknownValueError } from "@pulumi/policy";
import type { z } from "zod";
import { ARGOCD_AUTH_ANNOTATION, ARGOCD_ENV } from "../components/access/argoCdToken";
import { COMPARE_OPTIONS_ANNOTATION } from "../components/argocd/applicationSpec";
import { SERVER_SIDE_DIFF_PARAM } from "../components/argocd/values";
import { parseNormalizedNamed } from "../components/common/dockerReference";
import { renderPath, ruleMessage } from "../components/common/errors";
import { MANAGED_LABELS, componentLabels } from "../components/common/k8sNames";
import {
  KRUISE_FEATURE_GATES,
  KruiseFeatureGate,
  resolveFeatureGates,
} from "../components/kruise/featureGates";
import {
  checkCompletion,
  checkNodeSelector,
  checkSelectorExclusive,
} from "../components/kruise/imagePullJobRules";
import { IMAGE_PULL_JOB_DEFAULTS } from "../components/kruise/imagePullJobTypes";

// ---------------------------------------------------------------------------------------------
// Type tokens
// ---------------------------------------------------------------------------------------------

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
  roleBinding: ["kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"],
  clusterRoleBinding: ["kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding"],
  deployment: ["kubernetes:apps/v1:Deployment"],
} as const;

const is = (list: readonly string[], type: string) => list.includes(type);

// ---------------------------------------------------------------------------------------------
// Plain data: unknowns and secrets made visible, proxies taken off
// ---------------------------------------------------------------------------------------------

/** A value a rule cannot judge: unknown during preview, or a Pulumi secret. */
export class Hidden {
  constructor(readonly reason: "unknown" | "secret") {}
}

/** The wire sentinels of unknown values (Pulumi's `unknownValue` and the policy SDK's). */
const UNKNOWN_SENTINELS = new Set([
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);
const SECRET_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/**
 * A plain copy of `v`: the policy SDK's unknown-checking proxy is read through (an unknown becomes
 * a {@link Hidden}, instead of the read throwing and the whole policy being skipped), and a
 * Pulumi secret (wire form or the SDK's `Secret`) becomes a {@link Hidden}.
 */
export function plain(v: unknown): unknown {
  if (typeof v === "string") return UNKNOWN_SENTINELS.has(v) ? new Hidden("unknown") : v;
  if (v === null || typeof v !== "object") return v;
  if (v instanceof Hidden) return v;
  if (v instanceof Secret) return new Hidden("secret");
  const read = (k: string | number): unknown => {
    try {
      return (v as Record<string | number, unknown>)[k];
    } catch (e) {
      if (e instanceof UnknownValueError) return new Hidden("unknown");
      throw e;
    }
  };
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) out.push(plain(read(i)));
    return out;
  }
  if (read(SECRET_KEY) === SECRET_SIG) return new Hidden("secret");
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = plain(read(k));
  return out;
}

type Obj = Record<string, unknown>;

/** `v` if it is a plain object. */
function obj(v: unknown): Obj | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Hidden)
    ? (v as Obj)
    : undefined;
}
/** `v` if it is an array, else empty. */
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
/** `v` if it is a string. */
function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}
/** `v` if it is a number. */
function num(v: unknown): number | undefined {
  return typeof v === "number" ? v : undefined;
}
/** The value at `path` below `v`. */
function at(v: unknown, ...path: string[]): unknown {
  let cur = v;
  for (const k of path) cur = obj(cur)?.[k];
  return cur;
}

/** Go's `strconv.ParseBool` true values (Argo CD and Kruise parse flags with it); or `true`. */
export function truthy(v: unknown): boolean {
  if (v === true) return true;
  return typeof v === "string" && ["1", "t", "T", "TRUE", "true", "True"].includes(v.trim());
}

/** `Kind 'namespace/name'` of a Kubernetes object, or the Pulumi name when it has no metadata name. */
export function subject(type: string, props: unknown, pulumiName: string): string {
  const kind = type.slice(type.lastIndexOf(":") + 1);
  if (is(TYPES.helm, type)) return `${kind} '${pulumiName}'`;
  const name = str(at(props, "metadata", "name"));
  const ns = str(at(props, "metadata", "namespace"));
  return `${kind} '${name ? (ns ? `${ns}/${name}` : name) : pulumiName}'`;
}

/** One problem: where in the props, and the message in the project's what — rule; fix form. */
interface Problem {
  path: (string | number)[];
  message: string;
}

/** `Kind 'ns/name': path message`, one violation line. */
function violation(who: string, p: Problem): string {
  const where = renderPath(p.path);
  return `${who}: ${where ? `${where} ` : ""}${p.message}`;
}

/** Runs checks written against zod's refinement context and returns what they reported. */
function collect(run: (ctx: z.RefinementCtx) => void): Problem[] {
  const problems: Problem[] = [];
  const ctx = {
    addIssue: (issue: { path?: (string | number)[]; message?: string }) => {
      problems.push({ path: issue.path ?? [], message: issue.message ?? "" });
    },
  } as unknown as z.RefinementCtx;
  run(ctx);
  return problems;
}

/** A resource policy over plain props: `check` returns problems, each reported with the subject. */
function resourceRule(
  types: (type: string) => boolean,
  check: (props: Obj, args: ResourceValidationArgs) => Problem[],
) {
  return (args: ResourceValidationArgs, report: ReportViolation): void => {
    if (!types(args.type)) return;
    const props = obj(plain(args.props)) ?? {};
    const who = subject(args.type, props, args.name);
    for (const p of check(props, args)) report(violation(who, p));
  };
}

/** A stack resource with plain props. */
interface StackItem {
  type: string;
  name: string;
  urn: string;
  props: Obj;
  who: string;
}

function stackItems(resources: readonly PolicyResource[]): StackItem[] {
  return resources.map((r) => {
    const props = obj(plain(r.props)) ?? {};
    return { type: r.type, name: r.name, urn: r.urn, props, who: subject(r.type, props, r.name) };
  });
}

/** `a, b, c` or `a, b, c and 4 more`, sorted (the engine's order is not stable). */
function listOf(items: readonly string[], max = 3): string {
  const shown = [...items].sort().slice(0, max).join(", ");
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

// ---------------------------------------------------------------------------------------------
// 1. pinned-images
// ---------------------------------------------------------------------------------------------

/** An image and where it sits. */
interface ImageAt {
  path: (string | number)[];
  image: unknown;
}

/** The images of a pod spec's containers, init containers and ephemeral containers. */
function podImages(spec: unknown, base: (string | number)[]): ImageAt[] {
  return (["initContainers", "containers", "ephemeralContainers"] as const).flatMap((list) =>
    arr(at(spec, list)).map((c, i) => ({
      path: [...base, list, i, "image"],
      image: at(c, "image"),
    })),
  );
}

/** The images of a Tekton task spec: steps, sidecars and the step template. */
function taskImages(spec: unknown, base: (string | number)[]): ImageAt[] {
  const out: ImageAt[] = [];
  if (at(spec, "stepTemplate", "image") !== undefined)
    out.push({
      path: [...base, "stepTemplate", "image"],
      image: at(spec, "stepTemplate", "image"),
    });
  for (const list of ["steps", "sidecars"] as const)
    arr(at(spec, list)).forEach((s, i) =>
      out.push({ path: [...base, list, i, "image"], image: at(s, "image") }),
    );
  return out;
}

/** The images of a Tekton pipeline spec's inline task specs (`tasks` and `finally`). */
function pipelineImages(spec: unknown, base: (string | number)[]): ImageAt[] {
  return (["tasks", "finally"] as const).flatMap((list) =>
    arr(at(spec, list)).flatMap((t, i) =>
      taskImages(at(t, "taskSpec"), [...base, list, i, "taskSpec"]),
    ),
  );
}

/** Every image field of a resource of a type the rule knows; empty for other types. */
export function imagesOf(type: string, props: unknown): ImageAt[] {
  if (is(TYPES.imagePullJob, type))
    return [{ path: ["spec", "image"], image: at(props, "spec", "image") }];
  if (is(TYPES.imageListPullJob, type))
    return arr(at(props, "spec", "images")).map((image, i) => ({
      path: ["spec", "images", i],
      image,
    }));
  if (is(TYPES.kruiseWorkload, type) || is(TYPES.podTemplateWorkload, type))
    return podImages(at(props, "spec", "template", "spec"), ["spec", "template", "spec"]);
  if (is(TYPES.tektonTask, type)) return taskImages(at(props, "spec"), ["spec"]);
  if (is(TYPES.tektonPipeline, type)) return pipelineImages(at(props, "spec"), ["spec"]);
  if (is(TYPES.tektonTaskRun, type))
    return taskImages(at(props, "spec", "taskSpec"), ["spec", "taskSpec"]);
  if (is(TYPES.tektonPipelineRun, type))
    return pipelineImages(at(props, "spec", "pipelineSpec"), ["spec", "pipelineSpec"]);
  return [];
}

const PIN_RULE =
  "a missing tag means ':latest', and a moving tag makes nodes run whatever was pushed last, never roll out in place on a new push, and pre-warm the wrong image";
const PIN_FIX = 'pin a version, e.g. "ghcr.io/acme/web:1.4.2", or a digest "…@sha256:…"';

/**
 * Why `image` is not pinned, or undefined when it is (or cannot be judged: a Tekton variable such
 * as `$(params.image)`, resolved at run time, or a value unknown during preview).
 */
export function imagePinProblem(image: unknown): string | undefined {
  if (typeof image !== "string" || image.includes("$(")) return undefined;
  if (image === "")
    return ruleMessage("is empty", "a container needs an image", 'name one, e.g. "nginx:1.27"');
  const parsed = parseNormalizedNamed(image);
  if (!parsed.ok)
    return ruleMessage(
      `(${JSON.stringify(image)}) is not a valid image reference: ${parsed.error}`,
      "the kubelet and Kruise parse images with reference.ParseNormalizedNamed",
      'write [registry[:port]/]repository[:tag][@sha256:digest] with a lowercase repository, e.g. "ghcr.io/acme/web:1.4.2"',
    );
  const { tag, digest } = parsed.ref;
  if (digest !== undefined) return undefined;
  if (tag === undefined)
    return ruleMessage(`(${JSON.stringify(image)}) has no tag or digest`, PIN_RULE, PIN_FIX);
  if (tag === "latest")
    return ruleMessage(`(${JSON.stringify(image)}) is tagged ':latest'`, PIN_RULE, PIN_FIX);
  return undefined;
}

export const pinnedImages: ResourceValidationPolicy = {
  name: "pinned-images",
  description:
    "Images in ImagePullJobs, Kruise and core workloads, and Tekton Tasks/Pipelines carry a tag (not ':latest') or a digest.",
  enforcementLevel: "mandatory",
  validateResource: resourceRule(
    () => true,
    (props, args) =>
      imagesOf(args.type, props).flatMap(({ path, image }) => {
        const message = imagePinProblem(image);
        return message ? [{ path, message }] : [];
      }),
  ),
};

// ---------------------------------------------------------------------------------------------
// 2. imagepulljob-policies
// ---------------------------------------------------------------------------------------------

const EXPLICIT_RULE =
  "the published Kruise charts register webhook paths the 1.9 manager no longer serves, so Kruise's defaulting may never run";

/** The ImagePullJob (or ImageListPullJob) spec checks: explicit policies, then webhook rules 2–5 and 12–14. */
export function imagePullJobProblems(props: unknown): Problem[] {
  const spec = obj(at(props, "spec")) ?? {};
  const completion = obj(spec.completionPolicy);
  const pull = obj(spec.pullPolicy);
  return collect((ctx) => {
    const add = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: "custom", path, message });
    if (completion?.type === undefined) {
      add(
        ["spec", "completionPolicy", "type"],
        ruleMessage(
          "is not set",
          `the CRD requires it and ${EXPLICIT_RULE}`,
          "set 'Always' (a one-shot warm) or 'Never' (keep warming new nodes)",
        ),
      );
    }
    for (const field of ["timeoutSeconds", "backoffLimit"] as const) {
      if (pull?.[field] === undefined) {
        add(
          ["spec", "pullPolicy", field],
          ruleMessage(
            "is not set",
            EXPLICIT_RULE,
            `set it explicitly (Kruise's default is ${IMAGE_PULL_JOB_DEFAULTS[field]})`,
          ),
        );
      }
    }
    const type = str(completion?.type);
    if (type !== undefined) {
      checkCompletion(
        ctx,
        {
          type,
          activeDeadlineSeconds: num(completion?.activeDeadlineSeconds),
          ttlSecondsAfterFinished: num(completion?.ttlSecondsAfterFinished),
          timeoutSeconds: num(pull?.timeoutSeconds) ?? IMAGE_PULL_JOB_DEFAULTS.timeoutSeconds,
        },
        {
          type: ["spec", "completionPolicy", "type"],
          activeDeadlineSeconds: ["spec", "completionPolicy", "activeDeadlineSeconds"],
          ttlSecondsAfterFinished: ["spec", "completionPolicy", "ttlSecondsAfterFinished"],
          timeoutSeconds: "spec.pullPolicy.timeoutSeconds",
        },
      );
    }
    const selector = obj(spec.selector);
    if (selector) {
      checkNodeSelector(
        ctx,
        {
          names: Array.isArray(selector.names) ? (selector.names as string[]) : undefined,
          matchLabels: obj(selector.matchLabels),
          matchExpressions: Array.isArray(selector.matchExpressions)
            ? selector.matchExpressions
            : undefined,
        },
        ["spec", "selector"],
      );
    }
    checkSelectorExclusive(
      ctx,
      spec.selector !== undefined && spec.selector !== null,
      spec.podSelector !== undefined && spec.podSelector !== null,
      ["spec", "podSelector"],
    );
  });
}

export const imagePullJobPolicies: ResourceValidationPolicy = {
  name: "imagepulljob-policies",
  description:
    "ImagePullJobs set completionPolicy.type and pullPolicy explicitly and pass Kruise's webhook rules client-side (deadline vs timeout, Never without deadline/TTL, selector xor podSelector).",
  enforcementLevel: "mandatory",
  validateResource: resourceRule(
    (t) => is(TYPES.imagePullJob, t) || is(TYPES.imageListPullJob, t),
    (props) => imagePullJobProblems(props),
  ),
};

// ---------------------------------------------------------------------------------------------
// 3. no-cluster-admin
// ---------------------------------------------------------------------------------------------

export const noClusterAdmin: ResourceValidationPolicy = {
  name: "no-cluster-admin",
  description: "No RoleBinding or ClusterRoleBinding grants the cluster-admin role.",
  enforcementLevel: "mandatory",
  validateResource: resourceRule(
    (t) => is(TYPES.roleBinding, t) || is(TYPES.clusterRoleBinding, t),
    (props) =>
      str(at(props, "roleRef", "name")) === "cluster-admin"
        ? [
            {
              path: ["roleRef", "name"],
              message: ruleMessage(
                "is cluster-admin",
                "cluster-admin is Kubernetes' superuser role: every verb on every resource, Secrets included",
                "bind a Role (or ClusterRole) with only the verbs needed; for pipelines use PipelineServiceAccount",
              ),
            },
          ]
        : [],
  ),
};

// ---------------------------------------------------------------------------------------------
// 4. no-pipeline-clusterrolebinding (stack)
// ---------------------------------------------------------------------------------------------

/** The label value PipelineServiceAccount puts on its ServiceAccount. */
export const PIPELINE_SA_COMPONENT = componentLabels("PipelineServiceAccount", "x")[
  MANAGED_LABELS.component
];

/** Which of `subject`'s accounts is a pipeline ServiceAccount (`namespace/name` set). */
function pipelineSubject(subject: Obj, pipelineSAs: ReadonlySet<string>): string | undefined {
  const kind = str(subject.kind);
  const name = str(subject.name) ?? "";
  if (kind === "ServiceAccount") {
    const id = `${str(subject.namespace) ?? "default"}/${name}`;
    return pipelineSAs.has(id) ? `ServiceAccount ${id}` : undefined;
  }
  if (kind === "User") {
    const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(name);
    return m && pipelineSAs.has(`${m[1]}/${m[2]}`) ? `User ${name}` : undefined;
  }
  if (kind === "Group") {
    if (name === "system:serviceaccounts" && pipelineSAs.size > 0) return `Group ${name}`;
    const m = /^system:serviceaccounts:([^:]+)$/.exec(name);
    return m && [...pipelineSAs].some((id) => id.startsWith(`${m[1]}/`))
      ? `Group ${name}`
      : undefined;
  }
  return undefined;
}

export const noPipelineClusterRoleBinding: StackValidationPolicy = {
  name: "no-pipeline-clusterrolebinding",
  description:
    "No ClusterRoleBinding binds a pipeline ServiceAccount (one made by PipelineServiceAccount).",
  enforcementLevel: "mandatory",
  validateStack: (args: StackValidationArgs, report: ReportViolation) => {
    const items = stackItems(args.resources);
    const pipelineSAs = new Set(
      items
        .filter(
          (r) =>
            is(TYPES.serviceAccount, r.type) &&
            at(r.props, "metadata", "labels", MANAGED_LABELS.component) === PIPELINE_SA_COMPONENT,
        )
        .map(
          (r) =>
            `${str(at(r.props, "metadata", "namespace")) ?? "default"}/${str(at(r.props, "metadata", "name")) ?? r.name}`,
        ),
    );
    if (pipelineSAs.size === 0) return;
    for (const r of items.filter((i) => is(TYPES.clusterRoleBinding, i.type))) {
      arr(r.props.subjects).forEach((s, i) => {
        const which = obj(s) && pipelineSubject(obj(s)!, pipelineSAs);
        if (!which) return;
        const role = str(at(r.props, "roleRef", "name")) ?? "?";
        report(
          violation(r.who, {
            path: ["subjects", i],
            message: ruleMessage(
              `(${which}) binds a pipeline ServiceAccount to ClusterRole ${role} in every namespace`,
              "a pipeline needs ImagePullJobs in its own namespace and get/patch on its named workloads, nothing cluster-wide",
              "drop the ClusterRoleBinding; grant what the steps need with PipelineServiceAccount (warm, deploys), which makes a Role and RoleBinding per namespace",
            ),
          }),
          r.urn,
        );
      });
    }
  },
};

// ---------------------------------------------------------------------------------------------
// 5. argocd-tls
// ---------------------------------------------------------------------------------------------

const INSECURE_PARAM = "server.insecure";
const PARAMS_CM = "argocd-cmd-params-cm";
const TLS_RULE =
  "argocd-server then serves the API and UI, logins and tokens included, over plain HTTP";
const TLS_FIX =
  "drop it (ArgoCd insecure: false, the default); terminate TLS at argocd-server, or keep a TLS-terminating proxy in front and accept the risk with this policy disabled";

export const argoCdTls: ResourceValidationPolicy = {
  name: "argocd-tls",
  description:
    "Argo CD's server keeps TLS: no `server.insecure` in the chart's configs.params or in argocd-cmd-params-cm.",
  enforcementLevel: "mandatory",
  validateResource: resourceRule(
    (t) => is(TYPES.helm, t) || is(TYPES.configMap, t),
    (props, args) => {
      if (is(TYPES.helm, args.type)) {
        return truthy(at(props, "values", "configs", "params", INSECURE_PARAM))
          ? [
              {
                path: ["values", "configs", "params", INSECURE_PARAM],
                message: ruleMessage("is true", TLS_RULE, TLS_FIX),
              },
            ]
          : [];
      }
      return str(at(props, "metadata", "name")) === PARAMS_CM &&
        truthy(at(props, "data", INSECURE_PARAM))
        ? [
            {
              path: ["data", INSECURE_PARAM],
              message: ruleMessage('is "true"', TLS_RULE, TLS_FIX),
            },
          ]
        : [];
    },
  ),
};

// ---------------------------------------------------------------------------------------------
// 6. argocd-token-credentials (advisory)
// ---------------------------------------------------------------------------------------------

export const argoCdTokenCredentials: ResourceValidationPolicy = {
  name: "argocd-token-credentials",
  description:
    "Pipelines log in to Argo CD with an API token, not a username and password (advisory).",
  enforcementLevel: "advisory",
  validateResource: resourceRule(
    (t) => is(TYPES.secret, t),
    (props) => {
      const mode = at(props, "metadata", "annotations", ARGOCD_AUTH_ANNOTATION);
      const keys = [
        ...Object.keys(obj(props.stringData) ?? {}),
        ...Object.keys(obj(props.data) ?? {}),
      ];
      const passwordOnly =
        mode === undefined &&
        keys.includes(ARGOCD_ENV.password) &&
        !keys.includes(ARGOCD_ENV.token);
      if (mode !== "password" && !passwordOnly) return [];
      return [
        {
          path: mode === "password" ? ["metadata", "annotations", ARGOCD_AUTH_ANNOTATION] : [],
          message: ruleMessage(
            mode === "password"
              ? "is password: the pipeline logs in to Argo CD with a username and password"
              : `holds ${ARGOCD_ENV.password}: the pipeline logs in to Argo CD with a username and password`,
            "an API token can be scoped to a project role and revoked alone; a password opens the whole account",
            "issue a token (`argocd account generate-token` for an account with the apiKey capability) and give ArgoCdToken `token` instead of `login`",
          ),
        },
      ];
    },
  ),
};

// ---------------------------------------------------------------------------------------------
// 7. kruise-feature-gates (stack)
// ---------------------------------------------------------------------------------------------

/** The Kruise chart's own `featureGates` default (chart 1.8.3 values.yaml). */
export const KRUISE_CHART_DEFAULT_FEATURE_GATES = "ImagePullJobGate=true";
const KRUISE_MANAGER_DEPLOYMENT = "kruise-controller-manager";

/**
 * Every gate's effective value for a `featureGates` string (`Name=bool,...`; the chart's default
 * when undefined): Kruise's defaults for gates not named, then the ties Kruise's
 * SetDefaultFeatureGates applies (components/kruise/featureGates.ts). Names Kruise does not know
 * and values that are not booleans are ignored here (KruiseOperator rejects them).
 */
export function effectiveFeatureGates(
  featureGates: string | undefined,
): Record<KruiseFeatureGate, boolean> {
  const given: Partial<Record<KruiseFeatureGate, boolean>> = {};
  for (const entry of (featureGates ?? KRUISE_CHART_DEFAULT_FEATURE_GATES).split(",")) {
    const [k, v] = entry.split("=").map((s) => s.trim());
    if (!(k in KRUISE_FEATURE_GATES)) continue;
    if (truthy(v)) given[k as KruiseFeatureGate] = true;
    else if (["0", "f", "F", "FALSE", "false", "False"].includes(v)) {
      given[k as KruiseFeatureGate] = false;
    }
  }
  // Given explicitly so that the operator's own default (ImagePullJobGate on) is not applied:
  // an unset gate in the string takes Kruise's default.
  given.ImagePullJobGate ??= KRUISE_FEATURE_GATES.ImagePullJobGate.default;
  return { ...resolveFeatureGates(given, false, undefined).effective };
}

/** True when a Helm chart/release looks like OpenKruise's. */
export function isKruiseChart(props: Obj): boolean {
  const chart = str(props.chart);
  if (chart !== undefined && /(^|[/:])kruise(-v?\d[^/]*?)?(\.tgz)?\/?$/.test(chart)) return true;
  const values = obj(props.values);
  return values !== undefined && "featureGates" in values && obj(values.installation) !== undefined;
}

/** True when a Helm chart/release looks like Argo CD's. */
export function isArgoCdChart(props: Obj): boolean {
  const chart = str(props.chart);
  if (chart !== undefined && /(^|[/:])argo-cd(-v?\d[^/]*?)?(\.tgz)?\/?$/.test(chart)) return true;
  return obj(at(props, "values", "configs")) !== undefined && "crds" in (obj(props.values) ?? {});
}

/** A Kruise install: where its `featureGates` come from. */
interface KruiseInstall {
  item: StackItem;
  /** The string, or undefined for the chart's default. */
  featureGates: string | undefined;
}

/**
 * The Kruise installs of the stack: Kruise charts whose values are visible (under mocks, and in
 * resource-level props), else the manager Deployments a chart rendered (under a real engine a
 * stack policy sees the chart's children, and a component's outputs rather than its values).
 * Installs whose featureGates cannot be read (unknown, secret) are left out.
 */
function kruiseInstalls(items: readonly StackItem[]): KruiseInstall[] {
  const charts: KruiseInstall[] = [];
  for (const item of items) {
    if (!is(TYPES.helm, item.type) || !isKruiseChart(item.props)) continue;
    const fg = at(item.props, "values", "featureGates");
    if (fg === undefined || typeof fg === "string") charts.push({ item, featureGates: fg });
  }
  if (charts.length > 0) return charts;
  const managers: KruiseInstall[] = [];
  for (const item of items) {
    if (
      !is(TYPES.deployment, item.type) ||
      str(at(item.props, "metadata", "name")) !== KRUISE_MANAGER_DEPLOYMENT
    )
      continue;
    for (const c of arr(at(item.props, "spec", "template", "spec", "containers"))) {
      const flag = arr(at(c, "args"))
        .map(str)
        .find((a) => a?.startsWith("--feature-gates="));
      if (flag !== undefined) {
        managers.push({ item, featureGates: flag.slice("--feature-gates=".length) });
        break;
      }
    }
  }
  return managers;
}

/** True when a Role lets its subjects create ImagePullJobs (a pipeline's warm step). */
function grantsImagePullJobCreate(role: Obj): boolean {
  const has = (list: unknown, v: string) => arr(list).some((x) => x === v || x === "*");
  return arr(role.rules).some(
    (r) =>
      has(at(r, "apiGroups"), "apps.kruise.io") &&
      has(at(r, "resources"), "imagepulljobs") &&
      has(at(r, "verbs"), "create"),
  );
}

/** True when an Application diffs server-side (`compare-options` holds `ServerSideDiff=true`). */
function diffsServerSide(app: Obj): boolean {
  const v = str(at(app, "metadata", "annotations", COMPARE_OPTIONS_ANNOTATION)) ?? "";
  return v.split(",").some((o) => o.trim() === "ServerSideDiff=true");
}

export const kruiseFeatureGates: StackValidationPolicy = {
  name: "kruise-feature-gates",
  description:
    "The Kruise install's feature gates fit the stack: ImagePullJobGate and KruiseDaemon on when ImagePullJobs are used; TemplateNoDefaults on (or Argo CD server-side diff) when Argo CD and Kruise workloads meet.",
  enforcementLevel: "mandatory",
  validateStack: (args: StackValidationArgs, report: ReportViolation) => {
    const items = stackItems(args.resources);
    const installs = kruiseInstalls(items);
    if (installs.length === 0) {
      args.notApplicable("the stack installs no Kruise chart");
      return;
    }
    const warmers = [
      ...items
        .filter((r) => is(TYPES.imagePullJob, r.type) || is(TYPES.imageListPullJob, r.type))
        .map((r) => r.who),
      ...items
        .filter((r) => is(TYPES.role, r.type) && grantsImagePullJobCreate(r.props))
        .map((r) => `${r.who} (a pipeline warm step)`),
    ];
    const workloads = items.filter((r) => is(TYPES.kruiseWorkload, r.type)).map((r) => r.who);
    const apps = items.filter((r) => is(TYPES.application, r.type));
    const argoCharts = items.filter((r) => is(TYPES.helm, r.type) && isArgoCdChart(r.props));
    const paramsCms = items.filter(
      (r) => is(TYPES.configMap, r.type) && str(at(r.props, "metadata", "name")) === PARAMS_CM,
    );
    const argo = [...argoCharts, ...paramsCms, ...apps];
    const globalServerSideDiff =
      argoCharts.some((c) =>
        truthy(at(c.props, "values", "configs", "params", SERVER_SIDE_DIFF_PARAM)),
      ) || paramsCms.some((c) => truthy(at(c.props, "data", SERVER_SIDE_DIFF_PARAM)));

    for (const { item, featureGates } of installs) {
      const gates = effectiveFeatureGates(featureGates);
      const shown =
        featureGates === undefined
          ? `featureGates (unset: the chart's "${KRUISE_CHART_DEFAULT_FEATURE_GATES}")`
          : `featureGates "${featureGates}"`;
      const off = (["KruiseDaemon", "ImagePullJobGate"] as const).filter((g) => !gates[g]);
      if (warmers.length > 0 && off.length > 0) {
        report(
          `${item.who}: ${shown} ${ruleMessage(
            `leaves ${off.join(" and ")} off, but the stack warms images with ${listOf(warmers)}`,
            "Kruise's ImagePullJob webhook answers 403 and no controller pulls unless KruiseDaemon and ImagePullJobGate are on",
            `set ${off.map((g) => `${g}=true`).join(",")} in featureGates (KruiseOperator: drop ${off.map((g) => `featureGates.${g}: false`).join(" and ")}; ImagePullJobGate is on by default there)`,
          )}`,
          item.urn,
        );
      }
      if (argo.length > 0 && workloads.length > 0 && !gates.TemplateNoDefaults) {
        const clientDiffing = apps.filter((a) => !diffsServerSide(a.props)).map((a) => a.who);
        if (!globalServerSideDiff && clientDiffing.length > 0) {
          report(
            `${item.who}: ${shown} ${ruleMessage(
              `leaves TemplateNoDefaults off while Argo CD (${listOf(clientDiffing)}) diffs client-side and the stack runs Kruise workloads (${listOf(workloads)})`,
              "Kruise's webhook writes pod-template defaults into Kruise workloads, which Argo CD then reports as drift (Kruise's GitOps guide)",
              `turn on TemplateNoDefaults=true (KruiseOperator gitOps: true), or annotate every Application ${COMPARE_OPTIONS_ANNOTATION}: ServerSideDiff=true (ArgoApplication serverSideDiff: true)`,
            )}`,
            item.urn,
          );
        }
      }
    }
  },
};

// ---------------------------------------------------------------------------------------------
// 8. no-secret-data-in-configmaps-or-annotations
// ---------------------------------------------------------------------------------------------

/** Keys whose values are credentials by name. */
export const CREDENTIAL_KEY =
  /(password|passwd|secret|token|apikey|api-key|private[-_]?key|auth)$/i;
/** Annotation keys whose values are not credentials despite their names. */
export const SAFE_ANNOTATION_KEYS: readonly RegExp[] = [
  new RegExp(`^${ARGOCD_AUTH_ANNOTATION.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`),
  /^tekton\.dev\/(git|docker)-\d+$/,
  // ingress-nginx: the values name a Secret (`namespace/name`), not its content.
  /^nginx\.ingress\.kubernetes\.io\/auth(-tls)?-secret$/,
];
/** ConfigMap keys whose values are not credentials (Argo CD's Lua health checks and the like). */
export const SAFE_CONFIGMAP_KEYS: readonly RegExp[] = [/^resource\.customizations\./];
const PEM_PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;

/** A value that is clearly not a credential: a flag, a number, or an Argo CD `$secret:key` reference. */
function plainSetting(v: string): boolean {
  const t = v.trim();
  return (
    t === "" ||
    /^(true|false|yes|no|on|off|null|none)$/i.test(t) ||
    /^-?\d+(\.\d+)?$/.test(t) ||
    /^\$[\w.:-]+$/.test(t)
  );
}

/** True when `v` is docker config JSON with a non-empty `auth` (or `password`) for a registry. */
export function hasDockerAuth(v: string): boolean {
  if (!/"auths?"/.test(v)) return false;
  try {
    const parsed = JSON.parse(v) as unknown;
    const auths = obj(at(parsed, "auths")) ?? {};
    return Object.values(auths).some(
      (e) => (str(at(e, "auth")) ?? "") !== "" || (str(at(e, "password")) ?? "") !== "",
    );
  } catch {
    return /"(auth|password)"\s*:\s*"[^"]+"/.test(v);
  }
}

/** Why the value under `key` looks like a credential, or undefined. */
export function credentialProblem(
  key: string,
  value: unknown,
  keyIsSafe: boolean,
): string | undefined {
  if (typeof value !== "string") return undefined;
  if (PEM_PRIVATE_KEY.test(value)) return "holds a PEM private key";
  if (hasDockerAuth(value)) return 'holds docker config JSON with registry credentials ("auth")';
  if (!keyIsSafe && CREDENTIAL_KEY.test(key) && !plainSetting(value))
    return "is named like a credential and holds a value";
  return undefined;
}

const LEAK_RULE =
  "ConfigMaps and annotations are stored and shown in plain text (kubectl describe, Argo CD's UI, events) and readable by anyone who may read the object";
const LEAK_FIX =
  "move the value into a Secret (RegistryCredentials, GitCredentials, ArgoCdToken, or a kubernetes Secret from a Pulumi secret) and reference it by name; add the key to this policy's allowedKeys if it is not a credential";

export const noSecretData: ResourceValidationPolicy = {
  name: "no-secret-data-in-configmaps-or-annotations",
  description:
    "ConfigMap data and annotations hold no credentials: no credential-named keys with values, no PEM private keys, no docker config auth.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedKeys: {
        type: "array",
        items: { type: "string" },
        description: "Annotation or ConfigMap keys whose values are known not to be credentials.",
      },
    },
  },
  validateResource: resourceRule(
    () => true,
    (props, args) => {
      const allowed = new Set(args.getConfig<{ allowedKeys?: string[] }>()?.allowedKeys ?? []);
      const problems: Problem[] = [];
      const scan = (map: unknown, base: string[], safe: readonly RegExp[]) => {
        for (const [key, value] of Object.entries(obj(map) ?? {})) {
          if (allowed.has(key)) continue;
          const why = credentialProblem(
            key,
            value,
            safe.some((re) => re.test(key)),
          );
          if (why)
            problems.push({ path: [...base, key], message: ruleMessage(why, LEAK_RULE, LEAK_FIX) });
        }
      };
      scan(at(props, "metadata", "annotations"), ["metadata", "annotations"], SAFE_ANNOTATION_KEYS);
      scan(
        at(props, "spec", "template", "metadata", "annotations"),
        ["spec", "template", "metadata", "annotations"],
        SAFE_ANNOTATION_KEYS,
      );
      if (is(TYPES.configMap, args.type)) scan(props.data, ["data"], SAFE_CONFIGMAP_KEYS);
      return problems;
    },
  ),
};

// ---------------------------------------------------------------------------------------------
// The pack
// ---------------------------------------------------------------------------------------------

/** Every policy of the pack, resource policies first. */
export const policies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
  pinnedImages,
  imagePullJobPolicies,
  noClusterAdmin,
  noPipelineClusterRoleBinding,
  argoCdTls,
  argoCdTokenCredentials,
  kruiseFeatureGates,
  noSecretData,
];
