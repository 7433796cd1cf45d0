//! What a keychain holds, in memory: labelled certificates and private keys, and the rules
//! Apple's keychain applies to them — which items a query names, what is a duplicate, which
//! certificate and key make an identity. No file here: `format` reads and writes these.

use std::cmp::Ordering;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use openssl::pkey::{HasPublic, PKey, PKeyRef, Private};

use crate::base::{Error, Result};
use crate::certificate::SecCertificate;
use crate::identity::SecIdentity;
use crate::key::SecKey;
use crate::policy::SecPolicy;
use crate::status::{errSecDuplicateItem, errSecItemNotFound, errSecParam};
use crate::trust::SecTrust;

/// The label of a private key added without one that no certificate in the keychain names,
/// or read without one: Keychain Access shows imported keys under this name.
pub(super) const UNNAMED_KEY_LABEL: &str = "Imported Private Key";

/// The kinds of item a keychain holds (`kSecClass`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemClass {
    /// `kSecClassCertificate`.
    Certificate,
    /// `kSecClassKey`: private keys (a public key is not stored on its own).
    Key,
    /// `kSecClassIdentity`: a certificate whose private key is in the same keychain.
    Identity,
}

/// What an item is (`kSecValueRef`).
#[derive(Clone, Debug)]
pub enum ItemValue {
    /// A certificate.
    Certificate(SecCertificate),
    /// A private key.
    Key(PKey<Private>),
    /// A certificate with its private key.
    Identity(SecIdentity),
}

/// What a keychain has of an item: its label (`kSecAttrLabel`; an identity's is its
/// certificate's) and the item.
pub(super) type Found = (String, ItemValue);

/// A value with the label the file keeps for it.
pub(super) struct Labelled<T> {
    pub(super) label: String,
    pub(super) value: T,
}

/// Everything a keychain file holds, in the order it was added.
#[derive(Default)]
pub(super) struct Contents {
    pub(super) certificates: Vec<Labelled<SecCertificate>>,
    pub(super) keys: Vec<Labelled<PKey<Private>>>,
}

/// Which items a search, an update or a deletion is about: those of `class` with every
/// property given.
#[derive(Clone, Debug)]
pub(super) struct Query {
    pub(super) class: ItemClass,
    pub(super) label: Option<String>,
    /// Items of this certificate: the certificate itself, the key of its public key, the
    /// identity it heads.
    pub(super) certificate: Option<SecCertificate>,
    /// Only the item of this [`fingerprint`].
    pub(super) fingerprint: Option<[u8; 32]>,
    /// Items of the public key of this [`key_fingerprint`]: the key, the certificates that
    /// carry it, their identities.
    pub(super) key: Option<[u8; 32]>,
    /// Only certificates (and identities) that meet this policy in themselves.
    pub(super) policy: Option<SecPolicy>,
    /// Labels and subjects compared without regard to case (`kSecMatchCaseInsensitive`).
    pub(super) case_insensitive: bool,
    /// Only certificates (and identities) trusted under basic X.509 rules, the keychain's
    /// other certificates as intermediates (`kSecMatchTrustedOnly`).
    pub(super) trusted_only: bool,
    /// Certificate attributes: subject summary (`kSecAttrSubject`), serial number
    /// (`kSecAttrSerialNumber`), SHA-1 of the public key (`kSecAttrPublicKeyHash`). A key has
    /// none of them.
    pub(super) subject: Option<String>,
    pub(super) serial_number: Option<Vec<u8>>,
    pub(super) public_key_hash: Option<Vec<u8>>,
    /// The key attribute `kSecAttrApplicationLabel`, the SHA-1 of the public key: keys and
    /// identities have it, certificates not.
    pub(super) application_label: Option<Vec<u8>>,
}

impl Query {
    /// Every item of `class`.
    pub(super) fn new(class: ItemClass) -> Query {
        Query {
            class,
            label: None,
            certificate: None,
            fingerprint: None,
            key: None,
            policy: None,
            case_insensitive: false,
            trusted_only: false,
            subject: None,
            serial_number: None,
            public_key_hash: None,
            application_label: None,
        }
    }

    /// Whether `text` is the `wanted` text, with or without regard to case.
    fn same_text(&self, wanted: Option<&str>, text: &str) -> bool {
        wanted.is_none_or(|wanted| {
            wanted == text
                || (self.case_insensitive && wanted.to_lowercase() == text.to_lowercase())
        })
    }

    /// Whether a certificate of `contents` and its label have the properties asked for.
    fn names_certificate(
        &self,
        label: &str,
        certificate: &SecCertificate,
        contents: &Contents,
    ) -> bool {
        let public_key_hash = || {
            let key = certificate.public_key().ok()?;
            key.application_label()
        };
        self.same_text(self.label.as_deref(), label)
            && self.same_text(self.subject.as_deref(), &certificate.subject_summary())
            && (self.serial_number.as_ref())
                .is_none_or(|s| certificate.serial_number_bytes().ok().as_ref() == Some(s))
            && (self.public_key_hash.as_ref()).is_none_or(|h| public_key_hash().as_ref() == Some(h))
            && (self.application_label.as_ref()).is_none_or(|h| {
                self.class == ItemClass::Identity && public_key_hash().as_ref() == Some(h)
            })
            && (!self.trusted_only || contents.trusted(certificate))
            && self.certificate.as_ref().is_none_or(|c| c == certificate)
            && self
                .fingerprint
                .is_none_or(|f| f == certificate_fingerprint(certificate))
            && self.key.is_none_or(|k| {
                let public = certificate.x509().public_key().ok();
                public.is_some_and(|public| Some(k) == key_fingerprint(&public))
            })
            && (self.policy.as_ref()).is_none_or(|p| SecTrust::fits_policy(certificate, p))
    }

    /// Whether a key and its label have the properties asked for.
    fn names_key(&self, label: &str, key: &PKeyRef<Private>) -> bool {
        let application_label = || {
            let key = SecKey::from_private_pkey(key.to_owned()).ok()?;
            key.application_label()
        };
        self.same_text(self.label.as_deref(), label)
            && self.subject.is_none()
            && self.serial_number.is_none()
            && self.public_key_hash.is_none()
            && (self.application_label.as_ref())
                .is_none_or(|l| application_label().as_ref() == Some(l))
            && self.certificate.as_ref().is_none_or(|c| carries(c, key))
            && self
                .fingerprint
                .is_none_or(|f| Some(f) == key_fingerprint(key))
            && self.key.is_none_or(|k| Some(k) == key_fingerprint(key))
    }
}

/// The first bytes of every persistent reference of this library.
const PERSISTENT_REF_TAG: &[u8; 4] = b"stk1";

impl ItemValue {
    /// The item's class.
    pub fn class(&self) -> ItemClass {
        match self {
            ItemValue::Certificate(_) => ItemClass::Certificate,
            ItemValue::Key(_) => ItemClass::Key,
            ItemValue::Identity(_) => ItemClass::Identity,
        }
    }
}

/// Bytes that name an item beyond the process: its class, its [`fingerprint`] and its
/// keychain's path.
pub(super) fn persistent_ref(value: &ItemValue, keychain: &Path) -> Vec<u8> {
    let mut reference = PERSISTENT_REF_TAG.to_vec();
    reference.push(value.class() as u8);
    reference.extend(fingerprint(value).unwrap_or_default());
    reference.extend(keychain.as_os_str().as_bytes());
    reference
}

/// The class, fingerprint and keychain path of a [`persistent_ref`], if `reference` is one.
pub(super) fn parse_persistent_ref(reference: &[u8]) -> Option<(ItemClass, [u8; 32], &Path)> {
    let rest = reference.strip_prefix(PERSISTENT_REF_TAG)?;
    let (&class, rest) = rest.split_first()?;
    let class = [ItemClass::Certificate, ItemClass::Key, ItemClass::Identity]
        .into_iter()
        .find(|c| *c as u8 == class)?;
    let (fingerprint, path) = rest.split_first_chunk::<32>()?;
    Some((class, *fingerprint, Path::new(OsStr::from_bytes(path))))
}

/// What tells an item from every other: SHA-256 of a certificate's DER (an identity's
/// certificate's), of a key's public key (SubjectPublicKeyInfo). `None` for a key OpenSSL
/// cannot encode.
pub(super) fn fingerprint(value: &ItemValue) -> Option<[u8; 32]> {
    match value {
        ItemValue::Certificate(certificate) => Some(certificate_fingerprint(certificate)),
        ItemValue::Identity(identity) => Some(*identity.fingerprint()),
        ItemValue::Key(key) => key_fingerprint(key),
    }
}

fn certificate_fingerprint(certificate: &SecCertificate) -> [u8; 32] {
    openssl::sha::sha256(&certificate.to_der())
}

/// SHA-256 of a key's public key (its SubjectPublicKeyInfo).
pub(super) fn key_fingerprint<T: HasPublic>(key: &PKeyRef<T>) -> Option<[u8; 32]> {
    Some(openssl::sha::sha256(&key.public_key_to_der().ok()?))
}

/// Whether `certificate` carries the public half of `key`.
fn carries(certificate: &SecCertificate, key: &PKeyRef<Private>) -> bool {
    certificate
        .x509()
        .public_key()
        .is_ok_and(|public| public.public_eq(key))
}

/// Apple's rule for a certificate already in a keychain: the same issuer and serial number.
fn same_certificate(a: &SecCertificate, b: &SecCertificate) -> bool {
    let (a, b) = (a.x509(), b.x509());
    a.serial_number() == b.serial_number()
        && a.issuer_name().try_cmp(b.issuer_name()).ok() == Some(Ordering::Equal)
}

/// A label the file can keep: friendlyName is read back as a C string.
fn checked(label: &str) -> Result<&str> {
    if label.contains('\0') {
        Err(Error::from_code(errSecParam))
    } else {
        Ok(label)
    }
}

impl Contents {
    /// The first key that matches `certificate`, if the keychain has it.
    pub(super) fn key_of(&self, certificate: &SecCertificate) -> Option<&Labelled<PKey<Private>>> {
        self.keys.iter().find(|k| carries(certificate, &k.value))
    }

    /// Whether `certificate` is trusted under basic X.509 rules (the system's roots as
    /// anchors), the keychain's other certificates standing in for missing intermediates.
    fn trusted(&self, certificate: &SecCertificate) -> bool {
        let mut chain = vec![certificate.clone()];
        chain.extend(
            (self.certificates.iter())
                .map(|c| c.value.clone())
                .filter(|c| c != certificate),
        );
        SecTrust::create_with_certificates(&chain, &[SecPolicy::create_x509()])
            .is_ok_and(|trust| trust.evaluate_with_error().is_ok())
    }

    /// Whether a certificate of the keychain carries `key`.
    pub(super) fn has_certificate_of(&self, key: &PKeyRef<Private>) -> bool {
        self.certificates.iter().any(|c| carries(&c.value, key))
    }

    /// The items `query` names, in the keychain's order.
    pub(super) fn find(&self, query: &Query) -> Vec<Found> {
        match query.class {
            ItemClass::Certificate => self
                .certificates
                .iter()
                .filter(|c| query.names_certificate(&c.label, &c.value, self))
                .map(|c| (c.label.clone(), ItemValue::Certificate(c.value.clone())))
                .collect(),
            ItemClass::Key => self
                .keys
                .iter()
                .filter(|k| query.names_key(&k.label, &k.value))
                .map(|k| (k.label.clone(), ItemValue::Key(k.value.clone())))
                .collect(),
            ItemClass::Identity => self
                .certificates
                .iter()
                .filter(|c| query.names_certificate(&c.label, &c.value, self))
                .filter_map(|c| {
                    let key = self.key_of(&c.value)?;
                    let identity = SecIdentity::new(c.value.clone(), key.value.clone()).ok()?;
                    Some((c.label.clone(), ItemValue::Identity(identity)))
                })
                .collect(),
        }
    }

    /// Adds `value` with `label`, or a default one: a certificate's subject summary, for a
    /// key the label of its certificate here; the label it has. `errSecDuplicateItem` if it
    /// is already here (for an identity: its certificate and its key both).
    pub(super) fn add(&mut self, value: &ItemValue, label: Option<&str>) -> Result<String> {
        let label = label.map(checked).transpose()?;
        let duplicate = || Error::from_code(errSecDuplicateItem);
        match value {
            ItemValue::Certificate(certificate) => self
                .add_certificate(certificate, label)
                .ok_or_else(duplicate),
            ItemValue::Key(key) => self.add_key(key, label).ok_or_else(duplicate),
            ItemValue::Identity(identity) => {
                let certificate = identity.certificate()?;
                let label = label.map_or_else(|| certificate.subject_summary(), str::to_owned);
                let added_certificate = self.add_certificate(&certificate, Some(&label));
                let added_key = self.add_key(identity.private_pkey(), Some(&label));
                if added_certificate.is_none() && added_key.is_none() {
                    return Err(duplicate());
                }
                // An identity's label is its certificate's, which may have been here before.
                let here = self.certificates.iter().find(|c| c.value == certificate);
                Ok(here.map_or(label, |c| c.label.clone()))
            }
        }
    }

    /// Adds a certificate unless the keychain has it; the label it was given.
    fn add_certificate(
        &mut self,
        certificate: &SecCertificate,
        label: Option<&str>,
    ) -> Option<String> {
        if self
            .certificates
            .iter()
            .any(|c| same_certificate(&c.value, certificate))
        {
            return None;
        }
        let label = label.map_or_else(|| certificate.subject_summary(), str::to_owned);
        self.certificates.push(Labelled {
            label: label.clone(),
            value: certificate.clone(),
        });
        Some(label)
    }

    /// Adds a key unless the keychain has it; the label it was given.
    fn add_key(&mut self, key: &PKeyRef<Private>, label: Option<&str>) -> Option<String> {
        if self.keys.iter().any(|k| k.value.public_eq(key)) {
            return None;
        }
        let label = label.map(str::to_owned).unwrap_or_else(|| {
            self.certificates
                .iter()
                .find(|c| carries(&c.value, key))
                .map_or_else(|| UNNAMED_KEY_LABEL.to_owned(), |c| c.label.clone())
        });
        self.keys.push(Labelled {
            label: label.clone(),
            value: key.to_owned(),
        });
        Some(label)
    }

    /// Gives the first `most` items `query` names the label `label` (an identity: its
    /// certificate and its key); how many. `errSecItemNotFound` if it names none.
    pub(super) fn relabel(&mut self, query: &Query, label: &str, most: usize) -> Result<usize> {
        let label = checked(label)?;
        let (count, certificates, keys) = self.named(query, most)?;
        for i in certificates {
            self.certificates[i].label = label.to_owned();
        }
        for i in keys {
            self.keys[i].label = label.to_owned();
        }
        Ok(count)
    }

    /// Removes the first `most` items `query` names; how many. An identity's key goes only
    /// if no certificate left in the keychain carries it. `errSecItemNotFound` if it names
    /// none.
    pub(super) fn remove(&mut self, query: &Query, most: usize) -> Result<usize> {
        let (count, certificates, mut keys) = self.named(query, most)?;
        remove_at(&mut self.certificates, &certificates);
        if query.class == ItemClass::Identity {
            keys.retain(|&i| !self.has_certificate_of(&self.keys[i].value));
        }
        remove_at(&mut self.keys, &keys);
        Ok(count)
    }

    /// The first `most` items `query` names: how many, and the positions of their
    /// certificates and keys (an identity has both). `errSecItemNotFound` if none.
    fn named(&self, query: &Query, most: usize) -> Result<(usize, Vec<usize>, Vec<usize>)> {
        let certificates = |keyed: bool| -> Vec<usize> {
            (self.certificates.iter().enumerate())
                .filter(|(_, c)| query.names_certificate(&c.label, &c.value, self))
                .filter(|(_, c)| !keyed || self.key_of(&c.value).is_some())
                .map(|(i, _)| i)
                .take(most)
                .collect()
        };
        let (count, certificates, keys) = match query.class {
            ItemClass::Certificate => {
                let certificates = certificates(false);
                (certificates.len(), certificates, Vec::new())
            }
            ItemClass::Key => {
                let keys: Vec<usize> = (self.keys.iter().enumerate())
                    .filter(|(_, k)| query.names_key(&k.label, &k.value))
                    .map(|(i, _)| i)
                    .take(most)
                    .collect();
                (keys.len(), Vec::new(), keys)
            }
            ItemClass::Identity => {
                let certificates = certificates(true);
                let mut keys: Vec<usize> = (certificates.iter())
                    .filter_map(|&c| {
                        let certificate = &self.certificates[c].value;
                        self.keys
                            .iter()
                            .position(|k| carries(certificate, &k.value))
                    })
                    .collect();
                keys.sort_unstable();
                keys.dedup();
                (certificates.len(), certificates, keys)
            }
        };
        if count == 0 {
            return Err(Error::from_code(errSecItemNotFound));
        }
        Ok((count, certificates, keys))
    }
}

/// Removes the elements at `positions`, keeping the others' order.
fn remove_at<T>(items: &mut Vec<T>, positions: &[usize]) {
    let mut index = 0;
    items.retain(|_| {
        index += 1;
        !positions.contains(&(index - 1))
    });
}
