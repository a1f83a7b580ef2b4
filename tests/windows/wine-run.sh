#!/usr/bin/env bash
# Runs a Windows program under wine, in a wine prefix of the build tree
# (build/windows/wine unless WINEPREFIX is set). The Windows build's ctest uses
# this as CMAKE_CROSSCOMPILING_EMULATOR. The first call creates the prefix and
# waits for its first boot to finish (wineserver -w); concurrent calls wait for
# that under a lock, so parallel tests never boot the same prefix twice.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export WINEPREFIX=${WINEPREFIX:-$root/build/windows/wine}
[[ $WINEPREFIX == /* ]] || WINEPREFIX=$PWD/$WINEPREFIX  # wine wants an absolute path
export WINEDEBUG=${WINEDEBUG:--all}
# No Mono or Gecko installer prompts: nothing here needs .NET or a browser.
export WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml=}

if [[ ! -f $WINEPREFIX/.risk-prefix-ready ]]; then
  mkdir -p "$(dirname "$WINEPREFIX")"
  exec 9>"$WINEPREFIX.lock"
  flock 9
  if [[ ! -f $WINEPREFIX/.risk-prefix-ready ]]; then
    echo "wine-run: creating the wine prefix $WINEPREFIX (first boot)" >&2
    if ! wine wineboot --init >/dev/null 2>&1; then
      echo "wine-run: 'wine wineboot --init' failed for $WINEPREFIX" >&2
      exit 125
    fi
    wineserver -w
    touch "$WINEPREFIX/.risk-prefix-ready"
  fi
  flock -u 9
  exec 9>&-
fi
exec wine "$@"
