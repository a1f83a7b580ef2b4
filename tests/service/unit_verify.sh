#!/usr/bin/env bash
# The systemd unit as scripts/install-service.sh installs it, checked by systemd itself.
#
#   tests/service/unit_verify.sh SOURCE_DIR BUILD_DIR
#
# The unit is rendered for a prefix inside a staging directory (so its ExecStart
# names a risk-daemon that exists: systemd-analyze verify requires it), then:
#   - systemd-analyze verify: exit 0 and not one message (an unknown key or a bad
#     value is only a warning there, with exit 0: any output fails the test);
#   - systemd-analyze security --offline: overall exposure at most 2.0;
#   - the directives the service depends on (Type=notify, User=riskd, ...);
#   - WatchdogSec= present exactly when the daemon sends WATCHDOG=1;
#   - the daemon accepts ExecStart's options (run with them plus --version).
# Self-checks: a broken copy and a weakened copy must be caught.
# Exit 0: passed; 1: failed; 77: skipped (no systemd-analyze).
set -uo pipefail

SRC=${1:?usage: unit_verify.sh SOURCE_DIR BUILD_DIR}
BUILD=${2:?usage: unit_verify.sh SOURCE_DIR BUILD_DIR}
command -v systemd-analyze >/dev/null || { echo "SKIP: systemd-analyze is not installed (package systemd)"; exit 77; }

STAGE=$(mktemp -d /tmp/risk-unit-XXXXXX)
trap 'rm -rf "$STAGE"' EXIT
failures=0
pass() { printf '  ok    %s\n' "$*"; }
fail() { failures=$((failures + 1)); printf '  FAIL  %s\n' "$*"; }

DAEMON=$(find "$BUILD" -type f -name risk-daemon -perm -u+x 2>/dev/null | head -n 1)
[[ -n $DAEMON ]] || { echo "risk-daemon is not built in $BUILD"; exit 1; }
PREFIX=$STAGE/usr/local
mkdir -p "$PREFIX/bin" "$STAGE/unit" "$STAGE/broken" "$STAGE/weak"
cp "$DAEMON" "$PREFIX/bin/risk-daemon"
UNIT=$STAGE/unit/risk-daemon.service
"$SRC/scripts/install-service.sh" --prefix "$PREFIX" --print-unit >"$UNIT" || { echo "cannot render the unit"; exit 1; }

# verify FILE: 0 when systemd-analyze verify exits 0 and says nothing.
verify() {
  local out rc
  out=$(systemd-analyze verify "$1" 2>&1)
  rc=$?
  printf '%s' "$out" >"$STAGE/verify.out"
  [[ $rc -eq 0 && -z $out ]]
}
exposure_ok() { systemd-analyze security --no-pager --offline=true --threshold=20 "$1" >"$STAGE/security.out" 2>&1; }

echo "== systemd-analyze verify (unit with ExecStart=$PREFIX/bin/risk-daemon)"
if verify "$UNIT"; then pass "verify: no message"; else fail "verify: $(cat "$STAGE/verify.out")"; fi
if exposure_ok "$UNIT"; then
  pass "security: $(grep -o 'Overall exposure level.*' "$STAGE/security.out")"
else
  fail "security: $(tail -n 25 "$STAGE/security.out")"
fi

echo "== directives"
require() {
  if grep -qx -- "$1" "$UNIT"; then pass "$1"; else fail "missing: $1"; fi
}
require "Type=notify"
require "User=riskd"
require "Group=riskd"
require "Restart=always"
require "UMask=0027"
require "EnvironmentFile=-/etc/risk-manager/secrets.env"
require "ExecStart=$PREFIX/bin/risk-daemon --config /etc/risk-manager --data /var/lib/risk-manager --log-dir /var/log/risk-manager"
# shellcheck disable=SC2016 # $MAINPID is systemd's, literally
require 'ExecReload=/bin/kill -HUP $MAINPID'
require "ProtectSystem=strict"
require "ProtectHome=true"
require "PrivateTmp=true"
require "NoNewPrivileges=true"
require "CapabilityBoundingSet="
require "ReadWritePaths=/var/lib/risk-manager /var/log/risk-manager"
require "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX"
require "SystemCallFilter=@system-service"
if [[ $(grep -c '^ReadWritePaths=' "$UNIT") == 1 ]]; then pass "one ReadWritePaths= line"; else fail "more than one ReadWritePaths="; fi
sends_watchdog=0
grep -rqs 'WATCHDOG=1' "$SRC/src" && sends_watchdog=1
has_watchdog=0
grep -q '^WatchdogSec=' "$UNIT" && has_watchdog=1
if ((sends_watchdog == has_watchdog)); then
  pass "WatchdogSec= $( ((has_watchdog)) && echo set || echo absent), and the daemon $( ((sends_watchdog)) && echo sends || echo 'does not send') WATCHDOG=1"
else
  fail "WatchdogSec= and the daemon's WATCHDOG=1 disagree (unit: $has_watchdog, source: $sends_watchdog)"
fi

echo "== the daemon accepts ExecStart's options"
read -r -a exec_start <<<"$(sed -n 's/^ExecStart=//p' "$UNIT")"
if out=$("${exec_start[@]}" --version 2>&1); then pass "${exec_start[*]} --version: $out"; else fail "ExecStart's options refused: $out"; fi

echo "== self-checks"
cp "$UNIT" "$STAGE/broken/risk-daemon.service"
sed -i 's/^ProtectProc=invisible$/ProtectProc=sometimes/' "$STAGE/broken/risk-daemon.service"
if verify "$STAGE/broken/risk-daemon.service"; then
  fail "self-check: a bad ProtectProc= value passed verify"
else
  pass "self-check: a bad value is caught: $(head -n 1 "$STAGE/verify.out")"
fi
sed "s#^ExecStart=$PREFIX/bin/#ExecStart=$PREFIX/nowhere/#" "$UNIT" >"$STAGE/broken/risk-daemon.service"
if verify "$STAGE/broken/risk-daemon.service"; then
  fail "self-check: a missing ExecStart binary passed verify"
else
  pass "self-check: a missing binary is caught: $(head -n 1 "$STAGE/verify.out")"
fi
grep -v '^\(ProtectSystem\|ProtectHome\|PrivateTmp\|NoNewPrivileges\|CapabilityBoundingSet\|SystemCallFilter\)=' "$UNIT" \
  >"$STAGE/weak/risk-daemon.service"
if exposure_ok "$STAGE/weak/risk-daemon.service"; then
  fail "self-check: a unit without its sandbox passed the exposure check"
else
  pass "self-check: without its sandbox: $(grep -o 'Overall exposure level.*' "$STAGE/security.out")"
fi

if ((failures > 0)); then
  echo "$failures failed"
  exit 1
fi
echo "unit verified"
