#!/usr/bin/env bash
# Runs a command on Node 22, whatever Node the calling shell has: `bash scripts/node22.sh CMD...`.
# npm scripts go through here (npm test, test:e2e, local, the benches): @pulumi/pulumi 3.276
# requires Node >= 22, and on the machine's Node 20 the suite used to run on without a word.
# ensure-node.sh switches PATH to Node 22 (installing it from the npm registry's `node` package
# once, cached by version), so CMD and every process it starts (the Pulumi language host runs
# `node` from PATH) get Node 22. If that cannot be done, it stops here, saying why.
set -euo pipefail
# shellcheck source=ensure-node.sh
. "$(dirname "$0")/ensure-node.sh"
if [ "$(kd_node_major)" != "22" ]; then
  echo "node22: Node 22 is required (found $(node --version 2>/dev/null || echo none)); run '. scripts/ensure-node.sh' or put Node 22 on PATH" >&2
  exit 1
fi
exec "$@"
