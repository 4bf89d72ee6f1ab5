#!/usr/bin/env bash
# npm run bench: GET /api/v1/secrets/{id} against GET /api/health on a production build,
# first on PGlite, then on a throwaway PostgreSQL. Prints throughput and latency ratios.
# Then a refresh storm on that PostgreSQL: 200 concurrent reads of an expired OAuth2 secret
# over two instances; prints the token calls (must be 1) and the wall time against the
# provider's latency. BENCH_ONLY=storm runs the storm alone.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg-temp.sh
WORK=$(mktemp -d /tmp/ic-bench.XXXXXX)
chmod 755 "$WORK"
trap 'pg_temp_stop "$WORK/pg"; rm -rf "$WORK"' EXIT
[ -f .next/BUILD_ID ] || node_modules/.bin/next build
pg_temp_start "$WORK/pg"
pg_temp_createdb ic_bench
BENCH_WORK="$WORK" BENCH_PG_URL="$PG_URL/ic_bench" node_modules/.bin/tsx --conditions=react-server scripts/bench.ts
