#!/usr/bin/env bash
# Builds the cargo-fuzz targets of fuzz/ and runs each for a bounded time from its seed
# corpus (fuzz/corpus/<target>); fails on any crash, leak, timeout or broken invariant, and
# prints where libFuzzer saved the input (fuzz/artifacts/<target>/). Before building, checks
# fuzz/'s formatting and its lints (clippy, all targets, warnings are errors).
#
#   FUZZ_SECONDS  seconds per target (default 60; 0 skips fuzzing and these checks)
#   FUZZ_TARGETS  which targets (default: all four)
#   FUZZ_SEED     a fixed libFuzzer seed, to repeat a run (default: libFuzzer picks, and prints it)
#
# New inputs go to a scratch directory: the repository's corpus is only read. README.md
# ("Fuzzing") has the command for long runs.
#
# On stable Rust: cargo-fuzz builds with AddressSanitizer (LeakSanitizer included) by
# passing -Zsanitizer=address, a flag stable rustc accepts only with RUSTC_BOOTSTRAP=1;
# stable ships the sanitizer runtimes, so nothing else is needed. (`cargo fuzz build -s none`
# would need no -Z flag, but would lose ASan and the leak checks.)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-peer_bytes_stream peer_bytes_datagram c_abi_calls import_paths}
if [ "$seconds" = 0 ]; then
    echo "SKIPPED: fuzzing (FUZZ_SECONDS=0)"
    exit 0
fi
tools=$PWD/target/tools
if ! command -v cargo-fuzz >/dev/null && ! [ -x "$tools/bin/cargo-fuzz" ]; then
    echo "== cargo install cargo-fuzz (once, into target/tools)"
    cargo install cargo-fuzz --version 0.13.2 --locked --root "$tools"
fi
export PATH="$tools/bin:$PATH" RUSTC_BOOTSTRAP=1

cargo fmt --manifest-path fuzz/Cargo.toml -- --check
# The main workspace's lints (fuzz/Cargo.toml has them too), enforced as ci/test.sh does there:
# this crate is its own workspace, so `cargo clippy --workspace` never sees it.
echo "== cargo clippy -D warnings (fuzz/)"
cargo clippy --manifest-path fuzz/Cargo.toml --all-targets -- -D warnings
echo "== cargo fuzz build (AddressSanitizer)"
cargo fuzz build
bin=fuzz/target/x86_64-unknown-linux-gnu/release

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

echo "== the recorded seeds still reach application data"
FUZZ_EXPECT_REPLAY=1 "$bin/peer_bytes_stream" fuzz/corpus/peer_bytes_stream/{client,server}-* \
    >/dev/null 2>&1 || { echo "FAIL: peer_bytes_stream seeds (re-record them)"; exit 1; }
FUZZ_EXPECT_REPLAY=1 "$bin/peer_bytes_datagram" fuzz/corpus/peer_bytes_datagram/{client,server}-* \
    >/dev/null 2>&1 || { echo "FAIL: peer_bytes_datagram seeds (re-record them)"; exit 1; }
# Recording runs our own client and server through every configuration under the harness's
# invariants (a renegotiation bug once broke it unnoticed); into scratch, the corpus stays.
echo "== the seed recorder still records (examples/record_seeds into a scratch directory)"
if ! FUZZ_CORPUS_OUT="$scratch/recorded" cargo run --release --manifest-path fuzz/Cargo.toml \
    --example record_seeds >"$scratch/record.log" 2>&1; then
    tail -n 40 "$scratch/record.log"
    echo "FAIL: examples/record_seeds"
    exit 1
fi

for target in $targets; do
    echo "== fuzz $target for ${seconds}s"
    mkdir -p "$scratch/$target"
    log="$scratch/$target.log"
    # -timeout: one input running 20 s is a hang; the loops are bounded far below that.
    if ! cargo fuzz run "$target" "$scratch/$target" "fuzz/corpus/$target" -- \
        -max_total_time="$seconds" -timeout=20 -print_final_stats=1 \
        ${FUZZ_SEED:+-seed=$FUZZ_SEED} >"$log" 2>&1; then
        tail -n 80 "$log"
        echo "FAIL: $target (the input is in fuzz/artifacts/$target/; reproduce with"
        echo "  RUSTC_BOOTSTRAP=1 cargo fuzz run $target fuzz/artifacts/$target/<file>)"
        exit 1
    fi
    grep -E "^INFO: Seed:|^stat::number_of_executed_units|^Done" "$log" | tr '\n' ' '
    echo "| corpus $(ls "$scratch/$target" | wc -l) new inputs"
done
echo "fuzz: ${seconds}s each, no crash: $targets"
