//! Every cell of the interop matrix (see tests/kit/src/matrix.rs): our client and our server ×
//! SSL 3.0 … TLS 1.3, DTLS 1.0/1.2 × the system's `openssl`, the legacy build's (when
//! `ci/legacy-openssl.sh` has made it) and ourselves × RSA and ECDSA. SSL 3.0 must work only
//! where both ends have it, with RSA; everything else must negotiate exactly the version asked.
//!
//! What needs SSL 3.0 or RC4 in the linked OpenSSL is ignored on a build without it (the
//! build script's `openssl_no_ssl3`) and runs in `ci/test.sh`'s legacy pass.

use std::net::{Ipv4Addr, TcpStream};
use std::time::Duration;

use secure_transport::cipher_suite::CipherSuite;
use secure_transport::secure_transport::{
    SslConnectionType, SslContext, SslProtocol, SslProtocolSide,
};
use secure_transport::status::errSSLBadCipherSuite;
use secure_transport_test_kit::code;
use secure_transport_test_kit::matrix::{self, legacy_openssl_bin, Ours, Outcome};
use secure_transport_test_kit::pairs;
use secure_transport_test_kit::peers::{path, Peer};
use secure_transport_test_kit::pki::{KeyKind, Pki};
use secure_transport_test_kit::wire::Faults;

#[test]
fn every_cell_negotiates_or_refuses_as_it_should() {
    let tools = matrix::tools();
    let cells = matrix::run_all(&tools);
    let table = matrix::table(&cells);
    println!("{table}");
    let left_out = matrix::left_out(&tools);
    for column in &left_out {
        println!("not run here: {column}; the legacy pass runs it (ci/with-legacy-openssl.sh)");
    }
    let unexpected: Vec<_> = table.lines().filter(|l| l.contains("UNEXPECTED")).collect();
    assert!(
        unexpected.is_empty(),
        "unexpected cells:\n{}",
        unexpected.join("\n")
    );
    // Not vacuous: most cells negotiate, and the expected refusals are there.
    let worked = cells.iter().filter(|c| c.should_work).count();
    assert!(worked >= cells.len() / 2, "{worked} of {}", cells.len());
}

/// SSL 3.0 is off until both ends ask for it; against every peer at hand, which all have
/// it in the legacy pass (the matrix above then leaves nothing out).
#[test]
#[cfg_attr(
    openssl_no_ssl3,
    ignore = "needs the legacy OpenSSL build: ci/with-legacy-openssl.sh"
)]
fn ssl3_is_off_until_both_ends_ask() {
    let tools = matrix::tools();
    assert_eq!(matrix::left_out(&tools), Vec::<String>::new());
    let legacy = tools
        .iter()
        .find(|t| t.bin.is_some() && t.ssl3)
        .expect("an openssl tool with SSL 3.0 (ci/legacy-openssl.sh builds it)");
    let ours = tools
        .iter()
        .find(|t| t.bin.is_none() && t.ssl3)
        .expect("SSL 3.0 in the linked OpenSSL");
    let pki = Pki::new(KeyKind::Rsa2048);
    let ssl3 = Some(SslProtocol::SSL3);
    for side in [SslProtocolSide::CLIENT, SslProtocolSide::SERVER] {
        for peer in [legacy, ours] {
            // Our defaults against a peer that speaks only SSL 3.0: refused.
            let outcome = matrix::connect(side, Ours::Defaults, peer, ssl3, &pki);
            assert!(
                matches!(outcome, Outcome::Refused(_)),
                "{side:?} defaults vs {} -ssl3: {outcome:?}",
                peer.label
            );
            // SSL 3.0 enabled on our side only: the newest version both speak wins (our
            // maximum, TLS 1.2 by default as on a Mac), not SSL 3.0.
            let outcome = matrix::connect(side, Ours::From(SslProtocol::SSL3), peer, None, &pki);
            assert!(
                matches!(outcome, Outcome::Negotiated(v, _) if v == SslProtocol::TLS12),
                "{side:?} SSL 3.0 enabled vs {} defaults: {outcome:?}",
                peer.label
            );
            // Both ask: SSL 3.0.
            let outcome = matrix::connect(side, Ours::From(SslProtocol::SSL3), peer, ssl3, &pki);
            assert!(
                matches!(outcome, Outcome::Negotiated(v, _) if v == SslProtocol::SSL3),
                "{side:?} SSL 3.0 vs {} -ssl3: {outcome:?}",
                peer.label
            );
        }
    }
}

/// The suites SSL 3.0 peers offer (RC4, AES-CBC, DHE, 3DES), each negotiated over SSL 3.0 once
/// both ends enable it.
#[test]
#[cfg_attr(
    openssl_no_ssl3,
    ignore = "needs the legacy OpenSSL build: ci/with-legacy-openssl.sh"
)]
fn ssl3_carries_the_suites_old_peers_offer() {
    let pki = Pki::new(KeyKind::Rsa2048);
    // RC4-SHA, RC4-MD5, AES128-SHA, DHE-RSA-AES256-SHA, DES-CBC3-SHA.
    for suite in [0x0005, 0x0004, 0x002F, 0x0039, 0x000A] {
        let (mut client, mut server) = pairs::contexts(&pki);
        for ctx in [&mut client, &mut server] {
            ctx.set_protocol_version_min(SslProtocol::SSL3).unwrap();
            ctx.set_protocol_version_max(SslProtocol::SSL3).unwrap();
            ctx.set_enabled_ciphers(&[suite])
                .unwrap_or_else(|e| panic!("{suite:#06x}: {e}"));
        }
        let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 3);
        assert_eq!(
            pairs::handshake(&mut client, &mut server),
            (Ok(()), Ok(())),
            "{suite:#06x}"
        );
        assert_eq!(client.ctx.negotiated_protocol_version(), SslProtocol::SSL3);
        assert_eq!(client.ctx.negotiated_cipher(), Ok(suite));
    }
}

/// The RC4 suites (OpenSSL 3 keeps RC4 in its legacy provider, loaded for builds that have
/// RC4 suites) exist only in the legacy build; elsewhere enabling one is Apple's
/// `errSSLBadCipherSuite`. Where they exist they are listed but off by default.
#[test]
fn rc4_suites_are_listed_only_where_the_linked_openssl_has_them() {
    let pki = Pki::new(KeyKind::Rsa2048);
    let (mut client, _) = pairs::contexts(&pki);
    let rc4 = [0x0004, 0x0005, 0xC011];
    let listed = client.supported_ciphers().contains(&0x0005);
    assert_eq!(listed, !cfg!(openssl_no_ssl3), "RC4 suites listed");
    if listed {
        assert!(!client.enabled_ciphers().iter().any(|s| rc4.contains(s)));
    } else {
        assert_eq!(code(client.set_enabled_ciphers(&rc4)), errSSLBadCipherSuite);
    }
}

/// RC4 negotiated once enabled: over TLS 1.0 ours against ours, and over SSL 3.0 against
/// the legacy build's `s_server`.
#[test]
#[cfg_attr(
    openssl_no_ssl3,
    ignore = "needs the legacy OpenSSL build: ci/with-legacy-openssl.sh"
)]
fn rc4_interoperates_once_enabled() {
    let pki = Pki::new(KeyKind::Rsa2048);
    // TLS_ECDHE_RSA_WITH_RC4_128_SHA over TLS 1.0, ours against ours.
    let (mut client, mut server) = pairs::contexts(&pki);
    for ctx in [&mut client, &mut server] {
        ctx.set_protocol_version_min(SslProtocol::TLS1).unwrap();
        ctx.set_protocol_version_max(SslProtocol::TLS1).unwrap();
        ctx.set_enabled_ciphers(&[0xC011]).unwrap();
    }
    let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 5);
    assert_eq!(pairs::handshake(&mut client, &mut server), (Ok(()), Ok(())));
    assert_eq!(client.ctx.negotiated_cipher(), Ok(0xC011));

    let bin = legacy_openssl_bin().expect("the legacy build's openssl (ci/legacy-openssl.sh)");
    let cert = pki.server();
    let peer = Peer::s_server_with(
        &bin,
        &[
            "-ssl3",
            "-cipher",
            "RC4-SHA:@SECLEVEL=0",
            "-provider",
            "legacy",
            "-provider",
            "default",
            "-cert",
            path(&cert.cert_path),
            "-key",
            path(&cert.key_path),
            "-naccept",
            "1",
        ],
    );
    let mut ctx = SslContext::new(SslProtocolSide::CLIENT, SslConnectionType::STREAM).unwrap();
    ctx.set_protocol_version_min(SslProtocol::SSL3).unwrap();
    ctx.set_enabled_ciphers(&[CipherSuite::SSL_RSA_WITH_RC4_128_SHA])
        .unwrap();
    ctx.set_peer_domain_name("localhost").unwrap();
    ctx.engine_mut()
        .set_trusted_roots(&[pki.ca().certificate()], true)
        .unwrap();
    let tcp = TcpStream::connect((Ipv4Addr::LOCALHOST, peer.port)).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let tls = ctx
        .handshake(tcp)
        .map_err(|e| format!("{e:?}: {}", peer.output()))
        .expect("RC4-SHA over SSL 3.0 with s_server");
    assert_eq!(
        tls.context().negotiated_protocol_version(),
        Ok(SslProtocol::SSL3)
    );
    assert_eq!(
        tls.context().negotiated_cipher(),
        Ok(CipherSuite::SSL_RSA_WITH_RC4_128_SHA)
    );
}
