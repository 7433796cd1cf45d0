//! SecKey.h: RSA and elliptic-curve keys (`SecKeyRef`), thin over OpenSSL's `PKey`, with
//! Apple's external representations, attributes and signature algorithms, and Apple's error
//! codes and texts (SecKey.c, SecRSAKey.c, SecECKey.c, SecKeyAdaptors.c).

mod algorithm;
mod operations;
mod signature;

use std::fmt;

use openssl::bn::{BigNum, BigNumContext};
use openssl::ec::{EcGroup, EcKey, EcPoint, PointConversionForm};
use openssl::hash::{hash, MessageDigest};
use openssl::nid::Nid;
use openssl::pkey::{HasPublic, Id, PKey, PKeyRef, Private, Public};
use openssl::rsa::Rsa;

pub use self::algorithm::{Algorithm, KeyOperation};
use crate::keychain_ref::Location;
use crate::status::{self, errSecParam, errSecUnimplemented, OSStatus};

/// A key: the private half (which holds the public one) or a public key alone.
#[derive(Clone)]
pub struct SecKey {
    material: Material,
}

#[derive(Clone)]
enum Material {
    Private(PKey<Private>),
    Public(PKey<Public>),
}

/// `$body` with `$key` bound to the key of either half (both have the public key).
macro_rules! either {
    ($material:expr, $key:ident => $body:expr) => {
        match $material {
            Material::Private($key) => $body,
            Material::Public($key) => $body,
        }
    };
}

/// `kSecAttrKeyType`: the algorithms Apple's `SecKeyCreateWithData` makes keys of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyType {
    /// `kSecAttrKeyTypeRSA` ("42").
    Rsa,
    /// `kSecAttrKeyTypeECSECPrimeRandom` / `kSecAttrKeyTypeEC` ("73"): NIST prime curves.
    Ec,
}

impl KeyType {
    /// The attribute's value: Apple's CSSM algorithm number, which the CFString holds.
    pub fn cssm_algorithm(self) -> i64 {
        match self {
            KeyType::Rsa => 42,
            KeyType::Ec => 73,
        }
    }

    /// The key type of a CSSM algorithm number, as `SecKeyCreateWithData` reads it: 43
    /// (`kSecAttrKeyTypeDSA` on macOS, `kSecAlgorithmECDSA` to SecKey.c) is taken for EC
    /// too, as Apple's code does.
    pub fn from_cssm_algorithm(number: i64) -> Option<KeyType> {
        match number {
            42 => Some(KeyType::Rsa),
            43 | 73 => Some(KeyType::Ec),
            _ => None,
        }
    }
}

impl KeyType {
    /// `kSecAttrKeyTypeRSA`.
    ///
    /// ```
    /// use secure_transport::key::KeyType;
    ///
    /// assert_eq!(KeyType::rsa().cssm_algorithm(), 42);
    /// assert_eq!(KeyType::ec().cssm_algorithm(), 73);
    /// assert_eq!(KeyType::ec_sec_prime_random(), KeyType::ec());
    /// ```
    pub fn rsa() -> KeyType {
        KeyType::Rsa
    }

    /// `kSecAttrKeyTypeEC`.
    pub fn ec() -> KeyType {
        KeyType::Ec
    }

    /// `kSecAttrKeyTypeECSECPrimeRandom`, the same keys.
    pub fn ec_sec_prime_random() -> KeyType {
        KeyType::Ec
    }
}

/// `kSecAttrTokenID`: where a generated key lives.
#[derive(Debug)]
pub enum Token {
    /// In the process (the only one here).
    Software,
    /// In the Secure Enclave: there is none off Apple's hardware (`errSecUnimplemented`).
    SecureEnclave,
}

/// What [`SecKey::new`] generates (`SecKeyCreateRandomKey`'s attributes).
#[derive(Debug, Default)]
pub struct GenerateKeyOptions {
    /// `kSecAttrKeyType`; RSA if not given.
    pub key_type: Option<KeyType>,
    /// `kSecAttrKeySizeInBits`: 2048 for RSA and 256 for EC if not given.
    pub size_in_bits: Option<u32>,
    /// `kSecAttrLabel` (kept by a keychain the key is added to).
    pub label: Option<String>,
    /// `kSecAttrTokenID`.
    pub token: Option<Token>,
    /// The keychain the key is stored in (`kSecAttrIsPermanent`, `kSecUseKeychain`); if
    /// `None`, the key lives in this process only.
    pub location: Option<Location>,
}

impl GenerateKeyOptions {
    /// Sets [`GenerateKeyOptions::key_type`].
    ///
    /// ```
    /// use secure_transport::key::{GenerateKeyOptions, KeyType, SecKey, Token};
    ///
    /// let mut options = GenerateKeyOptions::default();
    /// options
    ///     .set_key_type(KeyType::ec())
    ///     .set_size_in_bits(384)
    ///     .set_label("mine")
    ///     .set_token(Token::Software);
    /// let key = SecKey::new(&options)?;
    /// assert_eq!((key.key_type(), key.size_in_bits()), (KeyType::Ec, 384));
    /// options.set_token(Token::SecureEnclave); // none off Apple's hardware
    /// assert_eq!(SecKey::new(&options).unwrap_err().code(), -4); // errSecUnimplemented
    /// # Ok::<(), secure_transport::key::KeyError>(())
    /// ```
    pub fn set_key_type(&mut self, key_type: KeyType) -> &mut Self {
        self.key_type = Some(key_type);
        self
    }

    /// Sets [`GenerateKeyOptions::size_in_bits`].
    pub fn set_size_in_bits(&mut self, size_in_bits: u32) -> &mut Self {
        self.size_in_bits = Some(size_in_bits);
        self
    }

    /// Sets [`GenerateKeyOptions::label`].
    pub fn set_label(&mut self, label: impl Into<String>) -> &mut Self {
        self.label = Some(label.into());
        self
    }

    /// Sets [`GenerateKeyOptions::token`].
    pub fn set_token(&mut self, token: Token) -> &mut Self {
        self.token = Some(token);
        self
    }

    /// Sets [`GenerateKeyOptions::location`].
    pub fn set_location(&mut self, location: Location) -> &mut Self {
        self.location = Some(location);
        self
    }
}

/// `kSecAttrKeyClass`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyClass {
    /// `kSecAttrKeyClassPublic` ("0").
    Public,
    /// `kSecAttrKeyClassPrivate` ("1").
    Private,
}

/// What went wrong, as the `CFError` of a SecKey call: an OSStatus and Apple's description.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyError {
    code: OSStatus,
    description: String,
}

impl KeyError {
    /// An error with Apple's description for it.
    pub fn new(code: OSStatus, description: impl Into<String>) -> KeyError {
        KeyError {
            code,
            description: description.into(),
        }
    }

    /// The OSStatus (`CFErrorGetCode`).
    pub fn code(&self) -> OSStatus {
        self.code
    }

    /// Apple's text (`CFErrorCopyDescription`).
    pub fn description(&self) -> &str {
        &self.description
    }
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match status::name(self.code) {
            Some(name) => write!(f, "{} ({name})", self.description),
            None => write!(f, "{} (OSStatus {})", self.description, self.code),
        }
    }
}

impl std::error::Error for KeyError {}

/// `kSecAttr…` of a key, as `SecKeyCopyAttributes` gives them for a key of its own making.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyAttributes {
    /// `kSecAttrKeyType`.
    pub key_type: KeyType,
    /// `kSecAttrKeyClass`.
    pub key_class: KeyClass,
    /// `kSecAttrKeySizeInBits`: the modulus's bits, or the curve's.
    pub size_in_bits: usize,
    /// `kSecAttrEffectiveKeySize`: the same.
    pub effective_size: usize,
    /// `kSecAttrApplicationLabel`: SHA-1 of the public key's external representation, what
    /// keychains match a certificate's `kSecAttrPublicKeyHash` against.
    pub application_label: Vec<u8>,
    /// `kSecAttrCanEncrypt`.
    pub can_encrypt: bool,
    /// `kSecAttrCanDecrypt`.
    pub can_decrypt: bool,
    /// `kSecAttrCanDerive`.
    pub can_derive: bool,
    /// `kSecAttrCanSign`.
    pub can_sign: bool,
    /// `kSecAttrCanVerify`.
    pub can_verify: bool,
    /// `kSecAttrCanWrap`.
    pub can_wrap: bool,
    /// `kSecAttrCanUnwrap`.
    pub can_unwrap: bool,
}

/// The NIST prime curves Apple's EC keys use, by the byte size of their field.
fn curve_of_field_size(bytes: usize) -> Option<EcGroup> {
    let nid = match bytes {
        24 => Nid::X9_62_PRIME192V1,
        28 => Nid::SECP224R1,
        32 => Nid::X9_62_PRIME256V1,
        48 => Nid::SECP384R1,
        66 => Nid::SECP521R1,
        _ => return None,
    };
    EcGroup::from_curve_name(nid).ok()
}

/// Apple's RSA keys stop at 8192 bits (`kMaximumRSAKeyBits`, SecRSAKey.c).
const MAX_RSA_BITS: i32 = 8192;

/// The uncompressed point (`04 || X || Y`) of an X9.63 encoding on the curve its length
/// names (`2n + 1` bytes for a public key, `3n + 1` for a private one), and that curve.
fn x963_point(data: &[u8], parts: usize) -> Option<(EcGroup, EcPoint, usize)> {
    let rest = data.len().checked_sub(1)?;
    if rest % parts != 0 || data[0] != 4 {
        return None;
    }
    let size = rest / parts;
    let group = curve_of_field_size(size)?;
    let mut ctx = BigNumContext::new().ok()?;
    let point = EcPoint::from_bytes(&group, &data[..2 * size + 1], &mut ctx).ok()?;
    Some((group, point, size))
}

impl SecKey {
    /// `SecKeyCreateWithData`: RSA keys as PKCS#1 (`RSAPublicKey`, `RSAPrivateKey`), EC keys
    /// as X9.63 (`04 || X || Y`, then `|| K` for a private key), the curve given by the
    /// length. Errors are Apple's (`errSecParam`, SecKey.c's texts, its own slip included:
    /// a bad EC private key is reported as a public one).
    pub fn from_data(
        key_type: KeyType,
        key_class: KeyClass,
        data: &[u8],
    ) -> Result<SecKey, KeyError> {
        let made = match (key_type, key_class) {
            (KeyType::Rsa, KeyClass::Public) => Rsa::public_key_from_der_pkcs1(data)
                .ok()
                .filter(|rsa| rsa.n().num_bits() <= MAX_RSA_BITS)
                .and_then(|rsa| PKey::from_rsa(rsa).ok())
                .map(Material::Public),
            (KeyType::Rsa, KeyClass::Private) => Rsa::private_key_from_der(data)
                .ok()
                .filter(|rsa| {
                    rsa.n().num_bits() <= MAX_RSA_BITS && rsa.check_key().unwrap_or(false)
                })
                .and_then(|rsa| PKey::from_rsa(rsa).ok())
                .map(Material::Private),
            (KeyType::Ec, KeyClass::Public) => x963_point(data, 2)
                .filter(|(_, _, size)| data.len() == 2 * size + 1)
                .and_then(|(group, point, _)| EcKey::from_public_key(&group, &point).ok())
                .filter(|key| key.check_key().is_ok())
                .and_then(|key| PKey::from_ec_key(key).ok())
                .map(Material::Public),
            (KeyType::Ec, KeyClass::Private) => x963_point(data, 3)
                .and_then(|(group, point, size)| {
                    let k = BigNum::from_slice(&data[2 * size + 1..]).ok()?;
                    EcKey::from_private_components(&group, &k, &point).ok()
                })
                .filter(|key| key.check_key().is_ok())
                .and_then(|key| PKey::from_ec_key(key).ok())
                .map(Material::Private),
        };
        made.map(|material| SecKey { material }).ok_or_else(|| {
            let text = match (key_type, key_class) {
                (KeyType::Rsa, KeyClass::Public) => "RSA public key creation from data failed",
                (KeyType::Rsa, KeyClass::Private) => "RSA private key creation from data failed",
                (KeyType::Ec, _) => "EC public key creation from data failed",
            };
            KeyError::new(errSecParam, text)
        })
    }

    /// A private key OpenSSL holds; `errSecUnimplemented` unless it is RSA or EC on one of
    /// Apple's curves (the keys Apple's SecKey knows).
    pub fn from_private_pkey(key: PKey<Private>) -> Result<SecKey, KeyError> {
        supported(&key)?;
        Ok(SecKey {
            material: Material::Private(key),
        })
    }

    /// A public key OpenSSL holds; `errSecUnimplemented` unless it is RSA or EC on one of
    /// Apple's curves.
    pub fn from_public_pkey(key: PKey<Public>) -> Result<SecKey, KeyError> {
        supported(&key)?;
        Ok(SecKey {
            material: Material::Public(key),
        })
    }

    /// The private key, for storing it (PKCS#8, PKCS#12); `None` for a public key.
    pub fn private_pkey(&self) -> Option<&PKeyRef<Private>> {
        match &self.material {
            Material::Private(key) => Some(key),
            Material::Public(_) => None,
        }
    }

    /// The public half as OpenSSL's key (made from the private key for a private one).
    pub fn public_pkey(&self) -> Option<PKey<Public>> {
        let der = match &self.material {
            Material::Private(key) => key.public_key_to_der().ok()?,
            Material::Public(key) => return Some(key.clone()),
        };
        PKey::public_key_from_der(&der).ok()
    }

    /// `kSecAttrKeyType`.
    pub fn key_type(&self) -> KeyType {
        match either!(&self.material, key => key.id()) {
            Id::RSA => KeyType::Rsa,
            _ => KeyType::Ec,
        }
    }

    /// `kSecAttrKeyClass`.
    pub fn key_class(&self) -> KeyClass {
        match self.material {
            Material::Private(_) => KeyClass::Private,
            Material::Public(_) => KeyClass::Public,
        }
    }

    /// `SecKeyGetBlockSize`: the modulus's bytes for RSA, the field's for EC (66 for P-521).
    pub fn block_size(&self) -> usize {
        self.size_in_bits().div_ceil(8)
    }

    /// `kSecAttrKeySizeInBits`: the modulus's bits, or the curve's (521 for P-521).
    pub fn size_in_bits(&self) -> usize {
        either!(&self.material, key => bits(key))
    }

    /// `SecKeyCopyExternalRepresentation`: PKCS#1 for RSA (`RSAPublicKey` or
    /// `RSAPrivateKey`), X9.63 for EC (`04 || X || Y`, then `|| K` zero-padded to the
    /// field's size for a private key).
    pub fn external_representation(&self) -> Option<Vec<u8>> {
        match &self.material {
            Material::Private(key) if key.id() == Id::RSA => {
                key.rsa().ok()?.private_key_to_der().ok()
            }
            Material::Private(key) => {
                let ec = key.ec_key().ok()?;
                let mut bytes = ec_public_bytes(&ec)?;
                let size = self.block_size();
                bytes.extend(
                    ec.private_key()
                        .to_vec_padded(i32::try_from(size).ok()?)
                        .ok()?,
                );
                Some(bytes)
            }
            Material::Public(key) => public_bytes(key),
        }
    }

    /// `SecKeyCopyPublicKey`: the public key of a private key, or the key itself.
    pub fn public_key(&self) -> Option<SecKey> {
        Some(SecKey {
            material: Material::Public(self.public_pkey()?),
        })
    }

    /// `kSecAttrApplicationLabel`: SHA-1 of the public key's external representation.
    pub fn application_label(&self) -> Option<Vec<u8>> {
        let public = either!(&self.material, key => public_bytes(key))?;
        hash(MessageDigest::sha1(), &public)
            .ok()
            .map(|d| d.to_vec())
    }

    /// `SecKeyCopyAttributes`: what Apple's software keys report (SecKey.c's attribute
    /// dictionary, with SecRSAKey.c's and SecECKey.c's changes for public keys).
    pub fn attributes(&self) -> KeyAttributes {
        let private = self.key_class() == KeyClass::Private;
        let rsa_public = !private && self.key_type() == KeyType::Rsa;
        let bits = self.size_in_bits();
        KeyAttributes {
            key_type: self.key_type(),
            key_class: self.key_class(),
            size_in_bits: bits,
            effective_size: bits,
            application_label: self.application_label().unwrap_or_default(),
            can_encrypt: !private,
            can_decrypt: private || rsa_public,
            can_derive: private,
            can_sign: private,
            can_verify: !private,
            can_wrap: !private,
            can_unwrap: private,
        }
    }
}

/// A key Apple's SecKey knows: RSA, or EC on one of its curves.
fn supported<T: HasPublic>(key: &PKeyRef<T>) -> Result<(), KeyError> {
    let known = match key.id() {
        Id::RSA => key
            .rsa()
            .is_ok_and(|rsa| rsa.n().num_bits() <= MAX_RSA_BITS),
        Id::EC => key.ec_key().is_ok_and(|ec| {
            let size = (ec.group().degree() as usize).div_ceil(8);
            curve_of_field_size(size).is_some_and(|g| g.curve_name() == ec.group().curve_name())
        }),
        _ => false,
    };
    if known {
        Ok(())
    } else {
        Err(KeyError::new(errSecUnimplemented, "unsupported key type"))
    }
}

/// The modulus's bits, or the curve's.
fn bits<T: HasPublic>(key: &PKeyRef<T>) -> usize {
    let bits = match key.id() {
        Id::RSA => key.rsa().map(|rsa| rsa.n().num_bits()).unwrap_or(0),
        _ => key
            .ec_key()
            .map(|ec| ec.group().degree() as i32)
            .unwrap_or(0),
    };
    usize::try_from(bits).unwrap_or(0)
}

/// A public key's external representation: PKCS#1 `RSAPublicKey`, or X9.63.
fn public_bytes<T: HasPublic>(key: &PKeyRef<T>) -> Option<Vec<u8>> {
    match key.id() {
        Id::RSA => key.rsa().ok()?.public_key_to_der_pkcs1().ok(),
        _ => ec_public_bytes(&key.ec_key().ok()?),
    }
}

fn ec_public_bytes<T: HasPublic>(ec: &EcKey<T>) -> Option<Vec<u8>> {
    let mut ctx = BigNumContext::new().ok()?;
    ec.public_key()
        .to_bytes(ec.group(), PointConversionForm::UNCOMPRESSED, &mut ctx)
        .ok()
}

/// Keys are equal when they are the same half of the same key (Apple's `SecKeyEqual`
/// compares their attribute dictionaries, which hold the key's data).
impl PartialEq for SecKey {
    fn eq(&self, other: &SecKey) -> bool {
        self.key_class() == other.key_class()
            && self.external_representation().is_some()
            && self.external_representation() == other.external_representation()
    }
}

impl Eq for SecKey {}

/// Apple's description of a key (`<SecKeyRef algorithm id: 1, key type: RSAPublicKey, …>`,
/// without the address), which its error texts quote.
impl fmt::Debug for SecKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let class = match self.key_class() {
            KeyClass::Private => "PrivateKey",
            KeyClass::Public => "PublicKey",
        };
        let bits = 8 * self.block_size();
        match self.key_type() {
            KeyType::Rsa => write!(
                f,
                "<SecKeyRef algorithm id: 1, key type: RSA{class}, version: 4, block size: {bits} bits>"
            ),
            KeyType::Ec => {
                let curve = match self.size_in_bits() {
                    256 => "kSecECCurveSecp256r1",
                    384 => "kSecECCurveSecp384r1",
                    521 => "kSecECCurveSecp521r1",
                    _ => "kSecECCurveNone",
                };
                write!(
                    f,
                    "<SecKeyRef curve type: {curve}, algorithm id: 3, key type: EC{class}, \
                     version: 4, block size: {bits} bits>"
                )
            }
        }
    }
}
