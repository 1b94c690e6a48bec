/**
 * Go's own parsers, where an upstream project parses a string we pass with them: what they
 * accept, we accept.
 */

/** Go's `strconv.Atoi`: an optional sign, then decimal digits only (64-bit range not checked). */
export function atoi(s: string): number | undefined {
  return /^[+-]?[0-9]+$/.test(s) ? Number(s) : undefined;
}

/** Nanoseconds in each unit Go's `time.ParseDuration` takes. */
const DURATION_UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/**
 * `v` read as Go's `strconv.ParseBool` (Argo CD and Kruise parse flags and env with it): true or
 * false, or undefined when it is neither; a boolean is itself. Unlike Go, surrounding whitespace
 * is trimmed first: the policies that read it then err on the safe side.
 */
export function parseGoBool(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (typeof v !== "string") return undefined;
  const t = v.trim();
  if (["1", "t", "T", "TRUE", "true", "True"].includes(t)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(t)) return false;
  return undefined;
}

/**
 * Go's `time.ParseDuration`: an optional sign, then "0" or one or more `<number><unit>` (a
 * number has digits before or after its point; units ns, us, µs, μs, ms, s, m, h); the value in
 * nanoseconds (a double: exact to the nanosecond up to about 104 days), or undefined when Go
 * refuses the string. Go's overflow check (beyond about 292 years) is not ported.
 */
export function parseGoDuration(s: string): number | undefined {
  const m = /^([-+]?)(0|(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+)$/.exec(s);
  if (!m) return undefined;
  let total = 0;
  for (const [, n, unit] of m[2].matchAll(/([0-9.]+)([a-zµμ]+)/g)) {
    total += Number(n) * DURATION_UNITS[unit];
  }
  return m[1] === "-" && total !== 0 ? -total : total;
}

/** True when Go's `time.ParseDuration` takes `s` (see {@link parseGoDuration}). */
export function isGoDuration(s: string): boolean {
  return parseGoDuration(s) !== undefined;
}

/** Go's ParseFloat outcome: a value, or its error (`syntax`, or `range` past ±MaxFloat64). */
export type GoFloat = { value: number } | { error: "syntax" | "range" };

/** Decimal digits; an underscore may only stand between two digits (Go's underscoreOK). */
const D = "[0-9](?:_?[0-9])*";
const DECIMAL_FLOAT = new RegExp(`^[+-]?(?:${D}(?:\\.(?:${D})?)?|\\.${D})(?:[eE][+-]?${D})?$`);
/** Hex mantissa (an underscore between digits, or after the prefix) and a mandatory p exponent. */
const HEX_FLOAT = new RegExp(
  `^([+-]?)0[xX]((?:_?[0-9a-fA-F])*)(?:\\.((?:[0-9a-fA-F](?:_?[0-9a-fA-F])*)?))?[pP]([+-]?${D})$`,
);

/** Go's `strconv.ParseFloat(s, 64)`: what it accepts, and the value. */
export function parseGoFloat(s: string): GoFloat {
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(s);
  if (special) {
    const nan = special[2].toLowerCase() === "nan";
    // Go takes "NaN" unsigned only.
    if (nan && special[1] !== "") return { error: "syntax" };
    return { value: nan ? NaN : special[1] === "-" ? -Infinity : Infinity };
  }
  let value: number;
  if (DECIMAL_FLOAT.test(s)) {
    value = Number(s.replace(/_/g, ""));
  } else {
    const hex = HEX_FLOAT.exec(s);
    if (!hex) return { error: "syntax" };
    const int = hex[2].replace(/_/g, "");
    const frac = (hex[3] ?? "").replace(/_/g, "");
    if (int === "" && frac === "") return { error: "syntax" };
    const mantissa = BigInt(`0x${int}${frac}` === "0x" ? "0" : `0x${int}${frac}`);
    const exp = Number(hex[4].replace(/_/g, "")) - 4 * frac.length;
    value = hexValue(mantissa, exp) * (hex[1] === "-" ? -1 : 1);
  }
  return Number.isFinite(value) ? { value } : { error: "range" };
}

/** `mantissa × 2^exp` rounded once to the nearest double (ties to even), as Go rounds it. */
function hexValue(mantissa: bigint, exp: number): number {
  if (mantissa === 0n) return 0;
  const bits = mantissa.toString(2).length;
  const top = exp + bits - 1; // the exponent of the leading bit
  if (top > 1023) return Infinity;
  // Bits the result keeps: 53 for a normal double, fewer below 2^-1022 (subnormals).
  const keep = top >= -1022 ? 53 : 53 - (-1022 - top);
  if (keep < 0) return 0;
  let m = mantissa;
  let e = exp;
  if (bits > keep) {
    const drop = BigInt(bits - keep);
    const rest = m & ((1n << drop) - 1n);
    const half = 1n << (drop - 1n);
    m >>= drop;
    e += bits - keep;
    if (rest > half || (rest === half && (m & 1n) === 1n)) m += 1n;
  }
  // m has at most 53 bits (54 after a carry, still exact) and e >= -1074: one exact product.
  return Number(m) * 2 ** e;
}
