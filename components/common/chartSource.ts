/**
 * Where a Helm chart comes from: its upstream repository at a pinned version, or a local chart
 * directory / `.tgz` for air-gapped clusters. Pure apart from checking that a local path exists.
 */
import * as yaml from "js-yaml";
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { ruleIssue } from "./errors";
import { credentialFreeUrl } from "./urlCredentials";

/** Where to take a chart from. Give `path`, or `repo` and/or `version`, not both. */
export interface ChartSource {
  /** Chart version in the repository. Maps to Helm's `--version`. @default the pinned version */
  version?: string;
  /** Chart repository URL (`https://…` or `oci://…`). Maps to Helm's `--repo`. @default upstream */
  repo?: string;
  /**
   * A local chart directory (holding `Chart.yaml`) or packaged `.tgz`, read at preview time.
   * Use it for air-gapped clusters. Relative paths resolve from the Pulumi program's directory.
   * @default none (the repository is used)
   */
  path?: string;
}

/** The pinned upstream chart a component installs by default. */
export interface PinnedChart {
  readonly name: string;
  readonly version: string;
  readonly repo: string;
}

const semverish = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** The schema of a {@link ChartSource}; local paths must exist. */
export const chartSourceSchema = z
  .strictObject({
    version: z
      .string()
      .refine((v) => semverish.test(v), {
        ...ruleIssue(
          "is not an exact chart version",
          "Helm resolves ranges to whatever is newest, so a range is not a pin",
          'give an exact version such as "1.8.3"',
        ),
      })
      .optional(),
    repo: credentialFreeUrl(
      z.string().refine((r) => /^(https?|oci):\/\/[^\s]+$/.test(r), {
        ...ruleIssue(
          "is not a chart repository URL",
          "Helm takes http(s):// index repositories or oci:// registries",
          'give e.g. "https://openkruise.github.io/charts/"',
        ),
      }),
      "use a repository this cluster's Helm reaches without them, or a local chart (`path`)",
    ).optional(),
    path: z
      .string()
      .refine((p) => isChart(p), {
        ...ruleIssue(
          "is not a chart",
          "a local chart is a directory holding Chart.yaml or a packaged .tgz file",
          "point it at the unpacked chart directory or the .tgz from `helm pull`",
        ),
      })
      .refine((p) => !isChart(p) || dependenciesVendored(p), {
        ...ruleIssue(
          "lists chart dependencies that are not in its charts/ directory",
          "Helm then downloads them at preview time, which fails offline and in a read-only directory",
          "run `helm dependency build` on a writable copy, or remove the unused dependencies from Chart.yaml",
        ),
      })
      .optional(),
  })
  .superRefine((s, ctx) => {
    if (s.path !== undefined && (s.version !== undefined || s.repo !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["path"],
        ...ruleIssue(
          "is given together with repo/version",
          "a local chart carries its own version and is not fetched from a repository",
          "give either path, or repo and/or version",
        ),
      });
    }
  });

function isChart(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (st.isDirectory()) return fs.existsSync(path.join(p, "Chart.yaml"));
    return st.isFile() && /\.tgz$/.test(p);
  } catch {
    return false;
  }
}

/** The fields of a chart's Chart.yaml this package reads. */
export interface ChartMetadata {
  version?: string;
  appVersion?: string;
  dependencies?: unknown[];
}

/**
 * A chart directory's Chart.yaml, parsed (scalars kept as written: `appVersion: 1.10` stays
 * "1.10", as Helm reads it); undefined for a `.tgz` or a directory without one.
 */
export function readChartYaml(dir: string): ChartMetadata | undefined {
  const file = path.join(dir, "Chart.yaml");
  if (!fs.existsSync(file) || !fs.statSync(dir).isDirectory()) return undefined;
  const doc = yaml.load(fs.readFileSync(file, "utf8"), { schema: yaml.FAILSAFE_SCHEMA });
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return {};
  const d = doc as Record<string, unknown>;
  return {
    ...(typeof d.version === "string" ? { version: d.version } : {}),
    ...(typeof d.appVersion === "string" ? { appVersion: d.appVersion } : {}),
    ...(Array.isArray(d.dependencies) ? { dependencies: d.dependencies } : {}),
  };
}

/** False when a chart directory's Chart.yaml lists dependencies and it has no `charts/`. */
export function dependenciesVendored(p: string): boolean {
  const chart = readChartYaml(p);
  if (!chart?.dependencies?.length) return true;
  return fs.existsSync(path.join(p, "charts"));
}

/** The chart fields of `helm.v4.ChartArgs` for `source`, defaulting to `pinned`. */
export function chartArgsFor(
  source: z.output<typeof chartSourceSchema> | undefined,
  pinned: PinnedChart,
): { chart: string; version?: string; repositoryOpts?: { repo: string } } {
  if (source?.path !== undefined) return { chart: path.resolve(source.path) };
  return {
    chart: pinned.name,
    version: source?.version ?? pinned.version,
    repositoryOpts: { repo: source?.repo ?? pinned.repo },
  };
}
