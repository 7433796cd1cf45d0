//! The main job: a client and a server, both through this crate's API, talk over TCP on
//! 127.0.0.1 once for every protocol version the linked OpenSSL supports. Each echoes data
//! both ways; a table shows what was negotiated and what moved.
//!
//! Run: `cargo run --release --example demo`. Nothing to set up: certificates are made on
//! the fly for a throwaway CA.

#[path = "../tests/support/mod.rs"]
mod support;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::Instant;

use secure_transport::engine::supported_protocols;
use secure_transport::secure_transport::{
    ClientBuilder, ServerBuilder, SslConnectionType, SslProtocol, SslStream,
};
use support::{KeyKind, Pki};

/// Bytes sent each way per version.
const PAYLOAD: usize = 4 << 20;

fn version_name(version: SslProtocol) -> &'static str {
    match version {
        SslProtocol::SSL3 => "SSL 3.0",
        SslProtocol::TLS1 => "TLS 1.0",
        SslProtocol::TLS11 => "TLS 1.1",
        SslProtocol::TLS12 => "TLS 1.2",
        SslProtocol::TLS13 => "TLS 1.3",
        _ => "?",
    }
}

/// The server: echo everything back until the client closes.
fn serve(
    listener: TcpListener,
    pki_server: support::Issued,
    version: SslProtocol,
) -> Result<usize, String> {
    let (stream, _) = listener.accept().map_err(|e| e.to_string())?;
    let mut ctx = ServerBuilder::new(&pki_server.identity(), &[])
        .new_ssl_context()
        .map_err(|e| e.to_string())?;
    ctx.set_protocol_version_min(version)
        .map_err(|e| e.to_string())?;
    ctx.set_protocol_version_max(version)
        .map_err(|e| e.to_string())?;
    let mut tls = ctx.handshake(stream).map_err(|e| format!("{e:?}"))?;
    let mut buf = vec![0u8; 64 << 10];
    let mut echoed = 0;
    loop {
        let n = tls.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            return Ok(echoed);
        }
        tls.write_all(&buf[..n]).map_err(|e| e.to_string())?;
        echoed += n;
    }
}

/// The client: send the payload in chunks, reading each chunk's echo before the next (so
/// neither side's socket buffer fills up), then check it.
fn talk(tls: &mut SslStream<TcpStream>) -> Result<(), String> {
    let payload: Vec<u8> = (0..PAYLOAD).map(|i| (i * 7 + i / 4096) as u8).collect();
    let mut echoed = Vec::with_capacity(PAYLOAD);
    let mut buf = vec![0u8; 64 << 10];
    let mut sent = 0;
    for chunk in payload.chunks(16 << 10) {
        tls.write_all(chunk).map_err(|e| e.to_string())?;
        sent += chunk.len();
        while echoed.len() < sent {
            let n = tls.read(&mut buf).map_err(|e| e.to_string())?;
            if n == 0 {
                return Err("server closed early".into());
            }
            echoed.extend_from_slice(&buf[..n]);
        }
    }
    if echoed != payload {
        return Err("echo differs".into());
    }
    tls.close().map_err(|e| e.to_string())
}

fn main() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    println!("secure-transport demo: our client and our server over TCP on 127.0.0.1");
    println!("linked {}", openssl::version::version());
    println!();
    println!("| version | cipher suite | bytes each way | MB/s | result |");
    println!("|---|---|---|---|---|");
    let mut failures = 0;
    for version in supported_protocols(SslConnectionType::STREAM) {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("local address").port();
        let server_leaf = pki.server().clone();
        let server = thread::spawn(move || serve(listener, server_leaf, version));

        let started = Instant::now();
        let outcome = TcpStream::connect(("127.0.0.1", port))
            .map_err(|e| e.to_string())
            .and_then(|stream| {
                ClientBuilder::new()
                    .anchor_certificates(&[pki.ca().certificate()])
                    .trust_anchor_certificates_only(true)
                    .protocol_min(version)
                    .protocol_max(version)
                    .handshake("localhost", stream)
                    .map_err(|e| format!("{e:?}"))
            })
            .and_then(|mut tls| {
                talk(&mut tls)?;
                let ctx = tls.context();
                let suite = ctx.negotiated_cipher().map_err(|e| e.to_string())?;
                let name = ctx.engine().cipher_suite_name(suite).unwrap_or("?");
                let negotiated = ctx
                    .negotiated_protocol_version()
                    .map_err(|e| e.to_string())?;
                if negotiated != version {
                    return Err(format!("negotiated {negotiated:?}"));
                }
                Ok(format!("{name} ({suite:#06x})"))
            });
        let seconds = started.elapsed().as_secs_f64();
        let served = server.join().expect("server thread");
        match (outcome, served) {
            (Ok(cipher), Ok(bytes)) if bytes == PAYLOAD => {
                let rate = 2.0 * PAYLOAD as f64 / seconds / 1e6;
                println!(
                    "| {} | {cipher} | {PAYLOAD} | {rate:.0} | ok |",
                    version_name(version)
                );
            }
            (client, server) => {
                failures += 1;
                println!(
                    "| {} | - | - | - | FAILED: client {client:?}, server {server:?} |",
                    version_name(version)
                );
            }
        }
    }
    if failures > 0 {
        std::process::exit(1);
    }
}
