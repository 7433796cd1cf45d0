//! Every cell of the interop matrix (see tests/support/matrix.rs): our client and our server ×
//! SSL 3.0 … TLS 1.3, DTLS 1.0/1.2 × the system's `openssl`, the legacy build's (when
//! `ci/legacy-openssl.sh` has made it) and ourselves × RSA and ECDSA. SSL 3.0 must work only
//! where both ends have it, with RSA; everything else must negotiate exactly the version asked.

mod support;

use std::net::{Ipv4Addr, TcpStream};
use std::time::Duration;

use secure_transport::secure_transport::{
    SslConnectionType, SslContext, SslProtocol, SslProtocolSide,
};
use secure_transport::status::errSSLBadCipherSuite;
use support::matrix::{self, legacy_openssl_bin, Ours, Outcome};
use support::pipe::{self, Faults};
use support::{code, path, KeyKind, Peer, Pki};

#[test]
fn every_cell_negotiates_or_refuses_as_it_should() {
    if legacy_openssl_bin().is_none() {
        eprintln!(
            "NOTE: no legacy OpenSSL build (ci/legacy-openssl.sh): its column is left out, \
             and SSL 3.0 is only checked to be refused"
        );
    }
    let tools = matrix::tools();
    let cells = matrix::run_all(&tools);
    let table = matrix::table(&cells);
    println!("{table}");
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

/// SSL 3.0 is off until both ends ask for it (needs `ci/with-legacy-openssl.sh`: an OpenSSL
/// with SSL 3.0 linked in and its `openssl` tool).
#[test]
fn ssl3_is_off_until_both_ends_ask() {
    let tools = matrix::tools();
    let (Some(legacy), Some(ours)) = (
        tools.iter().find(|t| t.bin.is_some() && t.ssl3),
        tools.iter().find(|t| t.bin.is_none() && t.ssl3),
    ) else {
        eprintln!(
            "SKIPPED: SSL 3.0 needs the legacy OpenSSL build linked in and its tool present: \
             run `ci/with-legacy-openssl.sh cargo test --test interop_matrix`"
        );
        return;
    };
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
            // SSL 3.0 enabled on our side only: the peer's defaults win, not SSL 3.0.
            let outcome = matrix::connect(side, Ours::From(SslProtocol::SSL3), peer, None, &pki);
            assert!(
                matches!(outcome, Outcome::Negotiated(v, _) if v == SslProtocol::TLS13),
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
/// both ends enable it (needs the legacy build linked in, as above).
#[test]
fn ssl3_carries_the_suites_old_peers_offer() {
    if !secure_transport::engine::supported_protocols(SslConnectionType::STREAM)
        .contains(&SslProtocol::SSL3)
    {
        eprintln!("SKIPPED: the linked OpenSSL has no SSL 3.0 (see ci/with-legacy-openssl.sh)");
        return;
    }
    let pki = Pki::new(KeyKind::Rsa2048);
    // RC4-SHA, RC4-MD5, AES128-SHA, DHE-RSA-AES256-SHA, DES-CBC3-SHA.
    for suite in [0x0005, 0x0004, 0x002F, 0x0039, 0x000A] {
        let (mut client, mut server) = pipe::contexts(&pki);
        for ctx in [&mut client, &mut server] {
            ctx.set_protocol_version_min(SslProtocol::SSL3).unwrap();
            ctx.set_protocol_version_max(SslProtocol::SSL3).unwrap();
            ctx.set_enabled_ciphers(&[suite])
                .unwrap_or_else(|e| panic!("{suite:#06x}: {e}"));
        }
        let (mut client, mut server) = pipe::connect(client, server, Faults::NONE, 3);
        assert_eq!(
            pipe::handshake(&mut client, &mut server),
            (Ok(()), Ok(())),
            "{suite:#06x}"
        );
        assert_eq!(client.ctx.negotiated_protocol_version(), SslProtocol::SSL3);
        assert_eq!(client.ctx.negotiated_cipher(), Ok(suite));
    }
}

/// RC4 (OpenSSL 3 keeps it in its legacy provider, loaded for builds that have RC4 suites):
/// listed but off by default; negotiated over SSL 3.0 and TLS 1.0 once enabled, against the
/// legacy build's `s_server` too. Without RC4 suites, enabling one is Apple's
/// `errSSLBadCipherSuite`.
#[test]
fn rc4_is_off_until_enabled_then_interoperates() {
    let pki = Pki::new(KeyKind::Rsa2048);
    let (mut client, _) = pipe::contexts(&pki);
    let rc4 = [0x0004, 0x0005, 0xC011];
    if !client.supported_ciphers().contains(&0x0005) {
        assert_eq!(code(client.set_enabled_ciphers(&rc4)), errSSLBadCipherSuite);
        eprintln!("SKIPPED: the linked OpenSSL has no RC4 suites (see ci/with-legacy-openssl.sh)");
        return;
    }
    assert!(!client.enabled_ciphers().iter().any(|s| rc4.contains(s)));

    // TLS_ECDHE_RSA_WITH_RC4_128_SHA over TLS 1.0, ours against ours.
    let (mut client, mut server) = pipe::contexts(&pki);
    for ctx in [&mut client, &mut server] {
        ctx.set_protocol_version_min(SslProtocol::TLS1).unwrap();
        ctx.set_protocol_version_max(SslProtocol::TLS1).unwrap();
        ctx.set_enabled_ciphers(&[0xC011]).unwrap();
    }
    let (mut client, mut server) = pipe::connect(client, server, Faults::NONE, 5);
    assert_eq!(pipe::handshake(&mut client, &mut server), (Ok(()), Ok(())));
    assert_eq!(client.ctx.negotiated_cipher(), Ok(0xC011));

    let Some(bin) = legacy_openssl_bin() else {
        eprintln!("SKIPPED (RC4 against s_server): no legacy OpenSSL tool (ci/legacy-openssl.sh)");
        return;
    };
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
    ctx.set_enabled_ciphers(&[0x0005]).unwrap();
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
    assert_eq!(tls.context().negotiated_cipher(), Ok(0x0005));
}
