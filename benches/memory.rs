//! Heap per idle connection and 1,000 concurrent handshakes: this crate's three ways in (Rust
//! facade, engine with C callbacks, C ABI) next to the plain `openssl` crate, on the
//! transport and configuration of `common` (ECDSA P-256, default suites).
//!
//! Heap is counted, not sampled: a counting global allocator for Rust and OpenSSL's own
//! allocator hooked with `CRYPTO_set_mem_functions` (the test kit's `counting`, as
//! `tests/allocations.rs` uses it), in malloc's usable bytes.
//! - idle: `SHIM_BENCH_IDLE` pairs (default 200) handshake one after the other and stay
//!   open; the heap they hold, with the pipe's spare capacity given back, per context
//!   (half a client/server pair, so the shared per-configuration objects of the openssl
//!   crate are not counted, as its users build them once).
//! - many idle: `SHIM_BENCH_MANY` connections (default 10,000; client and server both in
//!   this process) after a TLS 1.3 handshake, all open at once: the heap they hold, in MiB.
//! - concurrent: `SHIM_BENCH_CONCURRENT` pairs (default 1000) are all started, then stepped
//!   round-robin until every handshake is done: CPU time, peak heap above the start, and
//!   heap allocations per handshake. `SHIM_BENCH_RUNS` rounds (default 3), the
//!   implementations taking turns; medians. Counting costs every column an atomic add per
//!   allocation.
//!
//! Run: `cargo bench --bench memory`; without `--bench` it only does a smoke run.

mod common;

use std::sync::atomic::Ordering::Relaxed;
use std::time::Duration;

use common::pairs::{connected, rotation, Imp};
use common::{cpu_time, knob, median, Config, TableRow, MAX_TURNS, TLS12, TLS13};
use secure_transport_test_kit::counting::{self, Counting, OPENSSL_ALLOCATIONS, RUST_ALLOCATIONS};
use secure_transport_test_kit::pki::{KeyKind, Pki};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Heap bytes per context of `n` idle connections (`n` client/server pairs).
fn idle(imp: Imp, cfg: &Config, n: usize) -> f64 {
    // A first connection sets up what every later one shares (OpenSSL's per-thread state,
    // method tables, the BIO method).
    drop(connected(imp, cfg));
    let before = counting::live_bytes();
    let pairs: Vec<_> = (0..n).map(|_| connected(imp, cfg)).collect();
    for pair in &pairs {
        pair.trim();
    }
    let held = counting::live_bytes() - before;
    drop(pairs);
    held as f64 / (2 * n) as f64
}

/// One concurrent run's figures.
struct Concurrent {
    time: Duration,
    peak: f64,
    allocations: f64,
}

fn allocations() -> usize {
    RUST_ALLOCATIONS.load(Relaxed) + OPENSSL_ALLOCATIONS.load(Relaxed)
}

/// Starts `n` pairs, then gives each unfinished one a turn in order until all are done.
fn concurrent(imp: Imp, cfg: &Config, n: usize) -> Concurrent {
    let base = counting::live_bytes();
    let allocated = allocations();
    counting::reset_peak();
    let start = cpu_time();
    let mut pairs: Vec<_> = (0..n).map(|_| (imp.start(cfg), false)).collect();
    let mut pending = n;
    for _ in 0..MAX_TURNS {
        for (pair, done) in pairs.iter_mut().filter(|(_, done)| !*done) {
            if pair
                .turn()
                .unwrap_or_else(|e| panic!("{}: {e}", imp.name()))
            {
                *done = true;
                pending -= 1;
            }
        }
        if pending == 0 {
            break;
        }
    }
    assert_eq!(pending, 0, "{}: handshakes did not finish", imp.name());
    let figures = Concurrent {
        time: cpu_time() - start,
        peak: (counting::peak_bytes() - base) as f64,
        allocations: (allocations() - allocated) as f64 / n as f64,
    };
    drop(pairs);
    figures
}

/// A table row of figures printed with one decimal.
fn row(name: String, unit: &str, values: Vec<f64>) -> TableRow {
    TableRow {
        name,
        unit: unit.into(),
        cells: values.iter().map(|v| format!("{v:.1}")).collect(),
        values,
        ratios: None,
    }
}

fn main() {
    assert!(counting::hook_openssl(), "OpenSSL allocated before main");
    let smoke = common::smoke_run();
    let idle_pairs = knob("SHIM_BENCH_IDLE", smoke, 5, 200).max(1);
    let in_flight = knob("SHIM_BENCH_CONCURRENT", smoke, 20, 1000).max(1);
    let runs = knob("SHIM_BENCH_RUNS", smoke, 1, 3).max(1);
    let many = knob("SHIM_BENCH_MANY", smoke, 10, 10_000).max(1);
    println!("# heap: secure-transport vs the openssl crate");
    println!();
    if smoke {
        println!("smoke run (no --bench argument): tiny sizes, the numbers mean nothing");
    }
    println!("{}", openssl::version::version());
    println!(
        "ECDSA P-256, default suites; heap in malloc's usable bytes, Rust + OpenSSL; \
         {in_flight} concurrent handshakes: median of {runs} runs"
    );

    let pki = Pki::new(KeyKind::EcdsaP256);
    let mut rows = Vec::new();
    for proto in [TLS13, TLS12] {
        let cfg = Config::new(&pki, &pki, proto, None);
        rows.push(row(
            format!("idle connection after a {} handshake", proto.label),
            "KiB per context",
            Imp::ALL
                .iter()
                .map(|&imp| idle(imp, &cfg, idle_pairs) / 1024.0)
                .collect(),
        ));
        if proto.label == TLS13.label {
            rows.push(row(
                format!("{many} idle {} connections, both ends", proto.label),
                "MiB",
                Imp::ALL
                    .iter()
                    .map(|&imp| idle(imp, &cfg, many) * (2 * many) as f64 / (1 << 20) as f64)
                    .collect(),
            ));
        }
        let mut samples: Vec<Vec<Concurrent>> = Imp::ALL.iter().map(|_| Vec::new()).collect();
        for round in 0..runs {
            for (i, imp) in rotation(round) {
                samples[i].push(concurrent(imp, &cfg, in_flight));
            }
        }
        let summary = |f: &dyn Fn(&Concurrent) -> f64| -> Vec<f64> {
            samples
                .iter()
                .map(|runs| median(&runs.iter().map(f).collect::<Vec<_>>()))
                .collect()
        };
        let what = format!("{in_flight} concurrent {} handshakes", proto.label);
        rows.push(row(
            format!("{what}: rate"),
            "handshakes/s",
            summary(&|c| in_flight as f64 / c.time.as_secs_f64()),
        ));
        rows.push(row(
            format!("{what}: peak heap"),
            "MiB",
            summary(&|c| c.peak / (1 << 20) as f64),
        ));
        rows.push(row(
            format!("{what}: heap allocations"),
            "per handshake, both ends",
            summary(&|c| c.allocations),
        ));
    }

    common::print_table(&rows);
}
