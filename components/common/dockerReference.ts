/**
 * A client-side mirror of `reference.ParseNormalizedNamed` from github.com/docker/distribution
 * v2.8.2 (the module Kruise 1.9's `daemonutil.NormalizeImageRef` calls), which the ImagePullJob
 * webhook uses to check `spec.image`. The regular expressions are the module's own, byte for byte.
 * Pure: no I/O.
 */

const alphanumeric = "[a-z0-9]+";
// Upstream writes the separator as `(?:[._]|__|[-]*)`. An empty separator adds nothing to the
// language (`[a-z0-9]+` already spans it) but makes a backtracking engine exponential on long
// invalid names, so the equivalent unambiguous `-+` is used here.
const separator = "(?:[._]|__|-+)";
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const domainNameComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
const domainAndPort = `${domainName}(?::[0-9]+)?`;
const tag = "[\\w][\\w.-]{0,127}";
const digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const name = `(?:${domainAndPort}/)?${remoteName}`;

const referenceRegexp = new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);
const anchoredIdentifier = /^[a-f0-9]{64}$/;

/** `reference.NameTotalLengthMax`: the limit on the whole normalized name, domain included. */
export const NAME_TOTAL_LENGTH_MAX = 255;

/** Digest algorithms go-digest v1.0.0 knows, with the exact length of their hex encoding. */
const digestAlgorithms: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

/** A parsed, normalized image reference. */
export interface DockerReference {
  /** Registry host (and port), `docker.io` when the reference names none. */
  readonly domain: string;
  /** Repository path below the domain, with `library/` added for official Docker Hub images. */
  readonly path: string;
  /** The tag, if the reference has one. */
  readonly tag?: string;
  /** The digest (`algorithm:hex`), if the reference has one. */
  readonly digest?: string;
  /** The fully qualified form, e.g. `docker.io/library/nginx:1.27`. */
  readonly normalized: string;
}

/** The outcome of parsing: a reference, or the upstream error text. */
export type ParseResult = { ok: true; ref: DockerReference } | { ok: false; error: string };

/** Splits off the registry the way distribution's `splitDockerDomain` does. */
function splitDockerDomain(s: string): { domain: string; remainder: string } {
  const i = s.indexOf("/");
  let domain: string;
  let remainder: string;
  if (i === -1 || (!/[.:]/.test(s.slice(0, i)) && s.slice(0, i) !== "localhost")) {
    domain = "docker.io";
    remainder = s;
  } else {
    domain = s.slice(0, i);
    remainder = s.slice(i + 1);
  }
  if (domain === "index.docker.io") domain = "docker.io";
  if (domain === "docker.io" && !remainder.includes("/")) remainder = `library/${remainder}`;
  return { domain, remainder };
}

/**
 * Parses `s` as `ParseNormalizedNamed` does; the error strings are distribution's own.
 */
export function parseNormalizedNamed(s: string): ParseResult {
  if (anchoredIdentifier.test(s)) {
    return {
      ok: false,
      error: `invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`,
    };
  }
  const { domain, remainder } = splitDockerDomain(s);
  const tagSep = remainder.indexOf(":");
  const remote = tagSep > -1 ? remainder.slice(0, tagSep) : remainder;
  if (remote.toLowerCase() !== remote) {
    return { ok: false, error: "invalid reference format: repository name must be lowercase" };
  }
  const full = `${domain}/${remainder}`;
  const m = referenceRegexp.exec(full);
  if (!m) return { ok: false, error: "invalid reference format" };
  const [, matchedName, matchedTag, matchedDigest] = m;
  if (matchedName.length > NAME_TOTAL_LENGTH_MAX) {
    return {
      ok: false,
      error: `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`,
    };
  }
  if (matchedDigest !== undefined) {
    const [algorithm, encoded] = matchedDigest.split(":");
    const size = digestAlgorithms[algorithm];
    if (size === undefined) return { ok: false, error: "unsupported digest algorithm" };
    if (encoded.length !== size) return { ok: false, error: "invalid checksum digest length" };
    if (!/^[a-f0-9]+$/.test(encoded)) return { ok: false, error: "invalid checksum digest format" };
  }
  const path = matchedName.slice(domain.length + 1);
  const normalized =
    matchedName +
    (matchedTag !== undefined ? `:${matchedTag}` : "") +
    (matchedDigest !== undefined ? `@${matchedDigest}` : "");
  return {
    ok: true,
    ref: { domain, path, tag: matchedTag, digest: matchedDigest, normalized },
  };
}
