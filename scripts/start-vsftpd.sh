#!/usr/bin/env bash
# Starts two throwaway vsftpd servers for the FTP check tests (lib/verify/native/ftp.test.ts,
# tests/connectors-files.test.ts, e2e/connectors-files.spec.ts).
#
#   scripts/start-vsftpd.sh PORT IMPLICIT_PORT DIR
#
# Both listen on 127.0.0.1 only, with their own config under DIR and a self-signed
# certificate for 127.0.0.1 and localhost (DIR/cert.pem: give it to Node as
# NODE_EXTRA_CA_CERTS to trust it). PORT takes plain FTP and explicit TLS (AUTH TLS);
# IMPLICIT_PORT speaks TLS from the first byte. One user, `icftp` (created if missing, home
# /home/icftp), password `icftp-pw`:
#
#   TEST_FTP_URL=ftp://icftp:icftp-pw@127.0.0.1:PORT   TEST_FTPS_URL=ftps://icftp:icftp-pw@127.0.0.1:IMPLICIT_PORT
#   TEST_FTP_CA=DIR/cert.pem
#
# Needs root (vsftpd logs users in through PAM: the script adds /etc/pam.d/ic-test-ftp,
# plain pam_unix, so the test user keeps a nologin shell). Silent on success.
#
# Stop them:  kill "$(cat DIR/vsftpd.pid)" "$(cat DIR/vsftpd-implicit.pid)"
set -euo pipefail

die() { echo "start-vsftpd: $*" >&2; exit 1; }

[[ $# -eq 3 ]] || die "usage: $0 PORT IMPLICIT_PORT DIR"
for p in "$1" "$2"; do
  [[ $p =~ ^[0-9]+$ ]] && (( p > 0 && p < 65536 )) || die "bad port: $p"
done
[[ $(id -u) -eq 0 ]] || die "needs root (vsftpd switches to the test user)"
[[ -x /usr/sbin/vsftpd ]] || die "/usr/sbin/vsftpd not found (apt-get install vsftpd)"
command -v openssl >/dev/null || die "openssl not found"
mkdir -p "$3"
dir=$(cd "$3" && pwd)
user=icftp

id "$user" >/dev/null 2>&1 || useradd --create-home --shell /usr/sbin/nologin "$user" || die "useradd $user failed"
mkdir -p "/home/$user" && chown "$user:" "/home/$user"
echo "$user:icftp-pw" | chpasswd || die "chpasswd failed"
cat >/etc/pam.d/ic-test-ftp <<'PAM'
# Integration Center test FTP user (scripts/start-vsftpd.sh): password check only.
auth     required pam_unix.so nodelay
account  required pam_unix.so
session  required pam_permit.so
PAM
mkdir -p /var/run/vsftpd/empty

if [[ ! -f $dir/cert.pem ]]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" >/dev/null 2>&1 || die "openssl could not make a certificate"
  chmod 600 "$dir/key.pem"
fi

# $1 name, $2 port, $3 pasv range start, $4 extra lines
write_config() {
  cat >"$dir/$1.conf" <<CFG
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=$2
background=NO
anonymous_enable=NO
local_enable=YES
write_enable=NO
pam_service_name=ic-test-ftp
userlist_enable=YES
userlist_deny=NO
userlist_file=$dir/users
seccomp_sandbox=NO
secure_chroot_dir=/var/run/vsftpd/empty
pasv_enable=YES
pasv_address=127.0.0.1
pasv_min_port=$3
pasv_max_port=$(( $3 + 9 ))
connect_from_port_20=NO
xferlog_enable=NO
vsftpd_log_file=$dir/$1.log
dual_log_enable=NO
ssl_enable=YES
rsa_cert_file=$dir/cert.pem
rsa_private_key_file=$dir/key.pem
ssl_tlsv1=NO
ssl_sslv2=NO
ssl_sslv3=NO
require_ssl_reuse=NO
force_local_logins_ssl=NO
force_local_data_ssl=NO
$4
CFG
}
echo "$user" >"$dir/users"
# Passive ports above the listen ports' range of ephemeral picks is not guaranteed; they
# are only used by clients that transfer data, which the check never does.
write_config vsftpd "$1" 40100 ""
write_config vsftpd-implicit "$2" 40110 "implicit_ssl=YES"

start() {
  local name=$1 port=$2
  if [[ -s $dir/$name.pid ]] && kill -0 "$(cat "$dir/$name.pid")" 2>/dev/null; then return 0; fi
  # setsid: the server must outlive this script (setsid execs, so $! is vsftpd itself).
  setsid /usr/sbin/vsftpd "$dir/$name.conf" </dev/null >"$dir/$name.out" 2>&1 &
  echo $! >"$dir/$name.pid"
  for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    kill -0 "$(cat "$dir/$name.pid")" 2>/dev/null || { cat "$dir/$name.out" >&2; die "$name exited (port $port in use?)"; }
    sleep 0.1
  done
  die "$name not ready after 5s"
}
start vsftpd "$1"
start vsftpd-implicit "$2"
