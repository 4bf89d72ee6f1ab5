#!/usr/bin/env bash
# Starts a throwaway RabbitMQ for the AMQP check tests (lib/verify/native/amqp.test.ts).
#
#   scripts/start-rabbitmq.sh PORT TLS_PORT DIR
#
# It listens for AMQP on 127.0.0.1:PORT and for AMQPS on 127.0.0.1:TLS_PORT (a throwaway
# self-signed certificate for the name `localhost` only: DIR/cert.pem), with Erlang
# distribution and epmd on two more free loopback ports, so it never meets another node on
# this machine; keeps everything (node database, logs, cookie, pid) under DIR, and ensures
#   - vhost `ictest`, user `ictest` / `ictest-pw` with all permissions on it,
#   - user `icnoperm` / `icnoperm-pw` with no permission on any vhost:
#
#   TEST_AMQP_URL=amqp://ictest:ictest-pw@127.0.0.1:PORT/ictest
#   TEST_AMQPS_URL=amqps://ictest:ictest-pw@localhost:TLS_PORT/ictest   TEST_AMQP_CA=DIR/cert.pem
#
# RabbitMQ takes several seconds to boot (about 8-25 s on two busy cores), so npm test starts
# it first, in the background, and waits for it just before Vitest (scripts/test.sh).
# Silent on success; on failure it prints why (and the log tail) and exits non-zero.
#
# Stop it:  DIR/stop   (then `rm -rf DIR`)
set -euo pipefail

die() { echo "start-rabbitmq: $*" >&2; exit 1; }

[[ $# -eq 3 ]] || die "usage: $0 PORT TLS_PORT DIR"
port=$1 tls_port=$2
for p in "$port" "$tls_port"; do
  [[ $p =~ ^[0-9]+$ ]] && (( p > 0 && p < 65536 )) || die "bad port: $p"
done
mkdir -p "$3"
dir=$(cd "$3" && pwd)

bin=/usr/lib/rabbitmq/bin
[[ -x $bin/rabbitmq-server && -x $bin/rabbitmqctl ]] || die "rabbitmq-server not found (apt-get install rabbitmq-server)"
command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# One environment for the server and for rabbitmqctl: same node name, cookie (HOME) and
# epmd port. The node name is unique per DIR so two runs on one machine never collide.
if [[ ! -s $dir/env ]]; then
  name="ictest$(printf '%s' "$dir" | cksum | cut -d' ' -f1)"
  cat >"$dir/env" <<EOF
export HOME="$dir/home"
export RABBITMQ_NODENAME="$name@localhost"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=$port
export RABBITMQ_DIST_PORT=$(free_port)
export ERL_EPMD_PORT=$(free_port)
export ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_MNESIA_BASE="$dir/mnesia"
export RABBITMQ_LOG_BASE="$dir/log"
export RABBITMQ_PID_FILE="$dir/rabbitmq.pid"
export RABBITMQ_CONFIG_FILE="$dir/rabbitmq"
export RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config"
export RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
export RABBITMQ_ENABLED_PLUGINS=
export RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf"
export RABBITMQ_ALLOW_INPUT=
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
EOF
fi
# shellcheck disable=SC1091
source "$dir/env"
[[ $RABBITMQ_NODE_PORT == "$port" ]] || die "$dir was set up for port $RABBITMQ_NODE_PORT"
mkdir -p "$HOME" "$RABBITMQ_MNESIA_BASE" "$RABBITMQ_LOG_BASE"
: >"$RABBITMQ_CONF_ENV_FILE"
echo '[].' >"$RABBITMQ_ENABLED_PLUGINS_FILE"
echo '[].' >"$RABBITMQ_ADVANCED_CONFIG_FILE"
# The certificate names `localhost` and nothing else: a check that dials 127.0.0.1 must still
# verify against the name the credential gave.
if [[ ! -s $dir/cert.pem ]]; then
  (umask 077 && openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost -keyout "$dir/key.pem" -out "$dir/cert.pem" >/dev/null 2>&1) \
    || die "openssl could not make a certificate"
  chmod 644 "$dir/cert.pem"
fi
# No guest login from anywhere, a small disk floor so a full /tmp does not block publishers,
# logs to files only.
cat >"$dir/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:$port
listeners.ssl.default = 127.0.0.1:$tls_port
ssl_options.certfile = $dir/cert.pem
ssl_options.keyfile = $dir/key.pem
ssl_options.cacertfile = $dir/cert.pem
ssl_options.verify = verify_none
ssl_options.fail_if_no_peer_cert = false
loopback_users.guest = true
default_user = icadmin
default_pass = icadmin-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
disk_free_limit.absolute = 50MB
log.console = false
log.file.level = warning
EOF
cat >"$dir/stop" <<EOF
#!/usr/bin/env bash
source "$dir/env"
$bin/rabbitmqctl -q stop >/dev/null 2>&1 || { [[ -s \$RABBITMQ_PID_FILE ]] && kill "\$(cat \$RABBITMQ_PID_FILE)" 2>/dev/null; }
# This run's own epmd (its own port), once no node is registered with it.
epmd -port "\$ERL_EPMD_PORT" -kill >/dev/null 2>&1
exit 0
EOF
chmod +x "$dir/stop"

ctl() { "$bin/rabbitmqctl" -q "$@"; }
alive() { [[ -s $RABBITMQ_PID_FILE ]] && kill -0 "$(cat "$RABBITMQ_PID_FILE")" 2>/dev/null; }

if ! alive; then
  # setsid: the server must outlive this script and the shell that called it.
  setsid "$bin/rabbitmq-server" </dev/null >"$dir/server.out" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do
    [[ -s $RABBITMQ_PID_FILE ]] && break
    kill -0 "$server" 2>/dev/null || { tail -n 20 "$dir/server.out" >&2; die "rabbitmq-server exited during start-up"; }
    sleep 0.5
  done
fi
# `wait` returns once the broker has booted (or fails when it cannot).
timeout 90 "$bin/rabbitmqctl" -q wait --timeout 90 "$RABBITMQ_PID_FILE" >/dev/null 2>&1 \
  || { tail -n 20 "$dir/server.out" >&2; die "rabbitmq not ready after 90s"; }

ctl add_vhost ictest >/dev/null 2>&1 || true
ctl add_user ictest ictest-pw >/dev/null 2>&1 || true
ctl change_password ictest ictest-pw >/dev/null
ctl set_permissions -p ictest ictest '.*' '.*' '.*' >/dev/null
ctl add_user icnoperm icnoperm-pw >/dev/null 2>&1 || true
ctl change_password icnoperm icnoperm-pw >/dev/null
