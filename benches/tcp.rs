//! Over a real TCP socket on 127.0.0.1, with Nagle's algorithm on (no `TCP_NODELAY`, the
//! socket's default): the Rust facade's `SslStream<TcpStream>` next to the openssl crate's.
//!
//! - request/response: the client writes a request, the server answers with as many bytes,
//!   the client reads them all; wall time per round trip, median. A write of two records or
//!   more that reaches the socket in two `send`s makes the second wait for the first one's
//!   ACK, which the peer delays (about 40 ms on Linux): one `send` per write avoids it.
//! - bulk: the client writes `SHIM_BENCH_TCP_MB` MiB (default 64) in writes of 64 KiB, the
//!   server reads it all and answers one byte; wall time.
//!
//! TLS 1.3, AES-128-GCM, ECDSA P-256; the server runs on a thread of its own. Knobs:
//! `SHIM_BENCH_ROUND_TRIPS` (per size, default 200), `SHIM_BENCH_TCP_MB`, `SHIM_BENCH_RUNS`
//! (bulk runs, best of; default 5). Run: `cargo bench --bench tcp`; without `--bench` it only
//! does a smoke run.

mod common;

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use common::{aes128gcm, knob, median, pairs, Config, HOST, TLS13};
use openssl::ssl as ossl;
use openssl::x509::verify::X509CheckFlags;
use secure_transport::secure_transport::{self as st, SslConnectionType, SslProtocolSide};
use secure_transport_test_kit::pki::{KeyKind, Pki};
use secure_transport_test_kit::tcp;

/// What a client asks the server to do after the handshake.
#[derive(Clone, Copy)]
enum Job {
    /// Answer `rounds` requests of `size` bytes with as many bytes each.
    Echo { size: usize, rounds: usize },
    /// Read `total` bytes, then answer one.
    Sink { total: usize },
}

/// The server's side of `job` on a connected stream.
fn serve(stream: &mut impl ReadWrite, job: Job) {
    match job {
        Job::Echo { size, rounds } => {
            let mut buf = vec![0; size];
            for _ in 0..rounds {
                stream.read_exact(&mut buf).expect("server read");
                stream.write_all(&buf).expect("server write");
            }
        }
        Job::Sink { total } => {
            let mut buf = vec![0; 64 * 1024];
            let mut got = 0;
            while got < total {
                match stream.read(&mut buf).expect("server read") {
                    0 => panic!("server read: unexpected EOF"),
                    n => got += n,
                }
            }
            stream.write_all(&[1]).expect("server write");
        }
    }
}

/// One implementation's connection running a job: the client's timings.
type Run = fn(&Config, Job) -> Vec<Duration>;

/// `Read + Write`, for the helpers both libraries' streams go through.
trait ReadWrite: Read + Write {}
impl<T: Read + Write> ReadWrite for T {}

/// Wall time of each round trip of `size` bytes, or of the whole bulk transfer.
fn client(stream: &mut impl ReadWrite, job: Job) -> Vec<Duration> {
    match job {
        Job::Echo { size, rounds } => {
            let (request, mut response) = (vec![0x5a; size], vec![0; size]);
            (0..rounds)
                .map(|_| {
                    let start = Instant::now();
                    stream.write_all(&request).expect("client write");
                    stream.read_exact(&mut response).expect("client read");
                    start.elapsed()
                })
                .collect()
        }
        Job::Sink { total } => {
            let chunk = vec![0x5a; 64 * 1024];
            let start = Instant::now();
            let mut sent = 0;
            while sent < total {
                let n = chunk.len().min(total - sent);
                stream.write_all(&chunk[..n]).expect("client write");
                sent += n;
            }
            let mut ack = [0];
            stream.read_exact(&mut ack).expect("client read");
            vec![start.elapsed()]
        }
    }
}

/// A listener on a free port of 127.0.0.1 and a client socket connected to it, both with
/// Nagle's algorithm on.
fn sockets() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind");
    let port = listener.local_addr().unwrap().port();
    let client = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).expect("connect");
    let server = tcp::accept(&listener).expect("accept");
    for socket in [&client, &server] {
        socket.set_nodelay(false).unwrap();
        socket
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
    }
    (client, server)
}

/// One connection of the facade running `job`: the client's timings.
fn facade(cfg: &Config, job: Job) -> Vec<Duration> {
    let (client_tcp, server_tcp) = sockets();
    let mut server_ctx = cfg.server_builder.new_ssl_context().unwrap();
    pairs::configure(&mut server_ctx, cfg);
    let server = thread::spawn(move || {
        let mut stream = server_ctx.handshake(server_tcp).expect("server handshake");
        serve(&mut stream, job);
    });
    let mut ctx = st::SslContext::new(SslProtocolSide::CLIENT, SslConnectionType::STREAM).unwrap();
    ctx.set_peer_domain_name(HOST).unwrap();
    ctx.engine_mut()
        .set_trusted_roots(std::slice::from_ref(&cfg.ca), true)
        .unwrap();
    pairs::configure(&mut ctx, cfg);
    let mut stream = ctx.handshake(client_tcp).expect("client handshake");
    let times = client(&mut stream, job);
    server.join().expect("server thread");
    times
}

/// One connection of the openssl crate running `job`: the client's timings.
fn openssl_crate(cfg: &Config, job: Job) -> Vec<Duration> {
    let (client_tcp, server_tcp) = sockets();
    let server_ssl = ossl::Ssl::new(&cfg.openssl_server).unwrap();
    let server = thread::spawn(move || {
        let mut stream = server_ssl.accept(server_tcp).expect("server handshake");
        serve(&mut stream, job);
    });
    let mut ssl = ossl::Ssl::new(&cfg.openssl_client).unwrap();
    ssl.set_hostname(HOST).unwrap();
    let param = ssl.param_mut();
    param.set_hostflags(X509CheckFlags::NO_PARTIAL_WILDCARDS);
    param.set_host(HOST).unwrap();
    let mut stream = ssl.connect(client_tcp).expect("client handshake");
    let times = client(&mut stream, job);
    server.join().expect("server thread");
    times
}

fn main() {
    let smoke = common::smoke_run();
    let rounds = knob("SHIM_BENCH_ROUND_TRIPS", smoke, 3, 200).max(1);
    let total = knob("SHIM_BENCH_TCP_MB", smoke, 1, 64).max(1) << 20;
    let runs = knob("SHIM_BENCH_RUNS", smoke, 1, 5).max(1);
    println!("# TCP loopback, Nagle on: secure-transport's facade vs the openssl crate");
    println!();
    if smoke {
        println!("smoke run (no --bench argument): tiny sizes, the numbers mean nothing");
    }
    println!("{}", openssl::version::version());
    let pki = Pki::new(KeyKind::EcdsaP256);
    let cfg = Config::new(
        &pki,
        &pki,
        TLS13,
        Some(aes128gcm(TLS13, KeyKind::EcdsaP256)),
    );
    let imps: [Run; 2] = [facade, openssl_crate];
    println!();
    println!("| measurement | unit | ours (Rust facade) | openssl crate | facade / openssl |");
    println!("|---|---|---:|---:|---:|");
    for size in [1024, 32 * 1024] {
        let job = Job::Echo { size, rounds };
        let [ours, theirs] = imps.map(|imp| {
            let times: Vec<f64> = imp(&cfg, job)
                .iter()
                .map(|t| t.as_secs_f64() * 1e6)
                .collect();
            median(&times)
        });
        println!(
            "| {} KiB request, {} KiB response: round trip ({rounds}, median) | µs | {ours:.0} | \
             {theirs:.0} | {:.4} |",
            size / 1024,
            size / 1024,
            ours / theirs
        );
    }
    let job = Job::Sink { total };
    let mut best = [f64::INFINITY; 2];
    for _ in 0..runs {
        for (i, imp) in imps.iter().enumerate() {
            best[i] = best[i].min(imp(&cfg, job)[0].as_secs_f64());
        }
    }
    let [ours, theirs] = best.map(|secs| total as f64 / secs / 1e6);
    println!(
        "| bulk, 64 KiB writes ({} MiB, best of {runs}) | MB/s | {ours:.0} | {theirs:.0} | {:.3} |",
        total >> 20,
        ours / theirs
    );
}
