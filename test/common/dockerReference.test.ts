import * as assert from "assert";
import { parseNormalizedNamed } from "../../components/common/dockerReference";

const hex64 = "a".repeat(64);

describe("parseNormalizedNamed (docker/distribution v2.8.2, as Kruise calls it)", () => {
  // Results verified upstream against the real Go module (see the closing note of issue 2).
  const accepted: [string, string][] = [
    ["nginx", "docker.io/library/nginx"],
    ["nginx:1.27", "docker.io/library/nginx:1.27"],
    ["docker.io/nginx", "docker.io/library/nginx"],
    ["index.docker.io/nginx", "docker.io/library/nginx"],
    ["nginx:LATEST", "docker.io/library/nginx:LATEST"],
    ["Registry.Example.com/foo", "Registry.Example.com/foo"],
    ["localhost/foo", "localhost/foo"],
    ["localhost:5000/foo:1", "localhost:5000/foo:1"],
    ["a--b/c__d", "docker.io/a--b/c__d"],
    [`nginx:1.0@sha256:${hex64}`, `docker.io/library/nginx:1.0@sha256:${hex64}`],
    ["ghcr.io/acme/team/app:v1.4.2", "ghcr.io/acme/team/app:v1.4.2"],
  ];
  for (const [input, normalized] of accepted) {
    it(`accepts ${input}`, () => {
      const r = parseNormalizedNamed(input);
      assert.ok(r.ok, JSON.stringify(r));
      assert.strictEqual(r.ref.normalized, normalized);
    });
  }

  const rejected: [string, string][] = [
    ["Nginx", "invalid reference format: repository name must be lowercase"],
    ["foo/Bar:v1", "invalid reference format: repository name must be lowercase"],
    [`nginx@sha256:${"A".repeat(64)}`, "invalid checksum digest format"],
    [`nginx@sha256:${"a".repeat(32)}`, "invalid checksum digest length"],
    [`nginx@md5:${"a".repeat(32)}`, "unsupported digest algorithm"],
    [hex64, `invalid repository name (${hex64}), cannot specify 64-byte hexadecimal strings`],
    ["nginx:", "invalid reference format"],
    [" nginx", "invalid reference format"],
    ["a___b", "invalid reference format"],
    [`nginx:${"t".repeat(129)}`, "invalid reference format"],
    ["[::1]:5000/foo", "invalid reference format"],
  ];
  for (const [input, error] of rejected) {
    it(`rejects ${input.slice(0, 40)} with "${error.slice(0, 50)}"`, () => {
      assert.deepStrictEqual(parseNormalizedNamed(input), { ok: false, error });
    });
  }

  it("limits the whole normalized name, domain included, to 255 characters", () => {
    assert.ok(parseNormalizedNamed("a".repeat(237)).ok);
    assert.deepStrictEqual(parseNormalizedNamed("a".repeat(238)), {
      ok: false,
      error: "repository name must not be more than 255 characters",
    });
  });

  it("splits domain, path, tag and digest", () => {
    const r = parseNormalizedNamed(`registry.local:5000/team/app:v2@sha256:${hex64}`);
    assert.ok(r.ok);
    assert.deepStrictEqual(
      { domain: r.ref.domain, path: r.ref.path, tag: r.ref.tag, digest: r.ref.digest },
      { domain: "registry.local:5000", path: "team/app", tag: "v2", digest: `sha256:${hex64}` },
    );
  });

  it("stays linear on long invalid names (no catastrophic backtracking)", () => {
    // A backtracking engine on upstream's `[-]*` separator would not finish this in a lifetime.
    assert.strictEqual(parseNormalizedNamed(`${"a".repeat(5000)}!`).ok, false);
    assert.strictEqual(parseNormalizedNamed(`${"a-".repeat(2000)}A`).ok, false);
  });
});
