#!/usr/bin/env bash
# Starts a throwaway OpenSSH server for the SFTP check tests (lib/verify/native/sftp.test.ts,
# tests/connectors-files.test.ts, e2e/connectors-files.spec.ts).
#
#   scripts/start-sshd.sh PORT DIR
#
# It listens on 127.0.0.1:PORT only, with its own config, host key and pid file under DIR,
# and lets in one user, `icsftp` (created if missing, home /home/icsftp), by password
# `icsftp-pw` or by the key DIR/client_key (ed25519, no passphrase) or DIR/client_key_enc
# (passphrase `icsftp-kp`, few KDF rounds so tests stay quick). The host key's public half
# is DIR/host_key.pub:
#
#   TEST_SFTP_URL=sftp://icsftp:icsftp-pw@127.0.0.1:PORT   TEST_SFTP_DIR=DIR
#
# Needs root (sshd switches to the user; without PAM only root can read /etc/shadow).
# Silent on success; on failure it prints why (and the log tail) and exits non-zero.
#
# Stop it:  kill "$(cat DIR/sshd.pid)"
set -euo pipefail

die() { echo "start-sshd: $*" >&2; exit 1; }

[[ $# -eq 2 ]] || die "usage: $0 PORT DIR"
port=$1
[[ $port =~ ^[0-9]+$ ]] && (( port > 0 && port < 65536 )) || die "bad port: $port"
[[ $(id -u) -eq 0 ]] || die "needs root (sshd must switch to the test user)"
[[ -x /usr/sbin/sshd ]] || die "/usr/sbin/sshd not found (apt-get install openssh-server)"
command -v ssh-keygen >/dev/null || die "ssh-keygen not found (apt-get install openssh-client)"
mkdir -p "$2"
dir=$(cd "$2" && pwd)
user=icsftp

alive() { [[ -s $dir/sshd.pid ]] && kill -0 "$(cat "$dir/sshd.pid")" 2>/dev/null; }

id "$user" >/dev/null 2>&1 || useradd --create-home --shell /usr/sbin/nologin "$user" || die "useradd $user failed"
mkdir -p "/home/$user" && chown "$user:" "/home/$user"
echo "$user:icsftp-pw" | chpasswd || die "chpasswd failed"
# Privilege separation directory of Debian's sshd.
mkdir -p /run/sshd && chmod 755 /run/sshd

[[ -f $dir/host_key ]] || ssh-keygen -q -t ed25519 -N '' -C ic-test-host -f "$dir/host_key"
[[ -f $dir/client_key ]] || ssh-keygen -q -t ed25519 -N '' -C ic-test -f "$dir/client_key"
[[ -f $dir/client_key_enc ]] || ssh-keygen -q -t ed25519 -a 4 -N icsftp-kp -C ic-test-enc -f "$dir/client_key_enc"
cat "$dir/client_key.pub" "$dir/client_key_enc.pub" >"$dir/authorized_keys"
chmod 755 "$dir"
chmod 644 "$dir/authorized_keys" "$dir/client_key" "$dir/client_key_enc"

cat >"$dir/sshd_config" <<CFG
ListenAddress 127.0.0.1
Port $port
HostKey $dir/host_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication yes
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin no
AllowUsers $user
Subsystem sftp internal-sftp
LogLevel ERROR
MaxStartups 50
CFG

if ! alive; then
  /usr/sbin/sshd -t -f "$dir/sshd_config" 2>"$dir/sshd.log" || { cat "$dir/sshd.log" >&2; die "bad sshd config"; }
  # setsid: the server must outlive this script. -E keeps its log out of the terminal.
  setsid /usr/sbin/sshd -D -f "$dir/sshd_config" -E "$dir/sshd.log" </dev/null >/dev/null 2>&1 &
  server=$!
fi

ready() { (exec 3<>"/dev/tcp/127.0.0.1/$port" && head -c 4 <&3 | grep -q SSH-) 2>/dev/null; }
for _ in $(seq 1 50); do
  ready && exit 0
  if [[ -n ${server:-} ]] && ! kill -0 "$server" 2>/dev/null; then
    tail -n 20 "$dir/sshd.log" >&2 2>/dev/null || true
    die "sshd exited during start-up (port $port in use?)"
  fi
  sleep 0.1
done
tail -n 20 "$dir/sshd.log" >&2 2>/dev/null || true
die "sshd not ready after 5s"
