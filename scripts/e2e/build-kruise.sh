#!/usr/bin/env bash
# Builds OpenKruise's kruise-manager and kruise-daemon at the version the pinned chart installs,
# plus kruise-fake-cri (scripts/e2e/fakecri: an in-memory CRI the daemon pulls images through),
# from the Go module proxy into $KD_TOOLS/kruise-<version>/bin; prints that bin dir. The version's
# CRDs (config/crd/bases) go beside it, in $KD_TOOLS/kruise-<version>/crds.
# The version is the appVersion of the chart in the local mirror (KRUISE_DEVOPS_UPSTREAM, else
# ../shared/fixtures/upstream; layout as in stacks/mirror.ts), or KD_KRUISE_VERSION.
#
# Traps (seen here, 2026-12):
# - kruise has no version variable to stamp (main.go and pkg/util hold none; the release images
#   are built with a plain `go build -a`, no -tags, no -ldflags -X), so only -s -w is passed.
# - kruise's go.mod requires k8s.io/kubernetes v1.30.10 and replaces every staging module with
#   its v0.30.10 tag itself, so the module copy builds as the main module with its own
#   go.mod/go.sum unchanged. The fake CRI is copied into that copy (hack/kruise-fake-cri) so it
#   reuses exactly kruise's build list: k8s.io/kubernetes/pkg/kubelet/cri/remote/fake is in it
#   (k8s.io/cri-client is not, at any version, in kruise 1.8.3's graph). kruise 1.9.x builds
#   against Kubernetes 1.32, where the same fake is k8s.io/cri-client/pkg/fake: the copy's import
#   is rewritten when kruise's go.mod requires k8s.io/cri-client.
# - `go build -o DIR/` names each binary after its package path: the module root builds as
#   `kruise` and ./cmd/daemon as `daemon`; both are renamed after the one shared build.
# - kruise-daemon looks for the CRI socket only under the hard-coded /hostvarrun (its DaemonSet
#   mounts the host's /var/run there), with --socket-file naming a file in it; it also needs
#   NODE_NAME. See fakecri/main.go.
# - The cache is keyed by the kruise version, so fakecri.sha256 beside bin/ records which
#   fakecri/main.go the fake was built from; an edited main.go rebuilds.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
fakecri="$repo/scripts/e2e/fakecri/main.go"
chart_version="$(sed -n '/^export const KRUISE_CHART = {/,/^}/s/^ *version: "\([^"]*\)".*/\1/p' \
  "$repo/components/common/versions.ts")"
chart="${KRUISE_DEVOPS_UPSTREAM:-$repo/../shared/fixtures/upstream}/kruise/chart-$chart_version/Chart.yaml"
KV="${KD_KRUISE_VERSION:-}"
if [ -z "$KV" ]; then
  [ -r "$chart" ] || { kd_log "kruise: no chart at $chart; set KD_KRUISE_VERSION (e.g. v1.8.3)"; exit 1; }
  KV="$(sed -n 's/^appVersion: *["'\'']\{0,1\}\([^"'\'' ]*\).*/\1/p' "$chart")"
  [ -n "$KV" ] || { kd_log "kruise: no appVersion in $chart"; exit 1; }
fi
KV="v${KV#v}" # appVersion 1.8.3 -> tag v1.8.3
dest="$KD_TOOLS/kruise-${KV#v}"
bins=(kruise-manager kruise-daemon kruise-fake-cri)
fakecri_sum="$(sha256sum <"$fakecri")"

# kruise_crds SRC: the version's CRDs (config/crd/bases) beside bin/, in $dest/crds: a test that
# installs a Kruise newer than the pinned chart takes its CRDs from there (test/e2e/support).
kruise_crds() {
  rm -rf "$dest/crds.tmp" && cp -r "$1/config/crd/bases" "$dest/crds.tmp" && chmod -R u+w "$dest/crds.tmp"
  rm -rf "$dest/crds" && mv "$dest/crds.tmp" "$dest/crds"
}

cached=1
for b in "${bins[@]}"; do [ -x "$dest/bin/$b" ] || cached=0; done
if [ "$cached" = 1 ] && [ "$(cat "$dest/fakecri.sha256" 2>/dev/null)" = "$fakecri_sum" ]; then
  if [ ! -d "$dest/crds" ]; then
    src="$(kd_go mod download -json "github.com/openkruise/kruise@$KV" | jq -r .Dir)"
    kruise_crds "$src"
  fi
  kd_log "kruise $KV: cached in $dest/bin"; echo "$dest/bin"; exit 0
fi

start=$SECONDS
work="$(mktemp -d)"; trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
mkdir -p "$work/bin"
kd_log "kruise $KV: fetching github.com/openkruise/kruise@$KV"
kd_module_copy "github.com/openkruise/kruise@$KV" "$work/src"
mkdir -p "$work/src/hack/kruise-fake-cri" && cp "$fakecri" "$work/src/hack/kruise-fake-cri/main.go"
# From Kubernetes 1.31 the kubelet's fake remote runtime lives in k8s.io/cri-client (same API);
# kruise 1.9.x builds against 1.32, so the fake is imported from there when kruise requires it.
if grep -q '^[[:space:]]*k8s.io/cri-client ' "$work/src/go.mod"; then
  sed -i 's#"k8s.io/kubernetes/pkg/kubelet/cri/remote/fake"#"k8s.io/cri-client/pkg/fake"#' \
    "$work/src/hack/kruise-fake-cri/main.go"
fi
(
  cd "$work/src"
  kd_go mod download
  kd_log "kruise $KV: building kruise-manager, kruise-daemon and kruise-fake-cri"
  # One `go build` of all three: the k8s packages they share compile once.
  kd_go build -ldflags "-s -w" -o "$work/bin/" . ./cmd/daemon ./hack/kruise-fake-cri
)
mv "$work/bin/kruise" "$work/bin/kruise-manager" && mv "$work/bin/daemon" "$work/bin/kruise-daemon"

mkdir -p "$dest" && rm -rf "${dest:?}/bin" && mv "$work/bin" "$dest/bin"
kruise_crds "$work/src"
echo "$fakecri_sum" >"$dest/fakecri.sha256"
kd_log "kruise $KV: built in $((SECONDS - start)) s -> $dest/bin"
echo "$dest/bin"
