#!/usr/bin/env bash
# The Rust integration tests under valgrind's memcheck: any invalid read or write, use of
# uninitialised memory, or memory definitely/indirectly lost fails the run. ("Possibly lost"
# and "still reachable" are OpenSSL's and the openssl crate's process-wide tables, made once.)
# The C programs of tests/c already run under valgrind in `cargo test` (sys/tests/cc).
# usage: ci/memcheck.sh [test-name ...]   (default: the in-process suites below)
set -euo pipefail
cd "$(dirname "$0")/.."

# In-process suites: both ends are ours, every byte goes through our callbacks. The interop
# suites mostly wait on openssl subprocesses, which valgrind does not follow.
tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
    tests=(faults session_semantics configuration trust_and_breaks datagram extensions
           resumption rust_facade threads)
fi

args=()
for t in "${tests[@]}"; do args+=(--test "$t"); done
executables=$(cargo test --no-run "${args[@]}" --message-format=json 2>/dev/null |
    python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable"):
        print(m["executable"])')

status=0
for exe in $executables; do
    name=$(basename "$exe" | sed 's/-[0-9a-f]*$//')
    start=$(date +%s)
    if valgrind --quiet --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
        "$exe" --test-threads=1 -q >"target/memcheck-$name.log" 2>&1; then
        echo "memcheck $name: clean ($(( $(date +%s) - start )) s)"
    else
        echo "memcheck $name: FAILED (see target/memcheck-$name.log)"
        tail -40 "target/memcheck-$name.log"
        status=1
    fi
done
exit $status
