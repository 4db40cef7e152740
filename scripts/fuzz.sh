#!/usr/bin/env bash
# Runs every fuzz target (property-based, structure-aware: see
# crates/*/tests/fuzz_*.rs and tests/stored_records_fuzz.rs) with
# CASES cases each, in the server's optimized build, then prints each
# target's line and the totals. Fails when a target failed, or when any
# case panicked or was answered with a 5xx.
#
#   scripts/fuzz.sh [CASES]     (default 90000: about 1,080,000 in all)
set -euo pipefail
cd "$(dirname "$0")/.."

cases="${1:-90000}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
started=$(date +%s)

run() {
    # Each target runs on a thread of its own; its figures go to the log,
    # and a failing case's message and smallest input to the screen.
    ANXIN_FUZZ_CASES="$cases" cargo test --profile server --no-fail-fast "$@" -- --nocapture 2>&1 \
        | tee -a "$log" \
        | awk '/^(fuzz target=|test result)/ { print; next }
               / panicked at / { shown = 60 }
               shown > 0 { print; shown-- }' || true
}

status=0
run -p anxin-domain --test fuzz_decoders --test fuzz_pass || status=1
run -p anxin-server --test fuzz_endpoints --test fuzz_sync --test fuzz_files || status=1
run -p anxin --test stored_records_fuzz || status=1
if grep -q '^test result: FAILED' "$log" || grep -qE '^error(\[|:)' "$log"; then
    status=1
fi

echo
grep '^fuzz target=' "$log" | awk -v secs="$(( $(date +%s) - started ))" '
    {
        for (i = 2; i <= NF; i++) {
            split($i, kv, "=")
            if (kv[1] == "target") { targets++ }
            if (kv[1] == "cases") { cases += kv[2] }
            if (kv[1] == "decided") { decided += kv[2] }
            if (kv[1] == "panics") { panics += kv[2] }
            if (kv[1] == "5xx") { errors += kv[2] }
        }
        print
    }
    END {
        printf "fuzz total: %d targets, %d cases, %d reached a decision, %d panics, %d 5xx, %d s\n",
            targets, cases, decided, panics, errors, secs
        exit (panics + errors > 0)
    }' || status=1
exit "$status"
