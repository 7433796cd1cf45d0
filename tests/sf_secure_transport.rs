//! security-framework's behaviour, as code written for it relies on: the stream is flushed
//! after every write (a `BufWriter` stream completes its handshake), `SslStream::flush`
//! flushes the stream, `peer_trust2` refuses an idle context, a `ClientBuilder` with session
//! tickets resumes its second connection, cipher suites go by `CipherSuite`, and a context is
//! `Sync`. Real `openssl s_server` peers on 127.0.0.1, and the kit's in-memory wire.

use std::io::{self, BufWriter, Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use secure_transport::base::Error;
use secure_transport::cipher_suite::CipherSuite;
use secure_transport::os::macos::secure_transport::{MidHandshakeSslStreamExt, SslContextExt};
use secure_transport::secure_transport::{
    ClientBuilder, ClientHandshakeError, HandshakeError, ServerBuilder, SessionState,
    SslConnectionType, SslContext, SslProtocolSide, SslStream,
};
use secure_transport::status::*;
use secure_transport_test_kit::peers::{path, Peer};
use secure_transport_test_kit::pki::{KeyKind, Pki};
use secure_transport_test_kit::tcp::connect;
use secure_transport_test_kit::wire::{self, End, Mode};

const TIMEOUT: Duration = Duration::from_secs(10);

/// A TCP connection whose writes wait in a `BufWriter` until flushed, as in
/// security-framework's own test of buffered streams.
struct Buffered {
    reader: TcpStream,
    writer: BufWriter<TcpStream>,
}

impl Buffered {
    fn to(port: u16) -> Buffered {
        let tcp = connect(port);
        // A handshake that waits for unflushed bytes fails here instead of hanging.
        tcp.set_read_timeout(Some(TIMEOUT)).unwrap();
        Buffered {
            // Larger than any flight of the handshake: nothing leaves without a flush.
            writer: BufWriter::with_capacity(64 * 1024, tcp.try_clone().unwrap()),
            reader: tcp,
        }
    }
}

impl Read for Buffered {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.reader.read(buf)
    }
}

impl Write for Buffered {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// A client builder that trusts the PKI's CA.
fn client(pki: &Pki) -> ClientBuilder {
    let mut builder = ClientBuilder::new();
    builder.anchor_certificates(&[pki.ca().certificate()]);
    builder
}

/// Reads up to the end of a line (bounded by the stream's read timeout).
fn read_line(stream: &mut impl Read) -> io::Result<String> {
    let mut line = Vec::new();
    let mut byte = [0; 1];
    while !line.ends_with(b"\n") {
        if stream.read(&mut byte)? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        line.push(byte[0]);
    }
    Ok(String::from_utf8_lossy(&line).into_owned())
}

#[test]
fn a_buffered_stream_completes_its_handshake_and_an_exchange_with_s_server() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let peer = Peer::rev_server(&pki, &[]);
    let mut tls = client(&pki)
        .handshake("localhost", Buffered::to(peer.port))
        .unwrap_or_else(|e| panic!("{e:?}\n{}", peer.output()));
    tls.write_all(b"hello\n").unwrap();
    assert_eq!(read_line(&mut tls).unwrap(), "olleh\n", "{}", peer.output());
    tls.close().unwrap();
}

/// Logs what the session does to its stream: `W` for a write, `F` for a flush.
struct Logged {
    end: End,
    log: Arc<Mutex<String>>,
}

impl Read for Logged {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.end.read(buf)
    }
}

impl Write for Logged {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.log.lock().unwrap().push('W');
        self.end.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.log.lock().unwrap().push('F');
        self.end.flush()
    }
}

/// A client and server over the in-memory wire, the client's stream logged.
fn logged_pair(pki: &Pki) -> (SslStream<Logged>, SslStream<End>, Arc<Mutex<String>>) {
    let (a, b) = wire::pair(Mode::Stream);
    let log = Arc::new(Mutex::new(String::new()));
    let mut ctx = SslContext::new(SslProtocolSide::CLIENT, SslConnectionType::STREAM).unwrap();
    ctx.set_peer_domain_name("localhost").unwrap();
    ctx.engine_mut()
        .set_trusted_roots(&[pki.ca().certificate()], true)
        .unwrap();
    let stream = Logged {
        end: a,
        log: log.clone(),
    };
    let mut client = ctx.handshake(stream);
    let mut server = ServerBuilder::new(&pki.server().identity(), &[])
        .new_ssl_context()
        .unwrap()
        .handshake(b);
    for _ in 0..100 {
        client = match client {
            Err(HandshakeError::Interrupted(mid)) => mid.handshake(),
            done => done,
        };
        server = match server {
            Err(HandshakeError::Interrupted(mid)) => mid.handshake(),
            done => done,
        };
        if let (Ok(_), Ok(_)) = (&client, &server) {
            return (client.unwrap(), server.unwrap(), log);
        }
    }
    panic!("no handshake: {client:?} / {server:?}");
}

#[test]
fn every_write_to_the_stream_is_followed_by_a_flush() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (mut client, mut server, log) = logged_pair(&pki);
    client.write_all(b"ping").unwrap();
    let mut buf = [0; 4];
    server.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"ping");

    let log = log.lock().unwrap().clone();
    assert!(log.matches('W').count() >= 2, "{log}");
    assert_eq!(
        log.replace("WF", ""),
        "",
        "a write without its flush: {log}"
    );
}

#[test]
fn flushing_a_session_flushes_its_stream() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (mut client, _server, log) = logged_pair(&pki);
    let before = log.lock().unwrap().clone();
    client.flush().unwrap();
    let after = log.lock().unwrap().clone();
    // Nothing was queued: no write, only the stream's flush.
    assert_eq!(after, format!("{before}F"));

    // Closed, the session has nothing to push: flushing is the stream's, and no error.
    client.close().unwrap();
    let closed = log.lock().unwrap().clone();
    client.flush().unwrap();
    assert_eq!(*log.lock().unwrap(), format!("{closed}F"));
}

#[test]
fn peer_trust2_refuses_an_idle_context_and_answers_after_the_handshake() {
    let ctx = SslContext::new(SslProtocolSide::CLIENT, SslConnectionType::STREAM).unwrap();
    assert_eq!(ctx.peer_trust2().err().map(Error::code), Some(errSecBadReq));

    let pki = Pki::new(KeyKind::EcdsaP256);
    let (client, server, _) = logged_pair(&pki);
    let trust = client
        .context()
        .peer_trust2()
        .unwrap()
        .expect("the server's chain");
    assert_eq!(
        trust.certificate_at_index(0).unwrap().to_der(),
        pki.server().certificate().to_der()
    );
    // The server asked for no client certificate: no trust, and no error.
    assert!(server.context().peer_trust2().unwrap().is_none());
}

/// One connection of `builder` to `port`: whether it resumed a session.
fn connects_resumed(builder: &ClientBuilder, port: u16, peer: &Peer) -> bool {
    let tcp = connect(port);
    tcp.set_read_timeout(Some(TIMEOUT)).unwrap();
    let mut tls = builder
        .handshake("localhost", tcp)
        .unwrap_or_else(|e| panic!("{e:?}\n{}", peer.output()));
    tls.write_all(b"x\n").unwrap();
    assert_eq!(read_line(&mut tls).unwrap(), "x\n", "{}", peer.output());
    let resumed = tls.context().engine().session_resumed();
    tls.close().unwrap();
    resumed
}

#[test]
fn a_client_builder_with_session_tickets_resumes_its_second_connection() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let server = pki.server();
    // Four connections, each answered reversed; tickets only (no session-ID cache), so a
    // resumption is the ticket's doing.
    let peer = Peer::s_server(&[
        "-cert",
        path(&server.cert_path),
        "-key",
        path(&server.key_path),
        "-rev",
        "-no_cache",
        "-naccept",
        "4",
    ]);
    let mut builder = client(&pki);
    // Without tickets there is no peer ID, so nothing to resume.
    assert!(!connects_resumed(&builder, peer.port, &peer));
    assert!(!connects_resumed(&builder, peer.port, &peer));
    builder.enable_session_tickets(true);
    assert!(!connects_resumed(&builder, peer.port, &peer));
    assert!(
        connects_resumed(&builder, peer.port, &peer),
        "{}",
        peer.output()
    );
}

#[test]
fn cipher_suites_go_by_cipher_suite() {
    let mut ctx = SslContext::new(SslProtocolSide::CLIENT, SslConnectionType::STREAM).unwrap();
    let gcm = CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    assert_eq!(gcm, CipherSuite::from_raw(0xC02B));
    assert!(ctx.supported_ciphers().unwrap().contains(&gcm));
    assert!(ctx.enabled_ciphers().unwrap().contains(&gcm));
    let chosen = [gcm, CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384];
    ctx.set_enabled_ciphers(&chosen).unwrap();
    assert_eq!(ctx.enabled_ciphers().unwrap(), chosen);
}

#[test]
fn a_client_builder_negotiates_by_its_white_and_black_lists() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let aes256 = CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384;
    let aes128 = CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    for (white, black, expected) in [
        (vec![aes256], vec![], aes256),
        (vec![aes128], vec![], aes128),
        (vec![aes256, aes128], vec![aes256], aes128),
    ] {
        let peer = Peer::one_connection(&pki, &["-tls1_2"]);
        let tcp = connect(peer.port);
        tcp.set_read_timeout(Some(TIMEOUT)).unwrap();
        let mut builder = client(&pki);
        builder.whitelist_ciphers(&white).blacklist_ciphers(&black);
        let tls = builder
            .handshake("localhost", tcp)
            .unwrap_or_else(|e| panic!("{e:?}\n{}", peer.output()));
        assert_eq!(tls.context().negotiated_cipher().unwrap(), expected);
    }
}

#[test]
fn a_context_is_read_from_several_threads() {
    let mut ctx = SslContext::new(SslProtocolSide::SERVER, SslConnectionType::STREAM).unwrap();
    ctx.set_peer_id(b"shared").unwrap();
    ctx.set_alpn_protocols(&["h2".to_owned(), "http/1.1".to_owned()])
        .unwrap();
    thread::scope(|scope| {
        let readers: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(|| {
                    (
                        ctx.state().unwrap(),
                        ctx.peer_id().unwrap().map(<[u8]>::to_vec),
                    )
                })
            })
            .collect();
        for reader in readers {
            let (state, peer_id) = reader.join().unwrap();
            assert_eq!(state, SessionState::IDLE);
            assert_eq!(peer_id.as_deref(), Some(&b"shared"[..]));
        }
    });
}

#[test]
fn a_server_builder_returns_a_pause_as_its_code() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (_client, server) = wire::pair(Mode::Stream);
    // Nothing arrives on the in-memory wire: the server would block.
    let result = ServerBuilder::new(&pki.server().identity(), &[]).handshake(server);
    assert_eq!(result.err().map(Error::code), Some(errSSLWouldBlock));
}

#[test]
fn errors_convert_into_handshake_errors_and_carry_apples_message() {
    fn fails() -> Result<SslStream<End>, HandshakeError<End>> {
        Err(Error::from_code(errSSLPeerCertExpired))?
    }
    #[allow(clippy::result_large_err)] // security-framework's type
    fn client_fails() -> Result<SslStream<End>, ClientHandshakeError<End>> {
        Err(Error::from_code(errSSLBadCert))?
    }
    let Err(HandshakeError::Failure(e)) = fails() else {
        panic!("a failure")
    };
    assert_eq!(e.message().as_deref(), Some("certificate expired"));
    let Err(ClientHandshakeError::Failure(e)) = client_fails() else {
        panic!("a failure")
    };
    assert_eq!(e.message().as_deref(), Some("bad certificate format"));
    assert_eq!(
        Error::from_code(-12345).message().as_deref(),
        Some("OSStatus -12345")
    );
}

#[test]
fn a_server_breaks_at_the_client_hello_and_resumes_with_its_certificate() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (a, b) = wire::pair(Mode::Stream);
    let mut server = SslContext::new(SslProtocolSide::SERVER, SslConnectionType::STREAM).unwrap();
    #[allow(deprecated)]
    SslContextExt::set_break_on_client_hello(&mut server, true).unwrap();
    let mut client = client(&pki).handshake("localhost", a);
    let mut server = server.handshake(b);
    for _ in 0..100 {
        client = match client {
            Err(ClientHandshakeError::Interrupted(mid)) => mid.handshake(),
            done => done,
        };
        server = match server {
            Err(HandshakeError::Interrupted(mut mid)) if mid.client_hello_received() => {
                let identity = pki.server().identity();
                mid.context_mut().set_certificate(&identity, &[]).unwrap();
                mid.handshake()
            }
            Err(HandshakeError::Interrupted(mid)) => mid.handshake(),
            done => done,
        };
        if let (Ok(_), Ok(_)) = (&client, &server) {
            return;
        }
    }
    panic!("no handshake: {client:?} / {server:?}");
}
