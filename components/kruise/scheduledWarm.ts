import * as k8s from "@pulumi/kubernetes";
import { int32Schema } from "../common/intBounds";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { childOptions } from "../common/children";
import { ruleIssue } from "../common/errors";
import { validateLater, validateNow } from "../common/inputs";
import { componentLabels } from "../common/k8sNames";
import { LabelSelectorArgs } from "../common/labelSelectorArgs";
import { derivedName } from "../common/naming";
import { KRUISE_SCHEDULED_WARM_MIN_VERSION } from "../common/versions";
import {
  ADVANCED_CRON_JOB_API_VERSION,
  ADVANCED_CRON_JOB_NAME_MAX,
  AdvancedCronJobManifest,
  SCHEDULED_WARM_MAX_DEADLINE_SECONDS,
  ScheduledWarmConcurrency,
  buildAdvancedCronJob,
  timeZoneProblem,
} from "./advancedCronJob";
import { cronScheduleError, isGoLocation } from "./cronSchedule";
import { imageListSchema } from "./imageListPullJob";
import {
  checkNodeSelector,
  checkSelectorExclusive,
  deadlineSecondsSchema,
  nodeSelectorSchema,
  podSelectorSchema,
} from "./imagePullJobRules";
import { ImagePullJobNodeSelectorArgs } from "./imagePullJobArgs";
import { CompletionPolicyType } from "./imagePullJobTypes";
import { kruiseVersionSchema, requireKruise } from "./kruiseVersion";
import {
  WarmTemplateArgs,
  checkWarmCompletion,
  pulumiOwnedTtlSchema,
  warmArgsShape,
  warmTemplate,
} from "./warmJobs";
import { GetterStore } from "../common/getterStore";

/** Each component's cronJob (its getter's value; see GetterStore). */
const cronJobs = new GetterStore<k8s.apiextensions.CustomResource>();

const KIND = "ScheduledWarm";

/** Default `parallelism` of a ScheduledWarm (per image). */
export const SCHEDULED_WARM_DEFAULT_PARALLELISM = 10;
/** Default `activeDeadlineSeconds` of each scheduled run. */
export const SCHEDULED_WARM_DEFAULT_DEADLINE_SECONDS = 1800;
/** Kruise's defaults for the history limits (apis/apps/defaults/v1beta1.go), written out. */
export const SCHEDULED_WARM_HISTORY = { successful: 3, failed: 1 } as const;

/** Args of {@link ScheduledWarm}. */
export interface ScheduledWarmArgs extends WarmTemplateArgs {
  /**
   * The images to pull at every run, each with a tag or digest, at most 255, none twice.
   * Maps to `spec.template.imageListPullJobTemplate.spec.images`.
   */
  images: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Secrets (in `namespace`) holding registry credentials, for every run's pulls. Maps to the
   * template's `spec.pullSecrets`. @default none
   */
  pullSecrets?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * When to warm, in standard cron syntax (5 fields, or `@daily`, `@every 6h`…), as Kruise parses
   * it (robfig/cron `ParseStandard`), e.g. `"0 3 * * *"`. Maps to `spec.schedule`.
   */
  schedule: pulumi.Input<string>;
  /**
   * The IANA time zone of `schedule`, e.g. "Europe/Berlin". Not with a `TZ=` prefix in `schedule`.
   * Maps to `spec.timeZone`. @default none (kruise-manager's local time zone)
   */
  timeZone?: pulumi.Input<string>;
  /**
   * Seconds after a missed scheduled time within which the run still starts. Maps to
   * `spec.startingDeadlineSeconds`. @default none (no limit)
   */
  startingDeadlineSeconds?: pulumi.Input<number>;
  /**
   * What a run does while the previous one is still pulling: `Forbid` skips it, `Replace`
   * deletes the unfinished list job and starts again. Maps to `spec.concurrencyPolicy`.
   * @default "Forbid"
   */
  concurrencyPolicy?: pulumi.Input<ScheduledWarmConcurrency>;
  /** Stop scheduling runs (the runs made stay). Maps to `spec.paused`. @default false */
  paused?: pulumi.Input<boolean>;
  /** Finished, fully successful runs kept. Maps to `spec.successfulJobsHistoryLimit`. @default 3 */
  successfulJobsHistoryLimit?: pulumi.Input<number>;
  /** Finished runs with a failed image kept. Maps to `spec.failedJobsHistoryLimit`. @default 1 */
  failedJobsHistoryLimit?: pulumi.Input<number>;
  /** Nodes by name or labels (not both). Maps to the template's `spec.selector`. @default none (all nodes) */
  nodeSelector?: pulumi.Input<ImagePullJobNodeSelectorArgs>;
  /** The nodes where pods matching it run. Not with `nodeSelector`. Maps to the template's `spec.podSelector`. @default none */
  podSelector?: pulumi.Input<LabelSelectorArgs>;
  /** Nodes pulling each image at once (0 pauses the runs' pulls). A whole number, or its decimal string (as YAML or stack config give it). Maps to the template's `spec.parallelism`. @default 10 */
  parallelism?: pulumi.Input<number>;
  /**
   * Seconds after each run's image job starts at which it ends, unfinished nodes counted as
   * failed; at most 86400 and ≥ `pullPolicy.timeoutSeconds`. Maps to the template's
   * `spec.completionPolicy.activeDeadlineSeconds` (type `Always`, the only one Kruise allows).
   * @default 1800
   */
  activeDeadlineSeconds?: pulumi.Input<number>;
  /**
   * The Kruise version the cluster runs. A ScheduledWarm needs 1.9.1 or later (the first whose
   * AdvancedCronJob takes an ImageListPullJob template); older versions are refused at preview.
   * Maps to no field. Takes KruiseOperator's `kruiseVersion` output as is.
   * @default the pinned chart's, "1.8.3"
   */
  kruiseVersion?: pulumi.Input<string>;
}

/** A non-negative int32 count of finished runs. */
const historyLimitSchema = (field: string) =>
  int32Schema(`spec.${field}`, 0, "a history limit cannot be negative");

/** The schema of {@link ScheduledWarmArgs}. */
export const scheduledWarmArgsSchema = z
  .strictObject({
    ...(({ apiVersion: _a, plan: _p, ...rest }) => rest)(
      warmArgsShape(SCHEDULED_WARM_DEFAULT_PARALLELISM),
    ),
    images: imageListSchema,
    schedule: z.string(),
    timeZone: z.string().optional(),
    startingDeadlineSeconds: int32Schema(
      "spec.startingDeadlineSeconds",
      0,
      "a starting deadline cannot be negative",
    ).optional(),
    concurrencyPolicy: z.enum(ScheduledWarmConcurrency).default(ScheduledWarmConcurrency.Forbid),
    paused: z.boolean().default(false),
    successfulJobsHistoryLimit: historyLimitSchema("successfulJobsHistoryLimit").default(
      SCHEDULED_WARM_HISTORY.successful,
    ),
    failedJobsHistoryLimit: historyLimitSchema("failedJobsHistoryLimit").default(
      SCHEDULED_WARM_HISTORY.failed,
    ),
    nodeSelector: nodeSelectorSchema.optional(),
    podSelector: podSelectorSchema.optional(),
    activeDeadlineSeconds: deadlineSecondsSchema
      .optional()
      .transform((s) => s ?? SCHEDULED_WARM_DEFAULT_DEADLINE_SECONDS),
    ttlSecondsAfterFinished: pulumiOwnedTtlSchema,
    kruiseVersion: kruiseVersionSchema,
  })
  .superRefine((a, ctx) => {
    requireKruise(
      ctx,
      a.kruiseVersion,
      KRUISE_SCHEDULED_WARM_MIN_VERSION,
      "ScheduledWarm (an AdvancedCronJob with an ImageListPullJob template, apps.kruise.io/v1beta1)",
      ["kruiseVersion"],
    );
    const scheduleError = cronScheduleError(a.schedule);
    if (scheduleError) {
      ctx.addIssue({
        code: "custom",
        path: ["schedule"],
        ...ruleIssue(
          `(${JSON.stringify(a.schedule)}) does not parse: ${scheduleError}`,
          "Kruise's AdvancedCronJob webhook parses it with robfig/cron's ParseStandard",
          'give 5 fields (minute hour day-of-month month day-of-week), e.g. "0 3 * * *", or a descriptor such as "@daily"',
        ),
      });
    }
    if (a.timeZone !== undefined) {
      const problem = timeZoneProblem(a.timeZone, isGoLocation(a.timeZone));
      if (problem) ctx.addIssue({ code: "custom", path: ["timeZone"], ...ruleIssue(problem) });
      if (a.schedule.includes("TZ")) {
        ctx.addIssue({
          code: "custom",
          path: ["schedule"],
          ...ruleIssue(
            "holds TZ while timeZone is set",
            `Kruise's AdvancedCronJob webhook: "cannot use both timeZone field and TZ or CRON_TZ in schedule"`,
            "drop the TZ= prefix from schedule, or drop timeZone",
          ),
        });
      }
    }
    checkNodeSelector(ctx, a.nodeSelector, ["nodeSelector"]);
    checkSelectorExclusive(ctx, a.nodeSelector !== undefined, a.podSelector !== undefined, [
      "podSelector",
    ]);
    checkWarmCompletion(
      ctx,
      CompletionPolicyType.Always,
      a.activeDeadlineSeconds,
      a.pullPolicy.timeoutSeconds,
    );
    if (a.activeDeadlineSeconds > SCHEDULED_WARM_MAX_DEADLINE_SECONDS) {
      ctx.addIssue({
        code: "custom",
        path: ["activeDeadlineSeconds"],
        ...ruleIssue(
          `(${a.activeDeadlineSeconds}) is over a day`,
          `Kruise's AdvancedCronJob webhook: "activeDeadlineSeconds must be less than ${SCHEDULED_WARM_MAX_DEADLINE_SECONDS}"`,
          `use at most ${SCHEDULED_WARM_MAX_DEADLINE_SECONDS}`,
        ),
      });
    }
  });

type ParsedArgs = z.output<typeof scheduledWarmArgsSchema>;

/** The cron job's name: readable, stable under edits, short enough for what Kruise names after it. */
export function scheduledWarmJobName(name: string): string {
  return derivedName(name, [KIND, name], ADVANCED_CRON_JOB_NAME_MAX);
}

/** The AdvancedCronJob of a ScheduledWarm's parsed args. Pure. */
export function scheduledWarmManifest(name: string, a: ParsedArgs): AdvancedCronJobManifest {
  const template = {
    images: a.images,
    ...warmTemplate(
      { ...a, apiVersion: "apps.kruise.io/v1beta1" },
      {
        selector: a.nodeSelector,
        podSelector: a.podSelector,
        completionPolicy: {
          type: CompletionPolicyType.Always,
          activeDeadlineSeconds: a.activeDeadlineSeconds,
        },
      },
    ),
  };
  return buildAdvancedCronJob(
    {
      name: scheduledWarmJobName(name),
      namespace: a.namespace,
      labels: componentLabels(KIND, name, a.labels),
    },
    {
      schedule: a.schedule,
      timeZone: a.timeZone,
      startingDeadlineSeconds: a.startingDeadlineSeconds,
      concurrencyPolicy: a.concurrencyPolicy,
      paused: a.paused,
      successfulJobsHistoryLimit: a.successfulJobsHistoryLimit,
      failedJobsHistoryLimit: a.failedJobsHistoryLimit,
    },
    template,
  );
}

/**
 * Re-warms images on a cron schedule: one Kruise AdvancedCronJob (`apps.kruise.io/v1beta1`) whose
 * ImageListPullJob template Kruise runs at each scheduled time, one ImagePullJob per image
 * (`completionPolicy: Always`). For images that change on a rhythm (a nightly base image, a
 * weekly security rebuild under the same tag with `imagePullPolicy: Always`) or nodes that lose
 * them (image garbage collection). Needs Kruise 1.9.1 or later, with the `KruiseDaemon` and
 * `ImagePullJobGate` feature gates: set `kruiseVersion` to the version installed; the pinned
 * chart's 1.8.3 is refused, naming the version needed.
 *
 * Lifecycle: one object under a stable name; every arg is edited in place (Kruise's webhook
 * allows it) and takes effect from the next run. Kruise keeps the newest finished runs up to the
 * history limits; destroy deletes the cron job, and with it (owner references) its runs and
 * their ImagePullJobs.
 */
export class ScheduledWarm extends pulumi.ComponentResource {
  /** Namespace of the cron job and its runs. */
  public readonly namespace: pulumi.Output<string>;
  /** The AdvancedCronJob's `metadata.name`; runs are ImageListPullJobs `<cronJobName>-<Unix seconds>`. */
  public readonly cronJobName: pulumi.Output<string>;

  /**
   * The AdvancedCronJob resource: depend on it. A getter, for TypeScript programs (Pulumi's
   * schema has no type for a custom resource); other languages read `cronJobName`.
   */
  public get cronJob(): k8s.apiextensions.CustomResource {
    return cronJobs.get(this);
  }

  constructor(name: string, args: ScheduledWarmArgs, opts?: pulumi.ComponentResourceOptions) {
    const early = validateNow(KIND, name, scheduledWarmArgsSchema, args);
    super(`kruise-devops:index:${KIND}`, name, {}, opts);
    const manifest =
      early === undefined
        ? validateLater(KIND, name, scheduledWarmArgsSchema, args, this).apply((a) =>
            scheduledWarmManifest(name, a),
          )
        : scheduledWarmManifest(name, early);
    const { metadata, spec } = pulumi.Output.isInstance(manifest)
      ? { metadata: manifest.metadata, spec: manifest.spec }
      : manifest;
    const cronJob = cronJobs.set(
      this,
      new k8s.apiextensions.CustomResource(
        name,
        { apiVersion: ADVANCED_CRON_JOB_API_VERSION, kind: "AdvancedCronJob", metadata, spec },
        childOptions(this, opts),
      ),
    );
    this.namespace = cronJob.metadata.apply((md) => md.namespace as string);
    this.cronJobName = cronJob.metadata.apply((md) => md.name as string);
    this.registerOutputs({
      namespace: this.namespace,
      cronJobName: this.cronJobName,
      cronJob,
    });
  }
}
