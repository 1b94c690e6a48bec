#!/usr/bin/env bash
# `npm run test:e2e`: the end-to-end suite (test/e2e/*.e2e.ts, built into .build) against a real
# Pulumi engine and real API servers. Puts the tools on PATH (built from the Go module proxy on
# first use, then cached: scripts/e2e/tools.sh) and runs mocha; each test file starts and stops
# its own control plane on loopback (scripts/e2e/apiserver.sh, via test/e2e/support/cluster.ts).
# Extra arguments go to mocha (e.g. --grep).
set -euo pipefail
cd "$(dirname "$0")/../.."
# Node 22 (or KD_NODE_MAJOR) also when run directly (npm run test:e2e goes through scripts/node-lts.sh already).
# shellcheck source-path=SCRIPTDIR/../.. source=scripts/ensure-node.sh
. scripts/ensure-node.sh
# shellcheck source-path=SCRIPTDIR/../.. source=scripts/e2e/tools.sh
. scripts/e2e/tools.sh
# shellcheck source-path=SCRIPTDIR/../.. source=scripts/e2e/versions.sh
. scripts/e2e/versions.sh
kd_engine_versions
start=$SECONDS
npx mocha --config .mocharc.e2e.json "$@"
echo "e2e suite: $((SECONDS - start)) s" >&2
