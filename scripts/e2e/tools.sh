# shellcheck shell=bash
# Puts the end-to-end toolchain on PATH: pulumi and the language hosts beside it
# (pulumi-language-nodejs and pulumi-language-go, our stand-ins, and pulumi-language-yaml: see
# build-pulumi.sh), pulumi-resource-kubernetes,
# kube-apiserver + etcd, kruise-manager + kruise-daemon + kruise-fake-cri, tekton-webhook (and, off
# PATH, the newer Kruise ScheduledWarm needs: build-kruise-scheduled.sh). Each is
# built from the Go module proxy on first use (slow: see BUILD-TIMES.md) and reused from
# ${XDG_CACHE_HOME:-$HOME/.cache}/kruise-devops/tools afterwards.
#   . scripts/e2e/tools.sh        # in a shell or a CI script: exports PATH
#   bash scripts/e2e/tools.sh     # builds/warms the cache, prints an `export PATH=...` line
# Sourced, it leaves the caller's shell options alone (no set -e in your shell): each build
# runs as its own `set -euo pipefail` script and a failure makes this return 1.
kd_e2e_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kd_e2e_tools() {
  local s t dir
  # pulumi first: build-k8s-provider.sh asks `pulumi package get-schema` for a PATH copy's version.
  # kruise-scheduled: the newer Kruise scheduledWarm.e2e runs (found by its test, not on PATH).
  for s in pulumi k8s-provider kube kruise tekton kruise-scheduled; do
    t=$SECONDS
    dir="$(bash "$kd_e2e_dir/build-$s.sh")" || { echo "e2e tools: build-$s.sh failed" >&2; return 1; }
    echo "e2e tools: $s ready in $((SECONDS - t)) s ($dir)" >&2
    [ "$s" = kruise-scheduled ] && continue
    case ":$PATH:" in *":$dir:"*) ;; *) PATH="$dir:$PATH" ;; esac
  done
  export PATH
}
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  kd_e2e_tools
  echo "export PATH=\"$PATH\""
else
  kd_e2e_tools
fi
