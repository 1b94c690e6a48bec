#!/usr/bin/env bash
# Builds Pulumi YAML's language host (`pulumi-language-yaml`, github.com/pulumi/pulumi-yaml) from
# the Go module proxy into DEST/bin, beside the CLI (which looks for its language hosts there):
#   bash scripts/e2e/build-pulumi-yaml.sh "$KD_TOOLS/pulumi-3.276.0"
# Run by build-pulumi.sh. Cached by version: DEST/pulumi-yaml.version.
#
# Traps (seen here, 2026-12-07):
# - The proxy serves pulumi-yaml at v1.11.1 and v1.25.0 only; v1.25.0 is the one with `packages:`.
# - It cannot be built against the CLI's pkg/v3 + sdk/v3 v3.276.0 (one build list with the CLI):
#   it calls sdk/v3's plugin.NewContextWithRoot with 13 arguments and a nil host, and in v3.276.0
#   that function takes 12 and asserts a host. So it is built as released: the module copy as the
#   main module with its own go.mod/go.sum (pkg/v3 + sdk/v3 v3.206.0, both served). It talks to the
#   CLI over gRPC only, and runs a YAML program's `packages:` plugins through its own plugin host,
#   i.e. through the pulumi-language-nodejs beside it (our stand-in, for RunPlugin).
# - The version is stamped as the release does (-X .../pkg/version.Version).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
dest="${1:?usage: build-pulumi-yaml.sh DEST (the pulumi tools dir, e.g. \$KD_TOOLS/pulumi-3.276.0)}"
YV="${KD_PULUMI_YAML_VERSION:-v1.25.0}"
bin=pulumi-language-yaml

if [ -x "$dest/bin/$bin" ] && [ "$(cat "$dest/pulumi-yaml.version" 2>/dev/null)" = "$YV" ]; then
  kd_log "pulumi-yaml $YV: cached in $dest/bin"; exit 0
fi

start=$SECONDS
work="$(mktemp -d)"; trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
kd_log "pulumi-yaml $YV: fetching github.com/pulumi/pulumi-yaml@$YV"
kd_module_copy "github.com/pulumi/pulumi-yaml@$YV" "$work/src"
(
  cd "$work/src"
  kd_log "pulumi-yaml $YV: building $bin"
  kd_go build -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=${YV#v}" \
    -o "$work/$bin" ./cmd/pulumi-language-yaml
)
mkdir -p "$dest/bin" && mv "$work/$bin" "$dest/bin/$bin"
echo "$YV" >"$dest/pulumi-yaml.version"
kd_log "pulumi-yaml $YV: built in $((SECONDS - start)) s -> $dest/bin"
