# The front door. `make demo` and `make test` are the two commands in the README.
.PHONY: all deps demo test build release windows tsan bench soak format lint clean install uninstall

BUILD_DEV := build/dev
BUILD_REL := build/release
CLANG_FORMAT ?= clang-format
SOURCES = $(shell git ls-files '*.cpp' '*.hpp' 2>/dev/null)

all: build

deps:
	@./scripts/install-deps.sh

build: deps
	cmake --preset dev
	cmake --build --preset dev

release: deps
	cmake --preset release
	cmake --build --preset release

# Windows x86_64 cross-build (docs/windows.md): dependencies from Debian source
# packages into build/win-deps (once; a no-op afterwards), then build/windows.
windows:
	nice ./scripts/build-windows-deps.sh
	cmake --preset windows
	nice cmake --build --preset windows

# The daemon's threaded tests (its parts, the event server, end to end with the
# simulator) built with ThreadSanitizer in build/tsan; any race fails them.
tsan: deps
	cmake --preset tsan
	nice cmake --build --preset tsan
	ctest --preset tsan

# Install what is missing, configure, build (Debug, ASan + UBSan, -Werror), build
# for Windows, run every test (the Windows ones under wine), then the threaded
# ones under ThreadSanitizer. A failed Windows or TSan build does not stop the
# other tests, but it fails `make test`.
test: build
	@status=0; $(MAKE) --no-print-directory windows || status=1; ctest --preset dev || status=1; \
	  $(MAKE) --no-print-directory tsan || status=1; exit $$status

# The fault soak for 10 minutes (SOAK_SECONDS): a scripted trader breaching again
# and again while the simulator misbehaves at random; `make test` runs it for 60 s.
# A failure prints RISK_SOAK_SEED to replay it.
SOAK_SECONDS ?= 600
soak: build
	RISK_SOAK_SECONDS=$(SOAK_SECONDS) $(BUILD_DEV)/tests/test_e2e --gtest_filter='*FaultSoak*'

# Release build, every benchmark, a table, and build/bench-results.json.
bench: release
	python3 scripts/bench_report.py $(BUILD_REL) build/bench-results.json

demo: release
	@if [ -x scripts/demo.sh ]; then exec ./scripts/demo.sh; else \
	  echo "make demo: the demo needs projectx-sim and risk-daemon, which are not built yet" >&2; \
	  echo "(they arrive with the simulator and daemon issues; see README 'Status')." >&2; exit 2; fi

# Linux service: release build, then users, directories, modes, programs, configuration
# templates, admin key and the systemd unit (scripts/install-service.sh; as root).
# PREFIX (default /usr/local) and DESTDIR (a staging root) are passed on.
PREFIX ?= /usr/local
install: release
	./scripts/install-service.sh --build-dir $(BUILD_REL) --prefix $(PREFIX) $(if $(DESTDIR),--root $(DESTDIR))

# Removes the unit and programs; keeps configuration, database and logs (PURGE=1 removes them too).
uninstall:
	./scripts/uninstall-service.sh --prefix $(PREFIX) $(if $(DESTDIR),--root $(DESTDIR)) $(if $(PURGE),--purge)

format:
	$(CLANG_FORMAT) -i $(SOURCES)

lint: build
	@./scripts/lint.sh $(BUILD_DEV)

clean:
	rm -rf build
