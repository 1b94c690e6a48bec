import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ADVANCED_CRON_JOB_NAME_MAX } from "../../components/kruise/advancedCronJob";
import {
  CRON_FIELDS,
  cronRangeError,
  cronScheduleError,
  isGoLocation,
} from "../../components/kruise/cronSchedule";
import { isGoDuration } from "../../components/common/goSyntax";
import { kruiseAtLeast } from "../../components/kruise/kruiseVersion";
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

/**
 * robfig/cron v3.0.1 parser_test.go, TestRange: [expr, min, max, error fragment ("" = valid)].
 * Upstream's own table, ported as data; getRange's bits are Kruise's business, its verdicts ours.
 */
const ROBFIG_RANGE: [string, number, number, string][] = [
  ["5", 0, 7, ""],
  ["0", 0, 7, ""],
  ["7", 0, 7, ""],
  ["5-5", 0, 7, ""],
  ["5-6", 0, 7, ""],
  ["5-7", 0, 7, ""],
  ["5-6/2", 0, 7, ""],
  ["5-7/2", 0, 7, ""],
  ["5-7/1", 0, 7, ""],
  ["*", 1, 3, ""],
  ["*/2", 1, 3, ""],
  ["5--5", 0, 0, "too many hyphens"],
  ["jan-x", 0, 0, "failed to parse int from"],
  ["2-x", 1, 5, "failed to parse int from"],
  ["*/-12", 0, 0, "negative number"],
  ["*//2", 0, 0, "too many slashes"],
  ["1", 3, 5, "below minimum"],
  ["6", 3, 5, "above maximum"],
  ["5-3", 3, 5, "beyond end of range"],
  ["*/0", 0, 0, "should be a positive number"],
];

/**
 * robfig/cron v3.0.1 parser_test.go, TestStandardSpecSchedule and TestParseScheduleErrors (the
 * cases the standard parser reads: 5 fields or a descriptor), plus the named fields and the TZ
 * prefix (TestParseSchedule's TZ cases, in standard form).
 */
const ROBFIG_STANDARD: [string, string][] = [
  ["5 * * * *", ""],
  ["@every 5m", ""],
  ["5 j * * *", "failed to parse int from"],
  ["* * * *", "expected exactly 5 fields"],
  ["", "empty spec string"],
  ["@every Xm", "failed to parse duration"],
  ["@unrecognized", "unrecognized descriptor"],
  ["* 5 j * * *", "expected exactly 5 fields"],
  ["@midnight", ""],
  ["@yearly", ""],
  ["@annually", ""],
  ["@monthly", ""],
  ["@weekly", ""],
  ["@daily", ""],
  ["@hourly", ""],
  ["@every 1h30m", ""],
  ["5 * * * MON-FRI", ""],
  ["0 0 1 JAN,jul *", ""],
  ["0 0 1 * sun", ""],
  ["0 0 * * 7", "above maximum"],
  ["0 0 0 * *", "below minimum"],
  ["TZ=UTC 0 5 * * *", ""],
  ["CRON_TZ=Asia/Tokyo 0 5 * * *", ""],
  ["CRON_TZ=Asia/Tokio 0 5 * * *", "provided bad location Asia/Tokio"],
  ["TZ=UTC", "invalid cron schedule"],
  ["*/5 * * * ?", ""],
  ["0 3 * * *", ""],
];

describe("ScheduledWarm", () => {
  beforeEach(resetRegistrations);

  describe("the cron schedule, as Kruise's webhook parses it (robfig/cron ParseStandard)", () => {
    for (const [expr, min, max, fragment] of ROBFIG_RANGE) {
      it(`getRange ${JSON.stringify(expr)} in ${min}-${max}: ${fragment || "valid"}`, () => {
        const err = cronRangeError(expr, { min, max });
        if (fragment === "") assert.strictEqual(err, undefined);
        else assert.ok(err?.includes(fragment), `${err}`);
      });
    }
    for (const [spec, fragment] of ROBFIG_STANDARD) {
      it(`ParseStandard ${JSON.stringify(spec)}: ${fragment || "valid"}`, () => {
        const err = cronScheduleError(spec);
        if (fragment === "") assert.strictEqual(err, undefined);
        else assert.ok(err?.includes(fragment), `${err}`);
      });
    }
    it("has the standard fields' bounds", () => {
      assert.deepStrictEqual(
        CRON_FIELDS.map((f) => [f.min, f.max]),
        [
          [0, 59],
          [0, 23],
          [1, 31],
          [1, 12],
          [0, 6],
        ],
      );
    });
    it("reads durations and locations as Go does", () => {
      for (const d of ["5m", "1h30m", "1.5h", ".5s", "0", "300ms", "2us", "-1h"])
        assert.ok(isGoDuration(d), d);
      for (const d of ["", "5", "h", "1d", "1 h", "5mh", "+"]) assert.ok(!isGoDuration(d), d);
      for (const z of ["UTC", "Europe/Berlin", "America/New_York", "US/Pacific", ""])
        assert.ok(isGoLocation(z), z);
      for (const z of ["europe/berlin", "Mars/Olympus", "+01:00"]) assert.ok(!isGoLocation(z), z);
    });
  });

  it("compares Kruise versions as releases", () => {
    assert.ok(kruiseAtLeast("1.9.1", "1.9.1"));
    assert.ok(kruiseAtLeast("v1.10.0", "1.9.1"));
    assert.ok(kruiseAtLeast("2.0.0", "1.9.1"));
    assert.ok(!kruiseAtLeast("1.9.0", "1.9.1"));
    assert.ok(!kruiseAtLeast("1.8.3", "1.9.1"));
    assert.ok(!kruiseAtLeast("1.9.1-rc.1", "1.9.1"));
  });

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
