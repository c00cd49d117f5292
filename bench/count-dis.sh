#!/usr/bin/env bash
# Instructions per warm invocation of a DIS function, counted by callgrind (repeatable where
# wall-clock times on a shared VM are not; docs/PERFORMANCE.md). Runs the function for 200 and
# for 1200 invocations of the S event and divides the difference by 1000, so that start-up and
# shutdown cancel out. Kernel work is not counted.
#
#   bench/count-dis.sh                  # fg-bench's fn-user, built here
#   bench/count-dis.sh path/to/bootstrap
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir=${CARGO_TARGET_DIR:-target}
if [ $# -eq 0 ]; then
  cargo build --release -p fg-bench --bin fn-user
  set -- "$target_dir/release/fn-user"
fi
function=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
total() {
  python3 bench/callgrind/runtime_api.py "$1" valgrind --tool=callgrind -q \
    --callgrind-out-file="$out/$1" "$function" >/dev/null 2>&1
  sed -n 's/^summary: //p; s/^totals: //p' "$out/$1" | head -1
}
few=$(total 200)
many=$(total 1200)
echo "$function: $(( (many - few) / 1000 )) instructions per invocation ($few for 200, $many for 1200)"
