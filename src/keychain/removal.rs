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
    ///
    /// ```
    /// use secure_transport::key::{GenerateKeyOptions, KeyType, SecKey};
    /// use secure_transport::keychain::ItemValue;
    /// use secure_transport::os::macos::keychain::{CreateOptions, SecKeychain};
    ///
    /// let dir = std::env::temp_dir().join(format!("delete-doc-{}", std::process::id()));
    /// let keychain = CreateOptions::new().create(dir.join("d.keychain"))?;
    /// SecKeychain::set_search_list(&[keychain.clone()]);
    /// let key = SecKey::new(GenerateKeyOptions::default().set_key_type(KeyType::ec())).unwrap();
    /// keychain.add(&ItemValue::Key(key.private_pkey().unwrap().to_owned()), None)?;
    /// key.delete()?;
    /// assert_eq!(key.delete().unwrap_err().code(), -25300); // errSecItemNotFound
    /// # keychain.delete()?;
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn delete(&self) -> Result<()> {
        ItemSearchOptions::new(ItemClass::Key).key(self).delete()
    }
}
