/**
 * `npm run local`: `pulumi up` of the `local` stack, the whole platform in render mode, through
 * the Automation API. Needs no cluster; writes the manifests to `rendered/` and prints where.
 *
 * - The Pulumi CLI: the one on PATH; else the one `scripts/e2e/tools.sh` built and cached; else
 *   the Automation API installs the CLI version matching `@pulumi/pulumi` (needs internet).
 * - State: a file backend in a new temporary directory, thrown away afterwards: render mode
 *   writes a manifest only when its resource is created or updated, so every run renders the
 *   whole platform from scratch into an emptied `rendered/`.
 * - Secrets: `$PULUMI_CONFIG_PASSPHRASE`, else the demo passphrase the committed stack files
 *   are encrypted with (`kruise-devops-demo`).
 * - Sources: the upstream chart repositories and release URL, unless a local mirror is found
 *   (`$KRUISE_DEVOPS_UPSTREAM`, else `../shared/fixtures/upstream`; layout in `stacks/mirror.ts`).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { localMirror } from "./mirror";
import { projectStack } from "./pulumiCli";

/** What one render of the local stack gave. */
export interface LocalRender {
  /** The directory the manifests were written to. */
  rendered: string;
  /** The mirror the sources came from, or undefined for the upstream repositories. */
  mirror: string | undefined;
  /** The engine's summary result ("succeeded"). */
  result: string;
}

/**
 * `pulumi up` of the `local` stack of the project in `projectDir` into `<projectDir>/rendered`,
 * emptied first, with state in a temporary file backend thrown away afterwards.
 */
export async function renderLocal(
  projectDir: string,
  onOutput: (s: string) => void = () => undefined,
): Promise<LocalRender> {
  if (!fs.existsSync(path.join(projectDir, "Pulumi.yaml"))) {
    throw new Error(
      `npm run local: run it from the project's directory (no Pulumi.yaml in ${projectDir})`,
    );
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "kruise-devops-local-"));
  try {
    const mirror = localMirror(projectDir);
    const rendered = path.join(projectDir, "rendered");
    fs.rmSync(rendered, { recursive: true, force: true });
    onOutput(
      mirror ? `sources: the local mirror ${mirror}\n` : "sources: the upstream repositories\n",
    );
    // The stack file as committed, with the output directory made absolute (Pulumi resolves a
    // relative one from where it starts the provider) and the mirror's sources when there is one.
    const { stack, configFile } = await projectStack({
      projectDir,
      stackName: "local",
      stackFile: path.join(projectDir, "stacks", "Pulumi.local.yaml"),
      work,
      mirror,
      overrides: { "kubernetes:renderYamlToDirectory": rendered },
    });
    const up = await stack.up({ configFile, onOutput });
    return { rendered, mirror, result: up.summary.result };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const r = await renderLocal(process.cwd(), (s) => process.stdout.write(s));
  console.log(`\nupdate ${r.result}: the manifests are in ${r.rendered}`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
