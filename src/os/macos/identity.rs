//! `SecIdentityExt`: an identity from a certificate and the key a keychain holds for it.

use crate::base::Result;
use crate::certificate::SecCertificate;
use crate::identity::SecIdentity;
use crate::os::macos::keychain::SecKeychain;

/// Identities found through keychains, as security-framework's macOS extension.
pub trait SecIdentityExt {
    /// The identity of `certificate` and its private key, looked for in `keychains`, or in
    /// the search list when the slice is empty (`SecIdentityCreateWithCertificate`):
    /// `errSecItemNotFound` if none holds the key.
    ///
    /// ```
    /// use secure_transport::identity::SecIdentity;
    /// use secure_transport::keychain::ItemValue;
    /// use secure_transport::os::macos::identity::SecIdentityExt;
    /// use secure_transport::os::macos::keychain::CreateOptions;
    /// use secure_transport_test_kit::pki::{KeyKind, Pki};
    ///
    /// let pki = Pki::new(KeyKind::Rsa2048);
    /// let keychain = CreateOptions::new().password("pw").create(pki.dir().join("id.keychain"))?;
    /// let server = pki.server().identity();
    /// keychain.add(&ItemValue::Identity(server.clone()), None)?;
    /// let found = SecIdentity::with_certificate(&[keychain], &server.certificate()?)?;
    /// assert_eq!(found.certificate()?, server.certificate()?);
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    fn with_certificate(
        keychains: &[SecKeychain],
        certificate: &SecCertificate,
    ) -> Result<SecIdentity>;
}

impl SecIdentityExt for SecIdentity {
    fn with_certificate(
        keychains: &[SecKeychain],
        certificate: &SecCertificate,
    ) -> Result<SecIdentity> {
        SecIdentity::with_certificate(keychains, certificate)
    }
}
