#!/usr/bin/env bash
# Installs risk-daemon as a Linux service: users, directories, modes, binaries,
# configuration templates (never over existing ones), the admin key, the systemd
# unit. Idempotent: run it again after an upgrade; it repairs owners and modes.
#
#   sudo scripts/install-service.sh [--build-dir DIR] [--prefix DIR] [--root DIR] [--dry-run]
#
#   --build-dir DIR  where the built programs are (default build/release: `make release`)
#   --prefix DIR     where programs go: PREFIX/bin (default /usr/local)
#   --root DIR       staging root, like DESTDIR: every file goes under DIR, the unit still
#                    names the real paths; users and groups are still created on this
#                    machine and owners are still applied (the tests use it)
#   --dry-run        print what would be done, change nothing
#   --print-unit     print the unit as it would be installed (for --prefix) and exit
#
# The layout (docs/operations.md, "Running as a service"):
#   /etc/risk-manager/                root:riskd          0750
#     risk_config.yaml, accounts.yaml root:riskd          0640
#     secrets.env, admin.pwhash       root:root           0600
#     admin.key                       root:riskd          0640
#   /var/lib/risk-manager/            riskd:risk-traders  2750 (setgid: new files get the group)
#   /var/log/risk-manager/            riskd:risk-traders  2750
#   PREFIX/bin/risk-*                 root:root           0755
#   /etc/systemd/system/risk-daemon.service
set -euo pipefail

SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=build/release
PREFIX=/usr/local
ROOT=
DRY_RUN=0
PRINT_UNIT=0

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
while (($#)); do
  case $1 in
    --build-dir) BUILD_DIR=${2:?--build-dir needs a directory}; shift 2 ;;
    --prefix) PREFIX=${2:?--prefix needs a directory}; shift 2 ;;
    --root) ROOT=${2:?--root needs a directory}; shift 2 ;;
    --dry-run) DRY_RUN=1; shift ;;
    --print-unit) PRINT_UNIT=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install-service: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ $PREFIX == /* ]] || { echo "install-service: --prefix must be absolute: $PREFIX" >&2; exit 2; }
[[ -z $ROOT || $ROOT == /* ]] || ROOT=$(cd "$ROOT" && pwd)
ROOT=${ROOT%/}
[[ $BUILD_DIR == /* ]] || BUILD_DIR=$SRC/$BUILD_DIR

DAEMON_USER=riskd
DAEMON_GROUP=riskd
TRADERS_GROUP=risk-traders
CONF=/etc/risk-manager
DATA=/var/lib/risk-manager
LOGS=/var/log/risk-manager
BINDIR=$PREFIX/bin
DOCDIR=$PREFIX/share/doc/risk-manager
UNIT=/etc/systemd/system/risk-daemon.service
# The unit with this prefix's paths.
render_unit() {
  sed -e "s#/usr/local/bin/risk-daemon#$BINDIR/risk-daemon#g" \
      -e "s#file:///usr/local/share/doc/risk-manager#file://$DOCDIR#g" \
      "$SRC/packaging/systemd/risk-daemon.service"
}
if ((PRINT_UNIT)); then
  render_unit
  exit 0
fi
PROGRAMS=(risk-daemon risk-trader risk-config-check risk-admin)
REQUIRED=(risk-daemon risk-trader risk-config-check)

if ((DRY_RUN == 0)) && [[ $(id -u) -ne 0 ]]; then
  echo "install-service: must run as root (users, owners and modes): sudo $0 $*" >&2
  echo "                 --dry-run shows what it would do" >&2
  exit 1
fi

say() { printf '%s\n' "$*"; }
run() {
  if ((DRY_RUN)); then printf '  would run: %s\n' "$*"; else "$@"; fi
}

find_program() {
  local found
  found=$(find "$BUILD_DIR" -type f -name "$1" -perm -u+x 2>/dev/null | head -n 1)
  printf '%s' "$found"
}

# ---- users and groups -----------------------------------------------------------
say "== users and groups"
NOLOGIN=$(command -v nologin || echo /usr/sbin/nologin)
if getent group "$TRADERS_GROUP" >/dev/null; then
  say "   group $TRADERS_GROUP exists"
else
  run groupadd --system "$TRADERS_GROUP"
fi
if getent passwd "$DAEMON_USER" >/dev/null; then
  say "   user $DAEMON_USER exists"
else
  if getent group "$DAEMON_GROUP" >/dev/null; then
    run useradd --system --gid "$DAEMON_GROUP" --home-dir "$DATA" --no-create-home --shell "$NOLOGIN" \
      --comment "Risk Manager daemon" "$DAEMON_USER"
  else
    run useradd --system --user-group --home-dir "$DATA" --no-create-home --shell "$NOLOGIN" \
      --comment "Risk Manager daemon" "$DAEMON_USER"
  fi
fi

# put OWNER:GROUP MODE PATH: owner and mode of an existing path.
put() { run chown "$1" "$3"; run chmod "$2" "$3"; }
# dir OWNER:GROUP MODE PATH
dir() {
  [[ -d $3 ]] || run mkdir -p "$3"
  put "$@"
}

# ---- directories --------------------------------------------------------------------
say "== directories under ${ROOT:-/}"
dir root:root 0755 "$ROOT$BINDIR"
dir root:root 0755 "$ROOT$DOCDIR"
dir root:root 0755 "$ROOT/etc/systemd/system"
dir "root:$DAEMON_GROUP" 0750 "$ROOT$CONF"
dir "$DAEMON_USER:$TRADERS_GROUP" 2750 "$ROOT$DATA"
dir "$DAEMON_USER:$TRADERS_GROUP" 2750 "$ROOT$LOGS"
# Files already there (an earlier install, a daemon started by hand): the daemon's, readable by the traders.
for d in "$ROOT$DATA" "$ROOT$LOGS"; do
  [[ -d $d ]] || continue
  while IFS= read -r -d '' f; do
    put "$DAEMON_USER:$TRADERS_GROUP" 0640 "$f"
  done < <(find "$d" -maxdepth 1 -type f -print0)
done

# ---- programs -----------------------------------------------------------------------
say "== programs into $ROOT$BINDIR (from $BUILD_DIR)"
missing=()
for p in "${PROGRAMS[@]}"; do
  src=$(find_program "$p")
  if [[ -z $src ]]; then
    missing+=("$p")
    continue
  fi
  run install -o root -g root -m 0755 "$src" "$ROOT$BINDIR/$p"
done
for p in "${REQUIRED[@]}"; do
  if [[ " ${missing[*]} " == *" $p "* ]]; then
    echo "install-service: $p is not built in $BUILD_DIR (make release, or --build-dir)" >&2
    exit 1
  fi
done
((${#missing[@]} == 0)) || say "   not built, not installed: ${missing[*]}"
run install -o root -g root -m 0644 "$SRC/docs/operations.md" "$ROOT$DOCDIR/operations.md"

# ---- configuration -------------------------------------------------------------------
say "== configuration in $ROOT$CONF (existing files are kept; owners and modes are set)"
for f in risk_config.yaml accounts.yaml; do
  if [[ -e $ROOT$CONF/$f ]]; then
    say "   $f exists: kept"
  else
    run install -o root -g "$DAEMON_GROUP" -m 0640 "$SRC/config/$f" "$ROOT$CONF/$f"
  fi
  put "root:$DAEMON_GROUP" 0640 "$ROOT$CONF/$f"
done
if [[ -e $ROOT$CONF/secrets.env ]]; then
  say "   secrets.env exists: kept"
elif ((DRY_RUN)); then
  say "  would create $ROOT$CONF/secrets.env (root:root 0600, comments only)"
else
  (
    umask 077
    cat > "$ROOT$CONF/secrets.env" <<'EOF'
# Environment of risk-daemon (systemd EnvironmentFile=, read as root before the
# daemon drops to the riskd user). accounts.yaml names API keys as ${VAR}; set them here:
# RISK_API_KEY_TRADER1=...
EOF
  )
fi
put root:root 0600 "$ROOT$CONF/secrets.env"
# risk-admin writes admin.pwhash (its password hash); only make sure nobody else reads it.
if [[ -e $ROOT$CONF/admin.pwhash ]]; then put root:root 0600 "$ROOT$CONF/admin.pwhash"; fi
# The key risk-admin signs admin commands to the daemon with: 32 random bytes, hex.
if [[ -e $ROOT$CONF/admin.key ]]; then
  say "   admin.key exists: kept"
elif ((DRY_RUN)); then
  say "  would create $ROOT$CONF/admin.key (32 random bytes as hex, root:$DAEMON_GROUP 0640)"
else
  (
    umask 077
    key=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
    [[ ${#key} -eq 64 ]] || { echo "install-service: could not read 32 bytes from /dev/urandom" >&2; exit 1; }
    printf '%s\n' "$key" > "$ROOT$CONF/admin.key.tmp"
    mv "$ROOT$CONF/admin.key.tmp" "$ROOT$CONF/admin.key"
  )
fi
put "root:$DAEMON_GROUP" 0640 "$ROOT$CONF/admin.key"

# ---- the systemd unit -----------------------------------------------------------------
say "== systemd unit $ROOT$UNIT"
if ((DRY_RUN)); then
  say "  would write $ROOT$UNIT (ExecStart=$BINDIR/risk-daemon)"
else
  tmp=$(mktemp)
  render_unit > "$tmp"
  install -o root -g root -m 0644 "$tmp" "$ROOT$UNIT"
  rm -f "$tmp"
fi

if [[ -z $ROOT && -d /run/systemd/system ]]; then
  run systemctl daemon-reload
  run systemctl enable risk-daemon.service
  say "== enabled. Fill in $CONF/accounts.yaml and $CONF/secrets.env, then:"
  say "   sudo systemctl start risk-daemon"
else
  say "== systemd is not running here${ROOT:+ (or this is a staging root)}: nothing enabled. On the target machine:"
  say "   sudo systemctl daemon-reload && sudo systemctl enable --now risk-daemon"
fi
say "   traders: sudo usermod -aG $TRADERS_GROUP USER (they log in again), then"
say "   risk-trader --db $DATA/state.db"
