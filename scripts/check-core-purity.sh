#!/usr/bin/env bash
# The pure core (src/core, src/state, src/rules, src/engine) decides; it never
# reads a clock, starts a thread, logs to a sink or touches files, sockets or the
# environment. This check greps its sources for the ways those usually creep in.
# A reviewed exception is marked on its own line with:  // purity: allow(<why>)
#
# usage: check-core-purity.sh [REPO_ROOT]     check the repository
#        check-core-purity.sh --self-test     prove the check catches a violation
set -euo pipefail

PATTERNS=(
  'system_clock::now' 'steady_clock::now' 'high_resolution_clock::now' 'file_clock::now'
  '\btime\(' '\bclock\(' 'gettimeofday' 'clock_gettime'
  'std::thread' 'std::jthread' 'std::async' '#include <thread>' '#include <mutex>' '#include <future>'
  'std::mutex' 'std::condition_variable'
  '\bfopen\(' '\bfreopen\(' '#include <fstream>' '#include <iostream>' '#include <filesystem>'
  'std::cout' 'std::cerr' 'std::clog' '\bprintf\(' '\bfprintf\(' '\bputs\(' '\bperror\('
  '\bsocket\(' '#include <sys/' '#include <unistd.h>' '#include <netinet' 'boost/asio' 'boost/beast'
  'spdlog' 'sqlite3' 'yaml-cpp' 'getenv' 'std::random_device' 'std::rand\b' '\bsleep\(' 'sleep_for' 'sleep_until'
)

scan() {
  local root=$1 status=0 dirs=()
  for d in core state rules engine; do
    [[ -d "$root/src/$d" ]] && dirs+=("$root/src/$d")
  done
  [[ ${#dirs[@]} -gt 0 ]] || { echo "core-purity: no core sources under $root/src" >&2; return 2; }
  local regex
  regex=$(IFS='|'; echo "${PATTERNS[*]}")
  local hits
  hits=$(grep -rnE --include='*.hpp' --include='*.cpp' --include='*.h' "$regex" "${dirs[@]}" \
           | grep -v 'purity: allow(' || true)
  if [[ -n "$hits" ]]; then
    echo "core-purity: the pure core must not read clocks, start threads or do I/O:" >&2
    echo "$hits" >&2
    echo "core-purity: move it to an adapter, or mark a reviewed exception with // purity: allow(<why>)" >&2
    status=1
  fi
  return $status
}

if [[ "${1:-}" == "--self-test" ]]; then
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/src/core"
  echo 'int f() { return 1; }' > "$tmp/src/core/ok.cpp"
  scan "$tmp" 2>/dev/null || { echo "self-test: clean tree rejected"; exit 1; }
  echo 'auto t = std::chrono::system_clock::now();' > "$tmp/src/core/bad.cpp"
  if scan "$tmp" 2>/dev/null; then echo "self-test: clock read not caught"; exit 1; fi
  echo 'auto t = std::chrono::system_clock::now();  // purity: allow(test)' > "$tmp/src/core/bad.cpp"
  scan "$tmp" 2>/dev/null || { echo "self-test: marked exception rejected"; exit 1; }
  echo "core-purity self-test passed"
  exit 0
fi

root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
scan "$root"
echo "core-purity: src/{core,state,rules,engine} clean"
