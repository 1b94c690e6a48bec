#!/usr/bin/env bash
# Builds the Pulumi CLI (`pulumi`) and the language hosts it runs, from the Go module proxy, into
# $KD_TOOLS/pulumi-<version>; prints its bin dir. The CLI looks for its language hosts beside
# itself (as in a release), so they all share that one bin dir:
#   bin/pulumi                      the CLI, pkg/v3 at $V
#   bin/pulumi-language-nodejs      our stand-in (langhosts/nodejs: RunPlugin), in front of
#   libexec/pulumi-language-nodejs  the real Node.js host, from sdk/v3 $HOST_SDK (below)
#   bin/pulumi-language-go          our stand-in (langhosts/go: gen-sdk's GeneratePackage)
#   bin/pulumi-language-yaml        Pulumi YAML's host (build-pulumi-yaml.sh)
# Each part is cached on its own: the CLI and the real host by version, the stand-ins by a hash
# of their sources (build-pulumi-langhosts.sh), the YAML host by its version.
#
# Traps (seen here, 2026-11 and 2026-12):
# - What the proxy this machine reaches serves of github.com/pulumi/pulumi/pkg/v3 changes over
#   time: up to v3.259.0 in 2026-11; on 2026-12-06 v3.276.0 (= @pulumi/pulumi in package.json)
#   and a few others (v3.260.0, v3.274.x, v3.275.0), while v3.270.0 is still refused (403 "This
#   module version is not available", final). The CLI is built at the SDK's version.
# - The language host's own module (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3,
#   untagged, pseudo-versions only) is not served at any version (v3.276.0 and @latest tried
#   2026-12-06 and 2026-12-07: 403). Before it was split out it was a package of sdk/v3 itself; the
#   newest sdk/v3 that still has it and is served is v3.68.0, so the host is from there. The CLI
#   falls back to the older RPCs (GetRequiredPlugins etc.) when a host lacks the new ones; what
#   that host lacks: RegisterStackTransform and SignalAndWaitForShutdown (UNIMPLEMENTED), and
#   RunPlugin ("not supported"), which the CLI needs to run a Node.js plugin directory (a
#   component package: get-schema, gen-sdk, YAML `packages:`). Our stand-in serves RunPlugin and
#   forwards everything else to it (langhosts/nodejs/main.go says how); policy packs still run
#   through policy/launch. scripts/e2e/versions.sh says so at every e2e run.
#   Checked: `pulumi up` of a TypeScript program on @pulumi/pulumi 3.276 + @pulumi/kubernetes
#   4.34.2 works with this trio, and through the stand-in (test/e2e/componentPackage.e2e.ts).
# - The Go host (github.com/pulumi/pulumi/sdk/go/pulumi-language-go/v3) is not served either, and
#   no served sdk/v3 has it: its stand-in only generates SDKs, with pkg/v3's codegen/go.
# - Each needs its own wrapper module: one build list can hold only one sdk/v3 version.
# - pkg/go.mod has `replace github.com/pulumi/pulumi/sdk/v3 => ../sdk` (local: dropped, the
#   wrapper requires sdk/v3 at the same version) and a clipboard fork replace (copied);
#   sdk/go.mod v3.68.0 replaces golang.org/x/text => v0.3.6 (copied likewise).
# - A cache made before the stand-in had the real host at bin/pulumi-language-nodejs: it is moved
#   to libexec/ (no rebuild).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
here="$(cd "$(dirname "$0")" && pwd)"
V="${KD_PULUMI_VERSION:-v3.276.0}"          # CLI: pkg/v3 + sdk/v3 (= @pulumi/pulumi in package.json)
HOST_SDK="${KD_PULUMI_NODEJS_HOST_SDK:-v3.68.0}" # sdk/v3 version that still contains the Node host
dest="$KD_TOOLS/pulumi-${V#v}"

if [ "$(pulumi version 2>/dev/null)" = "$V" ] && [ ! -e "$dest" ] &&
  command -v pulumi-language-nodejs >/dev/null && command -v pulumi-language-yaml >/dev/null &&
  command -v pulumi-language-go >/dev/null; then
  kd_log "pulumi $V: already on PATH"; dirname "$(command -v pulumi)"; exit 0
fi

if [ -x "$dest/bin/pulumi-language-nodejs" ] && [ ! -e "$dest/libexec" ] && [ ! -e "$dest/langhosts.sha256" ]; then
  kd_log "pulumi $V: moving the real Node.js host of an older cache to $dest/libexec"
  mkdir -p "$dest/libexec" && mv "$dest/bin/pulumi-language-nodejs" "$dest/libexec/"
fi

start=$SECONDS
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
ldflags() { echo "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$1"; }

if [ ! -x "$dest/bin/pulumi" ]; then
  kd_log "pulumi $V: building the CLI (pkg/v3 + sdk/v3 $V)"
  kd_wrapper "$work/cli" kd.local/pulumi-cli github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  (
    cd "$work/cli"
    # shellcheck disable=SC2046
    go mod edit -require="github.com/pulumi/pulumi/pkg/v3@$V" -require="github.com/pulumi/pulumi/sdk/v3@$V" \
      $(kd_replaces_from "$(kd_modfile "github.com/pulumi/pulumi/pkg/v3@$V")")
    kd_go mod tidy
    kd_go build -tags osusergo,grpcnotrace -ldflags "$(ldflags "$V")" -o "$work/pulumi" \
      github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  )
  mkdir -p "$dest/bin" && mv "$work/pulumi" "$dest/bin/pulumi"
  kd_log "pulumi $V: CLI built in $((SECONDS - start)) s"
fi

if [ ! -x "$dest/libexec/pulumi-language-nodejs" ]; then
  t=$SECONDS
  kd_log "pulumi $V: building the real pulumi-language-nodejs (sdk/v3 $HOST_SDK)"
  host_pkg=github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
  kd_wrapper "$work/host" kd.local/pulumi-language-nodejs "$host_pkg"
  (
    cd "$work/host"
    # shellcheck disable=SC2046
    go mod edit -require="github.com/pulumi/pulumi/sdk/v3@$HOST_SDK" \
      $(kd_replaces_from "$(kd_modfile "github.com/pulumi/pulumi/sdk/v3@$HOST_SDK")")
    kd_go mod tidy
    kd_go build -tags osusergo,grpcnotrace -ldflags "$(ldflags "$HOST_SDK")" \
      -o "$work/pulumi-language-nodejs" "$host_pkg"
  )
  mkdir -p "$dest/libexec" && mv "$work/pulumi-language-nodejs" "$dest/libexec/pulumi-language-nodejs"
  kd_log "pulumi $V: real Node.js host built in $((SECONDS - t)) s"
fi

KD_PULUMI_VERSION="$V" bash "$here/build-pulumi-langhosts.sh" "$dest"
bash "$here/build-pulumi-yaml.sh" "$dest"

if [ $((SECONDS - start)) -gt 1 ]; then
  kd_log "pulumi $V: ready in $((SECONDS - start)) s -> $dest/bin"
else
  kd_log "pulumi $V: cached in $dest/bin"
fi
echo "$dest/bin"
