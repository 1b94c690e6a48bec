/**
 * kruise-manager's client limits (`--rest-config-qps`, `--rest-config-burst`; 30 and 50 by
 * default, main.go of v1.8.3). Every NodeImage update of a warm goes through that client, so it
 * caps how fast a warm reaches nodes at scale (components/kruise/warmPlan.ts). The pinned chart
 * (1.8.3) has no value for them, so they are written into the rendered manager Deployment's
 * container args: client templating only. Pure.
 */
import { BrokenRule, brokenRule } from "../common/errors";

/** The manager's client limits to set; an unset one keeps Kruise's default. */
export interface ManagerClientLimits {
  qps?: number;
  burst?: number;
}

const FLAGS = { qps: "--rest-config-qps", burst: "--rest-config-burst" } as const;

/** True for the chart's manager Deployment (`kruise-controller-manager`). */
function isManager(o: Record<string, any>): boolean {
  return (
    o.kind === "Deployment" &&
    typeof o.apiVersion === "string" &&
    o.apiVersion.startsWith("apps/") &&
    o.metadata?.name === "kruise-controller-manager"
  );
}

/** The chart's manager Deployment's `manager` container is in `o`. */
function hasManagerContainer(o: Record<string, any>): boolean {
  const containers = (o.spec?.template?.spec?.containers ?? []) as Record<string, any>[];
  return isManager(o) && containers.some((c) => c.name === "manager");
}

/**
 * Why `limits` cannot be written into `objs` (the chart renders no manager Deployment with a
 * `manager` container), or undefined when they can or none is set.
 */
export function managerClientLimitsProblem(
  objs: readonly Record<string, any>[],
  limits: ManagerClientLimits,
): BrokenRule | undefined {
  if (limits.qps === undefined && limits.burst === undefined) return undefined;
  if (objs.some(hasManagerContainer)) return undefined;
  return brokenRule(
    "has nowhere to go: the chart renders no kruise-controller-manager Deployment with a 'manager' container",
    "the limits are kruise-manager's --rest-config-qps/--rest-config-burst flags, written into that container's args",
    "use the openkruise/kruise chart, or drop manager.clientQps and manager.clientBurst",
  );
}

/**
 * `objs` with the manager container's args carrying the limits (any the chart had for them
 * replaced); the same objects when no limit is set, or when there is no manager container
 * ({@link managerClientLimitsProblem} says so).
 */
export function withManagerClientLimits<T extends Record<string, any>>(
  objs: T[],
  limits: ManagerClientLimits,
): T[] {
  const set = (Object.keys(FLAGS) as (keyof typeof FLAGS)[]).filter((k) => limits[k] !== undefined);
  if (set.length === 0) return objs;
  return objs.map((o) => {
    if (!hasManagerContainer(o)) return o;
    const containers = o.spec.template.spec.containers as Record<string, any>[];
    return {
      ...o,
      spec: {
        ...o.spec,
        template: {
          ...o.spec.template,
          spec: {
            ...o.spec.template.spec,
            containers: containers.map((c) => {
              if (c.name !== "manager") return c;
              const args = ((c.args ?? []) as string[]).filter(
                (a) => !set.some((k) => a === FLAGS[k] || a.startsWith(`${FLAGS[k]}=`)),
              );
              return { ...c, args: [...args, ...set.map((k) => `${FLAGS[k]}=${limits[k]}`)] };
            }),
          },
        },
      },
    };
  });
}
