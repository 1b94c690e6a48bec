import * as assert from "assert";
import { createHash } from "crypto";
import { DNS1123_LABEL_MAX, derivedName, dnsStem, shortHash } from "../../components/common/naming";
import { isDns1123Label } from "../../components/common/k8sNames";

describe("derived object names (components/common/naming)", () => {
  it("shortHash: the first 8 hex characters of sha256 over the length-prefixed parts", () => {
    const expected = createHash("sha256").update("3:abc").update("0:").digest("hex").slice(0, 8);
    assert.strictEqual(shortHash("abc", ""), expected);
    assert.match(shortHash(), /^[0-9a-f]{8}$/);
    // Length prefixes tell the part boundaries apart.
    assert.notStrictEqual(shortHash("ab", "c"), shortHash("a", "bc"));
    assert.notStrictEqual(shortHash("a:b"), shortHash("a", "b"));
    assert.notStrictEqual(shortHash("a", ""), shortHash("a"));
    assert.strictEqual(shortHash("x", "y"), shortHash("x", "y"), "stable");
  });

  it("dnsStem: lower-cased, each run of other characters one '-', none at either end", () => {
    const cases: [string, string][] = [
      ["nginx", "nginx"],
      ["Nginx", "nginx"],
      ["docker.io/library/nginx:1.27", "docker-io-library-nginx-1-27"],
      ["ghcr.io/org/app@sha256:abc", "ghcr-io-org-app-sha256-abc"],
      ["__a__b__", "a-b"],
      ["--a--", "a"],
      ["a--b", "a-b"],
      ["über", "ber"],
      ["", ""],
      ["___", ""],
    ];
    assert.strictEqual(cases.length, 10);
    for (const [s, stem] of cases) assert.strictEqual(dnsStem(s), stem, s);
  });

  it("derivedName: stem and hash, a DNS-1123 label within max characters", () => {
    assert.strictEqual(DNS1123_LABEL_MAX, 63);
    const id = ["nginx:1.27"];
    const h = shortHash(...id);
    assert.strictEqual(derivedName("warm-nginx", id), `warm-nginx-${h}`);
    const long = "a".repeat(100);
    assert.strictEqual(derivedName(long, id), `${"a".repeat(54)}-${h}`);
    assert.strictEqual(derivedName(long, id).length, 63);
    assert.strictEqual(derivedName(long, id, 57).length, 57, "room for a controller's suffix");
    // A cut that ends in '-' drops it: no '--' before the hash.
    assert.strictEqual(derivedName(`${"a".repeat(53)}-b`, id), `${"a".repeat(53)}-${h}`);
    assert.strictEqual(derivedName("", id), `x-${h}`);
    assert.strictEqual(derivedName("!!!", id), `x-${h}`);
    for (const stem of ["Warm Nginx", long, "", "a.b_c", "-x-"]) {
      for (const max of [63, 57, 20]) {
        const n = derivedName(stem, id, max);
        assert.ok(isDns1123Label(n) && n.length <= max, `${stem} ${max}: ${n}`);
      }
    }
  });

  it("derivedName: the same identity gives the same name, another identity another", () => {
    assert.strictEqual(derivedName("w", ["a", "b"]), derivedName("w", ["a", "b"]));
    assert.notStrictEqual(derivedName("w", ["a", "b"]), derivedName("w", ["a", "c"]));
    assert.notStrictEqual(derivedName("w", ["ab"]), derivedName("w", ["a", "b"]));
    // The stem is for readers only: the hash is of the identity.
    assert.strictEqual(derivedName("w", ["a"]).slice(-8), derivedName("v", ["a"]).slice(-8));
  });
});
