#!/usr/bin/env bash
# Starts a throwaway MariaDB for the database-check tests (lib/verify/database.test.ts).
#
#   scripts/start-mariadb.sh PORT DIR
#
# It listens on 127.0.0.1:PORT only, keeps everything (data, socket, log, pid) under DIR
# and ensures database `ictest` and user `ictest`@`127.0.0.1`/`%` with password `ictest-pw`:
#
#   TEST_MYSQL_URL=mysql://ictest:ictest-pw@127.0.0.1:PORT/ictest
#
# Silent on success; on failure it prints why (and the server log tail) and exits non-zero.
# Re-running with the same DIR reuses the data directory and a server that is still up.
#
# Stop it:  kill "$(cat DIR/mariadb.pid)"   (then `rm -rf DIR` to throw the data away)
set -euo pipefail

die() { echo "start-mariadb: $*" >&2; exit 1; }

[[ $# -eq 2 ]] || die "usage: $0 PORT DIR"
port=$1
[[ $port =~ ^[0-9]+$ ]] && (( port > 0 && port < 65536 )) || die "bad port: $port"
mkdir -p "$2"
dir=$(cd "$2" && pwd)
data=$dir/data sock=$dir/sock pidfile=$dir/mariadb.pid log=$dir/error.log

for bin in mariadbd mariadb-install-db mariadb mariadb-admin; do
  command -v "$bin" >/dev/null || [[ -x /usr/sbin/$bin ]] || die "$bin not found (apt-get install mariadb-server)"
done
mariadbd=$(command -v mariadbd || echo /usr/sbin/mariadbd)

# --no-defaults everywhere: /etc/mysql/*.cnf would otherwise redirect the socket, log and
# bind address to the system instance's settings.
client() { mariadb --no-defaults --protocol=socket --socket="$sock" -uroot "$@"; }
alive() { [[ -s $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
ready() { mariadb-admin --no-defaults --socket="$sock" -uroot --connect-timeout=1 ping >/dev/null 2>&1; }

if ! alive; then
  rm -f "$pidfile" "$sock"
  if [[ ! -d $data/mysql ]]; then
    # normal root auth (empty password over the socket) works whatever OS user runs this.
    mariadb-install-db --no-defaults --user=root --datadir="$data" \
      --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve \
      >"$dir/install.log" 2>&1 || { tail -n 20 "$dir/install.log" >&2; die "mariadb-install-db failed"; }
  fi
  # setsid: the server must outlive this script and the shell that called it. Small buffer
  # pool and no binlog keep start-up to about a second.
  setsid "$mariadbd" --no-defaults --user=root --datadir="$data" --port="$port" \
    --bind-address=127.0.0.1 --skip-networking=0 --socket="$sock" --pid-file="$pidfile" \
    --log-error="$log" --skip-name-resolve --skip-log-bin --innodb-buffer-pool-size=16M \
    --innodb-log-file-size=8M </dev/null >/dev/null 2>&1 &
  server=$!
fi

for _ in $(seq 1 150); do
  ready && break
  if [[ -n ${server:-} ]] && ! kill -0 "$server" 2>/dev/null; then
    tail -n 20 "$log" >&2 2>/dev/null || true
    die "mariadbd exited during start-up (port $port in use?)"
  fi
  sleep 0.2
done
ready || { tail -n 20 "$log" >&2 2>/dev/null || true; die "mariadbd not ready after 30s"; }

# ALTER USER resets the password, so an edited or half-set-up DIR converges on re-run.
client <<'SQL' || die "could not create database/user"
CREATE DATABASE IF NOT EXISTS ictest;
CREATE USER IF NOT EXISTS 'ictest'@'127.0.0.1' IDENTIFIED BY 'ictest-pw';
CREATE USER IF NOT EXISTS 'ictest'@'%' IDENTIFIED BY 'ictest-pw';
ALTER USER 'ictest'@'127.0.0.1' IDENTIFIED BY 'ictest-pw';
ALTER USER 'ictest'@'%' IDENTIFIED BY 'ictest-pw';
GRANT ALL PRIVILEGES ON ictest.* TO 'ictest'@'127.0.0.1';
GRANT ALL PRIVILEGES ON ictest.* TO 'ictest'@'%';
SQL
