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
use crate::status::{errSecItemNotFound, errSecParam};

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

    /// Keys of this class only (`kSecAttrKeyClass`); implies [`ItemClass::key`].
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
    pub fn load_attributes(&mut self, load_attributes: bool) -> &mut Self {
        self.load_attributes = load_attributes;
        self
    }

    /// Return the items' data, [`SearchResult::Data`] (`kSecReturnData`): a certificate's
    /// DER, a key's external representation.
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
    /// The attributes as text, for [`SearchResult::Dict`].
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
