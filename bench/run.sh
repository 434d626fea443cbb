#!/usr/bin/env bash
# Build benchmark: generates strategies of 100, 1,000 and 10,000 commitments, times a full
# `stratsite build` of each (median of RUNS runs after a warm-up; wall time and peak memory),
# and beside it the floor program (bench/floor.rs: the same prose through pulldown-cmark and
# syntect, the same number of files, all cores). Output goes to a RAM disk (/dev/shm). Ends
# with one timed build of the 10,000-commitment strategy, step by step (`--timings`).
#
# usage: bench/run.sh [RUNS]        (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cargo build --release --quiet --bin stratsite --example floor
bin=${CARGO_TARGET_DIR:-target}/release/stratsite
floor=${CARGO_TARGET_DIR:-target}/release/examples/floor
work=$(mktemp -d /dev/shm/stratsite-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
. bench/lib.sh

printf '%-36s %10s %12s\n' "case" "median s" "peak MB"
r=$(measure "$bin" build example-site --output "$work/example" --as-of 2026-11-21)
row "example site" "$r"
for n in 100 1000 10000; do
  python3 bench/gen_site.py "$n" "$work/site-$n"
  r=$(measure "$bin" build "$work/site-$n" --output "$work/out-$n" --as-of 2026-11-21)
  row "stratsite build, $n" "$r"
  r=$(measure "$floor" "$work/site-$n/prose-only" "$work/floor-$n")
  row "floor, $n" "$r"
done
"$bin" build "$work/site-10000" --output "$work/out-10000" --as-of 2026-11-21 --timings 2>&1 |
  grep '^timings:'
