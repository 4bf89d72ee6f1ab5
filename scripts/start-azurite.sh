#!/usr/bin/env bash
# Starts a throwaway Azure Blob emulator (azurite-blob, Microsoft's own, from npm) for the
# Azure Storage check tests (lib/verify/native/azure-storage.test.ts,
# tests/connectors-object-storage.test.ts, the e2e spec).
#
#   scripts/start-azurite.sh PORT DIR
#
# It listens on 127.0.0.1:PORT only, keeps its data, pid and log under DIR, sends no
# telemetry, and has container `ictest` in the emulator's well-known account
# `devstoreaccount1` (its published key, in the Azurite README). Path-style URLs:
#
#   TEST_AZURITE_URL=http://127.0.0.1:PORT/devstoreaccount1/ictest
#
# Azurite checks Shared Key and SAS signatures, so a wrong key fails as it would on Azure.
# Silent on success; on failure it prints why (and the log tail) and exits non-zero.
#
# Stop it:  kill "$(cat DIR/azurite.pid)"   (then `rm -rf DIR`)
set -euo pipefail

die() { echo "start-azurite: $*" >&2; exit 1; }

[[ $# -eq 2 ]] || die "usage: $0 PORT DIR"
port=$1
[[ $port =~ ^[0-9]+$ ]] && (( port > 0 && port < 65536 )) || die "bad port: $port"
mkdir -p "$2"
dir=$(cd "$2" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/node_modules/azurite/dist/src/blob/main.js
pidfile=$dir/azurite.pid log=$dir/azurite.log
[[ -f $bin ]] || die "azurite is not installed (npm install)"

alive() { [[ -s $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

if ! alive; then
  mkdir -p "$dir/data"
  # setsid: the server must outlive this script and the shell that called it.
  # --skipApiVersionCheck: @azure/storage-blob may speak a newer API version than this Azurite.
  setsid node "$bin" --silent --disableTelemetry --skipApiVersionCheck --location "$dir/data" \
    --blobHost 127.0.0.1 --blobPort "$port" </dev/null >"$log" 2>&1 &
  echo $! >"$pidfile"
fi

# Ready when the container exists: create it (idempotent) with the well-known account key.
create() {
  (cd "$root" && node -e '
    const { ContainerClient, StorageSharedKeyCredential } = require("@azure/storage-blob");
    const key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    const client = new ContainerClient(process.argv[1], new StorageSharedKeyCredential("devstoreaccount1", key),
      { retryOptions: { maxTries: 1 } });
    client.createIfNotExists().then(() => process.exit(0), () => process.exit(1));
  ' "http://127.0.0.1:$port/devstoreaccount1/ictest") 2>/dev/null
}

for _ in $(seq 1 100); do
  create && exit 0
  alive || { tail -n 20 "$log" >&2 2>/dev/null || true; die "azurite exited during start-up (port $port in use?)"; }
  sleep 0.2
done
tail -n 20 "$log" >&2 2>/dev/null || true
die "azurite not ready after 20s"
