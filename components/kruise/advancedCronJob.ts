/**
 * Kruise's AdvancedCronJob with an ImageListPullJob template: a warm on a cron schedule. Only
 * `apps.kruise.io/v1beta1` has `spec.template.imageListPullJobTemplate`, from Kruise 1.9.1
 * (openkruise/kruise#2207; apis/apps/v1beta1/advancedcronjob_types.go). At each scheduled time
 * Kruise's controller creates an ImageListPullJob `<cron job>-<scheduled Unix seconds>` from the
 * template (pkg/controller/advancedcronjob/advancedcronjob_imagelistpulljob_controller.go), which
 * makes one ImagePullJob per image (`<list job>-<5 random characters>`); it counts a finished
 * list job as failed unless every image succeeded, and keeps the newest finished ones up to the
 * history limits. The builder and the webhook rules of v1.9.1
 * (pkg/webhook/advancedcronjob/validating) that the ImagePullJob ones do not already cover. Pure.
 */
import { BrokenRule, brokenRule } from "../common/errors";
import { withoutUndefined } from "./imagePullJob";
import { ResolvedImageListPullJobSpec } from "./imageListPullJob";

/** The only API version whose AdvancedCronJob takes an ImageListPullJob template. */
export const ADVANCED_CRON_JOB_API_VERSION = "apps.kruise.io/v1beta1";

/** Kruise's limit on the template's `activeDeadlineSeconds` ("must be less than 86400"; 86400 passes). */
export const SCHEDULED_WARM_MAX_DEADLINE_SECONDS = 86400;

/**
 * The longest cron job name whose list jobs' children stay DNS-1123 labels:
 * `<name>-<10-digit Unix seconds>-<5 characters>` ≤ 63.
 */
export const ADVANCED_CRON_JOB_NAME_MAX = 63 - "-1733500000".length - "-xxxxx".length;

/** `spec.concurrencyPolicy` values Kruise allows with an ImageListPullJob template. */
export const ScheduledWarmConcurrency = {
  /** Skip a run while the previous list job is still pulling. */
  Forbid: "Forbid",
  /** Delete the unfinished list job (and its pulls), then start the new run. */
  Replace: "Replace",
} as const;
/** One of {@link ScheduledWarmConcurrency}. */
export type ScheduledWarmConcurrency =
  (typeof ScheduledWarmConcurrency)[keyof typeof ScheduledWarmConcurrency];

/** The cron settings of an AdvancedCronJob (`spec` besides the template). */
export interface CronSettings {
  schedule: string;
  timeZone?: string;
  startingDeadlineSeconds?: number;
  concurrencyPolicy: ScheduledWarmConcurrency;
  paused: boolean;
  successfulJobsHistoryLimit: number;
  failedJobsHistoryLimit: number;
}

/** An AdvancedCronJob with an ImageListPullJob template, as sent to the API server. */
export interface AdvancedCronJobManifest {
  apiVersion: typeof ADVANCED_CRON_JOB_API_VERSION;
  kind: "AdvancedCronJob";
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  spec: CronSettings & {
    template: {
      imageListPullJobTemplate: { spec: ResolvedImageListPullJobSpec };
    };
  };
}

/** What the builder needs besides the settings and the template. */
export interface AdvancedCronJobMeta {
  /** Maps to `metadata.name`. */
  name: string;
  /** Maps to `metadata.namespace`. */
  namespace: string;
  /** Maps to `metadata.labels` (of the cron job only: see the template below). */
  labels?: Record<string, string>;
}

/** The AdvancedCronJob manifest. */
export function buildAdvancedCronJob(
  meta: AdvancedCronJobMeta,
  cron: CronSettings,
  template: ResolvedImageListPullJobSpec,
): AdvancedCronJobManifest {
  return {
    apiVersion: ADVANCED_CRON_JOB_API_VERSION,
    kind: "AdvancedCronJob",
    metadata: withoutUndefined({ name: meta.name, namespace: meta.namespace, labels: meta.labels }),
    spec: {
      ...withoutUndefined(cron),
      // No template `metadata`: the v1.9.1 CRD declares it a bare `type: object`, so the API
      // server prunes whatever it holds (labels included), and a template sent with labels would
      // differ from the stored one at every preview. The runs are found by their owner reference.
      template: { imageListPullJobTemplate: { spec: template } },
    },
  };
}

/** The `timeZone` rule of Kruise's webhook, broken; undefined when it passes. */
export function timeZoneProblem(timeZone: string, loads: boolean): BrokenRule | undefined {
  if (timeZone === "") {
    return brokenRule(
      "is empty",
      `Kruise's AdvancedCronJob webhook: "timeZone must be nil or non-empty string"`,
      'give an IANA name, e.g. "Europe/Berlin" or "UTC", or drop timeZone for the controller\'s',
    );
  }
  if (timeZone.toLowerCase() === "local") {
    return brokenRule(
      `(${JSON.stringify(timeZone)}) is not an explicit time zone`,
      `Kruise's AdvancedCronJob webhook: "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"`,
      'give an IANA name, e.g. "Europe/Berlin" or "UTC"',
    );
  }
  if (!loads) {
    return brokenRule(
      `(${JSON.stringify(timeZone)}) is not a known time zone`,
      "Kruise's AdvancedCronJob webhook loads it with Go's time.LoadLocation (IANA names, exact case)",
      'give an IANA name, e.g. "Europe/Berlin" or "UTC"',
    );
  }
  return undefined;
}
