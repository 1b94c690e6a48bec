#!/usr/bin/env bash
# Runs a command on a Node LTS, whatever Node the calling shell has: `bash scripts/node-lts.sh
# CMD...`, Node 22 by default, Node 24 with KD_NODE_MAJOR=24. npm scripts go through here (npm
# test, test:e2e, local, the benches): @pulumi/pulumi 3.276 requires Node >= 22, and on the
# machine's Node 20 the suite used to run on without a word. ensure-node.sh switches PATH to that
# Node (installing it from the npm registry's `node` package once, cached by version), so CMD and
# every process it starts (the Pulumi language host runs `node` from PATH) get it. If that cannot
# be done, it stops here, saying why.
set -euo pipefail
# shellcheck source=ensure-node.sh
. "$(dirname "$0")/ensure-node.sh"
if [ "$(kd_node_major)" != "$KD_NODE_MAJOR" ]; then
  echo "node-lts: Node $KD_NODE_MAJOR is required (found $(node --version 2>/dev/null || echo none)); run '. scripts/ensure-node.sh' or put Node $KD_NODE_MAJOR on PATH" >&2
  exit 1
fi
exec "$@"
