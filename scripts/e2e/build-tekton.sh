#!/usr/bin/env bash
# Builds Tekton Pipelines' admission/conversion webhook (`tekton-webhook`, ./cmd/webhook of
# github.com/tektoncd/pipeline) from the Go module proxy into $KD_TOOLS/tekton-<version>/bin;
# prints that bin dir. The version is TEKTON_PIPELINES.testedVersion in components/common/versions.ts
# (else v1.15.0), or KD_TEKTON_VERSION. The controller (./cmd/controller) is not built.
#
# Traps (seen here, 2026-12):
# - pipeline v1.15.0's go.mod says `go 1.26.4`: GOTOOLCHAIN=local needs a local Go at least
#   that new (1.26.8 here), or the build stops instead of downloading a toolchain.
# - Releases are built by ko with GOFLAGS=-mod=vendor, but a module zip has no vendor/ tree:
#   the copy builds in module mode from its own go.mod/go.sum (no replace lines), which pin
#   the same versions. No -tags and no version ldflags (the version is in the release
#   manifest's labels; knative's changeset reads ko's kodata, absent here and harmless).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
pinned="$(sed -n '/^export const TEKTON_PIPELINES = {/,/^}/s/^ *testedVersion: "\([^"]*\)".*/\1/p' \
  "$repo/components/common/versions.ts")"
TV="${KD_TEKTON_VERSION:-${pinned:-v1.15.0}}"
dest="$KD_TOOLS/tekton-${TV#v}"

if [ -x "$dest/bin/tekton-webhook" ]; then
  kd_log "tekton $TV: cached in $dest/bin"; echo "$dest/bin"; exit 0
fi

start=$SECONDS
work="$(mktemp -d)"; trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
mkdir -p "$work/bin"
kd_log "tekton $TV: fetching github.com/tektoncd/pipeline@$TV"
kd_module_copy "github.com/tektoncd/pipeline@$TV" "$work/src"
(
  cd "$work/src"
  kd_go mod download
  kd_log "tekton $TV: building tekton-webhook"
  kd_go build -ldflags "-s -w" -o "$work/bin/tekton-webhook" ./cmd/webhook
)

mkdir -p "$dest" && rm -rf "${dest:?}/bin" && mv "$work/bin" "$dest/bin"
kd_log "tekton $TV: built in $((SECONDS - start)) s -> $dest/bin"
echo "$dest/bin"
