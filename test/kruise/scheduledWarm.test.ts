import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ADVANCED_CRON_JOB_NAME_MAX } from "../../components/kruise/advancedCronJob";
import { scheduledWarmJobName } from "../../components/kruise/scheduledWarm";
import { KRUISE_CRDS, crdErrors } from "../support/crdSchema";
import { failureOf, throwsWith } from "../support/expect";
import {
  mockedComponents,
  ofType,
  registered,
  resetRegistrations,
  settle,
  valueOf,
} from "../support/mocks";

const kd = mockedComponents();

const ACJ = "kubernetes:apps.kruise.io/v1beta1:AdvancedCronJob";
const NGINX = "docker.io/library/nginx:1.27";
const ENVOY = "envoyproxy/envoy:v1.31.2";
const V191 = { kruiseVersion: "1.9.1" };

describe("ScheduledWarm", () => {
  beforeEach(resetRegistrations);

  it("is refused on the pinned Kruise (1.8.3), naming the version it needs; nothing is registered", async () => {
    throwsWith(
      () => new kd.ScheduledWarm("nightly", { images: [NGINX], schedule: "0 3 * * *" }),
      "ScheduledWarm 'nightly': args.kruiseVersion (1.8.3) is older than 1.9.1",
      "needs Kruise 1.9.1 or later",
      'set kruiseVersion: "1.9.1"',
      "the version the pinned chart runs",
    );
    throwsWith(
      () =>
        new kd.ScheduledWarm("nightly", {
          images: [NGINX],
          schedule: "0 3 * * *",
          kruiseVersion: "v1.9.0",
        }),
      "args.kruiseVersion (v1.9.0) is older than 1.9.1",
    );
    await settle();
    assert.deepStrictEqual(registered, []);
  });

  it("on Kruise 1.9.1 registers one v1beta1 AdvancedCronJob with an ImageListPullJob template, every field explicit", async () => {
    const c = new kd.ScheduledWarm("nightly", {
      ...V191,
      images: [NGINX, ENVOY],
      schedule: "0 3 * * *",
      timeZone: "Europe/Berlin",
      nodeSelector: { matchLabels: { pool: "gpu" } },
      imagePullPolicy: "Always",
    });
    const name = await valueOf(c.cronJobName);
    await settle();
    const [acj] = ofType(ACJ).map((r) => r.inputs);
    const labels = {
      "app.kubernetes.io/managed-by": "pulumi",
      "app.kubernetes.io/part-of": "kruise-devops",
      "app.kubernetes.io/component": "scheduledwarm",
      "kruise-devops.io/instance": "nightly",
    };
    assert.deepStrictEqual(acj, {
      apiVersion: "apps.kruise.io/v1beta1",
      kind: "AdvancedCronJob",
      metadata: { name, namespace: "default", labels },
      spec: {
        schedule: "0 3 * * *",
        timeZone: "Europe/Berlin",
        concurrencyPolicy: "Forbid",
        paused: false,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 1,
        template: {
          imageListPullJobTemplate: {
            spec: {
              images: [NGINX, ENVOY],
              selector: { matchLabels: { pool: "gpu" } },
              parallelism: 10,
              pullPolicy: { timeoutSeconds: 600, backoffLimit: 3 },
              completionPolicy: { type: "Always", activeDeadlineSeconds: 1800 },
              imagePullPolicy: "Always",
            },
          },
        },
      },
    });
    // What each run is: the template's spec as a v1beta1 ImageListPullJob, valid under its CRD.
    const run = {
      apiVersion: "apps.kruise.io/v1beta1",
      kind: "ImageListPullJob",
      metadata: { name: `${name}-1733500000`, namespace: "default" },
      spec: acj.spec.template.imageListPullJobTemplate.spec,
    };
    assert.deepStrictEqual(crdErrors(KRUISE_CRDS, run), []);
  });

  it("its name is stable under edits and short enough for the runs and their jobs Kruise names after it", () => {
    assert.strictEqual(scheduledWarmJobName("nightly"), scheduledWarmJobName("nightly"));
    const long = scheduledWarmJobName("n".repeat(100));
    assert.ok(long.length <= ADVANCED_CRON_JOB_NAME_MAX && ADVANCED_CRON_JOB_NAME_MAX === 46, long);
    assert.ok(`${long}-1733500000-x7k2p`.length <= 63);
  });

  const refusals: [string, Record<string, unknown>, string[]][] = [
    [
      "a schedule that does not parse",
      { schedule: "0 25 * * *" },
      [
        'args.schedule ("0 25 * * *") does not parse: end of range (25) above maximum (23)',
        "ParseStandard",
      ],
    ],
    ["six fields", { schedule: "0 0 3 * * *" }, ["expected exactly 5 fields, found 6"]],
    ["an empty time zone", { timeZone: "" }, ['"timeZone must be nil or non-empty string"']],
    ["the Local time zone", { timeZone: "local" }, ["must be an explicit time zone"]],
    [
      "an unknown time zone",
      { timeZone: "Mars/Olympus" },
      ['args.timeZone ("Mars/Olympus") is not a known time zone'],
    ],
    [
      "TZ in the schedule with timeZone",
      { schedule: "TZ=UTC 0 3 * * *", timeZone: "UTC" },
      ["cannot use both timeZone field and TZ or CRON_TZ in schedule"],
    ],
    [
      "a deadline over a day",
      { activeDeadlineSeconds: 86401 },
      ["args.activeDeadlineSeconds (86401) is over a day", "must be less than 86400"],
    ],
    [
      "a deadline under the pull timeout",
      { activeDeadlineSeconds: 300 },
      ["args.activeDeadlineSeconds (300) must be ≥ pullPolicy.timeoutSeconds (600)"],
    ],
    [
      "Allow concurrency",
      { concurrencyPolicy: "Allow" },
      ['args.concurrencyPolicy is not one of "Forbid", "Replace"'],
    ],
    [
      "a negative history limit",
      { successfulJobsHistoryLimit: -1 },
      ["args.successfulJobsHistoryLimit (-1) is out of range"],
    ],
    ["ttlSecondsAfterFinished", { ttlSecondsAfterFinished: 60 }, ["args.ttlSecondsAfterFinished"]],
    [
      "apiVersion (only v1beta1 has the template)",
      { apiVersion: "apps.kruise.io/v1alpha1" },
      ["args has unknown key(s) 'apiVersion'"],
    ],
    ["an unpinned image", { images: ["nginx"] }, ["args.images[0]", "has no tag or digest"]],
  ];
  for (const [what, args, fragments] of refusals) {
    it(`refuses ${what}, registering nothing`, async () => {
      throwsWith(
        () =>
          new kd.ScheduledWarm("nightly", {
            ...V191,
            images: [NGINX],
            schedule: "@daily",
            ...args,
          } as any),
        "ScheduledWarm 'nightly':",
        ...fragments,
      );
      await settle();
      assert.deepStrictEqual(registered, []);
    });
  }

  it("args known only at deploy time are checked with the same rules before the cron job is created", async () => {
    const c = new kd.ScheduledWarm("late", {
      ...V191,
      images: [NGINX],
      schedule: pulumi.output("61 * * * *"),
    });
    const err = await failureOf(c.cronJobName);
    assert.match(
      String(err?.message),
      /ScheduledWarm 'late': args\.schedule .* above maximum \(59\)/,
    );
    await settle();
    assert.deepStrictEqual(ofType(ACJ), []);
  });
});
