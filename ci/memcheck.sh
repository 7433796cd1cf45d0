#!/usr/bin/env bash
# Memory checks (issue 6): no leak, no invalid access, no panic across the C ABI.
#  (a) the C programs of tests/c (sys/tests: c_programs, bad_input) under valgrind memcheck;
#  (b) every Rust integration test of the crate, and the test kit's own tests (its wire is
#      unsafe code too), built with AddressSanitizer + LeakSanitizer
#      (RUSTC_BOOTSTRAP=1 lets stable rustc take -Zsanitizer; the runtime ships with it);
#  (c) the fault matrix and the thread load under valgrind too: ASan only sees our Rust
#      code's accesses, valgrind also sees OpenSSL's (a use after free of an OpenSSL object).
# Leaks that count: definite and indirect (valgrind), and whatever LeakSanitizer reports.
# OpenSSL's and std's still-reachable globals at exit are not errors, so no suppression
# file is needed. Each tool is first shown a real leak, so a silent tool cannot pass.
# About three minutes on 2 cores (the instrumented build included). Run from anywhere; called by ci/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v valgrind >/dev/null || { echo "memcheck: valgrind is not installed"; exit 1; }
valgrind_flags=(-q --error-exitcode=97 --leak-check=full
    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect)
host=$(rustc -vV | sed -n 's/^host: //p')
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT

echo "== memcheck: the tools catch a planted leak"
printf '#include <stdlib.h>\nint main(void) { void *p = malloc(64); p = 0; return p != 0; }\n' \
    >"$probe/leak.c"
cc -g -O0 "$probe/leak.c" -o "$probe/leak_c"
status=0
valgrind "${valgrind_flags[@]}" "$probe/leak_c" 2>/dev/null || status=$?
[ "$status" -eq 97 ] || { echo "valgrind missed a leak (exit $status)"; exit 1; }
printf 'fn main() {\n    let p = Box::into_raw(Box::new([1u8; 64]));\n    println!("{}", p as usize %% 2);\n}\n' \
    >"$probe/leak.rs"
RUSTC_BOOTSTRAP=1 rustc -Zsanitizer=address --target "$host" "$probe/leak.rs" -o "$probe/leak_rs"
if "$probe/leak_rs" >/dev/null 2>"$probe/lsan.txt" || ! grep -q LeakSanitizer "$probe/lsan.txt"; then
    echo "LeakSanitizer missed a leak"; exit 1
fi
echo "ok"

echo "== memcheck (a): the C programs under valgrind"
SECURE_TRANSPORT_VALGRIND=1 cargo test -q -p secure-transport-ffi --test c_programs --test bad_input

echo "== memcheck (b): the Rust integration tests with AddressSanitizer/LeakSanitizer"
# --target keeps build scripts and proc macros uninstrumented; its own target dir keeps the
# instrumented build apart from the normal one.
RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Zsanitizer=address" ASAN_OPTIONS=detect_leaks=1 \
    cargo test -q -p secure-transport -p secure-transport-test-kit --tests --target "$host" \
    --target-dir target/asan

echo "== memcheck (c): faults and threads under valgrind (10 pairs per thread: ~50x slower)"
runner="CARGO_TARGET_$(echo "$host" | tr 'a-z-' 'A-Z_')_RUNNER"
env "$runner=valgrind ${valgrind_flags[*]}" SECURE_TRANSPORT_LOAD_PAIRS=10 \
    cargo test -q -p secure-transport --test faults --test threads
echo "ok: memcheck"
