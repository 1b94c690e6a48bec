/**
 * The project's stacks, run by the real Pulumi engine through the Automation API
 * (stacks/pulumiCli.ts `projectStack`: a file backend, the stack file's config rewritten into a
 * temporary `--config-file`), with sources from the local mirror and the e2e API server's config.
 */
import {
  EngineEvent,
  LocalWorkspace,
  PulumiCommand,
  PulumiFn,
  Stack,
} from "@pulumi/pulumi/automation";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MirrorConfigKeys, localMirror } from "../../../stacks/mirror";
import { ProjectStack, projectStack, pulumiCommand, pulumiEnv } from "../../../stacks/pulumiCli";

export { ProjectStack };

/** The repository root (the root Pulumi project). */
export const ROOT = path.resolve(__dirname, "..", "..", "..", "..");

/** The policy pack as an analyzer plugin (see policy/launch). */
export const POLICY_PACK = path.join(ROOT, "policy", "launch");

/**
 * The suite's remediation pack (test/e2e/clusterPack): what the test cluster lacks (no kubelet;
 * `$KD_E2E_CLUSTER`), on every Kubernetes resource of a stack, the program's own top-level ones
 * included. Pass {@link CLUSTER_PACKS} with every preview and up.
 */
export const CLUSTER_PACK = path.join(ROOT, "test", "e2e", "clusterPack", "launch");

/** `policyPacks` for every preview and up of the suite. */
export const CLUSTER_PACKS = [CLUSTER_PACK];

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

/**
 * A stack of a project directory for the suite: {@link projectStack} in a new temporary dir,
 * with the install keys `mirrorKeys` names (default: the root project's three) from the mirror.
 */
export async function e2eStack(
  workDir: string,
  stackName: string,
  stackFile: string,
  overrides: Record<string, unknown>,
  mirrorKeys?: MirrorConfigKeys,
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
    mirrorKeys,
    pulumiCmd: await cli,
  });
}

/** The values of every `secure:` key of a stack, decrypted (to look for them where they must not be). */
export async function secretValues(ps: ProjectStack): Promise<string[]> {
  const all = await ps.stack.getAllConfig();
  return Object.values(all)
    .filter((v) => v.secret && v.value.length > 0)
    .map((v) => v.value);
}

/**
 * The output of a preview with the policy pack, the cluster pack (and `morePacks`): a failed preview's error message
 * holds it (twice: stdout, then the error's own copy).
 */
export async function policyPreview(ps: ProjectStack, morePacks: string[] = []): Promise<string> {
  try {
    const res = await ps.stack.preview({
      configFile: ps.configFile,
      policyPacks: [POLICY_PACK, CLUSTER_PACK, ...morePacks],
    });
    return res.stdout;
  } catch (e) {
    return (e as Error).message;
  }
}

/** The mandatory policy violations an output reports, each `<policy> <type>: <name>`, sorted. */
export function mandatoryViolations(output: string): string[] {
  return [
    ...new Set(
      [...output.matchAll(/\[mandatory\]\s+(\S+)\s+\(([^)]+)\)/g)].map((m) => `${m[1]} ${m[2]}`),
    ),
  ].sort();
}

/**
 * The mandatory violations the mirror's Tekton source itself brings, for the TektonPipelines
 * component `tektonName`: the mirror's Tekton v1.15.0 `config/` is Tekton's source tree, whose
 * Deployments name their images `ko://github.com/tektoncd/pipeline/cmd/<x>` (resolved by `ko`
 * when a release is built); the published release.yaml, the default source, has pinned images.
 */
export function mirrorTektonViolations(tektonName: string): string[] {
  const deployment = (ns: string, name: string) =>
    `pinned-images kubernetes:apps/v1:Deployment: ${tektonName}-install:${ns}/${name}`;
  return [
    deployment("tekton-pipelines-resolvers", "tekton-pipelines-remote-resolvers"),
    deployment("tekton-pipelines", "tekton-events-controller"),
    deployment("tekton-pipelines", "tekton-pipelines-controller"),
    deployment("tekton-pipelines", "tekton-pipelines-webhook"),
  ].sort();
}

/** The config that points a stack at the e2e API server. */
export function apiServerConfig(kubeconfig: string): Record<string, unknown> {
  return { "kubernetes:kubeconfig": kubeconfig };
}

/**
 * A stack `name` of project `kruise-devops-e2e` running the inline `program`, with a file backend
 * in a new temporary directory, pointed at the e2e API server (`kubeconfig`).
 */
export async function inlineStack(
  name: string,
  program: PulumiFn,
  kubeconfig: string,
): Promise<Stack> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `kd-e2e-${name}-`));
  const env = pulumiEnv(`file://${work}`);
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: name, projectName: "kruise-devops-e2e", program },
    { envVars: env, pulumiCommand: await pulumiCommand(env) },
  );
  for (const [k, v] of Object.entries(apiServerConfig(kubeconfig))) {
    await stack.setConfig(k, { value: String(v) });
  }
  return stack;
}

/** `op name` of each finished resource step, in the engine's order (pass `onEvent` to up): the object's `metadata.name` for a Kubernetes object, else the URN's name. */
export function recorder(): { events: string[]; onEvent: (e: EngineEvent) => void } {
  const events: string[] = [];
  return {
    events,
    onEvent: (e) => {
      const m = e.resOutputsEvent?.metadata;
      if (!m) return;
      // A Kubernetes object by its name (a replacement has the URN of what it replaces).
      const object = (m.new?.outputs ?? m.old?.outputs)?.metadata?.name;
      events.push(`${m.op} ${object ?? m.urn.split("::").pop()}`);
    },
  };
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
