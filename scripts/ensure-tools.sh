#!/usr/bin/env bash
# Puts the Debian tools the tests run on PATH when they are missing, in one apt-get run:
# - lua5.1 (with luac5.1): Argo CD runs resource health scripts on gopher-lua, a Lua 5.1
#   implementation, so the tests run them on the reference 5.1;
# - shellcheck: the Tekton task scripts are checked with `shellcheck -s sh`;
# - jq: the warm task's jq filter is run for real on its ImagePullJob template, and the e2e
#   tool builds read go.mod files with it;
# - openssl and curl: the e2e API server's certificates and readiness checks.
# Idempotent and quiet: does nothing when every command is there; apt-get's output is shown only
# if it fails. Run it (`bash scripts/ensure-tools.sh`) or source it.
kd_missing=""
for kd_pair in lua5.1:lua5.1 shellcheck:shellcheck jq:jq openssl:openssl curl:curl; do
  command -v "${kd_pair%%:*}" >/dev/null 2>&1 || kd_missing="$kd_missing ${kd_pair#*:}"
done
if [ -n "$kd_missing" ]; then
  kd_sudo=""
  [ "$(id -u)" -ne 0 ] && kd_sudo="sudo"
  kd_log="$(mktemp)"
  echo "ensure-tools: installing${kd_missing} with apt-get" >&2
  # shellcheck disable=SC2086 # kd_missing is a list of package names, split on purpose
  if ! { $kd_sudo apt-get update -qq &&
    $kd_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $kd_missing; } >"$kd_log" 2>&1 ||
    ! command -v lua5.1 >/dev/null 2>&1 || ! command -v shellcheck >/dev/null 2>&1 ||
    ! command -v jq >/dev/null 2>&1 || ! command -v openssl >/dev/null 2>&1 ||
    ! command -v curl >/dev/null 2>&1; then
    cat "$kd_log" >&2
    rm -f "$kd_log"
    echo "ensure-tools: could not install${kd_missing}" >&2
    unset kd_missing kd_pair kd_sudo kd_log
    # shellcheck disable=SC2317 # exit is reached when the script is run rather than sourced
    return 1 2>/dev/null || exit 1
  fi
  rm -f "$kd_log"
  unset kd_sudo kd_log
fi
unset kd_missing kd_pair
