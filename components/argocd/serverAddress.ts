/**
 * The in-cluster address of the Argo CD API server the argo-cd chart creates, named by the
 * chart's own rules (chart 10.1.1, templates/_common.tpl and _helpers.tpl):
 *
 * - `argo-cd.fullname`: `fullnameOverride`, else the release name when it contains
 *   `nameOverride` (default `argocd`; the chart name `argo-cd` when empty), else
 *   `<release>-<name>`; each `| trunc 63 | trimSuffix "-"`;
 * - the Service `argo-cd.server.fullname`: `<fullname>-<server.name>` (default `server`), in
 *   `namespaceOverride` or the release's namespace, port `server.service.servicePortHttps`
 *   (default 443).
 */

/** The pinned chart's defaults of the values the name depends on (its values.yaml). */
export const ARGOCD_CHART_NAMING = {
  chartName: "argo-cd",
  nameOverride: "argocd",
  fullnameOverride: "",
  namespaceOverride: "",
  serverName: "server",
  servicePortHttps: 443,
} as const;

/** Sprig's `trunc 63 | trimSuffix "-"`. */
const trunc63 = (s: string): string => {
  const t = s.slice(0, 63);
  return t.endsWith("-") ? t.slice(0, -1) : t;
};

/** Sprig's `default d v`: `d` when `v` is empty (unset, "", 0, false, null). */
function orDefault<T>(v: unknown, d: T): T {
  return v === undefined || v === null || v === "" || v === 0 || v === false ? d : (v as T);
}

const at = (values: Record<string, unknown>, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (v, k) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined),
    values,
  );

/** The chart's `argo-cd.fullname` for release `release` with `values`. */
export function argoCdFullname(release: string, values: Record<string, unknown>): string {
  const full = orDefault(at(values, "fullnameOverride"), ARGOCD_CHART_NAMING.fullnameOverride);
  if (full) return trunc63(String(full));
  const name = String(
    orDefault(
      values.nameOverride === undefined ? ARGOCD_CHART_NAMING.nameOverride : values.nameOverride,
      ARGOCD_CHART_NAMING.chartName,
    ),
  );
  return release.includes(name) ? trunc63(release) : trunc63(`${release}-${name}`);
}

/**
 * `<server Service>.<namespace>.svc:<https port>` for release `release` in `namespace`, with the
 * user's raw chart `values` (a `null` removes a key, as Helm does; the component sets none of
 * these): what ArgoCdToken and the pipeline's argocd CLI dial.
 */
export function argoCdServerAddress(
  release: string,
  namespace: string,
  values: Record<string, unknown>,
): string {
  // Unset: the chart's default; null (Helm removes the key): empty, `<fullname>-` trimmed.
  const name = at(values, "server", "name");
  const server = name === undefined ? ARGOCD_CHART_NAMING.serverName : String(name ?? "");
  const service = trunc63(`${argoCdFullname(release, values)}-${server}`);
  const ns = trunc63(String(orDefault(at(values, "namespaceOverride"), namespace)));
  const port = orDefault(
    at(values, "server", "service", "servicePortHttps"),
    ARGOCD_CHART_NAMING.servicePortHttps,
  );
  return `${service}.${ns}.svc:${port}`;
}
