//! security-framework's `item`: finding and deleting keychain items with `SecItemCopyMatching`
//! and `SecItemDelete`'s query, built on [`crate::keychain`]'s search.
//!
//! The keychains here hold certificates, private keys and identities; a search for password
//! items finds nothing (`errSecItemNotFound`).

use std::collections::HashMap;
use std::fmt;

use crate::base::{Error, Result};
use crate::certificate::SecCertificate;
use crate::identity::SecIdentity;
use crate::key::SecKey;
use crate::keychain::{self, ItemValue, SecKeychain};
use openssl::pkey::{PKey, Private};

use crate::key::KeyType;
use crate::status::{errSecItemNotFound, errSecNoSuchAttr, errSecParam, errSecUnimplemented};

/// `kSecClass`: the kind of item a search is about.
#[derive(Debug, Copy, Clone, PartialEq, Eq)]
pub struct ItemClass(Option<keychain::ItemClass>);

impl ItemClass {
    /// `kSecClassGenericPassword` (none are stored here).
    pub fn generic_password() -> ItemClass {
        ItemClass(None)
    }

    /// `kSecClassInternetPassword` (none are stored here).
    pub fn internet_password() -> ItemClass {
        ItemClass(None)
    }

    /// `kSecClassCertificate`.
    ///
    /// ```
    /// use secure_transport::item::ItemClass;
    ///
    /// assert_ne!(ItemClass::certificate(), ItemClass::key());
    /// assert_ne!(ItemClass::identity(), ItemClass::certificate());
    /// // No password items are kept here: both classes find nothing.
    /// assert_eq!(ItemClass::generic_password(), ItemClass::internet_password());
    /// ```
    pub fn certificate() -> ItemClass {
        ItemClass(Some(keychain::ItemClass::Certificate))
    }

    /// `kSecClassKey`.
    pub fn key() -> ItemClass {
        ItemClass(Some(keychain::ItemClass::Key))
    }

    /// `kSecClassIdentity`.
    pub fn identity() -> ItemClass {
        ItemClass(Some(keychain::ItemClass::Identity))
    }
}

/// `kSecAttrKeyClass`: which keys a key search is about.
#[derive(Debug, Copy, Clone, PartialEq, Eq)]
pub struct KeyClass(crate::key::KeyClass);

impl KeyClass {
    /// `kSecAttrKeyClassPublic`: keychain files here keep none on their own.
    pub fn public() -> KeyClass {
        KeyClass(crate::key::KeyClass::Public)
    }

    /// `kSecAttrKeyClassPrivate`.
    ///
    /// ```
    /// use secure_transport::item::KeyClass;
    ///
    /// assert_ne!(KeyClass::private(), KeyClass::public());
    /// ```
    pub fn private() -> KeyClass {
        KeyClass(crate::key::KeyClass::Private)
    }
}

/// `kSecMatchLimit`: how many items a search returns.
#[derive(Debug, Copy, Clone)]
pub enum Limit {
    /// `kSecMatchLimitAll`.
    All,
    /// At most this many (`kSecMatchLimitOne` is `Max(1)`, the default).
    Max(i64),
}

impl From<i64> for Limit {
    fn from(limit: i64) -> Limit {
        Limit::Max(limit)
    }
}

/// Which items to find or delete (`SecItemCopyMatching`'s query): every property given must
/// hold. What a search returns is chosen with `load_refs`, `load_attributes`, `load_data`.
///
/// ```
/// use secure_transport::item::{ItemClass, ItemSearchOptions, Reference, SearchResult};
/// use secure_transport::keychain::ItemValue;
/// use secure_transport::os::macos::keychain::CreateOptions;
/// use secure_transport_test_kit::pki::{KeyKind, Pki};
///
/// let pki = Pki::new(KeyKind::EcdsaP256);
/// let keychain = CreateOptions::new().password("pw").create(pki.dir().join("s.keychain"))?;
/// keychain.add(&ItemValue::Identity(pki.client().identity()), Some("me"))?;
/// let found = ItemSearchOptions::new()
///     .class(ItemClass::identity())
///     .keychains(&[keychain.clone()])
///     .label("me")
///     .load_refs(true)
///     .search()?;
/// assert!(matches!(&found[..], [SearchResult::Ref(Reference::Identity(_))]));
///
/// ItemSearchOptions::new().class(ItemClass::identity()).keychains(&[keychain.clone()]).delete()?;
/// let gone = ItemSearchOptions::new().class(ItemClass::certificate()).keychains(&[keychain]).search();
/// assert_eq!(gone.unwrap_err().code(), -25300); // errSecItemNotFound
/// # Ok::<(), secure_transport::base::Error>(())
/// ```
#[derive(Default, Debug, Clone)]
pub struct ItemSearchOptions {
    keychains: Option<Vec<SecKeychain>>,
    class: Option<ItemClass>,
    key_class: Option<KeyClass>,
    load_refs: bool,
    load_attributes: bool,
    load_data: bool,
    limit: Option<Limit>,
    label: Option<String>,
    case_insensitive: Option<bool>,
    trusted_only: Option<bool>,
    subject: Option<String>,
    pub_key_hash: Option<Vec<u8>>,
    serial_number: Option<Vec<u8>>,
    app_label: Option<Vec<u8>>,
}

impl ItemSearchOptions {
    /// A search of nothing yet: a class must be given.
    pub fn new() -> ItemSearchOptions {
        ItemSearchOptions::default()
    }

    /// Search these keychains rather than the search list (`kSecMatchSearchList`).
    pub fn keychains(&mut self, keychains: &[SecKeychain]) -> &mut Self {
        self.keychains = Some(keychains.to_vec());
        self
    }

    /// `kSecClass`.
    pub fn class(&mut self, class: ItemClass) -> &mut Self {
        self.class = Some(class);
        self
    }

    /// Keys of this class only (`kSecAttrKeyClass`); implies [`ItemClass::key`]. Public
    /// keys are not kept on their own here: a search for them finds nothing.
    ///
    /// ```
    /// use secure_transport::item::{ItemSearchOptions, KeyClass, Limit, Reference, SearchResult};
    /// use secure_transport::keychain::ItemValue;
    /// use secure_transport::os::macos::keychain::CreateOptions;
    /// use secure_transport_test_kit::pki::{KeyKind, Pki};
    ///
    /// let pki = Pki::new(KeyKind::EcdsaP256);
    /// let keychain = CreateOptions::new().password("pw").create(pki.dir().join("k.keychain"))?;
    /// keychain.add(&ItemValue::Identity(pki.server().identity()), None)?;
    /// keychain.add(&ItemValue::Identity(pki.client().identity()), None)?;
    /// let mut search = ItemSearchOptions::new();
    /// search.keychains(&[keychain]).key_class(KeyClass::private()).load_refs(true);
    /// assert_eq!(search.search()?.len(), 1); // one unless a limit says more
    /// let keys = search.limit(Limit::All).search()?;
    /// assert!(keys.iter().all(|k| matches!(k, SearchResult::Ref(Reference::Key(_)))));
    /// assert_eq!(keys.len(), 2);
    /// assert!(search.key_class(KeyClass::public()).search().is_err());
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn key_class(&mut self, key_class: KeyClass) -> &mut Self {
        self.class(ItemClass::key());
        self.key_class = Some(key_class);
        self
    }

    /// Return the items themselves, [`SearchResult::Ref`] (`kSecReturnRef`).
    pub fn load_refs(&mut self, load_refs: bool) -> &mut Self {
        self.load_refs = load_refs;
        self
    }

    /// Return the items' attributes, [`SearchResult::Dict`] (`kSecReturnAttributes`).
    ///
    /// ```
    /// use secure_transport::item::{ItemClass, ItemSearchOptions};
    /// use secure_transport::keychain::ItemValue;
    /// use secure_transport::os::macos::keychain::CreateOptions;
    /// use secure_transport_test_kit::pki::{KeyKind, Pki};
    ///
    /// let pki = Pki::new(KeyKind::EcdsaP256);
    /// let keychain = CreateOptions::new().password("pw").create(pki.dir().join("a.keychain"))?;
    /// keychain.add(&ItemValue::Certificate(pki.ca().certificate()), Some("root"))?;
    /// let found = ItemSearchOptions::new()
    ///     .class(ItemClass::certificate())
    ///     .keychains(&[keychain])
    ///     .load_attributes(true)
    ///     .search()?;
    /// let attributes = found[0].simplify_dict().unwrap();
    /// assert_eq!(attributes["labl"], "root");
    /// assert_eq!(attributes["class"], "cert");
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn load_attributes(&mut self, load_attributes: bool) -> &mut Self {
        self.load_attributes = load_attributes;
        self
    }

    /// Return the items' data, [`SearchResult::Data`] (`kSecReturnData`): a certificate's
    /// DER, a key's external representation.
    ///
    /// ```
    /// use secure_transport::item::{ItemClass, ItemSearchOptions, SearchResult};
    /// use secure_transport::keychain::ItemValue;
    /// use secure_transport::os::macos::keychain::CreateOptions;
    /// use secure_transport_test_kit::pki::{KeyKind, Pki};
    ///
    /// let pki = Pki::new(KeyKind::EcdsaP256);
    /// let keychain = CreateOptions::new().password("pw").create(pki.dir().join("d.keychain"))?;
    /// let ca = pki.ca().certificate();
    /// keychain.add(&ItemValue::Certificate(ca.clone()), None)?;
    /// let found = ItemSearchOptions::new()
    ///     .class(ItemClass::certificate())
    ///     .keychains(&[keychain])
    ///     .label("secure-transport test CA") // a certificate's default label: its subject
    ///     .load_data(true)
    ///     .search()?;
    /// assert!(matches!(&found[..], [SearchResult::Data(der)] if *der == ca.to_der()));
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn load_data(&mut self, load_data: bool) -> &mut Self {
        self.load_data = load_data;
        self
    }

    /// How many items to return (`kSecMatchLimit`); one by default.
    pub fn limit<T: Into<Limit>>(&mut self, limit: T) -> &mut Self {
        self.limit = Some(limit.into());
        self
    }

    /// Items with this label only (`kSecAttrLabel`).
    pub fn label(&mut self, label: &str) -> &mut Self {
        self.label = Some(label.to_owned());
        self
    }

    /// Compare labels and subjects without regard to case (`kSecMatchCaseInsensitive`);
    /// `None`: with regard to it, Apple's default.
    pub fn case_insensitive(&mut self, case_insensitive: Option<bool>) -> &mut Self {
        self.case_insensitive = case_insensitive;
        self
    }

    /// `Some(true)`: only certificates and identities whose certificate is trusted under
    /// basic X.509 rules — a chain, through the keychain's other certificates, to one of the
    /// system's roots, valid today (`kSecMatchTrustedOnly`). Keys are not filtered.
    pub fn trusted_only(&mut self, trusted_only: Option<bool>) -> &mut Self {
        self.trusted_only = trusted_only;
        self
    }

    /// Only certificates and identities whose certificate's subject summary
    /// ([`SecCertificate::subject_summary`], its common name) is exactly `subject`
    /// (`kSecAttrSubject`); keys have no subject.
    pub fn subject(&mut self, subject: &str) -> &mut Self {
        self.subject = Some(subject.to_owned());
        self
    }

    /// Only certificates (and identities) whose public key's SHA-1 hash
    /// ([`SecKey::application_label`]) is `pub_key_hash` (`kSecAttrPublicKeyHash`); for keys
    /// use [`ItemSearchOptions::application_label`].
    pub fn pub_key_hash(&mut self, pub_key_hash: &[u8]) -> &mut Self {
        self.pub_key_hash = Some(pub_key_hash.to_vec());
        self
    }

    /// Only certificates (and identities) with this serial number, its big-endian bytes
    /// ([`SecCertificate::serial_number_bytes`]) (`kSecAttrSerialNumber`).
    pub fn serial_number(&mut self, serial_number: &[u8]) -> &mut Self {
        self.serial_number = Some(serial_number.to_vec());
        self
    }

    /// Only keys (and identities) whose public key's SHA-1 hash
    /// ([`SecKey::application_label`]) is `app_label` (`kSecAttrApplicationLabel`); for
    /// certificates use [`ItemSearchOptions::pub_key_hash`].
    pub fn application_label(&mut self, app_label: &[u8]) -> &mut Self {
        self.app_label = Some(app_label.to_vec());
        self
    }

    /// The search in [`crate::keychain`]'s terms; `None` for a class no item here has.
    fn query(&self) -> Result<Option<keychain::ItemSearchOptions>> {
        let class = self.class.ok_or(Error::from_code(errSecParam))?;
        let Some(class) = class.0 else {
            return Ok(None);
        };
        if self
            .key_class
            .is_some_and(|k| k.0 == crate::key::KeyClass::Public)
        {
            return Ok(None);
        }
        let mut search = keychain::ItemSearchOptions::new(class);
        if let Some(keychains) = &self.keychains {
            search.keychains(keychains);
        }
        if let Some(label) = &self.label {
            search.label(label);
        }
        search.case_insensitive(self.case_insensitive == Some(true));
        search.trusted_only(self.trusted_only == Some(true));
        if let Some(subject) = &self.subject {
            search.subject(subject);
        }
        if let Some(hash) = &self.pub_key_hash {
            search.public_key_hash(hash);
        }
        if let Some(serial_number) = &self.serial_number {
            search.serial_number(serial_number);
        }
        if let Some(label) = &self.app_label {
            search.application_label(label);
        }
        search.limit(match self.limit {
            None => keychain::Limit::Max(1),
            Some(Limit::All) => keychain::Limit::All,
            Some(Limit::Max(n)) => keychain::Limit::Max(usize::try_from(n).unwrap_or(0)),
        });
        Ok(Some(search))
    }

    /// The items found (`SecItemCopyMatching`), each as asked: `errSecItemNotFound` if none,
    /// `errSecParam` without a class.
    pub fn search(&self) -> Result<Vec<SearchResult>> {
        let search = self.query()?.ok_or(Error::from_code(errSecItemNotFound))?;
        let found = search.search()?;
        Ok(found.into_iter().map(|item| self.result(item)).collect())
    }

    fn result(&self, item: keychain::Item) -> SearchResult {
        if self.load_attributes {
            let mut attributes = HashMap::new();
            attributes.insert("labl".to_owned(), item.label().to_owned());
            let class = match item.value().class() {
                keychain::ItemClass::Certificate => "cert",
                keychain::ItemClass::Key => "keys",
                keychain::ItemClass::Identity => "idnt",
            };
            attributes.insert("class".to_owned(), class.to_owned());
            return SearchResult::Dict(attributes);
        }
        let reference = match item.into_value() {
            ItemValue::Certificate(certificate) => Reference::Certificate(certificate),
            ItemValue::Identity(identity) => Reference::Identity(identity),
            ItemValue::Key(key) => match SecKey::from_private_pkey(key) {
                Ok(key) => Reference::Key(key),
                Err(_) => return SearchResult::Other,
            },
        };
        if self.load_data && !self.load_refs {
            let data = match &reference {
                Reference::Certificate(certificate) => Some(certificate.to_der()),
                Reference::Key(key) => key.external_representation(),
                Reference::Identity(_) => None,
            };
            return data.map_or(SearchResult::Other, SearchResult::Data);
        }
        if self.load_refs {
            SearchResult::Ref(reference)
        } else {
            SearchResult::Other
        }
    }

    /// Deletes the items the search names, up to its limit (`SecItemDelete`):
    /// `errSecItemNotFound` if none.
    pub fn delete(&self) -> Result<()> {
        let search = self.query()?.ok_or(Error::from_code(errSecItemNotFound))?;
        search.delete()
    }
}

/// An item found, as [`ItemSearchOptions::load_refs`] returns it.
#[derive(Debug)]
pub enum Reference {
    /// An identity.
    Identity(SecIdentity),
    /// A certificate.
    Certificate(SecCertificate),
    /// A key.
    Key(SecKey),
}

/// One result of [`ItemSearchOptions::search`].
pub enum SearchResult {
    /// The item (`load_refs`).
    Ref(Reference),
    /// Its attributes by Apple's key names (`"labl"`, `"class"`), as text: security-framework
    /// holds a `CFDictionary`, whose text its `simplify_dict` gives.
    Dict(HashMap<String, String>),
    /// Its data (`load_data`).
    Data(Vec<u8>),
    /// Something else (nothing was asked to be loaded).
    Other,
}

impl SearchResult {
    /// The attributes as text, for [`SearchResult::Dict`] (see
    /// [`ItemSearchOptions::load_attributes`]); `None` for another result.
    ///
    /// ```
    /// use secure_transport::item::SearchResult;
    ///
    /// assert!(SearchResult::Data(vec![1]).simplify_dict().is_none());
    /// let attributes = [("labl".to_owned(), "me".to_owned())].into_iter().collect();
    /// assert_eq!(SearchResult::Dict(attributes).simplify_dict().unwrap()["labl"], "me");
    /// ```
    pub fn simplify_dict(&self) -> Option<HashMap<String, String>> {
        match self {
            SearchResult::Dict(attributes) => Some(attributes.clone()),
            _ => None,
        }
    }
}

impl fmt::Debug for SearchResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SearchResult::Ref(reference) => f.debug_tuple("Ref").field(reference).finish(),
            SearchResult::Dict(attributes) => f.debug_tuple("Dict").field(attributes).finish(),
            SearchResult::Data(data) => f.debug_tuple("Data").field(data).finish(),
            SearchResult::Other => f.write_str("Other"),
        }
    }
}

pub use crate::keychain_ref::Location;

/// What [`ItemAddOptions::add`] adds (`SecItemAdd`'s attributes). The keychains here keep
/// one attribute per item, its label: the others (account, service, comment, description,
/// access group) belong to password items and the data-protection keychain, and `add` says
/// `errSecNoSuchAttr` for them.
///
/// ```
/// use secure_transport::item::{AddRef, ItemAddOptions, ItemAddValue, ItemClass, ItemSearchOptions, Location};
/// use secure_transport::os::macos::keychain::CreateOptions;
/// use secure_transport_test_kit::pki::{KeyKind, Pki};
///
/// let pki = Pki::new(KeyKind::EcdsaP256);
/// let keychain = CreateOptions::new().password("pw").create(pki.dir().join("add.keychain"))?;
/// let identity = pki.client().identity();
/// ItemAddOptions::new(ItemAddValue::Ref(AddRef::Identity(identity)))
///     .set_label("me")
///     .set_location(Location::FileKeychain(keychain.clone()))
///     .add()?;
/// let found = ItemSearchOptions::new()
///     .class(ItemClass::identity())
///     .keychains(&[keychain])
///     .label("me")
///     .search()?;
/// assert_eq!(found.len(), 1);
/// # Ok::<(), secure_transport::base::Error>(())
/// ```
pub struct ItemAddOptions {
    /// The item.
    pub value: ItemAddValue,
    /// `kSecAttrAccount`: password items' (none here).
    pub account_name: Option<String>,
    /// `kSecAttrAccessGroup`: the data-protection keychain's (none here).
    pub access_group: Option<String>,
    /// `kSecAttrComment`: password items' (none here).
    pub comment: Option<String>,
    /// `kSecAttrDescription`: password items' (none here).
    pub description: Option<String>,
    /// `kSecAttrLabel`; a default one if `None` (a certificate's subject summary; a key's:
    /// its certificate's label).
    pub label: Option<String>,
    /// `kSecAttrService`: password items' (none here).
    pub service: Option<String>,
    /// The keychain; the default keychain if `None`.
    pub location: Option<Location>,
}

impl ItemAddOptions {
    /// The options of adding `value`, no attribute given.
    pub fn new(value: ItemAddValue) -> ItemAddOptions {
        ItemAddOptions {
            value,
            account_name: None,
            access_group: None,
            comment: None,
            description: None,
            label: None,
            service: None,
            location: None,
        }
    }

    /// Sets [`ItemAddOptions::account_name`].
    pub fn set_account_name(&mut self, account_name: impl AsRef<str>) -> &mut Self {
        self.account_name = Some(account_name.as_ref().to_owned());
        self
    }

    /// Sets [`ItemAddOptions::access_group`].
    pub fn set_access_group(&mut self, access_group: impl AsRef<str>) -> &mut Self {
        self.access_group = Some(access_group.as_ref().to_owned());
        self
    }

    /// Sets [`ItemAddOptions::comment`].
    pub fn set_comment(&mut self, comment: impl AsRef<str>) -> &mut Self {
        self.comment = Some(comment.as_ref().to_owned());
        self
    }

    /// Sets [`ItemAddOptions::description`].
    pub fn set_description(&mut self, description: impl AsRef<str>) -> &mut Self {
        self.description = Some(description.as_ref().to_owned());
        self
    }

    /// Sets [`ItemAddOptions::label`].
    pub fn set_label(&mut self, label: impl AsRef<str>) -> &mut Self {
        self.label = Some(label.as_ref().to_owned());
        self
    }

    /// Sets [`ItemAddOptions::location`].
    pub fn set_location(&mut self, location: Location) -> &mut Self {
        self.location = Some(location);
        self
    }

    /// Sets [`ItemAddOptions::service`].
    pub fn set_service(&mut self, service: impl AsRef<str>) -> &mut Self {
        self.service = Some(service.as_ref().to_owned());
        self
    }

    /// Adds the item to its keychain (`SecItemAdd`): `errSecDuplicateItem` if it is there
    /// already (an identity: its certificate and key both), `errSecNoSuchAttr` for an
    /// attribute other than the label, `errSecUnimplemented` for a public key or a password
    /// (the keychains here keep certificates and private keys), `errSecParam` for data that
    /// is no item of its class.
    pub fn add(&self) -> Result<()> {
        refuse_password_attributes([
            &self.account_name,
            &self.access_group,
            &self.comment,
            &self.description,
            &self.service,
        ])?;
        let value = self.value.item()?;
        keychain_of(self.location.as_ref())?
            .add(&value, self.label.as_deref())
            .map(drop)
    }
}

/// The keychain `location` names: the default keychain if none.
fn keychain_of(location: Option<&Location>) -> Result<SecKeychain> {
    match location {
        Some(Location::FileKeychain(keychain)) => Ok(keychain.clone()),
        Some(Location::DefaultFileKeychain) | None => SecKeychain::default(),
    }
}

/// The item [`ItemAddOptions`] adds.
pub enum ItemAddValue {
    /// The item itself (`kSecValueRef`).
    Ref(AddRef),
    /// Its data (`kSecValueData`): a certificate's DER, or a private key's external
    /// representation ([`SecKey::external_representation`]: PKCS#1 for RSA, X9.63 for EC).
    Data {
        /// `kSecClass`: [`ItemClass::certificate`] or [`ItemClass::key`].
        class: ItemClass,
        /// The bytes.
        data: Vec<u8>,
    },
}

impl ItemAddValue {
    /// The item in the keychain's terms.
    fn item(&self) -> Result<ItemValue> {
        match self {
            ItemAddValue::Ref(reference) => reference.item(),
            ItemAddValue::Data { class, data } => match class.0 {
                Some(keychain::ItemClass::Certificate) => {
                    SecCertificate::from_der(data).map(ItemValue::Certificate)
                }
                Some(keychain::ItemClass::Key) => private_key_of(data).map(ItemValue::Key),
                Some(keychain::ItemClass::Identity) => Err(Error::from_code(errSecParam)),
                None => Err(Error::from_code(errSecUnimplemented)),
            },
        }
    }
}

/// The private key of an external representation, RSA's or EC's: `errSecParam` if it is
/// neither.
fn private_key_of(data: &[u8]) -> Result<PKey<Private>> {
    [KeyType::Rsa, KeyType::Ec]
        .into_iter()
        .find_map(|key_type| SecKey::from_data(key_type, crate::key::KeyClass::Private, data).ok())
        .and_then(|key| key.private_pkey().map(ToOwned::to_owned))
        .ok_or(Error::from_code(errSecParam))
}

/// An item added or updated by reference.
pub enum AddRef {
    /// A private key (a public key is not kept on its own here: `errSecUnimplemented`).
    Key(SecKey),
    /// An identity: its certificate and its private key.
    Identity(SecIdentity),
    /// A certificate.
    Certificate(SecCertificate),
}

impl AddRef {
    fn item(&self) -> Result<ItemValue> {
        Ok(match self {
            AddRef::Key(key) => ItemValue::Key(
                key.private_pkey()
                    .ok_or(Error::from_code(errSecUnimplemented))?
                    .to_owned(),
            ),
            AddRef::Identity(identity) => ItemValue::Identity(identity.clone()),
            AddRef::Certificate(certificate) => ItemValue::Certificate(certificate.clone()),
        })
    }
}

/// What [`update_item`] changes in the items a search finds (`SecItemUpdate`'s
/// attributes): the keychains here keep a label per item, which is what changes; the other
/// attributes are password items' (`errSecNoSuchAttr`), and an item's value, class or
/// keychain does not change (`errSecUnimplemented`).
#[derive(Default)]
pub struct ItemUpdateOptions {
    /// A new value (`kSecValueRef`, `kSecValueData`): not changed here.
    pub value: Option<ItemUpdateValue>,
    /// `kSecAttrAccount`: password items' (none here).
    pub account_name: Option<String>,
    /// `kSecAttrAccessGroup`: the data-protection keychain's (none here).
    pub access_group: Option<String>,
    /// `kSecAttrComment`: password items' (none here).
    pub comment: Option<String>,
    /// `kSecAttrDescription`: password items' (none here).
    pub description: Option<String>,
    /// `kSecAttrLabel`: the new label.
    pub label: Option<String>,
    /// `kSecAttrService`: password items' (none here).
    pub service: Option<String>,
    /// Another keychain: items do not move here.
    pub location: Option<Location>,
    /// `kSecClass`: an item's class does not change here.
    pub class: Option<ItemClass>,
}

impl ItemUpdateOptions {
    /// Nothing changed yet.
    pub fn new() -> ItemUpdateOptions {
        ItemUpdateOptions::default()
    }

    /// Sets [`ItemUpdateOptions::value`].
    pub fn set_value(&mut self, value: ItemUpdateValue) -> &mut Self {
        self.value = Some(value);
        self
    }

    /// Sets [`ItemUpdateOptions::class`].
    pub fn set_class(&mut self, class: ItemClass) -> &mut Self {
        self.class = Some(class);
        self
    }

    /// Sets [`ItemUpdateOptions::account_name`].
    pub fn set_account_name(&mut self, account_name: impl AsRef<str>) -> &mut Self {
        self.account_name = Some(account_name.as_ref().to_owned());
        self
    }

    /// Sets [`ItemUpdateOptions::access_group`].
    pub fn set_access_group(&mut self, access_group: impl AsRef<str>) -> &mut Self {
        self.access_group = Some(access_group.as_ref().to_owned());
        self
    }

    /// Sets [`ItemUpdateOptions::comment`].
    pub fn set_comment(&mut self, comment: impl AsRef<str>) -> &mut Self {
        self.comment = Some(comment.as_ref().to_owned());
        self
    }

    /// Sets [`ItemUpdateOptions::description`].
    pub fn set_description(&mut self, description: impl AsRef<str>) -> &mut Self {
        self.description = Some(description.as_ref().to_owned());
        self
    }

    /// Sets [`ItemUpdateOptions::label`].
    pub fn set_label(&mut self, label: impl AsRef<str>) -> &mut Self {
        self.label = Some(label.as_ref().to_owned());
        self
    }

    /// Sets [`ItemUpdateOptions::location`].
    pub fn set_location(&mut self, location: Location) -> &mut Self {
        self.location = Some(location);
        self
    }

    /// Sets [`ItemUpdateOptions::service`].
    pub fn set_service(&mut self, service: impl AsRef<str>) -> &mut Self {
        self.service = Some(service.as_ref().to_owned());
        self
    }
}

/// A new value for [`ItemUpdateOptions`]: not changed here (`errSecUnimplemented`).
pub enum ItemUpdateValue {
    /// The item by reference (`kSecValueRef`).
    Ref(AddRef),
    /// The item's data (`kSecValueData`).
    Data(Vec<u8>),
}

/// Changes the items `search_params` finds (one unless its limit says more) as
/// `update_params` says (`SecItemUpdate`): their label. `errSecItemNotFound` if the search
/// finds none; with nothing to change, only that is checked.
///
/// ```
/// use secure_transport::item::{update_item, ItemClass, ItemSearchOptions, ItemUpdateOptions};
/// use secure_transport::keychain::ItemValue;
/// use secure_transport::os::macos::keychain::CreateOptions;
/// use secure_transport_test_kit::pki::{KeyKind, Pki};
///
/// let pki = Pki::new(KeyKind::EcdsaP256);
/// let keychain = CreateOptions::new().password("pw").create(pki.dir().join("up.keychain"))?;
/// keychain.add(&ItemValue::Certificate(pki.ca().certificate()), Some("old"))?;
/// let mut search = ItemSearchOptions::new();
/// search.class(ItemClass::certificate()).keychains(&[keychain]).label("old");
/// update_item(&search, ItemUpdateOptions::new().set_label("new"))?;
/// assert_eq!(search.search().unwrap_err().code(), -25300); // errSecItemNotFound
/// search.label("new").search()?;
/// # Ok::<(), secure_transport::base::Error>(())
/// ```
pub fn update_item(
    search_params: &ItemSearchOptions,
    update_params: &ItemUpdateOptions,
) -> Result<()> {
    refuse_password_attributes([
        &update_params.account_name,
        &update_params.access_group,
        &update_params.comment,
        &update_params.description,
        &update_params.service,
    ])?;
    let moved = update_params.location.is_some();
    let reclassed = (update_params.class).is_some_and(|c| Some(c) != search_params.class);
    if update_params.value.is_some() || moved || reclassed {
        return Err(Error::from_code(errSecUnimplemented));
    }
    let search = search_params
        .query()?
        .ok_or(Error::from_code(errSecItemNotFound))?;
    match &update_params.label {
        Some(label) => search.set_label(label),
        None => search.search().map(drop),
    }
}

/// `errSecNoSuchAttr` if any of these attributes is given: account, access group, comment,
/// description and service belong to password items and the data-protection keychain, which
/// the keychain files here do not keep.
fn refuse_password_attributes(attributes: [&Option<String>; 5]) -> Result<()> {
    if attributes.iter().any(|attribute| attribute.is_some()) {
        return Err(Error::from_code(errSecNoSuchAttr));
    }
    Ok(())
}
