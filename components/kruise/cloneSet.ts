import * as k8s from "@pulumi/kubernetes";
import { INT32_MAX } from "../common/intBounds";
import { quantityValue } from "../common/quantity";
import { intOrPercentError } from "../common/intOrPercent";
import { kruiseAtLeast, kruiseVersionSchema } from "./kruiseVersion";
import { checkPinnedImage } from "../common/pinnedImage";
import { envVarNameProblems, portNameProblems } from "../common/containerNames";
import * as kx from "@pulumi/kubernetesx";
import { PodSpecShorthand } from "./podShorthand";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { childOptions } from "../common/children";
import { ruleIssue } from "../common/errors";
import { isKnown, validateLater, validateNow } from "../common/inputs";
import { checkedObjectName, componentLabels, namespaceSchema } from "../common/k8sNames";
import { matchLabelsSchema } from "../common/labelSelector";
import { dnsStem } from "../common/naming";
import {
  CLONESET_DEFAULTS,
  CloneSetUpdateType,
  checkContainerNames,
  CLONESET_IMAGE_RULE,
  checkRollout,
  preDownloadSchema,
  updateStrategySchema,
} from "./cloneSetRules";
import { CLONESET_API_VERSION, buildCloneSet, withoutEmptyLists } from "./cloneSetSpec";
import { GetterStore } from "../common/getterStore";

/** Each component's cloneSet (its getter's value; see GetterStore). */
const cloneSets = new GetterStore<k8s.apiextensions.CustomResource>();

const KIND = "CloneSet";

/** How a CloneSet rolls out a new template. Maps to `spec.updateStrategy`. */
export interface CloneSetUpdateStrategy {
  /**
   * `InPlaceIfPossible` restarts only the changed containers when just images change;
   * `InPlaceOnly` rejects any other change; `ReCreate` replaces Pods. (`OnDelete` is rejected by
   * Kruise 1.9.) Maps to `spec.updateStrategy.type`. @default "InPlaceIfPossible"
   */
  type?: pulumi.Input<CloneSetUpdateType>;
  /**
   * Pods kept on the old revision, as a count. Lower it batch by batch to roll out in stages.
   * Not with `partitionPercent`. Maps to `spec.updateStrategy.partition`. @default 0
   */
  partition?: pulumi.Input<number>;
  /**
   * Pods kept on the old revision, as a percentage of `replicas` (0–100, rounded up). Not with
   * `partition`. Maps to `spec.updateStrategy.partition` as `"<n>%"`. @default none (`partition` 0)
   */
  partitionPercent?: pulumi.Input<number>;
  /**
   * Pods that may be unavailable during the update, as a count. Not with `maxUnavailablePercent`.
   * Maps to `spec.updateStrategy.maxUnavailable`. @default none (`maxUnavailablePercent` 20)
   */
  maxUnavailable?: pulumi.Input<number>;
  /**
   * Pods that may be unavailable during the update, as a percentage of `replicas` (0–100; Kruise
   * 1.8 takes whole percentages only). Not with `maxUnavailable`. Maps to
   * `spec.updateStrategy.maxUnavailable` as `"<n>%"`. @default 20
   */
  maxUnavailablePercent?: pulumi.Input<number>;
  /**
   * Extra Pods above `replicas` during the update (not with `InPlaceOnly`), as a count. Not with
   * `maxSurgePercent`. Maps to `spec.updateStrategy.maxSurge`. @default 0
   */
  maxSurge?: pulumi.Input<number>;
  /**
   * Extra Pods above `replicas` during the update, as a percentage of `replicas` (0–100; Kruise
   * 1.8 takes whole percentages only). Not with `maxSurge`. Maps to
   * `spec.updateStrategy.maxSurge` as `"<n>%"`. @default none (`maxSurge` 0)
   */
  maxSurgePercent?: pulumi.Input<number>;
  /** Stops the rollout where it is. Maps to `spec.updateStrategy.paused` (written only when true: Kruise drops `false`). @default false */
  paused?: pulumi.Input<boolean>;
  /**
   * Seconds between marking a Pod not-ready and updating it in place (lets load balancers drain).
   * Maps to `spec.updateStrategy.inPlaceUpdateStrategy.gracePeriodSeconds`. @default none (0)
   */
  gracePeriodSeconds?: pulumi.Input<number>;
}

/**
 * Image pre-download for in-place updates: Kruise creates ImagePullJobs for the new images on the
 * nodes of the Pods still to update. Needs the operator's `PreDownloadImageForInPlaceUpdate`
 * gate; Kruise skips it for `ReCreate`, ≤ 3 replicas, or an all-at-once rollout (rejected here).
 */
export interface CloneSetPreDownload {
  /** Nodes pulling at once (whole number). Maps to annotation `apps.kruise.io/image-predownload-parallelism`. @default 1 */
  parallelism?: pulumi.Input<number>;
  /** Per-node pull timeout. Maps to annotation `apps.kruise.io/image-predownload-timeout-seconds`. @default 300 */
  timeoutSeconds?: pulumi.Input<number>;
  /**
   * Updated-and-ready Pods required before pre-download starts, as a count: warm only once the
   * first batch proved the image good. Not with `minUpdatedReadyPodsPercent`. Maps to annotation
   * `apps.kruise.io/image-predownload-min-updated-ready-pods`. @default 0
   */
  minUpdatedReadyPods?: pulumi.Input<number>;
  /**
   * Updated-and-ready Pods required before pre-download starts, as a percentage of `replicas`
   * (0–100). Not with `minUpdatedReadyPods`. Maps to annotation
   * `apps.kruise.io/image-predownload-min-updated-ready-pods` as `"<n>%"`.
   * @default none (`minUpdatedReadyPods` 0)
   */
  minUpdatedReadyPodsPercent?: pulumi.Input<number>;
}

/** Args of {@link CloneSet}. Give `image` (one container) or `podSpec`, not both. */
export interface CloneSetArgs {
  /** Namespace. Maps to `metadata.namespace`. @default "default" */
  namespace?: pulumi.Input<string>;
  /**
   * Shorthand for a one-container Pod: the image, pinned by tag or digest. The container is named
   * after the component. Maps to `spec.template.spec.containers[0].image`. @default none
   */
  image?: pulumi.Input<string>;
  /** With `image`: named ports, e.g. `{ http: 8080 }` (kubernetesx PortMap). Maps to `containers[0].ports`. @default none */
  ports?: pulumi.Input<Record<string, number>>;
  /** With `image`: environment, e.g. `{ LOG_LEVEL: "info" }` (kubernetesx EnvMap). Maps to `containers[0].env`. @default none */
  env?: pulumi.Input<Record<string, string>>;
  /** With `image`: requests and limits. Maps to `containers[0].resources`. @default none */
  resources?: pulumi.Input<k8s.types.input.core.v1.ResourceRequirements>;
  /**
   * The full Pod spec, in the kubernetesx shorthand (`ports` / `env` as maps, volume mounts that
   * bring their volume), built with kubernetesx's PodBuilder. Every container needs a `name`.
   * Free-form in Pulumi's schema (a core/v1 PodSpec object, checked at construction: containers,
   * their names and pinned images, `restartPolicy`); in TypeScript, type the value as
   * `PodSpecShorthand` to have the compiler check it.
   * Maps to `spec.template.spec`. @default none
   */
  podSpec?: pulumi.Input<{ [key: string]: any }>;
  /** Pods. Maps to `spec.replicas`. @default 1 */
  replicas?: pulumi.Input<number>;
  /** Labels selecting the Pods (immutable once created). Maps to `spec.selector.matchLabels`. @default { "app.kubernetes.io/name": <name> } */
  selectorLabels?: pulumi.Input<Record<string, string>>;
  /** Extra labels on the CloneSet and its Pods. Maps to `metadata.labels`. @default none */
  labels?: pulumi.Input<Record<string, string>>;
  /** The rollout. Maps to `spec.updateStrategy`. @default InPlaceIfPossible, partition 0, maxUnavailablePercent 20, maxSurge 0 */
  updateStrategy?: pulumi.Input<CloneSetUpdateStrategy>;
  /**
   * The Kruise the cluster runs, whose CloneSet webhook checks this object: Kruise 1.8 reads
   * `maxUnavailablePercent` and `maxSurgePercent` as whole numbers only (20, not 12.5); 1.9 also
   * takes fractions. Kruise's own `kruise-manager` version, e.g. "1.9.1".
   * @default the version the pinned chart runs (`KRUISE_VERSION`, 1.8.3)
   */
  kruiseVersion?: pulumi.Input<string>;
  /** Image pre-download before in-place updates. Maps to the `apps.kruise.io/image-predownload-*` annotations. @default off */
  preDownload?: pulumi.Input<CloneSetPreDownload>;
  /** Seconds a new Pod must be ready to count as available. Maps to `spec.minReadySeconds`. @default none (0) */
  minReadySeconds?: pulumi.Input<number>;
  /** Old revisions kept for rollback. Maps to `spec.revisionHistoryLimit`. @default 10 */
  revisionHistoryLimit?: pulumi.Input<number>;
}

const nonNegativeInt = z.number().int().min(0).max(INT32_MAX);

/** The pod-template rules Kruise's webhook adds to ValidatePodTemplateSpec, for what we can see. */
function checkPodSpec(
  ctx: z.RefinementCtx,
  spec: Record<string, unknown>,
  path: (string | number)[],
) {
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  const init = Array.isArray(spec.initContainers) ? spec.initContainers : [];
  if (containers.length === 0) {
    ctx.addIssue({
      code: "custom",
      path: [...path, "containers"],
      ...ruleIssue(
        "is empty",
        "ValidatePodTemplateSpec: a Pod needs at least one container",
        "add a container",
      ),
    });
  }
  const all = [...containers, ...init] as { name?: unknown; image?: unknown }[];
  checkContainerNames(
    ctx,
    all.map((c) => c?.name),
    [...path, "containers"],
  );
  containers.forEach((c: { image?: unknown }, i: number) =>
    checkPinnedImage(ctx, c?.image, [...path, "containers", i, "image"], CLONESET_IMAGE_RULE),
  );
  init.forEach((c: { image?: unknown }, i: number) =>
    checkPinnedImage(ctx, c?.image, [...path, "initContainers", i, "image"], CLONESET_IMAGE_RULE),
  );
  if (spec.restartPolicy !== undefined && spec.restartPolicy !== "Always") {
    ctx.addIssue({
      code: "custom",
      path: [...path, "restartPolicy"],
      ...ruleIssue(
        `(${JSON.stringify(spec.restartPolicy)}) is not Always`,
        'Kruise\'s CloneSet webhook: restartPolicy supports only "Always"',
        "drop restartPolicy",
      ),
    });
  }
  if (spec.activeDeadlineSeconds !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: [...path, "activeDeadlineSeconds"],
      ...ruleIssue(
        "is set",
        'Kruise\'s CloneSet webhook: "activeDeadlineSeconds in cloneset is not Supported"',
        "drop activeDeadlineSeconds",
      ),
    });
  }
}

/**
 * A container's `resources` as the API server validates them (ValidateResourceRequirements):
 * quantities that parse, none negative, and no request above its limit. Outputs are left to the
 * API server.
 */
const resourceRequirementsSchema = z.unknown().superRefine((r, ctx) => {
  if (!isKnown(r)) return;
  if (r === null || typeof r !== "object" || Array.isArray(r)) {
    ctx.addIssue({
      code: "custom",
      ...ruleIssue(
        "is not resource requirements",
        "a container's resources are { requests, limits } maps of quantities",
        'give e.g. { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } }',
      ),
      continue: false,
    });
    return;
  }
  const parts = r as Record<string, unknown>;
  const values: Record<string, Record<string, number>> = {};
  for (const part of ["requests", "limits"] as const) {
    const map = parts[part];
    if (map === undefined) continue;
    values[part] = {};
    for (const [name, q] of Object.entries((map ?? {}) as Record<string, unknown>)) {
      const v = typeof q === "string" ? quantityValue(q) : typeof q === "number" ? q : undefined;
      if (v === undefined || v < 0) {
        ctx.addIssue({
          code: "custom",
          path: [part, name],
          ...ruleIssue(
            `(${JSON.stringify(q)}) ${v === undefined ? "is not a quantity" : "is negative"}`,
            "Kubernetes resource quantities are a number and a suffix (ParseQuantity), never negative",
            'write e.g. "250m", "1", "512Mi" or "2Gi"',
          ),
        });
      } else values[part][name] = v;
    }
  }
  for (const [name, request] of Object.entries(values.requests ?? {})) {
    const limit = values.limits?.[name];
    // Doubles, not exact decimals: a relative margin keeps "1" and "1000m" equal.
    if (limit !== undefined && request > limit * (1 + 1e-12)) {
      ctx.addIssue({
        code: "custom",
        path: ["requests", name],
        ...ruleIssue(
          `(${JSON.stringify((parts.requests as Record<string, unknown>)[name])}) is above its limit (${JSON.stringify((parts.limits as Record<string, unknown>)[name])})`,
          "Kubernetes: a container's request must be less than or equal to its limit",
          "lower the request or raise the limit",
        ),
      });
    }
  }
});

/**
 * A refinement of a map whose keys are names Kubernetes checks: one issue per bad key, at the
 * key, `what` saying which name and its problems (joined), then `rule` and `fix`.
 */
function keysNamedBy(
  problemsOf: (name: string) => string[],
  what: (name: string, problems: string) => string,
  rule: string,
  fix: string,
) {
  return (map: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    for (const name of Object.keys(map)) {
      const problems = problemsOf(name);
      if (problems.length === 0) continue;
      ctx.addIssue({
        code: "custom",
        path: [name],
        ...ruleIssue(what(name, problems.join(", and ")), rule, fix),
      });
    }
  };
}

/** The schema of {@link CloneSetArgs} (the pod spec is checked by {@link checkPodSpec}). */
export const cloneSetArgsSchema = z
  .strictObject({
    namespace: namespaceSchema.default("default"),
    image: z.string().optional(),
    ports: z
      .record(z.string(), z.number().int().min(1).max(65535))
      .superRefine(
        keysNamedBy(
          portNameProblems,
          (name, problems) => `names a port ${JSON.stringify(name)}, which ${problems}`,
          "Kubernetes: a container port's name is an IANA service name (IsValidPortName)",
          'use e.g. "http" or "metrics-9090"',
        ),
      )
      .optional(),
    env: z
      .record(z.string(), z.string())
      .superRefine(
        keysNamedBy(
          envVarNameProblems,
          (name, problems) => `names a variable ${JSON.stringify(name)}: ${problems}`,
          "Kubernetes' environment variable name rule (IsRelaxedEnvVarName)",
          'use e.g. "LOG_LEVEL"',
        ),
      )
      .optional(),
    resources: resourceRequirementsSchema.optional(),
    podSpec: z.unknown().optional(),
    replicas: nonNegativeInt.default(CLONESET_DEFAULTS.replicas),
    selectorLabels: matchLabelsSchema
      .refine((labels) => Object.keys(labels).length > 0, {
        ...ruleIssue(
          "is empty",
          'Kruise\'s CloneSet webhook: "empty selector is invalid for cloneset"',
          'give at least one label, e.g. { "app.kubernetes.io/name": "web" }, or leave it out (the container\'s name is used)',
        ),
      })
      .optional(),
    labels: matchLabelsSchema.optional(),
    updateStrategy: updateStrategySchema,
    preDownload: preDownloadSchema.optional(),
    minReadySeconds: nonNegativeInt.optional(),
    revisionHistoryLimit: nonNegativeInt.default(CLONESET_DEFAULTS.revisionHistoryLimit),
    kruiseVersion: kruiseVersionSchema,
  })
  .superRefine((a, ctx) => {
    const shorthand = a.ports !== undefined || a.env !== undefined || a.resources !== undefined;
    if ((a.image === undefined) === (a.podSpec === undefined)) {
      ctx.addIssue({
        code: "custom",
        ...ruleIssue(
          a.image === undefined ? "has neither image nor podSpec" : "has both image and podSpec",
          "the Pod template comes from exactly one of them",
          "give image (one container) or podSpec",
        ),
      });
    } else if (a.image !== undefined) {
      checkPinnedImage(ctx, a.image, ["image"], CLONESET_IMAGE_RULE);
    } else if (shorthand) {
      ctx.addIssue({
        code: "custom",
        path: ["podSpec"],
        ...ruleIssue(
          "is given with ports/env/resources",
          "those are shorthands for the one container of `image`",
          "put them on the container in podSpec",
        ),
      });
    } else if (isKnown(a.podSpec)) {
      if (typeof a.podSpec !== "object" || a.podSpec === null) {
        ctx.addIssue({
          code: "custom",
          path: ["podSpec"],
          ...ruleIssue(
            "is not a Pod spec",
            "a CloneSet's spec.template.spec is a core/v1 PodSpec object",
            "pass { containers: [...] }",
          ),
        });
      } else {
        checkPodSpec(ctx, a.podSpec as Record<string, unknown>, ["podSpec"]);
      }
    }
    checkRollout(ctx, a.replicas, a.updateStrategy, a.preDownload);
    // Kruise 1.8's webhook reads these two with intstr.GetValueFromIntOrPercent (strconv.Atoi).
    if (!kruiseAtLeast(a.kruiseVersion, "1.9.0")) {
      for (const field of ["maxUnavailable", "maxSurge"] as const) {
        const v = a.updateStrategy[field];
        // A count is whole already; a percentage ("<n>%", from `<field>Percent`) must be too.
        if (typeof v === "string" && intOrPercentError(v, "int")) {
          ctx.addIssue({
            code: "custom",
            path: ["updateStrategy", `${field}Percent`],
            ...ruleIssue(
              `(${v.slice(0, -1)}) is not a whole number`,
              `Kruise ${a.kruiseVersion}'s CloneSet webhook reads ${field} with intstr.GetValueFromIntOrPercent ("failed getValueFromIntOrPercent for ${field}"); fractional percentages need Kruise 1.9`,
              `give a whole ${field}Percent such as 20, or set kruiseVersion if the cluster runs Kruise 1.9 or later`,
            ),
          });
        }
      }
    }
  });

/**
 * An OpenKruise CloneSet (`apps.kruise.io/v1alpha1`): Deployment-like, with in-place updates
 * rolled out batch by batch through `partition`, and optional image pre-download so the next
 * batch's nodes already hold the new image. Every default is written explicitly. Depend on the
 * KruiseOperator (`{ dependsOn: kruise.ready }`) so it is created after the CRD and webhook.
 */
export class CloneSet extends pulumi.ComponentResource {
  /** The CloneSet's `metadata.name` (the component's name). */
  public readonly name: pulumi.Output<string>;
  /** The CloneSet's `metadata.namespace`. */
  public readonly namespace: pulumi.Output<string>;

  /**
   * The CloneSet custom resource (`apps.kruise.io/v1alpha1`): depend on it. A getter, for
   * TypeScript programs (Pulumi's schema has no type for a custom resource); other languages
   * read `name` and `namespace`.
   */
  public get cloneSet(): k8s.apiextensions.CustomResource {
    return cloneSets.get(this);
  }

  constructor(name: string, args: CloneSetArgs, opts?: pulumi.ComponentResourceOptions) {
    // Known args are checked now, before anything is registered; args holding Outputs once they
    // resolve, before the CloneSet's inputs do (so a bad value never reaches the cluster).
    const early = validateNow(KIND, name, cloneSetArgsSchema, args);
    checkedObjectName(KIND, name, "CloneSet", "web");
    super(`kruise-devops:index:${KIND}`, name, {}, opts);
    const manifest = early
      ? pulumi.output(cloneSetManifest(name, early))
      : validateLater(KIND, name, cloneSetArgsSchema, args, this).apply((a) =>
          pulumi.output(cloneSetManifest(name, a)),
        );
    const cloneSet = cloneSets.set(
      this,
      new k8s.apiextensions.CustomResource(
        `${name}-cloneset`,
        {
          apiVersion: CLONESET_API_VERSION,
          kind: "CloneSet",
          metadata: manifest.metadata,
          spec: manifest.spec,
        },
        // Kruise's webhook forbids a selector change on update ("updates to cloneset spec for fields
        // other than 'replicas', 'template', … are forbidden"): a new
        // selector replaces the CloneSet, its Pods with it.
        childOptions(this, opts, { replaceOnChanges: ["spec.selector"] }),
      ),
    );
    this.name = cloneSet.metadata.name;
    this.namespace = cloneSet.metadata.namespace;
    this.registerOutputs({
      cloneSet,
      name: this.name,
      namespace: this.namespace,
    });
  }
}

/**
 * The CloneSet manifest of checked args `a` (values resolved): the pod spec built with
 * kubernetesx's PodBuilder, every default written out. Its pod spec is an Output (PodBuilder's).
 */
function cloneSetManifest(name: string, a: z.output<typeof cloneSetArgsSchema>) {
  const containerName = dnsStem(name).slice(0, 63).replace(/-+$/, "") || "app";
  const podSpecInput: pulumi.Input<PodSpecShorthand> =
    a.image !== undefined
      ? {
          containers: [
            {
              name: containerName,
              image: a.image,
              ...(a.ports ? { ports: a.ports } : {}),
              ...(a.env ? { env: a.env } : {}),
              ...(a.resources
                ? { resources: a.resources as k8s.types.input.core.v1.ResourceRequirements }
                : {}),
            },
          ],
        }
      : (a.podSpec as pulumi.Input<PodSpecShorthand>);
  const built = new kx.PodBuilder(podSpecInput as kx.types.PodSpec).podSpec.apply(
    withoutEmptyLists,
  );
  return buildCloneSet(
    {
      name,
      namespace: a.namespace,
      labels: componentLabels(KIND, name, a.labels),
      selectorLabels: a.selectorLabels ?? { "app.kubernetes.io/name": containerName },
      replicas: a.replicas,
      revisionHistoryLimit: a.revisionHistoryLimit,
      minReadySeconds: a.minReadySeconds,
      updateStrategy: a.updateStrategy,
      preDownload: a.preDownload,
    },
    built,
  );
}
