/**
 * Platform's child components, and its pipeline section's: the name each gets
 * (`<platform>-<suffix>`) and where its args sit in {@link PlatformArgs} (and so in the root
 * program's stack config). One table: Platform names its children from it (the section names its
 * own children from the same roles, PIPELINE_NAMESPACE_ROLES), and an error of a child is mapped
 * back to the argument (or config key) it came from with it.
 */
import { PIPELINE_NAMESPACE_ROLES } from "./access/pipelineNamespace";
import { renderPath } from "./common/errors";

/** A child component of Platform. */
export interface PlatformChild {
  /** The component (its class name). */
  kind: string;
  /** The child is named `<platform>-<suffix>`, or `<platform>` when the suffix is empty. */
  suffix: string;
  /** Where the child's args sit in PlatformArgs (dotted). */
  argsAt: string;
  /** The child's args Platform takes from elsewhere: child argument → PlatformArgs path. */
  from?: Readonly<Record<string, string>>;
}

const IN_PIPELINE_NAMESPACE = { namespace: "pipeline.namespace" } as const;

const ROLES = PIPELINE_NAMESPACE_ROLES;

/**
 * Every child but the per-pool PoolWarms ({@link poolChild}). The pipeline section (a
 * PipelineNamespace) is named as the Platform itself, so that its children (registry, git,
 * argocdToken, pipeline) keep the names they had as Platform's own children.
 */
export const PLATFORM_CHILDREN = {
  kruise: { kind: "KruiseOperator", suffix: "kruise", argsAt: "kruise" },
  tekton: { kind: "TektonPipelines", suffix: "tekton", argsAt: "tekton" },
  argocd: { kind: "ArgoCd", suffix: "argocd", argsAt: "argocd" },
  pipelineSection: { kind: "PipelineNamespace", suffix: "", argsAt: "pipeline" },
  registry: {
    kind: "RegistryCredentials",
    suffix: ROLES.registry,
    argsAt: "pipeline.registry",
    from: IN_PIPELINE_NAMESPACE,
  },
  git: {
    kind: "GitCredentials",
    suffix: ROLES.git,
    argsAt: "pipeline.git",
    from: IN_PIPELINE_NAMESPACE,
  },
  argocdToken: {
    kind: "ArgoCdToken",
    suffix: ROLES.argocdToken,
    argsAt: "pipeline",
    from: { ...IN_PIPELINE_NAMESPACE, token: "pipeline.argocdToken", server: "argocd" },
  },
  pipeline: {
    kind: "PipelineServiceAccount",
    suffix: ROLES.serviceAccount,
    argsAt: "pipeline",
    from: { ...IN_PIPELINE_NAMESPACE, credentials: "pipeline", deploys: "pipeline.deploys" },
  },
  base: { kind: "BaseImageWarm", suffix: "base", argsAt: "warm.base" },
  sidecars: { kind: "SidecarWarm", suffix: "sidecars", argsAt: "warm.sidecars" },
} as const satisfies Record<string, PlatformChild>;

const POOL_PREFIX = "pool-";

/** The PoolWarm of `warm.pools.<pool>`. */
export function poolChild(pool: string): PlatformChild {
  return { kind: "PoolWarm", suffix: `${POOL_PREFIX}${pool}`, argsAt: `warm.pools.${pool}` };
}

/** The name of `child` under the Platform named `platform`. */
export function childName(platform: string, child: PlatformChild): string {
  return child.suffix === "" ? platform : `${platform}-${child.suffix}`;
}

/** The child of the Platform named `platform` that is the `component` named `name`, if any. */
function childNamed(platform: string, component: string, name: string): PlatformChild | undefined {
  const listed = Object.values(PLATFORM_CHILDREN).find(
    (c: PlatformChild) => c.kind === component && childName(platform, c) === name,
  );
  if (listed !== undefined) return listed;
  const prefix = `${platform}-${POOL_PREFIX}`;
  return component === "PoolWarm" && name.startsWith(prefix)
    ? poolChild(name.slice(prefix.length))
    : undefined;
}

/**
 * Where an argument of a component sits in the args of the Platform named `platform` (dotted,
 * `""` for the whole args): the `component` named `name` is the Platform itself or one of its
 * children, and `argPath` its argument path (empty for the args as a whole). Undefined for any
 * other component.
 */
export function platformArgPath(
  platform: string,
  component: string,
  name: string,
  argPath: readonly PropertyKey[],
): string | undefined {
  if (component === "Platform" && name === platform) return renderPath(argPath);
  const child = childNamed(platform, component, name);
  if (child === undefined) return undefined;
  const [first, ...rest] = argPath;
  const taken = typeof first === "string" ? child.from?.[first] : undefined;
  if (taken !== undefined) return joinPath(taken, rest);
  return joinPath(child.argsAt, argPath);
}

/** `base` followed by `path` rendered: `warm.pools.gpu` + `["images", 0]` → `warm.pools.gpu.images[0]`. */
function joinPath(base: string, path: readonly PropertyKey[]): string {
  const rendered = renderPath(path);
  if (rendered === "") return base;
  return rendered.startsWith("[") ? `${base}${rendered}` : `${base}.${rendered}`;
}
