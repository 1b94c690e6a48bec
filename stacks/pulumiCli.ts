/**
 * Which Pulumi CLI runs the project's stacks, and with what environment: shared by
 * `npm run local` (stacks/local.ts) and the end-to-end suite (test/e2e).
 */
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MirrorConfigKeys, stackConfigFile } from "./mirror";

/** The passphrase the committed stack files' `secure:` values are encrypted with. */
export const DEMO_PASSPHRASE = "kruise-devops-demo";

/** Where `scripts/e2e/tools.sh` caches the tools it builds. */
export function builtToolsDir(): string {
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(cache, "kruise-devops", "tools");
}

/** The bin directories of the cached, built tools (pulumi, the provider, kube), newest first. */
export function builtToolBins(): string[] {
  const dir = builtToolsDir();
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .sort()
    .reverse()
    .map((d) => path.join(dir, d, "bin"))
    .filter((bin) => fs.existsSync(bin));
}

function onPath(cmd: string, envPath: string): boolean {
  return envPath.split(path.delimiter).some((d) => d !== "" && fs.existsSync(path.join(d, cmd)));
}

/**
 * The environment for Pulumi runs: PATH with the built tools when no `pulumi` is on PATH, the
 * given state backend, `$PULUMI_CONFIG_PASSPHRASE` or the demo one, no update checks.
 */
export function pulumiEnv(backendUrl: string): Record<string, string> {
  const env: Record<string, string> = {};
  let envPath = process.env.PATH ?? "";
  if (!onPath("pulumi", envPath)) {
    const bins = builtToolBins();
    if (bins.some((b) => fs.existsSync(path.join(b, "pulumi")))) {
      envPath = [...bins, envPath].join(path.delimiter);
      // Built tools mean no internet: never try to download a plugin.
      env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION = "true";
    }
  }
  env.PATH = envPath;
  env.PULUMI_SKIP_UPDATE_CHECK = "true";
  env.PULUMI_BACKEND_URL = backendUrl;
  env.PULUMI_CONFIG_PASSPHRASE = process.env.PULUMI_CONFIG_PASSPHRASE ?? DEMO_PASSPHRASE;
  return env;
}

/** The Pulumi CLI to run: on `env.PATH`, else installed by the Automation API. */
export async function pulumiCommand(env: Record<string, string>): Promise<PulumiCommand> {
  if (onPath("pulumi", env.PATH)) {
    const saved = process.env.PATH;
    process.env.PATH = env.PATH;
    try {
      return await PulumiCommand.get({ skipVersionCheck: true });
    } finally {
      process.env.PATH = saved;
    }
  }
  // The CLI version matching @pulumi/pulumi, into ~/.pulumi/versions/<version>.
  return PulumiCommand.install();
}

/** A stack of a project directory, the config file to run it with, and its environment. */
export interface ProjectStack {
  stack: Stack;
  /** The environment the stack's commands run with. */
  env: Record<string, string>;
  /** Pass as `configFile` to every operation. */
  configFile: string;
}

/**
 * Selects (creating it) `stackName` of the project in `projectDir`, with state in a file backend
 * under `<work>/state` and its config from `stackFile` rewritten by {@link stackConfigFile} into
 * `<work>/config` (the mirror's sources for `mirrorKeys`, then `overrides`): the repository
 * never changes.
 */
export async function projectStack(o: {
  projectDir: string;
  stackName: string;
  stackFile: string;
  work: string;
  mirror: string | undefined;
  overrides: Record<string, unknown>;
  mirrorKeys?: MirrorConfigKeys;
  pulumiCmd?: PulumiCommand;
}): Promise<ProjectStack> {
  fs.mkdirSync(path.join(o.work, "state"), { recursive: true });
  const env = pulumiEnv(`file://${path.join(o.work, "state")}`);
  const configFile = stackConfigFile(
    o.stackFile,
    path.join(o.work, "config"),
    o.mirror,
    o.overrides,
    o.mirrorKeys,
  );
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: o.stackName, workDir: o.projectDir },
    { envVars: env, pulumiCommand: o.pulumiCmd ?? (await pulumiCommand(env)) },
  );
  return { stack, env, configFile };
}
