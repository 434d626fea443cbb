#!/usr/bin/env bash
# Search benchmark: builds 10,000-commitment strategies (bench/gen_site.py, once with its small
# vocabulary and once with 20,000 made-up words, STRATSITE_BENCH_WORDS), and reports the size
# of search-index.js (raw and gzipped at level 9) and how fast the search box answers in
# headless Chromium from file:// (bench/search-latency.mjs). Needs Node, Debian's chromium and
# `npm ci --prefix tests/browser --ignore-scripts`.
#
# usage: bench/search.sh [N]      (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
cargo build --release --quiet --bin stratsite
bin=${CARGO_TARGET_DIR:-target}/release/stratsite
work=$(mktemp -d /dev/shm/stratsite-search.XXXXXX)
trap 'rm -rf "$work"' EXIT
for vocabulary in small 20000; do
  if [[ $vocabulary == small ]]; then
    python3 bench/gen_site.py "$n" "$work/site-$vocabulary"
  else
    STRATSITE_BENCH_WORDS=$vocabulary python3 bench/gen_site.py "$n" "$work/site-$vocabulary"
  fi
  "$bin" build "$work/site-$vocabulary" --output "$work/out-$vocabulary" --as-of 2026-11-21 >/dev/null 2>&1
  index=$work/out-$vocabulary/search-index.js
  raw=$(stat -c %s "$index")
  gz=$(gzip -9 -c "$index" | wc -c)
  printf '%s commitments, vocabulary %s: search-index.js %.2f MB, gzipped %.2f MB; assets/search.js %d bytes\n' \
    "$n" "$vocabulary" "$(echo "$raw/1048576" | bc -l)" "$(echo "$gz/1048576" | bc -l)" \
    "$(stat -c %s "$work/out-$vocabulary/assets/search.js")"
  node bench/search-latency.mjs "$work/out-$vocabulary" commitments/commitment-1.html
done
