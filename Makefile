# Anxin: two commands are all a new machine needs.
#   make run    install what is missing, build the app, start the server
#   make test   install what tests need, then every check and test
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# Trunk would otherwise ask the registry for a newer version on each build.
export TRUNK_SKIP_VERSION_CHECK := true

BIND ?= 127.0.0.1:8080
DATA_DIR ?= data
SERVER := target/server/anxin-server

.PHONY: run test tools test-tools dist dist-next server lint test-rust sim fuzz test-browser test-e2e size bench-save bench-gate bench-sync bench-reports bench-peers clean lighthouse

run: tools dist server
	$(SERVER) --bind $(BIND) --data-dir $(DATA_DIR) --dist dist

test: test-tools lint test-rust test-browser test-e2e

tools:
	scripts/install-tools.sh

test-tools:
	scripts/install-tools.sh --test

# The release build of the app (size-tuned wasm, wasm-opt -Oz) into dist/,
# then the bundles of their own: today's pass into dist/pass/, the
# students' booking page into dist/counselling/, the counselling desk into
# dist/desk/, the daily report into dist/reports/
# and the gate into dist/gate/ (the app's build empties dist/ first, so
# they come after it); last, the service worker's build id is made to
# cover the bundles too.
dist:
	trunk build --release
	trunk build pass.html --release --dist dist/pass --public-url /pass/
	trunk build counselling.html --release --dist dist/counselling --public-url /counselling/
	trunk build desk.html --release --dist dist/desk --public-url /desk/
	trunk build reports.html --release --dist dist/reports --public-url /reports/
	trunk build gate.html --release --dist dist/gate --public-url /gate/
	node scripts/seal-build.mjs dist

# The same app with another build label: the update test deploys it over
# dist/ while a page is open.
dist-next:
	ANXIN_BUILD_LABEL=next trunk build --release --dist target/dist-next

server:
	cargo build --profile server -p anxin-server

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p anxin --target wasm32-unknown-unknown --all-targets -- -D warnings

# Every Rust test on SQLite (the sync simulation's CI seeds among them),
# the simulation against a deliberately broken store (it must catch it),
# then the server's store and HTTP tests again, unchanged, and 20 seeds of
# the simulation, on a real PostgreSQL cluster that the script starts in a
# temp folder on a free port and stops afterwards.
test-rust:
	cargo test --workspace
	cargo test -p anxin-sim --features broken-duplicate-check --test broken_rule
	scripts/with-postgres.sh env ANXIN_TEST_BACKEND=postgres cargo test -p anxin-server --lib --test '*'
	scripts/with-postgres.sh env ANXIN_TEST_BACKEND=postgres ANXIN_SIM_SEEDS=20 cargo test -p anxin-sim --test seeds

# The sync simulation (crates/sim), as many seeds as asked, in a release
# build: progress lines, then the runs, faults injected by kind, invariant
# checks and failures (the first shrunk, with the command that replays it).
# The server's profile: a panicking run must unwind to be reported.
SEEDS ?= 1000
sim:
	cargo run --profile server -p anxin-sim -- $(SEEDS)

# Every fuzz target, FUZZ_CASES cases each in the server's optimized build
# (12 targets: about 1,080,000 cases), each target's figures and the total.
# `cargo test` runs the same targets with a few hundred cases each.
FUZZ_CASES ?= 90000
fuzz:
	scripts/fuzz.sh $(FUZZ_CASES)

# wasm-bindgen-test in headless Chromium (settings in webdriver.json). The
# driver leaves each browser profile behind in the temp folder, so the run
# gets a temp folder of its own, removed afterwards.
test-browser:
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	TMPDIR=$$tmp CHROMEDRIVER=/usr/bin/chromedriver cargo test -p anxin --target wasm32-unknown-unknown --test storage_browser --test shell_browser --test sync_browser --test notes_browser --test phone_faults_browser

# Playwright against the real server serving the real release build.
test-e2e: dist-next dist server
	node --test --test-concurrency=1 --test-timeout=240000 tests/e2e/

size: tools
	scripts/size.sh

clean:
	cargo clean
	rm -rf dist

# Saving today's declaration with a year of history stored: prints the time
# the main thread is held (target: under 16 ms, one frame).
bench-save: tools dist server
	node scripts/bench-save.mjs

# From a camera frame to the verdict on the gate screen, unthrottled and
# at 4x CPU throttling (target: under 150 ms), in milliseconds.
bench-gate: tools dist server
	node scripts/bench-gate.mjs

# The push endpoint's throughput at 1, 16 and 64 devices (p50/p99) and the
# time to deliver 1,000 queued declarations, over loopback HTTP.
bench-sync:
	cargo run --profile server -p anxin-server --example bench_sync

# The school's daily report and 14-day trend for 30,000 people in 60
# departments and 1,000 classes, from the raw rows, in milliseconds.
bench-reports:
	cargo run --profile server -p anxin-server --example bench_reports

# Anxin's push beside two peers installed into bench/ (json-server, the
# naive JSON endpoint; pouchdb-server, offline-first replication), in one
# run: 10,000 declarations from 16 devices in batches of 50, then 3,000
# from 64 devices one per request; records/s, p50/p99 and Anxin's ratio to
# each; Anxin on SQLite and on PostgreSQL (a throwaway cluster).
bench-peers: tools server
	scripts/install-tools.sh --bench
	scripts/with-postgres.sh scripts/bench-peers.sh

# Lighthouse installability (PWA) audit, printed: a benchmark, not a test.
lighthouse: dist server
	scripts/install-tools.sh --bench
	scripts/lighthouse.sh
