/**
 * The platform stack under load, for issue "invoke transform … connection refused": the root
 * program with stacks/Pulumi.dev.yaml (sources from the mirror) on a real API server, `preview`
 * then `up`, `KD_SOAK_ROUNDS` times in a row (default 20), while `KD_SOAK_HOGS` busy loops
 * (default 2: both cores of this machine kind) keep the CPU saturated. Every failure is counted
 * and printed, and the run goes on; it exits 1 if any step failed. Not a timed test: it reports
 * the steps' times and the load average for the record.
 * Run: `npm run soak` (the e2e tools must be built: scripts/e2e/tools.sh).
 */
import { ChildProcess, spawn } from "child_process";
import * as os from "os";
import * as path from "path";
import {
  ensureNamespace,
  kubeconfigPath,
  startApiServer,
  stopApiServer,
} from "../test/e2e/support/cluster";
import { CLUSTER_PACKS, ROOT, apiServerConfig, e2eStack } from "../test/e2e/support/stacks";

const ROUNDS = Number(process.env.KD_SOAK_ROUNDS ?? 20);
const HOGS = Number(process.env.KD_SOAK_HOGS ?? 2);

/** A CPU hog: a child process spinning until killed. */
function hog(): ChildProcess {
  return spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
}

async function timed<T>(f: () => Promise<T>): Promise<number> {
  const t = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

async function main(): Promise<number> {
  const hogs = Array.from({ length: HOGS }, hog);
  const failures: string[] = [];
  const times: Record<"preview" | "up", number[]> = { preview: [], up: [] };
  const loads: number[] = [];
  startApiServer();
  try {
    await ensureNamespace("shop");
    const ps = await e2eStack(
      ROOT,
      "dev",
      path.join(ROOT, "stacks", "Pulumi.dev.yaml"),
      apiServerConfig(kubeconfigPath()),
    );
    const opts = { configFile: ps.configFile, policyPacks: CLUSTER_PACKS };
    for (let round = 1; round <= ROUNDS; round++) {
      for (const step of ["preview", "up"] as const) {
        try {
          const s = await timed(() =>
            step === "preview"
              ? ps.stack.preview(opts).then(() => undefined)
              : ps.stack.up(opts).then(() => undefined),
          );
          times[step].push(s);
          loads.push(os.loadavg()[0]);
          console.error(
            `round ${round}: ${step} ok in ${s.toFixed(1)} s, load ${os.loadavg()[0].toFixed(1)}`,
          );
        } catch (e) {
          const msg = (e as Error).message;
          const lines = msg.split("\n").filter((l) => /error|connection|transform/i.test(l));
          failures.push(`round ${round} ${step}: ${lines.slice(0, 6).join(" | ")}`);
          console.error(`round ${round}: ${step} FAILED\n${msg.slice(-4000)}`);
        }
      }
    }
  } finally {
    for (const h of hogs) h.kill("SIGKILL");
    stopApiServer();
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  console.log(
    `soak: ${ROUNDS} rounds of preview + up of the platform stack, ${HOGS} CPU hogs, Node ${process.version}, ` +
      `${os.cpus().length} cores: ${times.preview.length} previews and ${times.up.length} ups succeeded, ` +
      `${failures.length} failed; median preview ${med(times.preview).toFixed(1)} s, up ${med(times.up).toFixed(1)} s; ` +
      `load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
  );
  for (const f of failures) console.log(`  ${f}`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
