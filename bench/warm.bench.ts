/**
 * Registering N warm jobs through BaseImageWarm vs. N hand-written CustomResource ImagePullJobs
 * with the same manifests, under the same Pulumi mocks, in one process. Reports the ratio and how
 * time per job grows from 100 to 1,000 to 5,000. Run: `npm run bench`.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { BaseImageWarm } from "../components";
import { componentLabels } from "../components/common/k8sNames";

const SIZES = [100, 1000, 5000];
/** Runs per size: more for small sizes, whose single runs are dominated by noise. */
const repeats = (n: number) => Math.max(3, Math.round(3000 / n));
let run = 0;

function installMocks(): void {
  pulumi.runtime.setMocks(
    {
      newResource: (a) => ({ id: a.inputs?.metadata?.name ?? a.name, state: a.inputs }),
      call: (a) => a.inputs,
    },
    "bench",
    "bench",
    false,
  );
}

const value = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));
const images = (n: number) =>
  Array.from({ length: n }, (_, i) => `registry.example.com/team/app-${i}:1.0.${i}`);

async function viaComponent(n: number): Promise<void> {
  const c = new BaseImageWarm(`bench-${++run}`, { images: images(n) });
  await value(c.jobNames);
}

async function handWritten(n: number): Promise<void> {
  const r = ++run;
  const rs = images(n).map(
    (image, i) =>
      new k8s.apiextensions.CustomResource(`hand-${r}-${i}`, {
        apiVersion: "apps.kruise.io/v1alpha1",
        kind: "ImagePullJob",
        metadata: {
          name: `hand-${r}-${i}`,
          namespace: "default",
          labels: componentLabels("BaseImageWarm", "hand", undefined),
        },
        spec: {
          image,
          parallelism: 10,
          pullPolicy: { timeoutSeconds: 600, backoffLimit: 3 },
          completionPolicy: { type: "Never" },
          imagePullPolicy: "IfNotPresent",
        },
      }),
  );
  await value(pulumi.all(rs.map((r) => r.metadata)));
}

async function time(f: (n: number) => Promise<void>, n: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  await f(n);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  installMocks();
  await time(viaComponent, 200); // warm up the JIT for both paths
  await time(handWritten, 200);
  const rows: string[] = [];
  const perJob: number[] = [];
  const perJobHand: number[] = [];
  for (const n of SIZES) {
    const comp: number[] = [];
    const hand: number[] = [];
    for (let r = 0; r < repeats(n); r++) {
      // Alternate the order so neither side always runs on a warmer heap.
      if (r % 2 === 0) {
        comp.push(await time(viaComponent, n));
        hand.push(await time(handWritten, n));
      } else {
        hand.push(await time(handWritten, n));
        comp.push(await time(viaComponent, n));
      }
    }
    const c = median(comp);
    const h = median(hand);
    perJob.push(c / n);
    perJobHand.push(h / n);
    rows.push(
      `| ${n.toLocaleString("en-US")} | ${h.toFixed(0)} ms | ${c.toFixed(0)} ms | ${(c / h).toFixed(2)}× | ${((1000 * c) / n).toFixed(0)} µs |`,
    );
  }
  console.log(
    `Node ${process.version}; medians of ${SIZES.map((n) => repeats(n)).join(" / ")} runs.\n`,
  );
  console.log(
    "| jobs | hand-written CustomResource | BaseImageWarm | ratio | per job (component) |",
  );
  console.log("|---|---|---|---|---|");
  for (const r of rows) console.log(r);
  const growth = (xs: number[], a: number, b: number) => (xs[b] / xs[a]).toFixed(2);
  console.log(
    `\nper-job time growth (1.00 = linear): BaseImageWarm ${growth(perJob, 0, 1)}× from 100 to 1,000 and ${growth(perJob, 1, 2)}× from 1,000 to 5,000; ` +
      `hand-written ${growth(perJobHand, 0, 1)}× and ${growth(perJobHand, 1, 2)}×`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
