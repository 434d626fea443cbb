#!/usr/bin/env bash
# Build benchmark: generates strategies of 100, 1,000 and 10,000 commitments, times a full
# `stratsite build` of each (median of RUNS runs after a warm-up; wall time and peak memory),
# and beside it the floor program (bench/floor.rs: the same prose through pulldown-cmark and
# syntect, the same number of files, all cores). Output goes to a RAM disk (/dev/shm).
#
# usage: bench/run.sh [RUNS]        (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cargo build --release --quiet --bin stratsite --example floor
bin=target/release/stratsite
floor=target/release/examples/floor
work=$(mktemp -d /dev/shm/stratsite-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

# median of wall seconds and max RSS (KiB) over runs of a command, after one warm-up
measure() {
  "$@" >/dev/null 2>&1
  local walls=() rss=()
  for _ in $(seq "$runs"); do
    local t
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>&1
    t=$(tail -n 1 "$work/time")
    walls+=("${t% *}")
    rss+=("${t#* }")
  done
  local wall mem
  wall=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  mem=$(printf '%s\n' "${rss[@]}" | sort -n | tail -n 1)
  echo "$wall $mem"
}

printf '%-28s %10s %12s\n' "case" "median s" "peak MB"
read -r w m < <(measure "$bin" build example-site --output "$work/example" --as-of 2026-11-21)
printf '%-28s %10s %12.1f\n' "example site" "$w" "$(echo "$m/1024" | bc -l)"
for n in 100 1000 10000; do
  python3 bench/gen_site.py "$n" "$work/site-$n"
  read -r w m < <(measure "$bin" build "$work/site-$n" --output "$work/out-$n" --as-of 2026-11-21)
  printf '%-28s %10s %12.1f\n' "stratsite build, $n" "$w" "$(echo "$m/1024" | bc -l)"
  read -r w m < <(measure "$floor" "$work/site-$n/prose-only" "$work/floor-$n")
  printf '%-28s %10s %12.1f\n' "floor, $n" "$w" "$(echo "$m/1024" | bc -l)"
done
