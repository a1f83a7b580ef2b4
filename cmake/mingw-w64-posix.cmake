# Cross-compiling for Windows (x86_64) with Debian's mingw-w64, "posix" thread
# model: the "win32" variant of the compiler has no std::thread/std::mutex.
# Everything links statically (-static), so the .exe files need no DLL beside
# them. The libraries Debian ships no Windows build of come from
# scripts/build-windows-deps.sh, installed into build/win-deps (RISK_WIN_DEPS).
# ctest runs the test programs under wine (CMAKE_CROSSCOMPILING_EMULATOR).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(RISK_MINGW_TRIPLET x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${RISK_MINGW_TRIPLET}-gcc-posix)
set(CMAKE_CXX_COMPILER ${RISK_MINGW_TRIPLET}-g++-posix)
set(CMAKE_RC_COMPILER ${RISK_MINGW_TRIPLET}-windres)
set(CMAKE_AR /usr/bin/${RISK_MINGW_TRIPLET}-ar CACHE FILEPATH "")
set(CMAKE_RANLIB /usr/bin/${RISK_MINGW_TRIPLET}-ranlib CACHE FILEPATH "")

# The Windows dependency prefix; the environment may point elsewhere.
if(DEFINED ENV{RISK_WIN_DEPS})
  set(RISK_WIN_DEPS "$ENV{RISK_WIN_DEPS}")
else()
  get_filename_component(RISK_WIN_DEPS "${CMAKE_CURRENT_LIST_DIR}/../build/win-deps" ABSOLUTE)
endif()

# Look for headers, libraries and CMake packages only in the mingw sysroot and
# the dependency prefix: never in /usr (glibc headers, Linux libraries).
set(CMAKE_FIND_ROOT_PATH /usr/${RISK_MINGW_TRIPLET} ${RISK_WIN_DEPS})
set(CMAKE_PREFIX_PATH ${RISK_WIN_DEPS})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
set(OPENSSL_USE_STATIC_LIBS TRUE)

# Test programs run under wine, in a prefix of the build tree (see the script).
find_program(RISK_WINE_RUN NAMES wine-run.sh PATHS "${CMAKE_CURRENT_LIST_DIR}/../tests/windows" NO_DEFAULT_PATH
             NO_CMAKE_FIND_ROOT_PATH)
if(RISK_WINE_RUN)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${RISK_WINE_RUN}")
endif()
