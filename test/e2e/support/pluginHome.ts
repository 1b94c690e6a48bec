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
 *
 * With `schema`, the provider's schema is put in the CLI's schema cache too, under the SDK's
 * version: a package whose schema refers to Kubernetes resources (an output typed as a
 * `k8s.core.v1.Secret`, say: `/kubernetes/v4.34.2/schema.json#/resources/…`) is bound against
 * that schema by get-schema, gen-sdk and Pulumi YAML, and the binder refuses one whose `version`
 * differs from the one asked for ("loader returned kubernetes@4.25.0; requested
 * kubernetes@4.34.2"). The schema is the 4.25.0 provider's own (`pulumi package get-schema
 * <binary>`) with its `version` set to the SDK's, the same stand-in as the plugin above. The CLI
 * reads that cache only for a plugin it resolved from PULUMI_HOME (one on PATH has no install
 * time to compare the cache with): run it with `PULUMI_IGNORE_AMBIENT_PLUGINS=true` (language
 * hosts are still found beside the CLI).
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
  options: { schema?: boolean } = {},
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
  const homeEnv = { ...process.env, ...env, PULUMI_HOME: home };
  await run(
    "pulumi",
    ["plugin", "install", "resource", "kubernetes", version, "--file", provider],
    {
      env: homeEnv,
      cwd: home,
    },
  );
  if (options.schema) {
    const { stdout } = await run("pulumi", ["package", "get-schema", provider], {
      env: homeEnv,
      // Not in a project: inside this repository the CLI stops ("detected both PulumiPlugin.yaml
      // and Pulumi.yaml").
      cwd: home,
      maxBuffer: 256 * 1024 * 1024,
    });
    const schema = JSON.parse(stdout);
    if (schema.name !== "kubernetes") throw new Error(`${provider} serves ${schema.name}`);
    schema.version = version;
    // After the install: the CLI takes a cached schema only if it is newer than the plugin.
    fs.mkdirSync(path.join(home, "schemas"), { recursive: true });
    fs.writeFileSync(
      path.join(home, "schemas", `kubernetes-${version}.json`),
      JSON.stringify(schema),
    );
  }
  return home;
}
