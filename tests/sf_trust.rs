//! security-framework's trust additions through this crate renamed as its users rename it:
//! `SecTrust::set_options`' exceptions on real expired and self-signed chains, stapled OCSP
//! responses made offline by the `openssl ocsp` responder (good, revoked, from a stranger),
//! revocation policies that require a response, the network-fetch flag, the system's
//! anchors as OpenSSL finds them, and the localKeyID of PKCS#12 imports. The rules are
//! Apple's: `SecTrustSetOptions` as SecTrust.c applies it since macOS 10.14 (the flags become
//! exceptions), revocation as SecPolicy.c's `SecPolicyCreateRevocation` and trustd's
//! SecRevocationServer.c read stapled responses.

use std::fs;
use std::path::Path;
use std::time::Duration;

use openssl::hash::MessageDigest;
use openssl::x509::X509;
use secure_transport as security_framework;
use secure_transport_test_kit::ocsp::{self, Status};
use secure_transport_test_kit::peers::run_openssl;
use secure_transport_test_kit::pki::{Issued, KeyKind, LeafSpec, Pki};
use security_framework::certificate::SecCertificate;
use security_framework::import_export::Pkcs12ImportOptions;
use security_framework::policy::{RevocationPolicy, SecPolicy};
use security_framework::secure_transport::SslProtocolSide;
use security_framework::trust::{SecTrust, TrustOptions, TrustResult};

const TIMEOUT: Duration = Duration::from_secs(30);
const EXPIRED: i32 = -67818; // errSecCertificateExpired
const NOT_TRUSTED: i32 = -67843; // errSecNotTrusted
const MISSING_INTERMEDIATE: i32 = -25318; // errSecCreateChainFailed
const REVOKED: i32 = -67820; // errSecCertificateRevoked
const INCOMPLETE: i32 = -67635; // errSecIncompleteCertRevocationCheck

/// A trust for `leaf` (and `chain`) under `policies`, with the PKI's CA as its only anchor.
fn trust(pki: &Pki, leaf: &Issued, policies: &[SecPolicy]) -> SecTrust {
    let mut certs = vec![leaf.certificate()];
    certs.extend(leaf.chain());
    let mut trust = SecTrust::create_with_certificates(&certs, policies).unwrap();
    trust
        .set_anchor_certificates(&[pki.ca().certificate()])
        .unwrap();
    trust
}

fn code(trust: &SecTrust) -> Option<i32> {
    trust.evaluate_with_error().err().map(|e| e.code())
}

fn ssl() -> SecPolicy {
    SecPolicy::create_ssl(SslProtocolSide::SERVER, Some("localhost"))
}

#[test]
fn allow_expired_overlooks_an_expired_leaf_and_other_flags_do_not() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let expired = pki.issue(LeafSpec::Expired);
    let mut trust = trust(&pki, &expired, &[ssl()]);
    assert_eq!(code(&trust), Some(EXPIRED));
    // Flags Apple ignores, and the root-only one (the leaf is not self-signed).
    let ignored = TrustOptions::LEAF_IS_CA
        | TrustOptions::FETCH_ISSUER_FROM_NET
        | TrustOptions::REQUIRE_REVOCATION_PER_CERT
        | TrustOptions::USE_TRUST_SETTINGS
        | TrustOptions::ALLOW_EXPIRED_ROOT
        | TrustOptions::IMPLICIT_ANCHORS;
    trust.set_options(ignored).unwrap();
    assert_eq!(code(&trust), Some(EXPIRED));
    trust.set_options(TrustOptions::ALLOW_EXPIRED).unwrap();
    assert_eq!(code(&trust), None);
    assert_eq!(trust.evaluate().unwrap(), TrustResult::UNSPECIFIED);
    // New options replace the old ones.
    trust.set_options(TrustOptions::empty()).unwrap();
    assert_eq!(code(&trust), Some(EXPIRED));
    // A leaf not valid yet is out of its validity period too.
    let early = pki.issue(LeafSpec::NotYetValid);
    let mut trust = self::trust(&pki, &early, &[ssl()]);
    assert_eq!(code(&trust), Some(EXPIRED));
    trust.set_options(TrustOptions::ALLOW_EXPIRED).unwrap();
    assert_eq!(code(&trust), None);
}

#[test]
fn allow_expired_root_overlooks_an_expired_root_only() {
    let pki = Pki::with_expired_ca(KeyKind::EcdsaP256);
    let mut trust = trust(&pki, pki.server(), &[ssl()]);
    assert_eq!(code(&trust), Some(EXPIRED));
    trust.set_options(TrustOptions::ALLOW_EXPIRED_ROOT).unwrap();
    assert_eq!(code(&trust), None);
    trust.set_options(TrustOptions::ALLOW_EXPIRED).unwrap();
    assert_eq!(code(&trust), None);
    // The root's exception does not cover an expired leaf below it.
    let expired = pki.issue(LeafSpec::Expired);
    let mut trust = self::trust(&pki, &expired, &[ssl()]);
    trust.set_options(TrustOptions::ALLOW_EXPIRED_ROOT).unwrap();
    assert_eq!(code(&trust), Some(EXPIRED));
}

#[test]
fn implicit_anchors_trust_a_self_signed_root_but_build_no_missing_chain() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    // A self-signed server certificate, trusted by nobody.
    let alone = pki.issue(LeafSpec::SelfSigned);
    let mut trust = SecTrust::create_with_certificates(&[alone.certificate()], &[ssl()]).unwrap();
    trust.set_anchor_certificates(&[]).unwrap();
    assert_eq!(code(&trust), Some(NOT_TRUSTED));
    trust.set_options(TrustOptions::IMPLICIT_ANCHORS).unwrap();
    assert_eq!(code(&trust), None);
    // A leaf whose self-signed root comes with it, as no anchor.
    let certs = [pki.server().certificate(), pki.ca().certificate()];
    let mut trust = SecTrust::create_with_certificates(&certs, &[ssl()]).unwrap();
    trust.set_anchor_certificates(&[]).unwrap();
    assert_eq!(code(&trust), Some(NOT_TRUSTED));
    trust.set_options(TrustOptions::IMPLICIT_ANCHORS).unwrap();
    assert_eq!(code(&trust), None);
    assert_eq!(trust.certificate_count(), 2);
    // An issuer that is missing is not an anchor, implicit or not.
    let orphan = pki.issue(LeafSpec::UnknownIssuer);
    let mut trust = self::trust(&pki, &orphan, &[ssl()]);
    trust.set_options(TrustOptions::IMPLICIT_ANCHORS).unwrap();
    assert_eq!(code(&trust), Some(MISSING_INTERMEDIATE));
    // Other failures stay: the name is still checked.
    let mut trust = SecTrust::create_with_certificates(
        &[alone.certificate()],
        &[SecPolicy::create_ssl(
            SslProtocolSide::SERVER,
            Some("example.org"),
        )],
    )
    .unwrap();
    trust.set_anchor_certificates(&[]).unwrap();
    trust.set_options(TrustOptions::IMPLICIT_ANCHORS).unwrap();
    assert_eq!(code(&trust), Some(-67602)); // errSecHostNameMismatch
}

fn required() -> SecPolicy {
    SecPolicy::create_revocation(
        RevocationPolicy::OCSP_METHOD | RevocationPolicy::REQUIRE_POSITIVE_RESPONSE,
    )
    .unwrap()
}

#[test]
fn a_stapled_revoked_response_fails_the_chain_fatally() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let leaf = pki.server();
    let revoked = ocsp::response(&pki, pki.ca(), leaf, Status::Revoked, "revoked");
    // With no revocation policy at all, as Apple consults stapled responses anyway.
    for policies in [vec![ssl()], vec![ssl(), required()]] {
        let mut trust = trust(&pki, leaf, &policies);
        assert_eq!(
            code(&trust),
            if policies.len() == 1 {
                None
            } else {
                Some(INCOMPLETE)
            }
        );
        trust.set_trust_ocsp_response([&revoked].iter()).unwrap();
        assert_eq!(code(&trust), Some(REVOKED));
        assert_eq!(trust.trust_result(), TrustResult::FATAL_TRUST_FAILURE);
        assert_eq!(
            trust.error_description().as_deref(),
            Some("“localhost” certificate is revoked")
        );
        // No option overlooks a revocation.
        trust.set_options(TrustOptions::all()).unwrap();
        assert_eq!(code(&trust), Some(REVOKED));
    }
}

#[test]
fn a_stapled_good_response_satisfies_a_policy_that_requires_one() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let leaf = pki.server();
    let good = ocsp::response(&pki, pki.ca(), leaf, Status::Good, "good");
    let mut trust = trust(&pki, leaf, &[ssl(), required()]);
    assert_eq!(code(&trust), Some(INCOMPLETE));
    assert_eq!(trust.trust_result(), TrustResult::RECOVERABLE_TRUST_FAILURE);
    trust
        .set_trust_ocsp_response([good.as_slice()].iter())
        .unwrap();
    assert_eq!(code(&trust), None);
    // CRLs only: Apple ignores stapled OCSP responses, and nothing is fetched.
    let crl = SecPolicy::create_revocation(
        RevocationPolicy::CRL_METHOD | RevocationPolicy::REQUIRE_POSITIVE_RESPONSE,
    )
    .unwrap();
    trust.set_policies(&[ssl(), crl]).unwrap();
    assert_eq!(code(&trust), Some(INCOMPLETE));
    // The response of another certificate says nothing about this one.
    let other = pki.issue(LeafSpec::WrongHost);
    let mut trust = self::trust(&pki, &other, &[SecPolicy::create_x509(), required()]);
    trust.set_trust_ocsp_response([&good].iter()).unwrap();
    assert_eq!(code(&trust), Some(INCOMPLETE));
}

#[test]
fn a_response_signed_by_a_stranger_is_ignored() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let stranger = Pki::new(KeyKind::EcdsaP256);
    let leaf = pki.server();
    // Says "revoked" about our leaf (by serial and issuer), signed by another CA.
    let forged = ocsp::response(&pki, stranger.ca(), leaf, Status::Revoked, "forged");
    let mut trust = trust(&pki, leaf, &[ssl()]);
    trust.set_trust_ocsp_response([&forged].iter()).unwrap();
    assert_eq!(code(&trust), None, "soft fail: revocation unknown");
    trust.set_policies(&[ssl(), required()]).unwrap();
    assert_eq!(code(&trust), Some(INCOMPLETE));
    // Responses that are no OCSP response at all.
    trust
        .set_trust_ocsp_response([&b"junk"[..], &[0x30, 0x03, 0x0a, 0x01, 0x00]].iter())
        .unwrap();
    assert_eq!(code(&trust), Some(INCOMPLETE));
}

#[test]
fn network_fetch_is_a_flag_the_policies_and_the_caller_set() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let leaf = pki.server().certificate();
    let mut trust = SecTrust::create_with_certificates(&[leaf], &[ssl()]).unwrap();
    assert!(trust.get_network_fetch_allowed().unwrap());
    trust.set_policy(&SecPolicy::create_x509()).unwrap();
    assert!(!trust.get_network_fetch_allowed().unwrap());
    // A revocation policy allows the network unless told otherwise; the last one says.
    trust
        .set_policies(&[SecPolicy::create_x509(), required()])
        .unwrap();
    assert!(trust.get_network_fetch_allowed().unwrap());
    let offline = SecPolicy::create_revocation(RevocationPolicy::NETWORK_ACCESS_DISABLED).unwrap();
    trust.set_policies(&[ssl(), offline]).unwrap();
    assert!(!trust.get_network_fetch_allowed().unwrap());
    trust.set_network_fetch_allowed(true).unwrap();
    assert!(trust.get_network_fetch_allowed().unwrap());
    trust.set_network_fetch_allowed(false).unwrap();
    assert!(!trust.get_network_fetch_allowed().unwrap());
    // Apple keeps the caller's choice in the policies: new policies, new answer.
    trust.set_policy(&ssl()).unwrap();
    assert!(trust.get_network_fetch_allowed().unwrap());
}

#[test]
fn clones_are_equal_until_one_changes_and_evaluate_alike() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let expired = pki.issue(LeafSpec::Expired);
    let mut trust = trust(&pki, &expired, &[ssl()]);
    trust
        .set_signed_certificate_timestamps([&b"sct"[..]].iter())
        .unwrap();
    assert_eq!(trust.signed_certificate_timestamps(), &[b"sct".to_vec()]);
    let mut copy = trust.clone();
    assert!(copy == trust);
    assert_eq!(code(&copy), Some(EXPIRED));
    copy.set_options(TrustOptions::ALLOW_EXPIRED).unwrap();
    assert!(copy != trust);
    assert_eq!(code(&copy), None);
    assert_eq!(code(&trust), Some(EXPIRED));
    assert_eq!(
        copy.copy_public_key().unwrap(),
        expired.certificate().public_key().unwrap()
    );
}

#[test]
fn the_anchor_certificates_are_openssls_default_roots_once_each() {
    // Where OpenSSL looks, as its own tool says.
    let (status, output) = run_openssl(&["version", "-d"], TIMEOUT);
    assert!(status.is_some_and(|s| s.success()), "{output}");
    let dir = output.split('"').nth(1).expect("OPENSSLDIR: \"…\"");
    let mut expected: Vec<Vec<u8>> = Vec::new();
    let mut add = |pem: &[u8]| {
        for cert in X509::stack_from_pem(pem).unwrap_or_default() {
            let der = cert.to_der().unwrap();
            if !expected.contains(&der) {
                expected.push(der);
            }
        }
    };
    if std::env::var_os("SSL_CERT_FILE").is_none() && std::env::var_os("SSL_CERT_DIR").is_none() {
        if let Ok(pem) = fs::read(Path::new(dir).join("cert.pem")) {
            add(&pem);
        }
        for entry in fs::read_dir(Path::new(dir).join("certs"))
            .into_iter()
            .flatten()
        {
            let entry = entry.unwrap().path();
            let name = entry.file_name().unwrap().to_string_lossy().into_owned();
            if name.len() >= 10 && name.as_bytes()[8] == b'.' && !name.contains(".r") {
                add(&fs::read(&entry).unwrap_or_default());
            }
        }
    } else {
        eprintln!("SSL_CERT_FILE/SSL_CERT_DIR set: only checking that roots are unique");
    }
    let roots: Vec<Vec<u8>> = SecTrust::copy_anchor_certificates()
        .unwrap()
        .iter()
        .map(SecCertificate::to_der)
        .collect();
    for (i, root) in roots.iter().enumerate() {
        assert!(!roots[..i].contains(root), "root {i} listed twice");
    }
    if !expected.is_empty() {
        assert_eq!(roots.len(), expected.len());
        assert!(expected.iter().all(|e| roots.contains(e)));
    }
}

#[test]
fn a_pkcs12_import_reports_the_local_key_id_and_clones() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let archive = pki.server().pkcs12_made_by_openssl("pw", &[]);
    let mut options = Pkcs12ImportOptions::new();
    options.passphrase("pw");
    let imported = options.import(&archive).unwrap();
    assert_eq!(imported.len(), 1);
    // `openssl pkcs12 -export` puts the certificate's SHA-1 there.
    let cert = X509::from_pem(&pki.server().cert_pem).unwrap();
    let sha1 = cert.digest(MessageDigest::sha1()).unwrap().to_vec();
    assert_eq!(imported[0].key_id.as_deref(), Some(sha1.as_slice()));
    let copy = imported[0].clone();
    assert_eq!(copy.key_id, imported[0].key_id);
    assert_eq!(copy.label, imported[0].label);
    assert!(copy.trust == imported[0].trust);
}
