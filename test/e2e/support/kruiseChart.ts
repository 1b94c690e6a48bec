/**
 * **A stand-in chart** for a Kruise newer than the pinned chart's: openkruise/charts publishes no
 * stable chart for the release ScheduledWarm needs (1.9.x is alpha only, and registers webhook
 * paths the 1.9 manager no longer serves), and it is not reachable here. So the pinned chart is
 * copied with, from the newer release's own source:
 * - its CRDs (`config/crd/bases`, kept beside its build by build-kruise.sh) in place of the chart's
 *   CRD templates, under the chart's `crds.managed` switch;
 * - the webhook paths its manager serves: Kruise 1.9 renamed seven (`/…-apps-kruise-io-v1alpha1-<kind>`
 *   became `/…-apps-kruise-io-<kind>`, for v1alpha1 and v1beta1; `pkg/webhook/<kind>/*\/webhooks.go`
 *   of v1.9.1), and a manager drops the entries whose path it does not serve;
 * - `appVersion`, which KruiseOperator reports as `kruiseVersion`.
 * The rest (the manager Deployment, RBAC: 1.9.1's role adds only `pods/resize`, which nothing
 * here uses) is the pinned chart's. The manager and daemons themselves are the release's real
 * binaries (support/controllers.ts).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MIRROR_LAYOUT } from "../../../stacks/mirror";
import { KruiseBuild, kruiseBin } from "./controllers";
import { mirror } from "./stacks";

/** The kinds whose webhook paths lost `v1alpha1-` in Kruise 1.9 (and gained v1beta1). */
export const RENAMED_WEBHOOK_KINDS = [
  "advancedcronjob",
  "broadcastjob",
  "daemonset",
  "imagelistpulljob",
  "imagepulljob",
  "nodeimage",
  "sidecarset",
] as const;

/** The chart's webhook configuration template with the 1.9 paths and versions. */
export function renameWebhookPaths(template: string): string {
  const renamed = new RegExp(
    `^(\\s*path: /(?:mutate|validate)-apps-kruise-io-)v1alpha1-(${RENAMED_WEBHOOK_KINDS.join("|")})\\s*$`,
  );
  const out: string[] = [];
  let addBeta = false;
  for (const line of template.split("\n")) {
    const m = renamed.exec(line);
    if (m) {
      out.push(`${m[1]}${m[2]}`);
      addBeta = true;
      continue;
    }
    out.push(line);
    const v1alpha1 = /^(\s*)- v1alpha1\s*$/.exec(line);
    if (addBeta && v1alpha1) {
      out.push(`${v1alpha1[1]}- v1beta1`);
      addBeta = false;
    }
  }
  return out.join("\n");
}

/**
 * Writes the stand-in chart of a Kruise build (see the module's comment) to a new temporary
 * directory; returns its path and the release's version.
 */
export function standInKruiseChart(build: KruiseBuild): { dir: string; version: string } {
  const bin = kruiseBin(build);
  const version = path.basename(path.dirname(bin)).replace(/^kruise-/, "");
  const crds = path.join(path.dirname(bin), "crds");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kd-e2e-kruise-chart-${version}-`));
  fs.cpSync(path.join(mirror(), MIRROR_LAYOUT.kruise), dir, { recursive: true });
  const templates = path.join(dir, "templates");
  for (const f of fs.readdirSync(templates)) {
    if (/^[a-z.]+\.kruise\.io_.*\.yaml$/.test(f)) fs.rmSync(path.join(templates, f));
  }
  for (const f of fs.readdirSync(crds).filter((f) => f.endsWith(".yaml"))) {
    const crd = fs.readFileSync(path.join(crds, f), "utf8");
    if (crd.includes("{{")) throw new Error(`${f}: a CRD with template braces cannot be wrapped`);
    fs.writeFileSync(
      path.join(templates, f),
      `{{- if .Values.crds.managed }}\n---\n${crd}\n{{- end }}\n`,
    );
  }
  const webhooks = path.join(templates, "webhookconfiguration.yaml");
  fs.writeFileSync(webhooks, renameWebhookPaths(fs.readFileSync(webhooks, "utf8")));
  const chartYaml = path.join(dir, "Chart.yaml");
  fs.writeFileSync(
    chartYaml,
    fs
      .readFileSync(chartYaml, "utf8")
      .replace(/^appVersion:.*$/m, `appVersion: ${version}`)
      .replace(/^version:.*$/m, `version: ${version}`),
  );
  return { dir, version };
}
