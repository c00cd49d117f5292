#!/usr/bin/env bash
# Instructions per request of a benchmark subject (docs/PERFORMANCE.md, "HTTP and APIG with
# axum", third pass, and "Reads without zeroing"): wall-clock times on a shared VM are noisy,
# instruction counts are not. Subjects: the four HTTP ones and `apig-fg-tower`
# (bench/http/), fg-bench's DIS functions (`fn-user`, `fn-lean`, `fn-async`, `floor-work`,
# given the S event), or the path to a DIS function built elsewhere. Each subject runs under callgrind twice, for LOW and HIGH requests (plus one checked
# warm-up each); the difference of the two totals over HIGH - LOW is its user-space
# instructions per request, start-up and shutdown cancelled out. Kernel work is not counted.
#
#   bench/count.sh [SUBJECT...]      default: the four HTTP ones; LOW=2000 HIGH=12000 by default
#   bench/count.sh fn-user floor-work
#
# Needs valgrind. Builds with symbols (strip off, line tables) in its own target directory, so
# `callgrind_annotate $OUT/SUBJECT-HIGH.out` shows where the instructions go.
set -euo pipefail
cd "$(dirname "$0")/.."
LOW=${LOW:-2000}
HIGH=${HIGH:-12000}
OUT=${OUT:-bench/results/callgrind}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}/callgrind"
# Two builds: one would unify fg-runtime's features, giving fg-bench's functions `http`'s.
for package in fg-bench fg-bench-http; do
    CARGO_PROFILE_RELEASE_STRIP=none CARGO_PROFILE_RELEASE_DEBUG=line-tables-only \
        cargo build --release -p "$package" --bins
done
driver="$CARGO_TARGET_DIR/release/fg-bench-http"
mkdir -p "$OUT"
subjects=("$@")
[ ${#subjects[@]} -gt 0 ] || subjects=(http-axum http-fg apig-handler apig-fg)
total() { sed -n 's/^totals: *//p' "$1"; }
echo "| subject | instructions per request |"
echo "|---|---|"
for subject in "${subjects[@]}"; do
    name=$(basename "$subject")
    for n in "$LOW" "$HIGH"; do
        "$driver" --send "$subject" "$n" -- valgrind --tool=callgrind -q \
            --callgrind-out-file="$OUT/$name-$n.out" 2>>"$OUT/driver.log"
    done
    low=$(total "$OUT/$name-$LOW.out")
    high=$(total "$OUT/$name-$HIGH.out")
    echo "| $subject | $(( (high - low) / (HIGH - LOW) )) |"
done
