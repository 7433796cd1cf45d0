#!/usr/bin/env bash
# Runs a command (e.g. `cargo test --workspace`) with the crate built against the SSL 3.0-capable
# OpenSSL of ci/legacy-openssl.sh (built first if needed), statically linked, in its own target
# directory (target/legacy) so the default build is not rebuilt. Its `openssl` tool comes first
# on PATH, so the tests' peers are that build too.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=$(bash ci/legacy-openssl.sh)
export OPENSSL_DIR=$prefix OPENSSL_STATIC=1
export CARGO_TARGET_DIR=$PWD/target/legacy
export PATH=$prefix/bin:$PATH
exec "$@"
