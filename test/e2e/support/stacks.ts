/**
 * The project's stacks, run by the real Pulumi engine through the Automation API: a file backend
 * and the stack's own passphrase-encrypted config, with the stack file's config rewritten into a
 * temporary `--config-file` (sources from the local mirror, the e2e API server's kubeconfig,
 * `kruise-devops:apiServerOnly`), so nothing in the repository changes.
 */
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { localMirror, stackConfigFile } from "../../../stacks/mirror";
import { pulumiCommand, pulumiEnv } from "../../../stacks/pulumiCli";

/** The repository root (the root Pulumi project). */
export const ROOT = path.resolve(__dirname, "..", "..", "..", "..");

/** The policy pack as an analyzer plugin (see policy/launch). */
export const POLICY_PACK = path.join(ROOT, "policy", "launch");

/** The upstream mirror the suite reads charts and manifests from. */
export function mirror(): string {
  const m = localMirror(ROOT);
  if (!m)
    throw new Error(
      "test:e2e needs the upstream mirror (../shared/fixtures/upstream or $KRUISE_DEVOPS_UPSTREAM)",
    );
  return m;
}

let cli: Promise<PulumiCommand> | undefined;

/** A stack of a project directory, its config file, and the environment it runs with. */
export interface ProjectStack {
  stack: Stack;
  /** The environment the stack's commands run with. */
  env: Record<string, string>;
  /** Pass as `configFile` to every operation. */
  configFile: string;
  work: string;
}

/**
 * Selects (creating it in a fresh file backend) `stackName` of the project in `workDir`, with
 * `Pulumi.<stackName>.yaml` from `stackFile` rewritten by {@link stackConfigFile}.
 */
export async function projectStack(
  workDir: string,
  stackName: string,
  stackFile: string,
  overrides: Record<string, unknown>,
  useMirror = true,
): Promise<ProjectStack> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `kd-e2e-${stackName}-`));
  fs.mkdirSync(path.join(work, "state"));
  const env = pulumiEnv(`file://${path.join(work, "state")}`);
  cli ??= pulumiCommand(env);
  const configFile = stackConfigFile(
    stackFile,
    path.join(work, "config"),
    useMirror ? mirror() : undefined,
    overrides,
  );
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, workDir },
    { envVars: env, pulumiCommand: await cli },
  );
  return { stack, env, configFile, work };
}

/** The config that points a stack at the e2e API server, in its no-controllers mode. */
export function apiServerConfig(kubeconfig: string): Record<string, unknown> {
  return { "kubernetes:kubeconfig": kubeconfig, "kruise-devops:apiServerOnly": true };
}

/** Every value in `text` that is one of `secrets`, as is or base64-encoded (Secret `data`). */
export function leaked(text: string, secrets: string[]): string[] {
  return secrets.filter(
    (s) => text.includes(s) || text.includes(Buffer.from(s).toString("base64")),
  );
}

/**
 * `pulumi stack export` as a user runs it. (The Automation API's `exportStack()` passes
 * `--show-secrets`, which decrypts every secret: useless for checking what the state holds.)
 */
export function stackExport(ps: ProjectStack, workDir: string): string {
  return execFileSync("pulumi", ["stack", "export", "--stack", ps.stack.name], {
    cwd: workDir,
    env: { ...process.env, ...ps.env },
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
  });
}
