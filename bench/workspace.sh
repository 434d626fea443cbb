#!/usr/bin/env bash
# Workspace benchmark: a workspace of TEAMS teams of PER commitments each (bench/
# gen_workspace.py; 50 × 200 by default) beside a single site of the same number of commitments
# (bench/gen_site.py), each built in full (median of RUNS runs after a warm-up; wall time and
# peak memory), into a RAM disk. Ends with the workspace's build step by step (`--timings`).
#
# usage: bench/workspace.sh [RUNS] [TEAMS] [PER]      (default 5 50 200)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
teams=${2:-50}
per=${3:-200}
n=$((teams * per))
cargo build --release --quiet --bin stratsite
bin=${CARGO_TARGET_DIR:-target}/release/stratsite
work=$(mktemp -d /dev/shm/stratsite-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
. bench/lib.sh

python3 bench/gen_site.py "$n" "$work/site"
python3 bench/gen_workspace.py "$teams" "$per" "$work/workspace"
printf '%-36s %10s %12s\n' "case" "median s" "peak MB"
r=$(measure "$bin" build "$work/site" --output "$work/out-site" --as-of 2026-11-21)
row "single site, $n" "$r"
r=$(measure "$bin" build "$work/workspace" --output "$work/out-ws" --as-of 2026-11-21)
row "workspace, $teams x $per" "$r"
"$bin" build "$work/workspace" --output "$work/out-ws" --as-of 2026-11-21 --timings 2>&1 |
  grep '^timings:'
