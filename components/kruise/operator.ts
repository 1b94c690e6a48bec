import * as k8s from "@pulumi/kubernetes";
import { int32Schema } from "../common/intBounds";
import { parseNormalizedNamed } from "../common/dockerReference";
import { matchLabelsSchema } from "../common/labelSelector";
import * as pulumi from "@pulumi/pulumi";
import { helmReleaseNameError } from "../common/helmReleaseName";
import { z } from "zod";
import { ChartSource, chartArgsFor, chartSourceSchema, readChartYaml } from "../common/chartSource";
import { ApplyError } from "../common/applyError";
import { childOptions } from "../common/children";
import { BrokenRule, parseArgs, brokenRule, ruleIssue } from "../common/errors";
import { ChartTemplating, chartResources, chartTemplatingSchema } from "../common/helmChart";
import { namespaceSchema, objectNameSchema } from "../common/k8sNames";
import { KRUISE_CHART } from "../common/versions";
import {
  KRUISE_FEATURE_GATES,
  KruiseFeatureGate,
  KruiseFeatureGates,
  minorVersion,
  renderFeatureGates,
  resolveFeatureGates,
} from "./featureGates";
import {
  KruiseDaemonArgs,
  KruiseManagerArgs,
  TolerationEffect,
  TolerationOperator,
  operatorValues,
} from "./operatorValues";
import { GetterStore } from "../common/getterStore";
import { isKnown, knownArgs, validateLater } from "../common/inputs";
import { managerClientLimitsProblem, withManagerClientLimits } from "./managerClientLimits";
import { kruiseWebhookConfigurations } from "./webhookConfigurations";

const KIND = "KruiseOperator";

/** Namespace Kruise is installed in unless told otherwise (the chart's default). */
export const DEFAULT_KRUISE_NAMESPACE = "kruise-system";

/** CRD handling of {@link KruiseOperator}. Plain: decides the CRD children and their `retainOnDelete`. */
export interface KruiseOperatorCrds {
  /** Install and upgrade the CRDs with the chart. Maps to `crds.managed`. @default true */
  managed?: boolean;
  /**
   * Destroying the component leaves the CRDs, so every CloneSet and ImagePullJob in the cluster
   * survives (Pulumi `retainOnDelete` on each CRD); set false only to really uninstall Kruise,
   * after its workloads are gone. @default true
   */
  keepOnDelete?: boolean;
}

/** Args of {@link KruiseOperator}. */
export interface KruiseOperatorArgs {
  /**
   * Where the chart comes from: `https://openkruise.github.io/charts/` at 1.8.3 (the stable
   * chart) unless `version` / `repo` say otherwise, or a local chart directory / `.tgz` (`path`)
   * for air-gapped clusters. Plain: the chart is rendered at construction. @default { repo: "https://openkruise.github.io/charts/", version: "1.8.3" }
   */
  source?: ChartSource;
  /**
   * How the chart is templated. `client` (the default): like `helm template`, with no cluster,
   * so the chart's `lookup` calls find nothing and every run renders the same objects; works in
   * render mode with no cluster. `server` (`helm.v4.Chart`, Helm's `--dry-run=server`): the
   * `lookup` calls read the live webhook Service and certificate Secret and copy their fields
   * into the chart. Under Pulumi that is churn, not safety: seen on a real API server, the
   * second `pulumi up` then adds the Service's allocated `clusterIP` and replaces the webhook
   * Service. With `client`, Pulumi never sets the certificate data, so what kruise-manager
   * writes there stays (server-side apply leaves fields it does not manage). Only with `client`
   * are the two webhook configurations rendered as kruise-manager keeps them
   * (components/kruise/webhookConfigurations.ts); with `server`, kruise-manager takes over their
   * `template` annotation, and a `pulumi up` after a `pulumi refresh` fails with a server-side
   * apply conflict on it.
   * Maps to Helm's client-only / `--dry-run=server` templating. Plain: decides Chart or ConfigGroup children. @default "client"
   */
  templating?: ChartTemplating;
  /** Namespace of the manager and daemon. Maps to `installation.namespace`. Plain: the release namespace the chart is rendered for. @default "kruise-system" */
  namespace?: string;
  /** Create the namespace. Maps to `installation.createNamespace`. Plain: decides the Namespace child. @default true */
  createNamespace?: boolean;
  /**
   * Feature gates as named booleans; only those set are rendered. `ImagePullJobGate` is on
   * unless set false (the warm components need it). Ties Kruise resolves at start-up are applied
   * or rejected here. Maps to `featureGates` (`--feature-gates`). Plain: read at construction by the components that need a gate (the `featureGates` output). @default { ImagePullJobGate: true }
   */
  featureGates?: KruiseFeatureGates;
  /**
   * Argo CD (or another GitOps tool) manages Kruise workloads: turns on `TemplateNoDefaults` so
   * the webhook's pod-template defaults do not show as drift (Kruise's GitOps guide).
   * Maps to `featureGates` `TemplateNoDefaults=true`. Plain: sets a gate of the `featureGates`
   * output, which other components (ArgoApplication `kruise`) read at construction. @default false
   */
  gitOps?: boolean;
  /** kruise-manager settings. Maps to `manager.*`. @default the chart's */
  manager?: pulumi.Input<KruiseManagerArgs>;
  /** kruise-daemon settings. Maps to `daemon.*`. @default the chart's */
  daemon?: pulumi.Input<KruiseDaemonArgs>;
  /** Secrets (in `namespace`) for pulling Kruise's images. Maps to `imagePullSecrets[].name`. @default none */
  imagePullSecrets?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * CRD handling. `managed`: install and upgrade the CRDs with the chart (`crds.managed`).
   * `keepOnDelete`: destroying this component leaves the CRDs, so every CloneSet and
   * ImagePullJob in the cluster survives (Pulumi `retainOnDelete` on each CRD); set false only
   * to really uninstall Kruise, after its workloads are gone.
   * Plain: decides the CRD children and their `retainOnDelete`. @default { managed: true, keepOnDelete: true }
   */
  crds?: KruiseOperatorCrds;
  /**
   * Raw chart values, free-form (any JSON the chart's `values.yaml` takes), deep-merged last (a
   * `null` removes a key). Checked like the typed args: the chart renders them. @default none
   */
  values?: pulumi.Input<{ [key: string]: any }>;
}

const gatesShape = Object.fromEntries(
  (Object.keys(KRUISE_FEATURE_GATES) as KruiseFeatureGate[]).map((g) => [
    g,
    z.boolean().optional(),
  ]),
) as Record<KruiseFeatureGate, z.ZodOptional<z.ZodBoolean>>;

const resources = z.strictObject({
  requests: z.record(z.string(), z.string()).optional(),
  limits: z.record(z.string(), z.string()).optional(),
});

/** A Pod toleration, as the API server validates its operator and effect (core/v1 Toleration). */
const tolerationSchema = z.strictObject({
  key: z.string().optional(),
  operator: z.enum(TolerationOperator).optional(),
  value: z.string().optional(),
  effect: z.enum(TolerationEffect).optional(),
  tolerationSeconds: z.number().int().optional(),
});

/** The chart's `manager.image.repository`: an image name with no tag or digest (the tag is apart). */
const imageRepositorySchema = z.string().superRefine((repo, ctx) => {
  const parsed = parseNormalizedNamed(repo);
  const why = !parsed.ok
    ? parsed.error
    : parsed.ref.tag !== undefined || parsed.ref.digest !== undefined
      ? "it holds a tag or digest"
      : undefined;
  if (why) {
    ctx.addIssue({
      code: "custom",
      ...ruleIssue(
        `(${JSON.stringify(repo)}) is not an image repository: ${why}`,
        "the chart writes <repository>:<tag> into the manager's Deployment, which the kubelet parses as a docker reference",
        'give the name alone, e.g. "ghcr.io/acme/kruise-manager", and the version in tag',
      ),
    });
  }
});

/** The chart's `manager.image.tag`: a docker tag, and a version (the pack refuses ':latest'). */
const imageTagSchema = z.string().superRefine((tag, ctx) => {
  const why = !/^[\w][\w.-]{0,127}$/.test(tag)
    ? "is not a docker tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})"
    : tag === "latest"
      ? "is 'latest', which moves: the manager a node runs would depend on when it pulled"
      : undefined;
  if (why) {
    ctx.addIssue({
      code: "custom",
      ...ruleIssue(
        `(${JSON.stringify(tag)}) ${why}`,
        "the image reference grammar (distribution/reference), and the policy pack's pinned-images on the rendered Deployment",
        'give a release tag, e.g. "v1.8.3"',
      ),
    });
  }
});

const schema = z
  .strictObject({
    source: chartSourceSchema.optional(),
    templating: chartTemplatingSchema.default(ChartTemplating.Client),
    namespace: namespaceSchema.default(DEFAULT_KRUISE_NAMESPACE),
    createNamespace: z.boolean().default(true),
    featureGates: z.strictObject(gatesShape).optional(),
    gitOps: z.boolean().default(false),
    manager: z
      .strictObject({
        replicas: int32Schema(
          "the manager Deployment's spec.replicas",
          1,
          "at least one manager serves the webhooks",
        ).optional(),
        image: z
          .strictObject({
            repository: imageRepositorySchema.optional(),
            tag: imageTagSchema.optional(),
          })
          .optional(),
        resources: resources.optional(),
        nodeSelector: matchLabelsSchema.optional(),
        tolerations: z.array(tolerationSchema).optional(),
        logLevel: z.number().int().min(0).max(10).optional(),
        clientQps: int32Schema(
          "kruise-manager's --client-qps",
          1,
          "the manager's API request rate must be positive",
        ).optional(),
        clientBurst: int32Schema(
          "kruise-manager's --client-burst",
          1,
          "the manager's API request burst must be positive",
        ).optional(),
      })
      .optional(),
    daemon: z
      .strictObject({
        nodeSelector: matchLabelsSchema.optional(),
        resources: resources.optional(),
        socketLocation: z.string().startsWith("/").optional(),
      })
      .optional(),
    imagePullSecrets: z.array(objectNameSchema("Secret", "registry-creds")).default([]),
    crds: z
      .strictObject({ managed: z.boolean().default(true), keepOnDelete: z.boolean().default(true) })
      .default({ managed: true, keepOnDelete: true }),
    values: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((a, ctx) => {
    if (
      a.templating === ChartTemplating.Server &&
      (a.manager?.clientQps !== undefined || a.manager?.clientBurst !== undefined)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["manager", a.manager?.clientQps !== undefined ? "clientQps" : "clientBurst"],
        ...ruleIssue(
          "is set with templating 'server'",
          "the 1.8.3 chart has no value for kruise-manager's --rest-config-qps/--rest-config-burst, so they are written into the rendered manager Deployment, and only client templating renders it in the program",
          "use templating 'client' (the default), or drop manager.clientQps and manager.clientBurst",
        ),
      });
    }
    // The Kruise version they run: the manager tag must fit the chart, and the gates the version.
    const mismatch = managerChartMismatch(a);
    if (mismatch) {
      ctx.addIssue({ code: "custom", path: ["manager", "image", "tag"], ...ruleIssue(mismatch) });
      return;
    }
    const gates = resolveFeatureGates(a.featureGates, a.gitOps, kruiseVersionOf(a));
    for (const { gate, ...broken } of gates.problems) {
      const path = gate === "gitOps" ? ["gitOps"] : ["featureGates", gate];
      ctx.addIssue({ code: "custom", path, ...ruleIssue(broken) });
    }
  });

/** KruiseOperator's args, parsed. */
type Parsed = z.output<typeof schema>;

/** The Kruise version a chart ships (its version, or a local chart's appVersion). */
export function chartKruiseVersion(source?: {
  path?: string;
  version?: string;
}): string | undefined {
  if (source?.path === undefined) return source?.version ?? KRUISE_CHART.version;
  return readChartYaml(source.path)?.appVersion; // a .tgz: not read here
}

/** The Kruise version the install runs: the manager tag, else the chart's version / appVersion. */
export function kruiseVersionOf(a: {
  source?: { path?: string; version?: string };
  manager?: { image?: { tag?: string } };
}): string | undefined {
  return a.manager?.image?.tag ?? chartKruiseVersion(a.source);
}

/**
 * Why the manager tag does not fit the chart, or undefined: each Kruise minor needs its own CRDs
 * (1.9 creates `v1beta1` ImagePullJobs, which chart 1.8.3's CRDs do not serve), and the chart
 * installs the CRDs.
 */
export function managerChartMismatch(a: {
  source?: { path?: string; version?: string };
  manager?: { image?: { tag?: string } };
}): BrokenRule | undefined {
  const tag = a.manager?.image?.tag;
  const chart = chartKruiseVersion(a.source);
  const [t, c] = [tag && minorVersion(tag), chart && minorVersion(chart)];
  if (!t || !c || (t[0] === c[0] && t[1] === c[1])) return undefined;
  return brokenRule(
    `(${tag}) is Kruise ${t.join(".")}, but the chart installs the CRDs of Kruise ${chart}`,
    "each Kruise minor release needs its own CRDs (Kruise 1.9 creates v1beta1 ImagePullJobs, which 1.8 CRDs do not serve)",
    "use the chart of the same minor release (source.version or source.path), or drop manager.image.tag",
  );
}

/**
 * Every check KruiseOperator makes of its args before it registers anything (Platform runs it
 * for all its parts first): the parsed args, the feature gates resolved (ties applied, and the
 * version checks against the Kruise version the args run). Args that are Outputs are checked once known (`validateLater`); `early` is the whole parse when
 * none is, `a` the parse of what is known now (everything children and names derive from, which
 * is plain).
 */
export function checkKruiseOperatorArgs(name: string, args: KruiseOperatorArgs) {
  const release = helmReleaseNameError(KIND, name);
  if (release) throw release;
  const known = isKnown(args);
  const a = parseArgs(KIND, name, schema, known ? args : knownArgs(args));
  const early: Parsed | undefined = known ? a : undefined;
  const gates = resolveFeatureGates(a.featureGates, a.gitOps, kruiseVersionOf(a));
  return { a, early, gates };
}

/** What the `chart` and `featureGates` getters give (components/common/hidden.ts says why). */
const charts = new GetterStore<k8s.helm.v4.Chart | k8s.yaml.v2.ConfigGroup>();
const gateValues = new GetterStore<Readonly<Record<KruiseFeatureGate, boolean>>>();

/**
 * OpenKruise, installed from its Helm chart with `helm.v4.Chart`.
 *
 * Why `helm.v4.Chart` and not `helm.v3.Release`: every object becomes a Pulumi resource, so
 * previews show per-object diffs, policy packs see each object, render mode
 * (`renderYamlToDirectory`) works with no cluster, and `dependsOn: kruise.ready` waits for the
 * CRDs and a ready manager (whose webhook admits ImagePullJobs). CRDs live in the chart's
 * `templates/`, so they are applied and upgraded with every chart upgrade (Helm never upgrades
 * `crds/`). What v4 does not do is run Helm hooks: the chart's pre-delete hook, a guard that
 * refuses to uninstall while CloneSets or Advanced StatefulSets/DaemonSets exist, is dropped.
 * In its place, and stronger, the CRDs are kept on delete by default (`crds.keepOnDelete`):
 * deleting a CRD deletes every object of its kind, so destroying the operator would otherwise
 * delete every CloneSet in the cluster.
 */
export class KruiseOperator extends pulumi.ComponentResource {
  /**
   * The chart: a `helm.v4.Chart`, or a `yaml.v2.ConfigGroup` when `templating` is `client`. For
   * TypeScript (a getter: Pulumi's schema has no union of resource types); `ready` holds every
   * object in any language.
   */
  public get chart(): k8s.helm.v4.Chart | k8s.yaml.v2.ConfigGroup {
    return charts.get(this);
  }
  /**
   * The CRDs in a `yaml.v2.ConfigGroup` of their own, kept on delete (`retainOnDelete`), when the
   * chart's CRDs are kept and not already kept by the chart itself; else undefined.
   */
  public readonly crds: k8s.yaml.v2.ConfigGroup | undefined;
  /** Every object of the chart: `dependsOn: kruise.ready` to wait for CRDs and the webhook. */
  public readonly ready: pulumi.Output<pulumi.Resource[]>;
  /** Namespace of the manager and daemon. */
  public readonly namespace: string;
  /** The Kruise version installed, when known (manager tag or chart version). */
  public readonly kruiseVersion: pulumi.Output<string | undefined>;
  /**
   * Every gate's effective value in the manager, defaults and ties applied, by gate name. For
   * TypeScript, typed by gate (a getter: Pulumi's schema takes `effectiveFeatureGates`).
   */
  public get featureGates(): Readonly<Record<KruiseFeatureGate, boolean>> {
    return gateValues.get(this);
  }
  /** Every gate's effective value in the manager, defaults and ties applied: gate name → on. */
  public readonly effectiveFeatureGates: pulumi.Output<Record<string, boolean>>;
  /** The chart's `featureGates` value. */
  public readonly featureGatesValue: string;

  constructor(name: string, args: KruiseOperatorArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const { a, early, gates } = checkKruiseOperatorArgs(name, args);
    super(`kruise-devops:index:${KIND}`, name, {}, opts);
    // Outputs among the args: checked once known, and every child waits on that check.
    const parsed = early ? pulumi.output(early) : validateLater(KIND, name, schema, args, this);
    this.namespace = a.namespace;
    this.kruiseVersion = parsed.apply((p) => kruiseVersionOf(p));
    gateValues.set(this, gates.effective);
    this.effectiveFeatureGates = pulumi.output<Record<string, boolean>>({ ...gates.effective });
    this.featureGatesValue = renderFeatureGates(gates.set);
    const featureGates = this.featureGatesValue;
    const chart = chartResources(
      `${name}-chart`,
      {
        ...chartArgsFor(a.source, KRUISE_CHART),
        name,
        namespace: a.namespace,
        values: parsed.apply((p) =>
          operatorValues({
            namespace: p.namespace,
            createNamespace: p.createNamespace,
            manageCrds: p.crds.managed,
            featureGates,
            imagePullSecrets: p.imagePullSecrets,
            manager: p.manager as pulumi.Unwrap<KruiseManagerArgs> | undefined,
            daemon: p.daemon,
            values: p.values,
          }),
        ),
      },
      a.templating,
      childOptions(this, opts),
      a.crds.keepOnDelete && a.crds.managed
        ? { server: { omitValues: { crds: { managed: false } } } }
        : undefined,
      (objs) =>
        parsed.apply((p) => {
          const rendered = kruiseWebhookConfigurations(objs, gates.effective);
          const limits = { qps: p.manager?.clientQps, burst: p.manager?.clientBurst };
          const problem = managerClientLimitsProblem(rendered, limits);
          if (problem) {
            const path = ["manager", limits.qps !== undefined ? "clientQps" : "clientBurst"];
            throw new ApplyError([{ component: KIND, name, path, ...problem }], this);
          }
          return withManagerClientLimits(rendered, limits);
        }),
    );
    charts.set(this, chart.component);
    this.crds = chart.crds;
    this.ready = chart.resources;
    this.registerOutputs({
      crds: this.crds,
      ready: this.ready,
      namespace: this.namespace,
      kruiseVersion: this.kruiseVersion,
      effectiveFeatureGates: this.effectiveFeatureGates,
      featureGatesValue: this.featureGatesValue,
      chart: this.chart,
      featureGates: this.featureGates,
    });
  }
}
