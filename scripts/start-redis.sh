#!/usr/bin/env bash
# Starts a throwaway Redis for the Redis check tests (lib/verify/native/redis.test.ts).
#
#   scripts/start-redis.sh PORT DIR
#
# It listens on 127.0.0.1:PORT only, keeps nothing on disk but its pid and log under DIR,
# and has
#   - the default user with `requirepass ictest-pw` (AUTH with a password only),
#   - ACL user `ictest` / `ictest-user-pw` with every command (AUTH with username and password),
#   - ACL user `icnoping` / `icnoping-pw` that may run no command at all (PING → NOPERM):
#
#   TEST_REDIS_URL=redis://:ictest-pw@127.0.0.1:PORT/0
#
# Starts in well under a second. Silent on success; on failure it prints why (and the log
# tail) and exits non-zero.
#
# Stop it:  kill "$(cat DIR/redis.pid)"   (then `rm -rf DIR`)
set -euo pipefail

die() { echo "start-redis: $*" >&2; exit 1; }

[[ $# -eq 2 ]] || die "usage: $0 PORT DIR"
port=$1
[[ $port =~ ^[0-9]+$ ]] && (( port > 0 && port < 65536 )) || die "bad port: $port"
mkdir -p "$2"
dir=$(cd "$2" && pwd)
pidfile=$dir/redis.pid log=$dir/redis.log

command -v redis-server >/dev/null || die "redis-server not found (apt-get install redis-server)"

# The configuration is a file (mode 600), not the command line, so the passwords never show
# in `ps`. No persistence: nothing a test writes should outlive the run.
umask 077
cat >"$dir/redis.conf" <<EOF
bind 127.0.0.1
port $port
protected-mode yes
daemonize yes
pidfile $pidfile
logfile $log
dir $dir
save ""
appendonly no
databases 16
requirepass ictest-pw
user ictest on >ictest-user-pw ~* &* +@all
user icnoping on >icnoping-pw -@all
EOF

alive() { [[ -s $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
ready() { REDISCLI_AUTH=ictest-pw redis-cli -h 127.0.0.1 -p "$port" --no-auth-warning ping 2>/dev/null | grep -q PONG; }

if ! alive; then
  rm -f "$pidfile"
  redis-server "$dir/redis.conf" </dev/null >/dev/null 2>&1 || { tail -n 20 "$log" >&2 2>/dev/null || true; die "redis-server failed to start (port $port in use?)"; }
fi
for _ in $(seq 1 50); do
  ready && exit 0
  sleep 0.1
done
tail -n 20 "$log" >&2 2>/dev/null || true
die "redis-server not ready after 5s"
