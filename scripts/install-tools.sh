#!/usr/bin/env bash
# Installs what building Anxin needs, skipping whatever is already there.
#   scripts/install-tools.sh          build tools (make run)
#   scripts/install-tools.sh --test   also the browser, driver and PostgreSQL for tests
#   scripts/install-tools.sh --bench  also Lighthouse (bench/), the browser and PostgreSQL
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=false want_bench=false
[ "${1:-}" = "--test" ] && want_test=true
[ "${1:-}" = "--bench" ] && want_bench=true

export PATH="$HOME/.cargo/bin:$PATH"
TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
[ -n "$WASM_BINDGEN_VERSION" ] || { echo "Cargo.toml must pin wasm-bindgen as =x.y.z" >&2; exit 1; }

say() { printf '==> %s\n' "$*"; }

# Debian packages, as root or through sudo.
apt_install() {
  local run=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "installing $* needs root (or sudo)" >&2; exit 1; }
    run=(sudo)
  fi
  say "installing $* from Debian"
  "${run[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${run[@]}" apt-get install -y -qq "$@"
}

# Bundled SQLite and other -sys crates build C code.
command -v cc >/dev/null || apt_install build-essential

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (takes a while on a new machine)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "^wasm-bindgen $WASM_BINDGEN_VERSION\b" \
  || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (takes a while on a new machine)"
  # Not --locked: its lock file names a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# npm tools (wasm-opt from binaryen, playwright-core, and an independent QR
# encoder and reader for the gate tests) in ./node_modules,
# exactly as package-lock.json says; reinstalled only when the lock changes.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
  || [ ! -x node_modules/.bin/wasm-opt ]; then
  say "installing npm tools from package-lock.json"
  npm ci --no-audit --no-fund
fi

# The PostgreSQL store's tests and benchmarks start a throwaway cluster of
# their own (scripts/with-postgres.sh), from Debian's server binaries.
if $want_test || $want_bench; then
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || apt_install postgresql
fi

if $want_test; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
fi

if $want_bench; then
  [ -x /usr/bin/chromium ] || apt_install chromium
  # bench/'s tools (Lighthouse; json-server and pouchdb-server for make
  # bench-peers), exactly as bench/package-lock.json says; reinstalled only
  # when the lock changes. No install scripts: leveldown (pouchdb-server's
  # store) loads the prebuilt binary its package ships, and the optional
  # sqlite3 would only try to download one (for --sqlite, unused).
  if [ ! -x bench/node_modules/.bin/lighthouse ] || [ ! -x bench/node_modules/.bin/json-server ] \
    || [ ! -x bench/node_modules/.bin/pouchdb-server ] \
    || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
    say "installing the benchmark tools from bench/package-lock.json"
    (cd bench && npm ci --no-audit --no-fund --ignore-scripts)
  fi
fi
say "tools ready"
