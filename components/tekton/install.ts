import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { childOptions } from "../common/children";
import { parseArgs, ruleMessage } from "../common/errors";
import { patchConfigMap, retainCrds } from "../common/transforms";
import { TEKTON_PIPELINES } from "../common/versions";
import {
  TEKTON_NAMESPACE,
  TektonConfigDefaults,
  TektonFeatureFlags,
  configDefaultsData,
  featureFlagsData,
} from "./installConfig";
import { componentOptions } from "../common/apiServerOnly";

const KIND = "TektonPipelines";

/** Where the Tekton Pipelines manifests come from. Give `version` or `path`, not both. */
export interface TektonSource {
  /** Release to install from `infra.tekton.dev`. @default "v1.15.0" */
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
  /** The manifests. @default the official v1.15.0 release.yaml */
  source?: TektonSource;
  /** Overrides merged into ConfigMap `tekton-pipelines/feature-flags`. @default the release's values */
  featureFlags?: TektonFeatureFlags;
  /** Overrides merged into ConfigMap `tekton-pipelines/config-defaults`. @default the release's values */
  defaults?: TektonConfigDefaults;
  /**
   * Leave Tekton's CRDs (and so every Task, Pipeline and run history) in the cluster when this
   * component is destroyed (Pulumi `retainOnDelete` on each CRD). @default true
   */
  keepCrdsOnDelete?: boolean;
}

const schema = z.strictObject({
  source: z
    .strictObject({
      version: z
        .string()
        .regex(/^v\d+\.\d+\.\d+$/, {
          message: ruleMessage(
            "is not a Tekton release",
            "Tekton publishes release.yaml per exact version under infra.tekton.dev/tekton-releases/pipeline/previous/vX.Y.Z",
            'give e.g. "v1.15.0"',
          ),
        })
        .optional(),
      path: z
        .string()
        .refine((p) => fs.existsSync(p), {
          message: ruleMessage(
            "does not exist",
            "a local install reads the release manifest from disk at preview time",
            "point it at a downloaded release.yaml, or a directory of manifests",
          ),
        })
        .optional(),
    })
    .refine((s) => s.version === undefined || s.path === undefined, {
      message: ruleMessage(
        "has both version and path",
        "a local manifest carries its own version",
        "give either version or path",
      ),
    })
    .optional(),
  featureFlags: z
    .strictObject({
      enableApiFields: z.enum(["stable", "beta", "alpha"]).optional(),
      coschedule: z
        .enum(["workspaces", "pipelineruns", "isolate-pipelinerun", "disabled"])
        .optional(),
      disableCredsInit: z.boolean().optional(),
      awaitSidecarReadiness: z.boolean().optional(),
      runningInEnvironmentWithInjectedSidecars: z.boolean().optional(),
      requireGitSshSecretKnownHosts: z.boolean().optional(),
      resultsFrom: z.enum(["termination-message", "sidecar-logs"]).optional(),
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
      timeoutMinutes: z.number().int().min(0).optional(),
      serviceAccount: z.string().min(1).optional(),
      managedByLabelValue: z.string().min(1).optional(),
      podTemplate: z.string().optional(),
      maxMatrixCombinationsCount: z.number().int().min(1).optional(),
      resolverType: z.string().min(1).optional(),
    })
    .optional(),
  keepCrdsOnDelete: z.boolean().default(true),
});

/**
 * Tekton Pipelines, installed from the official release manifest of a pinned version with
 * `yaml.v2.ConfigFile` (Tekton ships no Helm chart), or from a local file or directory
 * (`yaml.v2.ConfigGroup`). `feature-flags` and `config-defaults` are overridden by a transform
 * on the install's own ConfigMaps, so each has one owner and no patch fights the install. Needs
 * Kubernetes ≥ 1.28.
 */
export class TektonPipelines extends pulumi.ComponentResource {
  /** The manifests' component (`yaml.v2.ConfigFile` or `ConfigGroup`). */
  public readonly install: k8s.yaml.v2.ConfigFile | k8s.yaml.v2.ConfigGroup;
  /** Every installed object: `dependsOn: tekton.ready` before creating Tasks and Pipelines. */
  public readonly ready: pulumi.Output<pulumi.Resource[]>;
  /** Namespace of the controller and its ConfigMaps. */
  public readonly namespace = TEKTON_NAMESPACE;
  /** The release installed, when installed by version. */
  public readonly version: string | undefined;

  constructor(
    name: string,
    args: TektonPipelinesArgs = {},
    opts?: pulumi.ComponentResourceOptions,
  ) {
    const a = parseArgs(KIND, name, schema, args);
    super(`kruise-devops:index:${KIND}`, name, {}, componentOptions(opts));
    const transforms: pulumi.ResourceTransform[] = [];
    const flags = featureFlagsData(a.featureFlags);
    const defaults = configDefaultsData(a.defaults);
    if (Object.keys(flags).length > 0)
      transforms.push(patchConfigMap(TEKTON_NAMESPACE, "feature-flags", flags));
    if (Object.keys(defaults).length > 0)
      transforms.push(patchConfigMap(TEKTON_NAMESPACE, "config-defaults", defaults));
    if (a.keepCrdsOnDelete) transforms.push(retainCrds);
    const childOpts = { ...childOptions(this, opts), transforms };
    const local = a.source?.path;
    this.version =
      local === undefined ? (a.source?.version ?? TEKTON_PIPELINES.version) : undefined;
    if (local !== undefined && fs.statSync(local).isDirectory()) {
      this.install = new k8s.yaml.v2.ConfigGroup(
        `${name}-install`,
        { files: manifestFiles(path.resolve(local)) },
        childOpts,
      );
    } else {
      this.install = new k8s.yaml.v2.ConfigFile(
        `${name}-install`,
        {
          file:
            local !== undefined ? path.resolve(local) : TEKTON_PIPELINES.releaseUrl(this.version!),
        },
        childOpts,
      );
    }
    this.ready = this.install.resources;
    this.registerOutputs({ ready: this.ready });
  }
}

/** Every `*.yaml` / `*.yml` file under `dir`, sorted (the provider's glob has no `**`). */
export function manifestFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...manifestFiles(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}
