#!/usr/bin/env bash
# Starts a throwaway S3 server (s3rver, from npm) for the AWS check tests
# (lib/verify/native/aws.test.ts, tests/connectors-object-storage.test.ts, the e2e spec).
#
#   scripts/start-s3rver.sh PORT DIR
#
# It listens on 127.0.0.1:PORT only, keeps its data, pid and log under DIR, and has bucket
# `ictest`. s3rver knows one account, access key `S3RVER` / secret `S3RVER`:
#
#   TEST_S3_URL=http://S3RVER:S3RVER@127.0.0.1:PORT/ictest
#
# What it proves, and what not: s3rver checks that the access key exists (InvalidAccessKeyId)
# and that the bucket does (NoSuchBucket), but it does not compute SigV4 signatures, so a
# wrong secret passes here. The signature itself is proved against tests/fakes/fake-sigv4.ts.
#
# Silent on success; on failure it prints why (and the log tail) and exits non-zero.
#
# Stop it:  kill "$(cat DIR/s3rver.pid)"   (then `rm -rf DIR`)
set -euo pipefail

die() { echo "start-s3rver: $*" >&2; exit 1; }

[[ $# -eq 2 ]] || die "usage: $0 PORT DIR"
port=$1
[[ $port =~ ^[0-9]+$ ]] && (( port > 0 && port < 65536 )) || die "bad port: $port"
mkdir -p "$2"
dir=$(cd "$2" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/node_modules/s3rver/bin/s3rver.js
pidfile=$dir/s3rver.pid log=$dir/s3rver.log
[[ -f $bin ]] || die "s3rver is not installed (npm install)"

alive() { [[ -s $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
# Any S3 answer (an anonymous ListBuckets) means it is up.
ready() {
  node -e 'require("http").get(process.argv[1], (r) => process.exit(r.statusCode < 500 ? 0 : 1)).on("error", () => process.exit(1))' \
    "http://127.0.0.1:$port/" 2>/dev/null
}

if ! alive; then
  mkdir -p "$dir/data"
  # setsid: the server must outlive this script and the shell that called it.
  setsid node "$bin" -d "$dir/data" -a 127.0.0.1 -p "$port" --silent --configure-bucket ictest \
    </dev/null >"$log" 2>&1 &
  echo $! >"$pidfile"
fi

for _ in $(seq 1 100); do
  ready && exit 0
  alive || { tail -n 20 "$log" >&2 2>/dev/null || true; die "s3rver exited during start-up (port $port in use?)"; }
  sleep 0.1
done
tail -n 20 "$log" >&2 2>/dev/null || true
die "s3rver not ready after 10s"
