//! Proves the test kit (tests/kit) works, using only the `openssl` tool and crate
//! (not our TLS engine), so harness bugs are not mistaken for engine bugs.

use std::time::Duration;

use openssl::asn1::Asn1Time;
use openssl::nid::Nid;
use openssl::pkcs12::Pkcs12;
use openssl::pkey::Id;
use openssl::x509::{X509ExtendedKeyUsage, X509};
use secure_transport_test_kit::peers::{openssl_version, path, run_openssl, Peer};
use secure_transport_test_kit::pki::{Issued, KeyKind, LeafSpec, Pki};

const TIMEOUT: Duration = Duration::from_secs(10);

/// `openssl verify -CAfile ca.pem [-untrusted chain] [extra] leaf.pem`: (success, output).
fn verify(pki: &Pki, leaf: &Issued, extra: &[&str]) -> (bool, String) {
    let mut args = vec!["verify", "-CAfile", path(&pki.ca().cert_path)];
    if !leaf.chain_pem.is_empty() {
        args.extend(["-untrusted", path(&leaf.chain_path)]);
    }
    args.extend(extra);
    args.push(path(&leaf.cert_path));
    let (status, output) = run_openssl(&args, TIMEOUT);
    (status.expect("openssl verify timed out").success(), output)
}

#[test]
fn s_client_verifies_s_server() {
    println!("{}", openssl_version());
    for kind in [KeyKind::EcdsaP256, KeyKind::Rsa2048] {
        let pki = Pki::new(kind);
        let server = Peer::s_server(&[
            "-cert",
            path(&pki.server().cert_path),
            "-key",
            path(&pki.server().key_path),
        ]);
        let mut client = Peer::s_client(
            server.port,
            &[
                "-CAfile",
                path(&pki.ca().cert_path),
                "-verify_return_error",
                "-verify_hostname",
                "localhost",
            ],
        );
        client.write_stdin(b"hello from s_client\n");
        assert!(
            server.wait_for_output("hello from s_client", TIMEOUT),
            "{kind:?} server:\n{}\nclient:\n{}",
            server.output(),
            client.output()
        );
        client.close_stdin();
        let status = client.wait(TIMEOUT);
        let output = client.output();
        assert!(
            output.contains("Verify return code: 0 (ok)"),
            "{kind:?}:\n{output}"
        );
        assert!(
            status.is_some_and(|s| s.success()),
            "{kind:?} {status:?}:\n{output}"
        );
    }
}

#[test]
fn s_server_readiness_does_not_use_up_an_accept() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let server = Peer::one_connection(&pki, &[]);
    let mut client = Peer::s_client(server.port, &["-CAfile", path(&pki.ca().cert_path)]);
    client.close_stdin();
    client.wait(TIMEOUT);
    assert!(
        client.output().contains("Verify return code: 0 (ok)"),
        "{}",
        client.output()
    );
}

#[test]
fn pki_leaves_verify_and_broken_leaves_fail_as_specified() {
    for kind in [KeyKind::EcdsaP256, KeyKind::Rsa2048] {
        let pki = Pki::new(kind);
        for (leaf, purpose) in [(pki.server(), "sslserver"), (pki.client(), "sslclient")] {
            let (ok, output) = verify(&pki, leaf, &["-purpose", purpose]);
            assert!(ok, "{kind:?} {purpose}:\n{output}");
        }
        for spec in LeafSpec::ALL {
            let leaf = pki.issue(spec);
            if !LeafSpec::X509.contains(&spec) {
                // Only Apple's policies refuse these: X.509 verification accepts them.
                let (ok, output) = verify(&pki, &leaf, &[]);
                assert!(ok, "{kind:?} {spec:?}:\n{output}");
                assert_breaks_apples_rules(spec, &leaf);
                continue;
            }
            let expected = match spec {
                LeafSpec::Expired => "certificate has expired",
                LeafSpec::NotYetValid => "certificate is not yet valid",
                LeafSpec::SelfSigned => "self-signed certificate",
                LeafSpec::UnknownIssuer => "unable to get local issuer certificate",
                LeafSpec::IssuedByNonCa => "invalid CA certificate",
                LeafSpec::WrongHost => {
                    let (ok, output) = verify(&pki, &leaf, &[]);
                    assert!(ok, "{kind:?} {spec:?} without hostname:\n{output}");
                    let (ok, output) = verify(&pki, &leaf, &["-verify_hostname", "localhost"]);
                    assert!(
                        !ok && output.contains("hostname mismatch"),
                        "{spec:?}:\n{output}"
                    );
                    continue;
                }
                _ => unreachable!("{spec:?} is not an X.509 failure"),
            };
            let (ok, output) = verify(&pki, &leaf, &[]);
            assert!(
                !ok && output.contains(expected),
                "{kind:?} {spec:?}:\n{output}"
            );
        }
    }
}

/// The leaf (and its intermediate, when it has one) is made as its spec says.
fn assert_breaks_apples_rules(spec: LeafSpec, leaf: &Issued) {
    let cert = X509::from_pem(&leaf.cert_pem).unwrap();
    let chain = X509::stack_from_pem(&leaf.chain_pem).unwrap();
    let rsa_bits = |c: &X509| {
        let key = c.public_key().unwrap();
        (key.id() == Id::RSA).then(|| key.bits())
    };
    let digest = |c: &X509| {
        let nid = c.signature_algorithm().object().nid();
        nid.signature_algorithms().unwrap().digest
    };
    let usage = cert.extended_key_usage();
    let days = cert.not_before().diff(cert.not_after()).unwrap().days;
    match spec {
        LeafSpec::Rsa1024 => assert_eq!(rsa_bits(&cert), Some(1024)),
        LeafSpec::Rsa512 => assert_eq!(rsa_bits(&cert), Some(512)),
        LeafSpec::Sha1Signed => assert_eq!(digest(&cert), Nid::SHA1),
        LeafSpec::Md5Signed => {
            assert_eq!(digest(&cert), Nid::MD5);
            assert_eq!(rsa_bits(&chain[0]), Some(2048));
        }
        LeafSpec::CommonNameOnly => assert!(cert.subject_alt_names().is_none()),
        LeafSpec::ClientAuthOnly => assert_eq!(usage, Some(X509ExtendedKeyUsage::SSL_CLIENT)),
        LeafSpec::NoExtendedKeyUsage => assert_eq!(usage, None),
        LeafSpec::LongValidity => assert_eq!(days, 900),
        LeafSpec::IssuedJune2019 => {
            let june_2019 = Asn1Time::from_unix(1_559_347_200).unwrap();
            assert_eq!(cert.not_before(), &*june_2019);
            assert_eq!(usage, None);
        }
        LeafSpec::WeakIntermediate => assert_eq!(rsa_bits(&chain[0]), Some(1024)),
        _ => unreachable!("{spec:?} fails X.509 verification"),
    }
    // The leaf names "localhost" in its subjectAltName unless the spec says otherwise.
    if spec != LeafSpec::CommonNameOnly {
        let names = cert.subject_alt_names().unwrap();
        assert!(
            names.iter().any(|n| n.dnsname() == Some("localhost")),
            "{spec:?}"
        );
    }
}

#[test]
fn issued_converts_to_secure_transport_types_and_pkcs12() {
    for kind in [KeyKind::EcdsaP256, KeyKind::Rsa2048] {
        let pki = Pki::new(kind);
        let non_ca = pki.issue(LeafSpec::IssuedByNonCa);
        for issued in [pki.server(), pki.client(), &non_ca] {
            let cert = X509::from_pem(&issued.cert_pem).unwrap();
            let key_id = cert.public_key().unwrap().id();
            assert_eq!(
                key_id,
                if kind == KeyKind::Rsa2048 {
                    Id::RSA
                } else {
                    Id::EC
                }
            );
            assert_eq!(issued.certificate().to_der(), cert.to_der().unwrap());
            assert_eq!(
                issued.identity().certificate().unwrap(),
                issued.certificate()
            );

            let chain = X509::stack_from_pem(&issued.chain_pem).unwrap();
            let chain_der: Vec<_> = chain.iter().map(|c| c.to_der().unwrap()).collect();
            let st_chain: Vec<_> = issued.chain().iter().map(|c| c.to_der()).collect();
            assert_eq!(st_chain, chain_der);

            let der = issued.pkcs12("pw");
            let p12 = Pkcs12::from_der(&der).unwrap();
            assert!(p12.parse2("wrong").is_err());
            let parsed = p12.parse2("pw").unwrap();
            assert_eq!(
                parsed.cert.unwrap().to_der().unwrap(),
                cert.to_der().unwrap()
            );
            assert!(parsed.pkey.unwrap().public_eq(&cert.public_key().unwrap()));
            let p12_chain: Vec<_> = parsed
                .ca
                .iter()
                .flatten()
                .map(|c| c.to_der().unwrap())
                .collect();
            assert_eq!(p12_chain, chain_der);
        }
        assert_eq!(non_ca.chain().len(), 1);
    }
}

#[test]
fn pki_files_are_private_to_each_pki_and_removed_on_drop() {
    let (a, b) = (Pki::new(KeyKind::EcdsaP256), Pki::new(KeyKind::EcdsaP256));
    assert_ne!(a.dir(), b.dir());
    let serials: Vec<_> = [a.ca(), a.server(), a.client(), b.ca()]
        .iter()
        .map(|i| {
            X509::from_pem(&i.cert_pem)
                .unwrap()
                .serial_number()
                .to_bn()
                .unwrap()
        })
        .collect();
    for (i, s) in serials.iter().enumerate() {
        assert!(serials[i + 1..].iter().all(|t| t != s), "duplicate serial");
    }
    let chain = std::fs::read(&a.server().chain_path).unwrap();
    assert_eq!(chain, a.server().cert_pem);
    let dir = a.dir().to_path_buf();
    assert!(dir.join("ca.pem").is_file());
    drop(a);
    assert!(!dir.exists());
}
