//! SecIdentity.h: a certificate with its private key.

use openssl::pkey::{PKey, PKeyRef, Private};
use openssl::x509::X509;

use crate::base::{Error, Result};
use crate::certificate::SecCertificate;
use crate::status::{errSecDecode, errSecParam};

/// A certificate and the private key that matches it (`SecIdentityRef`).
#[derive(Clone)]
pub struct SecIdentity {
    certificate: SecCertificate,
    key: PKey<Private>,
}

impl SecIdentity {
    /// Pairs a certificate with its key; `errSecParam` if they do not match.
    pub fn new(certificate: SecCertificate, key: PKey<Private>) -> Result<SecIdentity> {
        let public = certificate
            .x509()
            .public_key()
            .map_err(|_| Error::from_code(errSecDecode))?;
        if !public.public_eq(&key) {
            return Err(Error::from_code(errSecParam));
        }
        Ok(SecIdentity { certificate, key })
    }

    /// An identity from a PEM certificate and a PEM private key (PKCS#8 or traditional),
    /// with no keychain involved.
    pub fn from_pem(certificate_pem: &[u8], key_pem: &[u8]) -> Result<SecIdentity> {
        let cert = X509::from_pem(certificate_pem).map_err(|_| Error::from_code(errSecDecode))?;
        let key =
            PKey::private_key_from_pem(key_pem).map_err(|_| Error::from_code(errSecDecode))?;
        SecIdentity::new(SecCertificate::from_x509(cert), key)
    }

    /// The identity's certificate (`SecIdentityCopyCertificate`).
    pub fn certificate(&self) -> Result<SecCertificate> {
        Ok(self.certificate.clone())
    }

    pub(crate) fn private_key(&self) -> &PKeyRef<Private> {
        &self.key
    }
}

impl std::fmt::Debug for SecIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecIdentity({:?})", self.certificate.subject_summary())
    }
}
