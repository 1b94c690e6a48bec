/**
 * The platform stack against a baseline, on the real engine and a real API server, in one run:
 *
 * - **platform**: the root program (stacks/platform.ts) with stacks/Pulumi.dev.yaml, sources from
 *   the mirror, with the e2e suite's cluster pack (test/e2e/clusterPack);
 * - **baseline**: bench/configgroup-baseline, which applies the very Kubernetes objects the
 *   platform stack applied (its resources' inputs, taken from the first platform run's state)
 *   with one `yaml.v2.ConfigGroup`.
 *
 * Both run as JavaScript (the root program is built by `npm run build`; the baseline is plain
 * JavaScript), by the same CLI and language host. Each `preview` (of an empty stack) and `up` runs
 * on a fresh API server (scripts/e2e/apiserver.sh), platform and baseline alternating; the report
 * gives medians and the ratio platform / baseline, then where the time of each goes:
 *
 * - **boot**: from the command's start to the program's main module starting to load (the CLI,
 *   plugins, the language host, Node and `@pulumi/pulumi`);
 * - **load**: the main module loading (requiring the package, reading the config, constructing
 *   the components: everything before the program's first `await`);
 * - **program**: from there to the program's exit (registrations, and waiting on the engine and
 *   the provider: charts templated, manifests read);
 * - **after**: from the program's exit to the command's end (the engine's last steps, the policy
 *   packs' stack checks, the summary);
 *
 * The program's times come from bench/programTimeline.ts, preloaded into the program's Node
 * process. And what the root program paid before it ran built (`main: stacks/platform.ts`): each
 * round also times, in a Node process of its own, loading the package's entry the program uses
 * (`platformConfig`) from the sources through ts-node with type-checking, as `@pulumi/pulumi`'s
 * runner registers it for a TypeScript main, against loading the same from `dist/`.
 * Run: `npm run bench:platform` (the e2e tools must be built: scripts/e2e/tools.sh).
 * `KD_BENCH_ROUNDS` sets the rounds (default 3).
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import {
  ensureNamespace,
  kubeconfigPath,
  startApiServer,
  stopApiServer,
} from "../test/e2e/support/cluster";
import {
  CLUSTER_PACKS,
  ProjectStack,
  ROOT,
  apiServerConfig,
  e2eStack,
} from "../test/e2e/support/stacks";
import { readTimelines } from "./programTimeline";

const ROUNDS = Number(process.env.KD_BENCH_ROUNDS ?? 3);
const TIMELINES = fs.mkdtempSync(path.join(os.tmpdir(), "kd-bench-timeline-"));
// Every Node process the commands start loads the recorder; only the program's writes.
process.env.KD_TIMELINE_DIR = TIMELINES;
process.env.NODE_OPTIONS = [
  process.env.NODE_OPTIONS,
  `--require ${path.join(__dirname, "programTimeline.js")}`,
]
  .filter(Boolean)
  .join(" ");
const BASELINE = path.join(ROOT, "bench", "configgroup-baseline");

/** The secret wrapper of a decrypted state export (`--show-secrets`). */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

function unwrapSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (v === null || typeof v !== "object") return v;
  const o = v as Record<string, unknown>;
  if (SECRET_SIG in o) return unwrapSecrets(JSON.parse(o.plaintext as string));
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unwrapSecrets(x)]));
}

/** The objects a stack applied: each Kubernetes resource's inputs, secrets in plain text. */
function appliedObjects(deployment: any): unknown[] {
  return (deployment.resources ?? [])
    .filter((r: any) => r.custom && /^kubernetes:[^:]+\/v\w+:/.test(r.type))
    .map((r: any) => unwrapSecrets(r.inputs));
}

/** One command's time, in seconds, and where it went. */
interface Run {
  total: number;
  boot: number;
  load: number;
  program: number;
  after: number;
}

/** Runs one command, timing it and its parts. */
async function timedRun(op: () => Promise<unknown>): Promise<Run> {
  for (const f of fs.readdirSync(TIMELINES)) fs.rmSync(path.join(TIMELINES, f));
  const t0 = Date.now();
  await op();
  const t1 = Date.now();
  const programs = readTimelines(TIMELINES);
  assert.strictEqual(programs.length, 1, `one program process per command, got ${programs.length}`);
  const p = programs[0];
  const s = (ms: number) => ms / 1000;
  return {
    total: s(t1 - t0),
    boot: s(p.mainLoadStart - t0),
    load: s(p.mainLoadEnd - p.mainLoadStart),
    program: s(p.exit - p.mainLoadEnd),
    after: s(t1 - p.exit),
  };
}

interface Times {
  preview: Run[];
  up: Run[];
}

/** preview then up of a new stack on a fresh API server. */
async function measure(stack: (kubeconfig: string) => Promise<ProjectStack>): Promise<{
  preview: Run;
  up: Run;
  ps: ProjectStack;
}> {
  startApiServer();
  try {
    // The application team's namespace the dev stack's pipeline deploys into (as in the e2e suite).
    await ensureNamespace("shop");
    const ps = await stack(kubeconfigPath());
    const preview = await timedRun(() =>
      ps.stack.preview({ configFile: ps.configFile, policyPacks: CLUSTER_PACKS }),
    );
    const up = await timedRun(async () => {
      const res = await ps.stack.up({ configFile: ps.configFile, policyPacks: CLUSTER_PACKS });
      assert.strictEqual(res.summary.result, "succeeded");
    });
    return { preview, up, ps };
  } finally {
    stopApiServer();
  }
}

/**
 * Seconds a fresh Node process takes to load the module the root program imports: from the
 * sources through ts-node, type-checking, with the compiler options `@pulumi/pulumi/cmd/run-plugin`
 * and `cmd/run` give it for a TypeScript main (tsconfig.json's, over their defaults), or built.
 */
function entryLoadSeconds(from: "ts-node" | "dist"): number {
  const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8"));
  const setup =
    from === "ts-node"
      ? `require("ts-node").register({ typeCheck: true, compilerOptions: ${JSON.stringify({
          target: "ES2020",
          module: "nodenext",
          moduleResolution: "nodenext",
          sourceMap: "true",
          ...tsconfig.compilerOptions,
        })} });`
      : "";
  const entry = path.join(
    ROOT,
    ...(from === "ts-node" ? ["components", "platformConfig.ts"] : ["dist", "platformConfig.js"]),
  );
  const code = `${setup} const t = process.hrtime.bigint(); require(${JSON.stringify(entry)}); console.log(Number(process.hrtime.bigint() - t) / 1e9);`;
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return Number(
    execFileSync(process.execPath, ["-e", code], { cwd: ROOT, env, encoding: "utf8" }).trim(),
  );
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "kd-bench-platform-"));
  const objectsFile = path.join(work, "objects.yaml");
  const platform: Times = { preview: [], up: [] };
  const baseline: Times = { preview: [], up: [] };
  let count = 0;
  const load = { tsNode: [] as number[], dist: [] as number[] };
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const p = await measure((kc) =>
        e2eStack(ROOT, "dev", path.join(ROOT, "stacks", "Pulumi.dev.yaml"), apiServerConfig(kc)),
      );
      platform.preview.push(p.preview);
      platform.up.push(p.up);
      if (round === 1) {
        const objects = appliedObjects((await p.ps.stack.exportStack()).deployment);
        count = objects.length;
        fs.writeFileSync(objectsFile, objects.map((o) => yaml.dump(o)).join("---\n"));
      }
      const b = await measure(async (kc) => {
        const stackFile = path.join(work, "Pulumi.baseline.yaml");
        const ns = "kruise-devops-configgroup-baseline";
        fs.writeFileSync(stackFile, yaml.dump({ config: { [`${ns}:objectsFile`]: objectsFile } }));
        return e2eStack(BASELINE, "baseline", stackFile, apiServerConfig(kc), { parts: [] });
      });
      baseline.preview.push(b.preview);
      baseline.up.push(b.up);
      load.tsNode.push(entryLoadSeconds("ts-node"));
      load.dist.push(entryLoadSeconds("dist"));
      console.error(
        `round ${round}: ${JSON.stringify({ platform: { preview: p.preview, up: p.up }, baseline: { preview: b.preview, up: b.up }, entryLoad: { tsNode: load.tsNode.at(-1), dist: load.dist.at(-1) } })}`,
      );
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(TIMELINES, { recursive: true, force: true });
  }
  const med = (runs: Run[], f: (r: Run) => number | undefined) => {
    const xs = runs.map(f).filter((x): x is number => x !== undefined);
    return xs.length === 0 ? undefined : median(xs);
  };
  const sec = (x: number | undefined) => (x === undefined ? "–" : `${x.toFixed(1)} s`);
  const row = (what: keyof Times) => {
    const pm = med(platform[what], (r) => r.total)!;
    const bm = med(baseline[what], (r) => r.total)!;
    return `| \`${what}\` | ${sec(bm)} | ${sec(pm)} | ${(pm / bm).toFixed(2)}× |`;
  };
  console.log(`${count} Kubernetes objects, ${ROUNDS} rounds, medians (Node ${process.version}):`);
  console.log("");
  console.log("| step | baseline (one ConfigGroup) | platform stack | ratio |");
  console.log("| ---- | -------------------------- | -------------- | ----- |");
  console.log(row("preview"));
  console.log(row("up"));
  console.log("");
  console.log("Where the time goes (medians):");
  console.log("");
  const parts: [string, (r: Run) => number | undefined][] = [
    ["boot (CLI, plugins, host, Node, SDK)", (r) => r.boot],
    ["load (the program's synchronous part)", (r) => r.load],
    ["program (registrations, awaiting the engine)", (r) => r.program],
    ["after (engine's last steps, stack policies)", (r) => r.after],
  ];
  console.log("| part | baseline preview | platform preview | baseline up | platform up |");
  console.log("| ---- | ---------------- | ---------------- | ----------- | ----------- |");
  for (const [name, f] of parts)
    console.log(
      `| ${name} | ${sec(med(baseline.preview, f))} | ${sec(med(platform.preview, f))} | ` +
        `${sec(med(baseline.up, f))} | ${sec(med(platform.up, f))} |`,
    );
  console.log("");
  console.log(
    `Loading the program's entry (platformConfig) in a fresh Node: through ts-node, type-checked ` +
      `(the root program before it ran built) ${sec(median(load.tsNode))}; built (dist/) ${sec(median(load.dist))}.`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
