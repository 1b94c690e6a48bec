import * as assert from "assert";
import { resolveImagePullJobSpec } from "../../components/kruise/imagePullJob";
import { ImagePullJobSpec } from "../../components/kruise/imagePullJobTypes";
import { throwsWith } from "../support/expect";

const ok = (spec: ImagePullJobSpec) => resolveImagePullJobSpec("ImagePullJob", "t", spec);
const bad = (spec: unknown, ...fragments: string[]) =>
  throwsWith(
    () => resolveImagePullJobSpec("ImagePullJob", "t", spec as ImagePullJobSpec),
    "ImagePullJob 't': ",
    ...fragments,
  );
const image = "docker.io/library/nginx:1.27";

describe("ImagePullJob webhook rules, mirrored client-side (Kruise 1.9, in upstream order)", () => {
  it("rule 2: selector.names with matchLabels/matchExpressions (even empty) is rejected", () => {
    bad(
      { image, selector: { names: ["n1"], matchLabels: {} } },
      "args.selector.names is set together with matchLabels/matchExpressions",
      "can not set both names and labelSelector",
    );
    bad({ image, selector: { names: ["n1"], matchExpressions: [] } }, "args.selector.names");
    ok({ image, selector: { names: ["n1"] } });
    ok({ image, selector: { matchLabels: { pool: "a" } } });
  });

  it("rule 3: the node label selector must be valid", () => {
    bad(
      { image, selector: { matchExpressions: [{ key: "pool", operator: "In" }] } },
      "args.selector.matchExpressions[0].values is empty but operator is 'In'",
    );
    bad(
      { image, selector: { matchLabels: { "bad key!": "v" } } },
      "args.selector.matchLabels[\"bad key!\"] key 'bad key!' is not a valid label key",
    );
    ok({ image, selector: { matchExpressions: [{ key: "pool", operator: "In", values: ["a"] }] } });
  });

  it("rule 4: selector.names may not repeat", () => {
    bad(
      { image, selector: { names: ["n1", "n2", "n1"] } },
      'args.selector.names[2] ("n1") is listed twice',
      "duplicated name in selector names",
    );
    ok({ image, selector: { names: ["n1", "n2"] } });
  });

  it("rule 5: podSelector with any selector, even {}, is rejected", () => {
    bad(
      { image, selector: {}, podSelector: { matchLabels: { app: "x" } } },
      "args.podSelector is set together with a node selector",
      "can not set both selector and podSelector",
    );
    ok({ image, podSelector: { matchLabels: { app: "x" } } });
  });

  it("rule 6: the podSelector must be valid", () => {
    bad(
      {
        image,
        podSelector: { matchExpressions: [{ key: "app", operator: "Exists", values: ["x"] }] },
      },
      "args.podSelector.matchExpressions[0].values has 1 value(s) but operator is 'Exists'",
    );
    ok({ image, podSelector: { matchExpressions: [{ key: "app", operator: "Exists" }] } });
  });

  it("rule 7: image may not be empty", () => {
    bad({ image: "" }, "args.image is empty", "image can not be empty");
  });

  it("rule 8: image must parse as a normalized docker reference", () => {
    bad(
      { image: "Nginx:1" },
      'args.image ("Nginx:1") is not a valid image reference: invalid reference format: repository name must be lowercase',
      "ParseNormalizedNamed",
    );
    bad({ image: "nginx@sha256:abc" }, "args.image", "invalid reference format");
    ok({ image: "nginx" });
    ok({ image: `nginx@sha256:${"0".repeat(64)}` });
  });

  it("rules 9–11: parallelism is a whole number ≥ 0, never a percentage", () => {
    bad(
      { image, parallelism: "50%" },
      'args.parallelism ("50%") is a percentage',
      "parallelism does not support percentage value",
    );
    bad(
      { image, parallelism: 2.5 },
      "args.parallelism (2.5) is not a whole number",
      "parallelism must be a valid integer",
    );
    // The string form, as Go's strconv.ParseInt(s, 10, 32) reads it: no space, hex or exponent.
    for (const v of [" 10", "10 ", "0x10", "1e3", "1.0", "", "+"]) {
      bad(
        { image, parallelism: v },
        `args.parallelism (${JSON.stringify(v)}) is not a whole number`,
      );
    }
    bad({ image, parallelism: "2147483648" }, 'args.parallelism ("2147483648") is too large');
    assert.strictEqual(ok({ image, parallelism: "+7" }).parallelism, 7);
    bad(
      { image, parallelism: -1 },
      "args.parallelism (-1) is negative",
      "parallelism must be non-negative",
    );
    bad({ image, parallelism: 2 ** 31 }, "args.parallelism (2147483648) is too large");
    assert.strictEqual(ok({ image, parallelism: 0 }).parallelism, 0);
  });

  /**
   * Kruise v1.9.1 pkg/webhook/imagepulljob/validating/imagepulljob_create_update_handler_test.go,
   * TestValidateParallelismV1alpha1 (and V1beta1, the same cases), ported as data: [name,
   * parallelism, upstream's error ("" = admitted)]. Ours must give the same verdict, and a string
   * that passes reaches the manifest as the number.
   */
  const UPSTREAM_PARALLELISM: [string, number | string | undefined, string][] = [
    ["valid integer parallelism", 2, ""],
    ["valid zero parallelism", 0, ""],
    ["invalid negative parallelism", -1, "parallelism must be non-negative"],
    ["invalid percentage parallelism", "50%", "parallelism does not support percentage value"],
    ["valid string integer parallelism", "50", ""],
    ["valid string zero parallelism", "0", ""],
    ["invalid string negative parallelism", "-1", "parallelism must be non-negative"],
    ["invalid string non-numeric parallelism", "abc", "parallelism must be a valid integer"],
    ["nil parallelism", undefined, ""],
  ];
  for (const [name, parallelism, error] of UPSTREAM_PARALLELISM) {
    it(`agrees with Kruise's own parallelism table: ${name}`, () => {
      const spec = parallelism === undefined ? { image } : { image, parallelism };
      if (error === "") {
        const out = ok(spec as any).parallelism;
        assert.strictEqual(out, parallelism === undefined ? 1 : Number(parallelism));
      } else {
        bad(spec as any, error);
      }
    });
  }

  it("rule 12: Always needs activeDeadlineSeconds ≥ pullPolicy.timeoutSeconds (600 when unset)", () => {
    bad(
      { image, completionPolicy: { type: "Always", activeDeadlineSeconds: 300 } },
      "args.completionPolicy.activeDeadlineSeconds (300) must be ≥ pullPolicy.timeoutSeconds (600)",
      "must be greater than pullPolicy.timeoutSeconds(default 600)",
    );
    bad(
      {
        image,
        pullPolicy: { timeoutSeconds: 900 },
        completionPolicy: { activeDeadlineSeconds: 899 },
      },
      "(899) must be ≥ pullPolicy.timeoutSeconds (900)",
    );
    ok({ image, completionPolicy: { type: "Always", activeDeadlineSeconds: 600 } });
    ok({
      image,
      pullPolicy: { timeoutSeconds: 60 },
      completionPolicy: { activeDeadlineSeconds: 60 },
    });
  });

  it("rule 13: Never rejects activeDeadlineSeconds and ttlSecondsAfterFinished", () => {
    bad(
      { image, completionPolicy: { type: "Never", activeDeadlineSeconds: 900 } },
      "args.completionPolicy.activeDeadlineSeconds is set on a job with completion policy 'Never'",
      "can only work with Always CompletionPolicyType",
    );
    bad(
      { image, completionPolicy: { type: "Never", ttlSecondsAfterFinished: 60 } },
      "args.completionPolicy.ttlSecondsAfterFinished is set on a job with completion policy 'Never'",
    );
    ok({ image, completionPolicy: { type: "Never" } });
  });

  it("rule 14: any other completion type is rejected", () => {
    bad(
      { image, completionPolicy: { type: "Sometimes" } },
      'args.completionPolicy.type ("Sometimes") is not a completion policy',
      "unknown type of completionPolicy: Sometimes",
    );
  });

  it("checks the fields Kruise leaves unchecked: timeouts, retries, pull policy, Secret names, unknown keys", () => {
    bad(
      { image, pullPolicy: { timeoutSeconds: 0 } },
      "args.pullPolicy.timeoutSeconds (0) is out of range",
    );
    bad(
      { image, pullPolicy: { backoffLimit: -1 } },
      "args.pullPolicy.backoffLimit (-1) is out of range",
    );
    bad(
      { image, imagePullPolicy: "Never" },
      'args.imagePullPolicy is not one of "Always", "IfNotPresent"',
    );
    bad(
      { image, pullSecrets: ["Registry_Creds"] },
      'args.pullSecrets[0] ("Registry_Creds") is not a Secret name',
    );
    bad({ image, paralelism: 3 }, "args has unknown key(s) 'paralelism'");
    bad(
      { image, completionPolicy: { activeDeadlineSeconds: 0 } },
      "args.completionPolicy.activeDeadlineSeconds (0) is not a positive whole number",
    );
  });

  it("fills in every Kruise default explicitly", () => {
    assert.deepStrictEqual(ok({ image }), {
      image,
      parallelism: 1,
      pullPolicy: { timeoutSeconds: 600, backoffLimit: 3 },
      completionPolicy: { type: "Always" },
      imagePullPolicy: "IfNotPresent",
    });
  });

  it("reports wrong types as errors, never as crashes", () => {
    const wrong: unknown[] = [
      null,
      "nginx",
      { image: 5 },
      { image, selector: { names: "n1" } },
      { image, selector: "all" },
      { image, podSelector: { matchLabels: "x" } },
      { image, pullPolicy: 5 },
      { image, completionPolicy: "Always" },
      { image, selector: { matchExpressions: [null] } },
      { image, sandboxConfig: { labels: { a: 1 } } },
    ];
    for (const w of wrong) {
      const message = bad(w);
      assert.ok(!/TypeError|Cannot read/.test(message), message);
    }
  });
});
