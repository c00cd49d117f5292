#!/usr/bin/env bash
# The benchmarks of fg-runtime's `http` feature (docs/PERFORMANCE.md, "HTTP and APIG with
# axum"): builds the four subjects and the driver with the release profile and runs them.
#
#   bench/run-http.sh            full run (10 rounds of 5000 requests per subject, ~1 min)
#   bench/run-http.sh --quick    smoke run (3 rounds of 1500, < 20 s after the build)
#   bench/run-http.sh --busy     with a nice-19 busy loop per CPU, so no vCPU idles (the VM's
#                                "fast state"; docs/PERFORMANCE.md)
#
# Results: a table on standard output and bench/results/http-latest.json.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p fg-bench-http --bins
exec "${CARGO_TARGET_DIR:-target}/release/fg-bench-http" "$@"
