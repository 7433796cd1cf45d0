//! SecCertificate.h: X.509 certificates.

mod der;

use std::sync::Arc;

use openssl::nid::Nid;
use openssl::x509::{X509Ref, X509};

use crate::base::{Error, Result};
use crate::status::errSecDecode;

/// A certificate (`SecCertificateRef`): the bytes it was made from and OpenSSL's object.
/// Cloning shares both.
#[derive(Clone)]
pub struct SecCertificate {
    x509: X509,
    der: Arc<[u8]>,
}

impl SecCertificate {
    /// Parses a DER certificate (`SecCertificateCreateWithData`), refusing what Apple's
    /// parser refuses (a version other than v2/v3 given explicitly, BER lengths, bytes left
    /// inside the structure). Bytes after the certificate are kept but not read, as on Apple.
    pub fn from_der(der: &[u8]) -> Result<SecCertificate> {
        let x509 = der::acceptable(der)
            .then(|| X509::from_der(der).ok())
            .flatten()
            .ok_or(Error::from_code(errSecDecode))?;
        Ok(SecCertificate {
            x509,
            der: der.into(),
        })
    }

    /// Parses one PEM certificate; its DER must be one Apple's parser accepts.
    pub fn from_pem(pem: &[u8]) -> Result<SecCertificate> {
        let x509 = X509::from_pem(pem).map_err(|_| Error::from_code(errSecDecode))?;
        SecCertificate::checked(x509)
    }

    /// Parses every certificate of a PEM bundle, in order.
    pub fn stack_from_pem(pem: &[u8]) -> Result<Vec<SecCertificate>> {
        let certs = X509::stack_from_pem(pem).map_err(|_| Error::from_code(errSecDecode))?;
        certs.into_iter().map(SecCertificate::checked).collect()
    }

    /// A certificate OpenSSL read from another encoding, if its DER passes Apple's parser.
    fn checked(x509: X509) -> Result<SecCertificate> {
        let certificate = SecCertificate::from_x509(x509);
        if der::acceptable(&certificate.der) {
            Ok(certificate)
        } else {
            Err(Error::from_code(errSecDecode))
        }
    }

    /// The DER encoding (`SecCertificateCopyData`): the bytes the certificate was made from.
    pub fn to_der(&self) -> Vec<u8> {
        self.der.to_vec()
    }

    /// A short human-readable name: the subject's common name, else its first attribute
    /// (`SecCertificateCopySubjectSummary`).
    pub fn subject_summary(&self) -> String {
        let name = self.x509.subject_name();
        let entry = name
            .entries_by_nid(Nid::COMMONNAME)
            .next()
            .or_else(|| name.entries().next());
        entry
            .map(|e| String::from_utf8_lossy(e.data().as_slice()).into_owned())
            .unwrap_or_default()
    }

    /// A certificate OpenSSL made (a peer's, an identity's), with its DER.
    pub(crate) fn from_x509(x509: X509) -> SecCertificate {
        let der = x509.to_der().unwrap_or_default().into();
        SecCertificate { x509, der }
    }

    pub(crate) fn x509(&self) -> &X509Ref {
        &self.x509
    }
}

/// Equal when their bytes are, as `CFEqual` compares certificates on Apple.
impl PartialEq for SecCertificate {
    fn eq(&self, other: &Self) -> bool {
        self.der == other.der
    }
}

impl std::fmt::Debug for SecCertificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecCertificate({:?})", self.subject_summary())
    }
}
