import * as assert from "assert";
import { isGoDuration } from "../../components/common/goSyntax";
import {
  CRON_FIELDS,
  cronRangeError,
  cronScheduleError,
  isGoLocation,
} from "../../components/kruise/cronSchedule";

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

// Moved from scheduledWarm.test.ts under the describe it had there: titles unchanged.
describe("ScheduledWarm", () => {
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
});
