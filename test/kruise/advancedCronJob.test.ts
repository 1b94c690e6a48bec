import * as assert from "assert";
import {
  ADVANCED_CRON_JOB_API_VERSION,
  ADVANCED_CRON_JOB_NAME_MAX,
  SCHEDULED_WARM_MAX_DEADLINE_SECONDS,
  ScheduledWarmConcurrency,
  buildAdvancedCronJob,
  timeZoneProblem,
} from "../../components/kruise/advancedCronJob";

describe("the AdvancedCronJob manifest (components/kruise/advancedCronJob)", () => {
  const TEMPLATE = {
    images: ["docker.io/library/nginx:1.27"],
    parallelism: 1,
    pullPolicy: { timeoutSeconds: 600, backoffLimit: 3 },
    completionPolicy: { type: "Always" as const, activeDeadlineSeconds: 1800 },
    imagePullPolicy: "IfNotPresent" as const,
  };
  const CRON = {
    schedule: "0 3 * * *",
    concurrencyPolicy: ScheduledWarmConcurrency.Forbid,
    paused: false,
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 1,
  };

  it("apps.kruise.io/v1beta1, the cron settings as given, the template without metadata", () => {
    const acj = buildAdvancedCronJob(
      { name: "nightly", namespace: "warm" },
      CRON,
      TEMPLATE as never,
    );
    assert.deepStrictEqual(acj, {
      apiVersion: ADVANCED_CRON_JOB_API_VERSION,
      kind: "AdvancedCronJob",
      metadata: { name: "nightly", namespace: "warm" },
      spec: { ...CRON, template: { imageListPullJobTemplate: { spec: TEMPLATE } } },
    });
    assert.strictEqual(ADVANCED_CRON_JOB_API_VERSION, "apps.kruise.io/v1beta1");
  });

  it("writes timeZone, startingDeadlineSeconds and labels when given, nothing undefined", () => {
    const acj = buildAdvancedCronJob(
      { name: "n", namespace: "w", labels: { a: "b" } },
      { ...CRON, timeZone: "Europe/Berlin", startingDeadlineSeconds: 60 },
      TEMPLATE as never,
    );
    assert.deepStrictEqual(acj.metadata.labels, { a: "b" });
    assert.strictEqual(acj.spec.timeZone, "Europe/Berlin");
    assert.strictEqual(acj.spec.startingDeadlineSeconds, 60);
    const bare = buildAdvancedCronJob(
      { name: "n", namespace: "w", labels: undefined },
      { ...CRON, timeZone: undefined },
      TEMPLATE as never,
    );
    assert.ok(!("labels" in bare.metadata) && !("timeZone" in bare.spec));
    assert.ok(!JSON.stringify(Object.entries(bare.spec)).includes("undefined"));
  });

  it("the limits: a list job's children must stay DNS-1123 labels; the deadline at most a day", () => {
    assert.strictEqual(`${"x".repeat(ADVANCED_CRON_JOB_NAME_MAX)}-1733500000-abcde`.length, 63);
    assert.strictEqual(SCHEDULED_WARM_MAX_DEADLINE_SECONDS, 86400);
    assert.deepStrictEqual(Object.values(ScheduledWarmConcurrency), ["Forbid", "Replace"]);
  });

  it("timeZoneProblem: Kruise's webhook rule, as a message", () => {
    assert.strictEqual(timeZoneProblem("Europe/Berlin", true), undefined);
    assert.strictEqual(timeZoneProblem("UTC", true), undefined);
    const cases: [string, boolean, string][] = [
      [
        "",
        true,
        `is empty — Kruise's AdvancedCronJob webhook: "timeZone must be nil or non-empty string"`,
      ],
      ["Local", true, `("Local") is not an explicit time zone — Kruise's AdvancedCronJob webhook`],
      ["local", true, `("local") is not an explicit time zone`],
      [
        "Europe/Berlín",
        false,
        `("Europe/Berlín") is not a known time zone — Kruise's AdvancedCronJob webhook loads it with Go's time.LoadLocation`,
      ],
    ];
    assert.strictEqual(cases.length, 4);
    for (const [tz, loads, start] of cases) {
      const m = timeZoneProblem(tz, loads)?.message;
      assert.ok(m?.startsWith(start), `${tz}: ${m}`);
      assert.match(m ?? "", /; give an IANA name, e\.g\. "Europe\/Berlin"/);
    }
  });
});
