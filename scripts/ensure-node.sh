#!/usr/bin/env bash
# Puts a Node LTS on PATH when the machine's Node is another major: 22 by default, 24 with
# KD_NODE_MAJOR=24 (the package's engines accept both LTS lines; CI runs the unit suite on each).
# Source it: `. scripts/ensure-node.sh`. Node comes from the npm registry's `node` package, pinned
# per line (KD_NODE_VERSION overrides, same major), cached by version under
# ${XDG_CACHE_HOME:-$HOME/.cache}/kruise-devops.
export KD_NODE_MAJOR="${KD_NODE_MAJOR:-22}"
case "$KD_NODE_MAJOR" in
  22) kd_node_pinned=22.23.3 ;;
  24) kd_node_pinned=24.21.0 ;;
  *)
    echo "ensure-node: KD_NODE_MAJOR is $KD_NODE_MAJOR; the LTS lines supported are 22 and 24" >&2
    return 1 2>/dev/null || exit 1
    ;;
esac
KD_NODE_VERSION="${KD_NODE_VERSION:-$kd_node_pinned}"
kd_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null; }
if [ "$(kd_node_major)" != "$KD_NODE_MAJOR" ]; then
  kd_node_prefix="${XDG_CACHE_HOME:-$HOME/.cache}/kruise-devops/node-${KD_NODE_VERSION}"
  if [ ! -x "$kd_node_prefix/node_modules/node/bin/node" ]; then
    echo "ensure-node: installing node@${KD_NODE_VERSION} from the npm registry into $kd_node_prefix" >&2
    mkdir -p "$kd_node_prefix"
    npm install --no-save --no-package-lock --prefix "$kd_node_prefix" "node@${KD_NODE_VERSION}" >&2 || return 1 2>/dev/null || exit 1
  fi
  export PATH="$kd_node_prefix/node_modules/node/bin:$PATH"
fi
echo "ensure-node: using node $(node --version) at $(command -v node)" >&2
