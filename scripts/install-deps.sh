#!/usr/bin/env bash
# Installs the Debian bookworm packages this project needs, idempotently.
#  - Does nothing when every package is already installed.
#  - Otherwise runs `apt-get update` once, then one `apt-get install`.
#  - When not root, prints the exact command to run instead of failing obscurely.
# Nothing is downloaded from anywhere but Debian's archive (and npm for the
# SignalR reference client, see tests/signalr-js/).
set -euo pipefail

PACKAGES=(
  # toolchain and build
  g++ cmake ninja-build ccache make pkg-config python3 git clang-format
  # networking: Boost.Asio/Beast (header-only) + OpenSSL
  libboost-dev libssl-dev openssl
  # JSON: simdjson for the inbound hot path, nlohmann for config/outgoing
  libsimdjson-dev nlohmann-json3-dev
  # configuration, storage, logging, command lines
  libyaml-cpp-dev libsqlite3-dev sqlite3 libspdlog-dev libfmt-dev libcli11-dev
  # IANA time zones (date/tz reads the system zoneinfo from tzdata)
  libhowardhinnant-date-dev tzdata
  # admin password hashing, service manager notification
  libsodium-dev libsystemd-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # terminal UI tests, SignalR reference client
  tmux nodejs
  # service tests: systemd-analyze, useradd/gpasswd, setpriv, kill/ps (tests/service/)
  systemd passwd util-linux procps
)
if [[ -n "${RISK_EXTRA_PACKAGES:-}" ]]; then
  # shellcheck disable=SC2206
  PACKAGES+=(${RISK_EXTRA_PACKAGES})
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root:  apt-get update && $cmd" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends "${missing[@]}"
