//! The safe facade, used as code written for security-framework uses it.

use std::io::{self, Read, Write};
use std::os::unix::net::UnixStream;
use std::thread;

use secure_transport::secure_transport::{
    ClientBuilder, ClientHandshakeError, HandshakeError, ServerBuilder, SessionState,
    SslConnectionType, SslContext, SslProtocol, SslProtocolSide, SslStream,
};
use secure_transport::status::*;
use secure_transport_test_kit::pki::{Issued, KeyKind, LeafSpec, Pki};
use secure_transport_test_kit::wire::{self, End, Mode};

/// A fresh in-memory stream wire: (client end, server end).
fn pipe() -> (End, End) {
    wire::pair(Mode::Stream)
}

/// Resumes two interrupted handshakes in turn until both finish (bounded).
fn finish_both<A: Read + Write + 'static, B: Read + Write + 'static>(
    mut client: Result<SslStream<A>, HandshakeError<A>>,
    mut server: Result<SslStream<B>, HandshakeError<B>>,
) -> (SslStream<A>, SslStream<B>) {
    for _ in 0..1000 {
        client = match client {
            Err(HandshakeError::Interrupted(mid)) => {
                assert!(mid.would_block(), "{:?}", mid.error());
                mid.handshake()
            }
            other => other,
        };
        server = match server {
            Err(HandshakeError::Interrupted(mid)) => mid.handshake(),
            other => other,
        };
        if let (Ok(_), Ok(_)) = (&client, &server) {
            return (client.unwrap(), server.unwrap());
        }
    }
    panic!("handshakes did not finish: {client:?} / {server:?}");
}

/// A context of `builder` raised to TLS 1.3: like security-framework's, the builder has no
/// version setting, and its contexts stop at TLS 1.2 as on a Mac.
fn tls13_server(builder: &ServerBuilder) -> SslContext {
    let mut ctx = builder.new_ssl_context().unwrap();
    ctx.set_protocol_version_max(SslProtocol::TLS13).unwrap();
    ctx
}

/// A TLS 1.3 client and server over a fresh pipe, handshaken.
fn finish_both_fresh(pki: &Pki) -> (SslStream<End>, SslStream<End>) {
    let (a, b) = pipe();
    let mut builder = ClientBuilder::new();
    builder
        .anchor_certificates(&[pki.ca().certificate()])
        .protocol_max(SslProtocol::TLS13);
    let client = match builder.handshake("localhost", a) {
        Err(ClientHandshakeError::Interrupted(mid)) => mid,
        other => panic!("a non-blocking handshake pauses first: {other:?}"),
    };
    let mut server = tls13_server(&ServerBuilder::new(&pki.server().identity(), &[])).handshake(b);
    let mut client = Err(client);
    for _ in 0..100 {
        client = match client {
            Err(mid) => match mid.handshake() {
                Ok(stream) => Ok(stream),
                Err(ClientHandshakeError::Interrupted(mid)) => Err(mid),
                Err(ClientHandshakeError::Failure(e)) => panic!("{e}"),
            },
            done => done,
        };
        server = match server {
            Err(HandshakeError::Interrupted(mid)) => mid.handshake(),
            other => other,
        };
        if let (Ok(_), Ok(_)) = (&client, &server) {
            return (client.unwrap(), server.unwrap());
        }
    }
    panic!("handshakes did not finish");
}

#[test]
fn non_blocking_streams_resume_after_would_block() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (a, b) = pipe();
    let mut client = SslContext::new(SslProtocolSide::CLIENT, SslConnectionType::STREAM).unwrap();
    client.set_peer_domain_name("localhost").unwrap();
    client.set_protocol_version_max(SslProtocol::TLS13).unwrap();
    client
        .engine_mut()
        .set_trusted_roots(&[pki.ca().certificate()], true)
        .unwrap();
    let server = tls13_server(&ServerBuilder::new(&pki.server().identity(), &[]));
    let (mut client, mut server) = finish_both(client.handshake(a), server.handshake(b));

    client.write_all(b"over the pipe").unwrap();
    let mut buf = [0u8; 64];
    let n = server.read(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"over the pipe");
    assert_eq!(
        server.read(&mut buf).unwrap_err().kind(),
        io::ErrorKind::WouldBlock
    );
    assert_eq!(server.get_ref().queued(), 0);
    assert_eq!(
        client.context().negotiated_protocol_version().unwrap(),
        SslProtocol::TLS13
    );
    client.close().unwrap();
    assert_eq!(
        server.read(&mut buf).unwrap(),
        0,
        "close_notify reads as EOF"
    );

    // A client built with ClientBuilder over the same kind of pipe; its stream's own error
    // comes back as it was.
    let (mut client, mut server) = finish_both_fresh(&pki);
    client.write_all(b"x").unwrap();
    server.get_ref().fail_read(0, errSecIO);
    let error = server.read(&mut buf).unwrap_err();
    assert_eq!(error.kind(), io::ErrorKind::Other);
    assert_eq!(
        error.to_string(),
        format!("the wire failed: OSStatus {errSecIO}")
    );
}

#[test]
fn builders_verify_the_server_and_report_trust_failures() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let serve = |leaf: Issued| {
        let (ours, theirs) = UnixStream::pair().unwrap();
        let server = thread::spawn(move || {
            // Hold the stream until the client's first bytes arrive, so the client never
            // writes into a socket the server already closed.
            let mut tls = tls13_server(&ServerBuilder::new(&leaf.identity(), &leaf.chain()))
                .handshake(theirs)
                .map_err(|e| format!("{e:?}"))?;
            let mut first = [0u8; 2];
            tls.read_exact(&mut first).map_err(|e| e.to_string())?;
            Ok::<_, String>(first)
        });
        (ours, server)
    };
    let mut builder = ClientBuilder::new();
    builder
        .anchor_certificates(&[pki.ca().certificate()])
        .trust_anchor_certificates_only(true)
        .protocol_max(SslProtocol::TLS13);

    let (stream, server) = serve(pki.server().clone());
    let mut tls = builder.handshake("localhost", stream).unwrap();
    tls.write_all(b"ok").unwrap();
    assert_eq!(server.join().unwrap(), Ok(*b"ok"));

    let (stream, _server) = serve(pki.issue(LeafSpec::WrongHost));
    match builder.handshake("localhost", stream) {
        // As security-framework: the code of SecTrustEvaluateWithError's error.
        Err(ClientHandshakeError::Failure(e)) => assert_eq!(e.code(), errSecHostNameMismatch),
        other => panic!("expected a host name failure, got {other:?}"),
    }
    let (stream, _server) = serve(pki.issue(LeafSpec::WrongHost));
    builder.danger_accept_invalid_hostnames(true);
    builder.handshake("localhost", stream).unwrap();

    let (stream, _server) = serve(pki.issue(LeafSpec::SelfSigned));
    match builder.handshake("localhost", stream) {
        Err(ClientHandshakeError::Failure(e)) => assert_eq!(e.code(), errSecNotTrusted),
        other => panic!("expected an unknown root, got {other:?}"),
    }
    let (stream, _server) = serve(pki.issue(LeafSpec::SelfSigned));
    builder.danger_accept_invalid_certs(true);
    builder.handshake("localhost", stream).unwrap();
}

#[test]
fn a_server_builder_loads_its_identity_from_pkcs12() {
    let pki = Pki::new(KeyKind::Rsa2048);
    let archive = pki.server().pkcs12("secret");
    assert_eq!(
        ServerBuilder::from_pkcs12(&archive, "wrong")
            .unwrap_err()
            .code(),
        errSecAuthFailed
    );
    assert_eq!(
        ServerBuilder::from_pkcs12(b"junk", "secret")
            .unwrap_err()
            .code(),
        errSecDecode
    );
    let builder = ServerBuilder::from_pkcs12(&archive, "secret").unwrap();
    let (ours, theirs) = UnixStream::pair().unwrap();
    let server = thread::spawn(move || {
        let mut tls = tls13_server(&builder).handshake(theirs).unwrap();
        let mut buf = [0u8; 5];
        tls.read_exact(&mut buf).unwrap();
        tls.write_all(&buf).unwrap();
        tls.close().unwrap();
    });
    let mut tls = ClientBuilder::new()
        .anchor_certificates(&[pki.ca().certificate()])
        .protocol_max(SslProtocol::TLS13)
        .handshake("localhost", ours)
        .unwrap();
    tls.write_all(b"p12ok").unwrap();
    let mut echoed = Vec::new();
    tls.read_to_end(&mut echoed).unwrap();
    assert_eq!(echoed, b"p12ok");
    server.join().unwrap();
}

/// A stream whose reads fail with the stream's own error, or panic.
struct Faulty {
    panic: bool,
}

impl Read for Faulty {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        if self.panic {
            panic!("the stream panicked");
        }
        Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "no reading today",
        ))
    }
}

impl Write for Faulty {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn stream_errors_and_panics_reach_the_caller_as_they_were() {
    let ctx = SslContext::new(SslProtocolSide::CLIENT, SslConnectionType::STREAM).unwrap();
    // The handshake reports Apple's code: a transport failing while a record header is read
    // is errSSLClosedAbort (SSLRecordInternal.c), as security-framework gets on a Mac.
    match ctx.handshake(Faulty { panic: false }) {
        Err(HandshakeError::Failure(e)) => assert_eq!(e.code(), errSSLClosedAbort),
        other => panic!("expected a failure, got {other:?}"),
    }
    let ctx = SslContext::new(SslProtocolSide::CLIENT, SslConnectionType::STREAM).unwrap();
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _ = ctx.handshake(Faulty { panic: true });
    }));
    let payload = caught.expect_err("the panic is resumed on the caller's side");
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"the stream panicked"));
}

#[test]
fn eof_without_close_notify_reads_as_the_end_and_aborts() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (ours, theirs) = UnixStream::pair().unwrap();
    let identity = pki.server().identity();
    let server = thread::spawn(move || {
        let tls = tls13_server(&ServerBuilder::new(&identity, &[]))
            .handshake(theirs)
            .unwrap();
        drop(tls);
    });
    let mut tls = ClientBuilder::new()
        .anchor_certificates(&[pki.ca().certificate()])
        .protocol_max(SslProtocol::TLS13)
        .handshake("localhost", ours)
        .unwrap();
    server.join().unwrap();
    tls.get_mut().shutdown(std::net::Shutdown::Read).unwrap();
    // EOF without close_notify reads as the end of the stream, as in security-framework.
    let mut buf = [0u8; 8];
    assert_eq!(tls.read(&mut buf).unwrap(), 0);
    assert_eq!(tls.context().state().unwrap(), SessionState::ABORTED);
}

/// A session may run over a borrowed stream (a stream that is not `'static`), as in
/// security-framework: the stream stays the caller's, usable again once the session ends.
#[test]
fn a_session_runs_over_a_borrowed_stream() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (mut a, mut b) = pipe();
    let mut builder = ClientBuilder::new();
    builder
        .anchor_certificates(&[pki.ca().certificate()])
        .protocol_max(SslProtocol::TLS13);
    let mut client = Err(match builder.handshake("localhost", &mut a) {
        Err(ClientHandshakeError::Interrupted(mid)) => mid,
        other => panic!("a non-blocking handshake pauses first: {other:?}"),
    });
    let mut server =
        tls13_server(&ServerBuilder::new(&pki.server().identity(), &[])).handshake(&mut b);
    for _ in 0..100 {
        client = match client {
            Err(mid) => match mid.handshake() {
                Ok(stream) => Ok(stream),
                Err(ClientHandshakeError::Interrupted(mid)) => Err(mid),
                Err(ClientHandshakeError::Failure(e)) => panic!("{e}"),
            },
            done => done,
        };
        server = match server {
            Err(HandshakeError::Interrupted(mid)) => mid.handshake(),
            other => other,
        };
        if client.is_ok() && server.is_ok() {
            break;
        }
    }
    let (mut client, mut server) = (client.unwrap(), server.unwrap());
    client.write_all(b"borrowed").unwrap();
    let mut buf = [0u8; 16];
    let n = server.read(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"borrowed");
    client.close().unwrap();
    drop((client, server));
    // The close_notify went through the borrowed end, which is the caller's again.
    assert!(b.queued() > 0);
    assert!(b.read(&mut buf).is_ok());
}

/// A context taken out of its stream (`context_mut` with `mem::swap` or `mem::replace`)
/// carries no stream with it: streams stay in their `SslStream`, on their thread, and every
/// call that then meets the wrong stream, or none, ends in a clean error. (Before streams
/// were lent, the context owned its stream: `get_ref` after the swap returned the other
/// pipe, and after the replace panicked; the taken context dropped the pipe's `Rc`s on
/// another thread.)
#[test]
fn contexts_taken_out_of_streams_carry_no_stream() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let same_wire = |a: &SslStream<End>, b: &SslStream<End>| a.get_ref().is_peer_of(b.get_ref());

    // Two sessions swap contexts mid-session.
    let (mut client1, mut server1) = finish_both_fresh(&pki);
    let (mut client2, mut server2) = finish_both_fresh(&pki);
    std::mem::swap(client1.context_mut(), client2.context_mut());
    assert!(
        same_wire(&client1, &server1),
        "the stream stays in its SslStream"
    );
    assert!(same_wire(&client2, &server2));
    // Client 1 now writes with session 2's keys into pipe 1: server 1 cannot read it.
    client1.write_all(b"for server 1").unwrap();
    let mut buf = [0u8; 64];
    let error = server1.read(&mut buf).unwrap_err();
    assert_eq!(error.kind(), io::ErrorKind::Other, "{error}");
    assert_eq!(server1.context().state().unwrap(), SessionState::ABORTED);
    // Server 2's record reaches client 2, which holds session 1's keys.
    server2.write_all(b"for client 2").unwrap();
    let error = client2.read(&mut buf).unwrap_err();
    assert_eq!(error.kind(), io::ErrorKind::Other, "{error}");
    // Client 1 meets server 1's alert, sealed with keys it does not have.
    assert!(client1.read(&mut buf).is_err());

    // A context replaced by a fresh one goes to another thread without its stream.
    let (mut client, mut server) = finish_both_fresh(&pki);
    let fresh = SslContext::new(SslProtocolSide::CLIENT, SslConnectionType::STREAM).unwrap();
    let mut taken = std::mem::replace(client.context_mut(), fresh);
    let elsewhere = thread::spawn(move || {
        let mut buf = [0u8; 16];
        let ctx = taken.engine_mut();
        let read = ctx.read(&mut buf);
        let write = ctx.write(b"no stream here");
        let close = ctx.close();
        let state = ctx.session_state();
        drop(taken);
        (read, write, close, state)
    });
    let (read, write, close, state) = elsewhere.join().expect("no panic on the other thread");
    // No transport: the read fails and ends the session; later calls see it ended.
    assert_eq!(read, (0, Err(errSecBadReq.into())));
    assert_eq!(write, (0, Err(errSSLClosedAbort.into())));
    assert_eq!(close, Ok(()));
    assert_eq!(state, SessionState::CLOSED);
    // The stream stayed here, with the fresh context, which starts a handshake of its own.
    assert!(same_wire(&client, &server));
    assert_eq!(client.context().state().unwrap(), SessionState::IDLE);
    assert_eq!(
        client.write(b"x").unwrap_err().kind(),
        io::ErrorKind::Other,
        "SSLWrite before a handshake: errSecBadReq"
    );
    assert_eq!(
        client.read(&mut buf).unwrap_err().kind(),
        io::ErrorKind::WouldBlock,
        "its ClientHello went out; the answer is not there"
    );
    // Which the server's session reads as garbage.
    assert!(server.read(&mut buf).is_err());
    assert!(same_wire(&client, &server), "both ends stayed here");
}
