import * as assert from "assert";
import { z } from "zod";
import { planWarm } from "../../components/kruise/warmPlan";
import {
  COMPLETION_GRACE_SECONDS,
  DEFAULT_WARM_NAMESPACE,
  JobShape,
  PEAK_EGRESS_ANNOTATION,
  WAIT_FOR_COMPLETION,
  checkSelectableCompletion,
  checkWarmCompletion,
  jobPlan,
  oneShotWait,
  planJobs,
  pulumiOwnedTtlSchema,
  selectableDeadline,
  waitSecondsFor,
  warmAnnotations,
  warmArgsShape,
  warmIdentitySchema,
  warmJobManifest,
  warmTemplate,
} from "../../components/kruise/warmJobs";
import { warmJobResourceName } from "../../components/kruise/warmIdentity";
import { KRUISE_CRDS, crdErrors } from "../support/crdSchema";
import { LABELS, NGINX } from "./helpers";

const REDIS = "docker.io/library/redis:7.4.1";
const OWNER = { kind: "BaseImageWarm", name: "base" };
const ALWAYS: JobShape = { completionPolicy: { type: "Always", activeDeadlineSeconds: 1800 } };

/** The common args parsed, as a warm component parses them (default parallelism 5). */
function common(args: Record<string, unknown> = {}) {
  return z.strictObject(warmArgsShape(5)).parse({ images: [NGINX], ...args });
}

/** The issues `check` raises, as `path: message`. */
function issues(check: (ctx: z.RefinementCtx) => void): string[] {
  const r = z
    .unknown()
    .superRefine((_, ctx) => check(ctx))
    .safeParse(null);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("the jobs of the warm components (components/kruise/warmJobs)", () => {
  it("the common args: Kruise's defaults written out, the component's parallelism", () => {
    assert.deepStrictEqual(common(), {
      images: [NGINX],
      apiVersion: "apps.kruise.io/v1alpha1",
      namespace: DEFAULT_WARM_NAMESPACE,
      parallelism: 5,
      pullPolicy: { timeoutSeconds: 600, backoffLimit: 3 },
      imagePullPolicy: "IfNotPresent",
    });
    assert.strictEqual(DEFAULT_WARM_NAMESPACE, "default");
    assert.strictEqual(common({ parallelism: 0 }).parallelism, 0, "0 pauses; not the default");
    assert.strictEqual(common({ parallelism: "7" }).parallelism, 7);
  });

  it("warmIdentitySchema: the naming args only, the others passed through unchecked", () => {
    const parsed = warmIdentitySchema.parse({ images: [NGINX], namespace: 7 });
    assert.deepStrictEqual(parsed, {
      images: [NGINX],
      namespace: 7,
      apiVersion: "apps.kruise.io/v1alpha1",
    });
    assert.strictEqual(warmIdentitySchema.safeParse({ images: ["nginx"] }).success, false);
    assert.strictEqual(
      warmIdentitySchema.safeParse({ images: [NGINX], pullSecrets: ["Bad_Name"] }).success,
      false,
    );
  });

  it("planJobs: one job per image, in order, named from plain values", () => {
    const identity = warmIdentitySchema.parse({ images: [NGINX, REDIS], pullSecrets: ["reg"] });
    assert.deepStrictEqual(planJobs(OWNER, identity), [
      {
        image: NGINX,
        resourceName: warmJobResourceName(OWNER, NGINX, ["reg"], "apps.kruise.io/v1alpha1"),
      },
      {
        image: REDIS,
        resourceName: warmJobResourceName(OWNER, REDIS, ["reg"], "apps.kruise.io/v1alpha1"),
      },
    ]);
  });

  it("warmTemplate: every spec field but the image, none undefined", () => {
    const c = common({ pullSecrets: ["reg"], labels: { a: "b" } });
    assert.deepStrictEqual(warmTemplate(c, ALWAYS), {
      pullSecrets: ["reg"],
      parallelism: 5,
      pullPolicy: { timeoutSeconds: 600, backoffLimit: 3 },
      completionPolicy: { type: "Always", activeDeadlineSeconds: 1800 },
      imagePullPolicy: "IfNotPresent",
    });
    const pool = { ...ALWAYS, selector: { matchLabels: { pool: "gpu" } } };
    assert.deepStrictEqual(warmTemplate(common(), pool).selector, { matchLabels: { pool: "gpu" } });
  });

  it("warmAnnotations: Pulumi's wait when it waits, the planned egress when planned, else none", () => {
    assert.strictEqual(WAIT_FOR_COMPLETION, "jsonpath={.status.completionTime}");
    assert.strictEqual(warmAnnotations(ALWAYS, undefined), undefined);
    assert.deepStrictEqual(warmAnnotations({ ...ALWAYS, waitSeconds: 1920 }, undefined), {
      "pulumi.com/waitFor": WAIT_FOR_COMPLETION,
      "pulumi.com/timeoutSeconds": "1920",
    });
    const plan = planWarm({ expectedNodes: 10, imageSizeMiB: 100 }, 5, 1800);
    assert.deepStrictEqual(warmAnnotations(ALWAYS, plan), {
      [PEAK_EGRESS_ANNOTATION]: String(plan.peakEgressMiBPerSecond),
    });
    assert.strictEqual(PEAK_EGRESS_ANNOTATION, "kruise-devops.io/peak-egress-mibps");
  });

  it("jobPlan: only with plan, from the parallelism and the deadline", () => {
    assert.strictEqual(jobPlan(common(), ALWAYS), undefined);
    const inputs = { expectedNodes: 40, imageSizeMiB: 200 };
    assert.deepStrictEqual(jobPlan(common({ plan: inputs }), ALWAYS), planWarm(inputs, 5, 1800));
  });

  it("warmJobManifest: one valid ImagePullJob, labelled, annotated, named from its identity", () => {
    const c = common({ labels: { team: "ci" }, plan: { expectedNodes: 4, imageSizeMiB: 50 } });
    const [job] = planJobs(OWNER, warmIdentitySchema.parse({ images: [NGINX] }));
    const m = warmJobManifest(OWNER, c, { ...ALWAYS, waitSeconds: 1920 }, job);
    assert.deepStrictEqual(crdErrors(KRUISE_CRDS, m), []);
    assert.strictEqual(m.spec.image, NGINX);
    assert.strictEqual(m.metadata.namespace, "default");
    assert.deepStrictEqual(m.metadata.labels, { team: "ci", ...LABELS("baseimagewarm", "base") });
    assert.deepStrictEqual(Object.keys(m.metadata.annotations ?? {}).sort(), [
      PEAK_EGRESS_ANNOTATION,
      "pulumi.com/timeoutSeconds",
      "pulumi.com/waitFor",
    ]);
    assert.match(m.metadata.name, /^base-nginx-1-27-[0-9a-f]{8}$/);
    const again = warmJobManifest(OWNER, c, { ...ALWAYS, waitSeconds: 1920 }, job);
    assert.strictEqual(again.metadata.name, m.metadata.name, "stable");
    const edited = warmJobManifest(OWNER, common({ parallelism: 9 }), ALWAYS, job);
    assert.notStrictEqual(edited.metadata.name, m.metadata.name, "a one-shot edit is a new job");
  });

  it("pulumiOwnedTtlSchema: any ttlSecondsAfterFinished is refused, with the refresh it causes", () => {
    assert.strictEqual(pulumiOwnedTtlSchema.safeParse(undefined).success, true);
    for (const ttl of [0, 600, "600", null]) {
      const r = pulumiOwnedTtlSchema.safeParse(ttl);
      assert.ok(!r.success, JSON.stringify(ttl));
      assert.match(
        r.error.issues[0].message,
        new RegExp(
          `^\\(${JSON.stringify(ttl)}\\) would make Kruise delete a job Pulumi owns — .*\`pulumi refresh\` then forgets it`,
        ),
      );
    }
  });

  it("checkWarmCompletion: Kruise's rules on the warm's own arg paths", () => {
    assert.deepStrictEqual(
      issues((ctx) => checkWarmCompletion(ctx, "Always", 600, 600)),
      [],
    );
    assert.deepStrictEqual(
      issues((ctx) => checkWarmCompletion(ctx, "Always", undefined, 600)),
      [],
    );
    const short = issues((ctx) => checkWarmCompletion(ctx, "Always", 300, 600));
    assert.strictEqual(short.length, 1);
    assert.match(
      short[0],
      /^activeDeadlineSeconds: \(300\) must be ≥ pullPolicy\.timeoutSeconds \(600\) — /,
    );
    const never = issues((ctx) => checkWarmCompletion(ctx, "Never", 1800, 600));
    assert.strictEqual(never.length, 1);
    assert.match(
      never[0],
      /^activeDeadlineSeconds: is set on a job with completion policy 'Never'/,
    );
  });

  it("selectableDeadline: the default for Always only; a Never deadline kept for the rules", () => {
    const cases: [string, number | undefined, number | undefined][] = [
      ["Always", undefined, 1800],
      ["Always", 900, 900],
      ["Never", undefined, undefined],
      ["Never", 900, 900],
    ];
    assert.strictEqual(cases.length, 4);
    for (const [completionPolicy, activeDeadlineSeconds, want] of cases) {
      assert.strictEqual(
        selectableDeadline({ completionPolicy, activeDeadlineSeconds }, 1800),
        want,
        `${completionPolicy} ${activeDeadlineSeconds}`,
      );
    }
  });

  it("checkSelectableCompletion: waitForCompletion refused with Never, naming the warm", () => {
    const a = (completionPolicy: string, waitForCompletion: boolean) => ({
      completionPolicy,
      waitForCompletion,
      pullPolicy: { timeoutSeconds: 600 },
    });
    const what = { warm: "a PoolWarm", object: "ImagePullJob" };
    assert.deepStrictEqual(
      issues((ctx) => checkSelectableCompletion(ctx, a("Always", true), 1800, what)),
      [],
    );
    assert.deepStrictEqual(
      issues((ctx) => checkSelectableCompletion(ctx, a("Never", false), undefined, what)),
      [],
    );
    assert.deepStrictEqual(
      issues((ctx) => checkSelectableCompletion(ctx, a("Never", true), undefined, what)),
      [
        "waitForCompletion: is true on a PoolWarm with completion policy 'Never' — Kruise never sets status.completionTime on a Never ImagePullJob, so `pulumi up` would wait until it times out; drop waitForCompletion, or use completionPolicy 'Always'",
      ],
    );
    assert.strictEqual(
      issues((ctx) => checkSelectableCompletion(ctx, a("Never", true), 900, what)).length,
      2,
      "Kruise's rule and the wait",
    );
  });

  it("oneShotWait and waitSecondsFor: the deadline plus 120 s, 0 failed nodes unless given", () => {
    assert.strictEqual(COMPLETION_GRACE_SECONDS, 120);
    assert.strictEqual(waitSecondsFor(true, 1800), 1920);
    assert.strictEqual(waitSecondsFor(false, 1800), undefined);
    assert.deepStrictEqual(oneShotWait({ waitForCompletion: false, maxFailedNodes: 3 }, 1800), {});
    assert.deepStrictEqual(oneShotWait({ waitForCompletion: true }, 600), {
      waitSeconds: 720,
      maxFailedNodes: 0,
    });
    assert.deepStrictEqual(oneShotWait({ waitForCompletion: true, maxFailedNodes: "1%" }, 600), {
      waitSeconds: 720,
      maxFailedNodes: "1%",
    });
  });
});
