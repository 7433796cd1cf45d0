//! Speed of this crate's Secure Transport API next to the plain `openssl` crate, on the same
//! in-memory transport with the same configuration (see `common`): the Rust facade, the
//! engine with C callbacks and the C ABI, each as a ratio to the openssl crate.
//!
//! - bulk: the client writes in writes of 256 B … 64 KiB, the server reads everything after
//!   each write with a 16 KiB buffer; AES-128-GCM, ECDSA P-256, TLS 1.3 and 1.2. Each run
//!   moves as many bytes as the slowest implementation moves in `SHIM_BENCH_RUN_MS` during
//!   the warm-up.
//! - handshakes: full handshakes (the client verifying the chain and the host name against
//!   the CA), each over a fresh pipe with fresh sessions; TLS 1.3 and 1.2 × RSA-2048 and
//!   ECDSA P-256; default suites. The client meets the same server each time, as a client
//!   reconnecting does: the library remembers the chain it verified (`trust::verified`).
//!   First-contact rows (ECDSA P-256) take 64 servers of the same CA in turn, more than the
//!   library remembers, so that every chain is verified anew.
//! - the ceiling: `openssl speed -evp aes-128-gcm`, encryption and decryption, at each record
//!   size; one thread that encrypts and decrypts every byte (as the pipe does) can at best
//!   reach 1 / (1/encrypt + 1/decrypt).
//!
//! Timed runs follow a warm-up, the implementations taking turns within each round so that
//! drift hits them alike. Times are the thread's CPU time (`common::cpu_time`), and each
//! figure is the best run: interference from other processes only slows runs down. Each
//! ratio is the median of the rounds' ratios, which pairs runs made close together.
//!
//! Knobs: `SHIM_BENCH_RUNS` (timed runs, default 61), `SHIM_BENCH_RUN_MS` (bulk run length,
//! default 20), `SHIM_BENCH_HANDSHAKES` (per run, default 20), `SHIM_BENCH_SIZES` (write
//! sizes, default `256,1024,4096,16384,65536`), `SHIM_BENCH_SPEED_SECONDS` (per `openssl
//! speed` run, default 1), `SHIM_BENCH_FILTER` (only rows whose name contains it, e.g.
//! "bulk TLS 1.3", "handshakes", "RSA").
//!
//! Run: `cargo bench --bench shim_vs_openssl`. An unfiltered run also writes the bulk figures
//! to `target/tmp/throughput.tsv`, which `ci/plot-throughput.sh` turns into
//! `docs/throughput.svg`.

mod common;

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::pairs::{connect, connected, rotation, Imp, Pair};
use common::{aes128gcm, cpu_time, key_label, knob, Config, TableRow, TLS12, TLS13};
use secure_transport_test_kit::peers::run_openssl;
use secure_transport_test_kit::pki::{KeyKind, Pki};

/// The reader's buffer: one full TLS record.
const READ_BUF: usize = 16 * 1024;

struct Knobs {
    runs: usize,
    run_time: Duration,
    handshakes: usize,
    sizes: Vec<usize>,
    speed_seconds: usize,
    filter: Option<String>,
}

impl Knobs {
    fn from_env(smoke: bool) -> Knobs {
        let sizes = env::var("SHIM_BENCH_SIZES")
            .unwrap_or_else(|_| "256,1024,4096,16384,65536".into())
            .split(',')
            .map(|s| match s.trim().parse() {
                Ok(n) if n > 0 => n,
                _ => panic!("SHIM_BENCH_SIZES: {s:?} is not a size"),
            })
            .collect();
        Knobs {
            // Many short runs rather than a few long ones: the runs of a round then meet the
            // same weather on a shared machine (ratios within 0.5 % from one whole run to the
            // next on the development VM, where 7 runs of 300 ms moved them by 3-5 %).
            runs: knob("SHIM_BENCH_RUNS", smoke, 1, 61).max(1),
            run_time: Duration::from_millis(knob("SHIM_BENCH_RUN_MS", smoke, 5, 20) as u64),
            handshakes: knob("SHIM_BENCH_HANDSHAKES", smoke, 3, 20).max(1),
            sizes,
            speed_seconds: knob("SHIM_BENCH_SPEED_SECONDS", smoke, 1, 1).max(1),
            filter: env::var("SHIM_BENCH_FILTER").ok(),
        }
    }

    fn wants(&self, name: &str) -> bool {
        self.filter.as_deref().is_none_or(|f| name.contains(f))
    }
}

/// The best of `values`: on a shared machine, interference from other processes only ever
/// slows a run down.
fn best(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

/// One table row: rates per implementation (in `Imp::ALL` order), one per timed run.
struct Row {
    name: String,
    unit: &'static str,
    samples: [Vec<f64>; 4],
    /// Wall time of the whole measurement, warm-up included.
    took: Duration,
    /// For bulk rows: protocol label and write size, for the plot.
    bulk: Option<(&'static str, usize)>,
}

impl Row {
    fn value(&self, imp: usize) -> f64 {
        best(&self.samples[imp])
    }

    /// The median of the per-round ratios to the openssl crate. The implementations run
    /// back to back within a round, so a slow spell of the machine that lasts a round
    /// hits both sides of a ratio; taken alone, each side's best run may come from a
    /// different spell.
    fn ratio(&self, imp: usize) -> f64 {
        let rounds: Vec<f64> = self.samples[imp]
            .iter()
            .zip(&self.samples[Imp::BASELINE])
            .map(|(ours, theirs)| ours / theirs)
            .collect();
        common::median(&rounds)
    }
}

/// The client sends `total` bytes in writes of `chunk`; after each, the server reads
/// everything that arrived. Returns the CPU time from the first write to the last byte read.
/// Not inlined, so that profiles show it.
#[inline(never)]
fn pump(pair: &mut dyn Pair, total: usize, chunk: &[u8], buf: &mut [u8]) -> Duration {
    let start = cpu_time();
    let (mut sent, mut received) = (0, 0);
    while sent < total {
        let n = chunk.len().min(total - sent);
        pair.send(&chunk[..n]);
        sent += n;
        received += pair.receive(buf, None);
    }
    let elapsed = cpu_time() - start;
    assert_eq!(received, total, "the server received a different amount");
    elapsed
}

/// Sends `data` through and checks that exactly it arrives.
fn check_transfer(pair: &mut dyn Pair, data: &[u8], what: &str) {
    let mut got = Vec::with_capacity(data.len());
    let mut buf = vec![0; READ_BUF];
    for piece in data.chunks(50_000) {
        pair.send(piece);
        pair.receive(&mut buf, Some(&mut got));
    }
    assert!(got == data, "{what}: the server received other bytes");
}

/// Every implementation agrees on version and suite, moves data intact, and refuses a server
/// its client's CA did not sign.
fn sanity(cfg: &Config, wrong_ca: &Config) {
    let mut pairs = Imp::ALL.map(|imp| connected(imp, cfg));
    println!(
        "{} {} {}: negotiated",
        cfg.proto.label,
        key_label(cfg.key),
        cfg.suite_label()
    );
    let agreed: Vec<_> = pairs.iter().map(|p| p.agreed()).collect();
    for (imp, a) in Imp::ALL.iter().zip(&agreed) {
        println!(
            "  - {:<27} {} suite {:#06x}, handshake bytes client→server {}, server→client {}",
            imp.name(),
            a.version,
            a.suite,
            a.client_bytes,
            a.server_bytes
        );
        let baseline = &agreed[Imp::BASELINE];
        assert_eq!(
            a.version,
            baseline.version,
            "{}: versions differ",
            imp.name()
        );
        assert_eq!(a.suite, baseline.suite, "{}: suites differ", imp.name());
        if let Some(suite) = cfg.suite {
            assert_eq!(a.suite, suite.id, "{}: not the suite asked for", imp.name());
        }
    }
    let data: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    for (imp, pair) in Imp::ALL.iter().zip(&mut pairs) {
        check_transfer(pair.as_mut(), &data, imp.name());
    }
    let failures: Vec<String> = Imp::ALL
        .iter()
        .map(|&imp| match connect(imp, wrong_ca) {
            Ok(_) => panic!(
                "{}: accepted a server its CA did not sign: verification is off",
                imp.name()
            ),
            Err(e) => e,
        })
        .collect();
    println!(
        "  - a client trusting another CA fails on all: {}",
        failures.join(" | ")
    );
}

fn bulk(cfg: &Config, size: usize, knobs: &Knobs) -> Row {
    let began = Instant::now();
    let chunk: Vec<u8> = (0..size).map(|i| (i * 7 + 3) as u8).collect();
    let mut buf = vec![0u8; READ_BUF];
    // Warm-up: 2 MiB each, which also sizes the timed runs.
    let warm = (2 << 20) / size * size + size;
    let slowest = Imp::ALL
        .iter()
        .map(|&imp| {
            let t = pump(connected(imp, cfg).as_mut(), warm, &chunk, &mut buf);
            warm as f64 / t.as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min);
    let total = ((slowest * knobs.run_time.as_secs_f64()) as usize / size).max(1) * size;
    let mut samples: [Vec<f64>; 4] = Default::default();
    for round in 0..knobs.runs {
        for (i, imp) in rotation(round) {
            // A fresh connection per run: one connection kept for a whole row once ran 10 %
            // slow in every run (heap placement, presumably), and the best run should not
            // hang on one connection.
            let mut pair = connected(imp, cfg);
            pump(pair.as_mut(), 64 * size, &chunk, &mut buf);
            let t = pump(pair.as_mut(), total, &chunk, &mut buf);
            samples[i].push(total as f64 / t.as_secs_f64() / 1e6);
        }
    }
    Row {
        name: format!(
            "bulk {} {}, {} B writes ({} MiB per run)",
            cfg.proto.label,
            cfg.suite_label(),
            size,
            total >> 20
        ),
        unit: "MB/s",
        samples,
        took: began.elapsed(),
        bulk: Some((cfg.proto.label, size)),
    }
}

/// Servers a first-contact row takes in turn, one sequence for all implementations: between
/// two uses of a server come 63 handshakes, at most 20 of them (one run) the openssl
/// crate's, so the clients here verify more than the 32 chains the library remembers (and
/// the 64 identities whose SSL_CTX the engine keeps all stay).
const FIRST_CONTACT_SERVERS: usize = 64;

/// Full handshakes, each with the next of `cfgs` (all alike but for the server's
/// certificate and key). Not inlined, so that a profile can take it alone
/// (`--toggle-collect='*::handshakes'`).
#[inline(never)]
fn handshakes(cfgs: &[Config], knobs: &Knobs) -> Row {
    let began = Instant::now();
    let mut samples: [Vec<f64>; 4] = Default::default();
    let n = knobs.handshakes;
    if cfgs.len() > 1 {
        // Every server twice first: the engine keeps a server identity's SSL_CTX from its
        // second use on, as the openssl crate's users make theirs before they connect.
        for imp in Imp::ALL {
            for cfg in cfgs.iter().chain(cfgs) {
                drop(connected(imp, cfg));
            }
        }
    }
    // One sequence for all: the chains a client remembers are the process's.
    let mut next = 0;
    // Round 0 is the warm-up.
    for round in 0..=knobs.runs {
        for (i, imp) in rotation(round) {
            let start = cpu_time();
            for _ in 0..n {
                drop(connected(imp, &cfgs[next % cfgs.len()]));
                next += 1;
            }
            if round > 0 {
                samples[i].push(n as f64 / (cpu_time() - start).as_secs_f64());
            }
        }
    }
    let cfg = &cfgs[0];
    let servers = if cfgs.len() > 1 {
        format!(", first contact ({} servers in turn)", cfgs.len())
    } else {
        String::new()
    };
    Row {
        name: format!(
            "full handshakes {} {}{servers}, {} per run",
            cfg.proto.label,
            key_label(cfg.key),
            knobs.handshakes
        ),
        unit: "handshakes/s",
        samples,
        took: began.elapsed(),
        bulk: None,
    }
}

/// `openssl speed -evp aes-128-gcm` at one block size, encrypting or decrypting: bytes/s.
fn openssl_speed(bytes: usize, seconds: usize, decrypt: bool) -> Result<f64, String> {
    let (bytes, seconds) = (bytes.to_string(), seconds.to_string());
    let mut args = vec!["speed", "-seconds", &seconds, "-bytes", &bytes];
    if decrypt {
        args.push("-decrypt");
    }
    args.extend(["-evp", "aes-128-gcm"]);
    let (status, output) = run_openssl(&args, Duration::from_secs(60));
    if !status.is_some_and(|s| s.success()) {
        return Err(format!("openssl {}: {output}", args.join(" ")));
    }
    // The result line: "AES-128-GCM  4382720.00k" (1000s of bytes per second).
    output
        .lines()
        .map(str::split_whitespace)
        .filter_map(|mut words| {
            let name = words.next()?;
            let value = words.last()?.strip_suffix('k')?;
            name.eq_ignore_ascii_case("aes-128-gcm")
                .then(|| value.parse::<f64>().ok())
                .flatten()
        })
        .next()
        .map(|k| k * 1000.0)
        .ok_or_else(|| format!("no result in the output of openssl speed:\n{output}"))
}

/// The ceiling per record size (bytes/s for one thread encrypting and decrypting), printed.
fn ceilings(sizes: &[usize], seconds: usize) -> Vec<(usize, f64)> {
    let mut records: Vec<usize> = sizes.iter().map(|&s| s.min(READ_BUF)).collect();
    records.sort_unstable();
    records.dedup();
    let mut out = Vec::new();
    println!();
    println!("ceiling: `openssl speed -seconds {seconds} -bytes N [-decrypt] -evp aes-128-gcm`");
    for record in records {
        match (
            openssl_speed(record, seconds, false),
            openssl_speed(record, seconds, true),
        ) {
            (Ok(enc), Ok(dec)) => {
                let both = 1.0 / (1.0 / enc + 1.0 / dec);
                println!(
                    "  - {record} B: encrypt {:.0} MB/s, decrypt {:.0} MB/s, both in one thread {:.0} MB/s",
                    enc / 1e6,
                    dec / 1e6,
                    both / 1e6
                );
                out.push((record, both));
            }
            (Err(e), _) | (_, Err(e)) => println!("SKIPPED: ceiling at {record} B: {e}"),
        }
    }
    out
}

/// "1234.5 ±0.8%": the best run and half the min–max range, relative to it.
fn cell(values: &[f64]) -> String {
    let m = best(values);
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let spread = if m > 0.0 {
        (hi - lo) / 2.0 / m * 100.0
    } else {
        0.0
    };
    format!("{m:.1} ±{spread:.1}%")
}

fn print_table(rows: &[Row]) {
    let table: Vec<TableRow> = rows
        .iter()
        .map(|row| TableRow {
            name: row.name.clone(),
            unit: format!("{}, best of {}", row.unit, row.samples[0].len()),
            cells: row.samples.iter().map(|s| cell(s)).collect(),
            values: (0..Imp::ALL.len()).map(|i| row.value(i)).collect(),
            ratios: Some((0..Imp::BASELINE).map(|i| row.ratio(i)).collect()),
        })
        .collect();
    common::print_table(&table);
    println!();
    for row in rows {
        println!("({}: {:.1} s)", row.name, row.took.as_secs_f64());
    }
    for (i, imp) in Imp::ALL[..Imp::BASELINE].iter().enumerate() {
        let worst = rows.iter().min_by(|a, b| a.ratio(i).total_cmp(&b.ratio(i)));
        if let Some(row) = worst {
            println!(
                "minimum ratio {} / openssl crate: {:.3} ({})",
                imp.name(),
                row.ratio(i),
                row.name
            );
        }
    }
}

/// The machine, for the plot's title: CPU model and cores, OpenSSL version.
fn machine() -> String {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map_or("unknown CPU", str::trim)
        .to_string();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{model}, {cores} cores, {}", openssl::version::version())
}

/// The bulk rows and ceilings as gnuplot data: one block per protocol, MB/s.
fn throughput_tsv(rows: &[Row], ceilings: &[(usize, f64)]) -> String {
    let mut out = format!("# machine: {}\n# write size (bytes)", machine());
    for imp in Imp::ALL {
        write!(out, "\t{}", imp.name()).unwrap();
    }
    out.push_str("\tceiling (openssl speed, encrypt + decrypt)\n");
    // Blocks are separated by two blank lines (gnuplot's `index`).
    for (i, label) in [TLS13.label, TLS12.label].iter().enumerate() {
        let gap = if i == 0 { "" } else { "\n\n" };
        writeln!(out, "{gap}# {label}").unwrap();
        for row in rows {
            let Some((_, size)) = row.bulk.filter(|(p, _)| p == label) else {
                continue;
            };
            write!(out, "{size}").unwrap();
            for i in 0..Imp::ALL.len() {
                write!(out, "\t{:.1}", row.value(i)).unwrap();
            }
            let ceiling = ceilings.iter().find(|(r, _)| *r == size.min(READ_BUF));
            match ceiling {
                Some((_, c)) => writeln!(out, "\t{:.1}", c / 1e6).unwrap(),
                None => out.push_str("\t?\n"),
            }
        }
    }
    out
}

fn main() {
    let smoke = common::smoke_run();
    let knobs = Knobs::from_env(smoke);
    let started = Instant::now();
    println!("# secure-transport vs the openssl crate");
    println!();
    if smoke {
        println!("smoke run (no --bench argument): tiny sizes, the numbers mean nothing");
    }
    println!("{}", machine());
    println!(
        "one thread, in-memory pipe; {} timed runs after a warm-up, the implementations \
         taking turns; times are the thread's CPU time; each figure is the best run, ± half \
         the min-max range; each ratio the median of the runs' ratios",
        knobs.runs
    );
    println!();
    let ecdsa = Pki::new(KeyKind::EcdsaP256);
    let rsa = Pki::new(KeyKind::Rsa2048);
    let stranger = Pki::new(KeyKind::EcdsaP256);

    let mut rows = Vec::new();
    for proto in [TLS13, TLS12] {
        for pki in [&ecdsa, &rsa] {
            for suite in [Some(aes128gcm(proto, pki.kind())), None] {
                sanity(
                    &Config::new(pki, pki, proto, suite),
                    &Config::new(pki, &stranger, proto, suite),
                );
            }
        }
        let cfg = Config::new(&ecdsa, &ecdsa, proto, Some(aes128gcm(proto, ecdsa.kind())));
        for &size in &knobs.sizes {
            if knobs.wants(&format!("bulk {} {size} B", proto.label)) {
                rows.push(bulk(&cfg, size, &knobs));
            }
        }
    }
    for proto in [TLS13, TLS12] {
        for pki in [&ecdsa, &rsa] {
            let name = format!("handshakes {} {}", proto.label, key_label(pki.kind()));
            if knobs.wants(&name) {
                rows.push(handshakes(&[Config::new(pki, pki, proto, None)], &knobs));
            }
        }
        let name = format!("handshakes {} ECDSA P-256, first contact", proto.label);
        if knobs.wants(&name) {
            let servers = if smoke { 2 } else { FIRST_CONTACT_SERVERS };
            let cfgs: Vec<Config> = (0..servers)
                .map(|_| {
                    let server = ecdsa.another_server();
                    Config::serving(&server, ecdsa.kind(), &ecdsa, proto, None)
                })
                .collect();
            rows.push(handshakes(&cfgs, &knobs));
        }
    }
    let bulk_sizes: Vec<usize> = rows.iter().filter_map(|r| r.bulk.map(|b| b.1)).collect();
    // A smoke run checks the tool and its parsing at one size.
    let ceiling_sizes = if smoke { vec![READ_BUF] } else { bulk_sizes };
    let ceilings = if ceiling_sizes.is_empty() {
        Vec::new()
    } else {
        ceilings(&ceiling_sizes, knobs.speed_seconds)
    };

    print_table(&rows);
    if let Some((_, both)) = ceilings.iter().find(|(r, _)| *r == READ_BUF) {
        for row in rows
            .iter()
            .filter(|r| r.bulk.is_some_and(|b| b.1 == READ_BUF))
        {
            println!(
                "{}: openssl crate at {:.3} of the ceiling, ours (facade) at {:.3}",
                row.name,
                row.value(3) * 1e6 / both,
                row.value(0) * 1e6 / both
            );
        }
    }
    // Only a full run replaces the plot's figures.
    if !smoke && knobs.filter.is_none() {
        let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("throughput.tsv");
        fs::write(&path, throughput_tsv(&rows, &ceilings)).expect("write throughput.tsv");
        println!(
            "bulk figures for the plot (ci/plot-throughput.sh): {}",
            path.display()
        );
    }
    println!("total {:.1} s", started.elapsed().as_secs_f64());
}
