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
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo test --workspace 2>&1 | tee "$log"

# cargo's last summary is the (empty) doc-test run: close with the real totals.
awk '/^test result:/ { passed += $4; failed += $6 }
     END { printf "tests: %d passed, %d failed\n", passed, failed }' "$log"
