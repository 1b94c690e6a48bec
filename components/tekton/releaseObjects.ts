/**
 * The Tekton release's objects as this package installs them: the release manifest read (a
 * pinned release URL, a local file, or a directory of manifests) and decoded, then the typed
 * `feature-flags` / `config-defaults` overrides merged into the release's own ConfigMaps. Pure,
 * apart from {@link readRelease}. Done in the program rather than by a resource transform on a
 * `yaml.v2.ConfigFile`, which needs a callback into the program per child (see
 * components/common/keptCrds.ts).
 */
import * as fs from "fs";
import * as path from "path";

/** An object of the release. */
export type ReleaseObject = Record<string, any>;

/**
 * `objs` with `data` merged into ConfigMap `namespace/name` (keys in `data` win; every other key
 * of the release is kept). Other objects are returned as they are; nothing is changed in place.
 */
export function withConfigMapData(
  objs: ReleaseObject[],
  namespace: string,
  name: string,
  data: Record<string, string>,
): ReleaseObject[] {
  if (Object.keys(data).length === 0) return objs;
  return objs.map((o) =>
    o.apiVersion === "v1" &&
    o.kind === "ConfigMap" &&
    o.metadata?.name === name &&
    o.metadata?.namespace === namespace
      ? { ...o, data: { ...(o.data ?? {}), ...data } }
      : o,
  );
}

/** Every `*.yaml` / `*.yml` file under `dir`, sorted (the provider's glob has no `**`). */
export function manifestFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...manifestFiles(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

/**
 * The manifest text: every file of a local directory (sorted, one YAML stream), a local file, or
 * the release URL fetched by the program. Behind an HTTP proxy, Node's `fetch` uses
 * `HTTPS_PROXY` only with `NODE_USE_ENV_PROXY=1` (Node ≥ 22.21); air-gapped clusters give a
 * local `source.path`.
 */
export async function readRelease(source: { url?: string; path?: string }): Promise<string> {
  if (source.path !== undefined) {
    const p = path.resolve(source.path);
    const files = fs.statSync(p).isDirectory() ? manifestFiles(p) : [p];
    return files.map((f) => fs.readFileSync(f, "utf8")).join("\n---\n");
  }
  const res = await fetch(source.url!);
  if (!res.ok) {
    throw new Error(
      `GET ${source.url}: HTTP ${res.status} — the Tekton release manifest could not be read; check the version, or give source.path (a downloaded release.yaml)`,
    );
  }
  return res.text();
}
