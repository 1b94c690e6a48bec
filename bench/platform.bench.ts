/**
 * The platform stack against a baseline, on the real engine and a real API server, in one run:
 *
 * - **platform**: the root program (stacks/platform.ts) with stacks/Pulumi.dev.yaml, sources from
 *   the mirror, with the e2e suite's cluster pack (test/e2e/clusterPack);
 * - **baseline**: bench/configgroup-baseline, which applies the very Kubernetes objects the
 *   platform stack applied (its resources' inputs, taken from the first platform run's state)
 *   with one `yaml.v2.ConfigGroup`.
 *
 * Both are TypeScript projects run by the same CLI and language host. Each `preview` (of an
 * empty stack) and `up` runs on a fresh API server (scripts/e2e/apiserver.sh), platform and
 * baseline alternating; the report gives medians and the ratio platform / baseline.
 * Run: `npm run bench:platform` (the e2e tools must be built: scripts/e2e/tools.sh).
 * `KD_BENCH_ROUNDS` sets the rounds (default 3).
 */
import * as assert from "assert";
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

const ROUNDS = Number(process.env.KD_BENCH_ROUNDS ?? 3);
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

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

interface Times {
  preview: number[];
  up: number[];
}

/** preview then up of a new stack on a fresh API server. */
async function measure(stack: (kubeconfig: string) => Promise<ProjectStack>): Promise<{
  preview: number;
  up: number;
  ps: ProjectStack;
}> {
  startApiServer();
  try {
    // The application team's namespace the dev stack's pipeline deploys into (as in the e2e suite).
    await ensureNamespace("shop");
    const ps = await stack(kubeconfigPath());
    const preview = await timed(() =>
      ps.stack.preview({ configFile: ps.configFile, policyPacks: CLUSTER_PACKS }),
    );
    const up = await timed(async () => {
      const res = await ps.stack.up({ configFile: ps.configFile, policyPacks: CLUSTER_PACKS });
      assert.strictEqual(res.summary.result, "succeeded");
    });
    return { preview, up, ps };
  } finally {
    stopApiServer();
  }
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
      console.error(
        `round ${round}: platform preview ${p.preview.toFixed(1)} s, up ${p.up.toFixed(1)} s; ` +
          `baseline preview ${b.preview.toFixed(1)} s, up ${b.up.toFixed(1)} s`,
      );
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const row = (what: keyof Times) => {
    const pm = median(platform[what]);
    const bm = median(baseline[what]);
    return `| \`${what}\` | ${bm.toFixed(1)} s | ${pm.toFixed(1)} s | ${(pm / bm).toFixed(2)}× |`;
  };
  console.log(`${count} Kubernetes objects, ${ROUNDS} rounds, medians (Node ${process.version}):`);
  console.log("");
  console.log("| step | baseline (one ConfigGroup) | platform stack | ratio |");
  console.log("| ---- | -------------------------- | -------------- | ----- |");
  console.log(row("preview"));
  console.log(row("up"));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
