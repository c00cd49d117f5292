#!/usr/bin/env bash
# The fg benchmark suite: builds the functions, the floors and the driver with the release
# profile, then runs all five parts (see docs/PERFORMANCE.md).
#
#   bench/run.sh                  full run (~5 min, includes a clean release build of examples/dis)
#   bench/run.sh --quick          smoke run (< 1 min, no clean build)
#   bench/run.sh --no-clean-build full run without the clean build
#
# Results: a table on standard output and bench/results/latest.json.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p fg-bench --bins
cargo build --release --example dis
# The target directory as cargo resolves it (CARGO_TARGET_DIR, build.target-dir, else target/).
target_dir=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
exec "$target_dir/release/fg-bench" all "$@"
