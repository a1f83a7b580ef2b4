#!/usr/bin/env bash
# The trader's dashboard against the demo setup, as a person would see it:
# `scripts/demo.sh` runs in tmux (a real terminal), the scripted trader breaks
# the rules, and the screen (tmux capture-pane) must show the lockout with its
# reason and a countdown within a few seconds. Then `risk-trader status --json`
# reads the database that real daemon run produced.
# usage: trader_dashboard_tmux.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1
build=$2
session="risk-dash-$$"
work=$(mktemp -d)
trap 'tmux kill-session -t "$session" 2>/dev/null || true; sleep 1; rm -rf "$work"' EXIT

cd "$src"
tmux new-session -d -s "$session" -x 100 -y 32 \
  "RISK_BUILD_DIR=$build RISK_DEMO_DIR=$work/demo RISK_DEMO_SECONDS=120 ./scripts/demo.sh; sleep 60"

screen=""
for _ in $(seq 1 90); do
  sleep 1
  screen=$(tmux capture-pane -p -t "$session" 2>/dev/null || true)
  if grep -q "LOCKED" <<<"$screen" && grep -qE "RULE-0(0[0-9]|1[0-3])" <<<"$screen" &&
     grep -qE "([0-9]+h )?[0-9]+m [0-9]+s|until reset|until the broker" <<<"$screen"; then
    echo "dashboard shows the lockout:"
    grep -E "LOCKED|RULE-0" <<<"$screen" | head -5
    break
  fi
  screen=""
done
if [[ -z "$screen" ]]; then
  echo "the dashboard never showed a lockout with its reason and countdown; last screen:" >&2
  tmux capture-pane -p -t "$session" >&2 || true
  exit 1
fi

# status --json against the database of this real daemon run
db="$work/demo/data/state.db"
json=$("$(find "$build" -type f -name risk-trader -perm -u+x | head -n 1)" status --json --offline --account 1001 --db "$db")
python3 - "$json" <<'PY'
import json, sys
s = json.loads(sys.argv[1])
text = json.dumps(s)
assert "1001" in text, "no account 1001 in status"
assert "RULE-0" in text, "no lockout rule in status --json: " + text[:400]
print("status --json ok:", {k: s[k] for k in list(s)[:4]})
PY
