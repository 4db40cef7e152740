#!/usr/bin/env bash
# Lighthouse on the release build (issue #18): the mobile preset, median of
# 3 runs, on the first screen and on Today signed in; scores and metrics
# next to their targets, the failing accessibility audits with their
# elements, and the installability audit. Figures, not a test: exits
# non-zero only when Lighthouse fails or the app is not installable.
#
# Serves a copy of dist/ (a rebuild during the run changes nothing) from the
# real server, on a free port with a temp data folder holding the example
# roster, as the end-to-end tests do; scripts/lighthouse.mjs does the rest.
# Run through `make lighthouse`, which builds and installs first.
set -euo pipefail
cd "$(dirname "$0")/.."

server=target/server/anxin-server
[ -x bench/node_modules/.bin/lighthouse ] || { echo "run 'make lighthouse' (installs Lighthouse first)" >&2; exit 1; }
[ -x "$server" ] || { echo "no $server: run 'make lighthouse' (builds it first)" >&2; exit 1; }

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The app as it is now, checked complete (a build in progress empties dist/).
cp -r dist "$work/app"
for file in index.html sw.js manifest.webmanifest $(grep -o "/[A-Za-z0-9_-]*\.\(js\|wasm\|css\)" "$work/app/index.html"); do
  [ -f "$work/app/${file#/}" ] || { echo "dist/ is incomplete (no ${file#/}): build it first" >&2; exit 1; }
done

mkdir "$work/data"
"$server" --data-dir "$work/data" import-roster docs/roster.example.csv >/dev/null
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
"$server" --bind "127.0.0.1:$port" --data-dir "$work/data" --dist "$work/app" >"$work/server.log" 2>&1 &
server_pid=$!

node -e '
const url = process.argv[1];
const deadline = Date.now() + 15000;
(async () => {
  while (Date.now() < deadline) {
    try { if ((await fetch(url)).ok) return; } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  console.error("server did not start"); process.exit(1);
})();' "http://127.0.0.1:$port/api/health" || { cat "$work/server.log" >&2; exit 1; }

# Chromium and Lighthouse leave their temp files in the folder removed at the end.
mkdir "$work/tmp"
TMPDIR="$work/tmp" CHROMIUM=${CHROMIUM:-/usr/bin/chromium} node scripts/lighthouse.mjs "http://127.0.0.1:$port" "$work/data" "$work"
