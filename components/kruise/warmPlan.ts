/**
 * The warm planner: from the node count, `parallelism`, the image size and an assumed per-node
 * pull rate, how long a warm takes on Kruise's ImagePullJob controller and the registry egress it
 * makes at its peak. Pure.
 *
 * The model (docs: "Sizing a warm" in the README; the facts in shared/docs/kruise-at-scale.md,
 * checked here by bench/warmScale.ts against the real kruise-manager):
 * - one reconcile per job at a time hands the image to at most `parallelism − active` nodes, each
 *   hand-out one NodeImage update through kruise-manager's rate-limited client (`--rest-config-qps`,
 *   30/s by default, burst 50), so nodes get the image at most `Q` a second, whatever
 *   `parallelism` is;
 * - a node's cycle `T` is its pull (size / rate), the node agent's report delay (kruise-daemon
 *   rechecks every 3–5 s) and the controller's own part (about 0.2 s);
 * - so the warm takes `max(ceil(N / P) · T, max(0, N − burst) / Q + T)`: `parallelism` nodes a
 *   cycle, round after round, or the client's token bucket (the burst at once, then `Q` a second)
 *   handing out the last node, which has the image `T` later, whichever is slower.
 *   (shared/docs/kruise-at-scale.md writes it `t_first + N / min(P / T, Q) + T` with
 *   `t_first = max(0, P − burst) / Q`; this form fits its measured table better, all five runs
 *   within 5% against 19% off at 1,000 × 200, and our own runs of bench/warmScale.ts.)
 * - the pulls in flight at the peak are `min(P, N, Q·T)`, each at the assumed rate.
 */

import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ruleIssue } from "../common/errors";

/** Kruise's default client limits (kruise-manager `--rest-config-qps`, `--rest-config-burst`). */
export const KRUISE_CLIENT_QPS = 30;
export const KRUISE_CLIENT_BURST = 50;

/** What the controller adds to each node's cycle, seconds (measured, kruise-at-scale.md). */
export const CONTROLLER_SECONDS_PER_NODE = 0.2;

/** The margin the planner keeps over its estimate before it calls a deadline enough. */
export const PLAN_MARGIN = 1.15;

/**
 * What the caller knows of the warm: the `plan` arg of the warm components (every field takes an
 * Input there); the planner ({@link planWarm}) takes it resolved.
 */
export interface WarmPlanInputs {
  /**
   * The nodes the job will select: the cluster's size for a cluster-wide warm, the pool's for a
   * pool. Maps to nothing in the job: Kruise counts them at run time (`status.desired`).
   */
  expectedNodes: pulumi.Input<number>;
  /** The image's compressed size in MiB (what each node downloads). */
  imageSizeMiB: pulumi.Input<number>;
  /** The assumed download rate of one node from the registry, MiB/s. Maps to no job field. @default 20 */
  pullMiBPerSecond?: pulumi.Input<number>;
  /**
   * Seconds between a node finishing its pull and Kruise seeing it: kruise-daemon rechecks every
   * 3–5 s. @default 2
   */
  nodeReportSeconds?: pulumi.Input<number>;
  /**
   * Nodes a second kruise-manager can hand the image out at: its client QPS
   * (`--rest-config-qps`, KruiseOperator `manager.clientQps`), or, raised past that, the rate of
   * its serial NodeImage updates (upstream measured about 57/s on 2 cores with 300/s): give the
   * smaller. @default 30
   */
  controllerQps?: pulumi.Input<number>;
  /** kruise-manager's client burst (`--rest-config-burst`). @default 50 */
  controllerBurst?: pulumi.Input<number>;
}

/** {@link WarmPlanInputs} resolved: what the planner reads. */
export type ResolvedWarmPlanInputs = pulumi.Unwrap<WarmPlanInputs>;

/** Which term of a plan's estimate is the larger (`limitedBy` of `WarmPlan`). */
export const WarmPlanLimit = {
  /** Rounds of `parallelism` nodes: raising `parallelism` makes the warm faster. */
  Parallelism: "parallelism",
  /** kruise-manager's client rate (`--rest-config-qps`): raising `parallelism` does not help. */
  ControllerClient: "controller client",
} as const;
/** One of {@link WarmPlanLimit}. */
export type WarmPlanLimit = (typeof WarmPlanLimit)[keyof typeof WarmPlanLimit];

/** The plan of one job (a component's `plan` output). */
export interface WarmPlan {
  nodes: number;
  parallelism: number;
  /** One node's download, seconds. */
  pullSeconds: number;
  /** One node's whole cycle `T`: download, report delay, controller. */
  cycleSeconds: number;
  /** Nodes handed the image per second at most: `min(P / T, Q)`. */
  nodesPerSecond: number;
  /** Which term of the estimate is the larger: rounds of `parallelism`, or the client's limit. */
  limitedBy: WarmPlanLimit;
  /** Past this parallelism (`Q·T`) nothing gets faster. */
  usefulParallelism: number;
  /** The estimated time from the job's start to its last node, seconds; absent when paused (parallelism 0). */
  estimatedSeconds?: number;
  /** The job's `activeDeadlineSeconds`, when it has one. */
  deadlineSeconds?: number;
  /** Pulls in flight at the peak. */
  peakConcurrentPulls: number;
  /** Registry egress at the peak, MiB/s. */
  peakEgressMiBPerSecond: number;
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The filled-in inputs, with one node's download (`pull`) and whole cycle `T` (`cycle`). */
function resolved(i: ResolvedWarmPlanInputs) {
  const rate = i.pullMiBPerSecond ?? 20;
  const pull = i.imageSizeMiB / rate;
  const qps = i.controllerQps ?? KRUISE_CLIENT_QPS;
  const cycle = pull + (i.nodeReportSeconds ?? 2) + CONTROLLER_SECONDS_PER_NODE;
  return {
    nodes: i.expectedNodes,
    rate,
    pull,
    cycle,
    qps,
    burst: i.controllerBurst ?? KRUISE_CLIENT_BURST,
    // Q·T, without the float's tail (30 × 32.2 is 966.0000000000001).
    qt: round(qps * cycle, 6),
  };
}

type Resolved = ReturnType<typeof resolved>;

/** The two terms of the estimate: rounds of `parallelism`, and the client's token bucket. */
function terms(r: Resolved, parallelism: number) {
  return {
    byParallelism: Math.ceil(r.nodes / parallelism) * r.cycle,
    byClient: Math.max(0, r.nodes - r.burst) / r.qps + r.cycle,
  };
}

/** The estimated seconds for `nodes` at `parallelism` (unrounded). */
function estimate(r: Resolved, parallelism: number): number {
  if (r.nodes === 0) return 0;
  if (parallelism === 0) return Infinity;
  const t = terms(r, parallelism);
  return Math.max(t.byParallelism, t.byClient);
}

/** The plan of a warm of `inputs` at `parallelism`, with `deadlineSeconds` when it has one. */
export function planWarm(
  inputs: ResolvedWarmPlanInputs,
  parallelism: number,
  deadlineSeconds?: number,
): WarmPlan {
  const r = resolved(inputs);
  const inFlight = Math.min(parallelism, r.nodes, r.qt);
  const t = terms(r, Math.max(parallelism, 1));
  return {
    nodes: r.nodes,
    parallelism,
    pullSeconds: round(r.pull),
    cycleSeconds: round(r.cycle),
    nodesPerSecond: round(Math.min(parallelism / r.cycle, r.qps), 2),
    limitedBy:
      t.byParallelism >= t.byClient ? WarmPlanLimit.Parallelism : WarmPlanLimit.ControllerClient,
    usefulParallelism: Math.ceil(r.qt),
    ...(parallelism === 0
      ? {}
      : { estimatedSeconds: Math.ceil(round(estimate(r, parallelism), 6)) }),
    ...(deadlineSeconds === undefined ? {} : { deadlineSeconds }),
    peakConcurrentPulls: Math.ceil(inFlight),
    peakEgressMiBPerSecond: round(inFlight * r.rate),
  };
}

/** What a one-shot warm needs to finish by its deadline, when its plan says it will not. */
export interface PlanShortfall {
  /** The deadline that covers the estimate with the margin. */
  deadlineSeconds: number;
  /** The smallest parallelism that makes the deadline, or undefined when none does. */
  parallelism?: number;
}

/**
 * Undefined when the plan's estimate, with {@link PLAN_MARGIN}, fits its deadline; else what to
 * raise: the deadline, and the parallelism that would do (none past the controller's limit).
 */
export function planShortfall(
  inputs: ResolvedWarmPlanInputs,
  plan: WarmPlan,
): PlanShortfall | undefined {
  if (plan.deadlineSeconds === undefined) return undefined;
  const r = resolved(inputs);
  const fits = (p: number) => estimate(r, p) * PLAN_MARGIN <= plan.deadlineSeconds!;
  if (fits(plan.parallelism)) return undefined;
  const deadlineSeconds = Math.ceil(round(estimate(r, plan.parallelism) * PLAN_MARGIN, 6));
  // The estimate falls as parallelism grows, until the client's limit takes over at about Q·T:
  // past that nothing gets faster.
  const top = Math.max(1, Math.ceil(r.qt));
  for (let p = Math.max(1, plan.parallelism); p <= top; p++) {
    if (fits(p)) return { deadlineSeconds, parallelism: p };
  }
  return { deadlineSeconds };
}

const positive = (what: string) =>
  z.number().refine((n) => Number.isFinite(n) && n > 0, {
    ...ruleIssue(
      "is not a positive number",
      `the planner divides by ${what}`,
      `give ${what} as a number above 0`,
    ),
  });
const wholeAtLeast = (min: number) =>
  z.number().refine((n) => Number.isSafeInteger(n) && n >= min, {
    ...ruleIssue(
      `is not a whole number ≥ ${min}`,
      "nodes, queries per second and bursts are counted in whole numbers",
      `give a whole number ≥ ${min}`,
    ),
  });

/** The schema of {@link WarmPlanInputs}. */
export const warmPlanInputsSchema = z.strictObject({
  expectedNodes: wholeAtLeast(0),
  imageSizeMiB: positive("the image size"),
  pullMiBPerSecond: positive("the pull rate").optional(),
  nodeReportSeconds: z
    .number()
    .refine((n) => Number.isFinite(n) && n >= 0, {
      ...ruleIssue("is negative", "a delay is 0 s or more", "give seconds ≥ 0, e.g. 2"),
    })
    .optional(),
  controllerQps: wholeAtLeast(1).optional(),
  controllerBurst: wholeAtLeast(0).optional(),
});

/**
 * Refuses a one-shot warm whose plan does not fit its deadline (with {@link PLAN_MARGIN}),
 * saying which arg to raise and to what. Kruise ends such a job at `activeDeadlineSeconds` and
 * counts every unfinished node as failed.
 */
export function checkPlan(
  ctx: z.RefinementCtx,
  inputs: ResolvedWarmPlanInputs | undefined,
  parallelism: number,
  deadlineSeconds: number | undefined,
): void {
  if (inputs === undefined || deadlineSeconds === undefined) return;
  const plan = planWarm(inputs, parallelism, deadlineSeconds);
  const short = planShortfall(inputs, plan);
  if (!short) return;
  const estimate =
    plan.estimatedSeconds === undefined
      ? "never finishes (parallelism 0 pauses it)"
      : `takes about ${plan.estimatedSeconds} s (${plan.nodes} nodes at ${plan.nodesPerSecond}/s, limited by ${plan.limitedBy}; a node's cycle ${plan.cycleSeconds} s)`;
  const raise = [
    ...(short.parallelism !== undefined ? [`parallelism to ${short.parallelism}`] : []),
    `activeDeadlineSeconds to ${short.deadlineSeconds}`,
  ].join(", or ");
  const beyond =
    short.parallelism === undefined
      ? `; no parallelism makes it, since kruise-manager hands out at most ${inputs.controllerQps ?? KRUISE_CLIENT_QPS} nodes a second (raise its --rest-config-qps, plan.controllerQps)`
      : "";
  ctx.addIssue({
    code: "custom",
    path: ["activeDeadlineSeconds"],
    ...ruleIssue(
      `(${deadlineSeconds}) cannot cover plan.expectedNodes (${plan.nodes}): the warm ${estimate}`,
      "Kruise ends a one-shot ImagePullJob at activeDeadlineSeconds and counts every unfinished node as failed",
      `raise ${raise}${beyond}`,
    ),
  });
}
