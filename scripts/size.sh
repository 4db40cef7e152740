#!/usr/bin/env bash
# Builds the release app and prints the first-load size of the shell
# (wasm + js + css): raw, gzip -9 and brotli -q 11. Fails over the budget.
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET_BROTLI=$((120 * 1024))

trunk build --release >/dev/null
command -v brotli >/dev/null || { echo "brotli is missing: run 'make test-tools'" >&2; exit 1; }

printf '%-44s %10s %10s %10s\n' file raw gzip brotli
total_raw=0 total_gz=0 total_br=0
for file in dist/*.wasm dist/*.js dist/*.css; do
  [ -f "$file" ] || continue
  raw=$(wc -c <"$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  br=$(brotli -q 11 -c "$file" | wc -c)
  printf '%-44s %10d %10d %10d\n' "${file#dist/}" "$raw" "$gz" "$br"
  total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz)) total_br=$((total_br + br))
done
printf '%-44s %10d %10d %10d\n' total "$total_raw" "$total_gz" "$total_br"
awk -v b="$total_br" -v k=$((BUDGET_BROTLI / 1024)) \
  'BEGIN { printf "first-load brotli: %.1f KB of a %d KB budget\n", b / 1024, k }'
if [ "$total_br" -gt "$BUDGET_BROTLI" ]; then
  echo "over budget" >&2
  exit 1
fi
