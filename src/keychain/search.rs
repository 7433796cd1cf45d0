//! Finding, relabelling and deleting items across keychains (`SecItemCopyMatching`,
//! `SecItemUpdate`, `SecItemDelete`), and pairing a certificate with its private key
//! (`SecIdentityCreateWithCertificate`). As Apple's keychain cursor does, a keychain that
//! cannot be read (missing, locked, damaged) is passed over; its error is the result only if
//! every keychain failed so.

use super::items::{self, ItemClass, ItemValue, Query};
use super::keychains::{Item, SecKeychain};
use crate::base::{Error, Result};
use crate::certificate::SecCertificate;
use crate::identity::{in_memory, SecIdentity};
use crate::key::SecKey;
use crate::policy::SecPolicy;
use crate::status::errSecItemNotFound;

/// How many items a search returns (`kSecMatchLimit`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// `kSecMatchLimitAll`.
    All,
    /// At most this many; `Max(1)` is `kSecMatchLimitOne`, Apple's default.
    Max(usize),
}

/// Which items to find, relabel or delete, and where: the items of one class with every
/// property given, in the keychains given or the search list.
///
/// ```
/// use secure_transport::keychain::{ItemClass, ItemSearchOptions, ItemValue, Limit, SecKeychain};
/// use secure_transport_test_kit::pki::{KeyKind, Pki};
///
/// let pki = Pki::new(KeyKind::EcdsaP256);
/// let keychain = SecKeychain::create(pki.dir().join("search.keychain"), b"secret")?;
/// keychain.add(&ItemValue::Identity(pki.server().identity()), Some("server"))?;
/// keychain.add(&ItemValue::Certificate(pki.ca().certificate()), Some("ca"))?;
///
/// // Both certificates (an identity's certificate is a certificate item too).
/// let mut certificates = ItemSearchOptions::new(ItemClass::Certificate);
/// certificates.keychains(&[keychain.clone()]).limit(Limit::All);
/// assert_eq!(certificates.search()?.len(), 2);
///
/// // One identity, found by its label, then relabelled and deleted.
/// let mut identity = ItemSearchOptions::new(ItemClass::Identity);
/// identity.keychains(&[keychain.clone()]).label("server");
/// assert_eq!(identity.search()?[0].label(), "server");
/// identity.set_label("web server")?;
/// assert!(identity.search().is_err()); // errSecItemNotFound: the label changed
/// identity.label("web server").delete()?;
/// assert_eq!(certificates.search()?.len(), 1);
/// # Ok::<(), secure_transport::base::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ItemSearchOptions {
    query: Query,
    limit: Limit,
    keychains: Option<Vec<SecKeychain>>,
}

impl ItemSearchOptions {
    /// Every item of `class` (`kSecClass`), at most one found.
    pub fn new(class: ItemClass) -> ItemSearchOptions {
        ItemSearchOptions {
            query: Query::new(class),
            limit: Limit::Max(1),
            keychains: None,
        }
    }

    /// The item `reference` names ([`Item::persistent_ref`]) in its keychain, if the bytes
    /// are such a reference (`kSecValuePersistentRef`).
    pub fn with_persistent_ref(reference: &[u8]) -> Option<ItemSearchOptions> {
        let (class, fingerprint, path) = items::parse_persistent_ref(reference)?;
        let keychain = SecKeychain::open(path).ok()?;
        let mut search = ItemSearchOptions::new(class);
        search.query.fingerprint = Some(fingerprint);
        search.keychains(&[keychain]);
        Some(search)
    }

    /// Only items with this label (`kSecAttrLabel`).
    pub fn label(&mut self, label: &str) -> &mut Self {
        self.query.label = Some(label.to_owned());
        self
    }

    /// Only the items of this certificate: the certificate itself, its private key, the
    /// identity it heads (`kSecValueRef`, `kSecMatchItemList`).
    pub fn certificate(&mut self, certificate: &SecCertificate) -> &mut Self {
        self.query.certificate = Some(certificate.clone());
        self
    }

    /// Only the items of this key's public key: the private key, the certificates that
    /// carry it, their identities (`kSecValueRef` of a key).
    pub fn key(&mut self, key: &SecKey) -> &mut Self {
        let public = key.public_pkey();
        // A key without a public half (none Apple's SecKey makes) names nothing.
        self.query.key = Some(
            public
                .and_then(|p| items::key_fingerprint(&p))
                .unwrap_or_default(),
        );
        self
    }

    /// Only certificates and identities whose certificate meets `policy` in itself, whoever
    /// issued it (`kSecMatchPolicy`, as Apple's `_FilterWithPolicy`): TLS client or server
    /// usage, a host name, the validity dates. Keys are not filtered.
    pub fn policy(&mut self, policy: &SecPolicy) -> &mut Self {
        self.query.policy = Some(policy.clone());
        self
    }

    /// Compare labels and subjects without regard to case (`kSecMatchCaseInsensitive`).
    pub fn case_insensitive(&mut self, case_insensitive: bool) -> &mut Self {
        self.query.case_insensitive = case_insensitive;
        self
    }

    /// Only certificates and identities whose certificate is trusted under basic X.509
    /// rules: a chain, through the keychain's other certificates, to one of the system's
    /// roots, valid today (`kSecMatchTrustedOnly`). Keys are not filtered.
    pub fn trusted_only(&mut self, trusted_only: bool) -> &mut Self {
        self.query.trusted_only = trusted_only;
        self
    }

    /// Only certificates and identities whose certificate's subject summary
    /// ([`SecCertificate::subject_summary`]) is `subject` (`kSecAttrSubject`); no key has one.
    pub fn subject(&mut self, subject: &str) -> &mut Self {
        self.query.subject = Some(subject.to_owned());
        self
    }

    /// Only certificates and identities whose certificate has this serial number, its
    /// big-endian bytes (`kSecAttrSerialNumber`); no key has one.
    pub fn serial_number(&mut self, serial_number: &[u8]) -> &mut Self {
        self.query.serial_number = Some(serial_number.to_vec());
        self
    }

    /// Only certificates and identities whose certificate's public key has this SHA-1 hash
    /// ([`SecKey::application_label`]) (`kSecAttrPublicKeyHash`); no key has one.
    pub fn public_key_hash(&mut self, hash: &[u8]) -> &mut Self {
        self.query.public_key_hash = Some(hash.to_vec());
        self
    }

    /// Only keys and identities whose public key has this SHA-1 hash
    /// ([`SecKey::application_label`]) (`kSecAttrApplicationLabel`); no certificate has one.
    pub fn application_label(&mut self, label: &[u8]) -> &mut Self {
        self.query.application_label = Some(label.to_vec());
        self
    }

    /// How many items [`ItemSearchOptions::search`] returns (`kSecMatchLimit`).
    pub fn limit(&mut self, limit: Limit) -> &mut Self {
        self.limit = limit;
        self
    }

    /// Search these keychains, in this order, rather than the search list
    /// (`kSecMatchSearchList`, `kSecUseKeychain`).
    pub fn keychains(&mut self, keychains: &[SecKeychain]) -> &mut Self {
        self.keychains = Some(keychains.to_vec());
        self
    }

    /// The items found, keychain by keychain, up to the limit: `errSecItemNotFound` if none.
    pub fn search(&self) -> Result<Vec<Item>> {
        let most = self.most();
        let mut found = Vec::new();
        self.each_keychain(|keychain| {
            if found.len() < most {
                found.extend(keychain.find(&self.query)?);
            }
            Ok(())
        })?;
        found.truncate(most);
        if found.is_empty() {
            return Err(Error::from_code(errSecItemNotFound));
        }
        Ok(found)
    }

    /// Gives the items found, up to the limit, the label `label` (`SecItemUpdate`, which
    /// changes what `SecItemCopyMatching` would find): `errSecItemNotFound` if none.
    pub fn set_label(&self, label: &str) -> Result<()> {
        self.change(|keychain, most| {
            keychain.change(|contents| contents.relabel(&self.query, label, most))
        })
    }

    /// Deletes the items found, up to the limit (`SecItemDelete`, which deletes what
    /// `SecItemCopyMatching` would find): `errSecItemNotFound` if none. An identity's private
    /// key stays if another certificate of its keychain needs it.
    pub fn delete(&self) -> Result<()> {
        self.change(|keychain, most| keychain.change(|contents| contents.remove(&self.query, most)))
    }

    /// Applies `change` to each keychain, with how many items it may change at most, until
    /// the limit is reached: `errSecItemNotFound` unless one had an item.
    fn change(&self, change: impl Fn(&SecKeychain, usize) -> Result<usize>) -> Result<()> {
        let most = self.most();
        let mut left = most;
        self.each_keychain(|keychain| {
            if left == 0 {
                return Ok(());
            }
            match change(keychain, left) {
                Ok(changed) => {
                    left -= changed.min(left);
                    Ok(())
                }
                Err(e) if e.code() == errSecItemNotFound => Ok(()),
                Err(e) => Err(e),
            }
        })?;
        if left == most {
            return Err(Error::from_code(errSecItemNotFound));
        }
        Ok(())
    }

    fn most(&self) -> usize {
        match self.limit {
            Limit::All => usize::MAX,
            Limit::Max(most) => most,
        }
    }

    /// Runs `visit` on each keychain; the last error only if every keychain failed.
    fn each_keychain(&self, mut visit: impl FnMut(&SecKeychain) -> Result<()>) -> Result<()> {
        let keychains = match &self.keychains {
            Some(keychains) => keychains.clone(),
            None => SecKeychain::search_list()?,
        };
        let mut failure = None;
        let mut any_read = false;
        for keychain in &keychains {
            match visit(keychain) {
                Ok(()) => any_read = true,
                Err(e) => {
                    log::debug!("{keychain:?} passed over: {e}");
                    failure = Some(e);
                }
            }
        }
        match failure {
            Some(e) if !any_read => Err(e),
            _ => Ok(()),
        }
    }
}

impl SecIdentity {
    /// The identity of `certificate` and the private key that matches it, found in
    /// `keychains`, or the search list if none are given (`SecIdentityCreateWithCertificate`):
    /// `errSecItemNotFound` if none of them has the key.
    pub fn with_certificate(
        keychains: &[SecKeychain],
        certificate: &SecCertificate,
    ) -> Result<SecIdentity> {
        let mut search = ItemSearchOptions::new(ItemClass::Key);
        search.certificate(certificate);
        if !keychains.is_empty() {
            search.keychains(keychains);
        }
        let found = search.search().map(|items| {
            items.into_iter().find_map(|item| match item.into_value() {
                ItemValue::Key(key) => Some(key),
                _ => None,
            })
        });
        if let Ok(Some(key)) = found {
            return SecIdentity::new(certificate.clone(), key);
        }
        // The search list ends with the keys imported with no keychain, as Apple's key
        // store holds those (see `identity::in_memory`).
        if keychains.is_empty() {
            if let Some(identity) = in_memory::identity_for(certificate) {
                return Ok(identity);
            }
        }
        found.and(Err(Error::from_code(errSecItemNotFound)))
    }
}
