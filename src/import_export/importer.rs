//! `SecItemImport` without a keychain: the data's blocks, what each is (the caller's hints,
//! the PEM header, the file name, then its content, in the order Apple's SecImport.cpp
//! tries them), and the certificates, keys and identities it holds.

use openssl::pkcs7::Pkcs7;
use openssl::pkey::PKey;
use openssl::rsa::Rsa;

use crate::base::{Error, Result};
use crate::certificate::{item, SecCertificate};
use crate::identity::SecIdentity;
use crate::import_export::formats::{
    Destination, ExternalFormat as F, ExternalItemType as T, Item, SecItems,
};
use crate::import_export::{pem, pkcs12};
use crate::key::SecKey;
use crate::status::*;

/// `SecItemImport`'s options: the caller's hints (`inputFormat`, `itemType`,
/// `fileNameOrExtension`) and the key parameters' passphrase. Shaped as the
/// `security-framework` crate's `ImportOptions`: `import` fills the `SecItems` given to
/// `items`.
#[derive(Default)]
pub struct ImportOptions<'a> {
    filename: Option<String>,
    /// Bytes as given; not UTF-8 is `errSecParam` when the import needs them.
    passphrase: Option<Vec<u8>>,
    /// The user is to be asked for the passphrase (there is no one to ask here).
    pub(crate) secure_passphrase: bool,
    format: F,
    item_type: T,
    items: Option<&'a mut SecItems>,
    /// Where `import` stores the items too (security-framework's `keychain`).
    pub(crate) destination: Option<Destination>,
}

/// What an import found: the format and item type (`kSecFormatPEMSequence` and
/// `kSecItemTypeAggregate` for several PEM blocks), and the items in order.
#[derive(Debug)]
pub struct Imported {
    /// The format found.
    pub format: F,
    /// The item type found.
    pub item_type: T,
    /// Certificates, keys and identities (a PKCS#12's identities in place of their
    /// certificates), in the order of the data.
    pub items: Vec<Item>,
}

impl<'a> ImportOptions<'a> {
    /// Options with no hints and no passphrase.
    pub fn new() -> ImportOptions<'a> {
        ImportOptions::default()
    }

    /// The file's name, or just its extension (".p12"), as a hint.
    pub fn filename(&mut self, filename: &str) -> &mut Self {
        self.filename = Some(filename.to_owned());
        self
    }

    /// The passphrase of PKCS#12 and of encrypted keys.
    pub fn passphrase(&mut self, passphrase: &str) -> &mut Self {
        self.passphrase = Some(passphrase.as_bytes().to_vec());
        self
    }

    /// The passphrase as bytes (a `CFData` passphrase); they must be UTF-8 here, as the
    /// decoders take text: `errSecParam` at import otherwise.
    ///
    /// ```
    /// # use secure_transport_test_kit::pki::{KeyKind, Pki};
    /// # let pki = Pki::new(KeyKind::EcdsaP256);
    /// use secure_transport::import_export::{ImportOptions, SecItems};
    ///
    /// let mut items = SecItems::default();
    /// ImportOptions::new()
    ///     .pkcs12()
    ///     .passphrase_bytes(b"pw")
    ///     .items(&mut items)
    ///     .import(&pki.server().pkcs12("pw"))?;
    /// assert_eq!(items.identities.len(), 1);
    /// // Not UTF-8: no decoder takes it (errSecParam).
    /// let bad = ImportOptions::new().pkcs12().passphrase_bytes(&[0xff]).import(&pki.server().pkcs12("pw"));
    /// assert_eq!(bad.unwrap_err().code(), -50);
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn passphrase_bytes(&mut self, passphrase: &[u8]) -> &mut Self {
        self.passphrase = Some(passphrase.to_vec());
        self
    }

    /// The data is PKCS#12 (`kSecFormatPKCS12`).
    pub fn pkcs12(&mut self) -> &mut Self {
        self.format(F::PKCS12)
    }

    /// The format, if the caller knows it.
    pub fn format(&mut self, format: F) -> &mut Self {
        self.format = format;
        self
    }

    /// The item type, if the caller knows it.
    pub fn item_type(&mut self, item_type: T) -> &mut Self {
        self.item_type = item_type;
        self
    }

    /// Where `import` puts the items.
    pub fn items(&mut self, items: &'a mut SecItems) -> &mut Self {
        self.items = Some(items);
        self
    }

    /// Imports `data` into the `SecItems` given to `items`, if any.
    /// With a keychain given (`keychain`), stores them there too, all or none.
    ///
    /// ```
    /// use secure_transport::import_export::{ImportOptions, SecItems};
    /// use secure_transport_test_kit::pki::{KeyKind, Pki};
    ///
    /// let pki = Pki::new(KeyKind::EcdsaP256);
    /// let mut items = SecItems::default();
    /// ImportOptions::new()
    ///     .pkcs12()
    ///     .passphrase("pw")
    ///     .items(&mut items)
    ///     .import(&pki.server().pkcs12("pw"))?;
    /// assert_eq!(items.identities.len(), 1);
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn import(&mut self, data: &[u8]) -> Result<()> {
        let imported = self.import_items(data)?;
        if let Some(destination) = &self.destination {
            let items = imported.items.iter().map(|item| (item.clone(), None));
            (destination.0)(items.collect())?;
        }
        if let Some(items) = self.items.as_deref_mut() {
            items.extend(imported.items);
        }
        Ok(())
    }

    /// Imports `data`: `errSecParam` for no data, `errSecUnknownFormat` when what it is
    /// cannot be told, `errSecPassphraseRequired` for PKCS#12 or an encrypted key without
    /// a passphrase, `errSecPkcs12VerifyFailure` for a PKCS#12 one that is wrong (as Apple's
    /// PKCS#12 decoder), `errSecAuthFailed` for an encrypted key's.
    pub fn import_items(&self, data: &[u8]) -> Result<Imported> {
        if data.is_empty() {
            return Err(Error::from_code(errSecParam));
        }
        let reps: Vec<Rep> = match pem::blocks(data) {
            Some(blocks) => blocks.into_iter().map(Rep::from).collect(),
            None => vec![Rep::binary(data)],
        };
        // Several blocks are a PEM sequence: the caller's hints are for one item.
        let several = reps.len() > 1;
        let (format, item_type) = match several {
            true => (F::UNKNOWN, T::UNKNOWN),
            false => (self.format, self.item_type),
        };
        let filename = self.filename.as_deref().filter(|_| !several).map(|name| {
            // A PEM file's name says what is inside the armour: "x.p12.pem" is PKCS#12.
            if reps[0].pem && name.ends_with(".pem") {
                &name[..name.len() - 4]
            } else {
                name
            }
        });
        let passphrase = match &self.passphrase {
            Some(bytes) => {
                Some(std::str::from_utf8(bytes).map_err(|_| Error::from_code(errSecParam))?)
            }
            None if self.secure_passphrase => {
                return Err(Error::from_code(errSecInteractionNotAllowed))
            }
            None => None,
        };
        let mut items = Vec::new();
        let mut found = Vec::with_capacity(reps.len());
        for rep in &reps {
            let kind = rep
                .infer(format, item_type, filename)
                .ok_or(Error::from_code(errSecUnknownFormat))?;
            items.extend(rep.decode(kind, passphrase)?);
            found.push(kind);
        }
        let (format, item_type) = match several {
            true => (F::PEM_SEQUENCE, T::AGGREGATE),
            false => found[0],
        };
        Ok(Imported {
            format,
            item_type,
            items,
        })
    }
}

/// One item of the data, with what is known of it so far.
struct Rep {
    der: Vec<u8>,
    format: F,
    item_type: T,
    /// The PEM text, for keys OpenSSL reads only from PEM.
    text: Option<Vec<u8>>,
    pem: bool,
}

impl From<pem::Block> for Rep {
    fn from(block: pem::Block) -> Rep {
        Rep {
            der: block.der,
            format: block.format,
            item_type: block.item_type,
            text: Some(block.text),
            pem: true,
        }
    }
}

/// What a file name's end says (Apple's `impExpImportParseFileExten`).
fn by_name(name: &str) -> Option<(F, T)> {
    if name.ends_with(".cer") || name.ends_with(".crt") {
        return Some((F::X509_CERT, T::CERTIFICATE));
    }
    if name.ends_with(".p12") || name.ends_with(".pfx") {
        return Some((F::PKCS12, T::AGGREGATE));
    }
    // The extension, or (without one) the whole string, searched without case.
    let last = name.rsplit('/').next().unwrap_or(name);
    let extension = last
        .rsplit_once('.')
        .map_or(name, |(_, ext)| ext)
        .to_ascii_lowercase();
    if extension.contains("p7") {
        Some((F::PKCS7, T::AGGREGATE))
    } else if extension.contains("p8") {
        Some((F::WRAPPED_PKCS8, T::PRIVATE_KEY))
    } else {
        None
    }
}

/// The type a format implies (Apple's `impExpInferTypeAndFormat`).
fn type_of(format: F) -> T {
    match format {
        F::PKCS7 | F::PKCS12 | F::PEM_SEQUENCE | F::NETSCAPE_CERT_SEQUENCE => T::AGGREGATE,
        F::RAW_KEY => T::SESSION_KEY,
        F::X509_CERT => T::CERTIFICATE,
        F::WRAPPED_PKCS8 | F::WRAPPED_OPENSSL | F::WRAPPED_SSH => T::PRIVATE_KEY,
        F::SSHV2 => T::PUBLIC_KEY,
        _ => T::UNKNOWN,
    }
}

impl Rep {
    fn binary(data: &[u8]) -> Rep {
        Rep {
            der: data.to_vec(),
            format: F::UNKNOWN,
            item_type: T::UNKNOWN,
            text: None,
            pem: false,
        }
    }

    /// The format and type: the block's own, the caller's where the block says nothing,
    /// one implied by the other; then, unless both are known and say what is inside (a
    /// key format alone does not: which key it is must still be found), the file name's,
    /// and last what the content decodes as.
    fn infer(&self, format: F, item_type: T, filename: Option<&str>) -> Option<(F, T)> {
        let format = if self.format == F::UNKNOWN {
            format
        } else {
            self.format
        };
        let mut item_type = if self.item_type == T::UNKNOWN {
            item_type
        } else {
            self.item_type
        };
        if item_type == T::UNKNOWN {
            item_type = type_of(format);
        }
        let format = match (format, item_type) {
            (F::UNKNOWN, T::CERTIFICATE) => F::X509_CERT,
            (format, _) => format,
        };
        let raw_key = matches!(item_type, T::PRIVATE_KEY | T::PUBLIC_KEY)
            && !matches!(
                format,
                F::WRAPPED_PKCS8 | F::WRAPPED_OPENSSL | F::WRAPPED_SSH
            );
        if format != F::UNKNOWN && item_type != T::UNKNOWN && !raw_key {
            return Some((format, item_type));
        }
        filename
            .and_then(by_name)
            .or_else(|| examine(&self.der, format, item_type))
    }

    /// The items of this block, decoded as `kind` says.
    fn decode(&self, (format, item_type): (F, T), passphrase: Option<&str>) -> Result<Vec<Item>> {
        let unknown = || Error::from_code(errSecUnknownFormat);
        let der = &self.der[..];
        let items = match (format, item_type) {
            (F::X509_CERT, _) => match SecCertificate::from_der(der) {
                Ok(certificate) => vec![Item::Certificate(certificate)],
                Err(_) => pkcs7(der).ok_or_else(unknown)?,
            },
            (F::PKCS7, _) => pkcs7(der).ok_or_else(unknown)?,
            (F::PKCS12, _) => pkcs12(der, passphrase)?,
            (F::OPENSSL | F::BSAFE, T::PRIVATE_KEY) => {
                vec![private(
                    PKey::private_key_from_der(der).map_err(|_| unknown())?,
                )?]
            }
            (F::OPENSSL | F::BSAFE, T::PUBLIC_KEY) => vec![public(der)?],
            (F::WRAPPED_PKCS8, _) => {
                let passphrase = passphrase.ok_or(Error::from_code(errSecPassphraseRequired))?;
                let key = PKey::private_key_from_pkcs8_passphrase(der, passphrase.as_bytes());
                vec![private(
                    key.map_err(|_| Error::from_code(errSecAuthFailed))?,
                )?]
            }
            (F::WRAPPED_OPENSSL, _) => {
                let passphrase = passphrase.ok_or(Error::from_code(errSecPassphraseRequired))?;
                let text = self.text.as_deref().ok_or_else(unknown)?;
                let key = PKey::private_key_from_pem_passphrase(text, passphrase.as_bytes());
                vec![private(
                    key.map_err(|_| Error::from_code(errSecAuthFailed))?,
                )?]
            }
            _ => return Err(Error::from_code(errSecUnsupportedFormat)),
        };
        Ok(items)
    }
}

/// What `der` decodes as, within what the caller said (Apple's
/// `impExpImportGuessByExamination`: a certificate, a PKCS#7, then a key, trying each
/// algorithm's forms: OpenSSL's, then BSAFE's — PKCS#8 private keys, PKCS#1 public ones).
/// As on Apple, PKCS#12 and encrypted keys are never guessed: their format, a file name
/// or a PEM label says what they are.
fn examine(der: &[u8], format: F, item_type: T) -> Option<(F, T)> {
    let allows = |formats: &[F], types: &[T]| {
        (format == F::UNKNOWN || formats.contains(&format))
            && (item_type == T::UNKNOWN || types.contains(&item_type))
    };
    if allows(&[F::X509_CERT], &[T::CERTIFICATE]) && SecCertificate::from_der(der).is_ok() {
        return Some((F::X509_CERT, T::CERTIFICATE));
    }
    if allows(&[F::PKCS7], &[T::AGGREGATE]) && pkcs7(der).is_some() {
        return Some((F::PKCS7, T::AGGREGATE));
    }
    let key_formats = [F::OPENSSL, F::BSAFE];
    if allows(&key_formats, &[T::PRIVATE_KEY]) {
        if let Ok(key) = PKey::private_key_from_der(der) {
            // PKCS#1 RSA keys and SEC1 EC keys are OpenSSL's format; an RSA PKCS#8 key is
            // what Apple's importer finds in BSAFE's (an EC one in OpenSSL's).
            let form = if key.rsa().is_ok() && pkcs8(der) {
                F::BSAFE
            } else {
                F::OPENSSL
            };
            if format == F::UNKNOWN || format == form {
                return Some((form, T::PRIVATE_KEY));
            }
        }
    }
    if allows(&key_formats, &[T::PUBLIC_KEY]) {
        if PKey::public_key_from_der(der).is_ok() && allows(&[F::OPENSSL], &[T::PUBLIC_KEY]) {
            return Some((F::OPENSSL, T::PUBLIC_KEY));
        }
        if Rsa::public_key_from_der_pkcs1(der).is_ok() && allows(&[F::BSAFE], &[T::PUBLIC_KEY]) {
            return Some((F::BSAFE, T::PUBLIC_KEY));
        }
    }
    None
}

/// Whether a private key's DER is PKCS#8: a SEQUENCE of the version, then the algorithm's
/// SEQUENCE (PKCS#1 and SEC1 go on with an INTEGER or an OCTET STRING).
fn pkcs8(der: &[u8]) -> bool {
    let second = item(der)
        .and_then(|outer| item(outer.content))
        .and_then(|version| item(version.rest));
    second.is_some_and(|algorithm| algorithm.tag == 0x30)
}

/// A private key as a `SecKey` item; RSA and EC only.
fn private(key: PKey<openssl::pkey::Private>) -> Result<Item> {
    let key = SecKey::from_private_pkey(key).map_err(|e| Error::from_code(e.code()))?;
    Ok(Item::Key(key))
}

/// A public key: X.509 SubjectPublicKeyInfo, or PKCS#1 (what OpenSSL writes as "RSA
/// PUBLIC KEY", and Apple's BSAFE form).
fn public(der: &[u8]) -> Result<Item> {
    let key = PKey::public_key_from_der(der)
        .or_else(|_| Rsa::public_key_from_der_pkcs1(der).and_then(PKey::from_rsa))
        .map_err(|_| Error::from_code(errSecUnknownFormat))?;
    let key = SecKey::from_public_pkey(key).map_err(|e| Error::from_code(e.code()))?;
    Ok(Item::Key(key))
}

/// The certificates of a certificates-only PKCS#7.
fn pkcs7(der: &[u8]) -> Option<Vec<Item>> {
    let pkcs7 = Pkcs7::from_der(der).ok()?;
    let certificates = pkcs7.signed()?.certificates()?;
    certificates
        .iter()
        .map(|c| {
            SecCertificate::from_der(&c.to_der().ok()?)
                .ok()
                .map(Item::Certificate)
        })
        .collect()
}

/// A PKCS#12's items: the identity in place of its certificate, the other certificates,
/// a key without its certificate last (SecImportExportAgg.cpp's order). A passphrase is
/// required, as Apple's decoder requires one.
fn pkcs12(der: &[u8], passphrase: Option<&str>) -> Result<Vec<Item>> {
    let passphrase = passphrase.ok_or(Error::from_code(errSecPassphraseRequired))?;
    let contents = pkcs12::contents(der, passphrase).map_err(|e| match e.code() {
        errSecAuthFailed => Error::from_code(errSecPkcs12VerifyFailure),
        _ => e,
    })?;
    let mut items = Vec::new();
    let mut key = contents.key;
    if let Some(certificate) = contents.certificate {
        let certificate = SecCertificate::from_x509(certificate);
        match key.take() {
            Some(k) => match SecIdentity::new(certificate.clone(), k.clone()) {
                Ok(identity) => items.push(Item::Identity(identity)),
                Err(_) => {
                    items.push(Item::Certificate(certificate));
                    key = Some(k);
                }
            },
            None => items.push(Item::Certificate(certificate)),
        }
    }
    items.extend(
        contents
            .others
            .into_iter()
            .map(|c| Item::Certificate(SecCertificate::from_x509(c))),
    );
    if let Some(key) = key {
        items.push(private(key)?);
    }
    Ok(items)
}
