#!/usr/bin/env bash
# Builds the Kruise a ScheduledWarm needs (KRUISE_SCHEDULED_WARM_MIN_VERSION in
# components/common/versions.ts: the first release whose AdvancedCronJob takes an ImageListPullJob
# template), with build-kruise.sh, for test/e2e/scheduledWarm.e2e.ts; prints its bin dir. Its
# CRDs land beside it. Never put on PATH: its binaries have the pinned Kruise's names.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
v="$(sed -n 's/^export const KRUISE_SCHEDULED_WARM_MIN_VERSION = "\([^"]*\)";.*/\1/p' \
  "$repo/components/common/versions.ts")"
[ -n "$v" ] || { echo "build-kruise-scheduled: no KRUISE_SCHEDULED_WARM_MIN_VERSION in versions.ts" >&2; exit 1; }
KD_KRUISE_VERSION="v$v" exec bash "$(dirname "$0")/build-kruise.sh"
