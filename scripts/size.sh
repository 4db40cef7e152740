#!/usr/bin/env bash
# Builds the release app and prints the first-load size of the shell: the
# wasm, its js and the css (not sw.js, which loads after the page), raw,
# gzip -9 and brotli -q 11. Fails over the budget. Then the bundles of
# their own, outside it: today's pass (dist/pass/), which the phone keeps
# once its first pass came, the students' booking page (dist/counselling/),
# kept once the person synced or opened it, the counselling desk (dist/desk/), which only counsellors
# load, the daily report (dist/reports/), which only advisors and offices
# load, and the gate (dist/gate/), which only guards load.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true

log=$(mktemp)
if ! make --no-print-directory dist >"$log" 2>&1; then
  tail -40 "$log"
  echo 'size: the build failed' >&2
  exit 1
fi
rm -f "$log"
node - <<'JS'
const { readdirSync, readFileSync } = require('node:fs');
const { brotliCompressSync, constants, gzipSync } = require('node:zlib');
// The budget follows the app's stages (README, "Size and speed figures"):
// 120 KB for the shell alone (102 KB), 180 KB with the declaration pages
// (173 KB), 210 KB with the sync engine, 215 KB with accounts, 315 KB
// with counselling (318.6 KB at the end, with the desk in it), 280 KB once the desk
// became a bundle of its own. Trunk cannot lazy-load a part of the wasm,
// so staff-only areas are separate bundles.
// From here on a shared ledger: 300 KB for the first load after the daily
// report (#13, at most 2 KB over its 282,310 B start), the gate (#8), the
// return-to-campus requests (#9) and privacy (#12) together; each issue
// records its own delta in the README.
const BUDGET = 300 * 1024;
const pad = (v, n) => String(v).padStart(n);
/** Prints each wasm, js and css file of `dir` and their total. */
function measure(dir) {
  const files = readdirSync(dir).filter((f) => /\.(wasm|js|css)$/.test(f) && f !== 'sw.js').sort();
  console.log(`${dir.padEnd(44)}${pad('raw', 11)}${pad('gzip', 11)}${pad('brotli', 11)}`);
  const total = { raw: 0, gz: 0, br: 0 };
  for (const file of files) {
    const bytes = readFileSync(`${dir}/${file}`);
    const row = {
      raw: bytes.length,
      gz: gzipSync(bytes, { level: 9 }).length,
      br: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
    for (const k of Object.keys(total)) total[k] += row[k];
    console.log(`${file.padEnd(44)}${pad(row.raw, 11)}${pad(row.gz, 11)}${pad(row.br, 11)}`);
  }
  console.log(`${'total'.padEnd(44)}${pad(total.raw, 11)}${pad(total.gz, 11)}${pad(total.br, 11)}`);
  return total;
}
const total = measure('dist');
const pass = measure('dist/pass');
const booking = measure('dist/counselling');
const desk = measure('dist/desk');
const reports = measure('dist/reports');
const gate = measure('dist/gate');
console.log(`today's pass (kept once a pass came, not in the budget): ${(pass.br / 1024).toFixed(1)} KB brotli`);
console.log(`the booking page (kept once signed in or opened, not in the budget): ${(booking.br / 1024).toFixed(1)} KB brotli`);
console.log(`counselling desk (counsellors only, not in the budget): ${(desk.br / 1024).toFixed(1)} KB brotli`);
console.log(`daily report (advisors and offices only, not in the budget): ${(reports.br / 1024).toFixed(1)} KB brotli`);
console.log(`gate (guards only, not in the budget): ${(gate.br / 1024).toFixed(1)} KB brotli`);
console.log(`first-load brotli: ${(total.br / 1024).toFixed(1)} KB of a ${BUDGET / 1024} KB budget`);
if (total.br > BUDGET) {
  console.error('over budget');
  process.exit(1);
}
JS
