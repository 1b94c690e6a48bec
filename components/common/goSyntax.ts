/**
 * Go's own parsers, where an upstream project parses a string we pass with them: what they
 * accept, we accept.
 */

/** Go's `strconv.Atoi`: an optional sign, then decimal digits only (64-bit range not checked). */
export function atoi(s: string): number | undefined {
  return /^[+-]?[0-9]+$/.test(s) ? Number(s) : undefined;
}

/**
 * Go's `time.ParseDuration` grammar: an optional sign, then "0" or one or more `<number><unit>`
 * (a number has digits before or after its point; units ns, us, µs, μs, ms, s, m, h). Go's
 * overflow check (beyond about 292 years) is not ported.
 */
export function isGoDuration(s: string): boolean {
  return /^[-+]?(?:0|(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+)$/.test(s);
}
