# Sourced by test.sh and bench.sh: a throwaway PostgreSQL cluster on a loopback port.
#   pg_temp_start DIR   → exports PG_URL (postgres://postgres:<pw>@127.0.0.1:<port>), PG_PORT, PG_SOCKET_DIR
#   pg_temp_stop DIR
#   pg_temp_createdb NAME
# Password auth (scram) over TCP, so wrong-password checks fail as they would in production.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

pg_temp_start() {
  local dir=$1
  PG_PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  local pw; pw=$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')
  mkdir -p "$dir" && chown postgres "$dir" && chmod 755 "$(dirname "$dir")"
  echo "$pw" >"$dir/pw" && chown postgres "$dir/pw"
  runuser -u postgres -- "$PGBIN/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pw" \
    --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; return 1; }
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $dir -c max_connections=200 -c fsync=off" >/dev/null \
    || { cat "$dir/server.log"; return 1; }
  PG_SOCKET_DIR=$dir
  PG_URL="postgres://postgres:$pw@127.0.0.1:$PG_PORT"
  export PG_URL PG_PORT PG_SOCKET_DIR
}

pg_temp_createdb() {
  runuser -u postgres -- "$PGBIN/psql" -h "$PG_SOCKET_DIR" -p "$PG_PORT" -qc "create database $1" postgres >/dev/null
}

pg_temp_stop() {
  [ -f "$1/data/postmaster.pid" ] && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$1/data" stop -m fast >/dev/null 2>&1
  return 0
}
