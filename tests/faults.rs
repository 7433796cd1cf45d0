//! Hostile and broken peers, by editing the bytes on the wire between the two contexts of a
//! pipe: tampered, oversized and truncated records, alerts, garbage. Each gives Apple's code,
//! the session ends aborted, and the context can still be closed and dropped.

mod support;

use secure_transport::engine::Context;
use secure_transport::secure_transport::{SessionState, SslProtocol};
use secure_transport::status::*;
use secure_transport::OSStatus;
use support::pipe::{self, Faults, Side};
use support::{KeyKind, Pki};

const VERSIONS: [SslProtocol; 2] = [SslProtocol::TLS12, SslProtocol::TLS13];

/// A client and a server at `version`, wired but not started.
fn pair(pki: &Pki, version: SslProtocol, seed: u64) -> (Side, Side) {
    let (mut client, mut server) = pipe::contexts(pki);
    for ctx in [&mut client, &mut server] {
        ctx.set_protocol_version_min(version).unwrap();
        ctx.set_protocol_version_max(version).unwrap();
    }
    pipe::connect(client, server, Faults::NONE, seed)
}

/// A pair at `version` after the handshake, with the server's tickets (TLS 1.3) read, so
/// that the next bytes on the wire are what the test puts there.
fn connected(pki: &Pki, version: SslProtocol, seed: u64) -> (Side, Side) {
    let (mut client, mut server) = pair(pki, version, seed);
    assert_eq!(pipe::handshake(&mut client, &mut server), (Ok(()), Ok(())));
    let mut buf = [0u8; 1];
    assert_eq!(read_code(&mut client.ctx, &mut buf), errSSLWouldBlock);
    assert!(client.end.incoming.borrow().bytes.is_empty());
    (client, server)
}

fn read_code(ctx: &mut Context, buf: &mut [u8]) -> OSStatus {
    ctx.read(buf).1.err().map_or(errSecSuccess, |e| e.code())
}

/// After a fatal fault: aborted, further reads say so, and SSLClose still works.
fn assert_ended(side: &mut Side, what: &str) {
    assert_eq!(side.ctx.session_state(), SessionState::ABORTED, "{what}");
    let mut buf = [0u8; 8];
    assert_eq!(
        read_code(&mut side.ctx, &mut buf),
        errSSLClosedAbort,
        "{what}"
    );
    assert_eq!(side.ctx.close().map_err(|e| e.code()), Ok(()), "{what}");
}

/// One record from the client, its bytes as they lie on the wire to the server.
fn record_in_flight(client: &mut Side, server: &Side) -> usize {
    assert_eq!(client.ctx.write(b"attack at dawn").0, 14);
    server.end.incoming.borrow().bytes.len()
}

#[test]
fn a_tampered_record_is_a_bad_mac_for_the_reader_and_an_alert_for_the_writer() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    for (seed, version) in (1..).zip(VERSIONS) {
        let (mut client, mut server) = connected(&pki, version, seed);
        let len = record_in_flight(&mut client, &server);
        server.end.incoming.borrow_mut().bytes[len - 3] ^= 0x40;
        let mut buf = [0u8; 32];
        assert_eq!(
            read_code(&mut server.ctx, &mut buf),
            errSSLBadRecordMac,
            "{version:?}"
        );
        assert_ended(&mut server, "reader");
        // The reader told the writer why.
        assert_eq!(
            read_code(&mut client.ctx, &mut buf),
            errSSLPeerBadRecordMac,
            "{version:?}"
        );
        assert_ended(&mut client, "writer");
    }
}

#[test]
fn an_oversized_record_is_a_record_overflow() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    for (seed, version) in (10..).zip(VERSIONS) {
        let (_client, mut server) = connected(&pki, version, seed);
        // application_data, TLS 1.2 on the wire, 65535 bytes: over every version's limit.
        let mut header = vec![23, 3, 3, 0xFF, 0xFF];
        header.extend([0u8; 64]);
        server.end.incoming.borrow_mut().bytes.extend(header);
        let mut buf = [0u8; 32];
        assert_eq!(
            read_code(&mut server.ctx, &mut buf),
            errSSLRecordOverflow,
            "{version:?}"
        );
        assert_ended(&mut server, "reader");
    }
}

#[test]
fn a_record_cut_short_by_the_end_of_the_transport_is_no_notify() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    for (seed, version) in (20..).zip(VERSIONS) {
        let (mut client, mut server) = connected(&pki, version, seed);
        let len = record_in_flight(&mut client, &server);
        server.end.incoming.borrow_mut().bytes.truncate(len - 5);
        client.hang_up(errSSLClosedGraceful);
        let mut buf = [0u8; 32];
        assert_eq!(
            read_code(&mut server.ctx, &mut buf),
            errSSLClosedNoNotify,
            "{version:?}"
        );
        assert_eq!(server.ctx.session_state(), SessionState::ABORTED);
        assert_eq!(server.ctx.close().map_err(|e| e.code()), Ok(()));
    }
}

#[test]
fn a_fatal_alert_during_the_handshake_gives_the_peer_code() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    // (alert description, Apple's code): handshake_failure, protocol_version, unknown_ca.
    let alerts = [
        (40, errSSLPeerHandshakeFail),
        (70, errSSLPeerProtocolVersion),
        (48, errSSLPeerUnknownCA),
    ];
    for (seed, version) in (30..).zip(VERSIONS) {
        for (description, code) in alerts {
            let (mut client, server) = pair(&pki, version, seed);
            assert_eq!(
                client.ctx.handshake().map_err(|e| e.code()),
                Err(errSSLWouldBlock)
            );
            // Instead of the ServerHello: a plaintext fatal alert record.
            let alert = [21, 3, 3, 0, 2, 2, description];
            client.end.incoming.borrow_mut().bytes.extend(alert);
            assert_eq!(
                client.ctx.handshake().map_err(|e| e.code()),
                Err(code),
                "{version:?} alert {description}"
            );
            assert_ended(&mut client, "client");
            drop(server);
        }
    }
}

#[test]
fn garbage_instead_of_a_handshake_is_refused_on_both_sides() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let garbage = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
    for (seed, version) in (40..).zip(VERSIONS) {
        // The client meets it instead of a ServerHello.
        let (mut client, _server) = pair(&pki, version, seed);
        let _ = client.ctx.handshake();
        client.end.incoming.borrow_mut().bytes.extend(garbage);
        let result = client.ctx.handshake().map_err(|e| e.code());
        assert_eq!(result, Err(errSSLProtocol), "client {version:?}");
        assert_ended(&mut client, "client");

        // The server meets it instead of a ClientHello.
        let (_client, mut server) = pair(&pki, version, seed);
        server.end.incoming.borrow_mut().bytes.extend(garbage);
        let result = server.ctx.handshake().map_err(|e| e.code());
        assert_eq!(result, Err(errSSLProtocol), "server {version:?}");
        assert_ended(&mut server, "server");
    }
}

#[test]
fn a_read_callback_failing_mid_handshake_reports_its_own_code() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    for (seed, version) in (50..).zip(VERSIONS) {
        let (mut client, mut server) = pair(&pki, version, seed);
        // The ClientHello goes out, then the client's transport fails for the server.
        assert_eq!(
            client.ctx.handshake().map_err(|e| e.code()),
            Err(errSSLWouldBlock)
        );
        client.hang_up(errSecIO);
        assert_eq!(
            server.ctx.handshake().map_err(|e| e.code()),
            Err(errSecIO),
            "{version:?}"
        );
        assert_ended(&mut server, "server");
    }
}
