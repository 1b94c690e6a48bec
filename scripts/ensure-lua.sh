#!/usr/bin/env bash
# Puts Debian's lua5.1 (with luac5.1) on PATH when it is missing. Argo CD runs resource health
# scripts on gopher-lua, a Lua 5.1 implementation, so the tests run them on the reference 5.1.
# Idempotent and quiet: does nothing when `lua5.1` is there; apt-get's output is shown only if it
# fails. Run it (`bash scripts/ensure-lua.sh`) or source it.
if ! command -v lua5.1 >/dev/null 2>&1; then
  kd_sudo=""
  [ "$(id -u)" -ne 0 ] && kd_sudo="sudo"
  kd_log="$(mktemp)"
  echo "ensure-lua: installing lua5.1 with apt-get" >&2
  if ! { $kd_sudo apt-get update -qq &&
    $kd_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq lua5.1; } >"$kd_log" 2>&1 ||
    ! command -v lua5.1 >/dev/null 2>&1; then
    cat "$kd_log" >&2
    rm -f "$kd_log"
    echo "ensure-lua: could not install lua5.1" >&2
    return 1 2>/dev/null || exit 1
  fi
  rm -f "$kd_log"
fi
