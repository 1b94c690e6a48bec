/**
 * A stack's config pointed at a local mirror of the upstream charts and manifests, for machines
 * with no internet (air-gapped clusters, this project's CI). The mirror is laid out as upstream
 * publishes them, one directory per pinned version:
 *
 *     <mirror>/kruise/chart-1.8.3/          the OpenKruise chart (Chart.yaml, templates/)
 *     <mirror>/tekton/v1.15.0/config/       the Tekton Pipelines release manifests
 *                                           (`TEKTON_PIPELINES.testedVersion`, the release the
 *                                           checks are ported from; online installs default to
 *                                           the newer patch `TEKTON_PIPELINES.version`)
 *     <mirror>/argocd/chart-10.1.1/         the argo-helm argo-cd chart
 *
 * The stack file itself is not touched: the result is a new config file for Pulumi's
 * `--config-file` (the Automation API's `configFile`), with the same encryption salt, so the
 * stack's `secure:` values still decrypt with the stack's passphrase.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { dependenciesVendored } from "../components/common/chartSource";
import { ARGOCD_CHART, KRUISE_CHART, TEKTON_PIPELINES } from "../components/common/versions";

/** Where each part's source sits in a mirror. */
export const MIRROR_LAYOUT = {
  kruise: path.join("kruise", `chart-${KRUISE_CHART.version}`),
  tekton: path.join("tekton", TEKTON_PIPELINES.testedVersion, "config"),
  argocd: path.join("argocd", `chart-${ARGOCD_CHART.version}`),
} as const;

/** The mirror this machine has: `$KRUISE_DEVOPS_UPSTREAM`, else `../shared/fixtures/upstream`. */
export function localMirror(projectDir: string): string | undefined {
  const candidates = [
    process.env.KRUISE_DEVOPS_UPSTREAM,
    path.resolve(projectDir, "..", "shared", "fixtures", "upstream"),
  ];
  return candidates.find(
    (d): d is string =>
      d !== undefined && d !== "" && fs.existsSync(path.join(d, MIRROR_LAYOUT.kruise)),
  );
}

/**
 * A copy of a chart directory without the dependencies it lists but does not carry in `charts/`
 * (the argo-cd chart lists redis-ha, used only with `redis-ha.enabled`, off by default; a
 * packaged chart from `helm pull` carries it, an unpacked source tree does not). Helm refuses a
 * chart whose listed dependencies are missing, so they are dropped from Chart.yaml and Chart.lock.
 */
export function chartWithoutMissingDependencies(chartDir: string, into: string): string {
  if (dependenciesVendored(chartDir)) return chartDir;
  fs.rmSync(into, { recursive: true, force: true });
  fs.cpSync(chartDir, into, { recursive: true });
  fs.chmodSync(into, 0o755);
  const chartYaml = path.join(into, "Chart.yaml");
  fs.chmodSync(chartYaml, 0o644);
  const chart = yaml.load(fs.readFileSync(chartYaml, "utf8")) as Record<string, unknown>;
  delete chart.dependencies;
  fs.writeFileSync(chartYaml, yaml.dump(chart));
  fs.rmSync(path.join(into, "Chart.lock"), { force: true });
  return into;
}

/** A part of the platform the mirror has a source for. */
export type MirrorPart = keyof typeof MIRROR_LAYOUT;

/** Which config keys {@link stackConfigFile} points at the mirror. */
export interface MirrorConfigKeys {
  /** The config namespace of the install keys: the project's name. @default "kruise-devops" */
  namespace?: string;
  /** The parts the program installs (each read from `<namespace>:<part>`). @default all three */
  parts?: readonly MirrorPart[];
}

/**
 * Writes `<workDir>/Pulumi.<stack>.yaml`: `stackFile`'s config with, when `mirror` is given,
 * every part of `keys.parts` that is not switched off (`false`, or `enabled: false` as the root
 * program's Platform takes it) taking its source from it, and
 * `overrides` (full config keys) set last. Returns the file's path.
 */
export function stackConfigFile(
  stackFile: string,
  workDir: string,
  mirror: string | undefined,
  overrides: Record<string, unknown> = {},
  keys: MirrorConfigKeys = {},
): string {
  const doc = yaml.load(fs.readFileSync(stackFile, "utf8")) as {
    config?: Record<string, unknown>;
  };
  const config: Record<string, unknown> = { ...(doc.config ?? {}) };
  const parts = keys.parts ?? (Object.keys(MIRROR_LAYOUT) as MirrorPart[]);
  for (const part of mirror === undefined ? [] : parts) {
    const key = `${keys.namespace ?? "kruise-devops"}:${part}`;
    const current = config[key];
    if (current === false || current === "false") continue;
    // The root program's form (PlatformArgs): the part's args with `enabled: false`.
    if (typeof current === "object" && current !== null && "enabled" in current) {
      if (current.enabled === false) continue;
    }
    let source = path.join(mirror!, MIRROR_LAYOUT[part]);
    if (part === "argocd") {
      source = chartWithoutMissingDependencies(source, path.join(workDir, "charts", "argo-cd"));
    }
    const args = typeof current === "object" && current !== null ? current : {};
    config[key] = { ...args, source: { path: source } };
  }
  Object.assign(config, overrides);
  fs.mkdirSync(workDir, { recursive: true });
  const out = path.join(workDir, path.basename(stackFile));
  fs.writeFileSync(out, yaml.dump({ ...doc, config }));
  return out;
}
