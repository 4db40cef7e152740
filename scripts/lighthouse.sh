#!/usr/bin/env bash
# Lighthouse's installability (PWA) audit of the release build, against the
# real server on a free port with a temp data folder. Prints the result; not
# a test. Run through `make lighthouse`, which builds and installs first.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x bench/node_modules/.bin/lighthouse ] || { echo "run 'make lighthouse' (installs Lighthouse first)" >&2; exit 1; }

port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
data=$(mktemp -d)
report=$(mktemp -d)
target/server/anxin-server --bind "127.0.0.1:$port" --data-dir "$data" --dist dist >"$report/server.log" 2>&1 &
server_pid=$!
cleanup() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$data" "$report"; }
trap cleanup EXIT

node -e '
const url = process.argv[1];
const deadline = Date.now() + 15000;
(async () => {
  while (Date.now() < deadline) {
    try { if ((await fetch(url)).ok) return; } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  console.error("server did not start"); process.exit(1);
})();' "http://127.0.0.1:$port/api/health"

CHROME_PATH=${CHROMIUM:-/usr/bin/chromium} bench/node_modules/.bin/lighthouse "http://127.0.0.1:$port/" \
  --quiet --output=json --output-path="$report/lighthouse.json" \
  --only-categories=pwa,performance --form-factor=mobile \
  --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update --no-first-run" \
  >"$report/lighthouse.log" 2>&1 || { echo "lighthouse failed:" >&2; cat "$report/lighthouse.log" >&2; exit 1; }

node -e '
const r = require(process.argv[1]);
const a = r.audits;
const line = (id) => a[id] ? `${id}: ${a[id].score === 1 ? "pass" : a[id].score === 0 ? "FAIL" : a[id].score} ${a[id].displayValue ?? ""}` : `${id}: (not run)`;
console.log(`lighthouse ${r.lighthouseVersion}, ${r.finalDisplayedUrl}`);
for (const id of ["installable-manifest", "service-worker", "themed-omnibox", "maskable-icon", "viewport"]) console.log(line(id));
for (const id of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "speed-index"]) console.log(`${id}: ${a[id]?.displayValue ?? "-"}`);
console.log(`pwa category: ${Math.round((r.categories.pwa?.score ?? 0) * 100)}`);
console.log(`performance category: ${Math.round((r.categories.performance?.score ?? 0) * 100)}`);
if (a["installable-manifest"]?.score !== 1) process.exit(1);
' "$report/lighthouse.json"
