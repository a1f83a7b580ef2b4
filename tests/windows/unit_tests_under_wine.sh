#!/usr/bin/env bash
# The Windows build's own tests (core, state, scenarios, config, store,
# gateway codec, service security) run under wine through its ctest
# (CMAKE_CROSSCOMPILING_EMULATOR = tests/windows/wine-run.sh).
# usage: unit_tests_under_wine.sh WINDOWS_BUILD_DIR
set -euo pipefail
win=$1
if [[ -d $win ]]; then win=$(cd "$win" && pwd); fi
if [[ ! -f $win/CTestTestfile.cmake || ! -f $win/bin/risk-daemon.exe ]]; then
  echo "unit_tests_under_wine: no Windows build in $win: run 'make windows' (make test does)" >&2
  exit 1
fi
command -v wine >/dev/null || { echo "unit_tests_under_wine: wine is not installed" >&2; exit 1; }
export WINEPREFIX=${WINEPREFIX:-$win/wine}
export WINEDEBUG=-all
start=$(date +%s)
ctest --test-dir "$win" --output-on-failure -j 2 --timeout 600
echo "unit_tests_under_wine: passed in $(($(date +%s) - start)) s"
