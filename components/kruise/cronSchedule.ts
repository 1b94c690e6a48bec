/**
 * The cron schedules Kruise's AdvancedCronJob webhook accepts: a port of `cron.ParseStandard` of
 * github.com/robfig/cron/v3 v3.0.1 (parser.go), which the webhook calls
 * (pkg/webhook/advancedcronjob/validating, Kruise 1.9.1), and of Go's `time.LoadLocation` as far
 * as a name can be checked without Go's tz files. Only whether a schedule parses, with upstream's
 * error text; the next run times are Kruise's to compute. Pure.
 */
import { atoi, isGoDuration } from "../common/goSyntax";

/** One field's bounds and names (robfig's `bounds`). */
interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS: Record<string, number> = Object.fromEntries(
  ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].map(
    (m, i) => [m, i + 1],
  ),
);
const DAYS: Record<string, number> = Object.fromEntries(
  ["sun", "mon", "tue", "wed", "thu", "fri", "sat"].map((d, i) => [d, i]),
);

/** The five fields of a standard spec, in order, with their bounds. */
export const CRON_FIELDS: readonly (Bounds & { field: string })[] = [
  { field: "minute", min: 0, max: 59 },
  { field: "hour", min: 0, max: 23 },
  { field: "day of month", min: 1, max: 31 },
  { field: "month", min: 1, max: 12, names: MONTHS },
  { field: "day of week", min: 0, max: 6, names: DAYS },
];

/** robfig's `mustParseInt`: a whole number ≥ 0, or its error text. */
function mustParseInt(expr: string): number | string {
  const n = atoi(expr);
  if (n === undefined) return `failed to parse int from ${expr}`;
  if (n < 0) return `negative number (${n}) not allowed: ${expr}`;
  return n;
}

function parseIntOrName(expr: string, names?: Record<string, number>): number | string {
  const named = names?.[expr.toLowerCase()];
  return named !== undefined ? named : mustParseInt(expr);
}

/** robfig's `getRange`: undefined when `expr` is a valid range of `b`, else upstream's error. */
export function cronRangeError(expr: string, b: Bounds): string | undefined {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = rangeAndStep[0].split("-");
  let start: number;
  let end: number;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    start = b.min;
    end = b.max;
  } else {
    const s = parseIntOrName(lowAndHigh[0], b.names);
    if (typeof s === "string") return s;
    start = s;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const e = parseIntOrName(lowAndHigh[1], b.names);
      if (typeof e === "string") return e;
      end = e;
    } else return `too many hyphens: ${expr}`;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const s = mustParseInt(rangeAndStep[1]);
    if (typeof s === "string") return s;
    step = s;
    if (lowAndHigh.length === 1) end = b.max; // "N/step" means "N-max/step"
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < b.min) return `beginning of range (${start}) below minimum (${b.min}): ${expr}`;
  if (end > b.max) return `end of range (${end}) above maximum (${b.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

/** The descriptors `ParseStandard` takes (`@every <duration>` besides). */
const DESCRIPTORS = [
  "@yearly",
  "@annually",
  "@monthly",
  "@weekly",
  "@daily",
  "@midnight",
  "@hourly",
];

/**
 * Whether Go's `time.LoadLocation` finds `name`, as far as Node's time-zone data can tell: "" and
 * "UTC" and "Local" always; otherwise an IANA name, with Go's exact case (Go reads a file of that
 * name; Node's lookup ignores case) and no UTC offset (Node takes "+01:00", Go does not).
 */
export function isGoLocation(name: string): boolean {
  if (name === "" || name === "UTC" || name === "Local") return true;
  if (/^[+-]/.test(name)) return false;
  try {
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions()
      .timeZone;
    return resolved === name || resolved.toLowerCase() !== name.toLowerCase();
  } catch {
    return false;
  }
}

/**
 * Why `cron.ParseStandard` refuses `spec`, in upstream's words; undefined when it parses. A
 * `TZ=`/`CRON_TZ=` prefix without a following space makes upstream panic (Kruise's webhook
 * recovers and refuses): refused here too.
 */
export function cronScheduleError(spec: string): string | undefined {
  if (spec.length === 0) return "empty spec string";
  let rest = spec;
  if (rest.startsWith("TZ=") || rest.startsWith("CRON_TZ=")) {
    const space = rest.indexOf(" ");
    const eq = rest.indexOf("=");
    if (space < 0)
      return `invalid cron schedule: slice bounds out of range (no space after ${rest})`;
    // The prefix holds its "=" before any space, so the location is what lies between them.
    const loc = rest.slice(eq + 1, space);
    if (!isGoLocation(loc)) {
      return `provided bad location ${loc}: unknown time zone ${loc}`;
    }
    rest = rest.slice(space).trim();
  }
  if (rest.startsWith("@")) {
    if (DESCRIPTORS.includes(rest)) return undefined;
    if (rest.startsWith("@every ")) {
      const d = rest.slice("@every ".length);
      return isGoDuration(d)
        ? undefined
        : `failed to parse duration ${rest}: time: invalid duration "${d}"`;
    }
    return `unrecognized descriptor: ${rest}`;
  }
  const fields = rest.split(/\s+/).filter((f) => f !== "");
  if (fields.length !== 5) {
    return `expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`;
  }
  for (let i = 0; i < 5; i++) {
    for (const expr of fields[i].split(",").filter((e) => e !== "")) {
      const err = cronRangeError(expr, CRON_FIELDS[i]);
      if (err) return err;
    }
  }
  return undefined;
}
