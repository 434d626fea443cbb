#!/usr/bin/env bash
# The steps of the stratsite GitHub Action (action.yml at the root of this repository), kept in
# one script so that they run, and are tested, outside GitHub too:
#
#   action.sh prepare   where stratsite goes, and the cache key of that folder
#   action.sh install   a release binary for the action's ref, else `cargo install` from the
#                       action's own source
#   action.sh run       stratsite check|build|diff with the action's inputs
#
# It reads the environment action.yml sets (STRATSITE_*), and GitHub's GITHUB_OUTPUT,
# GITHUB_PATH and GITHUB_STEP_SUMMARY files.
set -euo pipefail

# The action's own source: this script lives in its scripts/ folder.
source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

fail() {
  printf '::error title=stratsite action::%s\n' "$*"
  exit 1
}

output() { printf '%s=%s\n' "$1" "$2" >>"${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"; }

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum "$@"; else shasum -a 256 "$@"; fi
}

# The name release binaries are published under for this machine, or nothing.
target() {
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) echo x86_64-unknown-linux-gnu ;;
    Darwin-arm64) echo aarch64-apple-darwin ;;
    *) echo "" ;;
  esac
}

# Runs a command for at most $1 seconds where `timeout` exists (the job's own limit bounds it
# elsewhere).
bounded() {
  local seconds=$1
  shift
  if command -v timeout >/dev/null; then timeout "$seconds" "$@"; else "$@"; fi
}

root_dir() { echo "${STRATSITE_ROOT:-${HOME:?}/.cache/stratsite-action}"; }

prepare() {
  local root lock sources ref
  root=$(root_dir)
  [[ -f "$source_dir/Cargo.lock" ]] || fail "the action's source at $source_dir has no Cargo.lock"
  lock=$(sha256 "$source_dir/Cargo.lock" | cut -c1-16)
  # The ref alone is not enough: a branch moves. The digest of the source is what was built.
  sources=$(cd "$source_dir" && find src themes build.rs Cargo.toml -type f | LC_ALL=C sort |
    while IFS= read -r f; do sha256 "$f"; done | sha256 | cut -c1-16)
  ref=$(printf '%s' "${STRATSITE_ACTION_REF:-local}" | tr -c 'A-Za-z0-9._-' '-')
  output root "$root"
  output key "stratsite-$(uname -s)-$(uname -m)-$ref-$lock-$sources"
  # Later steps of the job can run `stratsite` too.
  [[ -n "${GITHUB_PATH:-}" ]] && echo "$root/bin" >>"$GITHUB_PATH"
  return 0
}

# Downloads and unpacks the release binary for the action's ref; false when there is none.
release_binary() {
  local root=$1 ref=${STRATSITE_ACTION_REF:-} repo=${STRATSITE_ACTION_REPOSITORY:-} target tmp asset
  target=$(target)
  if [[ -z "$ref" || -z "$repo" || -z "$target" ]]; then
    echo "no release binary to look for (ref '${ref}', repository '${repo}', machine $(uname -sm))"
    return 1
  fi
  if ! command -v gh >/dev/null; then
    echo "no GitHub CLI (gh) to download a release binary with"
    return 1
  fi
  asset="stratsite-$target.tar.gz"
  tmp=$(mktemp -d)
  if ! bounded 300 gh release download "$ref" --repo "$repo" --pattern "$asset" \
    --pattern "$asset.sha256" --dir "$tmp" 2>"$tmp/gh.log"; then
    echo "no release binary $asset for $ref in $repo: $(head -c 300 "$tmp/gh.log")"
    rm -rf "$tmp"
    return 1
  fi
  if ! (cd "$tmp" && sha256 -c "$asset.sha256" >/dev/null); then
    rm -rf "$tmp"
    fail "the release binary $asset of $ref does not match its published checksum"
  fi
  mkdir -p "$root/bin"
  tar -xzf "$tmp/$asset" -C "$tmp" stratsite
  mv "$tmp/stratsite" "$root/bin/stratsite"
  rm -rf "$tmp"
  echo "installed the release binary $asset of $ref"
}

install() {
  local root
  root=$(root_dir)
  if ! release_binary "$root"; then
    command -v cargo >/dev/null ||
      fail "cargo is needed to build stratsite from source: add a Rust toolchain step before this action"
    echo "building stratsite from the action's source ($source_dir)"
    cargo install --locked --path "$source_dir" --root "$root"
  fi
  "$root/bin/stratsite" --version
}

run() {
  local root bin command site output range extra=() status=0
  root=$(root_dir)
  bin="$root/bin/stratsite"
  [[ -x "$bin" ]] || fail "stratsite is not installed in $root/bin (the install step did not run?)"
  command=${STRATSITE_COMMAND:-check}
  site=${STRATSITE_SITE:-.}
  output=${STRATSITE_OUTPUT:-}
  range=${STRATSITE_RANGE:-}
  # Extra options are separated by spaces; nothing in them is expanded.
  read -r -a extra <<<"${STRATSITE_ARGS:-}" || true
  case "$command" in
    check)
      "$bin" check "$site" ${extra[@]+"${extra[@]}"} || status=$?
      ;;
    build)
      if [[ -n "$output" ]]; then
        "$bin" build "$site" --output "$output" ${extra[@]+"${extra[@]}"} || status=$?
      else
        "$bin" build "$site" ${extra[@]+"${extra[@]}"} || status=$?
      fi
      ;;
    diff)
      if [[ -z "$range" && -n "${STRATSITE_PR_BASE:-}" ]]; then
        range="${STRATSITE_PR_BASE}..HEAD"
      fi
      [[ -n "$range" ]] || fail "the diff command needs the range input, e.g. range: main..HEAD"
      local markdown="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/stratsite-diff.md"
      "$bin" diff "$range" "$site" ${extra[@]+"${extra[@]}"} >"$markdown" || status=$?
      output markdown-file "$markdown"
      ;;
    *)
      fail "unknown command '$command': use check, build or diff"
      ;;
  esac
  output exit-code "$status"
  return "$status"
}

case "${1:-}" in
  prepare) prepare ;;
  install) install ;;
  run) run ;;
  *)
    echo "usage: action.sh prepare|install|run" >&2
    exit 2
    ;;
esac
