#!/usr/bin/env bash
# Builds the Windows (x86_64-w64-mingw32) static libraries the project needs
# and Debian ships no Windows build of, from Debian bookworm's own source
# packages, into build/win-deps (a prefix: include/, lib/, lib/cmake/, share/).
#
#  1. apt-installs the cross compiler (mingw-w64, "posix" thread model), wine
#     and the tools the source builds need, when missing.
#  2. adds a deb-src entry for deb.debian.org (once) and fetches the source
#     packages with `apt-get source`.
#  3. builds, each behind its own stamp: OpenSSL, SQLite (amalgamation),
#     yaml-cpp, libsodium, date-tz (tz.cpp without the OS tz database: the IANA
#     text files of the tzdata source package go to share/tzdata), simdjson
#     (its amalgamated simdjson.cpp) and GoogleTest (from libgtest-dev's
#     /usr/src/googletest) for the test programs.
#  4. stages the header-only libraries (Boost.Asio/Beast, nlohmann-json, fmt,
#     spdlog, CLI11) as symlinks in include/ and writes small CMake package files
#     for them: /usr/include itself never goes on the mingw include path.
#
# A second run is a no-op (one stamp per library, one for the whole prefix).
# Nothing is downloaded from anywhere but deb.debian.org. See docs/windows.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prefix=${RISK_WIN_DEPS:-$root/build/win-deps}
work=$root/build/win-deps-src
jobs=$(nproc)
triplet=x86_64-w64-mingw32
toolchain=$root/cmake/mingw-w64-posix.cmake
stamps=$prefix/.stamps
# Bump when a build recipe below changes: every library is rebuilt.
recipe=2

PACKAGES=(
  mingw-w64 g++-mingw-w64-x86-64-posix gcc-mingw-w64-x86-64-posix
  wine wine64
  # apt-get source, the SQLite amalgamation (tclsh), libsodium's autotools
  dpkg-dev tcl autoconf automake libtool make perl
  # host tools and the header-only libraries reused from /usr/include
  cmake ninja-build ccache libboost-dev nlohmann-json3-dev libfmt-dev libspdlog-dev libcli11-dev
  libgtest-dev libgmock-dev
)
SOURCES=(openssl sqlite3 yaml-cpp libsodium howardhinnant-date simdjson tzdata)

log() { printf 'build-windows-deps: %s\n' "$*" >&2; }
die() {
  log "$*"
  exit 1
}

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || printf '%s\n' "$p"
  done
}

if [[ -f $prefix/.complete && $(cat "$prefix/.complete") == "$recipe" && -z $(missing_packages) ]]; then
  log "up to date ($prefix)"
  exit 0
fi

# --- 1. packages -------------------------------------------------------------
mapfile -t missing < <(missing_packages)
if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -ne 0 ]]; then
    die "missing packages: ${missing[*]}; run as root: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
  fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- 2. source packages --------------------------------------------------------
srcfile=/etc/apt/sources.list.d/risk-debian-src.sources
have_deb_src() { grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ || grep -qs '^deb-src ' /etc/apt/sources.list; }
if ! have_deb_src; then
  [[ $(id -u) -eq 0 ]] || die "no deb-src entry; as root, create $srcfile (see this script) and run apt-get update"
  log "adding $srcfile and running apt-get update"
  cat >"$srcfile" <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  apt-get update -qq
fi

mkdir -p "$work" "$stamps" "$prefix/include" "$prefix/lib/cmake" "$prefix/share"

# srcdir PACKAGE -> the unpacked source tree (fetched when absent).
srcdir() {
  local pkg=$1 dir
  dir=$(find "$work" -maxdepth 1 -mindepth 1 -type d -name "${pkg}-[0-9]*" | sort | tail -n1)
  if [[ -z $dir ]]; then
    log "apt-get source $pkg"
    (cd "$work" && apt-get source -qq "$pkg" >/dev/null 2>"$work/$pkg.apt.log") || {
      [[ $(id -u) -eq 0 ]] && apt-get update -qq
      (cd "$work" && apt-get source -qq "$pkg" >/dev/null 2>"$work/$pkg.apt.log") ||
        die "apt-get source $pkg failed: $(tail -n3 "$work/$pkg.apt.log")"
    }
    dir=$(find "$work" -maxdepth 1 -mindepth 1 -type d -name "${pkg}-[0-9]*" | sort | tail -n1)
  fi
  [[ -n $dir ]] || die "no source tree for $pkg"
  printf '%s\n' "$dir"
}

launcher=""
command -v ccache >/dev/null && launcher=ccache
export CC="${launcher:+$launcher }$triplet-gcc-posix"
export CXX="${launcher:+$launcher }$triplet-g++-posix"
export AR=$triplet-ar RANLIB=$triplet-ranlib RC=$triplet-windres WINDRES=$triplet-windres
export NICE="nice -n 10"

declare -A seconds
# step NAME FUNCTION: runs FUNCTION once (stamp), timing it.
step() {
  local name=$1 fn=$2 t0
  if [[ -f $stamps/$name && $(cat "$stamps/$name") == "$recipe" ]]; then
    seconds[$name]=cached
    return
  fi
  t0=$(date +%s)
  log "building $name"
  "$fn" >"$work/$name.build.log" 2>&1 || die "$name failed; last lines of $work/$name.build.log:
$(tail -n 30 "$work/$name.build.log")"
  echo "$recipe" >"$stamps/$name"
  seconds[$name]=$(($(date +%s) - t0))
  log "$name done in ${seconds[$name]} s"
}

cmake_build() {  # cmake_build SRC BUILD [-D...]
  local src=$1 bld=$2
  shift 2
  rm -rf "$bld"
  $NICE cmake -S "$src" -B "$bld" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib -DBUILD_SHARED_LIBS=OFF \
    ${launcher:+-DCMAKE_C_COMPILER_LAUNCHER=$launcher -DCMAKE_CXX_COMPILER_LAUNCHER=$launcher} "$@"
  $NICE cmake --build "$bld" -j "$jobs"
  cmake --install "$bld"
}

build_openssl() {
  local src bld=$work/openssl-build
  src=$(srcdir openssl)
  rm -rf "$bld"
  cp -a "$src" "$bld"
  cd "$bld"
  # mingw64: the Windows x86_64 target. No DLLs, no tests, no engines; the
  # assembler code stays (TLS speed). OPENSSLDIR is unused: the daemon loads the
  # Windows certificate store or a configured CA file itself.
  $NICE ./Configure mingw64 no-shared no-tests no-engine no-module no-legacy \
    --prefix="$prefix" --libdir=lib --openssldir="C:/ProgramData/RiskManager/ssl"
  $NICE make -j "$jobs" build_libs
  make install_dev
}

build_sqlite() {
  local src bld=$work/sqlite-build
  src=$(srcdir sqlite3)
  rm -rf "$bld"
  mkdir -p "$bld"
  cd "$bld"
  # The amalgamation (one sqlite3.c) is generated by the source tree's own
  # tools, built for the host, then compiled for Windows.
  CC=gcc $NICE "$src/configure" --disable-tcl --disable-readline >/dev/null
  CC=gcc $NICE make sqlite3.c sqlite3.h
  # Thread-safe (the writer thread and readers use separate connections),
  # the same compile-time defaults as Debian's build where they matter.
  $NICE $CC -O2 -c sqlite3.c -o sqlite3.o -DSQLITE_THREADSAFE=1 -DSQLITE_ENABLE_COLUMN_METADATA \
    -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_JSON1 -DSQLITE_ENABLE_RTREE -DSQLITE_ENABLE_UNLOCK_NOTIFY \
    -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_SECURE_DELETE -DSQLITE_OMIT_LOAD_EXTENSION
  rm -f "$prefix/lib/libsqlite3.a"
  $AR rcs "$prefix/lib/libsqlite3.a" sqlite3.o
  cp sqlite3.h "$prefix/include/"
}

build_yaml_cpp() {
  local src
  src=$(srcdir yaml-cpp)
  cmake_build "$src" "$work/yaml-cpp-build" -DYAML_CPP_BUILD_TESTS=OFF -DYAML_CPP_BUILD_TOOLS=OFF \
    -DYAML_CPP_BUILD_CONTRIB=OFF -DYAML_BUILD_SHARED_LIBS=OFF
}

build_libsodium() {
  local src bld=$work/libsodium-build
  src=$(srcdir libsodium)
  rm -rf "$bld"
  cp -a "$src" "$bld"
  cd "$bld"
  [[ -x configure ]] || $NICE autoreconf -fi
  $NICE ./configure --host=$triplet --prefix="$prefix" --libdir="$prefix/lib" --disable-shared --enable-static \
    --disable-dependency-tracking
  $NICE make -j "$jobs"
  make install
}

build_date_tz() {
  local src
  src=$(srcdir howardhinnant-date)
  # MANUAL_TZ_DB: no download code, no OS database (USE_OS_TZDB cannot be used
  # on Windows); the program calls date::set_install(<dir of the IANA text
  # files>) before its first zone lookup (src/tz/iana_zone.cpp).
  cmake_build "$src" "$work/date-build" -DBUILD_TZ_LIB=ON -DMANUAL_TZ_DB=ON -DUSE_SYSTEM_TZ_DB=OFF \
    -DENABLE_DATE_TESTING=OFF -DCMAKE_CXX_STANDARD=20
}

build_tzdata() {
  local src dst=$prefix/share/tzdata f
  src=$(srcdir tzdata)
  rm -rf "$dst"
  mkdir -p "$dst"
  # The IANA source files date-tz parses (the "main" data format), and the
  # version file it reports.
  # Comments are stripped: date-tz skips only lines that start with '#' and
  # prints the indented ones (such as "\t\t#STDOFF ...") to stderr.
  for f in africa antarctica asia australasia backward etcetera europe northamerica southamerica leapseconds \
    systemv; do
    if [[ ! -f $src/$f ]]; then
      [[ $f == systemv ]] && continue  # gone from newer tzdata; Debian's patch may bring it back
      die "tzdata source has no '$f'"
    fi
    sed -e 's/[[:space:]]*#.*$//' -e '/^[[:space:]]*$/d' "$src/$f" >"$dst/$f"
  done
  cp "$src/version" "$dst/version"
  # On Windows date-tz also reads windowsZones.xml (CLDR's Windows-zone ->
  # IANA-zone table), used only by date::current_zone(). The daemon names its
  # zones in the configuration and never asks for the machine's zone, so the
  # table is present but empty (CLDR is no source package input here).
  cat >"$dst/windowsZones.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8" ?>
<!-- Empty Windows zone mapping: risk-daemon never calls date::current_zone(). -->
<supplementalData>
  <windowsZones>
    <mapTimezones otherVersion="0" typeVersion="0">
    </mapTimezones>
  </windowsZones>
</supplementalData>
EOF
}

build_simdjson() {
  local src bld=$work/simdjson-build
  src=$(srcdir simdjson)
  rm -rf "$bld"
  mkdir -p "$bld"
  # The amalgamated single-file library (singleheader/simdjson.{h,cpp}),
  # compiled with the runtime CPU dispatch it has by default.
  $NICE $CXX -std=c++20 -O2 -DNDEBUG -c "$src/singleheader/simdjson.cpp" -I"$src/singleheader" -o "$bld/simdjson.o"
  rm -f "$prefix/lib/libsimdjson.a"
  $AR rcs "$prefix/lib/libsimdjson.a" "$bld/simdjson.o"
  cp "$src/singleheader/simdjson.h" "$prefix/include/"
  mkdir -p "$prefix/lib/cmake/simdjson"
  cat >"$prefix/lib/cmake/simdjson/simdjsonConfig.cmake" <<'EOF'
# simdjson, amalgamated build (scripts/build-windows-deps.sh).
get_filename_component(_risk_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
if(NOT TARGET simdjson::simdjson)
  add_library(simdjson::simdjson STATIC IMPORTED)
  set_target_properties(simdjson::simdjson PROPERTIES
    IMPORTED_LOCATION "${_risk_prefix}/lib/libsimdjson.a"
    INTERFACE_INCLUDE_DIRECTORIES "${_risk_prefix}/include")
endif()
set(simdjson_FOUND TRUE)
EOF
}

build_googletest() {
  [[ -d /usr/src/googletest ]] || die "/usr/src/googletest missing (package libgtest-dev)"
  cmake_build /usr/src/googletest "$work/googletest-build" -DBUILD_GMOCK=ON -DINSTALL_GTEST=ON \
    -Dgtest_force_shared_crt=OFF
}

# Header-only libraries: symlinks into include/ (never /usr/include itself on the
# include path) and a CMake package file each, matching the Linux targets'
# names. fmt and spdlog are used in header-only mode (FMT_HEADER_ONLY, spdlog
# without SPDLOG_COMPILED_LIB).
stage_header_only() {
  local d
  for d in boost nlohmann fmt spdlog CLI; do
    [[ -d /usr/include/$d ]] || die "/usr/include/$d missing"
    ln -sfn "/usr/include/$d" "$prefix/include/$d"
  done
  write_config() {  # write_config PACKAGE VERSION BODY
    mkdir -p "$prefix/lib/cmake/$1"
    {
      echo "# $1 (header-only, from Debian's /usr/include; scripts/build-windows-deps.sh)."
      echo 'get_filename_component(_risk_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)'
      echo "$3"
      echo "set($1_FOUND TRUE)"
      echo "set($1_VERSION $2)"
    } >"$prefix/lib/cmake/$1/$1Config.cmake"
    cat >"$prefix/lib/cmake/$1/$1ConfigVersion.cmake" <<EOF
set(PACKAGE_VERSION "$2")
if(PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION)
  set(PACKAGE_VERSION_COMPATIBLE FALSE)
else()
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
  if(PACKAGE_FIND_VERSION STREQUAL PACKAGE_VERSION)
    set(PACKAGE_VERSION_EXACT TRUE)
  endif()
endif()
EOF
  }
  local boost_version
  boost_version=$(sed -n 's/^#define BOOST_LIB_VERSION "\([0-9_]*\)"/\1/p' /usr/include/boost/version.hpp | tr _ .)
  [[ $boost_version == *.*.* ]] || boost_version=$boost_version.0
  write_config Boost "$boost_version" '
if(NOT TARGET Boost::headers)
  add_library(Boost::headers INTERFACE IMPORTED)
  # Asio on Windows: Windows 10 API level, Winsock.
  set_target_properties(Boost::headers PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${_risk_prefix}/include"
    INTERFACE_COMPILE_DEFINITIONS "_WIN32_WINNT=0x0A00;BOOST_ALL_NO_LIB"
    INTERFACE_LINK_LIBRARIES "ws2_32;mswsock")
  add_library(Boost::boost INTERFACE IMPORTED)
  set_target_properties(Boost::boost PROPERTIES INTERFACE_LINK_LIBRARIES Boost::headers)
endif()
set(Boost_INCLUDE_DIRS "${_risk_prefix}/include")'
  write_config fmt "$(dpkg-query -W -f='${Version}' libfmt-dev | sed 's/[+~-].*//')" '
if(NOT TARGET fmt::fmt-header-only)
  add_library(fmt::fmt-header-only INTERFACE IMPORTED)
  set_target_properties(fmt::fmt-header-only PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${_risk_prefix}/include" INTERFACE_COMPILE_DEFINITIONS FMT_HEADER_ONLY=1)
  add_library(fmt::fmt INTERFACE IMPORTED)
  set_target_properties(fmt::fmt PROPERTIES INTERFACE_LINK_LIBRARIES fmt::fmt-header-only)
endif()'
  write_config spdlog "$(dpkg-query -W -f='${Version}' libspdlog-dev | sed 's/^[0-9]*://; s/[+~-].*//')" '
include(CMakeFindDependencyMacro)
find_dependency(fmt)
if(NOT TARGET spdlog::spdlog)
  add_library(spdlog::spdlog_header_only INTERFACE IMPORTED)
  set_target_properties(spdlog::spdlog_header_only PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${_risk_prefix}/include"
    INTERFACE_COMPILE_DEFINITIONS SPDLOG_FMT_EXTERNAL
    INTERFACE_LINK_LIBRARIES fmt::fmt-header-only)
  add_library(spdlog::spdlog INTERFACE IMPORTED)
  set_target_properties(spdlog::spdlog PROPERTIES INTERFACE_LINK_LIBRARIES spdlog::spdlog_header_only)
endif()'
  write_config CLI11 "$(dpkg-query -W -f='${Version}' libcli11-dev | sed 's/[+~-].*//')" '
if(NOT TARGET CLI11::CLI11)
  add_library(CLI11::CLI11 INTERFACE IMPORTED)
  set_target_properties(CLI11::CLI11 PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_risk_prefix}/include")
endif()'
  write_config nlohmann_json "$(dpkg-query -W -f='${Version}' nlohmann-json3-dev | sed 's/[+~-].*//')" '
if(NOT TARGET nlohmann_json::nlohmann_json)
  add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
  set_target_properties(nlohmann_json::nlohmann_json PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${_risk_prefix}/include")
endif()'
}

total0=$(date +%s)
step header-only stage_header_only
step tzdata build_tzdata
step sqlite build_sqlite
step simdjson build_simdjson
step date-tz build_date_tz
step yaml-cpp build_yaml_cpp
step googletest build_googletest
step openssl build_openssl
step libsodium build_libsodium

echo "$recipe" >"$prefix/.complete"
summary=""
for k in header-only tzdata sqlite simdjson date-tz yaml-cpp googletest openssl libsodium; do
  summary+=" $k=${seconds[$k]}"
done
log "done in $(($(date +%s) - total0)) s:$summary (seconds; 'cached' = built before)"
