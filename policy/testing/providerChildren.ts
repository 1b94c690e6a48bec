/**
 * What the Kubernetes provider registers under its `yaml/v2` components, which Pulumi mocks
 * cannot run: each object of a ConfigGroup's `objs` and `yaml`, as a child resource named and
 * typed as the provider names and types it (pulumi-kubernetes provider/pkg/provider/yaml/v2:
 * `<namespace>/<name>`, prefixed `<resourcePrefix>:`, the group's name when no prefix is given;
 * type `kubernetes:<group>/<version>:<Kind>`, `core` for the core group). The policies then see
 * a client-templated chart's objects, or a Tekton release's, as they would under an engine.
 * Not expanded: `files` (paths and globs), ConfigFile, and helm.sh/v4 Charts (Helm renders those
 * inside the provider).
 */
import type { PolicyTarget } from "./evaluate";
import { decodeYaml } from "./mockedProgram";

const CONFIG_GROUP = "kubernetes:yaml/v2:ConfigGroup";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** The provider's type token for an object: `kubernetes:apps/v1:Deployment`, `kubernetes:core/v1:Secret`. */
export function typeToken(apiVersion: string, kind: string): string {
  return `kubernetes:${apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`}:${kind}`;
}

/** The objects a ConfigGroup's inputs hold (`objs`, and the documents of `yaml`). */
function objectsOf(props: Obj): Obj[] {
  const texts = ([] as unknown[]).concat(props.yaml ?? []).filter((t) => typeof t === "string");
  return [
    ...([] as unknown[]).concat(props.objs ?? []),
    ...texts.flatMap((t) => decodeYaml(t as string)),
  ].flatMap((o) => {
    // A `List` holds its objects in `items`, which the provider registers one by one.
    if (
      isObj(o) &&
      typeof o.kind === "string" &&
      o.kind.endsWith("List") &&
      Array.isArray(o.items)
    ) {
      return o.items.filter(isObj);
    }
    return isObj(o) ? [o] : [];
  });
}

/** `targets` with each ConfigGroup's objects added after it, as the provider's children. */
export function withProviderChildren(targets: readonly PolicyTarget[]): PolicyTarget[] {
  return targets.flatMap((t) => {
    if (t.type !== CONFIG_GROUP) return [t];
    const [head, project, qualifiedType] = t.urn.split("::");
    const prefix = typeof t.props.resourcePrefix === "string" ? t.props.resourcePrefix : t.name;
    const children = objectsOf(t.props).flatMap((o): PolicyTarget[] => {
      const meta = isObj(o.metadata) ? o.metadata : {};
      if (typeof o.apiVersion !== "string" || typeof o.kind !== "string") return [];
      if (typeof meta.name !== "string" || meta.name === "") return [];
      const local =
        typeof meta.namespace === "string" && meta.namespace !== ""
          ? `${meta.namespace}/${meta.name}`
          : meta.name;
      const name = prefix ? `${prefix}:${local}` : local;
      const type = typeToken(o.apiVersion, o.kind);
      return [
        { type, name, urn: `${head}::${project}::${qualifiedType}$${type}::${name}`, props: o },
      ];
    });
    return [t, ...children];
  });
}
