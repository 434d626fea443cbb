#!/usr/bin/env bash
# Packs a built stratsite binary as stratsite-TARGET.tar.gz with its SHA-256 checksum (the names
# scripts/action.sh downloads) and attaches both to the GitHub release TAG.
# Usage: release-package.sh TAG TARGET BINARY   (STRATSITE_NO_UPLOAD=1 only packs)
set -euo pipefail
tag=$1 target=$2 binary=$3
asset="stratsite-$target.tar.gz"
dir=$(mktemp -d)
cp "$binary" "$dir/stratsite"
"$dir/stratsite" --version
tar -czf "$asset" -C "$dir" stratsite
if command -v sha256sum > /dev/null; then sha256sum "$asset"; else shasum -a 256 "$asset"; fi > "$asset.sha256"
rm -rf "$dir"
if [[ "${STRATSITE_NO_UPLOAD:-}" != 1 ]]; then
  gh release upload "$tag" "$asset" "$asset.sha256" --clobber
fi
