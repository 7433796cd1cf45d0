//! SecCertificate.h: X.509 certificates.

use openssl::nid::Nid;
use openssl::x509::{X509Ref, X509};

use crate::base::{Error, Result};
use crate::status::errSecDecode;

/// A certificate (`SecCertificateRef`). Cloning shares the same OpenSSL object.
#[derive(Clone)]
pub struct SecCertificate(X509);

impl SecCertificate {
    /// Parses a DER certificate (`SecCertificateCreateWithData`).
    pub fn from_der(der: &[u8]) -> Result<SecCertificate> {
        X509::from_der(der)
            .map(SecCertificate)
            .map_err(|_| Error::from_code(errSecDecode))
    }

    /// Parses one PEM certificate.
    pub fn from_pem(pem: &[u8]) -> Result<SecCertificate> {
        X509::from_pem(pem)
            .map(SecCertificate)
            .map_err(|_| Error::from_code(errSecDecode))
    }

    /// Parses every certificate of a PEM bundle, in order.
    pub fn stack_from_pem(pem: &[u8]) -> Result<Vec<SecCertificate>> {
        let certs = X509::stack_from_pem(pem).map_err(|_| Error::from_code(errSecDecode))?;
        Ok(certs.into_iter().map(SecCertificate).collect())
    }

    /// The DER encoding (`SecCertificateCopyData`).
    pub fn to_der(&self) -> Vec<u8> {
        self.0.to_der().unwrap_or_default()
    }

    /// A short human-readable name: the subject's common name, else its first attribute
    /// (`SecCertificateCopySubjectSummary`).
    pub fn subject_summary(&self) -> String {
        let name = self.0.subject_name();
        let entry = name
            .entries_by_nid(Nid::COMMONNAME)
            .next()
            .or_else(|| name.entries().next());
        entry
            .map(|e| String::from_utf8_lossy(e.data().as_slice()).into_owned())
            .unwrap_or_default()
    }

    pub(crate) fn from_x509(cert: X509) -> SecCertificate {
        SecCertificate(cert)
    }

    pub(crate) fn x509(&self) -> &X509Ref {
        &self.0
    }
}

impl PartialEq for SecCertificate {
    fn eq(&self, other: &Self) -> bool {
        self.to_der() == other.to_der()
    }
}

impl std::fmt::Debug for SecCertificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecCertificate({:?})", self.subject_summary())
    }
}
