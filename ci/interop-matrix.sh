#!/usr/bin/env bash
# Prints the interop matrix (tests/kit/src/matrix.rs) twice: with the crate linked against the
# system OpenSSL, then against the legacy SSL 3.0-capable build (ci/legacy-openssl.sh, built
# first if needed). Each table: our client and server × every version × the openssl tools
# (system and legacy) and ourselves × RSA/ECDSA.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=$(bash ci/legacy-openssl.sh)
export SECURE_TRANSPORT_LEGACY_OPENSSL=$prefix/bin/openssl
echo "## Linked against the system OpenSSL"
cargo run -q --example interop_matrix
echo
echo "## Linked against the legacy build"
# The system's openssl stays a peer next to the legacy one.
SECURE_TRANSPORT_OPENSSL=$(command -v openssl) \
    bash ci/with-legacy-openssl.sh cargo run -q --example interop_matrix
