import * as k8s from "@pulumi/kubernetes";
import { int32Schema } from "../common/intBounds";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import { z } from "zod";
import { childOptions } from "../common/children";
import { parseArgs, ruleIssue } from "../common/errors";
import { isKnown, knownArgs, validateLater } from "../common/inputs";
import { objectNameSchema } from "../common/k8sNames";
import { labelValueError } from "../common/labelSelector";
import { objectGroups } from "../common/objectGroups";
import { TEKTON_PIPELINES } from "../common/versions";
import {
  TEKTON_NAMESPACE,
  TektonApiFields,
  TektonCoschedule,
  TektonConfigDefaults,
  TektonFeatureFlags,
  TektonResultsFrom,
  configDefaultsData,
  featureFlagsData,
} from "./installConfig";
import { ReleaseObject, readRelease, withConfigMapData } from "./releaseObjects";

const KIND = "TektonPipelines";

/** Where the Tekton Pipelines manifests come from. Give `version` or `path`, not both. */
export interface TektonSource {
  /** Release to install from `infra.tekton.dev`. @default "v1.15.6" (`TEKTON_PIPELINES.version`) */
  version?: string;
  /**
   * A local `release.yaml`, or a directory of manifests (read recursively, `*.yaml`), for
   * air-gapped clusters. Relative paths resolve from the Pulumi program's directory.
   * @default none (the official release manifest is fetched)
   */
  path?: string;
}

/** Args of {@link TektonPipelines}. */
export interface TektonPipelinesArgs {
  /** The manifests. Plain: the release manifest is read at construction. @default the official v1.15.6 release.yaml */
  source?: TektonSource;
  /** Overrides merged into ConfigMap `tekton-pipelines/feature-flags`. @default the release's values */
  featureFlags?: pulumi.Input<TektonFeatureFlags>;
  /** Overrides merged into ConfigMap `tekton-pipelines/config-defaults`. @default the release's values */
  defaults?: pulumi.Input<TektonConfigDefaults>;
  /**
   * Leave Tekton's CRDs (and so every Task, Pipeline and run history) in the cluster when this
   * component is destroyed (Pulumi `retainOnDelete` on each CRD). Plain: a resource option (`retainOnDelete`). @default true
   */
  keepCrdsOnDelete?: boolean;
}

const schema = z.strictObject({
  source: z
    .strictObject({
      version: z
        .string()
        .refine(
          (s) => /^v\d+\.\d+\.\d+$/.test(s),
          ruleIssue(
            "is not a Tekton release",
            "Tekton publishes release.yaml per exact version under infra.tekton.dev/tekton-releases/pipeline/previous/vX.Y.Z",
            'give e.g. "v1.15.6"',
          ),
        )
        .optional(),
      path: z
        .string()
        .refine((p) => fs.existsSync(p), {
          ...ruleIssue(
            "does not exist",
            "a local install reads the release manifest from disk at preview time",
            "point it at a downloaded release.yaml, or a directory of manifests",
          ),
        })
        .optional(),
    })
    .refine((s) => s.version === undefined || s.path === undefined, {
      ...ruleIssue(
        "has both version and path",
        "a local manifest carries its own version",
        "give either version or path",
      ),
    })
    .optional(),
  featureFlags: z
    .strictObject({
      enableApiFields: z.enum(TektonApiFields).optional(),
      coschedule: z.enum(TektonCoschedule).optional(),
      disableCredsInit: z.boolean().optional(),
      awaitSidecarReadiness: z.boolean().optional(),
      runningInEnvironmentWithInjectedSidecars: z.boolean().optional(),
      requireGitSshSecretKnownHosts: z.boolean().optional(),
      resultsFrom: z.enum(TektonResultsFrom).optional(),
      setSecurityContext: z.boolean().optional(),
      keepPodOnCancel: z.boolean().optional(),
      enableCelInWhenExpression: z.boolean().optional(),
      enableStepActions: z.boolean().optional(),
      enableParamEnum: z.boolean().optional(),
      enableProvenanceInStatus: z.boolean().optional(),
      sendCloudEventsForRuns: z.boolean().optional(),
    })
    .optional(),
  defaults: z
    .strictObject({
      timeoutMinutes: int32Schema(
        "config-defaults default-timeout-minutes",
        0,
        "0 means no timeout; a timeout cannot be negative",
      ).optional(),
      serviceAccount: objectNameSchema("ServiceAccount", "pipeline").optional(),
      managedByLabelValue: z
        .string()
        .min(1)
        .superRefine((v, ctx) => {
          const why = labelValueError(v);
          if (why) {
            ctx.addIssue({
              code: "custom",
              ...ruleIssue(
                `(${JSON.stringify(v)}) is not a label value: ${why}`,
                "Tekton sets it as the app.kubernetes.io/managed-by label of every run's Pod",
                'use e.g. "tekton-pipelines"',
              ),
            });
          }
        })
        .optional(),
      podTemplate: z.string().optional(),
      maxMatrixCombinationsCount: int32Schema(
        "config-defaults default-max-matrix-combinations-count",
        1,
        "a matrix runs at least one combination",
      ).optional(),
      resolverType: z.string().min(1).optional(),
    })
    .optional(),
  keepCrdsOnDelete: z.boolean().default(true),
});

/**
 * TektonPipelines' args, parsed and checked before it registers anything (Platform runs it
 * first). Args that are Outputs are checked once known (`validateLater`); `early` is the whole
 * parse when none is, `a` the parse of what is known now (everything children derive from, which
 * is plain).
 */
export function checkTektonPipelinesArgs(name: string, args: TektonPipelinesArgs) {
  const known = isKnown(args);
  const a = parseArgs(KIND, name, schema, known ? args : knownArgs(args));
  const early: z.output<typeof schema> | undefined = known ? a : undefined;
  return { a, early };
}

/**
 * Tekton Pipelines, installed from the official release manifest of a pinned version (Tekton
 * ships no Helm chart), or from a local file or directory. The program reads the manifest and
 * the provider decodes it (`kubernetes:yaml:decode`); `feature-flags` and `config-defaults` are
 * overridden on the release's own ConfigMaps, so each has one owner and no patch fights the
 * install; the objects are registered with `yaml.v2.ConfigGroup`, the CRDs in a group of their own
 * kept on delete. No transform: nothing calls back into the program (components/common/keptCrds.ts).
 * Needs Kubernetes ≥ 1.28.
 */
export class TektonPipelines extends pulumi.ComponentResource {
  /** The release's objects but the kept CRDs (`yaml.v2.ConfigGroup` `<name>-install`). */
  public readonly install: k8s.yaml.v2.ConfigGroup;
  /** The CRDs, kept on delete (`<name>-install-crds`), when `keepCrdsOnDelete`; else they are in `install`. */
  public readonly crds: k8s.yaml.v2.ConfigGroup | undefined;
  /** The admission webhook configurations (`<name>-install-webhooks`): created last, deleted first. */
  public readonly webhooks: k8s.yaml.v2.ConfigGroup;
  /** Every installed object: `dependsOn: tekton.ready` before creating Tasks and Pipelines. */
  public readonly ready: pulumi.Output<pulumi.Resource[]>;
  /** Namespace of the controller and its ConfigMaps. */
  public readonly namespace: string = TEKTON_NAMESPACE;
  /** The release installed, when installed by version. */
  public readonly version: string | undefined;

  constructor(
    name: string,
    args: TektonPipelinesArgs = {},
    opts?: pulumi.ComponentResourceOptions,
  ) {
    const { a, early } = checkTektonPipelinesArgs(name, args);
    super(`kruise-devops:index:${KIND}`, name, {}, opts);
    // Outputs among the args: checked once known, and the objects wait on that check.
    const parsed = early ? pulumi.output(early) : validateLater(KIND, name, schema, args, this);
    const configData = parsed.apply((p) => ({
      flags: featureFlagsData(p.featureFlags),
      defaults: configDefaultsData(p.defaults),
    }));
    const local = a.source?.path;
    this.version =
      local === undefined ? (a.source?.version ?? TEKTON_PIPELINES.version) : undefined;
    const source =
      local !== undefined ? { path: local } : { url: TEKTON_PIPELINES.releaseUrl(this.version!) };
    const childOpts = childOptions(this, opts);
    const release = pulumi.output(
      readRelease(source).then(async (text) => {
        const res = await pulumi.runtime.invoke(
          "kubernetes:yaml:decode",
          { text },
          { parent: this, provider: childOpts.provider },
        );
        return ((res.result as ReleaseObject[] | undefined) ?? []).filter(
          (o) => o !== null && typeof o === "object",
        );
      }),
    );
    const objs = pulumi
      .all([release, configData])
      .apply(([decoded, { flags, defaults }]) =>
        withConfigMapData(
          withConfigMapData(decoded, TEKTON_NAMESPACE, "feature-flags", flags),
          TEKTON_NAMESPACE,
          "config-defaults",
          defaults,
        ),
      );
    // Children keep the names `<name>-install:<namespace>/<object>` whichever group holds them.
    // Up to 0.1.0 a release URL or file was a `yaml.v2.ConfigFile` of the same name: the alias
    // keeps that install's URN (README "Upgrading from 0.1.0").
    const wasConfigFile = local === undefined || !fs.statSync(local).isDirectory();
    const groups = objectGroups(
      `${name}-install`,
      `${name}-install`,
      objs,
      childOpts,
      a.keepCrdsOnDelete,
      wasConfigFile ? { aliases: [{ type: "kubernetes:yaml/v2:ConfigFile" }] } : {},
    );
    this.install = groups.main;
    this.crds = groups.crds;
    this.webhooks = groups.webhooks;
    this.ready = groups.resources;
    this.registerOutputs({
      install: this.install,
      crds: this.crds,
      webhooks: this.webhooks,
      ready: this.ready,
      namespace: this.namespace,
      version: this.version,
    });
  }
}
