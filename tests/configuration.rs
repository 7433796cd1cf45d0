//! Configuration calls: Apple's checks and codes, calls in the wrong state, protocol
//! versions (TLS 1.0 and 1.1 included) and cipher suites by IANA number.

use secure_transport::engine::Context;
use secure_transport::secure_transport::{
    SessionState, SslAuthenticate, SslConnectionType, SslProtocol, SslProtocolSide,
    SslSessionOption,
};
use secure_transport::status::*;
use secure_transport::types::SslCipherSuite;
use secure_transport_test_kit::code;
use secure_transport_test_kit::pairs;
use secure_transport_test_kit::pki::{KeyKind, LeafSpec, Pki};
use secure_transport_test_kit::wire::Faults;

#[test]
fn contexts_need_a_known_side_and_connection_type() {
    for kind in [SslConnectionType::STREAM, SslConnectionType::DATAGRAM] {
        for side in [SslProtocolSide::CLIENT, SslProtocolSide::SERVER] {
            let ctx = Context::new(side, kind).unwrap();
            assert_eq!(ctx.protocol_side(), side);
        }
    }
    assert_eq!(
        code(Context::new(
            SslProtocolSide::from_raw(7),
            SslConnectionType::STREAM
        )),
        errSecParam
    );
    assert_eq!(
        code(Context::new(
            SslProtocolSide::CLIENT,
            SslConnectionType::from_raw(2)
        )),
        errSecParam
    );
}

#[test]
fn calls_in_the_wrong_state_get_apples_codes() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let mut lonely = pairs::context(SslProtocolSide::CLIENT);
    // Nothing to talk through yet.
    assert_eq!(code(lonely.handshake()), errSecBadReq);
    assert_eq!(lonely.write(b"x").1.unwrap_err().code(), errSecBadReq);
    assert!(
        lonely.peer_trust().unwrap().is_none(),
        "no trust before certificates"
    );
    assert_eq!(code(lonely.negotiated_cipher()), errSecBadReq);
    assert_eq!(lonely.negotiated_protocol_version(), SslProtocol::UNKNOWN);

    // A server needs an identity.
    let server = pairs::context(SslProtocolSide::SERVER);
    let (_, mut server) = pairs::connect(
        pairs::context(SslProtocolSide::CLIENT),
        server,
        Faults::NONE,
        1,
    );
    assert_eq!(code(server.ctx.handshake()), errSSLBadConfiguration);

    // Configuration is refused while the session is active.
    let (client, server) = pairs::contexts_tls13(&pki);
    let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 2);
    assert_eq!(pairs::handshake(&mut client, &mut server), (Ok(()), Ok(())));
    let ctx = &mut client.ctx;
    assert_eq!(
        code(ctx.set_session_option(SslSessionOption::BREAK_ON_SERVER_AUTH, true)),
        errSecBadReq
    );
    assert_eq!(code(ctx.set_peer_id(b"peer")), errSecBadReq);
    assert_eq!(code(ctx.set_peer_domain_name(Some(b"other"))), errSecBadReq);
    assert_eq!(code(ctx.set_enabled_ciphers(&[0x1301])), errSecBadReq);
    assert_eq!(
        code(ctx.set_client_side_authenticate(SslAuthenticate::ALWAYS)),
        errSecBadReq
    );
    // Only a server sends certificate authorities (Apple's code is errSecParam).
    assert_eq!(
        code(ctx.set_certificate_authorities(&[], true)),
        errSecParam
    );
    assert_eq!(code(ctx.set_trusted_roots(&[], true)), errSecBadReq);
    assert_eq!(ctx.peer_domain_name(), Some(&b"localhost"[..]));
    // After the session ends, configuration is allowed again.
    ctx.close().unwrap();
    ctx.set_peer_domain_name(Some(b"other")).unwrap();
}

/// As on Apple: until the peer's hello, a session in progress has no version
/// (`kSSLProtocolUnknown`) and cipher suite 0 (`SSL_NULL_WITH_NULL_NULL`), not OpenSSL's
/// guesses; `SSLSetAllowsAnyRoot` works mid-handshake while the expiry tolerances do not.
#[test]
fn nothing_is_negotiated_before_the_peers_hello() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (client, mut server) = pairs::contexts_tls13(&pki);
    server
        .set_session_option(SslSessionOption::BREAK_ON_CLIENT_HELLO, true)
        .unwrap();
    let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 3);

    // The client has sent its ClientHello and waits.
    assert_eq!(code(client.ctx.handshake()), errSSLWouldBlock);
    assert_eq!(client.ctx.session_state(), SessionState::HANDSHAKE);
    assert_eq!(
        client.ctx.negotiated_protocol_version(),
        SslProtocol::UNKNOWN
    );
    assert_eq!(client.ctx.negotiated_cipher(), Ok(0));
    client
        .ctx
        .set_tolerance(true, |t| t.any_root = false)
        .unwrap();
    assert_eq!(
        code(client.ctx.set_tolerance(false, |t| t.expired_certs = true)),
        errSecBadReq
    );

    // The server stops at the ClientHello, before choosing anything.
    assert_eq!(code(server.ctx.handshake()), errSSLClientHelloReceived);
    assert_eq!(
        server.ctx.negotiated_protocol_version(),
        SslProtocol::UNKNOWN
    );
    assert_eq!(server.ctx.negotiated_cipher(), Ok(0));

    assert_eq!(pairs::handshake(&mut client, &mut server), (Ok(()), Ok(())));
    for side in [&client, &server] {
        assert_eq!(side.ctx.negotiated_protocol_version(), SslProtocol::TLS13);
        assert_eq!(side.ctx.negotiated_cipher().map(|s| s >> 8), Ok(0x13));
    }
}

#[test]
fn bad_arguments_get_apples_codes() {
    let mut ctx = pairs::context(SslProtocolSide::CLIENT);
    assert_eq!(
        code(ctx.set_protocol_version_min(SslProtocol::DTLS1)),
        errSSLIllegalParam
    );
    assert_eq!(
        code(ctx.set_protocol_version_max(SslProtocol::from_raw(77))),
        errSSLIllegalParam
    );
    assert_eq!(
        code(ctx.set_protocol_version_min(SslProtocol::SSL2)),
        errSSLIllegalParam
    );
    assert_eq!(
        code(ctx.set_session_option(SslSessionOption::from_raw(10), true)),
        errSecParam
    );
    assert_eq!(
        code(ctx.session_option(SslSessionOption::from_raw(-1))),
        errSecParam
    );
    assert_eq!(
        code(ctx.set_client_side_authenticate(SslAuthenticate::from_raw(3))),
        errSecParam
    );
    assert_eq!(code(ctx.add_distinguished_name(b"not DER")), errSecParam);
    assert_eq!(
        code(ctx.set_enabled_ciphers(&[0xFFFF, 0x0000])),
        errSSLBadCipherSuite
    );
    assert_eq!(
        code(ctx.set_protocol_version_enabled(SslProtocol::ALL, false)),
        errSecParam
    );
}

#[test]
fn session_options_round_trip() {
    let mut ctx = pairs::context(SslProtocolSide::CLIENT);
    for raw in 0..=9 {
        let option = SslSessionOption::from_raw(raw);
        // Apple splits CBC records (1/n-1) unless told not to; every other option is off.
        let default = option == SslSessionOption::SEND_ONE_BYTE_RECORD;
        assert_eq!(ctx.session_option(option).unwrap(), default, "{option:?}");
        ctx.set_session_option(option, !default).unwrap();
        assert_eq!(ctx.session_option(option).unwrap(), !default, "{option:?}");
    }
    ctx.set_session_tickets_enabled(false).unwrap();
    assert!(!ctx
        .session_option(SslSessionOption::ENABLE_SESSION_TICKETS)
        .unwrap());
}

#[test]
fn version_bounds_clamp_each_other() {
    let mut ctx = pairs::context(SslProtocolSide::CLIENT);
    let range = |ctx: &secure_transport::engine::Context| {
        (ctx.protocol_version_min(), ctx.protocol_version_max())
    };
    // Apple's maximum, TLS 1.2, and our secure minimum: TLS 1.2 alone.
    assert_eq!(range(&ctx), (SslProtocol::TLS12, SslProtocol::TLS12));
    ctx.set_protocol_version_max(SslProtocol::TLS11).unwrap();
    assert_eq!(ctx.protocol_version_min(), SslProtocol::TLS11);
    ctx.set_protocol_version_min(SslProtocol::TLS13).unwrap();
    assert_eq!(ctx.protocol_version_max(), SslProtocol::TLS13);
    ctx.set_protocol_version_max(SslProtocol::MAX_SUPPORTED)
        .unwrap();
    assert_eq!(ctx.protocol_version_max(), SslProtocol::TLS13);
    // Apple's code for a version the context does not know.
    for bad in [
        SslProtocol::ALL,
        SslProtocol::from_raw(42),
        SslProtocol::DTLS1,
    ] {
        assert_eq!(code(ctx.set_protocol_version_min(bad)), errSSLIllegalParam);
        assert_eq!(code(ctx.set_protocol_version_max(bad)), errSSLIllegalParam);
    }
    assert_eq!(range(&ctx), (SslProtocol::TLS13, SslProtocol::TLS13));
}

#[test]
fn deprecated_version_calls_keep_the_range_whole() {
    let mut ctx = pairs::context(SslProtocolSide::CLIENT);
    let range = |ctx: &secure_transport::engine::Context| {
        (ctx.protocol_version_min(), ctx.protocol_version_max())
    };
    let enable = |ctx: &mut secure_transport::engine::Context, p, on| {
        ctx.set_protocol_version_enabled(p, on).unwrap();
        range(ctx)
    };
    // Enabling widens the range to include the version.
    assert_eq!(
        enable(&mut ctx, SslProtocol::TLS13, true),
        (SslProtocol::TLS12, SslProtocol::TLS13)
    );
    assert_eq!(
        enable(&mut ctx, SslProtocol::TLS1, true),
        (SslProtocol::TLS1, SslProtocol::TLS13)
    );
    assert!(ctx.protocol_version_enabled(SslProtocol::TLS11).unwrap());
    // Disabling the newest lowers the maximum; disabling any other raises the minimum past
    // it, as Apple does, so the range never has a hole.
    assert_eq!(
        enable(&mut ctx, SslProtocol::TLS13, false),
        (SslProtocol::TLS1, SslProtocol::TLS12)
    );
    assert!(!ctx.protocol_version_enabled(SslProtocol::TLS13).unwrap());
    assert_eq!(
        enable(&mut ctx, SslProtocol::TLS11, false),
        (SslProtocol::TLS12, SslProtocol::TLS12)
    );
    assert!(!ctx.protocol_version_enabled(SslProtocol::TLS1).unwrap());
    // Disabling the last one left is refused and changes nothing.
    assert_eq!(
        code(ctx.set_protocol_version_enabled(SslProtocol::TLS12, false)),
        errSecParam
    );
    assert_eq!(range(&ctx), (SslProtocol::TLS12, SslProtocol::TLS12));

    // SSLSetProtocolVersion means "up to this one"; SSLGetProtocolVersion gives the
    // selector back, or errSecParam when none describes the range.
    assert_eq!(code(ctx.protocol_version()), errSecParam);
    let oldest = secure_transport::engine::supported_protocols(SslConnectionType::STREAM)[0];
    ctx.set_protocol_version(SslProtocol::TLS11).unwrap();
    assert_eq!(range(&ctx), (oldest, SslProtocol::TLS11));
    assert_eq!(ctx.protocol_version().unwrap(), SslProtocol::TLS11);
    ctx.set_protocol_version(SslProtocol::TLS1_ONLY).unwrap();
    assert_eq!(range(&ctx), (SslProtocol::TLS1, SslProtocol::TLS1));
    ctx.set_protocol_version(SslProtocol::ALL).unwrap();
    assert_eq!(range(&ctx), (oldest, SslProtocol::TLS13));
    assert_eq!(ctx.protocol_version().unwrap(), SslProtocol::ALL);
}

#[test]
fn sslv3_is_refused_with_a_log_when_the_linked_openssl_lacks_it() {
    let mut ctx = pairs::context(SslProtocolSide::CLIENT);
    let result = ctx.set_protocol_version_min(SslProtocol::SSL3);
    let supported = secure_transport::engine::supported_protocols(SslConnectionType::STREAM);
    assert!(supported.ends_with(&[
        SslProtocol::TLS1,
        SslProtocol::TLS11,
        SslProtocol::TLS12,
        SslProtocol::TLS13
    ]));
    // What the build script found in the linked OpenSSL, and what the engine found at run
    // time, agree: the legacy pass takes the first branch, a plain build the second.
    assert_eq!(
        supported.contains(&SslProtocol::SSL3),
        !cfg!(openssl_no_ssl3)
    );
    if supported.contains(&SslProtocol::SSL3) {
        result.unwrap();
    } else {
        assert_eq!(code(result), errSSLIllegalParam);
        assert_eq!(
            ctx.protocol_version_min(),
            SslProtocol::TLS12,
            "nothing changed"
        );
    }
}

#[test]
fn every_tls_version_negotiates_in_process() {
    for kind in [KeyKind::EcdsaP256, KeyKind::Rsa2048] {
        let pki = Pki::new(kind);
        for version in [
            SslProtocol::TLS1,
            SslProtocol::TLS11,
            SslProtocol::TLS12,
            SslProtocol::TLS13,
        ] {
            let (mut client, mut server) = pairs::contexts(&pki);
            for ctx in [&mut client, &mut server] {
                ctx.set_protocol_version_min(version).unwrap();
                ctx.set_protocol_version_max(version).unwrap();
            }
            let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 4);
            assert_eq!(
                pairs::handshake(&mut client, &mut server),
                (Ok(()), Ok(())),
                "{kind:?} {version:?}"
            );
            assert_eq!(client.ctx.negotiated_protocol_version(), version);
            assert_eq!(server.ctx.negotiated_protocol_version(), version);
            assert_eq!(
                client.ctx.negotiated_cipher(),
                server.ctx.negotiated_cipher()
            );
            assert_eq!(client.ctx.write(b"hi"), (2, Ok(())));
            let mut buf = [0u8; 8];
            assert_eq!(server.ctx.read(&mut buf), (2, Ok(())));
        }
    }
}

/// `SSLSetCertificate` replaces what an earlier call set, chain included, whether the two
/// calls give the same identity or not.
#[test]
fn the_last_certificate_and_chain_set_are_the_ones_served() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let ca = pki.ca().certificate();
    let (ours, leaf) = (pki.server().identity(), pki.server().certificate());
    let other = pki.issue(LeafSpec::WrongHost).identity();
    let with_ca = || vec![ca.clone()];
    let cases = [
        (
            vec![(Some(other), with_ca()), (Some(ours.clone()), vec![])],
            vec![leaf.clone()],
        ),
        (
            vec![
                (Some(ours.clone()), vec![]),
                (Some(ours.clone()), with_ca()),
            ],
            vec![leaf.clone(), ca.clone()],
        ),
        (
            vec![
                (Some(ours.clone()), with_ca()),
                (Some(ours.clone()), vec![]),
            ],
            vec![leaf.clone()],
        ),
        (
            vec![
                (Some(ours.clone()), with_ca()),
                (None, vec![]),
                (Some(ours.clone()), vec![]),
            ],
            vec![leaf.clone()],
        ),
    ];
    for (i, (calls, served)) in cases.into_iter().enumerate() {
        let (client, mut ctx) = pairs::contexts_tls13(&pki);
        for (identity, chain) in calls {
            ctx.set_certificate(identity, chain).unwrap();
        }
        let (mut client, mut server) = pairs::connect(client, ctx, Faults::NONE, 40 + i as u64);
        let results = pairs::handshake(&mut client, &mut server);
        assert_eq!(results, (Ok(()), Ok(())), "case {i}");
        assert!(client.ctx.peer_certificates() == served, "case {i}");
    }
    // Without one at the end, a server cannot start.
    let (client, mut ctx) = pairs::contexts(&pki);
    ctx.set_certificate(None, vec![]).unwrap();
    let (mut client, mut server) = pairs::connect(client, ctx, Faults::NONE, 44);
    let results = pairs::handshake(&mut client, &mut server);
    assert_eq!(results.1, Err(errSSLBadConfiguration));
}

#[test]
fn a_version_mismatch_fails_with_protocol_codes() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (mut client, mut server) = pairs::contexts(&pki);
    client.set_protocol_version_max(SslProtocol::TLS12).unwrap();
    server.set_protocol_version_min(SslProtocol::TLS13).unwrap();
    let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 5);
    let results = pairs::handshake(&mut client, &mut server);
    assert_eq!(
        results,
        (Err(errSSLPeerProtocolVersion), Err(errSSLNegotiation))
    );
}

#[test]
fn enabled_ciphers_choose_the_negotiated_suite() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (client, _) = pairs::contexts(&pki);
    let supported = client.supported_ciphers();
    let enabled = client.enabled_ciphers();
    assert!(!enabled.is_empty());
    assert!(
        enabled.iter().all(|s| supported.contains(s)),
        "enabled ⊆ supported"
    );
    assert!(enabled.contains(&0x1301) && enabled.contains(&0xC02B));
    assert!(!enabled.contains(&0x0002), "NULL suites are off by default");
    assert!(supported.contains(&0x0002), "but supported when asked for");

    // TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 over TLS 1.2; unknown suites are dropped.
    for (suite, version) in [
        (0xC02C, SslProtocol::TLS12),
        (0x1303, SslProtocol::TLS13),
        (0xC009, SslProtocol::TLS1),
    ] {
        let (mut client, mut server) = pairs::contexts(&pki);
        client.set_enabled_ciphers(&[0xFFFF, suite]).unwrap();
        assert_eq!(client.enabled_ciphers(), vec![suite]);
        for ctx in [&mut client, &mut server] {
            ctx.set_protocol_version_min(version).unwrap();
            ctx.set_protocol_version_max(version).unwrap();
        }
        let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 6);
        assert_eq!(
            pairs::handshake(&mut client, &mut server),
            (Ok(()), Ok(())),
            "{suite:#06x}"
        );
        assert_eq!(client.ctx.negotiated_cipher(), Ok(suite));
        assert_eq!(server.ctx.negotiated_cipher(), Ok(suite));
    }
}

/// A context whose maximum is TLS 1.3 but whose enabled suites are TLS 1.2 ones (code
/// written before TLS 1.3, given a newer maximum) negotiates TLS 1.2, as on a Mac. OpenSSL
/// refuses to start a handshake whose newest version has no suite, so the context must stop
/// at TLS 1.2 on its own.
#[test]
fn only_tls12_suites_enabled_means_tls12_on_either_side() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    for side in [SslProtocolSide::CLIENT, SslProtocolSide::SERVER] {
        let (mut client, mut server) = pairs::contexts_tls13(&pki);
        let ctx = if side == SslProtocolSide::CLIENT {
            &mut client
        } else {
            &mut server
        };
        ctx.set_enabled_ciphers(&[0xC02B]).unwrap();
        let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 9);
        assert_eq!(
            pairs::handshake(&mut client, &mut server),
            (Ok(()), Ok(())),
            "{side:?}"
        );
        assert_eq!(client.ctx.negotiated_protocol_version(), SslProtocol::TLS12);
        assert_eq!(client.ctx.negotiated_cipher(), Ok(0xC02B));
        // The setting is the caller's: still TLS 1.3 as far as the getters go.
        assert_eq!(
            if side == SslProtocolSide::CLIENT {
                &client
            } else {
                &server
            }
            .ctx
            .protocol_version_max(),
            SslProtocol::TLS13
        );
    }
}

#[test]
fn a_null_cipher_works_only_when_both_sides_enable_it() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (mut client, server) = pairs::contexts(&pki);
    // TLS_ECDHE_ECDSA_WITH_NULL_SHA: no encryption at all.
    client.set_enabled_ciphers(&[0xC006]).unwrap();
    client.set_protocol_version_max(SslProtocol::TLS12).unwrap();
    let (mut c, mut s) = pairs::connect(client, server, Faults::NONE, 8);
    let results = pairs::handshake(&mut c, &mut s);
    assert_eq!(
        results.1,
        Err(errSSLNegotiation),
        "the server's defaults refuse it"
    );

    let (mut client, mut server) = pairs::contexts(&pki);
    for ctx in [&mut client, &mut server] {
        ctx.set_enabled_ciphers(&[0xC006]).unwrap();
        ctx.set_protocol_version_max(SslProtocol::TLS12).unwrap();
    }
    let (mut c, mut s) = pairs::connect(client, server, Faults::NONE, 8);
    assert_eq!(pairs::handshake(&mut c, &mut s), (Ok(()), Ok(())));
    assert_eq!(c.ctx.negotiated_cipher(), Ok(0xC006));
}

#[test]
fn fallback_scsv_is_refused_by_a_server_that_supports_more() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (mut client, server) = pairs::contexts_tls13(&pki);
    client.set_protocol_version_max(SslProtocol::TLS12).unwrap();
    client
        .set_session_option(SslSessionOption::FALLBACK, true)
        .unwrap();
    let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 10);
    let results = pairs::handshake(&mut client, &mut server);
    assert_eq!(
        results,
        (
            Err(errSSLInappropriateFallback),
            Err(errSSLInappropriateFallback)
        )
    );
}

#[test]
fn distinguished_names_and_authorities_reach_the_client() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (mut client, mut server) = pairs::contexts(&pki);
    client
        .set_session_option(SslSessionOption::BREAK_ON_CERT_REQUESTED, true)
        .unwrap();
    server
        .set_client_side_authenticate(SslAuthenticate::TRY)
        .unwrap();
    server
        .set_certificate_authorities(&[pki.ca().certificate()], true)
        .unwrap();
    assert_eq!(server.certificate_authorities(), &[pki.ca().certificate()]);
    let (mut c, mut s) = pairs::connect(client, server, Faults::NONE, 12);
    assert_eq!(
        pairs::handshake(&mut c, &mut s).0,
        Err(errSSLClientCertRequested)
    );
    let names = c.ctx.distinguished_names();
    assert_eq!(names, s.ctx.distinguished_names());
    assert_eq!(names.len(), 1);
}

#[test]
fn session_configs_set_apples_versions_and_suites() {
    // (name, min, max, a suite each must enable, one each must not)
    let table: [(
        &str,
        SslProtocol,
        SslProtocol,
        SslCipherSuite,
        SslCipherSuite,
    ); 12] = [
        (
            "ATSv1",
            SslProtocol::TLS12,
            SslProtocol::TLS12,
            0xC02B,
            0x009C,
        ),
        (
            "ATSv1_noPFS",
            SslProtocol::TLS12,
            SslProtocol::TLS12,
            0x009C,
            0x000A,
        ),
        (
            "anonymous",
            SslProtocol::TLS12,
            SslProtocol::TLS12,
            0xC018,
            0xC02B,
        ),
        (
            "standard",
            SslProtocol::TLS1,
            SslProtocol::TLS12,
            0xC02F,
            0x000A,
        ),
        (
            "default",
            SslProtocol::TLS1,
            SslProtocol::TLS12,
            0xC02F,
            0xCCA8,
        ),
        (
            "3DES_fallback",
            SslProtocol::TLS1,
            SslProtocol::TLS12,
            0xC013,
            0x009E,
        ),
        (
            "TLSv1_fallback",
            SslProtocol::TLS1,
            SslProtocol::TLS1,
            0xC013,
            0x1301,
        ),
        (
            "TLSv1_3DES_fallback",
            SslProtocol::TLS1,
            SslProtocol::TLS1,
            0x002F,
            0xC018,
        ),
        (
            "legacy",
            SslProtocol::TLS1,
            SslProtocol::TLS12,
            0x0035,
            0x009E,
        ),
        (
            "RC4_fallback",
            SslProtocol::TLS1,
            SslProtocol::TLS12,
            0xC014,
            0x0033,
        ),
        (
            "TLSv1_RC4_fallback",
            SslProtocol::TLS1,
            SslProtocol::TLS1,
            0xC009,
            0x0016,
        ),
        (
            "legacy_DHE",
            SslProtocol::TLS1,
            SslProtocol::TLS12,
            0x009E,
            0xC018,
        ),
    ];
    for (name, min, max, enabled, disabled) in table {
        let mut ctx = pairs::context(SslProtocolSide::CLIENT);
        ctx.set_session_config(name.as_bytes()).unwrap();
        assert_eq!(
            (ctx.protocol_version_min(), ctx.protocol_version_max()),
            (min, max),
            "{name}"
        );
        let suites = ctx.enabled_ciphers();
        assert!(suites.contains(&enabled), "{name} enables {enabled:#06x}");
        assert!(
            !suites.contains(&disabled),
            "{name} leaves {disabled:#06x} off"
        );
        assert!(
            suites.iter().all(|s| s >> 8 != 0x13),
            "{name}: no TLS 1.3 suite"
        );
    }
    let mut ctx = pairs::context(SslProtocolSide::CLIENT);
    assert_eq!(code(ctx.set_session_config(b"ATSv2")), errSecParam);
}

#[test]
fn a_session_config_negotiates_what_it_says() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    for (name, version) in [
        ("ATSv1", SslProtocol::TLS12),
        ("TLSv1_fallback", SslProtocol::TLS1),
    ] {
        let (mut client, mut server) = pairs::contexts(&pki);
        client.set_session_config(name.as_bytes()).unwrap();
        server.set_protocol_version_min(SslProtocol::TLS1).unwrap();
        let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 40);
        assert_eq!(
            pairs::handshake(&mut client, &mut server),
            (Ok(()), Ok(())),
            "{name}"
        );
        assert_eq!(client.ctx.negotiated_protocol_version(), version, "{name}");
        let suite = client.ctx.negotiated_cipher().unwrap();
        let suite_name = client.ctx.cipher_suite_name(suite).unwrap_or_default();
        assert!(
            suite_name.starts_with("TLS_ECDHE_ECDSA_WITH_AES"),
            "{name}: {suite_name}"
        );
    }
}
