#!/usr/bin/env bash
# ctest entry: run.sh <projectx-sim binary> <work dir>
# Installs the pinned @microsoft/signalr (npm ci, only when missing or the lock
# changed) into the work dir, starts the simulator with TLS, trusts its
# certificate through NODE_EXTRA_CA_CERTS and runs test.js.
set -euo pipefail
sim=$(realpath "$1")
work=$(realpath -m "$2")
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
cp "$here/package.json" "$here/package-lock.json" "$here/test.js" "$work/"
cd "$work"
if [[ ! -d node_modules/@microsoft/signalr ]] || ! cmp -s package-lock.json node_modules/.lock-copy; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.lock-copy
fi
run=$(mktemp -d)
"$sim" --port 0 --cert-dir "$run" --ready-file "$run/ready.json" --price-interval-ms 50 > "$run/sim.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$run"' EXIT
for _ in $(seq 1 100); do
  [[ -s "$run/ready.json" ]] && break
  sleep 0.1
done
[[ -s "$run/ready.json" ]] || { echo "projectx-sim did not start:"; cat "$run/sim.log"; exit 1; }
NODE_EXTRA_CA_CERTS="$run/cert.pem" node test.js "$run/ready.json"
