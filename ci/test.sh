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

echo "== rust-version: the true minimum"
bash ci/msrv.sh

echo "== cargo test"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# The C programs run under valgrind in ci/memcheck.sh below: not twice.
SECURE_TRANSPORT_VALGRIND=0 cargo test --workspace 2>&1 | tee "$log"

echo "== memcheck: valgrind and AddressSanitizer/LeakSanitizer"
bash ci/memcheck.sh

echo "== benchmarks, smoke run (debug build, tiny sizes): every implementation still connects"
cargo test --workspace --benches 2>&1 | tee -a "$log"

echo "== legacy OpenSSL with SSL 3.0: built once into target/legacy-openssl, then reused"
bash ci/legacy-openssl.sh
echo "== linked against it (target/legacy): every test again, the matrix with its SSL 3.0 cells"
legacy_log=$(mktemp)
trap 'rm -f "$log" "$legacy_log"' EXIT
SECURE_TRANSPORT_VALGRIND=0 bash ci/with-legacy-openssl.sh cargo test --workspace 2>&1 |
    tee "$legacy_log"
# What a build without SSL 3.0 ignores (#[cfg_attr(openssl_no_ssl3, ignore = ...)]) runs here:
# this pass must ignore nothing.
legacy_ignored=$(awk '/^test result:/ { n += $8 } END { print n + 0 }' "$legacy_log")
[ "$legacy_ignored" -eq 0 ] || { echo "FAIL: the legacy pass ignored $legacy_ignored tests"; exit 1; }

echo "== the demo (README's main job), debug build"
cargo run -q --example demo

echo "== install into a scratch prefix; build a C program with pkg-config, shared and static"
prefix=$(mktemp -d)
trap 'rm -f "$log" "$legacy_log"; rm -rf "$prefix"' EXIT
PREFIX="$prefix" PROFILE=debug bash ci/install.sh >/dev/null
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
cc -std=c99 -D_DEFAULT_SOURCE -Wall -Wextra -Werror examples/c/https_get.c -o "$prefix/https_get" \
    $(pkg-config --cflags --libs securetransport)
cc -std=c99 -D_DEFAULT_SOURCE -Wall -Wextra -Werror examples/c/https_get.c -o "$prefix/https_get_static" \
    $(pkg-config --cflags securetransport) "$prefix/lib/libsecuretransport.a" \
    $(pkg-config --static --libs-only-l securetransport | sed 's/-lsecuretransport//')
for program in https_get https_get_static; do
    # Without arguments it prints its usage and exits 2: loaded, linked, ran.
    status=0
    LD_LIBRARY_PATH="$prefix/lib" "$prefix/$program" 2>/dev/null || status=$?
    [ "$status" -eq 2 ] || { echo "$program: exit $status"; exit 1; }
done
echo "ok: examples/c/https_get.c built against the installed library (shared and static)"

echo "== curl's own Secure Transport backend built against the installed library (ci/curl.sh)"
bash ci/curl.sh

echo "== fuzzing: a short run of each cargo-fuzz target (ci/fuzz.sh; about 6 minutes)"
FUZZ_SECONDS=${FUZZ_SECONDS:-45} bash ci/fuzz.sh

# cargo's last summary is the (empty) doc-test run: close with the real totals.
totals() {
    awk -v what="$1" '/^test result:/ { passed += $4; failed += $6; ignored += $8 }
        END { printf "%s: %d passed, %d failed, %d ignored\n", what, passed, failed, ignored }' "$2"
}
totals "tests (legacy OpenSSL 3.6 build)" "$legacy_log"
totals "tests" "$log"
