import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
  CompletionPolicyType,
  ImagePullJobApiVersion,
  ResolvedImagePullJobSpec,
} from "../../components/kruise/imagePullJobTypes";
import {
  WARM_JOB_IDENTITY,
  identityOf,
  imageStem,
  warmJobObjectName,
  warmJobResourceName,
} from "../../components/kruise/warmIdentity";
import { sortedValues } from "../../components/common/values";

const v1alpha1 = ImagePullJobApiVersion.V1alpha1;
const NGINX = "docker.io/library/nginx:1.27";
const SIDECAR = { kind: "SidecarWarm", name: "web" };

const spec = (type: CompletionPolicyType): ResolvedImagePullJobSpec => ({
  image: NGINX,
  selector: { matchLabels: { pool: "a" } },
  parallelism: 10,
  pullPolicy: { timeoutSeconds: 600, backoffLimit: 3 },
  completionPolicy:
    type === CompletionPolicyType.Always
      ? { type, activeDeadlineSeconds: 1800 }
      : { type: CompletionPolicyType.Never },
  imagePullPolicy: "IfNotPresent",
});

/** An edit of each spec field, as a user would make it. */
const EDITS: Record<string, (s: ResolvedImagePullJobSpec) => ResolvedImagePullJobSpec> = {
  image: (s) => ({ ...s, image: "docker.io/library/nginx:1.28" }),
  pullSecrets: (s) => ({ ...s, pullSecrets: ["creds"] }),
  selector: (s) => ({ ...s, selector: { matchLabels: { pool: "b" } } }),
  podSelector: ({ selector: _s, ...s }) => ({ ...s, podSelector: { matchLabels: { app: "w" } } }),
  parallelism: (s) => ({ ...s, parallelism: 50 }),
  completionPolicy: (s) => ({
    ...s,
    completionPolicy:
      s.completionPolicy.type === CompletionPolicyType.Always
        ? { ...s.completionPolicy, activeDeadlineSeconds: 3600 }
        : { type: CompletionPolicyType.Always, activeDeadlineSeconds: 1800 },
  }),
  pullPolicy: (s) => ({ ...s, pullPolicy: { timeoutSeconds: 300, backoffLimit: 3 } }),
  imagePullPolicy: (s) => ({ ...s, imagePullPolicy: "Always" }),
  sandboxConfig: (s) => ({ ...s, sandboxConfig: { labels: { team: "x" } } }),
};

describe("warm job identity (components/kruise/warmIdentity)", () => {
  it("the table covers every field of the spec, each edit case once", () => {
    const fields = WARM_JOB_IDENTITY.map((r) => r.field).sort();
    assert.deepStrictEqual(fields, Object.keys(EDITS).sort());
    assert.strictEqual(new Set(fields).size, fields.length);
  });

  for (const row of WARM_JOB_IDENTITY) {
    for (const type of [CompletionPolicyType.Always, CompletionPolicyType.Never]) {
      const want = type === CompletionPolicyType.Always ? row.always : row.never;
      it(`${type}: an edit of ${row.field} → ${want}`, () => {
        const before = spec(type);
        const after = EDITS[row.field](before);
        assert.notDeepStrictEqual(after, before, "the edit changes the spec");
        const [a, b] = [before, after].map((s) => warmJobObjectName(SIDECAR, v1alpha1, s));
        if (want === "new job") assert.notStrictEqual(b, a);
        else assert.strictEqual(b, a);
      });
    }
  }

  it("identityOf: a Never job leaves out what Kruise re-reads on every reconcile", () => {
    const never = spec(CompletionPolicyType.Never);
    assert.deepStrictEqual(Object.keys(identityOf(never)).sort(), [
      "completionPolicy",
      "image",
      "imagePullPolicy",
      "pullPolicy",
    ]);
    const always = spec(CompletionPolicyType.Always);
    assert.deepStrictEqual(Object.keys(identityOf(always)).sort(), [
      "completionPolicy",
      "image",
      "imagePullPolicy",
      "parallelism",
      "pullPolicy",
      "selector",
    ]);
  });

  it("object names: readable, deterministic, ≤ 63 characters, whatever the key order", () => {
    const s = spec(CompletionPolicyType.Always);
    const n = warmJobObjectName(SIDECAR, v1alpha1, s);
    assert.match(n, /^web-nginx-1-27-[0-9a-f]{8}$/);
    const reordered = sortedValues(s);
    assert.strictEqual(warmJobObjectName(SIDECAR, v1alpha1, reordered), n);
    assert.strictEqual(
      warmJobObjectName(SIDECAR, v1alpha1, {
        ...s,
        pullPolicy: { backoffLimit: 3, timeoutSeconds: 600 },
      }),
      n,
    );
    const long = warmJobObjectName(
      { kind: "PoolWarm", name: "a-very-long-component-name-that-goes-on-and-on" },
      v1alpha1,
      { ...s, image: `registry.example.com/${"x".repeat(200)}:${"v".repeat(120)}` },
    );
    assert.ok(long.length <= 63, long);
    assert.match(long, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    assert.match(
      warmJobObjectName(SIDECAR, v1alpha1, {
        ...s,
        image: `istio/proxyv2@sha256:${"0".repeat(64)}`,
      }),
      /^web-proxyv2-digest-[0-9a-f]{8}$/,
    );
    assert.strictEqual(imageStem("not a reference"), "image");
  });

  it("names never collide across kinds, names differing in case, or API versions", () => {
    const s = spec(CompletionPolicyType.Always);
    const owners = [
      { kind: "BaseImageWarm", name: "web" },
      { kind: "SidecarWarm", name: "web" },
      { kind: "PoolWarm", name: "platform-pool-gpu" },
      { kind: "PoolWarm", name: "platform-pool-GPU" },
    ];
    const objects = owners.map((o) => warmJobObjectName(o, v1alpha1, s));
    const resources = owners.map((o) => warmJobResourceName(o, NGINX, [], v1alpha1));
    assert.strictEqual(new Set(objects).size, owners.length, objects.join(" "));
    assert.strictEqual(new Set(resources).size, owners.length, resources.join(" "));
    assert.notStrictEqual(
      warmJobObjectName(SIDECAR, ImagePullJobApiVersion.V1beta1, s),
      warmJobObjectName(SIDECAR, v1alpha1, s),
    );
  });

  it("resource names (URNs) change with the image, pull secrets and API version only", () => {
    const n = warmJobResourceName(SIDECAR, NGINX, [], v1alpha1);
    assert.match(n, /^web-nginx-1-27-[0-9a-f]{8}$/);
    assert.strictEqual(warmJobResourceName(SIDECAR, NGINX, [], v1alpha1), n);
    for (const other of [
      warmJobResourceName(SIDECAR, "docker.io/library/nginx:1.28", [], v1alpha1),
      warmJobResourceName(SIDECAR, NGINX, ["creds"], v1alpha1),
      warmJobResourceName(SIDECAR, NGINX, [], ImagePullJobApiVersion.V1beta1),
    ]) {
      assert.notStrictEqual(other, n);
    }
  });

  it("the README's table says what the code does, row by row", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, "..", "..", "..", "README.md"), "utf8");
    const rows = readme
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l.startsWith("| `"))
      .map((l) =>
        l
          .slice(1, -1)
          .split("|")
          .map((c) => c.trim()),
      );
    for (const row of WARM_JOB_IDENTITY) {
      const want = [`\`${row.field}\``, row.always, row.never, row.why];
      assert.ok(
        rows.some((r) => JSON.stringify(r) === JSON.stringify(want)),
        `README lacks the row: ${want.join(" | ")}`,
      );
    }
  });
});
