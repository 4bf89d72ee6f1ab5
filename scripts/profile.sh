#!/usr/bin/env bash
# npm run profile: a CPU profile of `next start` (production build) under autocannon load,
# summarised by category (scripts/profile.ts, scripts/profile-summary.ts). On PGlite, then on a
# throwaway PostgreSQL (or PROFILE_PG_URL when set). PROFILE_TARGET=read|list|create|health,
# PROFILE_DB=pglite|postgres|both, PROFILE_SECONDS, PROFILE_KEEP=<dir> to keep the profiles.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg-temp.sh
WORK=$(mktemp -d /tmp/ic-profile.XXXXXX)
chmod 755 "$WORK"
trap '[ -n "${STARTED_PG:-}" ] && pg_temp_stop "$WORK/pg"; rm -rf "$WORK"' EXIT
[ -f .next/BUILD_ID ] || node_modules/.bin/next build
PG="${PROFILE_PG_URL:-}"
if [ -z "$PG" ] && [ "${PROFILE_DB:-both}" != pglite ]; then
  pg_temp_start "$WORK/pg"
  STARTED_PG=1
  pg_temp_createdb ic_profile
  PG="$PG_URL/ic_profile"
fi
PROFILE_WORK="$WORK" PROFILE_PG_URL="$PG" node_modules/.bin/tsx --conditions=react-server scripts/profile.ts
