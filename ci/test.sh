#!/usr/bin/env bash
# Runs every check of the project: formatting, lints, and all tests (unit, integration,
# interop against openssl s_server/s_client). The command README.md and .ci/run name.
set -euo pipefail
cd "$(dirname "$0")/.."

bash ci/install-deps.sh
echo "== $(openssl version) / $(cargo --version)"

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

echo "== cargo test"
cargo test --workspace
