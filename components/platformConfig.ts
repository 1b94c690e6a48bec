/**
 * The root program's stack config → {@link PlatformArgs}: objects under the keys `kruise`,
 * `tekton`, `argocd`, `pipeline`, `warm`, and the secrets as separate `secure:` keys. Errors name
 * the config key, not the component argument.
 */
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { Platform, PlatformArgs } from "./platform";

/** The secret config keys, and where each goes. */
export const PLATFORM_SECRET_KEYS = {
  argocdAdminPassword: "argocd.adminPassword",
  registryPassword: "pipeline.registry.password",
  gitToken: "pipeline.git.basicAuth.password",
  argocdToken: "pipeline.argocdToken",
} as const;

type Obj = Record<string, any>;

function setPath(target: Obj, dotted: string, value: unknown): void {
  const keys = dotted.split(".");
  let at = target;
  for (const k of keys.slice(0, -1)) at = at[k] ??= {};
  at[keys[keys.length - 1]] = value;
}

/**
 * The Platform args the stack config describes. Relative chart and manifest paths
 * (`<part>.source.path`) resolve from `baseDir`, the project's directory.
 */
export function platformArgsFromConfig(config: pulumi.Config, baseDir: string): PlatformArgs {
  const args: Obj = {};
  for (const key of ["kruise", "tekton", "argocd", "pipeline", "warm"]) {
    const v = config.getObject<unknown>(key);
    if (v !== undefined) args[key] = v;
  }
  for (const key of ["kruise", "tekton", "argocd"]) {
    const source = args[key]?.source;
    if (typeof source?.path === "string") source.path = path.resolve(baseDir, source.path);
  }
  for (const [key, target] of Object.entries(PLATFORM_SECRET_KEYS)) {
    const secret = config.getSecret(key);
    if (secret === undefined) continue;
    const [part] = target.split(".");
    if (args[part] === false) continue;
    setPath(args, target, secret);
  }
  return args as PlatformArgs;
}

/** Which config key a child component's args come from. */
function configKeyOf(platformName: string, component: string): string | undefined {
  const child = component.startsWith(`${platformName}-`)
    ? component.slice(platformName.length + 1)
    : undefined;
  if (child === undefined) return component === platformName ? "" : undefined;
  const fixed: Record<string, string> = {
    kruise: "kruise",
    tekton: "tekton",
    argocd: "argocd",
    registry: "pipeline.registry",
    git: "pipeline.git",
    pipeline: "pipeline",
    base: "warm.base",
    sidecars: "warm.sidecars",
  };
  if (fixed[child] !== undefined) return fixed[child];
  if (child.startsWith("pool-")) return `warm.pools.${child.slice(5)}`;
  return undefined;
}

/**
 * Rewrites a component error (`Kind 'name': args.<path> …`) to name the stack config key
 * (`config <project>:<key>.<path> …`).
 */
export function configError(project: string, platformName: string, error: Error): Error {
  const lines = error.message.split("\n").map((line) => {
    const m = /^(\w+) '([^']+)': args(?:\.(\S+))? (.*)$/.exec(line);
    if (!m) return line;
    const key = configKeyOf(platformName, m[2]);
    if (key === undefined) return line;
    const path = [key, m[3]].filter((p) => p).join(".");
    return `config ${project}:${path} ${m[4]}`;
  });
  return new Error(lines.join("\n"));
}

/**
 * Builds the Platform from the stack config (relative paths from `baseDir`), failing with errors
 * that name config keys.
 */
export function platformFromConfig(
  name: string,
  baseDir: string,
  config: pulumi.Config = new pulumi.Config(),
): Platform {
  try {
    return new Platform(name, platformArgsFromConfig(config, baseDir));
  } catch (e) {
    throw configError(pulumi.getProject(), name, e as Error);
  }
}
