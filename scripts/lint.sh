#!/usr/bin/env bash
# clang-format (check only) and clang-tidy over the project's sources.
set -euo pipefail
build=${1:-build/dev}
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
echo "lint: clang-format --dry-run on ${#files[@]} files"
clang-format --dry-run --Werror "${files[@]}"
mapfile -t tus < <(git ls-files 'src/*.cpp')
echo "lint: clang-tidy on ${#tus[@]} translation units"
clang-tidy -p "$build" --quiet "${tus[@]}"
