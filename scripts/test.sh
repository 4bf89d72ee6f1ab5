#!/usr/bin/env bash
# npm test: vitest on PGlite, vitest on a throwaway PostgreSQL, next build, Playwright in
# Debian's Chromium. Installs missing system packages, starts its own servers on loopback,
# removes them afterwards, and ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n\033[1m» %s\033[0m\n' "$*"; }
# A port nothing listens on right now (the kernel's pick), for the servers started below.
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# --- system packages ---------------------------------------------------------------
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
command -v unshare >/dev/null 2>&1 || need+=(util-linux)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
[ -x /usr/sbin/vsftpd ] || need+=(vsftpd)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || need+=(rabbitmq-server)
if [ ${#need[@]} -gt 0 ]; then
  log "Installing system packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null || {
    echo "apt-get install ${need[*]} failed"; echo "0 passed, 1 failed"; exit 1; }
fi
# A package install may start the distribution's own servers; we use our own instances.
service mariadb stop >/dev/null 2>&1 || true
service vsftpd stop >/dev/null 2>&1 || true
service redis-server stop >/dev/null 2>&1 || true
service rabbitmq-server stop >/dev/null 2>&1 || true
source scripts/pg-temp.sh

WORK=$(mktemp -d /tmp/ic-test.XXXXXX)
OUT="$WORK/out"; mkdir -p "$OUT"
chmod 755 "$WORK"
cleanup() {
  pg_temp_stop "$WORK/pg"
  [ -f "$WORK/mysql/mariadb.pid" ] && kill "$(cat "$WORK/mysql/mariadb.pid")" 2>/dev/null && sleep 1
  for pid in "$WORK/s3rver/s3rver.pid" "$WORK/azurite/azurite.pid"; do
    [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null
  done
  for pid in "$WORK"/sshd/sshd.pid "$WORK"/ftp/vsftpd*.pid; do [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null; done
  [ -f "$WORK/redis/redis.pid" ] && kill "$(cat "$WORK/redis/redis.pid")" 2>/dev/null
  [ -x "$WORK/rabbitmq/stop" ] && "$WORK/rabbitmq/stop"
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- throwaway RabbitMQ on loopback (AMQP dry runs) -----------------------------------
# It boots in about 8-25 s on two busy cores, so it starts first, in the background, and is
# waited for just before the suites; the other servers start meanwhile.
log "Starting RabbitMQ (in the background)"
AMQP_PORT=$(free_port)
AMQPS_PORT=$(free_port)
bash scripts/start-rabbitmq.sh "$AMQP_PORT" "$AMQPS_PORT" "$WORK/rabbitmq" >"$WORK/rabbitmq-start.log" 2>&1 &
RABBIT_START=$!

# --- throwaway PostgreSQL on loopback ------------------------------------------------
log "Starting PostgreSQL"
pg_temp_start "$WORK/pg" || { echo "0 passed, 1 failed"; exit 1; }
for db in ic_test ic_e2e ic_verify; do pg_temp_createdb "$db"; done

# --- throwaway MariaDB on loopback (database dry runs) -------------------------------
log "Starting MariaDB"
MY_PORT=$(free_port)
bash scripts/start-mariadb.sh "$MY_PORT" "$WORK/mysql" || { echo "0 passed, 1 failed"; exit 1; }

# --- throwaway sshd and vsftpd on loopback (SFTP and FTP dry runs; they need root) ----
log "Starting sshd and vsftpd"
SSH_PORT=$(free_port); FTP_PORT=$(free_port); FTPS_PORT=$(free_port)
bash scripts/start-sshd.sh "$SSH_PORT" "$WORK/sshd" || { echo "0 passed, 1 failed"; exit 1; }
bash scripts/start-vsftpd.sh "$FTP_PORT" "$FTPS_PORT" "$WORK/ftp" || { echo "0 passed, 1 failed"; exit 1; }
export TEST_SFTP_URL="sftp://icsftp:icsftp-pw@127.0.0.1:$SSH_PORT" TEST_SFTP_DIR="$WORK/sshd"
export TEST_FTP_URL="ftp://icftp:icftp-pw@127.0.0.1:$FTP_PORT" TEST_FTPS_URL="ftps://icftp:icftp-pw@127.0.0.1:$FTPS_PORT"
export TEST_FTP_CA="$WORK/ftp/cert.pem"

export TEST_PG_URL="$PG_URL/ic_verify"
export TEST_MYSQL_URL="mysql://ictest:ictest-pw@127.0.0.1:$MY_PORT/ictest"

# --- object storage emulators on loopback (npm packages: s3rver, azurite) -------------
log "Starting s3rver and Azurite"
S3_PORT=$(free_port)
AZ_PORT=$(free_port)
bash scripts/start-s3rver.sh "$S3_PORT" "$WORK/s3rver" || { echo "0 passed, 1 failed"; exit 1; }
bash scripts/start-azurite.sh "$AZ_PORT" "$WORK/azurite" || { echo "0 passed, 1 failed"; exit 1; }
export TEST_S3_URL="http://S3RVER:S3RVER@127.0.0.1:$S3_PORT/ictest"
export TEST_AZURITE_URL="http://127.0.0.1:$AZ_PORT/devstoreaccount1/ictest"
export NEXT_TELEMETRY_DISABLED=1

# --- throwaway redis-server on loopback (Redis dry runs) ------------------------------
log "Starting Redis, waiting for RabbitMQ"
REDIS_PORT=$(free_port)
REDIS_TLS_PORT=$(free_port)
bash scripts/start-redis.sh "$REDIS_PORT" "$REDIS_TLS_PORT" "$WORK/redis" || { echo "0 passed, 1 failed"; exit 1; }
wait "$RABBIT_START" || { cat "$WORK/rabbitmq-start.log"; echo "0 passed, 1 failed"; exit 1; }
export TEST_REDIS_URL="redis://:ictest-pw@127.0.0.1:$REDIS_PORT/0"
export TEST_REDIS_TLS_URL="rediss://:ictest-pw@localhost:$REDIS_TLS_PORT/0" TEST_REDIS_CA="$WORK/redis/cert.pem"
export TEST_AMQP_URL="amqp://ictest:ictest-pw@127.0.0.1:$AMQP_PORT/ictest"
export TEST_AMQPS_URL="amqps://ictest:ictest-pw@localhost:$AMQPS_PORT/ictest" TEST_AMQP_CA="$WORK/rabbitmq/cert.pem"

# --- suites ----------------------------------------------------------------------------
log "Lint (ESLint) and format (Prettier)"
if node_modules/.bin/eslint --max-warnings=0 . && node_modules/.bin/prettier --check . >"$OUT/prettier.log" 2>&1; then
  echo '{"lint":"ok"}' >"$OUT/lint.json"; echo "lint and format: clean"
else
  cat "$OUT/prettier.log" 2>/dev/null | tail -20
fi

log "Unit and integration tests on PGlite"
env -u DATABASE_URL PGLITE_DIR="$WORK/pglite" IC_TEST_SCRATCH="$WORK/scratch-pglite" \
  node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json="$OUT/vitest-pglite.json"

log "Unit and integration tests on PostgreSQL"
DATABASE_URL="$PG_URL/ic_test" IC_TEST_SCRATCH="$WORK/scratch-pg" \
  node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json="$OUT/vitest-postgres.json"

log "Production build"
if node_modules/.bin/next build >"$OUT/build.log" 2>&1; then
  echo '{"build":"ok"}' >"$OUT/build.json"; tail -5 "$OUT/build.log"
else
  cat "$OUT/build.log"
fi

if [ -f "$OUT/build.json" ]; then
  log "End-to-end tests in Chromium"
  E2E_DATABASE_URL="$PG_URL/ic_e2e" E2E_PG_URL="$PG_URL/ic_verify" E2E_MYSQL_URL="$TEST_MYSQL_URL" PLAYWRIGHT_JSON_OUTPUT_NAME="$OUT/playwright.json" \
    node_modules/.bin/playwright test
fi

node scripts/test-summary.mjs "$OUT"
