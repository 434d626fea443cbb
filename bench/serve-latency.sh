#!/usr/bin/env bash
# Live-reload benchmark: builds the release binary, serves a copy of the example site (on a RAM
# disk, /dev/shm) with `stratsite serve --watch --port 0`, and runs bench/serve-latency.mjs
# against it: the time from saving strategy/commitments.toml to the open page in headless
# Chromium showing the change (median of 10 saves after 2 warm-ups), and the rebuild alone as
# the server reports it. Needs Node, Debian's chromium and `npm ci --prefix tests/browser
# --ignore-scripts`.
#
# With `workspace TEAMS PER`, it serves a workspace that bench/gen_workspace.py generates
# instead (default 50 teams of 200 commitments: 10,000 in all) and saves one team's
# commitments with a new title for one commitment, watching that commitment's page; the
# targets are then 300 ms from the save to the page and 200 ms for the rebuild. LATENCY_PAGE,
# LATENCY_SOURCE, LATENCY_TEXT and LATENCY_EDIT (with the word MARKER in it) set beforehand
# save another file: for an organisation objective's title, which every team page aligned to
# it shows,
#   LATENCY_SOURCE=org/stratsite.toml LATENCY_TEXT='title = "North star 0 moves"' \
#   LATENCY_EDIT='title = "North star 0 moves MARKER"' \
#   LATENCY_PAGE=teams/team-0/objectives/objective-0.html bench/serve-latency.sh workspace
#
# usage: bench/serve-latency.sh [workspace [TEAMS PER]]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin stratsite
bin=${CARGO_TARGET_DIR:-target}/release/stratsite
work=$(mktemp -d /dev/shm/stratsite-serve-latency.XXXXXX)
server=
cleanup() {
  if [[ -n $server ]]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if [[ ${1:-} == workspace ]]; then
  python3 bench/gen_workspace.py "${2:-50}" "${3:-200}" "$work/site" >/dev/null
  # Each may be set beforehand to save another file (see the header).
  export LATENCY_PAGE=${LATENCY_PAGE:-teams/team-7/commitments/commitment-3.html}
  export LATENCY_SOURCE=${LATENCY_SOURCE:-teams/team-7/strategy/commitments.toml}
  export LATENCY_TEXT=${LATENCY_TEXT:-'title = "Commitment 3"'}
  export LATENCY_EDIT=${LATENCY_EDIT:-'title = "Commitment 3 MARKER"'}
  export LATENCY_TARGET_EDIT_MS=300 LATENCY_TARGET_REBUILD_MS=200
else
  cp -r example-site "$work/site"
  rm -rf "$work/site/public"
fi
"$bin" serve --watch --port 0 "$work/site" >"$work/stdout" 2>"$work/stderr" &
server=$!
for _ in $(seq 100); do
  [[ -s $work/stdout ]] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/stderr" >&2; exit 1; }
  sleep 0.05
done
url=$(head -n 1 "$work/stdout")
[[ -n $url ]] || { echo "the server printed no address" >&2; cat "$work/stderr" >&2; exit 1; }
node bench/serve-latency.mjs "$url" "$work/site" "$work/stderr"
