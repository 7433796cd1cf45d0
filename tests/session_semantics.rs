//! Apple's session semantics through the I/O callbacks, client and server in one process:
//! partial and blocked transfers, the write queue, closes, states and their result codes.

use secure_transport::secure_transport::{SessionState, SslProtocol};
use secure_transport::status::*;
use secure_transport_test_kit::pairs::{self, Side};
use secure_transport_test_kit::pki::{KeyKind, Pki};
use secure_transport_test_kit::rng::Rng;
use secure_transport_test_kit::wire::Faults;

/// A TLS 1.3 session, handshaken through `faults`.
fn connected(pki: &Pki, faults: Faults, seed: u64) -> (Side, Side) {
    let (client, server) = pairs::contexts_tls13(pki);
    let (mut client, mut server) = pairs::connect(client, server, faults, seed);
    assert_eq!(pairs::handshake(&mut client, &mut server), (Ok(()), Ok(())));
    (client, server)
}

/// Deterministic payload bytes, so the receiver can check every byte it gets.
fn payload_byte(seed: u64, index: usize) -> u8 {
    (index as u64)
        .wrapping_mul(0x9E37_79B9)
        .wrapping_add(seed)
        .to_le_bytes()[0]
        ^ (index >> 13) as u8
}

/// Moves `total` bytes each way at once, through harsh callbacks, checking every byte.
fn transfer_both_ways(total: usize, seed: u64) {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (mut client, mut server) = connected(&pki, Faults::HARSH, seed);
    let mut rng = Rng::new(seed ^ 0xABCD);
    let mut sides = [(&mut client, 0usize, 0usize), (&mut server, 0usize, 0usize)];
    let mut buf = vec![0u8; 70_000];
    let mut rounds = 0u64;
    while sides
        .iter()
        .any(|(_, sent, received)| *sent < total || *received < total)
    {
        rounds += 1;
        assert!(rounds < 50_000_000, "no progress");
        for (side, sent, received) in sides.iter_mut() {
            if *sent < total {
                let len = (1 + rng.below(40_000)).min(total - *sent);
                let chunk: Vec<u8> = (*sent..*sent + len)
                    .map(|i| payload_byte(seed, i))
                    .collect();
                let (n, result) = side.ctx.write(&chunk);
                match result {
                    Ok(()) => assert_eq!(n, len, "SSLWrite takes all or nothing"),
                    Err(e) if e.code() == errSSLWouldBlock => assert!(n == 0 || n == len),
                    Err(e) => panic!("write failed: {e}"),
                }
                *sent += n;
            } else {
                // Keep flushing the write queue with zero-length writes.
                let (_, result) = side.ctx.write(&[]);
                assert!(result.is_ok() || result.unwrap_err().code() == errSSLWouldBlock);
            }
            let want = 1 + rng.below(buf.len() - 1);
            let (n, result) = side.ctx.read(&mut buf[..want]);
            if let Err(e) = result {
                assert_eq!(e.code(), errSSLWouldBlock, "read failed");
            }
            for (i, byte) in buf[..n].iter().enumerate() {
                assert_eq!(
                    *byte,
                    payload_byte(seed, *received + i),
                    "byte {} differs",
                    *received + i
                );
            }
            *received += n;
        }
    }
    assert_eq!(client.ctx.session_state(), SessionState::CONNECTED);
}

#[test]
fn sixteen_mib_each_way_through_short_reads_partial_writes_and_would_block() {
    transfer_both_ways(16 << 20, 0x5EED);
}

#[test]
fn transfers_survive_other_fault_seeds() {
    for seed in [1, 2, 3] {
        transfer_both_ways(256 << 10, seed);
    }
}

#[test]
fn handshake_completes_through_one_byte_transfers() {
    let faults = Faults {
        max_chunk: 1,
        one_byte: 100,
        would_block: 30,
        ..Faults::NONE
    };
    let pki = Pki::new(KeyKind::Rsa2048);
    let (mut client, server) = connected(&pki, faults, 42);
    assert_eq!(client.ctx.negotiated_protocol_version(), SslProtocol::TLS13);
    assert_eq!(server.ctx.negotiated_protocol_version(), SslProtocol::TLS13);
    assert!(
        client.end.stats().calls > 1000,
        "one byte per callback call"
    );
    let (n, result) = client.ctx.write(b"ping");
    assert_eq!(
        (
            n,
            result.is_ok() || result.unwrap_err().code() == errSSLWouldBlock
        ),
        (4, true)
    );
}

#[test]
fn sessions_move_from_idle_through_handshake_to_connected() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (client, server) = pairs::contexts_tls13(&pki);
    let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 7);
    assert_eq!(client.ctx.session_state(), SessionState::IDLE);
    assert_eq!(client.ctx.handshake().unwrap_err().code(), errSSLWouldBlock);
    assert_eq!(client.ctx.session_state(), SessionState::HANDSHAKE);
    assert_eq!(pairs::handshake(&mut client, &mut server), (Ok(()), Ok(())));
    assert_eq!(client.ctx.session_state(), SessionState::CONNECTED);
    assert_eq!(server.ctx.session_state(), SessionState::CONNECTED);
    // A completed handshake called again is a no-op.
    assert!(client.ctx.handshake().is_ok());
}

#[test]
fn write_queue_takes_all_bytes_while_blocked_and_flushes_with_empty_writes() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (mut client, mut server) = connected(&pki, Faults::NONE, 9);
    client.end.block_writes(true);
    let data = vec![7u8; 100_000];
    let (n, result) = client.ctx.write(&data);
    assert_eq!(
        (n, result.unwrap_err().code()),
        (data.len(), errSSLWouldBlock)
    );
    // While the earlier bytes cannot drain, new data is refused untouched.
    let (n, result) = client.ctx.write(b"more");
    assert_eq!((n, result.unwrap_err().code()), (0, errSSLWouldBlock));
    let (n, result) = client.ctx.write(&[]);
    assert_eq!((n, result.unwrap_err().code()), (0, errSSLWouldBlock));
    assert_eq!(server.end.queued(), 0);

    client.end.block_writes(false);
    assert_eq!(client.ctx.write(&[]), (0, Ok(())));
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    for _ in 0..1000 {
        if got.len() == data.len() {
            break;
        }
        let (n, _) = server.ctx.read(&mut buf);
        got.extend_from_slice(&buf[..n]);
    }
    assert_eq!(got, data);
}

#[test]
fn read_serves_leftovers_then_at_most_one_more_record() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (mut client, mut server) = connected(&pki, Faults::NONE, 11);
    assert_eq!(server.ctx.write(&[1u8; 100]), (100, Ok(())));
    let mut buf = [0u8; 10];
    assert_eq!(client.ctx.read(&mut buf), (10, Ok(())));
    assert_eq!(client.ctx.buffered_read_size(), 90);
    // 90 leftover bytes, then the read of one more record would block: Apple returns both.
    let mut big = [0u8; 200];
    let (n, result) = client.ctx.read(&mut big);
    assert_eq!((n, result.unwrap_err().code()), (90, errSSLWouldBlock));
    assert_eq!(client.ctx.buffered_read_size(), 0);

    // Two records waiting: one read returns the first only.
    assert_eq!(server.ctx.write(&[2u8; 50]), (50, Ok(())));
    assert_eq!(server.ctx.write(&[3u8; 50]), (50, Ok(())));
    assert_eq!(client.ctx.read(&mut big), (50, Ok(())));
    assert!(big[..50].iter().all(|&b| b == 2));
    assert_eq!(client.ctx.read(&mut big), (50, Ok(())));
    assert!(big[..50].iter().all(|&b| b == 3));
}

#[test]
fn close_notify_ends_the_session_gracefully_on_both_sides() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (mut client, mut server) = connected(&pki, Faults::NONE, 13);
    assert_eq!(server.ctx.write(b"bye"), (3, Ok(())));
    assert!(server.ctx.close().is_ok());
    assert_eq!(server.ctx.session_state(), SessionState::CLOSED);
    let mut buf = [0u8; 16];
    assert_eq!(client.ctx.read(&mut buf), (3, Ok(())));
    let (n, result) = client.ctx.read(&mut buf);
    assert_eq!((n, result.unwrap_err().code()), (0, errSSLClosedGraceful));
    assert_eq!(client.ctx.session_state(), SessionState::CLOSED);
    // Later calls keep reporting the graceful close.
    assert_eq!(
        client.ctx.read(&mut buf).1.unwrap_err().code(),
        errSSLClosedGraceful
    );
    assert_eq!(
        client.ctx.write(b"x").1.unwrap_err().code(),
        errSSLClosedGraceful
    );
    assert_eq!(
        client.ctx.handshake().unwrap_err().code(),
        errSSLClosedGraceful
    );
    // The client answered with its own close_notify.
    assert_eq!(
        server.ctx.read(&mut buf).1.unwrap_err().code(),
        errSSLClosedGraceful
    );
}

/// Errors other code left on this thread's OpenSSL error queue are not taken for the
/// session's: a read that would block, data both ways and the peer's close_notify keep their
/// codes, and the errors are still there afterwards for the code that left them.
#[test]
fn errors_other_code_left_on_the_openssl_queue_change_nothing() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (mut client, mut server) = connected(&pki, Faults::NONE, 17);
    // First the TLS 1.3 tickets: OpenSSL's own handshake code empties the queue.
    assert_eq!(server.ctx.write(b"hi"), (2, Ok(())));
    assert_eq!(client.ctx.read(&mut [0u8; 16]), (2, Ok(())));
    let left = openssl::x509::X509::from_der(b"not DER").unwrap_err();
    assert!(!left.errors().is_empty());
    left.put();

    let mut buf = [0u8; 16];
    let (n, result) = client.ctx.read(&mut buf);
    assert_eq!((n, result.unwrap_err().code()), (0, errSSLWouldBlock));
    assert_eq!(client.ctx.write(b"ping"), (4, Ok(())));
    assert_eq!(server.ctx.read(&mut buf), (4, Ok(())));
    assert_eq!(server.ctx.write(b"pong"), (4, Ok(())));
    assert_eq!(client.ctx.read(&mut buf), (4, Ok(())));
    assert!(server.ctx.close().is_ok());
    let (n, result) = client.ctx.read(&mut buf);
    assert_eq!((n, result.unwrap_err().code()), (0, errSSLClosedGraceful));
    assert_eq!(client.ctx.session_state(), SessionState::CLOSED);

    let still = openssl::error::ErrorStack::get();
    let codes = |stack: &openssl::error::ErrorStack| {
        let codes: Vec<_> = stack.errors().iter().map(|e| e.code()).collect();
        codes
    };
    assert_eq!(codes(&still), codes(&left), "{still}");
}

/// A peer that leaves without close_notify, between records: Apple's record layer turns the
/// read callback's EOF in a record header into errSSLClosedAbort (SSLRecordInternal.c: "Any
/// other error but errSSLWouldBlock is translated to errSSLRecordClosedAbort"), and SSLRead
/// aborts the session on it — the "SSLRead() return error -9806" Mac programs meet.
#[test]
fn eof_without_close_notify_is_closed_abort_and_aborts() {
    for eof in [errSSLClosedNoNotify, errSSLClosedGraceful] {
        let pki = Pki::new(KeyKind::EcdsaP256);
        let (mut client, mut server) = connected(&pki, Faults::NONE, 17);
        assert_eq!(server.ctx.write(b"partial"), (7, Ok(())));
        server.end.hang_up(eof);
        let mut buf = [0u8; 16];
        assert_eq!(client.ctx.read(&mut buf), (7, Ok(())));
        let (n, result) = client.ctx.read(&mut buf);
        assert_eq!((n, result.unwrap_err().code()), (0, errSSLClosedAbort));
        assert_eq!(client.ctx.session_state(), SessionState::ABORTED);
        assert_eq!(
            client.ctx.read(&mut buf).1.unwrap_err().code(),
            errSSLClosedAbort
        );
        assert_eq!(
            client.ctx.write(b"x").1.unwrap_err().code(),
            errSSLClosedAbort
        );
        // SSLClose still works and ends in the closed state, as on Apple.
        assert!(client.ctx.close().is_ok());
        assert_eq!(client.ctx.session_state(), SessionState::CLOSED);
    }
}

#[test]
fn eof_during_the_handshake_is_closed_abort() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (client, server) = pairs::contexts(&pki);
    let (mut client, server) = pairs::connect(client, server, Faults::NONE, 19);
    assert_eq!(client.ctx.handshake().unwrap_err().code(), errSSLWouldBlock);
    server.end.hang_up(errSSLClosedGraceful);
    assert_eq!(
        client.ctx.handshake().unwrap_err().code(),
        errSSLClosedAbort
    );
    assert_eq!(client.ctx.session_state(), SessionState::ABORTED);
    assert_eq!(
        client.ctx.handshake().unwrap_err().code(),
        errSSLClosedAbort
    );
}

/// A read callback's own error comes back from inside a record body; in a header it is
/// errSSLClosedAbort, as Apple's record layer reports it (see tests/faults.rs).
#[test]
fn a_failing_callback_reports_its_own_code_inside_a_record() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (mut client, mut server) = connected(&pki, Faults::NONE, 23);
    assert_eq!(server.ctx.write(&[1u8; 100]), (100, Ok(())));
    client.end.fail_read(50, errSecIO);
    let mut buf = [0u8; 4];
    assert_eq!(client.ctx.read(&mut buf).1.unwrap_err().code(), errSecIO);
    assert_eq!(client.ctx.session_state(), SessionState::ABORTED);
    assert_eq!(
        client.ctx.read(&mut buf).1.unwrap_err().code(),
        errSSLClosedAbort
    );
}

#[test]
fn ssl_set_error_aborts_the_session() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (mut client, _server) = connected(&pki, Faults::NONE, 29);
    client.ctx.set_error(errSSLInternal).unwrap();
    assert_eq!(client.ctx.session_state(), SessionState::ABORTED);
    assert_eq!(
        client.ctx.write(b"x").1.unwrap_err().code(),
        errSSLClosedAbort
    );
    assert_eq!(
        client.ctx.read(&mut [0u8; 4]).1.unwrap_err().code(),
        errSSLClosedAbort
    );
}

/// SSLClose mid-handshake once our side protects its records (a TLS 1.2 client that sent
/// its Finished, a TLS 1.3 client past the ServerHello, at its server-auth break): coreTLS
/// would send an encrypted close_notify, OpenSSL sends no alert during a handshake, and the
/// engine cannot write one under OpenSSL's keys: nothing goes out (logged), the session
/// closes. (Where our records are still in the clear, tests/c/io_contract.c: it is sent.)
#[test]
fn ssl_close_mid_handshake_sends_nothing_once_our_records_are_protected() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    for (version, break_on_server_auth) in [(SslProtocol::TLS12, false), (SslProtocol::TLS13, true)]
    {
        let (mut client, mut server) = pairs::contexts(&pki);
        client.set_protocol_version_max(version).unwrap();
        server.set_protocol_version_max(version).unwrap();
        client
            .set_session_option(
                secure_transport::secure_transport::SslSessionOption::BREAK_ON_SERVER_AUTH,
                break_on_server_auth,
            )
            .unwrap();
        let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 31);
        assert_eq!(client.ctx.handshake().unwrap_err().code(), errSSLWouldBlock);
        assert_eq!(server.ctx.handshake().unwrap_err().code(), errSSLWouldBlock);
        let expected = if break_on_server_auth {
            errSSLPeerAuthCompleted
        } else {
            errSSLWouldBlock
        };
        assert_eq!(
            client.ctx.handshake().unwrap_err().code(),
            expected,
            "{version:?}"
        );
        client.end.record_writes();
        assert!(client.ctx.close().is_ok());
        assert_eq!(client.ctx.session_state(), SessionState::CLOSED);
        assert_eq!(client.end.writes(), Vec::<Vec<u8>>::new(), "{version:?}");
    }
}
