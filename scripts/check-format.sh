#!/usr/bin/env bash
# The formatting check `make test` runs: every tracked C++ file as clang-format
# (.clang-format) would write it. `make format` fixes what it reports.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
if [[ ${#files[@]} -eq 0 ]]; then
  echo "check-format: no tracked C++ files (not a git checkout?)" >&2
  exit 1
fi
if ! clang-format --dry-run --Werror "${files[@]}"; then
  echo "check-format: the files above are not formatted; run: make format" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files formatted"
