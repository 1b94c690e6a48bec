/**
 * The installed Kruise's version, for rules that depend on it: an arg that defaults to the version
 * the pinned chart runs ({@link KRUISE_VERSION}), and a check that names the version a feature
 * needs. Pure.
 */
import * as semver from "semver";
import { z } from "zod";
import { ruleIssue } from "../common/errors";
import { KRUISE_VERSION } from "../common/versions";

/** `1.9.1`, `v1.9.1` or `1.10.0-rc.1`: what Kruise's tags and chart appVersions look like. */
const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/;

/** The `kruiseVersion` arg: the Kruise the cluster runs, the pinned chart's by default. */
export const kruiseVersionSchema = z
  .string()
  .refine(
    (s) => VERSION.test(s),
    ruleIssue(
      "is not a Kruise version",
      "Kruise versions are release tags such as v1.9.1",
      'give the version of the kruise-manager your cluster runs, e.g. "1.9.1"',
    ),
  )
  .default(KRUISE_VERSION);

/**
 * Whether `version` is `min` or later (a pre-release of `min` is earlier, as in semver).
 * Both must match {@link kruiseVersionSchema}.
 */
export function kruiseAtLeast(version: string, min: string): boolean {
  return semver.gte(version, min);
}

/** Refuses, at `path`, a `version` older than `min` for `feature`, naming what it needs. */
export function requireKruise(
  ctx: z.RefinementCtx,
  version: string,
  min: string,
  feature: string,
  path: (string | number)[],
): void {
  if (VERSION.test(version) && !kruiseAtLeast(version, min)) {
    ctx.addIssue({
      code: "custom",
      path,
      ...ruleIssue(
        `(${version}) is older than ${min}`,
        `${feature} needs Kruise ${min} or later`,
        `install Kruise ${min} or later (its CRDs and kruise-manager), then set kruiseVersion: "${min}"` +
          (version === KRUISE_VERSION
            ? ` (${KRUISE_VERSION} is the version the pinned chart runs)`
            : ""),
      ),
    });
  }
}
