//! OCSP responses made offline by the `openssl ocsp` responder, as a server staples them.

use std::fs;
use std::time::Duration;

use openssl::x509::X509;

use crate::peers::{path, run_openssl};
use crate::pki::{Issued, Pki};

const TIMEOUT: Duration = Duration::from_secs(30);

/// What a response says about the certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Not revoked.
    Good,
    /// Revoked on 1 January 2024.
    Revoked,
    /// The responder does not know the certificate.
    Unknown,
}

/// A DER OCSP response about `leaf` (issued by `pki`'s CA), signed by `signer`, valid for a
/// day; `name` names its files in the PKI's directory.
pub fn response(pki: &Pki, signer: &Issued, leaf: &Issued, status: Status, name: &str) -> Vec<u8> {
    let cert = X509::from_pem(&leaf.cert_pem).unwrap();
    let serial = cert.serial_number().to_bn().unwrap().to_hex_str().unwrap();
    let line = match status {
        Status::Good => format!("V\t301231000000Z\t\t{serial}\tunknown\t/CN=localhost\n"),
        Status::Revoked => {
            format!("R\t301231000000Z\t240101000000Z\t{serial}\tunknown\t/CN=localhost\n")
        }
        Status::Unknown => String::new(),
    };
    let index = pki.dir().join(format!("{name}-index.txt"));
    fs::write(&index, line).unwrap();
    let out = pki.dir().join(format!("{name}-response.der"));
    let (status, output) = run_openssl(
        &[
            "ocsp",
            "-index",
            path(&index),
            "-rsigner",
            path(&signer.cert_path),
            "-rkey",
            path(&signer.key_path),
            "-CA",
            path(&pki.ca().cert_path),
            "-issuer",
            path(&pki.ca().cert_path),
            "-cert",
            path(&leaf.cert_path),
            "-respout",
            path(&out),
            "-ndays",
            "1",
        ],
        TIMEOUT,
    );
    assert!(
        status.is_some_and(|s| s.success()),
        "openssl ocsp:\n{output}"
    );
    fs::read(&out).expect("the OCSP response openssl wrote")
}
