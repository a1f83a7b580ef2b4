#!/usr/bin/env bash
# The service's permission model, shown with real users (issue #10).
#
#   tests/service/permissions.sh SOURCE_DIR BUILD_DIR
#
# As root: installs into a staging root with scripts/install-service.sh (real
# users riskd and risk-traders, real owners and modes), starts projectx-sim and
# risk-daemon as riskd the way systemd would (secrets.env read by root, UMask
# 0027, the riskd user and group), then checks as
#   - a trader (risk-test-trader, in risk-traders): reads state.db and the logs;
#     cannot read accounts.yaml, secrets.env, admin.key, admin.pwhash or the
#     daemon's environment; cannot change the configuration; cannot signal the
#     daemon; cannot write state.db or the logs; cannot clear a lockout;
#   - another user (risk-test-other, not in the group): reads nothing;
#   - the daemon's user: reads its configuration, changes none of it.
# Every "cannot" is checked once more with the protection loosened (and must
# then succeed), so a check that could not fail would be caught.
#
# Exit 0: all passed; 1: a check failed; 77: skipped (not root, or a tool is missing).
# Users, groups and processes it made are removed at the end.
set -uo pipefail

SRC=${1:?usage: permissions.sh SOURCE_DIR BUILD_DIR}
BUILD=${2:?usage: permissions.sh SOURCE_DIR BUILD_DIR}

if [[ $(id -u) -ne 0 ]]; then
  echo "SKIP: needs root (it creates the users riskd, risk-test-trader and risk-test-other); CI runs it as root"
  exit 77
fi
for tool in useradd userdel groupadd groupdel gpasswd setpriv sqlite3 python3 flock; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done

# One run at a time on a machine: the users are global.
exec 9>/tmp/risk-service-permissions.lock
flock 9

DAEMON_USER=riskd
TRADERS=risk-traders
TRADER=risk-test-trader
OTHER=risk-test-other
PREFIX=/usr/local
STAGE=$(mktemp -d /tmp/risk-service-XXXXXX)
chmod 0755 "$STAGE"
CONF=$STAGE/etc/risk-manager
DATA=$STAGE/var/lib/risk-manager
LOGS=$STAGE/var/log/risk-manager
BIN=$STAGE$PREFIX/bin
DB=$DATA/state.db
ACCOUNT=1001

made_users=()
made_groups=()
pids=()
DAEMON_PID=
cleanup() {
  local pid u g
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  for u in "${made_users[@]}"; do userdel "$u" 2>/dev/null; done
  for g in "${made_groups[@]}"; do getent group "$g" >/dev/null && groupdel "$g" 2>/dev/null; done
  if [[ ${KEEP_STAGE:-0} == 1 ]]; then echo "staging root kept: $STAGE"; else rm -rf "$STAGE"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

failures=0
passes=0
pass() { passes=$((passes + 1)); printf '  ok    %s\n' "$*"; }
fail() { failures=$((failures + 1)); printf '  FAIL  %s\n' "$*"; }
section() { printf '\n== %s\n' "$*"; }

# as USER CMD...: run CMD as USER with its own groups, no root privileges left.
as() {
  local user=$1
  shift
  (cd / && env HOME=/ setpriv --reuid "$user" --regid "$(id -g "$user")" --init-groups --no-new-privs -- "$@")
}

# Probes: 0 when USER can do it. Their output goes to $STAGE/probe.out.
can_read() { as "$1" cat -- "$2" >"$STAGE/probe.out" 2>&1; }
can_list() { as "$1" ls -- "$2" >"$STAGE/probe.out" 2>&1; }
# shellcheck disable=SC2016 # $1 is the inner shell's argument
can_append() { as "$1" sh -c 'printf "" >> "$1"' sh "$2" >"$STAGE/probe.out" 2>&1; }
# shellcheck disable=SC2016
can_create_in() { as "$1" sh -c 'touch "$1/probe-$$" && rm -f "$1/probe-$$"' sh "$2" >"$STAGE/probe.out" 2>&1; }
can_signal() { as "$1" kill -TERM "$2" >"$STAGE/probe.out" 2>&1; }
can_write_db() { as "$1" sqlite3 -cmd ".timeout 3000" "$2" "${3:-DELETE FROM lockouts}" >"$STAGE/probe.out" 2>&1; }
can_status() { as "$1" "$BIN/risk-trader" status --offline --account "$ACCOUNT" --db "$2" >"$STAGE/probe.out" 2>&1; }
can_read_db() { as "$1" sqlite3 -readonly "$2" "SELECT count(*) FROM schema_version" >"$STAGE/probe.out" 2>&1; }

# expect yes|no WHAT PROBE USER ARG
expect() {
  local want=$1 what=$2
  shift 2
  if "$@"; then
    if [[ $want == yes ]]; then pass "$what"; else fail "$what: it was allowed"; fi
  else
    if [[ $want == no ]]; then pass "$what"; else fail "$what: refused: $(head -c 300 "$STAGE/probe.out")"; fi
  fi
}

# loosened MODE PATH WHAT PROBE USER ARG: with PATH's mode set to MODE for a moment,
# the probe must succeed: the "cannot" check that uses it is able to fail.
loosened() {
  local mode=$1 path=$2 what=$3
  shift 3
  local saved
  saved=$(stat -c %a "$path")
  chmod "$mode" "$path"
  if "$@"; then pass "self-check: $what once $path is $mode"; else fail "self-check: $what even with $path $mode"; fi
  chmod "$saved" "$path"
}

# owner:group mode of a path, as expected.
layout_problems=0
check_path() {
  local want_owner=$1 want_mode=$2 path=$3 got
  got=$(stat -c '%U:%G %a' "$path" 2>/dev/null || echo missing)
  if [[ $got == "$want_owner $want_mode" ]]; then
    pass "$(printf '%-26s %-5s %s' "$want_owner" "$want_mode" "${path#"$STAGE"}")"
  else
    fail "${path#"$STAGE"}: $got, expected $want_owner $want_mode"
    layout_problems=$((layout_problems + 1))
  fi
}

find_bin() { find "$BUILD" -type f -name "$1" -perm -u+x 2>/dev/null | head -n 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# ---------------------------------------------------------------- set up ----
section "users"
getent passwd "$DAEMON_USER" >/dev/null || made_users+=("$DAEMON_USER")
getent group "$DAEMON_USER" >/dev/null || made_groups+=("$DAEMON_USER")
getent group "$TRADERS" >/dev/null || made_groups+=("$TRADERS")
for u in "$TRADER" "$OTHER"; do
  if getent passwd "$u" >/dev/null; then
    echo "a user $u exists already (left by an earlier run?): remove it (userdel $u) and run again"
    exit 1
  fi
done

section "install into $STAGE"
t0=$(date +%s.%N)
if ! "$SRC/scripts/install-service.sh" --root "$STAGE" --prefix "$PREFIX" --build-dir "$BUILD" >"$STAGE/install.out" 2>&1; then
  cat "$STAGE/install.out"
  fail "install-service.sh failed"
  exit 1
fi
pass "install-service.sh ($(python3 -c "import sys;print(round($(date +%s.%N)-$t0,1))") s)"
useradd --no-create-home --shell /usr/sbin/nologin --user-group -G "$TRADERS" "$TRADER" && made_users+=("$TRADER")
useradd --no-create-home --shell /usr/sbin/nologin --user-group "$OTHER" && made_users+=("$OTHER")
id "$DAEMON_USER"
id "$TRADER"
id "$OTHER"

section "the layout"
check_path root:riskd 750 "$CONF"
check_path root:riskd 640 "$CONF/risk_config.yaml"
check_path root:riskd 640 "$CONF/accounts.yaml"
check_path root:root 600 "$CONF/secrets.env"
check_path root:riskd 640 "$CONF/admin.key"
check_path riskd:risk-traders 2750 "$DATA"
check_path riskd:risk-traders 2750 "$LOGS"
check_path root:root 755 "$BIN/risk-daemon"
check_path root:root 755 "$BIN/risk-trader"
check_path root:root 644 "$STAGE/etc/systemd/system/risk-daemon.service"
if grep -q "^ExecStart=$PREFIX/bin/risk-daemon --config /etc/risk-manager " "$STAGE/etc/systemd/system/risk-daemon.service"; then
  pass "the unit starts $PREFIX/bin/risk-daemon"
else
  fail "the unit's ExecStart: $(grep ^ExecStart "$STAGE/etc/systemd/system/risk-daemon.service")"
fi
key=$(cat "$CONF/admin.key")
if [[ $key =~ ^[0-9a-f]{64}$ ]]; then pass "admin.key holds 32 random bytes as hex"; else fail "admin.key is not 64 hex digits"; fi
# The layout check itself notices a wrong mode.
before=$layout_problems
chmod 0644 "$CONF/secrets.env"
check_path root:root 600 "$CONF/secrets.env" >/dev/null
chmod 0600 "$CONF/secrets.env"
if ((layout_problems == before + 1)); then
  pass "self-check: a secrets.env of mode 644 is reported"
  failures=$((failures - 1))
  layout_problems=$before
else
  fail "self-check: a secrets.env of mode 644 went unnoticed"
fi

section "run again: idempotent, keeps the configuration and the key, repairs modes"
echo "# kept by the second run" >>"$CONF/risk_config.yaml"
# The administrator sets the admin password (risk-admin writes an Argon2id hash, 0600); a
# wrong mode given to it afterwards is repaired by the next install run.
ADMIN_PW=perm-test-admin-pw
if printf '%s\n%s\n' "$ADMIN_PW" "$ADMIN_PW" | "$BUILD/src/risk-admin" --config "$CONF" --password-fd 0 init \
  >"$STAGE/probe.out" 2>&1; then
  pass "root sets the admin password (risk-admin init)"
else
  fail "risk-admin init as root: $(head -c 300 "$STAGE/probe.out")"
fi
chmod 0644 "$CONF/admin.pwhash"
chmod 0755 "$DATA"
if "$SRC/scripts/install-service.sh" --root "$STAGE" --prefix "$PREFIX" --build-dir "$BUILD" >"$STAGE/install2.out" 2>&1; then
  pass "second install-service.sh"
else
  cat "$STAGE/install2.out"
  fail "second install-service.sh failed"
fi
if grep -q "kept by the second run" "$CONF/risk_config.yaml"; then pass "risk_config.yaml kept"; else fail "risk_config.yaml overwritten"; fi
if [[ $(cat "$CONF/admin.key") == "$key" ]]; then pass "admin.key kept"; else fail "admin.key replaced"; fi
check_path root:root 600 "$CONF/admin.pwhash"
check_path riskd:risk-traders 2750 "$DATA"
if "$SRC/scripts/install-service.sh" --root "$STAGE" --build-dir "$BUILD" --dry-run >"$STAGE/dry.out" 2>&1 &&
  grep -q "would run" "$STAGE/dry.out"; then
  pass "--dry-run prints what it would do"
else
  fail "--dry-run: $(tail -3 "$STAGE/dry.out")"
fi

section "projectx-sim and risk-daemon (as riskd, as systemd would start it)"
SIM_BIN=$(find_bin projectx-sim)
[[ -n $SIM_BIN ]] || { fail "projectx-sim is not built in $BUILD"; exit 1; }
API_KEY="svc-test-$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')"
mkdir -m 0755 "$STAGE/sim"
(umask 022 && exec "$SIM_BIN" --port 0 --cert-dir "$STAGE/sim" --ready-file "$STAGE/sim/ready.json" \
  --user "svc-trader:$API_KEY" --account "$ACCOUNT:SVC-50K:svc-trader:50000" --price-interval-ms 200) \
  >"$STAGE/sim.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do [[ -s $STAGE/sim/ready.json ]] && break; sleep 0.1; done
[[ -s $STAGE/sim/ready.json ]] || { cat "$STAGE/sim.log"; fail "the simulator did not start"; exit 1; }
chmod 0644 "$STAGE/sim/cert.pem"
SIM_URL=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["baseUrl"])' "$STAGE/sim/ready.json")
EVENT_PORT=$(free_port)

# The configuration, written into the installed files (their owners and modes stay):
# the API key only in secrets.env, accounts.yaml names it.
cat >"$CONF/accounts.yaml" <<EOF
accounts:
  - account_id: $ACCOUNT
    username: svc-trader
    api_key: \${RISK_TEST_API_KEY}
    nickname: "Service test"
EOF
sed -e "s#\${RISK_SIM_URL:-https://127.0.0.1:5443}#$SIM_URL#g" \
  -e "s#\${RISK_SIM_CA:-demo-run/sim-ca.pem}#$STAGE/sim/cert.pem#" \
  -e "s#\${RISK_EVENT_PORT:-8765}#$EVENT_PORT#" \
  "$SRC/config/demo/risk_config.yaml" >"$CONF/risk_config.yaml"
printf 'RISK_TEST_API_KEY=%s\n' "$API_KEY" >"$CONF/secrets.env"
check_path root:riskd 640 "$CONF/accounts.yaml"
check_path root:root 600 "$CONF/secrets.env"

# systemd: EnvironmentFile= read as root, then User=riskd Group=riskd UMask=0027 WorkingDirectory=.
(
  set -a
  # shellcheck disable=SC1091
  . "$CONF/secrets.env"
  set +a
  umask 0027
  cd "$DATA" || exit 1
  exec setpriv --reuid "$DAEMON_USER" --regid "$DAEMON_USER" --init-groups --no-new-privs -- \
    env HOME="$DATA" "$BIN/risk-daemon" --config "$CONF" --data "$DATA" --log-dir "$LOGS"
) >"$STAGE/daemon.out" 2>&1 &
DAEMON_PID=$!
pids+=("$DAEMON_PID")
started=0
for _ in $(seq 1 600); do
  if grep -qs "Started Successfully" "$LOGS"/daemon*.log; then started=1; break; fi
  kill -0 "$DAEMON_PID" 2>/dev/null || break
  sleep 0.1
done
if ((started)); then
  pass "risk-daemon runs as $(ps -o user= -p "$DAEMON_PID") (pid $DAEMON_PID) and is ready"
else
  cat "$STAGE/daemon.out"
  tail -20 "$LOGS"/daemon*.log 2>/dev/null
  fail "risk-daemon did not become ready"
  exit 1
fi
if [[ $(ps -o user= -p "$DAEMON_PID") == "$DAEMON_USER" ]]; then pass "the daemon's user is riskd"; else fail "the daemon is not riskd"; fi

# A lockout to protect: a trade in ENQ (blocked in the demo rules) makes a symbol lockout.
"$SIM_BIN" trader --url "$SIM_URL" --ca-file "$STAGE/sim/cert.pem" --user svc-trader --api-key "$API_KEY" \
  --account "$ACCOUNT" --contract CON.F.US.ENQ.Z26 --actions 1 --interval-ms 100 >"$STAGE/trader.log" 2>&1
lockouts=0
for _ in $(seq 1 150); do
  lockouts=$(sqlite3 -readonly "$DB" "SELECT count(*) FROM lockouts" 2>/dev/null || echo 0)
  ((lockouts > 0)) && break
  sleep 0.1
done
if ((lockouts > 0)); then pass "the daemon locked the account's ENQ trading ($lockouts lockout)"; else fail "no lockout in state.db"; fi

DAEMON_LOG=$(find "$LOGS" -name 'daemon_*.log' | head -n 1)
ENFORCEMENT_LOG=$(find "$LOGS" -name 'enforcement_*.log' | head -n 1)

section "files the daemon made: group risk-traders, mode 0640"
for f in "$DB" "$DB-wal" "$DB-shm" "$LOGS"/daemon_*.log "$LOGS"/enforcement_*.log; do
  check_path riskd:risk-traders 640 "$f"
done

# ------------------------------------------------------------- the trader ----
section "the trader ($TRADER, in $TRADERS) can"
if out=$(as "$TRADER" "$BIN/risk-trader" status --json --offline --account "$ACCOUNT" --db "$DB" 2>&1) &&
  [[ $out == *'"source":"database"'* ]]; then
  pass "risk-trader status --json --offline --db state.db"
else
  fail "risk-trader status --offline: $out"
fi
if out=$(as "$TRADER" "$BIN/risk-trader" status --account "$ACCOUNT" --db "$DB" --server "127.0.0.1:$EVENT_PORT" 2>&1) &&
  [[ $out == *"source: daemon (live)"* && $out == *LOCKED* ]]; then
  pass "risk-trader status (live from the daemon) shows the lockout"
else
  fail "risk-trader status live: $out"
fi
expect yes "read state.db with sqlite3 -readonly" can_read_db "$TRADER" "$DB"
expect yes "read the daemon log" can_read "$TRADER" "$DAEMON_LOG"
expect yes "read the enforcement log" can_read "$TRADER" "$ENFORCEMENT_LOG"
expect yes "list the log directory" can_list "$TRADER" "$LOGS"

section "the trader cannot"
for f in accounts.yaml secrets.env admin.key admin.pwhash risk_config.yaml; do
  expect no "read /etc/risk-manager/$f" can_read "$TRADER" "$CONF/$f"
done
expect no "list /etc/risk-manager" can_list "$TRADER" "$CONF"
expect no "write risk_config.yaml" can_append "$TRADER" "$CONF/risk_config.yaml"
expect no "create a file in /etc/risk-manager" can_create_in "$TRADER" "$CONF"
expect no "read the daemon's environment (/proc/PID/environ: the API key)" can_read "$TRADER" "/proc/$DAEMON_PID/environ"
expect no "write state.db" can_write_db "$TRADER" "$DB"
if grep -q "readonly" "$STAGE/probe.out"; then pass "sqlite3 says: $(head -1 "$STAGE/probe.out")"; else fail "sqlite3 said: $(cat "$STAGE/probe.out")"; fi
expect no "write the daemon log" can_append "$TRADER" "$DAEMON_LOG"
expect no "create a file in the data directory" can_create_in "$TRADER" "$DATA"
expect no "signal the daemon (kill -TERM)" can_signal "$TRADER" "$DAEMON_PID"
if grep -q "Operation not permitted" "$STAGE/probe.out"; then pass "kill says: $(head -1 "$STAGE/probe.out")"; else fail "kill said: $(cat "$STAGE/probe.out")"; fi
sleep 0.5
if kill -0 "$DAEMON_PID" 2>/dev/null; then pass "the daemon is still running"; else fail "the daemon stopped"; fi

# The lead extends this with risk-admin: `risk-admin lockout clear` (or its menu) run by the
# trader must fail (no password, and admin.key, which authenticates admin commands to the
# daemon, is unreadable) and the lockout must still be there afterwards.
trader_cannot_clear_lockout() {
  local before after
  before=$(sqlite3 -readonly "$DB" "SELECT count(*) FROM lockouts")
  expect no "clear the lockout by deleting it from state.db" can_write_db "$TRADER" "$DB"
  expect no "read admin.key (the key of admin commands to the daemon)" can_read "$TRADER" "$CONF/admin.key"
  after=$(sqlite3 -readonly "$DB" "SELECT count(*) FROM lockouts")
  if ((before > 0 && after == before)); then pass "the lockout is still there ($after)"; else fail "lockouts: $before before, $after after"; fi
  if [[ ! -x $BIN/risk-admin ]]; then
    fail "risk-admin is not installed in $BIN"
    return
  fi
  local pw=$ADMIN_PW
  admin_clear() {
    local user=$1 conf=$2
    printf '%s\n' "$pw" | as "$user" "$BIN/risk-admin" --config "$conf" --event-server "127.0.0.1:$EVENT_PORT" \
      --password-fd 0 --admin "$user" lockout clear --account "$ACCOUNT" --reason "permission test" \
      >"$STAGE/probe.out" 2>&1
  }
  expect no "clear it with risk-admin, even knowing the password" admin_clear "$TRADER" "$CONF"
  if grep -q "only administrators may use risk-admin" "$STAGE/probe.out"; then
    pass "saying: only administrators may use risk-admin"
  else
    fail "said: $(head -c 300 "$STAGE/probe.out")"
  fi
  # With a risk-admin setup of their own (their own password and key), the
  # daemon refuses the command: it is not signed with the daemon's admin.key.
  local own=$STAGE/trader-admin
  rm -rf "$own" && mkdir -p "$own" && chown "$TRADER" "$own"
  printf '%s\n%s\n' "$pw" "$pw" | as "$TRADER" "$BIN/risk-admin" --config "$own" --password-fd 0 init >/dev/null 2>&1
  expect no "clear it with an admin key of their own" admin_clear "$TRADER" "$own"
  if grep -q "authentication failed" "$STAGE/probe.out"; then
    pass "the daemon said: authentication failed"
  else
    fail "said: $(head -c 300 "$STAGE/probe.out")"
  fi
  after=$(sqlite3 -readonly "$DB" "SELECT count(*) FROM lockouts")
  if ((after == before)); then pass "the lockout is still there ($after)"; else fail "lockouts: $before before, $after after"; fi
  # The control: an administrator can.
  expect yes "root clears it with risk-admin (the daemon as riskd reads admin.key)" admin_clear root "$CONF"
  local left=-1
  for _ in $(seq 50); do
    left=$(sqlite3 -readonly "$DB" "SELECT count(*) FROM lockouts")
    ((left == 0)) && break
    sleep 0.1
  done
  if ((left == 0)); then pass "no lockout left after the admin's clear"; else fail "$left lockouts left"; fi
  local note=""
  for _ in $(seq 50); do
    note=$(sqlite3 -readonly "$DB" "SELECT note FROM lockout_history WHERE cleared_by='ADMIN_OVERRIDE'")
    [[ -n $note ]] && break
    sleep 0.1
  done
  if [[ $note == *"permission test (by root)"* ]]; then
    pass "audited in lockout_history: ADMIN_OVERRIDE, 'permission test (by root)'"
  else
    fail "no ADMIN_OVERRIDE row with the reason in lockout_history (note: '$note')"
  fi
}
trader_cannot_clear_lockout

section "another user ($OTHER, not in $TRADERS) cannot"
expect no "read state.db" can_read_db "$OTHER" "$DB"
expect no "read state.db with risk-trader status" can_status "$OTHER" "$DB"
expect no "list the data directory" can_list "$OTHER" "$DATA"
expect no "list the log directory" can_list "$OTHER" "$LOGS"
expect no "read the daemon log" can_read "$OTHER" "$DAEMON_LOG"
expect no "read accounts.yaml" can_read "$OTHER" "$CONF/accounts.yaml"
expect no "signal the daemon" can_signal "$OTHER" "$DAEMON_PID"

section "the daemon's user (riskd)"
expect yes "can read accounts.yaml" can_read "$DAEMON_USER" "$CONF/accounts.yaml"
expect yes "can read admin.key" can_read "$DAEMON_USER" "$CONF/admin.key"
expect no "cannot read secrets.env (systemd passes its values)" can_read "$DAEMON_USER" "$CONF/secrets.env"
expect no "cannot read admin.pwhash" can_read "$DAEMON_USER" "$CONF/admin.pwhash"
expect no "cannot write risk_config.yaml" can_append "$DAEMON_USER" "$CONF/risk_config.yaml"
expect no "cannot write accounts.yaml" can_append "$DAEMON_USER" "$CONF/accounts.yaml"
expect no "cannot create a file in /etc/risk-manager" can_create_in "$DAEMON_USER" "$CONF"
CHECK=$BIN/risk-config-check
check_config() {
  # shellcheck disable=SC1091
  (set -a && . "$CONF/secrets.env" && set +a &&
    as "$DAEMON_USER" env RISK_TEST_API_KEY="$RISK_TEST_API_KEY" "$CHECK" --accounts "$CONF/accounts.yaml" \
      --risk-config "$CONF/risk_config.yaml") >"$STAGE/probe.out" 2>&1
}
expect yes "its configuration check accepts accounts.yaml root:riskd 0640 (risk-config-check as riskd)" check_config
gpasswd -a "$TRADER" "$DAEMON_USER" >/dev/null
expect no "refuses it once a trader is a member of the group riskd" check_config
if grep -q "also has the members $TRADER" "$STAGE/probe.out"; then pass "saying: ...also has the members $TRADER"; else fail "said: $(cat "$STAGE/probe.out")"; fi
gpasswd -d "$TRADER" "$DAEMON_USER" >/dev/null
chgrp "$TRADERS" "$CONF/accounts.yaml"
expect no "refuses accounts.yaml readable by the group risk-traders" check_config
chgrp "$DAEMON_USER" "$CONF/accounts.yaml"
expect yes "accepts it again once the group is riskd" check_config

section "self-checks: each refusal above turns into success once loosened"
loosened 0755 "$CONF" "the trader lists /etc/risk-manager" can_list "$TRADER" "$CONF"
loosened 0757 "$CONF" "the trader creates a file in /etc/risk-manager" can_create_in "$TRADER" "$CONF"
# With the directory opened, the files' own modes still keep the trader out...
chmod 0755 "$CONF"
for f in accounts.yaml secrets.env admin.key admin.pwhash risk_config.yaml; do
  expect no "even with /etc/risk-manager 0755 the trader cannot read $f" can_read "$TRADER" "$CONF/$f"
done
expect no "even with /etc/risk-manager 0755 the trader cannot write risk_config.yaml" \
  can_append "$TRADER" "$CONF/risk_config.yaml"
# ...and each of those refusals turns into success once the file is loosened.
loosened 0644 "$CONF/secrets.env" "the trader reads secrets.env" can_read "$TRADER" "$CONF/secrets.env"
loosened 0644 "$CONF/admin.pwhash" "the trader reads admin.pwhash" can_read "$TRADER" "$CONF/admin.pwhash"
loosened 0644 "$CONF/admin.key" "the trader reads admin.key" can_read "$TRADER" "$CONF/admin.key"
loosened 0644 "$CONF/accounts.yaml" "the trader reads accounts.yaml" can_read "$TRADER" "$CONF/accounts.yaml"
loosened 0644 "$CONF/risk_config.yaml" "the trader reads risk_config.yaml" can_read "$TRADER" "$CONF/risk_config.yaml"
loosened 0646 "$CONF/risk_config.yaml" "the trader writes risk_config.yaml" can_append "$TRADER" "$CONF/risk_config.yaml"
loosened 0644 "$CONF/secrets.env" "riskd reads secrets.env" can_read "$DAEMON_USER" "$CONF/secrets.env"
loosened 0660 "$CONF/risk_config.yaml" "riskd writes risk_config.yaml" can_append "$DAEMON_USER" "$CONF/risk_config.yaml"
chmod 0750 "$CONF"
chmod 0660 "$DB" "$DB-wal" "$DB-shm"
if can_write_db "$TRADER" "$DB" "DELETE FROM lockouts WHERE 0"; then
  pass "self-check: the trader writes state.db once it and its -wal, -shm are 660"
else
  fail "self-check: the trader cannot write state.db even at 660: $(cat "$STAGE/probe.out")"
fi
chmod 0640 "$DB" "$DB-wal" "$DB-shm"
loosened 2755 "$DATA" "another user lists the data directory" can_list "$OTHER" "$DATA"
chmod 2755 "$DATA"
loosened 0644 "$DB" "another user reads state.db" can_read "$OTHER" "$DB"
chmod 2750 "$DATA"
if as "$DAEMON_USER" kill -0 "$DAEMON_PID" 2>/dev/null; then
  pass "self-check: the daemon's own user may signal it (kill -0), so the trader's EPERM is about the user"
else
  fail "self-check: riskd cannot signal its own daemon"
fi

section "stop the daemon; the trader still reads the database"
kill -TERM "$DAEMON_PID"
rc=
for _ in $(seq 1 150); do
  kill -0 "$DAEMON_PID" 2>/dev/null || break
  sleep 0.1
done
wait "$DAEMON_PID"
rc=$?
if [[ $rc == 0 ]]; then pass "graceful stop (exit 0)"; else fail "the daemon exited with $rc"; fi
if [[ -e $DB-wal && -e $DB-shm ]]; then pass "state.db-wal and -shm are kept"; else fail "state.db-wal or -shm is gone"; fi
if out=$(as "$TRADER" "$BIN/risk-trader" status --json --offline --account "$ACCOUNT" --db "$DB" 2>&1) &&
  [[ $out == *'"source":"database"'* ]]; then
  pass "risk-trader status --offline with the daemon stopped"
else
  fail "risk-trader status with the daemon stopped: $out"
fi
expect yes "sqlite3 -readonly with the daemon stopped" can_read_db "$TRADER" "$DB"

section "uninstall-service.sh: programs and unit go, configuration and data stay"
if "$SRC/scripts/uninstall-service.sh" --root "$STAGE" --prefix "$PREFIX" >"$STAGE/uninstall.out" 2>&1; then
  pass "uninstall-service.sh"
else
  fail "uninstall-service.sh: $(cat "$STAGE/uninstall.out")"
fi
for f in "$BIN/risk-daemon" "$BIN/risk-trader" "$STAGE/etc/systemd/system/risk-daemon.service"; do
  if [[ -e $f ]]; then fail "still there: ${f#"$STAGE"}"; else pass "removed: ${f#"$STAGE"}"; fi
done
for f in "$CONF/accounts.yaml" "$CONF/admin.key" "$DB" "$DAEMON_LOG"; do
  if [[ -e $f ]]; then pass "kept: ${f#"$STAGE"}"; else fail "removed: ${f#"$STAGE"}"; fi
done
# --purge also deletes the users: only when this run made them.
if [[ " ${made_users[*]} " == *" $DAEMON_USER "* && " ${made_groups[*]} " == *" $TRADERS "* ]]; then
  userdel "$TRADER" && userdel "$OTHER" && made_users=("$DAEMON_USER")
  if "$SRC/scripts/uninstall-service.sh" --root "$STAGE" --prefix "$PREFIX" --purge >"$STAGE/uninstall.out" 2>&1 &&
    [[ ! -e $CONF && ! -e $DATA && ! -e $LOGS ]] && ! getent passwd "$DAEMON_USER" >/dev/null &&
    ! getent group "$TRADERS" >/dev/null; then
    pass "uninstall-service.sh --purge removed the configuration, data, logs, riskd and risk-traders"
  else
    fail "uninstall-service.sh --purge: $(cat "$STAGE/uninstall.out")"
  fi
fi

printf '\n%d passed, %d failed\n' "$passes" "$failures"
((failures == 0))
