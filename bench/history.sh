#!/usr/bin/env bash
# The cost of history: the goalpost guard in `check`, `stratsite diff` over a whole history, and
# reading every entry's history (bench/history.rs), on the example site in this repository's
# own history and on a generated strategy of 10,000 commitments with a history of 200 commits
# (bench/gen_history.py: every commit edits one entry, every fourth moves a goalpost). Median
# of RUNS runs after a warm-up; wall time and peak memory.
#
# usage: bench/history.sh [RUNS]        (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
cargo build --release --quiet --bin stratsite --example history
work=$(mktemp -d /dev/shm/stratsite-history.XXXXXX)
trap 'rm -rf "$work"' EXIT
# Copied out of the target folder, which another build may replace meanwhile.
target=${CARGO_TARGET_DIR:-target}
cp "$target/release/stratsite" "$target/release/examples/history" "$work/"
bin=$work/stratsite
history=$work/history
. bench/lib.sh

allow() { # a copy of site $1 at $2 with the guard allowed, for the cost without history
  cp -r "$1" "$2"
  printf '\n[lints]\nmoved-goalpost = "allow"\n' >>"$2/stratsite.toml"
}

printf '%-44s %10s %12s\n' "case" "median s" "peak MB"
first=$(git log --format=%H -- example-site | tail -n 1)
commits=$(git rev-list --count HEAD -- example-site)
echo "example site: $commits commits of this repository touch example-site/"
r=$(measure "$bin" check example-site --as-of 2026-11-21)
row "example: check (guard on)" "$r"
allow example-site "$work/example-allow"
r=$(measure "$bin" check "$work/example-allow" --as-of 2026-11-21)
row "example: check (guard allowed, no git)" "$r"
r=$(measure "$bin" diff "$first..HEAD" example-site)
row "example: diff first..HEAD" "$r"
r=$(measure "$history" example-site)
row "example: every entry's history" "$r"
"$history" example-site

big=$work/big
python3 bench/gen_site.py 10000 "$big"
started=$(date +%s)
python3 bench/gen_history.py "$big" 200
echo "10,000 commitments: 200 commits made in $(($(date +%s) - started)) s"
r=$(measure "$bin" check "$big" --as-of 2026-11-21)
row "10k x 200: check (guard on)" "$r"
allow "$big" "$work/big-allow"
rm -rf "$work/big-allow/.git"
r=$(measure "$bin" check "$work/big-allow" --as-of 2026-11-21)
row "10k x 200: check (no history)" "$r"
r=$(measure "$bin" diff HEAD~199..HEAD "$big")
row "10k x 200: diff HEAD~199..HEAD" "$r"
r=$(measure "$history" "$big")
row "10k x 200: every entry's history" "$r"
"$history" "$big"
