#!/usr/bin/env bash
# Removes what scripts/install-service.sh installed: the unit, the programs, the
# documentation. Configuration, the database and the logs stay (lockouts and the
# enforcement history survive a reinstall) unless --purge, which also removes
# /etc/risk-manager, /var/lib/risk-manager, /var/log/risk-manager, the riskd user
# and the risk-traders group.
#
#   sudo scripts/uninstall-service.sh [--prefix DIR] [--root DIR] [--purge] [--dry-run]
set -euo pipefail

PREFIX=/usr/local
ROOT=
PURGE=0
DRY_RUN=0
while (($#)); do
  case $1 in
    --prefix) PREFIX=${2:?--prefix needs a directory}; shift 2 ;;
    --root) ROOT=${2:?--root needs a directory}; shift 2 ;;
    --purge) PURGE=1; shift ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "uninstall-service: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
ROOT=${ROOT%/}
if ((DRY_RUN == 0)) && [[ $(id -u) -ne 0 ]]; then
  echo "uninstall-service: must run as root: sudo $0 $*" >&2
  exit 1
fi
run() {
  if ((DRY_RUN)); then printf '  would run: %s\n' "$*"; else "$@"; fi
}

UNIT=/etc/systemd/system/risk-daemon.service
if [[ -z $ROOT && -d /run/systemd/system ]]; then
  run systemctl disable --now risk-daemon.service || true
fi
run rm -f "$ROOT$UNIT"
if [[ -z $ROOT && -d /run/systemd/system ]]; then run systemctl daemon-reload; fi
for p in risk-daemon risk-trader risk-config-check risk-admin; do
  run rm -f "$ROOT$PREFIX/bin/$p"
done
run rm -rf "$ROOT$PREFIX/share/doc/risk-manager"

if ((PURGE == 0)); then
  echo "kept: $ROOT/etc/risk-manager, $ROOT/var/lib/risk-manager, $ROOT/var/log/risk-manager," \
    "user riskd, group risk-traders (--purge removes them)"
  exit 0
fi
run rm -rf "$ROOT/etc/risk-manager" "$ROOT/var/lib/risk-manager" "$ROOT/var/log/risk-manager"
if getent passwd riskd >/dev/null; then run userdel riskd; fi
if getent group riskd >/dev/null; then run groupdel riskd; fi
if getent group risk-traders >/dev/null; then run groupdel risk-traders; fi
echo "purged: configuration, database, logs, user riskd, groups riskd and risk-traders"
