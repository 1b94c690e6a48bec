#!/usr/bin/env bash
# Puts Node 22 LTS on PATH when the machine's Node is older or newer.
# Source it: `. scripts/ensure-node.sh`. Node comes from the npm registry's `node` package,
# cached by version under ${XDG_CACHE_HOME:-$HOME/.cache}/kruise-devops.
KD_NODE_VERSION="${KD_NODE_VERSION:-22.23.3}"
kd_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null; }
if [ "$(kd_node_major)" != "22" ]; then
  kd_node_prefix="${XDG_CACHE_HOME:-$HOME/.cache}/kruise-devops/node-${KD_NODE_VERSION}"
  if [ ! -x "$kd_node_prefix/node_modules/node/bin/node" ]; then
    echo "ensure-node: installing node@${KD_NODE_VERSION} from the npm registry into $kd_node_prefix" >&2
    mkdir -p "$kd_node_prefix"
    npm install --no-save --no-package-lock --prefix "$kd_node_prefix" "node@${KD_NODE_VERSION}" >&2 || return 1 2>/dev/null || exit 1
  fi
  export PATH="$kd_node_prefix/node_modules/node/bin:$PATH"
fi
echo "ensure-node: using node $(node --version) at $(command -v node)" >&2
