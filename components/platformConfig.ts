/**
 * The root program's stack config → {@link PlatformArgs}: objects under the keys `kruise`,
 * `tekton`, `argocd`, `pipeline`, `warm` (an install part is left out with `enabled: false` under
 * its key), and the secrets as separate `secure:` keys. Errors name the config key, not the
 * component argument.
 */
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { setProblemOrigin } from "./common/errors";
import { Platform, PlatformArgs } from "./platform";
import { platformArgPath } from "./platformChildren";

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
    // A part left out takes no secret (`false` is refused by Platform, at the part's key).
    if (args[part] === false || args[part]?.enabled === false) continue;
    setPath(args, target, secret);
  }
  return args as PlatformArgs;
}

/**
 * The stack config key of a PlatformArgs path: the secret's own key when the value comes from
 * one of {@link PLATFORM_SECRET_KEYS}, else the object key and path the value sits at.
 */
function configKeyOf(argPath: string): string {
  for (const [key, target] of Object.entries(PLATFORM_SECRET_KEYS)) {
    if (argPath === target || argPath.startsWith(`${target}.`) || argPath.startsWith(`${target}[`))
      return `${key}${argPath.slice(target.length)}`;
  }
  return argPath;
}

/**
 * Builds the Platform from the stack config (relative paths from `baseDir`). Its problems, and
 * its children's, at construction and at apply time alike, name the config key they come from
 * (`config <project>:<key>.<path> …`): the problems are mapped as data, through the child table
 * Platform names its children with (platformChildren.ts).
 */
export function platformFromConfig(
  name: string,
  baseDir: string,
  config: pulumi.Config = new pulumi.Config(),
): Platform {
  const project = pulumi.getProject();
  setProblemOrigin(`platformFromConfig:${name}`, (p) => {
    if (p.path === undefined) return undefined;
    const at = platformArgPath(name, p.component, p.name, p.path);
    return at === undefined ? undefined : `config ${project}:${configKeyOf(at)}`;
  });
  return new Platform(name, platformArgsFromConfig(config, baseDir));
}
