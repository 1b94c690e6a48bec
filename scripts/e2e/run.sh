#!/usr/bin/env bash
# `npm run test:e2e`: the end-to-end suite (test/e2e/*.e2e.ts, built into .build) against a real
# Pulumi engine and a real API server. Puts the tools on PATH (built from the Go module proxy on
# first use, then cached: scripts/e2e/tools.sh), starts kube-apiserver + etcd on loopback
# (scripts/e2e/apiserver.sh), runs mocha with KUBECONFIG set, and stops the server whatever
# happens. Extra arguments go to mocha (e.g. --grep).
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source-path=SCRIPTDIR/../.. source=scripts/e2e/tools.sh
. scripts/e2e/tools.sh
work="$(mktemp -d)"
dir="$work/apiserver"
cleanup() {
  bash scripts/e2e/apiserver.sh stop "$dir" || true
  rm -rf "$work"
}
trap cleanup EXIT
eval "$(bash scripts/e2e/apiserver.sh start "$dir")"
export KUBECONFIG
start=$SECONDS
npx mocha --config .mocharc.e2e.json "$@"
echo "e2e suite: $((SECONDS - start)) s" >&2
