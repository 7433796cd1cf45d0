//! Datagram (DTLS) contexts in process: handshakes of DTLS 1.2 and 1.0 through one-datagram-
//! per-call callbacks, a network that loses, duplicates and reorders (seeded), the hello
//! cookie exchange, Apple's record-size calls, and writes larger than one datagram.

use secure_transport::engine::Context;
use secure_transport::secure_transport::{SslConnectionType, SslProtocol, SslProtocolSide};
use secure_transport::status::*;
use secure_transport_test_kit::code;
use secure_transport_test_kit::pairs::{self, Side};
use secure_transport_test_kit::pki::{KeyKind, Pki};
use secure_transport_test_kit::wire::Faults;

/// A DTLS client trusting only the test CA (name "localhost") and a server with its identity.
fn contexts(pki: &Pki) -> (Context, Context) {
    pairs::contexts_of(pki, SslConnectionType::DATAGRAM)
}

/// Sends `messages` from one side, reads them on the other; returns what arrived.
fn send_all(from: &mut Side, to: &mut Side, messages: &[Vec<u8>]) -> Vec<Vec<u8>> {
    for message in messages {
        let (n, result) = from.ctx.write(message);
        assert_eq!((n, code(result)), (message.len(), errSecSuccess));
    }
    let mut received = Vec::new();
    let mut buf = vec![0u8; 2048];
    for _ in 0..10_000 {
        let (n, result) = to.ctx.read(&mut buf);
        if n > 0 {
            received.push(buf[..n].to_vec());
        }
        let status = code(result);
        if status == errSSLWouldBlock && to.end.queued() == 0 {
            break;
        }
        assert!(
            status == errSecSuccess || status == errSSLWouldBlock,
            "read: {status}"
        );
    }
    received
}

fn messages(count: usize, size: usize) -> Vec<Vec<u8>> {
    (0..count)
        .map(|i| (0..size).map(|k| (i * 31 + k) as u8).collect())
        .collect()
}

#[test]
fn dtls12_and_dtls10_handshake_and_carry_datagrams() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    for version in [SslProtocol::DTLS12, SslProtocol::DTLS1] {
        let (mut client, mut server) = contexts(&pki);
        for ctx in [&mut client, &mut server] {
            ctx.set_protocol_version_min(version).unwrap();
            ctx.set_protocol_version_max(version).unwrap();
        }
        let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 1);
        client.end.record_writes();
        let results = pairs::handshake(&mut client, &mut server);
        assert_eq!(results, (Ok(()), Ok(())), "{version:?}");
        assert_eq!(client.ctx.negotiated_protocol_version(), version);
        assert_eq!(server.ctx.negotiated_protocol_version(), version);
        // Every datagram the callbacks saw fits Apple's default record size.
        let sent = client.end.writes();
        assert!(
            sent.iter().all(|d| d.len() <= 1400),
            "{:?}",
            sent.iter().map(Vec::len).collect::<Vec<_>>()
        );

        let batch = messages(20, 1000);
        assert_eq!(send_all(&mut client, &mut server, &batch), batch);
        assert_eq!(send_all(&mut server, &mut client, &batch), batch);
    }
}

#[test]
fn a_lossy_reordering_network_still_completes_the_handshake() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let network = Faults {
        loss: 20,
        duplicate: 10,
        reorder: 30,
        ..Faults::NONE
    };
    let mut lost = 0;
    for seed in [7, 8, 9] {
        let (client, server) = contexts(&pki);
        let (mut client, mut server) = pairs::connect(client, server, network, seed);
        let results = pairs::handshake(&mut client, &mut server);
        assert_eq!(results, (Ok(()), Ok(())), "seed {seed}");
        lost += client.end.stats().lost + server.end.stats().lost;
        // Data over a network that only reorders and duplicates: everything arrives, some of
        // it out of order, nothing twice (DTLS drops replays).
        let lossless = Faults { loss: 0, ..network };
        client.end.set_faults(lossless, seed);
        let batch = messages(30, 200);
        let mut received = send_all(&mut client, &mut server, &batch);
        received.sort();
        let mut expected = batch.clone();
        expected.sort();
        assert_eq!(received, expected, "seed {seed}");
    }
    assert!(
        lost > 0,
        "the network lost nothing: the test proved nothing"
    );
}

#[test]
fn a_server_with_a_cookie_asks_the_client_to_prove_its_address() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (client, mut server) = contexts(&pki);
    assert_eq!(
        code(server.set_datagram_hello_cookie(&[7; 33])),
        errSecParam
    );
    server
        .set_datagram_hello_cookie(b"client at 192.0.2.1:4433")
        .unwrap();
    let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 3);
    server.end.record_writes();
    assert_eq!(pairs::handshake(&mut client, &mut server), (Ok(()), Ok(())));
    // The server's first datagram: a handshake record (22) holding a HelloVerifyRequest (3)
    // that carries the cookie.
    let first = server.end.writes()[0].clone();
    assert_eq!((first[0], first[13]), (22, 3), "{first:?}");
    assert!(first.windows(24).any(|w| w == b"client at 192.0.2.1:4433"));
}

#[test]
fn record_sizes_and_calls_apple_refuses_on_datagrams() {
    let mut ctx = Context::new(SslProtocolSide::CLIENT, SslConnectionType::DATAGRAM).unwrap();
    assert_eq!(ctx.max_datagram_record_size().unwrap(), 1400);
    // Apple's reckoning: (1400 - 13) & ~15, less IV, padding byte and MAC.
    assert_eq!(ctx.datagram_write_size().unwrap(), 1327);
    ctx.set_max_datagram_record_size(512).unwrap();
    assert_eq!(ctx.datagram_write_size().unwrap(), 447);
    assert_eq!(code(ctx.set_max_datagram_record_size(100)), errSecParam);
    assert_eq!(ctx.max_datagram_record_size().unwrap(), 512);
    // DTLS versions only; the deprecated version calls predate DTLS.
    assert_eq!(ctx.protocol_version_min(), SslProtocol::DTLS12);
    assert_eq!(
        code(ctx.set_protocol_version_min(SslProtocol::TLS12)),
        errSSLIllegalParam
    );
    assert_eq!(
        code(ctx.set_protocol_version_enabled(SslProtocol::DTLS1, true)),
        errSecBadReq
    );
    assert_eq!(
        code(ctx.set_protocol_version(SslProtocol::DTLS1)),
        errSecBadReq
    );
    // And the datagram calls on a stream context.
    let mut stream = pairs::context(SslProtocolSide::CLIENT);
    assert_eq!(code(stream.max_datagram_record_size()), errSecParam);
    assert_eq!(code(stream.set_datagram_hello_cookie(b"c")), errSecParam);
}

#[test]
fn writes_larger_than_a_datagram_are_split() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (mut client, server) = contexts(&pki);
    client.set_max_datagram_record_size(600).unwrap();
    let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 4);
    client.end.record_writes();
    assert_eq!(pairs::handshake(&mut client, &mut server), (Ok(()), Ok(())));
    let before = client.end.writes().len();
    let big = messages(1, 5000).remove(0);
    let received = send_all(&mut client, &mut server, std::slice::from_ref(&big));
    let datagrams_sent = client.end.writes()[before..].to_vec();
    assert!(datagrams_sent.iter().all(|d| d.len() <= 600));
    assert_eq!(
        datagrams_sent.len(),
        5000usize.div_ceil(client.ctx.datagram_write_size().unwrap())
    );
    assert_eq!(received.concat(), big);
}

#[test]
fn datagram_contexts_offer_only_suites_dtls_can_carry() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (client, _) = contexts(&pki);
    let supported = client.supported_ciphers();
    let enabled = client.enabled_ciphers();
    assert!(
        enabled.iter().all(|s| supported.contains(s)),
        "enabled ⊆ supported"
    );
    assert!(enabled.contains(&0xC02B) && supported.contains(&0xC009));
    // No TLS 1.3 suite, and no stream cipher (RC4): DTLS cannot carry them.
    let rc4 = [0x0004, 0x0005, 0xC007, 0xC011, 0x0018];
    for suites in [&supported, &enabled] {
        assert!(
            !suites.iter().any(|s| s >> 8 == 0x13 || rc4.contains(s)),
            "{suites:04x?}"
        );
    }

    let (mut client, mut server) = contexts(&pki);
    assert_eq!(
        code(client.set_enabled_ciphers(&[0x1301, 0x0005])),
        errSSLBadCipherSuite
    );
    client.set_enabled_ciphers(&[0xC009]).unwrap();
    assert_eq!(client.enabled_ciphers(), vec![0xC009]);
    for ctx in [&mut client, &mut server] {
        ctx.set_protocol_version_min(SslProtocol::DTLS1).unwrap();
    }
    let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 2);
    let results = pairs::handshake(&mut client, &mut server);
    assert_eq!(results, (Ok(()), Ok(())));
    assert_eq!(client.ctx.negotiated_cipher(), Ok(0xC009));
    assert_eq!(server.ctx.negotiated_cipher(), Ok(0xC009));
}
