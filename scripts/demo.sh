#!/usr/bin/env bash
# make demo: the simulator, the daemon on config/demo/, a scripted trader who
# overtrades and holds losers (and one who tries a blocked symbol), and the
# trader's dashboard. Everything runs on loopback; nothing needs the internet.
# Ctrl+C stops everything. Without a terminal (CI, a pipe) it runs for
# RISK_DEMO_SECONDS (default 60) and prints a summary instead of the dashboard.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${RISK_BUILD_DIR:-build/release}
DEMO_DIR=${RISK_DEMO_DIR:-$PWD/demo-run}
KEY=${RISK_DEMO_API_KEY:-demo-local-only-key-0001}
ACCOUNT=1001
SECONDS_LIMIT=${RISK_DEMO_SECONDS:-60}

find_bin() { find "$BIN" -type f -name "$1" -perm -u+x 2>/dev/null | head -n 1; }
SIM=$(find_bin projectx-sim)
DAEMON=$(find_bin risk-daemon)
TRADER_UI=$(find_bin risk-trader)
[[ -n "$SIM" && -n "$DAEMON" ]] || { echo "demo: build first (make release): projectx-sim or risk-daemon missing in $BIN" >&2; exit 2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

rm -rf "$DEMO_DIR"
mkdir -p "$DEMO_DIR"/{config,data,logs,sim}
pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'echo; echo "demo: stopping"; exit 0' INT TERM HUP

echo "== 1/4 projectx-sim (local ProjectX Gateway, TLS on loopback)"
"$SIM" --port 0 --cert-dir "$DEMO_DIR/sim" --ready-file "$DEMO_DIR/sim/ready.json" \
  --user "demo-trader:$KEY" --account "$ACCOUNT:DEMO-50K:demo-trader:50000" \
  --price-interval-ms 250 > "$DEMO_DIR/sim.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do [[ -s "$DEMO_DIR/sim/ready.json" ]] && break; sleep 0.1; done
[[ -s "$DEMO_DIR/sim/ready.json" ]] || { echo "demo: the simulator did not start"; cat "$DEMO_DIR/sim.log"; exit 1; }
SIM_URL=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["baseUrl"])' "$DEMO_DIR/sim/ready.json")
echo "   $SIM_URL"

echo "== 2/4 risk-daemon on config/demo (tight limits so rules trip within a minute)"
cp config/demo/accounts.yaml config/demo/risk_config.yaml "$DEMO_DIR/config/"
chmod 600 "$DEMO_DIR/config/accounts.yaml"
EVENT_PORT=$(free_port)
export RISK_SIM_URL="$SIM_URL" RISK_SIM_CA="$DEMO_DIR/sim/cert.pem" RISK_DEMO_DIR="$DEMO_DIR" RISK_EVENT_PORT="$EVENT_PORT"
"$DAEMON" --config "$DEMO_DIR/config" > "$DEMO_DIR/daemon.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  grep -qs "Started Successfully" "$DEMO_DIR"/logs/daemon*.log && break
  kill -0 "${pids[-1]}" 2>/dev/null || { echo "demo: the daemon stopped"; cat "$DEMO_DIR/daemon.out"; exit 1; }
  sleep 0.1
done
echo "   event server ws://127.0.0.1:$EVENT_PORT, state $DEMO_DIR/data/state.db, logs $DEMO_DIR/logs"

echo "== 3/4 scripted traders: one overtrades MNQ and holds losers, one tries NQ (blocked)"
"$SIM" trader --url "$SIM_URL" --ca-file "$DEMO_DIR/sim/cert.pem" --user demo-trader --api-key "$KEY" \
  --account "$ACCOUNT" --contract CON.F.US.MNQ.Z26 --actions 0 --interval-ms 700 > "$DEMO_DIR/trader-mnq.log" 2>&1 &
pids+=($!)
"$SIM" trader --url "$SIM_URL" --ca-file "$DEMO_DIR/sim/cert.pem" --user demo-trader --api-key "$KEY" \
  --account "$ACCOUNT" --contract CON.F.US.ENQ.Z26 --actions 0 --interval-ms 4000 --seed 11 > "$DEMO_DIR/trader-nq.log" 2>&1 &
pids+=($!)

if [[ -t 1 && -n "$TRADER_UI" ]]; then
  echo "== 4/4 the trader's dashboard (q quits, Ctrl+C stops the demo)"
  sleep 1
  "$TRADER_UI" --account "$ACCOUNT" --server "127.0.0.1:$EVENT_PORT" --db "$DEMO_DIR/data/state.db" || true
  exit 0
fi

echo "== 4/4 live feed of enforcement (${SECONDS_LIMIT}s; Ctrl+C stops)"
tail -n +1 -F "$DEMO_DIR"/logs/enforcement*.log 2>/dev/null &
pids+=($!)
sleep "$SECONDS_LIMIT"
echo
echo "== summary"
if [[ -n "$TRADER_UI" ]]; then
  "$TRADER_UI" status --account "$ACCOUNT" --db "$DEMO_DIR/data/state.db" --server "127.0.0.1:$EVENT_PORT" || true
else
  sqlite3 -readonly "$DEMO_DIR/data/state.db" \
    "SELECT 'lockouts:', count(*) FROM lockouts; SELECT 'enforcements:', count(*) FROM enforcement_log;" || true
fi
