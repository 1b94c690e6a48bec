#!/usr/bin/env bash
# Builds the Pulumi Kubernetes provider plugin (`pulumi-resource-kubernetes`) from the Go module
# proxy into $KD_TOOLS/pulumi-resource-kubernetes-<version>/bin; prints that bin dir.
#
# Traps (seen here, 2026-11):
# - github.com/pulumi/pulumi-kubernetes/provider/v4 has no tags of its own (the repo tags v4.x.y
#   and sdk/v4.x.y): it only exists as pseudo-versions v4.0.0-<time>-<commit of tag v4.x.y>.
# - The proxy this machine reaches serves provider/v4 at one commit only: that of tag v4.25.0
#   (v4.0.0-20260115033456-f47bc2d6f199). 4.34.2 (package.json's @pulumi/kubernetes) and every
#   other tag commit tried (v4.26.0 .. v4.32.0) answer 403, and sdk/v4 stops before v4.34.0.
#   Checked again 2026-12-06: still only that commit is listed, sdk/v4 up to v4.32.0.
#   So the provider is 4.25.0 and says so; on PATH the CLI uses it for the SDK's 4.34.2 requests
#   (an ambient plugin wins, with a warning).
# - main.go go:embeds schema-embed.json and terraform-mapping-embed.json, which are generated
#   (git-ignored, so absent from the module zip): the module cache is read-only, so copy the
#   module out, run `VERSION=<v> go run ./generate.go` in cmd/pulumi-resource-kubernetes, and
#   build the copy as the main module.
# - The checksum database reachable here has no record of that pseudo-version (lookup: 404), so
#   it is fetched with GONOSUMDB for that one module and its h1: hash is pinned below instead
#   (first seen 2026-11-22); any other content fails the build.
# - provider/go.mod replaces sdk/v4 with ../sdk: the sdk/v4 zip of the same tag goes beside it,
#   so the module's own go.mod/go.sum work unchanged.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
PV="${KD_K8S_PROVIDER_VERSION:-4.25.0}"
PSEUDO="${KD_K8S_PROVIDER_PSEUDO:-v4.0.0-20260115033456-f47bc2d6f199}" # provider/v4 at tag v$PV
SUM="${KD_K8S_PROVIDER_SUM:-h1:j2bphCf7c2YhnBrhwht2f3TNRRgcMImltUlAgzxr9H4=}" # of that zip
dest="$KD_TOOLS/pulumi-resource-kubernetes-$PV"
bin=pulumi-resource-kubernetes

if [ -x "$dest/bin/$bin" ]; then
  kd_log "$bin $PV: cached in $dest/bin"; echo "$dest/bin"; exit 0
fi
if command -v "$bin" >/dev/null &&
  [ "$(PULUMI_HOME="$(mktemp -d)" pulumi package get-schema "$(command -v "$bin")" 2>/dev/null |
    jq -r .version)" = "$PV" ]; then
  kd_log "$bin $PV: already on PATH"; dirname "$(command -v "$bin")"; exit 0
fi

start=$SECONDS
work="$(mktemp -d)"; trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
mkdir -p "$work/bin"
kd_log "$bin $PV: fetching provider/v4@$PSEUDO and sdk/v4@v$PV"
for m in "provider/v4@$PSEUDO:provider" "sdk/v4@v$PV:sdk"; do
  info="$(GONOSUMDB=github.com/pulumi/pulumi-kubernetes/provider \
    kd_go mod download -json "github.com/pulumi/pulumi-kubernetes/${m%%:*}")" ||
    { jq -r .Error <<<"$info" >&2; exit 1; }
  if [ "${m##*:}" = provider ] && [ "$(jq -r .Sum <<<"$info")" != "$SUM" ]; then
    kd_log "provider/v4@$PSEUDO: checksum $(jq -r .Sum <<<"$info") != pinned $SUM"; exit 1
  fi
  cp -r "$(jq -r .Dir <<<"$info")" "$work/${m##*:}" && chmod -R u+w "$work/${m##*:}"
done
(
  cd "$work/provider/cmd/$bin"
  kd_log "$bin $PV: generating schema-embed.json"
  VERSION="$PV" kd_go run ./generate.go
  kd_log "$bin $PV: building"
  kd_go build -ldflags "-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$PV" \
    -o "$work/bin/$bin" .
)

mkdir -p "$dest" && rm -rf "${dest:?}/bin" && mv "$work/bin" "$dest/bin"
kd_log "$bin $PV: built in $((SECONDS - start)) s -> $dest/bin"
echo "$dest/bin"
