//! The C programs of tests/c, built with the system C compiler against our headers and
//! library using nothing but Apple's API, run against real openssl peers — under valgrind
//! when it is installed (no leak, no invalid access), as CI does.

#[path = "../../tests/support/mod.rs"]
mod support;

mod cc;

use std::path::PathBuf;
use std::time::Duration;

use support::{KeyKind, Pki};

/// A DER copy of a PEM certificate, for C code that reads DER.
fn der_file(pki: &Pki, pem: &[u8], name: &str) -> PathBuf {
    let path = pki.dir().join(name);
    let der = openssl::x509::X509::from_pem(pem)
        .and_then(|c| c.to_der())
        .expect("PEM certificate");
    std::fs::write(&path, der).expect("write DER");
    path
}

#[test]
fn blocking_client_against_s_server() {
    let exe = cc::build("blocking_client");
    for (version, flags) in [
        ("12", &["-tls1_2"][..]),
        ("13", &["-tls1_3"][..]),
        ("10", &["-tls1", "-cipher", "DEFAULT@SECLEVEL=0"][..]),
    ] {
        let pki = Pki::new(KeyKind::EcdsaP256);
        let ca = der_file(&pki, &pki.ca().cert_pem, "ca.der");
        let cert = pki.server().cert_path.to_str().unwrap().to_owned();
        let key = pki.server().key_path.to_str().unwrap().to_owned();
        let mut args = vec!["-cert", &cert, "-key", &key, "-rev", "-naccept", "1"];
        args.extend_from_slice(flags);
        let server = support::Peer::s_server(&args);
        let port = server.port.to_string();
        let outcome = cc::run(
            &exe,
            &[&port, ca.to_str().unwrap(), version],
            Duration::from_secs(60),
        );
        assert!(
            outcome.success,
            "TLS {version}: {}{}\ns_server:\n{}",
            outcome.stdout,
            outcome.stderr,
            server.output()
        );
        assert!(outcome.stdout.starts_with("OK "), "{}", outcome.stdout);
    }
}
