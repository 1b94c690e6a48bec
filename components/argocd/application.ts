import * as k8s from "@pulumi/kubernetes";
import { int64Schema } from "../common/intBounds";
import { atoi, isGoDuration } from "../common/goSyntax";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { childOptions } from "../common/children";
import { ruleIssue } from "../common/errors";
import { GetterStore } from "../common/getterStore";
import { validateLater, validateNow } from "../common/inputs";
import {
  checkedObjectName,
  componentLabels,
  namespaceSchema,
  objectNameSchema,
} from "../common/k8sNames";
import { matchLabelsSchema } from "../common/labelSelector";
import {
  ApplicationDestination,
  ApplicationHelm,
  APPLICATION_API_VERSION,
  ApplicationSyncPolicy,
  buildApplication,
} from "./applicationSpec";
import { DEFAULT_ARGOCD_NAMESPACE } from "./install";
import { credentialFreeUrl } from "../common/urlCredentials";

const KIND = "ArgoApplication";

/**
 * A retry backoff duration as Argo CD parses it (`parseStringToDuration`, application types):
 * whole seconds (Go's `strconv.Atoi`), else Go's `time.ParseDuration`; anything else fails every
 * retry with "unable to parse … as a duration".
 */
const argoDuration = z.string().refine((d) => atoi(d) !== undefined || isGoDuration(d), {
  ...ruleIssue(
    "is not a duration",
    'Argo CD reads whole seconds ("30") or a Go duration ("5s", "1m30s"), and fails each retry on anything else',
    'write e.g. "5s" or "3m"',
  ),
});

/** The feature gates of a Kruise install that ArgoApplication reads. */
export interface ApplicationKruiseGates {
  /** Kruise's `TemplateNoDefaults` gate as the manager runs it (KruiseOperator `featureGates`). */
  readonly TemplateNoDefaults: boolean;
}

/** What ArgoApplication reads of the Kruise install it deploys to: a KruiseOperator is one. */
export interface ApplicationKruise {
  /** The install's effective feature gates (KruiseOperator `featureGates`). */
  readonly featureGates: ApplicationKruiseGates;
}

/** Args of {@link ArgoApplication}. Give `path` (a directory in Git) or `chart` (a Helm repo chart). */
export interface ArgoApplicationArgs {
  /** Namespace Argo CD runs in (Applications live there). Maps to `metadata.namespace`. @default "argocd" */
  namespace?: pulumi.Input<string>;
  /** Argo CD project. Maps to `spec.project`. @default "default" */
  project?: pulumi.Input<string>;
  /** Git repository or Helm repository URL. Maps to `spec.source.repoURL`. */
  repoURL: pulumi.Input<string>;
  /** Directory in the Git repository. Maps to `spec.source.path`. @default none */
  path?: pulumi.Input<string>;
  /** Chart name in the Helm repository. Maps to `spec.source.chart`. @default none */
  chart?: pulumi.Input<string>;
  /** Git branch, tag or commit, or the chart version. Maps to `spec.source.targetRevision`. */
  targetRevision: pulumi.Input<string>;
  /** Helm options. Maps to `spec.source.helm`. @default none */
  helm?: pulumi.Input<ApplicationHelm>;
  /** Where to deploy. Maps to `spec.destination`. */
  destination: pulumi.Input<ApplicationDestination>;
  /** How to sync. Maps to `spec.syncPolicy`. @default manual sync */
  syncPolicy?: pulumi.Input<ApplicationSyncPolicy>;
  /**
   * The Kruise install (a KruiseOperator) the Application deploys to. When its
   * `TemplateNoDefaults` gate is off, Kruise's webhook writes pod-template defaults into
   * CloneSets that Argo CD would report as drift, so the Application is diffed server-side.
   * Give the KruiseOperator itself, or its gates (`{ featureGates: { TemplateNoDefaults } }`,
   * e.g. from another language). Plain: its gates are read as they are (a component, not a
   * value to resolve). @default none (treated as TemplateNoDefaults off)
   */
  kruise?: ApplicationKruise;
  /**
   * Diff server-side (`argocd.argoproj.io/compare-options: ServerSideDiff=true`), which ignores
   * what mutating webhooks add. @default true unless `kruise` has TemplateNoDefaults on
   */
  serverSideDiff?: pulumi.Input<boolean>;
  /**
   * Deleting the Application deletes what it deployed (finalizer
   * `resources-finalizer.argocd.argoproj.io`; needs a running Argo CD to complete).
   * @default false (the workloads stay)
   */
  cascadeDelete?: pulumi.Input<boolean>;
  /** Extra labels. Maps to `metadata.labels`. @default none */
  labels?: pulumi.Input<Record<string, string>>;
}

const URL = /^(https?:\/\/|ssh:\/\/|git@|oci:\/\/)[^\s]+$/;

const schema = z
  .strictObject({
    namespace: namespaceSchema.default(DEFAULT_ARGOCD_NAMESPACE),
    project: objectNameSchema("AppProject", "default").default("default"),
    repoURL: credentialFreeUrl(
      z
        .string()
        .refine(
          (s) => URL.test(s),
          ruleIssue(
            "is not a repository URL",
            "Argo CD clones https://, ssh:// or git@ Git URLs and fetches charts from http(s):// or oci:// Helm repositories",
            'give e.g. "https://github.com/acme/deploy.git"',
          ),
        ),
      "give Argo CD the repository's credentials in a repository Secret (label argocd.argoproj.io/secret-type: repository)",
    ),
    path: z.string().min(1).optional(),
    chart: z.string().min(1).optional(),
    targetRevision: z
      .string()
      .refine(
        (s) => s.length >= 1,
        ruleIssue(
          "is empty",
          "spec.source.targetRevision pins what Argo CD deploys",
          'give a branch, tag or commit (Git) or a chart version, e.g. "v1.4.2"',
        ),
      ),
    helm: z
      .strictObject({
        parameters: z
          .array(
            z.strictObject({
              name: z.string().min(1),
              value: z.string(),
              forceString: z.boolean().optional(),
            }),
          )
          .optional(),
        valuesObject: z.record(z.string(), z.unknown()).optional(),
        valueFiles: z.array(z.string().min(1)).optional(),
        releaseName: z.string().min(1).optional(),
      })
      .optional(),
    destination: z.strictObject({
      server: z
        .string()
        .regex(/^https:\/\/[^\s]+$/)
        .optional(),
      name: z.string().min(1).optional(),
      namespace: namespaceSchema,
    }),
    syncPolicy: z
      .strictObject({
        automated: z
          .strictObject({ prune: z.boolean().optional(), selfHeal: z.boolean().optional() })
          .optional(),
        syncOptions: z
          .array(
            z
              .string()
              .refine(
                (s) => /^[A-Za-z]+=[A-Za-z0-9.-]+$/.test(s),
                ruleIssue(
                  "is not a sync option",
                  "Argo CD sync options are Name=value, e.g. CreateNamespace=true",
                  'write e.g. "ServerSideApply=true"',
                ),
              ),
          )
          .optional(),
        retry: z
          .strictObject({
            limit: int64Schema(
              "spec.syncPolicy.retry.limit",
              0,
              "Argo CD retries a failed sync at most this many times (0: never)",
            ).optional(),
            backoff: z
              .strictObject({
                duration: argoDuration.optional(),
                factor: int64Schema(
                  "spec.syncPolicy.retry.backoff.factor",
                  1,
                  "each retry waits factor times longer than the one before",
                ).optional(),
                maxDuration: argoDuration.optional(),
              })
              .optional(),
          })
          .optional(),
      })
      .optional(),
    kruise: z
      .looseObject({ featureGates: z.looseObject({ TemplateNoDefaults: z.boolean() }) })
      .optional(),
    serverSideDiff: z.boolean().optional(),
    cascadeDelete: z.boolean().default(false),
    labels: matchLabelsSchema.optional(),
  })
  .superRefine((a, ctx) => {
    if ((a.path === undefined) === (a.chart === undefined)) {
      ctx.addIssue({
        code: "custom",
        ...ruleIssue(
          a.path === undefined ? "has neither path nor chart" : "has both path and chart",
          "an Application source is a Git directory (path) or a Helm repository chart (chart)",
          "give exactly one",
        ),
      });
    }
    if (a.destination.server !== undefined && a.destination.name !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["destination"],
        ...ruleIssue(
          "has both server and name",
          "Argo CD rejects an Application destination with both server and name",
          "give server (a URL) or name (a registered cluster)",
        ),
      });
    }
  });

/** What the `application` getter gives (components/common/hidden.ts says why). */
const applications = new GetterStore<k8s.apiextensions.CustomResource>();

/**
 * An Argo CD Application delivering a Git directory or Helm chart, with Kruise-friendly diffing:
 * unless Kruise's `TemplateNoDefaults` gate is on, the webhook's pod-template defaults would show
 * as drift on every CloneSet, so the Application is diffed server-side. Depend on the ArgoCd
 * component (`{ dependsOn: argocd.ready }`).
 */
export class ArgoApplication extends pulumi.ComponentResource {
  /**
   * The Application custom resource. For TypeScript (a getter: Pulumi's schema has no type for a
   * `CustomResource`); `applicationName` names it in any language.
   */
  public get application(): k8s.apiextensions.CustomResource {
    return applications.get(this);
  }
  /** Its name, for `argocd app sync <name>`. */
  public readonly applicationName: pulumi.Output<string>;
  /** Its name as a plain value, for specs that name it (a pipeline's deploy step). */
  public readonly applicationRef: string;

  constructor(name: string, args: ArgoApplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    // `kruise` is a component: its gates are read now, the rest checked now when known, else once
    // resolved (before the Application's inputs are).
    const checked = {
      ...args,
      ...(args?.kruise === undefined
        ? {}
        : {
            kruise: {
              featureGates: { TemplateNoDefaults: args.kruise?.featureGates?.TemplateNoDefaults },
            },
          }),
    };
    const early = validateNow(KIND, name, schema, checked);
    checkedObjectName(KIND, name, "Application", "web");
    super(`kruise-devops:index:${KIND}`, name, {}, opts);
    this.applicationRef = name;
    const manifest = early
      ? pulumi.output(applicationManifest(name, early))
      : validateLater(KIND, name, schema, checked, this).apply((a) => applicationManifest(name, a));
    const application = new k8s.apiextensions.CustomResource(
      `${name}-application`,
      {
        apiVersion: APPLICATION_API_VERSION,
        kind: "Application",
        metadata: manifest.metadata,
        spec: manifest.spec,
      },
      childOptions(this, opts),
    );
    applications.set(this, application);
    this.applicationName = application.metadata.name;
    this.registerOutputs({
      applicationName: this.applicationName,
      applicationRef: this.applicationRef,
      application: this.application,
    });
  }
}

/** The Application of checked args `a`. Pure. */
function applicationManifest(name: string, a: z.output<typeof schema>) {
  const templateNoDefaults = a.kruise?.featureGates.TemplateNoDefaults ?? false;
  return buildApplication({
    name,
    namespace: a.namespace,
    labels: componentLabels(KIND, name, a.labels),
    project: a.project,
    source: {
      repoURL: a.repoURL,
      targetRevision: a.targetRevision,
      ...(a.path !== undefined ? { path: a.path } : { chart: a.chart }),
      ...(a.helm ? { helm: a.helm } : {}),
    },
    destination: a.destination,
    syncPolicy: a.syncPolicy,
    serverSideDiff: a.serverSideDiff ?? !templateNoDefaults,
    cascadeDelete: a.cascadeDelete,
  });
}
