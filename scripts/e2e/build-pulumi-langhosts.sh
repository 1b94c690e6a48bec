#!/usr/bin/env bash
# Builds our two language-host stand-ins (scripts/e2e/langhosts: pulumi-language-nodejs, which
# adds RunPlugin in front of the real Node.js host, and pulumi-language-go, which only generates
# SDKs) against pkg/v3 + sdk/v3 at the CLI's version, into DEST/bin, beside the CLI:
#   bash scripts/e2e/build-pulumi-langhosts.sh "$KD_TOOLS/pulumi-3.276.0"
# Run by build-pulumi.sh, which puts the real Node.js host in DEST/libexec first (the stand-in
# starts it from there). Cached by DEST/langhosts.sha256, a hash of the sources and the version:
# an edited stand-in rebuilds, nothing else does.
#
# Traps (2026-12):
# - One wrapper module holds both (kd.local/langhosts, the sources copied to cmd/<name>), with the
#   CLI's requirements and replaces, so the packages they share with the CLI come from its build
#   cache; the same -tags as the CLI keep those cache entries shared.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
dest="${1:?usage: build-pulumi-langhosts.sh DEST (the pulumi tools dir, e.g. \$KD_TOOLS/pulumi-3.276.0)}"
V="${KD_PULUMI_VERSION:-v3.276.0}"
src="$(cd "$(dirname "$0")/langhosts" && pwd)"
names=(pulumi-language-nodejs pulumi-language-go)
sum="$( (
  cd "$src"
  find . -type f | LC_ALL=C sort | xargs sha256sum
  echo "pkg/v3 $V"
) | sha256sum | cut -d' ' -f1)"

cached=1
for n in "${names[@]}"; do [ -x "$dest/bin/$n" ] || cached=0; done
if [ "$cached" = 1 ] && [ "$(cat "$dest/langhosts.sha256" 2>/dev/null)" = "$sum" ]; then
  kd_log "language host stand-ins: cached in $dest/bin"; exit 0
fi
[ -x "$dest/libexec/pulumi-language-nodejs" ] ||
  { kd_log "language host stand-ins: no real Node.js host in $dest/libexec: run build-pulumi.sh"; exit 1; }

start=$SECONDS
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
kd_log "language host stand-ins: building ${names[*]} (pkg/v3 + sdk/v3 $V)"
mkdir -p "$work/mod/cmd" "$work/bin"
cp -r "$src/nodejs" "$work/mod/cmd/pulumi-language-nodejs"
cp -r "$src/go" "$work/mod/cmd/pulumi-language-go"
(
  cd "$work/mod"
  go mod init kd.local/langhosts >/dev/null 2>&1
  # shellcheck disable=SC2046
  go mod edit -require="github.com/pulumi/pulumi/pkg/v3@$V" -require="github.com/pulumi/pulumi/sdk/v3@$V" \
    $(kd_replaces_from "$(kd_modfile "github.com/pulumi/pulumi/pkg/v3@$V")")
  kd_go mod tidy
  kd_go build -tags osusergo,grpcnotrace -ldflags "-s -w -X main.version=${V#v}" -o "$work/bin/" ./cmd/...
)
mkdir -p "$dest/bin"
for n in "${names[@]}"; do mv "$work/bin/$n" "$dest/bin/$n"; done
echo "$sum" >"$dest/langhosts.sha256"
kd_log "language host stand-ins: built in $((SECONDS - start)) s -> $dest/bin"
