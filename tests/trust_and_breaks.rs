//! Peer trust: each certificate failure gives its Apple code, the break options hand the
//! decision to the caller, and client certificates are requested, sent and judged.

use secure_transport::certificate::SecCertificate;
use secure_transport::engine::Context;
use secure_transport::secure_transport::{
    SessionState, SslAuthenticate, SslClientCertificateState, SslProtocol, SslProtocolSide,
    SslSessionOption,
};
use secure_transport::status::*;
use secure_transport_test_kit::pairs::{self, Side};
use secure_transport_test_kit::pki::{Issued, KeyKind, LeafSpec, Pki};
use secure_transport_test_kit::wire::Faults;

/// A server presenting `leaf`, up to TLS 1.3.
fn server_with(leaf: &Issued) -> Context {
    let mut server = pairs::context(SslProtocolSide::SERVER);
    server
        .set_certificate(Some(leaf.identity()), leaf.chain())
        .unwrap();
    server.set_protocol_version_max(SslProtocol::TLS13).unwrap();
    server
}

/// A client for "localhost" trusting `roots` (the system's if none), up to TLS 1.3.
fn client_trusting(roots: &[SecCertificate]) -> Context {
    let mut client = pairs::context(SslProtocolSide::CLIENT);
    client.set_protocol_version_max(SslProtocol::TLS13).unwrap();
    if !roots.is_empty() {
        client.set_trusted_roots(roots, true).unwrap();
    }
    client.set_peer_domain_name(Some(b"localhost")).unwrap();
    client
}

fn run(client: Context, server: Context) -> (Side, Side, pairs::Results) {
    let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 3);
    let results = pairs::handshake(&mut client, &mut server);
    (client, server, results)
}

#[test]
fn each_certificate_failure_gives_its_code() {
    let cases = [
        (LeafSpec::Expired, errSSLCertExpired, errSSLPeerCertExpired),
        (
            LeafSpec::NotYetValid,
            errSSLCertNotYetValid,
            errSSLPeerBadCert,
        ),
        (
            LeafSpec::WrongHost,
            errSSLHostNameMismatch,
            errSSLPeerBadCert,
        ),
        (
            LeafSpec::SelfSigned,
            errSSLUnknownRootCert,
            errSSLPeerUnknownCA,
        ),
        (
            LeafSpec::UnknownIssuer,
            errSSLNoRootCert,
            errSSLPeerUnknownCA,
        ),
        (
            LeafSpec::IssuedByNonCa,
            errSSLXCertChainInvalid,
            errSSLPeerUnknownCA,
        ),
    ];
    for kind in [KeyKind::EcdsaP256, KeyKind::Rsa2048] {
        let pki = Pki::new(kind);
        for (spec, client_code, server_code) in cases {
            let leaf = pki.issue(spec);
            let (client, server, results) = run(
                client_trusting(&[pki.ca().certificate()]),
                server_with(&leaf),
            );
            assert_eq!(results.0, Err(client_code), "{spec:?}: client");
            assert_eq!(
                results.1,
                Err(server_code),
                "{spec:?}: server sees the client's alert"
            );
            assert_eq!(client.ctx.session_state(), SessionState::ABORTED);
            assert_eq!(server.ctx.session_state(), SessionState::ABORTED);
        }
    }
}

#[test]
fn the_system_roots_do_not_trust_a_private_ca() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (_, _, results) = run(client_trusting(&[]), server_with(pki.server()));
    assert_eq!(results.0, Err(errSSLNoRootCert));
}

#[test]
fn break_on_server_auth_hands_the_decision_to_the_caller() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let mut client = client_trusting(&[]);
    client
        .set_session_option(SslSessionOption::BREAK_ON_SERVER_AUTH, true)
        .unwrap();
    let (mut client, mut server) =
        pairs::connect(client, server_with(pki.server()), Faults::NONE, 5);
    let results = pairs::handshake(&mut client, &mut server);
    assert_eq!(results.0, Err(errSSLServerAuthCompleted));
    assert_eq!(client.ctx.session_state(), SessionState::HANDSHAKE);

    let mut trust = client
        .ctx
        .peer_trust()
        .unwrap()
        .expect("the server's chain arrived");
    assert_eq!(trust.certificate_count(), 1);
    assert_eq!(
        trust.certificate_at_index(0).unwrap(),
        pki.server().certificate()
    );
    // Against the system roots alone, the private CA is unknown.
    assert_eq!(
        trust.evaluate_with_error().unwrap_err().code(),
        errSecNotTrusted
    );
    trust
        .set_anchor_certificates(&[pki.ca().certificate()])
        .unwrap();
    trust.evaluate_with_error().unwrap();
    // With empty anchors and anchors-only off, the system roots are back (and still say no).
    trust.set_anchor_certificates(&[]).unwrap();
    trust.set_trust_anchor_certificates_only(false).unwrap();
    assert_eq!(
        trust.evaluate_with_error().unwrap_err().code(),
        errSecNotTrusted
    );

    // The caller trusts it: the handshake goes on.
    let results = pairs::handshake(&mut client, &mut server);
    assert_eq!(results, (Ok(()), Ok(())));
    assert_eq!(client.ctx.session_state(), SessionState::CONNECTED);
}

#[test]
fn turning_verification_off_or_tolerating_failures_accepts_the_peer() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let roots = [pki.ca().certificate()];
    let mut client = client_trusting(&roots);
    client.set_enable_cert_verify(false).unwrap();
    let (_, _, results) = run(client, server_with(&pki.issue(LeafSpec::SelfSigned)));
    assert_eq!(results, (Ok(()), Ok(())));

    let mut client = client_trusting(&roots);
    client
        .set_tolerance(false, |t| t.expired_certs = true)
        .unwrap();
    assert!(client.tolerance().expired_certs);
    let (_, _, results) = run(client, server_with(&pki.issue(LeafSpec::Expired)));
    assert_eq!(results, (Ok(()), Ok(())));

    let mut client = client_trusting(&roots);
    client.set_tolerance(false, |t| t.any_root = true).unwrap();
    let (_, _, results) = run(client, server_with(&pki.issue(LeafSpec::SelfSigned)));
    assert_eq!(results, (Ok(()), Ok(())));
    // Tolerating one failure does not excuse another.
    let mut client = client_trusting(&roots);
    client.set_tolerance(false, |t| t.any_root = true).unwrap();
    let (_, _, results) = run(client, server_with(&pki.issue(LeafSpec::WrongHost)));
    assert_eq!(results.0, Err(errSSLHostNameMismatch));
}

fn requiring_client_certs(pki: &Pki, auth: SslAuthenticate, version: SslProtocol) -> Context {
    let mut server = server_with(pki.server());
    server.set_client_side_authenticate(auth).unwrap();
    server
        .set_trusted_roots(&[pki.ca().certificate()], true)
        .unwrap();
    server.set_protocol_version_max(version).unwrap();
    server
}

#[test]
fn break_on_cert_requested_lets_the_client_pick_its_certificate() {
    for version in [SslProtocol::TLS12, SslProtocol::TLS13] {
        let pki = Pki::new(KeyKind::EcdsaP256);
        let mut client = client_trusting(&[pki.ca().certificate()]);
        client
            .set_session_option(SslSessionOption::BREAK_ON_CERT_REQUESTED, true)
            .unwrap();
        let server = requiring_client_certs(&pki, SslAuthenticate::ALWAYS, version);
        let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 7);
        let results = pairs::handshake(&mut client, &mut server);
        assert_eq!(results.0, Err(errSSLClientCertRequested), "{version:?}");
        assert_eq!(
            client.ctx.client_certificate_state(),
            SslClientCertificateState::REQUESTED
        );

        client
            .ctx
            .set_certificate(Some(pki.client().identity()), vec![])
            .unwrap();
        let results = pairs::handshake(&mut client, &mut server);
        assert_eq!(results, (Ok(()), Ok(())), "{version:?}");
        assert_eq!(
            client.ctx.client_certificate_state(),
            SslClientCertificateState::SENT
        );
        assert_eq!(
            server.ctx.client_certificate_state(),
            SslClientCertificateState::SENT
        );
        let peer = server.ctx.peer_certificates();
        assert_eq!(peer.first(), Some(&pki.client().certificate()));
    }
}

#[test]
fn a_server_that_requires_a_certificate_refuses_a_client_without_one() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let server = requiring_client_certs(&pki, SslAuthenticate::ALWAYS, SslProtocol::TLS12);
    let (client, server, results) = run(client_trusting(&[pki.ca().certificate()]), server);
    assert_eq!(results.1, Err(errSSLCertificateRequired));
    assert_eq!(results.0, Err(errSSLPeerHandshakeFail));
    assert_eq!(
        server.ctx.client_certificate_state(),
        SslClientCertificateState::REQUESTED
    );
    assert_eq!(
        client.ctx.client_certificate_state(),
        SslClientCertificateState::REQUESTED
    );

    // "Try" lets it in without one.
    let server = requiring_client_certs(&pki, SslAuthenticate::TRY, SslProtocol::TLS12);
    let (_, server, results) = run(client_trusting(&[pki.ca().certificate()]), server);
    assert_eq!(results, (Ok(()), Ok(())));
    assert_eq!(
        server.ctx.client_certificate_state(),
        SslClientCertificateState::REQUESTED
    );
}

#[test]
fn a_client_certificate_from_an_unknown_ca_is_rejected() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let other = Pki::new(KeyKind::EcdsaP256);
    let mut client = client_trusting(&[pki.ca().certificate()]);
    client
        .set_certificate(Some(other.client().identity()), vec![])
        .unwrap();
    let server = requiring_client_certs(&pki, SslAuthenticate::ALWAYS, SslProtocol::TLS12);
    let (_, server, results) = run(client, server);
    assert_eq!(results.1, Err(errSSLNoRootCert));
    assert_eq!(results.0, Err(errSSLPeerUnknownCA));
    assert_eq!(
        server.ctx.client_certificate_state(),
        SslClientCertificateState::REJECTED
    );
}

#[test]
fn break_on_client_auth_pauses_the_server_with_the_clients_chain() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let mut client = client_trusting(&[pki.ca().certificate()]);
    client
        .set_certificate(Some(pki.client().identity()), vec![])
        .unwrap();
    let mut server = requiring_client_certs(&pki, SslAuthenticate::ALWAYS, SslProtocol::TLS13);
    server
        .set_session_option(SslSessionOption::BREAK_ON_CLIENT_AUTH, true)
        .unwrap();
    let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 9);
    let results = pairs::handshake(&mut client, &mut server);
    assert_eq!(results.1, Err(errSSLClientAuthCompleted));
    assert_eq!(server.ctx.session_state(), SessionState::HANDSHAKE);
    let trust = server
        .ctx
        .peer_trust()
        .unwrap()
        .expect("the client's chain arrived");
    trust.evaluate_with_error().unwrap();
    assert_eq!(server.ctx.handshake(), Ok(()));
    assert_eq!(server.ctx.session_state(), SessionState::CONNECTED);
}

#[test]
fn break_on_client_hello_pauses_the_server_before_it_answers() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let mut server = pairs::context(SslProtocolSide::SERVER);
    server
        .set_session_option(SslSessionOption::BREAK_ON_CLIENT_HELLO, true)
        .unwrap();
    server.set_protocol_version_max(SslProtocol::TLS13).unwrap();
    let (mut client, mut server) = pairs::connect(
        client_trusting(&[pki.ca().certificate()]),
        server,
        Faults::NONE,
        11,
    );
    // A server may pick its certificate once it has seen the ClientHello.
    server
        .ctx
        .set_certificate(Some(pki.server().identity()), vec![])
        .unwrap();
    let results = pairs::handshake(&mut client, &mut server);
    assert_eq!(results.1, Err(errSSLClientHelloReceived));
    assert!(client.end.queued() == 0, "nothing sent before the break");
    let results = pairs::handshake(&mut client, &mut server);
    assert_eq!(results, (Ok(()), Ok(())));
}
