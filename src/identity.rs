//! SecIdentity.h: a certificate with its private key.

use std::sync::Arc;

use openssl::hash::MessageDigest;
use openssl::pkey::{PKey, PKeyRef, Private};
use openssl::x509::{X509Ref, X509};

use crate::base::{Error, Result};
use crate::certificate::SecCertificate;
use crate::key::SecKey;
use crate::status::{errSecDecode, errSecParam};

pub mod in_memory;

/// A certificate and the private key that matches it (`SecIdentityRef`). Clones share one
/// allocation: every server session keeps its identity, in a word.
#[derive(Clone)]
pub struct SecIdentity(Arc<Parts>);

struct Parts {
    certificate: SecCertificate,
    key: PKey<Private>,
    /// SHA-256 of the certificate, made once here: a server ties its sessions to it on
    /// every connection, and the engine finds the identity's `SSL_CTX`s by it (the key
    /// matches the certificate, so the certificate identifies both).
    fingerprint: [u8; 32],
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
        let digest = certificate
            .x509()
            .digest(MessageDigest::sha256())
            .map_err(|_| Error::from_code(errSecDecode))?;
        let mut fingerprint = [0; 32];
        fingerprint.copy_from_slice(&digest);
        Ok(SecIdentity(Arc::new(Parts {
            certificate,
            key,
            fingerprint,
        })))
    }

    /// An identity from a PEM certificate and a PEM private key (PKCS#8 or traditional),
    /// with no keychain involved.
    ///
    /// ```
    /// # use secure_transport_test_kit::pki::{KeyKind, Pki};
    /// # let pki = Pki::new(KeyKind::EcdsaP256);
    /// use secure_transport::identity::SecIdentity;
    ///
    /// let server = pki.server();
    /// let identity = SecIdentity::from_pem(&server.cert_pem, &server.key_pem)?;
    /// assert_eq!(identity.certificate()?, server.certificate());
    /// let key = identity.private_key()?;
    /// assert_eq!(SecIdentity::with_private_key(server.certificate(), &key)?, identity);
    /// // Another certificate's key does not fit.
    /// assert!(SecIdentity::with_private_key(pki.client().certificate(), &key).is_err());
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn from_pem(certificate_pem: &[u8], key_pem: &[u8]) -> Result<SecIdentity> {
        let cert = X509::from_pem(certificate_pem).map_err(|_| Error::from_code(errSecDecode))?;
        let key =
            PKey::private_key_from_pem(key_pem).map_err(|_| Error::from_code(errSecDecode))?;
        SecIdentity::new(SecCertificate::from_x509(cert), key)
    }

    /// An identity of a certificate and a private `SecKey` (`SecIdentityCreate`);
    /// `errSecParam` for a public key, or one that is not the certificate's.
    pub fn with_private_key(certificate: SecCertificate, key: &SecKey) -> Result<SecIdentity> {
        let private = key.private_pkey().ok_or(Error::from_code(errSecParam))?;
        SecIdentity::new(certificate, private.to_owned())
    }

    /// The identity's certificate (`SecIdentityCopyCertificate`).
    pub fn certificate(&self) -> Result<SecCertificate> {
        Ok(self.0.certificate.clone())
    }

    /// The identity's private key (`SecIdentityCopyPrivateKey`); `errSecUnimplemented`
    /// for a key Apple's SecKey does not know (neither RSA nor EC), which TLS still uses.
    pub fn private_key(&self) -> Result<SecKey> {
        SecKey::from_private_pkey(self.0.key.clone()).map_err(|e| Error::from_code(e.code()))
    }

    pub(crate) fn certificate_x509(&self) -> &X509Ref {
        self.0.certificate.x509()
    }

    pub(crate) fn private_pkey(&self) -> &PKeyRef<Private> {
        &self.0.key
    }

    /// The SHA-256 digest of the certificate's DER encoding.
    pub(crate) fn fingerprint(&self) -> &[u8; 32] {
        &self.0.fingerprint
    }
}

/// Equal when their certificates are (the key is the certificate's).
impl PartialEq for SecIdentity {
    fn eq(&self, other: &SecIdentity) -> bool {
        self.0.fingerprint == other.0.fingerprint
    }
}

impl Eq for SecIdentity {}

impl std::fmt::Debug for SecIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecIdentity({:?})", self.0.certificate.subject_summary())
    }
}
