#!/usr/bin/env bash
# Builds the Pulumi CLI (`pulumi`) and the Node.js language host (`pulumi-language-nodejs`)
# from the Go module proxy into $KD_TOOLS/pulumi-<version>/bin; prints that bin dir.
#
# Traps (seen here, 2026-11 and 2026-12):
# - What the proxy this machine reaches serves of github.com/pulumi/pulumi/pkg/v3 changes over
#   time: up to v3.259.0 in 2026-11; on 2026-12-06 v3.276.0 (= @pulumi/pulumi in package.json)
#   and a few others (v3.260.0, v3.274.x, v3.275.0), while v3.270.0 is still refused (403 "This
#   module version is not available", final). The CLI is built at the SDK's version.
# - The language host's own module (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3,
#   untagged, pseudo-versions only) is not served at any version (v3.276.0 and @latest tried
#   2026-12-06: 403). Before it was split out it was a package of sdk/v3 itself; the newest sdk/v3
#   that still has it and is served is v3.68.0, so the host is from there. The CLI falls back to
#   the older RPCs (GetRequiredPlugins etc.) when a host lacks the new ones; what that host lacks:
#   RegisterStackTransform and SignalAndWaitForShutdown (UNIMPLEMENTED), RunPlugin (policy packs
#   run through policy/launch instead). scripts/e2e/versions.sh says so at every e2e run.
#   Checked: `pulumi up` of a TypeScript program on @pulumi/pulumi 3.276 + @pulumi/kubernetes
#   4.34.2 works with this trio.
# - Both need their own wrapper module: one build list can hold only one sdk/v3 version.
# - pkg/go.mod has `replace github.com/pulumi/pulumi/sdk/v3 => ../sdk` (local: dropped, the
#   wrapper requires sdk/v3 at the same version) and a clipboard fork replace (copied);
#   sdk/go.mod v3.68.0 replaces golang.org/x/text => v0.3.6 (copied likewise).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
V="${KD_PULUMI_VERSION:-v3.276.0}"          # CLI: pkg/v3 + sdk/v3 (= @pulumi/pulumi in package.json)
HOST_SDK="${KD_PULUMI_NODEJS_HOST_SDK:-v3.68.0}" # sdk/v3 version that still contains the Node host
dest="$KD_TOOLS/pulumi-${V#v}"

if [ -x "$dest/bin/pulumi" ] && [ -x "$dest/bin/pulumi-language-nodejs" ]; then
  kd_log "pulumi $V: cached in $dest/bin"; echo "$dest/bin"; exit 0
fi
if [ "$(pulumi version 2>/dev/null)" = "$V" ] && command -v pulumi-language-nodejs >/dev/null; then
  kd_log "pulumi $V: already on PATH"; dirname "$(command -v pulumi)"; exit 0
fi

start=$SECONDS
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
ldflags() { echo "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$1"; }

kd_log "pulumi $V: building the CLI (pkg/v3 + sdk/v3 $V)"
kd_wrapper "$work/cli" kd.local/pulumi-cli github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
(
  cd "$work/cli"
  # shellcheck disable=SC2046
  go mod edit -require="github.com/pulumi/pulumi/pkg/v3@$V" -require="github.com/pulumi/pulumi/sdk/v3@$V" \
    $(kd_replaces_from "$(kd_modfile "github.com/pulumi/pulumi/pkg/v3@$V")")
  kd_go mod tidy
  kd_go build -tags osusergo,grpcnotrace -ldflags "$(ldflags "$V")" -o "$work/bin/pulumi" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
)

kd_log "pulumi $V: building pulumi-language-nodejs (sdk/v3 $HOST_SDK)"
host_pkg=github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
kd_wrapper "$work/host" kd.local/pulumi-language-nodejs "$host_pkg"
(
  cd "$work/host"
  # shellcheck disable=SC2046
  go mod edit -require="github.com/pulumi/pulumi/sdk/v3@$HOST_SDK" \
    $(kd_replaces_from "$(kd_modfile "github.com/pulumi/pulumi/sdk/v3@$HOST_SDK")")
  kd_go mod tidy
  kd_go build -tags osusergo,grpcnotrace -ldflags "$(ldflags "$HOST_SDK")" \
    -o "$work/bin/pulumi-language-nodejs" "$host_pkg"
)

mkdir -p "$dest" && rm -rf "${dest:?}/bin" && mv "$work/bin" "$dest/bin"
kd_log "pulumi $V: built in $((SECONDS - start)) s -> $dest/bin"
echo "$dest/bin"
