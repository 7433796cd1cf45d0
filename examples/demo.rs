//! The main job: a client and a server, both through this crate's API, talk on 127.0.0.1
//! once for every protocol version the linked OpenSSL supports: TLS over TCP, DTLS over UDP.
//! Each echoes data both ways; a table shows what was negotiated and what moved.
//!
//! Run: `cargo run --release --example demo`. Nothing to set up: certificates are made on
//! the fly for a throwaway CA.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::thread;
use std::time::{Duration, Instant};

use secure_transport::engine::supported_protocols;
use secure_transport::secure_transport::{
    ClientBuilder, ServerBuilder, SslConnectionType, SslContext, SslProtocol, SslProtocolSide,
    SslStream,
};
use secure_transport_test_kit::matrix::version_name;
use secure_transport_test_kit::pki::{KeyKind, Pki};
use secure_transport_test_kit::udp::{finish, UdpStream};

/// Bytes sent each way per TLS version.
const TLS_PAYLOAD: usize = 4 << 20;
/// Bytes sent each way per DTLS version: UDP has no flow control, so less, in lock step.
const DTLS_PAYLOAD: usize = 1 << 20;
/// How long any one row may take before it counts as failed.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Reads into `buf`, waiting out `WouldBlock` (a UDP read that timed out) until `deadline`.
fn read_some<S: Read + Write + 'static>(
    tls: &mut SslStream<S>,
    buf: &mut [u8],
    deadline: Instant,
) -> Result<usize, String> {
    loop {
        match tls.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock && Instant::now() < deadline => {}
            other => return other.map_err(|e| e.to_string()),
        }
    }
}

/// The server's side of a row: echo everything back until the client closes.
fn serve<S: Read + Write + 'static>(tls: &mut SslStream<S>) -> Result<usize, String> {
    let deadline = Instant::now() + TIMEOUT;
    let mut buf = vec![0u8; 64 << 10];
    let mut echoed = 0;
    loop {
        let n = read_some(tls, &mut buf, deadline)?;
        if n == 0 {
            return Ok(echoed);
        }
        tls.write_all(&buf[..n]).map_err(|e| e.to_string())?;
        echoed += n;
    }
}

/// The client's side: send `size` bytes in chunks, reading each chunk's echo before the next
/// (so no buffer on the way overflows), check them, describe the session and close.
fn talk<S: Read + Write + 'static>(
    tls: &mut SslStream<S>,
    size: usize,
    version: SslProtocol,
) -> Result<String, String> {
    let deadline = Instant::now() + TIMEOUT;
    let payload: Vec<u8> = (0..size).map(|i| (i * 7 + i / 4096) as u8).collect();
    let mut echoed = Vec::with_capacity(size);
    let mut buf = vec![0u8; 64 << 10];
    for chunk in payload.chunks(16 << 10) {
        tls.write_all(chunk).map_err(|e| e.to_string())?;
        let sent = echoed.len() + chunk.len();
        while echoed.len() < sent {
            match read_some(tls, &mut buf, deadline)? {
                0 => return Err("server closed early".into()),
                n => echoed.extend_from_slice(&buf[..n]),
            }
        }
    }
    if echoed != payload {
        return Err("echo differs".into());
    }
    let ctx = tls.context();
    let negotiated = ctx
        .negotiated_protocol_version()
        .map_err(|e| e.to_string())?;
    if negotiated != version {
        return Err(format!("negotiated {negotiated:?}"));
    }
    let suite = ctx.negotiated_cipher().map_err(|e| e.to_string())?.to_raw();
    let name = ctx.engine().cipher_suite_name(suite).unwrap_or("?");
    let described = format!("{name} ({suite:#06x})");
    tls.close().map_err(|e| e.to_string())?;
    Ok(described)
}

/// TLS over TCP at `version`: (cipher suite, bytes the server echoed).
fn over_tcp(pki: &Pki, version: SslProtocol) -> Result<(String, usize), String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let identity = pki.server().identity();
    let server = thread::spawn(move || {
        let (stream, _) = listener.accept().map_err(|e| e.to_string())?;
        // Request/response over TCP: no Nagle delay behind small records (the 1/n-1 split
        // of CBC records in SSL 3.0 and TLS 1.0 writes two records per write).
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        let mut ctx = ServerBuilder::new(&identity, &[])
            .new_ssl_context()
            .map_err(|e| e.to_string())?;
        ctx.set_protocol_version_min(version)
            .map_err(|e| e.to_string())?;
        ctx.set_protocol_version_max(version)
            .map_err(|e| e.to_string())?;
        serve(&mut ctx.handshake(stream).map_err(|e| format!("{e:?}"))?)
    });
    let client = TcpStream::connect(("127.0.0.1", port))
        .and_then(|stream| stream.set_nodelay(true).map(|()| stream))
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
        .and_then(|mut tls| talk(&mut tls, TLS_PAYLOAD, version));
    let served = server.join().map_err(|_| "server panicked")?;
    Ok((client?, served?))
}

/// A datagram context for `side` limited to `version`.
fn dtls_context(side: SslProtocolSide, version: SslProtocol) -> Result<SslContext, String> {
    let mut ctx = SslContext::new(side, SslConnectionType::DATAGRAM).map_err(|e| e.to_string())?;
    ctx.set_protocol_version_min(version)
        .map_err(|e| e.to_string())?;
    ctx.set_protocol_version_max(version)
        .map_err(|e| e.to_string())?;
    Ok(ctx)
}

/// DTLS over UDP at `version`, with the server's hello cookie: (cipher suite, bytes echoed).
fn over_udp(pki: &Pki, version: SslProtocol) -> Result<(String, usize), String> {
    let socket = UdpSocket::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let port = socket.local_addr().map_err(|e| e.to_string())?.port();
    let identity = pki.server().identity();
    let server = thread::spawn(move || {
        let mut ctx = dtls_context(SslProtocolSide::SERVER, version)?;
        ctx.set_certificate(&identity, &[])
            .map_err(|e| e.to_string())?;
        ctx.engine_mut()
            .set_datagram_hello_cookie(b"127.0.0.1 demo client")
            .map_err(|e| e.to_string())?;
        let stream = UdpStream::accept(socket, TIMEOUT).map_err(|e| e.to_string())?;
        serve(&mut finish(ctx.handshake(stream), TIMEOUT)?)
    });
    let client = dtls_context(SslProtocolSide::CLIENT, version).and_then(|mut ctx| {
        ctx.set_peer_domain_name("localhost")
            .map_err(|e| e.to_string())?;
        ctx.engine_mut()
            .set_trusted_roots(&[pki.ca().certificate()], true)
            .map_err(|e| e.to_string())?;
        let stream = UdpStream::connect(port).map_err(|e| e.to_string())?;
        talk(
            &mut finish(ctx.handshake(stream), TIMEOUT)?,
            DTLS_PAYLOAD,
            version,
        )
    });
    let served = server.join().map_err(|_| "server panicked")?;
    Ok((client?, served?))
}

fn main() {
    let ecdsa = Pki::new(KeyKind::EcdsaP256);
    // No SSL 3.0 suite authenticates with ECDSA: its row uses an RSA certificate.
    let rsa = Pki::new(KeyKind::Rsa2048);
    println!("secure-transport demo: our client and our server on 127.0.0.1 (TLS/TCP, DTLS/UDP)");
    println!("linked {}", openssl::version::version());
    let names = |kind| -> Vec<_> {
        supported_protocols(kind)
            .into_iter()
            .map(version_name)
            .collect()
    };
    println!(
        "versions it supports: {} (streams), {} (datagrams)",
        names(SslConnectionType::STREAM).join(", "),
        names(SslConnectionType::DATAGRAM).join(", ")
    );
    println!();
    println!("| version | cipher suite | bytes each way | MB/s | result |");
    println!("|---|---|---|---|---|");
    let rows = supported_protocols(SslConnectionType::STREAM)
        .into_iter()
        .map(|v| (v, TLS_PAYLOAD, over_tcp as fn(&Pki, SslProtocol) -> _))
        .chain(
            supported_protocols(SslConnectionType::DATAGRAM)
                .into_iter()
                .map(|v| (v, DTLS_PAYLOAD, over_udp as fn(&Pki, SslProtocol) -> _)),
        );
    let mut failures = 0;
    for (version, size, run) in rows {
        let started = Instant::now();
        let pki = if version == SslProtocol::SSL3 {
            &rsa
        } else {
            &ecdsa
        };
        let outcome = run(pki, version);
        let seconds = started.elapsed().as_secs_f64();
        let name = version_name(version);
        match outcome {
            Ok((cipher, echoed)) if echoed == size => {
                let rate = 2.0 * size as f64 / seconds / 1e6;
                println!("| {name} | {cipher} | {size} | {rate:.0} | ok |");
            }
            Ok((_, echoed)) => {
                failures += 1;
                println!("| {name} | - | - | - | FAILED: server echoed {echoed} of {size} |");
            }
            Err(e) => {
                failures += 1;
                println!("| {name} | - | - | - | FAILED: {e} |");
            }
        }
    }
    if failures > 0 {
        std::process::exit(1);
    }
}
