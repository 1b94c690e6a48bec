/**
 * A PULUMI_HOME in which the CLI can prepare a Node.js component package that depends on
 * @pulumi/kubernetes, offline.
 *
 * Before `pulumi package get-schema <dir>` or `gen-sdk <dir>` runs a plugin directory, the CLI
 * installs the plugins that the directory's dependencies name (the Node host reports
 * @pulumi/kubernetes as the `kubernetes` plugin at the SDK's version), and for that step it looks
 * only in PULUMI_HOME's plugin cache, never on PATH, so it would try to download
 * pulumi-resource-kubernetes at the SDK's version (4.34.2), which is unreachable here. `pulumi up`
 * is not affected: the engine takes the plugin from PATH.
 *
 * The suite's provider is the one scripts/e2e/build-k8s-provider.sh builds (4.25.0, the newest the
 * Go module proxy serves): it is installed here with `pulumi plugin install --file` under the
 * version the SDK asks for, as the engine already uses it for that SDK's requests from PATH (with
 * its "expected to have version" warning). Nothing else is put in the cache.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";

const run = promisify(execFile);

/** Where `cmd` is on the PATH of `env`, if anywhere. */
function which(cmd: string, env: Record<string, string>): string | undefined {
  return (env.PATH ?? "")
    .split(path.delimiter)
    .filter((d) => d !== "")
    .map((d) => path.join(d, cmd))
    .find((p) => fs.existsSync(p));
}

/**
 * Makes `home` a PULUMI_HOME whose plugin cache holds the suite's pulumi-resource-kubernetes under
 * the version of the @pulumi/kubernetes that `packageDir` resolves, if it resolves one; returns
 * `home`. `env` is the suite's Pulumi environment (stacks/pulumiCli.ts `pulumiEnv`).
 */
export async function pluginHome(
  home: string,
  packageDir: string,
  env: Record<string, string>,
): Promise<string> {
  fs.mkdirSync(home, { recursive: true });
  let manifest: string;
  try {
    manifest = require.resolve("@pulumi/kubernetes/package.json", { paths: [packageDir] });
  } catch (e: any) {
    if (e?.code === "MODULE_NOT_FOUND") return home; // no Kubernetes SDK, no plugin to install
    throw e;
  }
  const version: string = JSON.parse(fs.readFileSync(manifest, "utf8")).version;
  const provider = which("pulumi-resource-kubernetes", env);
  if (!provider) {
    throw new Error(
      `${packageDir} depends on @pulumi/kubernetes ${version}, and no pulumi-resource-kubernetes is on ` +
        "PATH: build it with scripts/e2e/tools.sh",
    );
  }
  await run(
    "pulumi",
    ["plugin", "install", "resource", "kubernetes", version, "--file", provider],
    {
      env: { ...process.env, ...env, PULUMI_HOME: home },
    },
  );
  return home;
}
