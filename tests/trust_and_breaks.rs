//! Peer trust: every certificate failure ends the handshake with Apple's one code while the
//! peer's trust says why, the break options hand the decision to the caller, and client
//! certificates are requested, sent and judged.

use secure_transport::certificate::SecCertificate;
use secure_transport::engine::Context;
use secure_transport::policy::{RevocationPolicy, SecPolicy};
use secure_transport::secure_transport::{
    SessionState, SslAuthenticate, SslClientCertificateState, SslProtocol, SslProtocolSide,
    SslSessionOption,
};
use secure_transport::status::*;
use secure_transport::trust::{SecTrust, TrustResult};
use secure_transport::OSStatus;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::time::Duration;

use secure_transport::secure_transport::SslConnectionType;
use secure_transport_test_kit::ocsp::{self, Status};
use secure_transport_test_kit::pairs::{self, Side};
use secure_transport_test_kit::peers::{path, Peer};
use secure_transport_test_kit::pki::{Issued, KeyKind, LeafSpec, Pki};
use secure_transport_test_kit::tcp::{self, tcp_read, tcp_write};
use secure_transport_test_kit::wire::Faults;

const TIMEOUT: Duration = Duration::from_secs(10);

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

/// What Apple's SecTrustEvaluateWithError reports for a leaf: its error's code and the
/// certificate its description names (SecPolicyChecks.list, SecFrameworkStrings.h).
fn apple_detail(spec: LeafSpec) -> (OSStatus, &'static str) {
    match spec {
        // TemporalValidity, for either end of the validity period.
        LeafSpec::Expired | LeafSpec::NotYetValid => (
            errSecCertificateExpired,
            "“localhost” certificate is expired",
        ),
        LeafSpec::WrongHost => (
            errSecHostNameMismatch,
            "“wrong.example” certificate name does not match input",
        ),
        // AnchorTrusted: a self-signed root nobody trusts.
        LeafSpec::SelfSigned => (errSecNotTrusted, "“localhost” certificate is not trusted"),
        // MissingIntermediate: the chain stops at a certificate that is not a root.
        LeafSpec::UnknownIssuer => (
            errSecCreateChainFailed,
            "“localhost” certificate is not trusted",
        ),
        // BasicConstraintsCA, on the issuer.
        LeafSpec::IssuedByNonCa => (
            errSecNoBasicConstraintsCA,
            "“Not A CA” certificate is not standards compliant",
        ),
        other => panic!("{other:?} is not an X.509 failure"),
    }
}

/// The peer's trust after a failed handshake: evaluated by the handshake, with Apple's
/// detail.
fn assert_detail(trust: &SecTrust, spec: LeafSpec) {
    assert_eq!(
        trust.trust_result(),
        TrustResult::RECOVERABLE_TRUST_FAILURE,
        "{spec:?}: evaluated in the handshake"
    );
    let (code, description) = apple_detail(spec);
    assert_eq!(
        trust.evaluate_with_error().unwrap_err().code(),
        code,
        "{spec:?}"
    );
    assert_eq!(
        trust.error_description().as_deref(),
        Some(description),
        "{spec:?}"
    );
}

#[test]
fn every_trust_failure_is_an_invalid_chain_and_the_trust_says_why() {
    for kind in [KeyKind::EcdsaP256, KeyKind::Rsa2048] {
        let pki = Pki::new(kind);
        for spec in LeafSpec::X509 {
            let leaf = pki.issue(spec);
            let (client, server, results) = run(
                client_trusting(&[pki.ca().certificate()]),
                server_with(&leaf),
            );
            // sslVerifyCertChain: every failure is errSSLXCertChainInvalid, and the peer
            // hears certificate_unknown.
            assert_eq!(results.0, Err(errSSLXCertChainInvalid), "{spec:?}: client");
            assert_eq!(
                results.1,
                Err(errSSLPeerCertUnknown),
                "{spec:?}: server sees the client's alert"
            );
            assert_eq!(client.ctx.session_state(), SessionState::ABORTED);
            assert_eq!(server.ctx.session_state(), SessionState::ABORTED);
            let trust = client
                .ctx
                .peer_trust()
                .unwrap()
                .expect("the server's chain");
            assert_detail(&trust, spec);
        }
    }
}

#[test]
fn the_system_roots_do_not_trust_a_private_ca() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (client, _, results) = run(client_trusting(&[]), server_with(pki.server()));
    assert_eq!(results.0, Err(errSSLXCertChainInvalid));
    let trust = client
        .ctx
        .peer_trust()
        .unwrap()
        .expect("the server's chain");
    assert_eq!(
        trust.evaluate_with_error().unwrap_err().code(),
        errSecCreateChainFailed
    );
}

/// Apple's `peerSecTrust` is made once, in the handshake: settings changed after the session
/// ended (allowed once it is closed) leave the trust `SSLCopyPeerTrust` returns as it was.
#[test]
fn the_peer_trust_stays_as_the_handshake_made_it_when_the_settings_change_later() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (mut client, _server, results) = run(
        client_trusting(&[pki.ca().certificate()]),
        server_with(pki.server()),
    );
    assert_eq!(results, (Ok(()), Ok(())));
    client.ctx.close().unwrap();
    client
        .ctx
        .set_peer_domain_name(Some(b"elsewhere.example"))
        .unwrap();
    client
        .ctx
        .set_trusted_roots(&[pki.client().certificate()], true)
        .unwrap();
    for _ in 0..2 {
        let trust = client
            .ctx
            .peer_trust()
            .unwrap()
            .expect("the server's chain");
        // The handshake's evaluation, shared.
        assert_eq!(trust.trust_result(), TrustResult::UNSPECIFIED);
        assert_eq!(trust.anchor_certificates(), [pki.ca().certificate()]);
        // Evaluated again, by the handshake's policy ("localhost") and anchors.
        let mut again = trust.clone();
        again.set_trust_anchor_certificates_only(true).unwrap();
        again.evaluate_with_error().unwrap();
    }
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
    // Not judged: the handshake left the evaluation to the caller.
    assert_eq!(trust.trust_result(), TrustResult::INVALID);
    // Counting the chain evaluates it, as Apple's SecTrustGetCertificateCount does.
    assert_eq!(trust.certificate_count(), 1);
    assert_eq!(trust.trust_result(), TrustResult::RECOVERABLE_TRUST_FAILURE);
    assert_eq!(
        trust.certificate_at_index(0).unwrap(),
        pki.server().certificate()
    );
    // Against the system roots alone, the private CA is unknown.
    assert_eq!(
        trust.evaluate_with_error().unwrap_err().code(),
        errSecCreateChainFailed
    );
    trust
        .set_anchor_certificates(&[pki.ca().certificate()])
        .unwrap();
    trust.evaluate_with_error().unwrap();
    // The chain built: the leaf, then the anchor it reached.
    assert_eq!(
        trust.certificate_chain(),
        [pki.server().certificate(), pki.ca().certificate()]
    );
    // With empty anchors and anchors-only off, the system roots are back (and still say no).
    trust.set_anchor_certificates(&[]).unwrap();
    trust.set_trust_anchor_certificates_only(false).unwrap();
    assert_eq!(
        trust.evaluate_with_error().unwrap_err().code(),
        errSecCreateChainFailed
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
    // Expired, not "not valid yet".
    let mut client = client_trusting(&roots);
    client
        .set_tolerance(false, |t| t.expired_certs = true)
        .unwrap();
    let (_, _, results) = run(client, server_with(&pki.issue(LeafSpec::NotYetValid)));
    assert_eq!(results.0, Err(errSSLXCertChainInvalid));

    let mut client = client_trusting(&roots);
    client.set_tolerance(false, |t| t.any_root = true).unwrap();
    let (_, _, results) = run(client, server_with(&pki.issue(LeafSpec::SelfSigned)));
    assert_eq!(results, (Ok(()), Ok(())));
    // Tolerating one failure does not excuse another.
    let mut client = client_trusting(&roots);
    client.set_tolerance(false, |t| t.any_root = true).unwrap();
    let (_, _, results) = run(client, server_with(&pki.issue(LeafSpec::WrongHost)));
    assert_eq!(results.0, Err(errSSLXCertChainInvalid));
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
    // sslVerifyCertChain: no chain under kAlwaysAuthenticate is an invalid chain. OpenSSL
    // answers with its own alert (handshake_failure), not Apple's certificate_unknown.
    assert_eq!(results.1, Err(errSSLXCertChainInvalid));
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
    assert_eq!(results.1, Err(errSSLXCertChainInvalid));
    assert_eq!(results.0, Err(errSSLPeerCertUnknown));
    assert_eq!(
        server.ctx.client_certificate_state(),
        SslClientCertificateState::REJECTED
    );
    let trust = server
        .ctx
        .peer_trust()
        .unwrap()
        .expect("the client's chain");
    assert_eq!(trust.trust_result(), TrustResult::RECOVERABLE_TRUST_FAILURE);
    assert_eq!(
        trust.evaluate_with_error().unwrap_err().code(),
        errSecCreateChainFailed
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

/// Apple's verdict on a leaf of `LeafSpec` under the TLS server policy
/// (`SecPolicyCreateSSL(true, "localhost")`) with the CA as the caller's anchor: the result,
/// and the code and description of SecTrustEvaluateWithError's error. The checks are those
/// SecPolicy.c's SecPolicyCreateSSL asks for, their codes and results those of
/// SecPolicyChecks.list, the sentences SecFrameworkStrings.h's; a chain anchored by the
/// caller gets the "other trust" rules of SecPolicyServer.c (serverAuth and 825 days for
/// leaves issued after 1 July 2019).
fn apple_server_policy(spec: LeafSpec) -> (TrustResult, OSStatus, &'static str) {
    use TrustResult as R;
    const BROKEN_KEY: &str = "“localhost” certificate is using a broken key size";
    const BROKEN_HASH: &str = "“localhost” certificate is using a broken signature algorithm";
    const USAGE: &str = "“localhost” certificate is not permitted for this usage";
    match spec {
        // KeySize: RSA under 2048 bits.
        LeafSpec::Rsa1024 => (
            R::RECOVERABLE_TRUST_FAILURE,
            errSecUnsupportedKeySize,
            BROKEN_KEY,
        ),
        // WeakKeySize (fatal, every policy): RSA under 1024 bits.
        LeafSpec::Rsa512 => (R::FATAL_TRUST_FAILURE, errSecUnsupportedKeySize, BROKEN_KEY),
        // SignatureHashAlgorithms: no SHA-1 below a self-signed root.
        LeafSpec::Sha1Signed => (
            R::RECOVERABLE_TRUST_FAILURE,
            errSecInvalidDigestAlgorithm,
            BROKEN_HASH,
        ),
        // WeakSignature (fatal, every policy): MD5.
        LeafSpec::Md5Signed => (
            R::FATAL_TRUST_FAILURE,
            errSecInvalidDigestAlgorithm,
            BROKEN_HASH,
        ),
        // SSLHostname: subjectAltName only, never the common name.
        LeafSpec::CommonNameOnly => (
            R::RECOVERABLE_TRUST_FAILURE,
            errSecHostNameMismatch,
            "“localhost” certificate name does not match input",
        ),
        // ExtendedKeyUsage: present without serverAuth.
        LeafSpec::ClientAuthOnly => (
            R::RECOVERABLE_TRUST_FAILURE,
            errSecInvalidExtendedKeyUsage,
            USAGE,
        ),
        // ServerAuthEKU: issued after 1 July 2019 without serverAuth.
        LeafSpec::NoExtendedKeyUsage => (
            R::RECOVERABLE_TRUST_FAILURE,
            errSecInvalidExtendedKeyUsage,
            USAGE,
        ),
        // ValidityPeriodMaximums: issued after 1 July 2019, valid more than 825 days.
        LeafSpec::LongValidity => (
            R::RECOVERABLE_TRUST_FAILURE,
            errSecCertificateValidityPeriodTooLong,
            "“localhost” certificate is not standards compliant",
        ),
        // Issued before 1 July 2019: neither rule applies to a chain the caller anchored.
        LeafSpec::IssuedJune2019 => (R::UNSPECIFIED, errSecSuccess, ""),
        // KeySize, on the intermediate.
        LeafSpec::WeakIntermediate => (
            R::RECOVERABLE_TRUST_FAILURE,
            errSecUnsupportedKeySize,
            "“Weak Intermediate CA” certificate is using a broken key size",
        ),
        other => panic!("{other:?} fails X.509 verification"),
    }
}

/// The leaves only Apple's policies refuse.
fn policy_leaves() -> impl Iterator<Item = LeafSpec> {
    LeafSpec::ALL
        .into_iter()
        .filter(|spec| !LeafSpec::X509.contains(spec))
}

/// A trust for `leaf` and its chain under `policy`, anchored at the CA.
fn trust_for(pki: &Pki, leaf: &Issued, policy: SecPolicy) -> SecTrust {
    let certificates: Vec<SecCertificate> = std::iter::once(leaf.certificate())
        .chain(leaf.chain())
        .collect();
    let mut trust = SecTrust::create_with_certificates(&certificates, &[policy]).unwrap();
    trust
        .set_anchor_certificates(&[pki.ca().certificate()])
        .unwrap();
    trust
}

/// (result, code, description) of evaluating `trust`.
fn verdict(trust: &SecTrust) -> (TrustResult, OSStatus, String) {
    let result = trust.evaluate().unwrap();
    let code = trust
        .evaluate_with_error()
        .err()
        .map_or(errSecSuccess, |e| e.code());
    (result, code, trust.error_description().unwrap_or_default())
}

#[test]
fn apples_tls_server_policy_refuses_weak_keys_and_hashes_common_names_usages_and_long_lives() {
    for kind in [KeyKind::EcdsaP256, KeyKind::Rsa2048] {
        let pki = Pki::new(kind);
        let policy = SecPolicy::create_ssl(SslProtocolSide::SERVER, Some("localhost"));
        let trust = trust_for(&pki, pki.server(), policy.clone());
        assert_eq!(
            verdict(&trust),
            (TrustResult::UNSPECIFIED, errSecSuccess, String::new())
        );
        for spec in policy_leaves() {
            let trust = trust_for(&pki, &pki.issue(spec), policy.clone());
            let (result, code, description) = apple_server_policy(spec);
            assert_eq!(
                verdict(&trust),
                (result, code, description.to_owned()),
                "{kind:?} {spec:?}"
            );
        }
    }
}

#[test]
fn apples_tls_client_policy_refuses_only_broken_keys_and_hashes() {
    // SecPolicyCreateSSL(false, NULL) asks for the basic X.509 checks (WeakKeySize and
    // WeakSignature among them) and an extended key usage, if any, allowing clientAuth: none
    // of the server policy's key size, hash, serverAuth or validity rules.
    let pki = Pki::new(KeyKind::EcdsaP256);
    let policy = SecPolicy::create_ssl(SslProtocolSide::CLIENT, None);
    for spec in policy_leaves() {
        let trust = trust_for(&pki, &pki.issue(spec), policy.clone());
        let expected = match spec {
            LeafSpec::Rsa512 => (TrustResult::FATAL_TRUST_FAILURE, errSecUnsupportedKeySize),
            LeafSpec::Md5Signed => (
                TrustResult::FATAL_TRUST_FAILURE,
                errSecInvalidDigestAlgorithm,
            ),
            _ => (TrustResult::UNSPECIFIED, errSecSuccess),
        };
        let (result, code, _) = verdict(&trust);
        assert_eq!((result, code), expected, "{spec:?}");
    }
}

/// A context over `tcp` with the kit's blocking callbacks.
fn over_tcp(side: SslProtocolSide, tcp: &mut TcpStream) -> Context {
    let mut ctx = Context::new(side, SslConnectionType::STREAM).unwrap();
    ctx.set_io_funcs(tcp_read, tcp_write).unwrap();
    ctx.set_connection(tcp::connection(tcp)).unwrap();
    ctx
}

/// `-cert`, `-key` and (if any) `-cert_chain` of `leaf` for `openssl s_server`/`s_client`, at
/// security level 0 so that OpenSSL uses weak keys and hashes, in TLS 1.2.
fn weak_peer_args(leaf: &Issued) -> Vec<&str> {
    let mut args = vec![
        "-cert",
        path(&leaf.cert_path),
        "-key",
        path(&leaf.key_path),
        "-cipher",
        "DEFAULT@SECLEVEL=0",
        "-tls1_2",
    ];
    if !leaf.chain_pem.is_empty() {
        args.extend(["-cert_chain", path(&leaf.chain_path)]);
    }
    args
}

#[test]
fn the_handshake_judges_a_server_by_apples_tls_server_policy() {
    let pki = Pki::new(KeyKind::Rsa2048);
    for spec in policy_leaves() {
        let leaf = pki.issue(spec);
        let mut args = weak_peer_args(&leaf);
        args.extend(["-naccept", "1"]);
        let peer = Peer::s_server(&args);
        let mut tcp = tcp::connect(peer.port);
        let mut client = over_tcp(SslProtocolSide::CLIENT, &mut tcp);
        client
            .set_trusted_roots(&[pki.ca().certificate()], true)
            .unwrap();
        client.set_peer_domain_name(Some(b"localhost")).unwrap();
        let result = client.handshake().map_err(|e| e.code());
        let (verdict, code, description) = apple_server_policy(spec);
        if verdict.success() {
            assert_eq!(result, Ok(()), "{spec:?}: {}", peer.output());
            continue;
        }
        assert_eq!(result, Err(errSSLXCertChainInvalid), "{spec:?}");
        let trust = client.peer_trust().unwrap().expect("the server's chain");
        assert_eq!(trust.trust_result(), verdict, "{spec:?}");
        assert_eq!(trust.evaluate_with_error().unwrap_err().code(), code);
        assert_eq!(trust.error_description().as_deref(), Some(description));
        drop(client);
        drop(tcp);
        // The real peer heard Apple's alert.
        assert!(
            peer.wait_for_output("certificate unknown", TIMEOUT),
            "{spec:?}:\n{}",
            peer.output()
        );
    }
}

#[test]
fn a_server_judges_client_certificates_by_apples_tls_client_policy() {
    let pki = Pki::new(KeyKind::Rsa2048);
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    // The client policy has no rule about key sizes or hashes but Apple's broken ones.
    for (spec, code) in [
        (LeafSpec::Rsa1024, errSecSuccess),
        (LeafSpec::Sha1Signed, errSecSuccess),
        (LeafSpec::Rsa512, errSecUnsupportedKeySize),
        (LeafSpec::Md5Signed, errSecInvalidDigestAlgorithm),
    ] {
        let leaf = pki.issue(spec);
        let mut peer = Peer::s_client(port, &weak_peer_args(&leaf));
        let mut tcp = tcp::accept(&listener).unwrap();
        let mut server = over_tcp(SslProtocolSide::SERVER, &mut tcp);
        server
            .set_certificate(Some(pki.server().identity()), vec![])
            .unwrap();
        server
            .set_client_side_authenticate(SslAuthenticate::ALWAYS)
            .unwrap();
        server
            .set_trusted_roots(&[pki.ca().certificate()], true)
            .unwrap();
        let result = server.handshake().map_err(|e| e.code());
        let trust = server.peer_trust().unwrap().expect("the client's chain");
        if code == errSecSuccess {
            assert_eq!(result, Ok(()), "{spec:?}: {}", peer.output());
            assert_eq!(trust.trust_result(), TrustResult::UNSPECIFIED);
        } else {
            assert_eq!(result, Err(errSSLXCertChainInvalid), "{spec:?}");
            assert_eq!(trust.trust_result(), TrustResult::FATAL_TRUST_FAILURE);
            assert_eq!(trust.evaluate_with_error().unwrap_err().code(), code);
            assert_eq!(
                server.client_certificate_state(),
                SslClientCertificateState::REJECTED
            );
        }
        drop(server);
        drop(tcp);
        peer.close_stdin();
        peer.wait(TIMEOUT);
        if code != errSecSuccess {
            assert!(
                peer.output().contains("certificate unknown"),
                "{spec:?}:\n{}",
                peer.output()
            );
        }
    }
}

/// Evaluating a chain that verified before (which the library remembers, to skip its
/// signature checks) still judges each evaluation on its own anchors, certificates and
/// policies.
#[test]
fn a_chain_evaluated_again_is_judged_again() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let stranger = Pki::new(KeyKind::EcdsaP256);
    let evaluate = |certs: &[SecCertificate], anchors: &[SecCertificate], host: &str| {
        let policy = SecPolicy::create_ssl(SslProtocolSide::SERVER, Some(host));
        let mut trust = SecTrust::create_with_certificates(certs, &[policy]).unwrap();
        trust.set_anchor_certificates(anchors).unwrap();
        let outcome = trust.evaluate_with_error().map_err(|e| e.code());
        (outcome, trust.certificate_chain())
    };
    let leaf = [pki.server().certificate()];
    let ca = [pki.ca().certificate()];
    let trusted = evaluate(&leaf, &ca, "localhost");
    assert_eq!(trusted, (Ok(()), vec![leaf[0].clone(), ca[0].clone()]));
    // The same leaf under another CA's anchor, or for another host name.
    let other_ca = [stranger.ca().certificate()];
    assert_eq!(
        evaluate(&leaf, &other_ca, "localhost").0,
        Err(errSecCreateChainFailed)
    );
    assert_eq!(
        evaluate(&leaf, &ca, "wrong.example").0,
        Err(errSecHostNameMismatch)
    );
    // Another leaf with the same names, from the stranger's CA.
    let impostor = [stranger.server().certificate()];
    assert_eq!(
        evaluate(&impostor, &ca, "localhost").0,
        Err(errSecCreateChainFailed)
    );
    // And the first evaluation again, alike.
    assert_eq!(evaluate(&leaf, &ca, "localhost"), trusted);
}

/// A client judges the server's chain with the OCSP response the server stapled, as
/// `tls_helper_create_peer_trust` (coreTLS's secCrypto.c) sets it on a client's peer trust
/// before the evaluation: a revoked certificate fails the handshake
/// (TLS 1.3 staples it with the chain; TLS 1.2 sends it in a message of its own after the
/// chain), and the peer's trust says why.
#[test]
fn a_stapled_revoked_response_fails_the_handshake() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let revoked = ocsp::response(&pki, pki.ca(), pki.server(), Status::Revoked, "revoked");
    let good = ocsp::response(&pki, pki.ca(), pki.server(), Status::Good, "good");
    let required = SecPolicy::create_revocation(
        RevocationPolicy::OCSP_METHOD | RevocationPolicy::REQUIRE_POSITIVE_RESPONSE,
    )
    .unwrap();
    for version in [SslProtocol::TLS12, SslProtocol::TLS13] {
        // Our own server, in process.
        for (response, expected) in [(&revoked, Err(errSSLXCertChainInvalid)), (&good, Ok(()))] {
            let mut server = server_with(pki.server());
            server.set_ocsp_response(response).unwrap();
            let mut client = client_trusting(&[pki.ca().certificate()]);
            client.set_protocol_version_max(version).unwrap();
            let (client, _server, (result, _)) = run(client, server);
            assert_eq!(result, expected, "{version:?}");
            let trust = client
                .ctx
                .peer_trust()
                .unwrap()
                .expect("the server's chain");
            if expected.is_err() {
                assert_eq!(trust.trust_result(), TrustResult::FATAL_TRUST_FAILURE);
                let error = trust.evaluate_with_error().unwrap_err();
                assert_eq!(error.code(), errSecCertificateRevoked, "{version:?}");
            } else {
                // The good response came with the trust: a policy that requires one holds.
                let mut again = trust.clone();
                let ssl = SecPolicy::create_ssl(SslProtocolSide::SERVER, Some("localhost"));
                again.set_policies(&[ssl, required.clone()]).unwrap();
                assert_eq!(again.evaluate_with_error().map_err(|e| e.code()), Ok(()));
            }
        }
        // `openssl s_server -status_file` stapling the revoked response.
        let file = pki.dir().join("revoked-response.der");
        let flag = if version == SslProtocol::TLS12 {
            "-tls1_2"
        } else {
            "-tls1_3"
        };
        let peer = Peer::one_connection(&pki, &["-status_file", path(&file), flag]);
        let mut tcp = tcp::connect(peer.port);
        let mut client = over_tcp(SslProtocolSide::CLIENT, &mut tcp);
        client.set_protocol_version_max(version).unwrap();
        client
            .set_trusted_roots(&[pki.ca().certificate()], true)
            .unwrap();
        client.set_peer_domain_name(Some(b"localhost")).unwrap();
        let result = client.handshake().map_err(|e| e.code());
        assert_eq!(
            result,
            Err(errSSLXCertChainInvalid),
            "{version:?}: {}",
            peer.output()
        );
        let trust = client.peer_trust().unwrap().expect("the server's chain");
        let error = trust.evaluate_with_error().unwrap_err();
        assert_eq!(error.code(), errSecCertificateRevoked, "{version:?}");
    }
}

/// A server's own certificate is sent whatever OpenSSL's security level thinks of it, as
/// Apple's Secure Transport sends it (SSLSetCertificate's `parseIncomingCerts`, sslKeychain.c,
/// checks the identity and its chain, never a key size or signature hash): an RSA-1024 or
/// SHA-1 certificate serves a legacy client
/// that accepts it (here `openssl s_client` at security level 0). Before, SSLSetCertificate
/// refused both with errSSLBadConfiguration (Debian's OpenSSL runs at level 2).
#[test]
fn a_server_sends_its_own_weak_certificate_to_a_client_that_takes_it() {
    let pki = Pki::new(KeyKind::Rsa2048);
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    for spec in [LeafSpec::Rsa1024, LeafSpec::Sha1Signed] {
        let leaf = pki.issue(spec);
        let ca = path(&pki.ca().cert_path);
        let args = ["-cipher", "DEFAULT@SECLEVEL=0", "-tls1_2", "-CAfile", ca];
        let mut peer = Peer::s_client(port, &args);
        let mut tcp = tcp::accept(&listener).unwrap();
        let mut server = over_tcp(SslProtocolSide::SERVER, &mut tcp);
        assert_eq!(
            server
                .set_certificate(Some(leaf.identity()), vec![])
                .map_err(|e| e.code()),
            Ok(()),
            "{spec:?}"
        );
        let result = server.handshake().map_err(|e| e.code());
        assert_eq!(result, Ok(()), "{spec:?}: {}", peer.output());
        assert!(
            peer.wait_for_output("Verify return code: 0 (ok)", TIMEOUT),
            "{spec:?}: {}",
            peer.output()
        );
        drop(server);
        drop(tcp);
        peer.close_stdin();
        peer.wait(TIMEOUT);
    }
}
