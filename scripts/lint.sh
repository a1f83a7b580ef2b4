#!/usr/bin/env bash
# clang-format (check only) and clang-tidy over the project's sources.
set -euo pipefail
build=${1:-build/dev}
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
echo "lint: clang-format --dry-run on ${#files[@]} files"
clang-format --dry-run --Werror "${files[@]}"
# Only translation units of this build (the Windows-only ones, such as
# src/platform/windows_service.cpp, are not compiled on Linux).
mapfile -t tus < <(git ls-files 'src/*.cpp' | python3 -c '
import json, os, sys
db = {os.path.realpath(e["file"]) for e in json.load(open(sys.argv[1]))}
for f in sys.stdin.read().split():
    if os.path.realpath(f) in db: print(f)
    else: print("lint: not in this build, skipped: " + f, file=sys.stderr)
' "$build/compile_commands.json")
echo "lint: clang-tidy on ${#tus[@]} translation units"
clang-tidy -p "$build" --quiet "${tus[@]}"
