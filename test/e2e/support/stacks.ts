/**
 * The project's stacks, run by the real Pulumi engine through the Automation API
 * (stacks/pulumiCli.ts `projectStack`: a file backend, the stack file's config rewritten into a
 * temporary `--config-file`), with sources from the local mirror and the e2e API server's config.
 */
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { localMirror } from "../../../stacks/mirror";
import { ProjectStack, projectStack, pulumiCommand, pulumiEnv } from "../../../stacks/pulumiCli";

export { ProjectStack };

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

/** A stack of a project directory for the suite: {@link projectStack} in a new temporary dir. */
export async function e2eStack(
  workDir: string,
  stackName: string,
  stackFile: string,
  overrides: Record<string, unknown>,
): Promise<ProjectStack> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `kd-e2e-${stackName}-`));
  cli ??= pulumiCommand(pulumiEnv(`file://${path.join(work, "state")}`));
  return projectStack({
    projectDir: workDir,
    stackName,
    stackFile,
    work,
    mirror: mirror(),
    overrides,
    pulumiCmd: await cli,
  });
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
