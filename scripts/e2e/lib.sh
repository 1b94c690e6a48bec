# shellcheck shell=bash disable=SC2034
# Shared helpers for scripts/e2e/build-*.sh (sourced, not run).
# Every tool is built from the Go module proxy only (no git clones, no prebuilt downloads)
# and cached by version under $KD_TOOLS/<name>-<version>/bin.
# Trap: Go's default GOCACHE is also under $XDG_CACHE_HOME (go-build), so a new XDG_CACHE_HOME
# means a cold Go build cache too (full rebuilds) unless GOCACHE is set.
KD_TOOLS="${XDG_CACHE_HOME:-$HOME/.cache}/kruise-devops/tools"

# Low priority, so a build never starves interactive work: by default one compile at a time on
# one core; KD_BUILD_JOBS=N (CI, where nothing else runs) allows N of each. CGO off and -trimpath
# give static, path-independent binaries. GOTOOLCHAIN=local: never download another Go.
# GOFLAGS keeps whatever the caller had (e.g. -buildvcs=false).
KD_BUILD_JOBS="${KD_BUILD_JOBS:-1}"
export CGO_ENABLED=0 GOMAXPROCS="${GOMAXPROCS:-$KD_BUILD_JOBS}" GOTOOLCHAIN=local
export GOFLAGS="-p=$KD_BUILD_JOBS -trimpath -buildvcs=false ${GOFLAGS:-}"
kd_go() { nice -n 19 go "$@"; }

kd_log() { echo "[e2e $(date +%T)] $*" >&2; }

# kd_replaces_from GO.MOD: print `-replace=old=new@v` flags for the non-local replace
# directives of a go.mod (local ones, `=> ../sdk`, point into the upstream checkout and
# are replaced by a proper `require` in the wrapper instead).
kd_replaces_from() {
  go mod edit -json "$1" | jq -r '.Replace // [] | .[] | select(.New.Version != null)
    | "-replace=\(.Old.Path)\(if .Old.Version then "@"+.Old.Version else "" end)=\(.New.Path)@\(.New.Version)"'
}

# kd_modfile MODULE@VERSION: path of that module's go.mod in the module cache (downloads it).
kd_modfile() { kd_go mod download -json "$1" | jq -r .GoMod; }

# kd_module_copy MODULE@VERSION DIR: the module's source from the proxy, copied to DIR and made
# writable (the module cache's copy is read-only); prints the proxy's error and fails if none.
kd_module_copy() {
  local info
  info="$(kd_go mod download -json "$1")" || { jq -r .Error <<<"$info" >&2; return 1; }
  cp -r "$(jq -r .Dir <<<"$info")" "$2" && chmod -R u+w "$2"
}

# kd_wrapper DIR MODULE PKG...: a throwaway module in DIR whose tools.go imports PKG...
# (main packages may be imported under a build tag that is never set).
kd_wrapper() {
  local dir="$1" mod="$2"; shift 2
  mkdir -p "$dir" && (cd "$dir" && go mod init "$mod" >/dev/null 2>&1)
  { echo '//go:build tools'; echo 'package tools'; echo 'import ('
    for p in "$@"; do echo "	_ \"$p\""; done; echo ')'; } >"$dir/tools.go"
}
