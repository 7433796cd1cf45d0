//! The fault matrix: transports that fail, peers that vanish, truncate or overflow records,
//! send fatal alerts or renegotiate against our will — on either side, TLS 1.2 and 1.3 (DTLS
//! where the fault exists there). Each fault gives Apple's code, leaves the session aborted
//! (but for the stream's end inside a record body, which Apple's SSLRead reports without
//! ending the session), and the context still closes (SSLClose) and drops; memcheck runs
//! this file under valgrind.
//!
//! A read callback's failure means what Apple's record layer makes of it
//! (SSLRecordInternal.c, `SSLRecordReadInternal`): while a record header is read, "any other
//! error but errSSLWouldBlock is translated to errSSLRecordClosedAbort" (errSSLClosedAbort);
//! inside a record body the callback's own status passes through. Bytes a callback returns
//! together with a failure are not used.

use std::net::TcpStream;
use std::time::Duration;

use secure_transport::engine::Context;
use secure_transport::secure_transport::{
    SessionState, SslCipherSuite, SslConnectionType, SslProtocol, SslProtocolSide, SslSessionOption,
};
use secure_transport::status::*;
use secure_transport::OSStatus;
use secure_transport_test_kit::pairs::{self, Side};
use secure_transport_test_kit::peers::{path, Peer};
use secure_transport_test_kit::pki::{KeyKind, Pki};
use secure_transport_test_kit::tcp::{self, accept, connect, tcp_read, tcp_write};
use secure_transport_test_kit::wire::Faults;

const VERSIONS: [SslProtocol; 2] = [SslProtocol::TLS12, SslProtocol::TLS13];

/// Which context of a pair the fault hits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Client,
    Server,
}

const ROLES: [Role; 2] = [Role::Client, Role::Server];

/// Which callback fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Direction {
    Read,
    Write,
}

/// A client and a server wired through a fault-free pipe, both up to `version`.
fn pair(pki: &Pki, version: SslProtocol) -> (Side, Side) {
    let (mut client, mut server) = pairs::contexts(pki);
    client.set_protocol_version_max(version).unwrap();
    server.set_protocol_version_max(version).unwrap();
    pairs::connect(client, server, Faults::NONE, 1)
}

/// `pair`, handshaken.
fn connected(pki: &Pki, version: SslProtocol) -> (Side, Side) {
    let (mut client, mut server) = pair(pki, version);
    assert_eq!(pairs::handshake(&mut client, &mut server), (Ok(()), Ok(())));
    assert_eq!(client.ctx.negotiated_protocol_version(), version);
    (client, server)
}

/// The side `role` names first, the other second.
fn pick<'a>(
    role: Role,
    client: &'a mut Side,
    server: &'a mut Side,
) -> (&'a mut Side, &'a mut Side) {
    match role {
        Role::Client => (client, server),
        Role::Server => (server, client),
    }
}

/// The status of one `SSLRead` call.
fn read_status(ctx: &mut Context) -> Result<usize, OSStatus> {
    let mut buf = [0u8; 256];
    let (n, result) = ctx.read(&mut buf);
    result.map(|()| n).map_err(|e| e.code())
}

/// Reads until an error other than `errSSLWouldBlock` (bounded); returns it and the bytes read.
fn read_until_error(ctx: &mut Context) -> (OSStatus, usize) {
    let mut total = 0;
    for _ in 0..1000 {
        match read_status(ctx) {
            Ok(n) => total += n,
            Err(status) if status != errSSLWouldBlock => return (status, total),
            Err(_) => {}
        }
    }
    panic!("SSLRead never failed (read {total} bytes)");
}

/// `from` sends `data`; `to` reads exactly it (bounded).
fn deliver(from: &mut Side, to: &mut Side, data: &[u8]) {
    assert_eq!(from.ctx.write(data).0, data.len());
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    for _ in 0..100 {
        if got.len() >= data.len() {
            break;
        }
        let (n, result) = to.ctx.read(&mut buf);
        if let Err(e) = result {
            assert_eq!(
                e.code(),
                errSSLWouldBlock,
                "delivering {} bytes",
                data.len()
            );
        }
        got.extend_from_slice(&buf[..n]);
    }
    assert_eq!(got, data);
}

/// One message each way, so that nothing of the handshake (TLS 1.3 tickets) is in flight.
fn settle(client: &mut Side, server: &mut Side) {
    deliver(server, client, b"ping");
    deliver(client, server, b"pong");
}

/// After a fatal error: the session is aborted and says so, then closes and can be dropped.
fn assert_aborted_then_closes(ctx: &mut Context, what: &str) {
    assert_eq!(ctx.session_state(), SessionState::ABORTED, "{what}");
    assert_eq!(
        ctx.handshake().map_err(|e| e.code()),
        Err(errSSLClosedAbort),
        "{what}"
    );
    assert_eq!(read_status(ctx), Err(errSSLClosedAbort), "{what}");
    assert_eq!(
        ctx.write(b"x").1.map_err(|e| e.code()),
        Err(errSSLClosedAbort),
        "{what}"
    );
    assert_eq!(
        ctx.close().map_err(|e| e.code()),
        Ok(()),
        "SSLClose after {what}"
    );
    assert_eq!(ctx.session_state(), SessionState::CLOSED, "{what}");
}

/// A fatal error on `receiver` (`local`), whose alert reaches `sender` (`peer`): each
/// `SSLRead` reports its code with no data, and each session is aborted, then closes.
fn assert_fatal_both_ways(
    receiver: &mut Side,
    sender: &mut Side,
    (local, peer): (OSStatus, OSStatus),
    what: &str,
) {
    assert_eq!(read_until_error(&mut receiver.ctx), (local, 0), "{what}");
    assert_aborted_then_closes(&mut receiver.ctx, what);
    assert_eq!(read_until_error(&mut sender.ctx), (peer, 0), "{what}");
    assert_aborted_then_closes(&mut sender.ctx, what);
}

/// A plaintext record as it appears on the wire before the handshake protects it.
fn record(content_type: u8, body: &[u8]) -> Vec<u8> {
    let len = u16::try_from(body.len()).unwrap().to_be_bytes();
    [&[content_type, 3, 3, len[0], len[1]][..], body].concat()
}

/// The bytes the `direction` callback of `role` moves during a clean handshake, and what
/// it reads (the peer's writes).
fn handshake_bytes(
    pki: &Pki,
    version: SslProtocol,
    role: Role,
    direction: Direction,
) -> (usize, Vec<u8>) {
    let (mut client, mut server) = pair(pki, version);
    let (_, peer) = pick(role, &mut client, &mut server);
    peer.end.record_writes();
    assert_eq!(pairs::handshake(&mut client, &mut server), (Ok(()), Ok(())));
    let (side, peer) = pick(role, &mut client, &mut server);
    let stats = side.end.stats();
    let moved = match direction {
        Direction::Read => stats.bytes_read,
        Direction::Write => stats.bytes_written,
    };
    (moved, peer.end.writes().concat())
}

/// Whether a read callback that fails once it moved `after` bytes of `stream` (failing on
/// the call that moves the last of them) fails while a record header is read.
fn fails_in_a_header(stream: &[u8], after: usize) -> bool {
    let mut start = 0;
    while start + 5 <= stream.len() {
        let end =
            start + 5 + usize::from(u16::from_be_bytes([stream[start + 3], stream[start + 4]]));
        if after <= start + 5 {
            return true;
        }
        if after <= end {
            return false;
        }
        start = end;
    }
    true
}

/// Apple's code for a read callback failing with `status` in a header or a body.
fn read_failure(status: OSStatus, in_header: bool) -> OSStatus {
    if in_header {
        errSSLClosedAbort
    } else {
        status
    }
}

/// Read and write callbacks that fail at points spread over the handshake (from the first
/// byte to the last flight) end it: a write callback with its own status, a read callback
/// as Apple's record layer says (errSSLClosedAbort in a header, its own status in a body).
#[test]
fn callbacks_failing_mid_handshake() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let mut cases = 0;
    let mut in_body = 0;
    for version in VERSIONS {
        for role in ROLES {
            for direction in [Direction::Read, Direction::Write] {
                let (total, stream) = handshake_bytes(&pki, version, role, direction);
                let mut statuses = vec![errSecIO, errSSLClosedAbort];
                if direction == Direction::Read {
                    statuses.extend([errSSLClosedGraceful, errSSLClosedNoNotify]);
                }
                for after in [0, 1, total / 2, total - 20] {
                    let in_header = fails_in_a_header(&stream, after);
                    in_body += usize::from(direction == Direction::Read && !in_header);
                    for &status in &statuses {
                        let expected = match direction {
                            Direction::Read => read_failure(status, in_header),
                            Direction::Write => status,
                        };
                        let what =
                            format!("{version:?} {role:?} {direction:?} {status} at byte {after}");
                        let (mut client, mut server) = pair(&pki, version);
                        let (side, _) = pick(role, &mut client, &mut server);
                        match direction {
                            Direction::Read => side.end.fail_read(after, status),
                            Direction::Write => side.end.fail_write(after, status),
                        }
                        let results = pairs::handshake(&mut client, &mut server);
                        let (side, other) = pick(role, &mut client, &mut server);
                        let result = if role == Role::Client {
                            results.0
                        } else {
                            results.1
                        };
                        assert_eq!(result, Err(expected), "{what}");
                        assert_aborted_then_closes(&mut side.ctx, &what);
                        // The peer waits (or finished first, in TLS 1.3), and closes too.
                        assert_eq!(other.ctx.close().map_err(|e| e.code()), Ok(()), "{what}");
                        cases += 1;
                    }
                }
            }
        }
    }
    assert_eq!(cases, 2 * 2 * 4 * (4 + 2));
    assert!(in_body > 0, "no failure fell inside a record body");
}

/// After the handshake: a read callback failing before or inside the header of a record
/// gives errSSLClosedAbort from SSLRead, and aborts the session (EOF too: on a Mac that is
/// how a peer that leaves without close_notify reads, "SSLRead() return error -9806");
/// failing in the middle of its body gives the callback's own status, and the end of the
/// stream there leaves the session as it was (Apple's SSLRead does not end it for
/// errSSLClosedGraceful or errSSLClosedNoNotify), each later read meeting it again. A write
/// callback failing mid-record gives its own status from SSLWrite, which took all the bytes
/// first.
#[test]
fn callbacks_failing_mid_record() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let message = vec![0x5a; 10_000];
    for version in VERSIONS {
        for role in ROLES {
            for after in [0, 3, 5, 5_000] {
                for status in [
                    errSecIO,
                    errSSLClosedAbort,
                    errSSLClosedGraceful,
                    errSSLClosedNoNotify,
                ] {
                    let what = format!("{version:?} {role:?} read {status} at byte {after}");
                    let (mut client, mut server) = connected(&pki, version);
                    settle(&mut client, &mut server);
                    let (side, other) = pick(role, &mut client, &mut server);
                    side.end.fail_read(after, status);
                    assert_eq!(other.ctx.write(&message), (message.len(), Ok(())));
                    let in_header = after <= 5;
                    let expected = read_failure(status, in_header);
                    assert_eq!(read_until_error(&mut side.ctx), (expected, 0), "{what}");
                    let eof = status == errSSLClosedGraceful || status == errSSLClosedNoNotify;
                    if eof && !in_header {
                        assert_eq!(side.ctx.session_state(), SessionState::CONNECTED, "{what}");
                        assert_eq!(read_status(&mut side.ctx), Err(status), "{what}");
                        assert_eq!(side.ctx.write(b"x"), (1, Ok(())), "{what}");
                        assert_eq!(side.ctx.close().map_err(|e| e.code()), Ok(()), "{what}");
                        assert_eq!(side.ctx.session_state(), SessionState::CLOSED, "{what}");
                    } else {
                        assert_aborted_then_closes(&mut side.ctx, &what);
                    }
                }
                for status in [errSecIO, errSSLClosedAbort] {
                    let what = format!("{version:?} {role:?} write {status} at byte {after}");
                    let (mut client, mut server) = connected(&pki, version);
                    settle(&mut client, &mut server);
                    let (side, other) = pick(role, &mut client, &mut server);
                    side.end.fail_write(after, status);
                    // Apple took the bytes (queued) before its flush failed.
                    let (n, result) = side.ctx.write(&message);
                    assert_eq!(
                        (n, result.map_err(|e| e.code())),
                        (message.len(), Err(status)),
                        "{what}"
                    );
                    assert_aborted_then_closes(&mut side.ctx, &what);
                    // The peer got a truncated record at most: it waits for the rest.
                    assert_eq!(read_status(&mut other.ctx), Err(errSSLWouldBlock), "{what}");
                    assert_eq!(other.ctx.close().map_err(|e| e.code()), Ok(()), "{what}");
                }
            }
        }
    }
}

/// Datagram contexts: a failing write callback ends the DTLS handshake with its status, a
/// failing read callback with errSSLClosedAbort (Apple reads each datagram's header first),
/// and the context still closes.
#[test]
fn datagram_callbacks_failing_mid_handshake() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    for role in ROLES {
        for direction in [Direction::Read, Direction::Write] {
            for status in [errSecIO, errSSLClosedAbort] {
                let what = format!("DTLS {role:?} {direction:?} {status}");
                let (client, server) = pairs::contexts_of(&pki, SslConnectionType::DATAGRAM);
                let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 3);
                let end = match role {
                    Role::Client => &client.end,
                    Role::Server => &server.end,
                };
                match direction {
                    Direction::Read => end.fail_read(0, status),
                    Direction::Write => end.fail_write(0, status),
                }
                let (ctx, other) = match role {
                    Role::Client => (&mut client.ctx, &mut server.ctx),
                    Role::Server => (&mut server.ctx, &mut client.ctx),
                };
                // A few rounds reach any flight of a lossless DTLS handshake; the peer is
                // left waiting (pairs::handshake would wait for its timers).
                let mut result = Err(errSSLWouldBlock);
                for _ in 0..10 {
                    let _ = other.handshake();
                    result = ctx.handshake().map_err(|e| e.code());
                    if result != Err(errSSLWouldBlock) {
                        break;
                    }
                }
                let expected = match direction {
                    Direction::Read => errSSLClosedAbort,
                    Direction::Write => status,
                };
                assert_eq!(result, Err(expected), "{what}");
                assert_aborted_then_closes(ctx, &what);
                assert_eq!(other.close().map_err(|e| e.code()), Ok(()), "{what}");
            }
        }
    }
}

/// A fatal alert in place of the peer's next flight gives Apple's errSSLPeer* code, on
/// either side.
#[test]
fn fatal_alerts_during_the_handshake() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let alerts = [
        (10, errSSLPeerUnexpectedMsg),
        (40, errSSLPeerHandshakeFail),
        (50, errSSLPeerDecodeError),
        (70, errSSLPeerProtocolVersion),
        (80, errSSLPeerInternalError),
    ];
    for version in VERSIONS {
        for (alert, expected) in alerts {
            let what = format!("{version:?} alert {alert}");
            // To a client that sent its ClientHello.
            let (mut client, _server) = pair(&pki, version);
            assert_eq!(
                client.ctx.handshake().map_err(|e| e.code()),
                Err(errSSLWouldBlock)
            );
            client.end.inject(&record(21, &[2, alert]));
            assert_eq!(
                client.ctx.handshake().map_err(|e| e.code()),
                Err(expected),
                "client {what}"
            );
            assert_aborted_then_closes(&mut client.ctx, &what);
            // To a server that sent its first flight, instead of the client's answer (plain
            // text: a TLS 1.3 client has no keys yet when the ServerHello fails it).
            let (mut client, mut server) = pair(&pki, version);
            assert_eq!(
                client.ctx.handshake().map_err(|e| e.code()),
                Err(errSSLWouldBlock)
            );
            assert_eq!(
                server.ctx.handshake().map_err(|e| e.code()),
                Err(errSSLWouldBlock)
            );
            server.end.inject(&record(21, &[2, alert]));
            assert_eq!(
                server.ctx.handshake().map_err(|e| e.code()),
                Err(expected),
                "server {what}"
            );
            assert_aborted_then_closes(&mut server.ctx, &what);
        }
    }
}

/// A record altered in transit fails its integrity check (errSSLBadRecordMac); the receiver
/// tells the sender with an encrypted fatal alert, which the sender's next SSLRead reports
/// as errSSLPeerBadRecordMac.
#[test]
fn corrupted_record_and_the_alert_it_draws() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    for version in VERSIONS {
        for role in ROLES {
            let what = format!("{version:?} {role:?} receives a corrupted record");
            let (mut client, mut server) = connected(&pki, version);
            settle(&mut client, &mut server);
            let (receiver, sender) = pick(role, &mut client, &mut server);
            assert_eq!(sender.ctx.write(&[7u8; 100]), (100, Ok(())));
            receiver.end.flip_incoming(receiver.end.queued() / 2, 0x01);
            assert_fatal_both_ways(
                receiver,
                sender,
                (errSSLBadRecordMac, errSSLPeerBadRecordMac),
                &what,
            );
        }
    }
}

/// A record altered in transit whose receiver cannot send its bad_record_mac alert, the
/// peer being gone: the record error stays the answer (the alert's failed write does not
/// replace it).
#[test]
fn a_record_error_outlives_the_alert_that_cannot_be_sent() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    for version in VERSIONS {
        let (mut client, mut server) = connected(&pki, version);
        settle(&mut client, &mut server);
        assert_eq!(server.ctx.write(&[7u8; 100]), (100, Ok(())));
        client.end.flip_incoming(client.end.queued() / 2, 0x01);
        client.end.fail_write(0, errSecIO);
        let what = format!("{version:?}");
        assert_eq!(
            read_until_error(&mut client.ctx),
            (errSSLBadRecordMac, 0),
            "{what}"
        );
        assert_aborted_then_closes(&mut client.ctx, &what);
    }
}

/// Records too short to hold anything once the cipher's overhead is taken off (Apple:
/// `tls_record_decrypted_size` is 0): errSSLClosedAbort, "for historical reason"
/// (SSLRecordInternal.c), whatever OpenSSL found wrong with them; one byte longer they fail
/// their integrity check (errSSLBadRecordMac). The overhead: AES-GCM's explicit nonce and tag
/// (8 + 16), AES-CBC-SHA's padding length byte, MAC and IV (1 + 20 + 16), TLS 1.3's tag and
/// inner content type (16 + 1).
#[test]
fn records_too_short_to_decrypt() {
    /// TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA.
    const CBC: SslCipherSuite = 0xC009;
    let pki = Pki::new(KeyKind::EcdsaP256);
    let cases: [(SslProtocol, Option<SslCipherSuite>, usize); 3] = [
        (SslProtocol::TLS12, None, 8 + 16),
        (SslProtocol::TLS12, Some(CBC), 1 + 20 + 16),
        (SslProtocol::TLS13, None, 16 + 1),
    ];
    for (version, suite, overhead) in cases {
        // A CBC body is whole blocks: the next length that can decrypt is a block longer.
        let longer = if suite.is_some() { 48 } else { overhead + 1 };
        for (length, expected) in [
            (0, errSSLClosedAbort),
            (1, errSSLClosedAbort),
            (overhead, errSSLClosedAbort),
            (longer, errSSLBadRecordMac),
        ] {
            let what = format!("{version:?} {suite:?}: {length}-byte record");
            let (mut client, mut server) = pairs::contexts(&pki);
            client.set_protocol_version_max(version).unwrap();
            server.set_protocol_version_max(version).unwrap();
            if let Some(suite) = suite {
                client.set_enabled_ciphers(&[suite]).unwrap();
            }
            let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 9);
            assert_eq!(pairs::handshake(&mut client, &mut server), (Ok(()), Ok(())));
            settle(&mut client, &mut server);
            client.end.inject(&record(23, &vec![0x41; length]));
            assert_eq!(read_until_error(&mut client.ctx), (expected, 0), "{what}");
            assert_aborted_then_closes(&mut client.ctx, &what);
        }
    }
}

/// Plain text where a record is expected after the handshake (a server answering in HTTP):
/// Apple's record layer checks the length first, and "HTTP/" announces 0x502f bytes, more
/// than it reads: errSSLRecordOverflow, as macOS reports it.
#[test]
fn plain_text_after_the_handshake() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    for version in VERSIONS {
        let (mut client, mut server) = connected(&pki, version);
        settle(&mut client, &mut server);
        client
            .end
            .inject(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        let what = format!("{version:?}");
        assert_eq!(
            read_until_error(&mut client.ctx),
            (errSSLRecordOverflow, 0),
            "{what}"
        );
        assert_aborted_then_closes(&mut client.ctx, &what);
    }
}

/// A record header announcing more than a record may hold (Apple's limit: 16384 + 2048
/// bytes with the header) gives errSSLRecordOverflow, before or after the handshake; the
/// peer hears a record_overflow alert: errSSLPeerRecordOverflow.
#[test]
fn oversized_records() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    for length in [16384 + 2048, 0xffff] {
        let header = |content_type: u8| {
            let [high, low] = u16::try_from(length).unwrap().to_be_bytes();
            [content_type, 3, 3, high, low]
        };
        for version in VERSIONS {
            let what = format!("{version:?} {length}-byte record");
            // Before the handshake, to a server instead of a ClientHello; its alert reaches
            // the client, which sends its hello afterwards.
            let (mut client, mut server) = pair(&pki, version);
            server.end.inject(&header(22));
            assert_eq!(
                server.ctx.handshake().map_err(|e| e.code()),
                Err(errSSLRecordOverflow),
                "{what}"
            );
            assert_aborted_then_closes(&mut server.ctx, &what);
            assert_eq!(
                client.ctx.handshake().map_err(|e| e.code()),
                Err(errSSLPeerRecordOverflow),
                "{what}"
            );
            assert_aborted_then_closes(&mut client.ctx, &what);

            // After it, on either side.
            for role in ROLES {
                let what = format!("{what} to the {role:?}");
                let (mut client, mut server) = connected(&pki, version);
                settle(&mut client, &mut server);
                let (receiver, sender) = pick(role, &mut client, &mut server);
                receiver.end.inject(&header(23));
                assert_fatal_both_ways(
                    receiver,
                    sender,
                    (errSSLRecordOverflow, errSSLPeerRecordOverflow),
                    &what,
                );
            }
        }
    }
}

/// TLS 1.2 renegotiation asked for by a client of a server without
/// kSSLSessionOptionAllowRenegotiation (Apple's default): the server refuses, goes on, and
/// the client gets errSSLPeerNoRenegotiation; its fatal alert then ends the server's session
/// with errSSLPeerHandshakeFail. A server that allows it renegotiates; a client always
/// answers a server's request, whatever its own option (coreTLS sslHandshake.c: the option
/// gates only a ClientHello a server receives).
#[test]
fn renegotiation_refused_in_process() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    for asking in ROLES {
        for allowed in [false, true] {
            let what = format!("{asking:?} asks, allowed: {allowed}");
            let (mut client, mut server) = pairs::contexts(&pki);
            client.set_protocol_version_max(SslProtocol::TLS12).unwrap();
            for ctx in [&mut client, &mut server] {
                ctx.set_session_option(SslSessionOption::ALLOW_RENEGOTIATION, allowed)
                    .unwrap();
            }
            let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 5);
            assert_eq!(pairs::handshake(&mut client, &mut server), (Ok(()), Ok(())));
            let (asker, refuser) = pick(asking, &mut client, &mut server);
            assert_eq!(asker.ctx.re_handshake().map_err(|e| e.code()), Ok(()));
            // Both sides read, as an application would; each keeps its first failure.
            let (mut asker_failure, mut refuser_failure) = (None, None);
            for _ in 0..50 {
                for (side, failure) in [
                    (&mut *refuser, &mut refuser_failure),
                    (&mut *asker, &mut asker_failure),
                ] {
                    if let (None, Err(status)) = (*failure, read_status(&mut side.ctx)) {
                        if status != errSSLWouldBlock {
                            *failure = Some(status);
                        }
                    }
                }
            }
            if allowed || asking == Role::Server {
                assert_eq!((asker_failure, refuser_failure), (None, None), "{what}");
                assert_eq!(client.ctx.renegotiations(), 1, "{what}");
                let (asker, refuser) = pick(asking, &mut client, &mut server);
                deliver(asker, refuser, b"renegotiated");
                deliver(refuser, asker, b"both ways");
                continue;
            }
            assert_eq!(asker_failure, Some(errSSLPeerNoRenegotiation), "{what}");
            assert_eq!(refuser_failure, Some(errSSLPeerHandshakeFail), "{what}");
            assert_aborted_then_closes(&mut client.ctx, &what);
            assert_aborted_then_closes(&mut server.ctx, &what);
        }
    }
}

/// An engine context over a blocking TCP connection to 127.0.0.1:`port`.
fn tcp_context(side: SslProtocolSide, tcp: &mut TcpStream, pki: &Pki) -> Context {
    tcp.set_read_timeout(Some(TIMEOUT)).unwrap();
    tcp.set_write_timeout(Some(TIMEOUT)).unwrap();
    let mut ctx = Context::new(side, SslConnectionType::STREAM).unwrap();
    ctx.set_io_funcs(tcp_read, tcp_write).unwrap();
    ctx.set_connection(tcp::connection(tcp)).unwrap();
    ctx.set_protocol_version_max(SslProtocol::TLS12).unwrap();
    match side {
        SslProtocolSide::CLIENT => {
            ctx.set_trusted_roots(&[pki.ca().certificate()], true)
                .unwrap();
            ctx.set_peer_domain_name(Some(b"localhost")).unwrap();
        }
        _ => ctx
            .set_certificate(Some(pki.server().identity()), vec![])
            .unwrap(),
    }
    ctx
}

const TIMEOUT: Duration = Duration::from_secs(10);

/// `s_server`'s `r` command sends a HelloRequest; our client answers it, as Apple's clients
/// always do (no kSSLSessionOptionAllowRenegotiation needed), inside SSLRead, which then
/// returns what s_server sends next. The client reads on a thread of its own: s_server's
/// command returns once the new handshake is done, and takes one command per stdin read.
#[test]
fn s_server_renegotiation_answered_by_our_client() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let mut peer = Peer::one_connection(&pki, &["-tls1_2"]);
    // Boxed: the context holds the stream's address, which stays when both move.
    let mut tcp = Box::new(connect(peer.port));
    let mut ctx = tcp_context(SslProtocolSide::CLIENT, &mut tcp, &pki);
    assert_eq!(
        ctx.handshake().map_err(|e| e.code()),
        Ok(()),
        "{}",
        peer.output()
    );
    assert_eq!(ctx.write(b"hello\n").1.map_err(|e| e.code()), Ok(()));
    assert!(peer.wait_for_output("hello", TIMEOUT), "{}", peer.output());
    let client = std::thread::spawn(move || {
        let (tcp, mut ctx) = (tcp, ctx);
        // Blocking reads (each gives up after TIMEOUT): the HelloRequest and the new
        // handshake, then the line.
        let mut got = Vec::new();
        let mut buf = [0u8; 64];
        for _ in 0..20 {
            if got.ends_with(b"after\n") {
                break;
            }
            let (n, result) = ctx.read(&mut buf);
            if let Err(e) = result {
                return Err(e.code());
            }
            got.extend_from_slice(&buf[..n]);
        }
        let outcome = (got, ctx.renegotiations(), ctx.session_state());
        assert_eq!(ctx.close().map_err(|e| e.code()), Ok(()));
        drop((ctx, tcp));
        Ok(outcome)
    });
    peer.write_stdin(b"r\n");
    assert!(
        peer.wait_for_output("SSL_do_handshake -> 1", TIMEOUT),
        "{}",
        peer.output()
    );
    peer.write_stdin(b"after\n");
    let outcome = client.join().expect("the client thread");
    assert_eq!(
        outcome,
        Ok((b"after\n".to_vec(), 1, SessionState::CONNECTED)),
        "{}",
        peer.output()
    );
}

/// `s_client`'s `R` command renegotiates; our server refuses, s_client gives up with a fatal
/// alert: errSSLPeerHandshakeFail from our SSLRead.
#[test]
fn s_client_renegotiation_refused_by_our_server() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut peer = Peer::s_client(port, &["-CAfile", path(&pki.ca().cert_path), "-tls1_2"]);
    let mut tcp = accept(&listener).unwrap();
    let mut ctx = tcp_context(SslProtocolSide::SERVER, &mut tcp, &pki);
    assert_eq!(
        ctx.handshake().map_err(|e| e.code()),
        Ok(()),
        "{}",
        peer.output()
    );
    peer.write_stdin(b"R\n");
    // s_client starts the new handshake at its next write (data from us would arrive in the
    // middle of it: OpenSSL's client takes that for an unexpected record).
    assert!(
        peer.wait_for_output("RENEGOTIATING", TIMEOUT),
        "{}",
        peer.output()
    );
    peer.write_stdin(b"after\n");
    // Blocking reads: each gives up after TIMEOUT (errSecIO).
    let (status, _) = read_until_error(&mut ctx);
    assert_eq!(status, errSSLPeerHandshakeFail, "{}", peer.output());
    assert_eq!(ctx.renegotiations(), 0);
    assert_aborted_then_closes(&mut ctx, "s_client renegotiation");
    drop(ctx);
    assert!(
        peer.wait_for_output("no renegotiation", TIMEOUT),
        "{}",
        peer.output()
    );
}
