#!/usr/bin/env bash
# Builds kube-apiserver and etcd from the Go module proxy into $KD_TOOLS/kube-<version>/bin;
# prints that bin dir, with kube-controller-manager (its garbage collector and namespace
# controllers run in the e2e suite). No scheduler or kubelet.
#
# Traps (seen here, 2026-11):
# - k8s.io/kubernetes is not meant to be required: its go.mod requires every k8s.io/<staging>
#   module at v0.0.0 and replaces it with ./staging/src/k8s.io/<x>. A wrapper must replace each
#   with the published v0.<minor>.<patch> tag; the list is generated from the real go.mod.
#   (sample-cli-plugin / sample-controller v0.37.2 are not served, but nothing requires them,
#   so their replace lines are inert.)
# - etcd: build the server at exactly the version k8s's go.mod requires (v3.7.0 for v1.37.2);
#   Debian's etcd 3.4 is too old. The upstream `etcd` binary is a 3-line main around
#   go.etcd.io/etcd/server/v3/etcdmain, written here in its own wrapper so etcd's build list
#   does not mix with k8s's. etcd's version is a constant in api/v3/version: no ldflags needed.
# - kube-apiserver prints v0.0.0-master+$Format:%H$ unless component-base/version is stamped.
#   buildDate is the release time from the proxy's .info, so rebuilds are byte-identical;
#   gitCommit stays empty (the .info served here has no Origin commit).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
KV="${KD_KUBE_VERSION:-v1.37.2}" # newest v1.3x patch the proxy serves (Tekton 1.15 needs >= 1.28)
dest="$KD_TOOLS/kube-${KV#v}"

if [ -x "$dest/bin/kube-apiserver" ] && [ -x "$dest/bin/kube-controller-manager" ] && [ -x "$dest/bin/etcd" ]; then
  kd_log "kube $KV: cached in $dest/bin"; echo "$dest/bin"; exit 0
fi
if kube-apiserver --version 2>/dev/null | grep -qx "Kubernetes $KV" && command -v etcd >/dev/null &&
  kube-controller-manager --version 2>/dev/null | grep -qx "Kubernetes $KV"; then
  kd_log "kube $KV: already on PATH"; dirname "$(command -v kube-apiserver)"; exit 0
fi

start=$SECONDS
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
kinfo="$(kd_go mod download -json "k8s.io/kubernetes@$KV")"
kmod="$(jq -r .GoMod <<<"$kinfo")" commit="$(jq -r '.Origin.Hash // ""' <<<"$kinfo")"
released="$(jq -r .Time "$(jq -r .Info <<<"$kinfo")")" # buildDate = release time: reproducible
staging="v0.${KV#v1.}" # v1.37.2 -> v0.37.2

kd_log "kube $KV: building kube-apiserver and kube-controller-manager (staging modules at $staging)"
kd_wrapper "$work/kube" kd.local/kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver \
  k8s.io/kubernetes/cmd/kube-controller-manager
(
  cd "$work/kube"
  # shellcheck disable=SC2046
  go mod edit -require="k8s.io/kubernetes@$KV" $(go mod edit -json "$kmod" |
    jq -r --arg v "$staging" '.Replace[] | select(.New.Path | startswith("./staging/"))
      | "-replace=\(.Old.Path)=\(.Old.Path)@\($v)"')
  kd_go mod tidy
  minor="${KV#v1.}"; minor="${minor%%.*}"
  pkgv=k8s.io/component-base/version
  # One `go build` of both commands: their shared packages compile once.
  kd_go build -tags notest,grpcnotrace -o "$work/bin/" -ldflags "-s -w \
    -X $pkgv.gitVersion=$KV -X $pkgv.gitMajor=1 -X $pkgv.gitMinor=$minor -X $pkgv.gitTreeState=clean \
    -X $pkgv.gitCommit=$commit \
    -X $pkgv.buildDate=$released" k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager
)

EV="$(go mod edit -json "$kmod" | jq -r '.Require[] | select(.Path == "go.etcd.io/etcd/server/v3") | .Version')"
kd_log "kube $KV: building etcd $EV (the version k8s requires)"
mkdir -p "$work/etcd" && (cd "$work/etcd" && go mod init kd.local/etcd >/dev/null 2>&1)
cat >"$work/etcd/main.go" <<'GO'
// The etcd server binary: the same entry point as upstream's etcd main.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
(
  cd "$work/etcd"
  go mod edit -require="go.etcd.io/etcd/server/v3@$EV"
  kd_go mod tidy
  kd_go build -ldflags "-s -w" -o "$work/bin/etcd" .
)

mkdir -p "$dest" && rm -rf "${dest:?}/bin" && mv "$work/bin" "$dest/bin"
kd_log "kube $KV: built in $((SECONDS - start)) s -> $dest/bin"
echo "$dest/bin"
