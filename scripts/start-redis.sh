#!/usr/bin/env bash
# Starts a throwaway Redis for the Redis check tests (lib/verify/native/redis.test.ts).
#
#   scripts/start-redis.sh PORT TLS_PORT DIR
#
# It listens on 127.0.0.1:PORT (plain) and 127.0.0.1:TLS_PORT (TLS, with a throwaway
# self-signed certificate for the name `localhost` only: DIR/cert.pem), keeps nothing on disk
# but its pid, log and that certificate under DIR, and has
#   - the default user with `requirepass ictest-pw` (AUTH with a password only),
#   - ACL user `ictest` / `ictest-user-pw` with every command (AUTH with username and password),
#   - ACL user `icnoping` / `icnoping-pw` that may run no command at all (PING → NOPERM):
#
#   TEST_REDIS_URL=redis://:ictest-pw@127.0.0.1:PORT/0
#   TEST_REDIS_TLS_URL=rediss://:ictest-pw@localhost:TLS_PORT/0   TEST_REDIS_CA=DIR/cert.pem
#
# Starts in well under a second. Silent on success; on failure it prints why (and the log
# tail) and exits non-zero.
#
# Stop it:  kill "$(cat DIR/redis.pid)"   (then `rm -rf DIR`)
set -euo pipefail

die() { echo "start-redis: $*" >&2; exit 1; }

[[ $# -eq 3 ]] || die "usage: $0 PORT TLS_PORT DIR"
port=$1 tls_port=$2
for p in "$port" "$tls_port"; do
  [[ $p =~ ^[0-9]+$ ]] && (( p > 0 && p < 65536 )) || die "bad port: $p"
done
mkdir -p "$3"
dir=$(cd "$3" && pwd)
pidfile=$dir/redis.pid log=$dir/redis.log

command -v redis-server >/dev/null || die "redis-server not found (apt-get install redis-server)"
command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"

# The configuration is a file (mode 600), not the command line, so the passwords never show
# in `ps`. No persistence: nothing a test writes should outlive the run.
umask 077
# The certificate names `localhost` and nothing else: a check that dials 127.0.0.1 must still
# send SNI and verify against the name the credential gave.
if [[ ! -s $dir/cert.pem ]]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj /CN=localhost -addext subjectAltName=DNS:localhost \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" >/dev/null 2>&1 || die "openssl could not make a certificate"
  chmod 644 "$dir/cert.pem"
fi
cat >"$dir/redis.conf" <<EOF
bind 127.0.0.1
port $port
tls-port $tls_port
tls-cert-file $dir/cert.pem
tls-key-file $dir/key.pem
tls-ca-cert-file $dir/cert.pem
tls-auth-clients no
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
