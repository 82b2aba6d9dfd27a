# Soma: the two entry points are `make demo` and `make test`; both install what they need first.
SHELL := /bin/bash
SWIFT ?= swift
VENV := .venv
PY := $(VENV)/bin/python
SWIFT_BIN = $(shell $(SWIFT) build --show-bin-path)
APT_PACKAGES := libzmq3-dev libopenblas-dev libopenmpi-dev openmpi-bin libedit-dev libsqlite3-dev zlib1g-dev libpng-dev libturbojpeg0-dev pkg-config
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
# The browser tests and screenshots drive Debian's headless Chromium; the demo does not need it.
test screenshots: APT_PACKAGES += chromium chromium-driver
# Korean charts need a font with Hangul glyphs to render in the screenshots.
screenshots: APT_PACKAGES += fonts-nanum

.PHONY: demo test lab screenshots notebooks deps apt venv build release bench fuzz clean

## Builds in release and runs the flagship example (XOR with a two-layer perceptron).
demo: deps
	$(SWIFT) build -c release --product soma
	.build/release/soma docs/examples/xor.soma

## Builds and runs every test.
test: deps build
	$(SWIFT) test --skip-build
	$(SWIFT_BIN)/soma kernel install --prefix $(VENV) >/dev/null
	JUPYTER_PATH=$(CURDIR)/$(VENV)/share/jupyter SOMA_BIN=$(SWIFT_BIN)/soma $(PY) -m pytest -q Tests/Integration

## A longer soak than make test's: 1,000 cells of training, plotting and errors through one kernel,
## its resident memory sampled after each and required to stay flat (SOMA_SOAK_CELLS sets the count).
SOMA_SOAK_CELLS ?= 1000
.PHONY: soak
soak: deps build
	$(SWIFT_BIN)/soma kernel install --prefix $(VENV) >/dev/null
	SOMA_SOAK_CELLS=$(SOMA_SOAK_CELLS) JUPYTER_PATH=$(CURDIR)/$(VENV)/share/jupyter SOMA_BIN=$(SWIFT_BIN)/soma \
	  $(PY) -m pytest -q -s Tests/Integration/test_soak.py

## Opens JupyterLab (from the venv) on Notebooks/ with the Soma kernel (release build; LAB_CONFIG=debug
## for the debug one); LAB_ARGS passes options, e.g. make lab LAB_ARGS="--no-browser --port 8890".
LAB_CONFIG ?= release
lab: deps
	$(SWIFT) build -c $(LAB_CONFIG) --product soma
	.build/$(LAB_CONFIG)/soma kernel install --prefix $(VENV) >/dev/null
	JUPYTER_PATH=$(CURDIR)/$(VENV)/share/jupyter $(VENV)/bin/jupyter lab --ServerApp.root_dir=Notebooks $(if $(SUDO),,--allow-root) $(LAB_ARGS)

## Runs every course notebook (English and Korean) and writes it back with its outputs (release build);
## make test checks that the committed outputs come from the cells as they are. NOTEBOOKS picks some.
notebooks: deps
	$(SWIFT) build -c release --product soma
	.build/release/soma kernel install --prefix $(VENV) >/dev/null
	JUPYTER_PATH=$(CURDIR)/$(VENV)/share/jupyter $(PY) docs/notebooks.py $(NOTEBOOKS)

## Runs notebooks through the kernel and renders them in headless Chromium into docs/images/*.png.
screenshots: deps
	$(SWIFT) build -c release --product soma
	$(PY) docs/screenshots.py --soma .build/release/soma

deps: apt venv

# Installs only the Debian packages that are missing, so a second run does nothing.
apt:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	python3 -c 'import venv, ensurepip' 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

## Builds everything the tests need; a warning in the project's own code fails the build (the log of the
## last build is .build/build.log).
build:
	@mkdir -p .build
	$(SWIFT) build --build-tests 2>&1 | tee .build/build.log; test $${PIPESTATUS[0]} -eq 0
	@if grep -E "^$(CURDIR)/(Sources|Tests)/.*: warning:" .build/build.log; then echo "the build has warnings (above): fix them"; exit 1; fi

release:
	$(SWIFT) build -c release

## Times every workload three ways (Soma script, Soma engine, PyTorch from the venv), on one pinned core
## and on all cores, with memory and start-up; writes bench/RESULTS.md. BENCH_ARGS passes options to
## bench/run.py, e.g. make bench BENCH_ARGS="--quick --filter mlp".
bench: deps release
	$(PY) bench/run.py $(BENCH_ARGS)

## Runs the fuzzers long: FUZZ_SECONDS per API fuzzer, FUZZ_COUNT lexer/parser inputs, FUZZ_RUNS mutated
## programs. The call running when a crash ends the process is left in .build/fuzz-current.soma.
FUZZ_SECONDS ?= 600
FUZZ_COUNT ?= 1000000
FUZZ_RUNS ?= 100000
fuzz: deps build
	SOMA_FUZZ_TRACE=$(CURDIR)/.build/fuzz-current.soma SOMA_FUZZ_SECONDS=$(FUZZ_SECONDS) SOMA_FUZZ_COUNT=$(FUZZ_COUNT) \
	  SOMA_FUZZ_RUNS=$(FUZZ_RUNS) $(SWIFT) test --skip-build --filter 'FuzzTests'

clean:
	rm -rf .build
