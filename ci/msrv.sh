#!/usr/bin/env bash
# The workspace's rust-version is its true minimum: no resolved dependency (dev-dependencies
# included) declares a newer one. The code itself is held to it by clippy's incompatible_msrv,
# which `cargo clippy -D warnings` in ci/test.sh enforces. Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
ours=$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml)
host=$(rustc -vV | sed -n 's/^host: //p')
newest=$(cargo metadata --format-version 1 --filter-platform "$host" |
    grep -o '"rust_version":"[0-9.]*"' | grep -o '[0-9][0-9.]*' | sort -V | tail -1)
if [ "$(printf '%s\n%s\n' "$ours" "$newest" | sort -V | tail -1)" != "$ours" ]; then
    echo "msrv: a dependency needs Rust $newest, above the workspace's rust-version $ours"
    exit 1
fi
echo "ok: rust-version $ours; the newest any dependency declares is $newest"
