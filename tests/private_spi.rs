//! SecureTransportPriv.h's calls on the engine, each with a real handshake: DHE on or off
//! (Apple's clients start without), the client's minimum DH group, pre-shared keys, the
//! session cache timeout and trusted leaf certificates.

use std::time::Duration;

use openssl::dh::Dh;
use secure_transport::engine::Context;
use secure_transport::secure_transport::{SslProtocol, SslProtocolSide};
use secure_transport::status::*;
use secure_transport::types::SslCipherSuite;
use secure_transport_test_kit::code;
use secure_transport_test_kit::pairs::{self, Results};
use secure_transport_test_kit::pki::{KeyKind, Pki};
use secure_transport_test_kit::wire::Faults;

/// TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 and TLS_PSK_WITH_AES_128_GCM_SHA256.
const DHE_RSA: SslCipherSuite = 0x009E;
const PSK: SslCipherSuite = 0x00A8;

/// Handshakes the two contexts over a fault-free pipe; returns both results and the
/// client's view of whether it resumed.
fn handshake(client: Context, server: Context, seed: u64) -> (Results, bool) {
    let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, seed);
    let results = pairs::handshake(&mut client, &mut server);
    if results == (Ok(()), Ok(())) {
        assert_eq!(client.ctx.write(b"x"), (1, Ok(())));
        let mut byte = [0u8; 1];
        assert_eq!(server.ctx.read(&mut byte), (1, Ok(())));
        // Both close: OpenSSL forgets a session whose SSL goes without close_notify.
        assert_eq!(client.ctx.close(), Ok(()));
        assert_eq!(server.ctx.close(), Ok(()));
    }
    (results, client.ctx.session_resumed())
}

/// A server limited to DHE-RSA over TLS 1.2, with `dh` as its group.
fn dhe_server(pki: &Pki, server: &mut Context, dh: &Dh<openssl::pkey::Params>) {
    assert_eq!(pki.kind(), KeyKind::Rsa2048);
    server.set_enabled_ciphers(&[DHE_RSA]).unwrap();
    server
        .set_diffie_hellman_params(&dh.params_to_der().unwrap())
        .unwrap();
}

#[test]
fn a_client_offers_dhe_only_once_enabled_as_on_a_mac() {
    let pki = Pki::new(KeyKind::Rsa2048);
    let (client, mut server) = pairs::contexts(&pki);
    assert!(!client.dhe_enabled(), "Apple's clients start without DHE");
    assert!(server.dhe_enabled(), "its servers with");
    assert!(!client.enabled_ciphers().contains(&(DHE_RSA)));
    assert!(server.enabled_ciphers().contains(&(DHE_RSA)));
    dhe_server(&pki, &mut server, &Dh::get_2048_256().unwrap());
    let (results, _) = handshake(client, server, 1);
    assert!(results.0.is_err() && results.1.is_err(), "{results:?}");

    let (mut client, mut server) = pairs::contexts(&pki);
    client.set_dhe_enabled(true).unwrap();
    assert!(client.dhe_enabled());
    assert!(client.enabled_ciphers().contains(&(DHE_RSA)));
    dhe_server(&pki, &mut server, &Dh::get_2048_256().unwrap());
    let (results, _) = handshake(client, server, 2);
    assert_eq!(results, (Ok(()), Ok(())));

    // Disabling DHE on a server leaves it no DHE suite to pick.
    let (mut client, mut server) = pairs::contexts(&pki);
    client.set_dhe_enabled(true).unwrap();
    client.set_enabled_ciphers(&[DHE_RSA]).unwrap();
    server.set_dhe_enabled(false).unwrap();
    assert!(!server.enabled_ciphers().contains(&(DHE_RSA)));
    let (results, _) = handshake(client, server, 3);
    assert!(results.1.is_err(), "{results:?}");
}

/// With TLS 1.0 enabled a context runs at OpenSSL's security level 0, which has no DH floor
/// of its own: the client's minimum (coreTLS's default 1024 bits) is what refuses a group.
#[test]
fn a_client_refuses_a_dh_group_below_its_minimum() {
    let pki = Pki::new(KeyKind::Rsa2048);
    let small = Dh::get_1024_160().unwrap();
    let level_zero = |client: &mut Context, server: &mut Context| {
        for ctx in [client, server] {
            ctx.set_protocol_version_min(SslProtocol::TLS1).unwrap();
        }
    };
    let cases = [(None, true), (Some(2048), false), (Some(1024), true)];
    for (i, (minimum, accepted)) in cases.into_iter().enumerate() {
        let (mut client, mut server) = pairs::contexts(&pki);
        level_zero(&mut client, &mut server);
        client.set_dhe_enabled(true).unwrap();
        if let Some(bits) = minimum {
            client.set_minimum_dh_group_size(bits).unwrap();
        }
        dhe_server(&pki, &mut server, &small);
        let (results, _) = handshake(client, server, 4);
        assert_eq!(results.0.is_ok(), accepted, "case {i}: {results:?}");
    }
    // A 2048-bit group meets the highest minimum.
    let (mut client, mut server) = pairs::contexts(&pki);
    client.set_dhe_enabled(true).unwrap();
    client.set_minimum_dh_group_size(4096).unwrap();
    assert_eq!(
        client.minimum_dh_group_size(),
        2048,
        "coreTLS's highest minimum"
    );
    dhe_server(&pki, &mut server, &Dh::get_2048_256().unwrap());
    assert_eq!(handshake(client, server, 5).0, (Ok(()), Ok(())));
}

#[test]
fn pre_shared_keys_connect_with_the_right_key_and_identity() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let psk_pair = |client_key: &[u8], client_id: &[u8], server_id: Option<&[u8]>| {
        let mut client = pairs::context(SslProtocolSide::CLIENT);
        let mut server = pairs::context(SslProtocolSide::SERVER);
        server
            .set_certificate(Some(pki.server().identity()), vec![])
            .unwrap();
        for ctx in [&mut client, &mut server] {
            ctx.set_enabled_ciphers(&[PSK]).unwrap();
        }
        client.set_psk_shared_secret(client_key).unwrap();
        client.set_psk_identity(client_id).unwrap();
        server.set_psk_shared_secret(b"sixteen byte key").unwrap();
        if let Some(id) = server_id {
            server.set_psk_identity(id).unwrap();
        }
        assert_eq!(client.psk_identity(), Some(client_id));
        handshake(client, server, 6).0
    };
    assert_eq!(
        psk_pair(b"sixteen byte key", b"mac", Some(b"mac")),
        (Ok(()), Ok(()))
    );
    assert_eq!(
        psk_pair(b"sixteen byte key", b"any", None),
        (Ok(()), Ok(()))
    );
    let wrong_key = psk_pair(b"another key.....", b"mac", Some(b"mac"));
    assert!(
        wrong_key.0.is_err() && wrong_key.1.is_err(),
        "{wrong_key:?}"
    );
    let unknown = psk_pair(b"sixteen byte key", b"stranger", Some(b"mac"));
    assert!(unknown.0.is_err() && unknown.1.is_err(), "{unknown:?}");
    let mut ctx = pairs::context(SslProtocolSide::CLIENT);
    assert_eq!(code(ctx.set_psk_identity(b"")), errSecParam);
}

#[test]
fn sessions_stay_resumable_for_the_session_cache_timeout() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let run = |peer_id: &[u8], timeout: Option<u32>| {
        let (mut client, mut server) = pairs::contexts(&pki);
        client.set_peer_id(peer_id).unwrap();
        server.set_peer_id(b"127.0.0.1").unwrap();
        if let Some(seconds) = timeout {
            client.set_session_cache_timeout(seconds).unwrap();
        }
        let (results, resumed) = handshake(client, server, 7);
        assert_eq!(results, (Ok(()), Ok(())));
        resumed
    };
    // The server's certificate gets its own OpenSSL context (and session cache) from its
    // second use on: warm it up.
    run(b"private_spi warm-up", None);
    run(b"private_spi warm-up", None);
    // A session made under a one-second timeout, and one under Apple's default 600 s.
    assert!(!run(b"private_spi one second", Some(1)));
    assert!(!run(b"private_spi default", None));
    assert!(
        run(b"private_spi one second", None),
        "resumable within its second"
    );
    std::thread::sleep(Duration::from_millis(1100));
    assert!(
        !run(b"private_spi one second", None),
        "gone after its second"
    );
    assert!(run(b"private_spi default", None), "the default keeps it");
}

#[test]
fn a_trusted_leaf_is_accepted_whatever_its_chain() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let other = Pki::new(KeyKind::EcdsaP256);
    let client_trusting_other_ca = || {
        let mut client = pairs::context(SslProtocolSide::CLIENT);
        client
            .set_trusted_roots(&[other.ca().certificate()], true)
            .unwrap();
        client.set_peer_domain_name(Some(b"localhost")).unwrap();
        client
    };
    let server = || {
        let (_, server) = pairs::contexts(&pki);
        server
    };
    // The chain does not verify: refused, unless the leaf is trusted as it is.
    let (results, _) = handshake(client_trusting_other_ca(), server(), 11);
    assert!(results.0.is_err(), "{results:?}");
    let mut client = client_trusting_other_ca();
    assert_eq!(client.trusted_leaf_certificates(), None);
    client
        .set_trusted_leaf_certificates(vec![other.server().certificate()])
        .unwrap();
    let (results, _) = handshake(client, server(), 12);
    assert!(results.0.is_err(), "another leaf: {results:?}");
    let mut client = client_trusting_other_ca();
    let leaf = pki.server().certificate();
    client
        .set_trusted_leaf_certificates(vec![leaf.clone()])
        .unwrap();
    assert_eq!(client.trusted_leaf_certificates(), Some(&[leaf][..]));
    let (results, _) = handshake(client, server(), 13);
    assert_eq!(results, (Ok(()), Ok(())));

    // Refused while a session is active, as on Apple.
    let (client, server) = pairs::contexts(&pki);
    let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 14);
    assert_eq!(pairs::handshake(&mut client, &mut server), (Ok(()), Ok(())));
    assert_eq!(
        code(client.ctx.set_trusted_leaf_certificates(Vec::new())),
        errSecBadReq
    );
}
