//! security-framework's `delete` and `add_to_keychain` of certificates, identities and keys:
//! `SecItemDelete` of the item itself over the search list, `SecCertificateAddToKeychain`.

use super::items::{ItemClass, ItemValue};
use super::keychains::SecKeychain;
use super::search::ItemSearchOptions;
use crate::base::Result;
use crate::certificate::SecCertificate;
use crate::identity::SecIdentity;
use crate::key::SecKey;

impl SecCertificate {
    /// Removes this certificate from the keychains of the search list (`SecItemDelete`):
    /// `errSecItemNotFound` if none has it.
    pub fn delete(&self) -> Result<()> {
        ItemSearchOptions::new(ItemClass::Certificate)
            .certificate(self)
            .delete()
    }

    /// Adds this certificate to `keychain`, or the default keychain
    /// (`SecCertificateAddToKeychain`): `errSecDuplicateItem` if it is there already.
    pub fn add_to_keychain(&self, keychain: Option<SecKeychain>) -> Result<()> {
        let keychain = match keychain {
            Some(keychain) => keychain,
            None => SecKeychain::default()?,
        };
        keychain
            .add(&ItemValue::Certificate(self.clone()), None)
            .map(drop)
    }
}

impl SecIdentity {
    /// Removes this identity (its certificate, and its key unless another certificate needs
    /// it) from the keychains of the search list: `errSecItemNotFound` if none has it.
    pub fn delete(&self) -> Result<()> {
        let certificate = self.certificate()?;
        ItemSearchOptions::new(ItemClass::Identity)
            .certificate(&certificate)
            .delete()
    }
}

impl SecKey {
    /// Removes this private key from the keychains of the search list:
    /// `errSecItemNotFound` if none has it.
    pub fn delete(&self) -> Result<()> {
        ItemSearchOptions::new(ItemClass::Key).key(self).delete()
    }
}
