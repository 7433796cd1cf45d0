//! Interoperability with real `openssl s_server` / `s_client` processes (OpenSSL 3.0 CLI) on
//! 127.0.0.1: our client (facade and Apple-style callback engine) against `s_server -rev`,
//! our server against `s_client`, client certificates both ways, and a peer that is not TLS.
//!
//! Every wait is bounded: sockets get read/write timeouts, peers are waited for with a
//! timeout and killed by PID on drop (the test kit's `Peer`).
//!
//! OpenSSL CLI wordings relied on (checked by hand against OpenSSL 3.0):
//! - `s_server -rev` answers each line with the line reversed, its trailing `\r`/`\n` removed
//!   and one `\n` appended ("hello\r\n" -> "olleh\n"); it prints `Ciphersuite: <OpenSSL name>`
//!   (e.g. `ECDHE-ECDSA-AES256-GCM-SHA384`, `TLS_AES_256_GCM_SHA384`), `Protocol version:
//!   TLSv1` (TLS 1.0) .. `TLSv1.3`, and, when the client sent a certificate, `Peer
//!   certificate: CN = client`.
//! - `s_client` prints `New, <v>, Cipher is <name>`, where `<v>` is the oldest version the
//!   cipher suite exists in (`TLSv1.0` for ECDHE-RSA-AES256-SHA even in a TLS 1.1 session),
//!   `Verify return code: 0 (ok)`, and in its `SSL-Session:` block `Protocol  : TLSv1` (TLS
//!   1.0) .. `TLSv1.3`; that block always appears for TLS 1.0-1.2, and for TLS 1.3 only when
//!   a session ticket arrives. On the server's close_notify it prints `closed`.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, Shutdown, TcpListener, TcpStream};
use std::panic::{self, AssertUnwindSafe};
use std::sync::OnceLock;
use std::thread;
use std::time::Duration;

use secure_transport::engine::Context;
use secure_transport::secure_transport::{
    ClientBuilder, ClientHandshakeError, ServerBuilder, SessionState, SslAuthenticate,
    SslClientCertificateState, SslConnectionType, SslProtocol, SslProtocolSide, SslStream,
};
use secure_transport::status::*;
use secure_transport::types::{cipher_suite, SslCipherSuite};
use secure_transport::{Error, OSStatus};
use secure_transport_test_kit::peers::{path, run_openssl, Peer};
use secure_transport_test_kit::pki::{Issued, KeyKind, Pki};
use secure_transport_test_kit::tcp::{self, connect, tcp_read, tcp_write};

/// Bound for every wait on a peer or a socket.
const TIMEOUT: Duration = Duration::from_secs(10);

// ---------------------------------------------------------------------------------------
// Versions and the OpenSSL CLI's names for them
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
struct Version {
    protocol: SslProtocol,
    /// The CLI flag pinning the peer to this version.
    flag: &'static str,
    /// For messages and test data.
    name: &'static str,
    /// As `s_client`'s "Protocol  :" and `s_server`'s "Protocol version:" lines spell it.
    session_name: &'static str,
}

const TLS10: Version = Version {
    protocol: SslProtocol::TLS1,
    flag: "-tls1",
    name: "TLSv1.0",
    session_name: "TLSv1",
};
const TLS11: Version = Version {
    protocol: SslProtocol::TLS11,
    flag: "-tls1_1",
    name: "TLSv1.1",
    session_name: "TLSv1.1",
};
const TLS12: Version = Version {
    protocol: SslProtocol::TLS12,
    flag: "-tls1_2",
    name: "TLSv1.2",
    session_name: "TLSv1.2",
};
const TLS13: Version = Version {
    protocol: SslProtocol::TLS13,
    flag: "-tls1_3",
    name: "TLSv1.3",
    session_name: "TLSv1.3",
};

impl Version {
    /// CLI arguments pinning the peer to this version; TLS 1.0/1.1 also need security
    /// level 0 in OpenSSL 3.
    fn peer_args(self) -> Vec<&'static str> {
        let mut args = vec![self.flag];
        if matches!(self.protocol, SslProtocol::TLS1 | SslProtocol::TLS11) {
            args.extend(["-cipher", "DEFAULT@SECLEVEL=0"]);
        }
        args
    }
}

/// OpenSSL's cipher names (as the CLI prints them) to IANA numbers, from `openssl ciphers -V`,
/// whose lines read `0xC0,0x2C - ECDHE-ECDSA-AES256-GCM-SHA384 TLSv1.2 Kx=ECDH ...`.
fn cipher_ids() -> &'static HashMap<String, u16> {
    static IDS: OnceLock<HashMap<String, u16>> = OnceLock::new();
    IDS.get_or_init(|| {
        let (status, output) = run_openssl(
            &["ciphers", "-V", "ALL:COMPLEMENTOFALL:@SECLEVEL=0"],
            TIMEOUT,
        );
        assert!(
            status.is_some_and(|s| s.success()),
            "openssl ciphers -V failed:\n{output}"
        );
        let byte = |s: &str| u8::from_str_radix(s.trim().trim_start_matches("0x"), 16).ok();
        output
            .lines()
            .filter_map(|line| {
                let (code, rest) = line.trim().split_once(" - ")?;
                let (hi, lo) = code.split_once(',')?;
                let name = rest.split_whitespace().next()?;
                Some((name.to_owned(), u16::from_be_bytes([byte(hi)?, byte(lo)?])))
            })
            .collect()
    })
}

/// The suite of the IANA number the CLI gives a cipher it named.
fn cipher_id(name: &str) -> SslCipherSuite {
    cipher_suite(
        *cipher_ids()
            .get(name)
            .unwrap_or_else(|| panic!("`openssl ciphers -V` does not list {name:?}")),
    )
}

/// The rest of the first line of `output` that starts with `prefix`.
fn line_after<'a>(output: &'a str, prefix: &str) -> Option<&'a str> {
    output
        .lines()
        .find_map(|line| line.strip_prefix(prefix))
        .map(str::trim)
}

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn set_timeouts(tcp: &TcpStream) {
    tcp.set_read_timeout(Some(TIMEOUT)).unwrap();
    tcp.set_write_timeout(Some(TIMEOUT)).unwrap();
}

/// A connection to 127.0.0.1:`port` whose reads and writes give up after `TIMEOUT`.
fn tcp_to(port: u16) -> TcpStream {
    let tcp = connect(port);
    set_timeouts(&tcp);
    tcp
}

/// Reads until a `\n` (included) arrives; fails on EOF or error first.
fn read_line(stream: &mut impl Read) -> io::Result<String> {
    let mut line = Vec::new();
    let mut buf = [0; 256];
    while !line.ends_with(b"\n") {
        match stream.read(&mut buf)? {
            0 => {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!("EOF after {:?}", String::from_utf8_lossy(&line)),
                ))
            }
            n => line.extend_from_slice(&buf[..n]),
        }
    }
    Ok(String::from_utf8(line).expect("UTF-8 line"))
}

/// The Apple code inside an `io::Error` from `SslStream`, if it carries one.
fn apple_code(e: &io::Error) -> Option<OSStatus> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<Error>())
        .map(|e| e.code())
}

/// `line` without its line ending, reversed, with `\n`: what `s_server -rev` answers.
fn reversed(line: &str) -> String {
    let mut reply: String = line.trim_end_matches(['\r', '\n']).chars().rev().collect();
    reply.push('\n');
    reply
}

/// `s_server -rev -naccept 1` with the PKI's server certificate, pinned to `version`.
fn rev_server(pki: &Pki, version: Version, extra: &[&str]) -> Peer {
    let mut args = version.peer_args();
    args.extend_from_slice(extra);
    Peer::rev_server(pki, &args)
}

/// A facade client trusting only the PKI's CA, pinned to `version`.
fn client_builder(pki: &Pki, version: Version) -> ClientBuilder {
    let mut builder = ClientBuilder::new();
    builder
        .anchor_certificates(&[pki.ca().certificate()])
        .trust_anchor_certificates_only(true)
        .protocol_min(version.protocol)
        .protocol_max(version.protocol);
    builder
}

/// Waits for `s_server -naccept 1` to finish its one connection; afterwards its output is
/// complete.
fn finish_server(peer: &mut Peer) -> String {
    let status = peer.wait(TIMEOUT);
    let output = peer.output();
    assert!(
        status.is_some_and(|s| s.success()),
        "s_server did not exit cleanly ({status:?}):\n{output}"
    );
    output
}

/// Checks the cipher `s_server` reports against ours.
fn assert_server_cipher(output: &str, ours: SslCipherSuite) {
    let name = line_after(output, "Ciphersuite:")
        .unwrap_or_else(|| panic!("no Ciphersuite line in s_server output:\n{output}"));
    assert_eq!(
        ours,
        cipher_id(name),
        "we negotiated {ours:#06x}, s_server reports {name}"
    );
}

// ---------------------------------------------------------------------------------------
// 1. Our facade client against s_server -rev
// ---------------------------------------------------------------------------------------

fn facade_client(version: Version, kind: KeyKind) {
    let pki = Pki::new(kind);
    let mut peer = rev_server(&pki, version, &[]);
    let tcp = tcp_to(peer.port);
    let mut stream = client_builder(&pki, version)
        .handshake("localhost", tcp)
        .unwrap_or_else(|e| panic!("handshake: {e:?}\ns_server:\n{}", peer.output()));

    let ctx = stream.context();
    assert_eq!(ctx.negotiated_protocol_version().unwrap(), version.protocol);
    let cipher = ctx.negotiated_cipher().unwrap().to_raw();
    assert_ne!(cipher, 0);

    let line = format!("hello {} {kind:?}\r\n", version.name);
    stream.write_all(line.as_bytes()).unwrap();
    stream.flush().unwrap();
    let reply = read_line(&mut stream)
        .unwrap_or_else(|e| panic!("read reply: {e}\ns_server:\n{}", peer.output()));
    assert_eq!(reply, reversed(&line));
    stream.close().unwrap();
    assert_eq!(stream.context().state().unwrap(), SessionState::CLOSED);
    drop(stream);

    let output = finish_server(&mut peer);
    assert!(
        output.contains(&format!("Protocol version: {}", version.session_name)),
        "{output}"
    );
    assert_server_cipher(&output, cipher);
}

macro_rules! tests {
    ($helper:ident { $($name:ident: $($arg:expr),*;)* }) => {
        $(
            #[test]
            fn $name() {
                $helper($($arg),*)
            }
        )*
    };
}

tests!(facade_client {
    client_tls10_ecdsa: TLS10, KeyKind::EcdsaP256;
    client_tls11_ecdsa: TLS11, KeyKind::EcdsaP256;
    client_tls12_ecdsa: TLS12, KeyKind::EcdsaP256;
    client_tls13_ecdsa: TLS13, KeyKind::EcdsaP256;
    client_tls10_rsa: TLS10, KeyKind::Rsa2048;
    client_tls11_rsa: TLS11, KeyKind::Rsa2048;
    client_tls12_rsa: TLS12, KeyKind::Rsa2048;
    client_tls13_rsa: TLS13, KeyKind::Rsa2048;
});

// ---------------------------------------------------------------------------------------
// 2. Our facade server against s_client
// ---------------------------------------------------------------------------------------

/// What our server saw of a session.
#[derive(Debug)]
struct Served {
    line: String,
    version: SslProtocol,
    cipher: SslCipherSuite,
    client_cert: SslClientCertificateState,
}

/// Accepts one connection, bounded, with `TIMEOUT` on its reads and writes.
fn accept(listener: &TcpListener) -> io::Result<TcpStream> {
    let tcp = tcp::accept(listener)?;
    set_timeouts(&tcp);
    Ok(tcp)
}

/// Our server on a fresh port, in a thread: one connection, pinned to `version`; reads a
/// line, answers it uppercased, then closes with close_notify. With `client_auth` it
/// requires a client certificate issued by the PKI's CA.
fn spawn_server(
    pki: &Pki,
    version: Version,
    client_auth: bool,
) -> (u16, thread::JoinHandle<Result<Served, String>>) {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let server: Issued = pki.server().clone();
    let ca: Issued = pki.ca().clone();
    let handle = thread::spawn(move || {
        let fail = |what: &str, e: &dyn std::fmt::Debug| format!("{what}: {e:?}");
        let tcp = accept(&listener).map_err(|e| fail("accept", &e))?;
        let mut ctx = ServerBuilder::new(&server.identity(), &[])
            .new_ssl_context()
            .map_err(|e| fail("new_ssl_context", &e))?;
        ctx.set_protocol_version_min(version.protocol)
            .map_err(|e| fail("min", &e))?;
        ctx.set_protocol_version_max(version.protocol)
            .map_err(|e| fail("max", &e))?;
        if client_auth {
            ctx.set_client_side_authenticate(SslAuthenticate::ALWAYS)
                .map_err(|e| fail("client auth", &e))?;
            ctx.engine_mut()
                .set_trusted_roots(&[ca.certificate()], true)
                .map_err(|e| fail("trusted roots", &e))?;
        }
        let mut stream: SslStream<TcpStream> =
            ctx.handshake(tcp).map_err(|e| fail("handshake", &e))?;
        let line = read_line(&mut stream).map_err(|e| fail("read", &e))?;
        stream
            .write_all(line.to_uppercase().as_bytes())
            .and_then(|()| stream.flush())
            .map_err(|e| fail("write", &e))?;
        let ctx = stream.context();
        let served = Served {
            line,
            version: ctx.negotiated_protocol_version().unwrap(),
            cipher: ctx
                .negotiated_cipher()
                .map_err(|e| fail("cipher", &e))?
                .to_raw(),
            client_cert: ctx.client_certificate_state().unwrap(),
        };
        stream.close().map_err(|e| fail("close", &e))?;
        Ok(served)
    });
    (port, handle)
}

/// Runs `s_client` against our server, has it send a line, and checks both sides.
fn facade_server(version: Version, kind: KeyKind, client_auth: bool) -> Served {
    let pki = Pki::new(kind);
    let (port, server) = spawn_server(&pki, version, client_auth);
    let ca = path(&pki.ca().cert_path);
    let mut args = vec![
        "-CAfile",
        ca,
        "-verify_return_error",
        "-verify_hostname",
        "localhost",
    ];
    if client_auth {
        let client = pki.client();
        args.extend(["-cert", path(&client.cert_path)]);
        args.extend(["-key", path(&client.key_path)]);
    }
    args.extend(version.peer_args());
    let mut peer = Peer::s_client(port, &args);

    let line = format!("hello from s_client {} {kind:?}\n", version.name);
    let expected = line.trim_end().to_uppercase();
    // s_client reads stdin only once its handshake is done; keep stdin open until the
    // answer is in, or it may shut down before reading it.
    peer.write_stdin(line.as_bytes());
    let answered = peer.wait_for_output(&expected, TIMEOUT);
    // Our server closes right after answering: s_client says "closed" on its close_notify.
    let closed = answered && peer.wait_for_output("\nclosed\n", TIMEOUT);
    peer.close_stdin();
    let status = peer.wait(TIMEOUT);
    let output = peer.output();
    let served = server.join().expect("server thread panicked");
    let served = served.unwrap_or_else(|e| panic!("our server: {e}\ns_client:\n{output}"));

    assert!(answered, "no {expected:?} from our server:\n{output}");
    assert!(closed, "no close_notify from our server:\n{output}");
    assert!(status.is_some(), "s_client did not exit:\n{output}");
    assert_eq!(served.line, line);
    assert_eq!(served.version, version.protocol);
    assert!(output.contains("Verify return code: 0 (ok)"), "{output}");
    // "New, <v>, Cipher is <name>": <v> is the oldest version the cipher suite exists in
    // (a TLS 1.1 session with ECDHE-RSA-AES256-SHA says "TLSv1.0"), not the session's.
    let (cipher_version, cipher) = line_after(&output, "New, ")
        .and_then(|rest| rest.split_once(", Cipher is "))
        .unwrap_or_else(|| panic!("no \"New, .., Cipher is\" line in s_client output:\n{output}"));
    assert_eq!(
        served.cipher,
        cipher_id(cipher),
        "s_client reports {cipher}"
    );
    // The session's version is in the SSL-Session block, which s_client prints for TLS
    // 1.0-1.2 always and for TLS 1.3 only when a session ticket arrives; TLS 1.3 suites
    // exist only in TLS 1.3.
    let protocol = line_after(&output, "    Protocol  :");
    if version.protocol == SslProtocol::TLS13 {
        assert_eq!(cipher_version, "TLSv1.3", "{output}");
        assert!(matches!(protocol, None | Some("TLSv1.3")), "{output}");
    } else {
        assert_eq!(protocol, Some(version.session_name), "{output}");
    }
    served
}

fn facade_server_plain(version: Version, kind: KeyKind) {
    let served = facade_server(version, kind, false);
    assert_eq!(served.client_cert, SslClientCertificateState::NONE);
}

tests!(facade_server_plain {
    server_tls10_ecdsa: TLS10, KeyKind::EcdsaP256;
    server_tls11_ecdsa: TLS11, KeyKind::EcdsaP256;
    server_tls12_ecdsa: TLS12, KeyKind::EcdsaP256;
    server_tls13_ecdsa: TLS13, KeyKind::EcdsaP256;
    server_tls10_rsa: TLS10, KeyKind::Rsa2048;
    server_tls11_rsa: TLS11, KeyKind::Rsa2048;
    server_tls12_rsa: TLS12, KeyKind::Rsa2048;
    server_tls13_rsa: TLS13, KeyKind::Rsa2048;
});

// ---------------------------------------------------------------------------------------
// 3. The Apple-style callback engine against s_server -rev
// ---------------------------------------------------------------------------------------

fn engine_client(version: Version, kind: KeyKind) {
    let pki = Pki::new(kind);
    let mut peer = rev_server(&pki, version, &[]);
    let mut tcp = tcp_to(peer.port);
    let connection = tcp::connection(&mut tcp);

    let mut ctx = Context::new(SslProtocolSide::CLIENT, SslConnectionType::STREAM).unwrap();
    ctx.set_io_funcs(tcp_read, tcp_write).unwrap();
    ctx.set_connection(connection).unwrap();
    ctx.set_protocol_version_min(version.protocol).unwrap();
    ctx.set_protocol_version_max(version.protocol).unwrap();
    ctx.set_trusted_roots(&[pki.ca().certificate()], true)
        .unwrap();
    ctx.set_peer_domain_name(Some(b"localhost")).unwrap();
    assert_eq!(ctx.session_state(), SessionState::IDLE);

    if let Err(e) = ctx.handshake() {
        panic!("SSLHandshake: {e}\ns_server:\n{}", peer.output());
    }
    assert_eq!(ctx.session_state(), SessionState::CONNECTED);
    assert_eq!(ctx.negotiated_protocol_version(), version.protocol);
    let cipher = ctx.negotiated_cipher().unwrap();
    assert_ne!(cipher, 0);

    let line = format!("engine {} {kind:?}\n", version.name);
    let (written, result) = ctx.write(line.as_bytes());
    result.unwrap_or_else(|e| panic!("SSLWrite: {e}"));
    assert_eq!(written, line.len());

    // SSLRead may return fewer bytes than asked for: loop until the whole line is in.
    let mut reply = Vec::new();
    let mut buf = [0; 64];
    // A blocking read brings a byte at least, or fails (the socket's timeout included), or
    // takes in one of the session tickets a TLS 1.3 server sends first.
    for _ in 0..line.len() + 4 {
        if reply.ends_with(b"\n") {
            break;
        }
        let (n, result) = ctx.read(&mut buf);
        if let Err(e) = result {
            panic!(
                "SSLRead after {:?}: {e}\ns_server:\n{}",
                String::from_utf8_lossy(&reply),
                peer.output()
            );
        }
        reply.extend_from_slice(&buf[..n]);
    }
    assert_eq!(String::from_utf8(reply).unwrap(), reversed(&line));

    ctx.close().unwrap();
    assert_eq!(ctx.session_state(), SessionState::CLOSED);
    // The context goes before the stream its callbacks point at.
    drop(ctx);
    drop(tcp);

    let output = finish_server(&mut peer);
    assert_server_cipher(&output, cipher);
}

tests!(engine_client {
    engine_tls12_ecdsa: TLS12, KeyKind::EcdsaP256;
    engine_tls13_ecdsa: TLS13, KeyKind::EcdsaP256;
    engine_tls12_rsa: TLS12, KeyKind::Rsa2048;
    engine_tls13_rsa: TLS13, KeyKind::Rsa2048;
});

// ---------------------------------------------------------------------------------------
// 4. Client certificates
// ---------------------------------------------------------------------------------------

/// `s_server -Verify 1 -CAfile ca`: a client certificate is required.
fn verifying_server(pki: &Pki, version: Version) -> Peer {
    rev_server(
        pki,
        version,
        &[
            "-Verify",
            "1",
            "-verify_return_error",
            "-CAfile",
            path(&pki.ca().cert_path),
        ],
    )
}

fn client_with_certificate(version: Version) {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let mut peer = verifying_server(&pki, version);
    let client = pki.client();
    let mut stream = client_builder(&pki, version)
        .identity(&client.identity(), &[])
        .handshake("localhost", tcp_to(peer.port))
        .unwrap_or_else(|e| panic!("handshake: {e:?}\ns_server:\n{}", peer.output()));
    let line = "with a certificate\n";
    stream.write_all(line.as_bytes()).unwrap();
    let reply = read_line(&mut stream)
        .unwrap_or_else(|e| panic!("read reply: {e}\ns_server:\n{}", peer.output()));
    assert_eq!(reply, reversed(line));
    assert_eq!(
        stream.context().client_certificate_state().unwrap(),
        SslClientCertificateState::SENT
    );
    stream.close().unwrap();
    drop(stream);
    let output = finish_server(&mut peer);
    // "CN = client" up to OpenSSL 3.x's older releases, "CN=client" in newer ones.
    let output = output.replace("CN = ", "CN=");
    assert!(output.contains("Peer certificate: CN=client"), "{output}");
}

/// Without an identity, the handshake (TLS 1.2) or the first read (TLS 1.3, where the
/// server judges the client after the client finished) fails with an Apple code.
fn client_without_certificate(version: Version) -> OSStatus {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let peer = verifying_server(&pki, version);
    let result = client_builder(&pki, version).handshake("localhost", tcp_to(peer.port));
    let code = match result {
        Err(ClientHandshakeError::Failure(e)) => {
            println!(
                "{}: handshake without a client certificate: {e}",
                version.name
            );
            e.code()
        }
        Err(ClientHandshakeError::Interrupted(mid)) => {
            panic!("handshake interrupted: {:?}", mid.error())
        }
        Ok(mut stream) => {
            // The write may still succeed: the server's alert is in flight.
            let _ = stream.write_all(b"no certificate\n");
            let mut buf = [0; 64];
            let error = match stream.read(&mut buf) {
                Ok(n) => panic!(
                    "read {n} bytes without a client certificate\ns_server:\n{}",
                    peer.output()
                ),
                Err(e) => e,
            };
            let code = apple_code(&error)
                .unwrap_or_else(|| panic!("read failed without an Apple code: {error:?}"));
            println!(
                "{}: first read without a client certificate: {}",
                version.name,
                Error::from_code(code)
            );
            code
        }
    };
    assert!(code < 0, "not an error code: {code}");
    assert_ne!(code, errSSLWouldBlock);
    assert!(
        secure_transport::Error::from_code(code).name().is_some(),
        "unknown code {code}"
    );
    code
}

#[test]
fn client_certificate_sent_tls12() {
    client_with_certificate(TLS12);
}

#[test]
fn client_certificate_sent_tls13() {
    client_with_certificate(TLS13);
}

#[test]
fn client_certificate_missing_tls12() {
    // OpenSSL's server answers a missing certificate in TLS 1.2 with handshake_failure (40).
    assert_eq!(client_without_certificate(TLS12), errSSLPeerHandshakeFail);
}

#[test]
fn client_certificate_missing_tls13() {
    // In TLS 1.3 it sends certificate_required (116).
    assert_eq!(client_without_certificate(TLS13), errSSLCertificateRequired);
}

fn server_requiring_certificate(version: Version) {
    let served = facade_server(version, KeyKind::EcdsaP256, true);
    assert_eq!(served.client_cert, SslClientCertificateState::SENT);
}

#[test]
fn server_client_certificate_tls12() {
    server_requiring_certificate(TLS12);
}

#[test]
fn server_client_certificate_tls13() {
    server_requiring_certificate(TLS13);
}

// ---------------------------------------------------------------------------------------
// 5. A peer that does not speak TLS
// ---------------------------------------------------------------------------------------

#[test]
fn peer_not_tls() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let http = thread::spawn(move || -> io::Result<()> {
        let mut tcp = accept(&listener)?;
        // Read the ClientHello first, like an HTTP server reading its request, so that
        // closing with unread data does not turn into a reset that races our answer.
        let mut request = vec![0; 16 * 1024];
        let n = tcp.read(&mut request)?;
        assert!(n > 0, "no ClientHello");
        tcp.set_read_timeout(Some(Duration::from_millis(50)))?;
        while let Ok(1..) = tcp.read(&mut request) {}
        tcp.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n")?;
        // The client may already have read the answer, failed and hung up (ENOTCONN):
        // the half-close only matters when it is still there.
        let _ = tcp.shutdown(Shutdown::Write);
        // Wait (bounded) for the client to hang up.
        tcp.set_read_timeout(Some(TIMEOUT))?;
        while let Ok(1..) = tcp.read(&mut request) {}
        Ok(())
    });

    let builder = client_builder(&pki, TLS12);
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        builder.handshake("localhost", tcp_to(port)).map(drop)
    }));
    let result = result.unwrap_or_else(|_| panic!("the handshake panicked"));
    let code = match result {
        Ok(()) => panic!("handshake with an HTTP server succeeded"),
        Err(ClientHandshakeError::Failure(e)) => e.code(),
        Err(ClientHandshakeError::Interrupted(mid)) => {
            panic!("handshake interrupted: {:?}", mid.error())
        }
    };
    println!("handshake with an HTTP server: {}", Error::from_code(code));
    http.join().expect("HTTP thread panicked").unwrap();
    assert_ne!(code, errSSLWouldBlock);
    // Apple's record layer checks a header's length before anything else of it
    // (SSLRecordInternal.c): "HTTP/" announces 0x502f bytes, more than it reads.
    assert_eq!(code, errSSLRecordOverflow, "got {}", Error::from_code(code));
}

// ---------------------------------------------------------------------------------------
// Regression: partial reads through the facade
// ---------------------------------------------------------------------------------------

/// After a short read leaves part of a record decrypted, the next `read` must return that
/// part at once, as `security_framework::SslStream::read` does (it caps the buffer at
/// `buffered_read_size()`): Apple's `SSLRead` itself goes on to read one more record when the
/// buffer is larger than what is buffered, which blocks on a blocking stream when the peer
/// has nothing more to say (HTTP keep-alive, request/response protocols).
/// A TCP stream that counts the reads made on it: a read served from what is buffered makes
/// none, while one that goes to the socket blocks when the peer has nothing more to say.
#[derive(Debug)]
struct CountingReads {
    tcp: TcpStream,
    reads: usize,
}

impl Read for CountingReads {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.reads += 1;
        self.tcp.read(buf)
    }
}

impl Write for CountingReads {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.tcp.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.tcp.flush()
    }
}

#[test]
fn client_read_returns_buffered_bytes_without_blocking() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let peer = rev_server(&pki, TLS12, &[]);
    let tcp = CountingReads {
        tcp: tcp_to(peer.port),
        reads: 0,
    };
    let mut stream = client_builder(&pki, TLS12)
        .handshake("localhost", tcp)
        .unwrap_or_else(|e| panic!("handshake: {e:?}\ns_server:\n{}", peer.output()));
    let line = "abcdefghijklmnop\n";
    stream.write_all(line.as_bytes()).unwrap();

    let mut head = [0; 4];
    let n = stream.read(&mut head).unwrap();
    assert_eq!(n, head.len());
    let buffered = stream.context().buffered_read_size().unwrap();
    assert_eq!(n + buffered, line.len(), "the reply is one record");

    let socket_reads = stream.get_ref().reads;
    let mut rest = [0; 256];
    let n = stream.read(&mut rest).unwrap();
    assert_eq!(n, buffered);
    let reply = [&head[..], &rest[..n]].concat();
    assert_eq!(String::from_utf8(reply).unwrap(), reversed(line));
    assert_eq!(
        stream.get_ref().reads,
        socket_reads,
        "the read of buffered bytes went to the socket (where it would block)"
    );
    stream.close().unwrap();
}
