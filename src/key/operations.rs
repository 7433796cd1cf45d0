//! security-framework's key calls beyond signatures: generating a key
//! (`SecKeyCreateRandomKey`), RSA encryption (`SecKeyCreateEncryptedData`,
//! `SecKeyCreateDecryptedData`) and ECDH (`SecKeyCopyKeyExchangeResult`), carried out by
//! OpenSSL.

use openssl::derive::Deriver;
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::{Hasher, MessageDigest};
use openssl::md::Md;
use openssl::nid::Nid;
use openssl::pkey::PKey;
use openssl::pkey_ctx::PkeyCtx;
use openssl::rsa::{Padding, Rsa};

use crate::key::{
    Algorithm, GenerateKeyOptions, KeyError, KeyOperation, KeyType, Material, SecKey, Token,
};
use crate::status::{errSecParam, errSecUnimplemented};

impl SecKey {
    /// A new private key of the type and size `options` give: RSA of 1024 to 8192 bits (a
    /// multiple of 8), or EC on P-192, P-224, P-256, P-384 or P-521; `errSecParam` for
    /// another size. [`SecKey::new`] stores it where the options say.
    pub(crate) fn generate(options: &GenerateKeyOptions) -> Result<SecKey, KeyError> {
        if matches!(options.token, Some(Token::SecureEnclave)) {
            return Err(KeyError::new(errSecUnimplemented, "no Secure Enclave"));
        }
        let key_type = options.key_type.unwrap_or(KeyType::Rsa);
        let bad_size = || KeyError::new(errSecParam, "unsupported key size");
        let made = match key_type {
            KeyType::Rsa => {
                let bits = options.size_in_bits.unwrap_or(2048);
                if !(1024..=8192).contains(&bits) || !bits.is_multiple_of(8) {
                    return Err(bad_size());
                }
                Rsa::generate(bits).and_then(PKey::from_rsa)
            }
            KeyType::Ec => {
                let nid = match options.size_in_bits.unwrap_or(256) {
                    192 => Nid::X9_62_PRIME192V1,
                    224 => Nid::SECP224R1,
                    256 => Nid::X9_62_PRIME256V1,
                    384 => Nid::SECP384R1,
                    521 => Nid::SECP521R1,
                    _ => return Err(bad_size()),
                };
                EcGroup::from_curve_name(nid)
                    .and_then(|group| EcKey::generate(&group))
                    .and_then(PKey::from_ec_key)
            }
        };
        let key = made.map_err(|e| {
            log::error!("key generation: {e}");
            KeyError::new(errSecParam, "key generation failed")
        })?;
        SecKey::from_private_pkey(key)
    }

    /// `SecKeyCreateEncryptedData` with a public key: RSA raw, PKCS#1 v1.5 and OAEP with
    /// SHA-1 to SHA-512 (the ECIES and AES-GCM hybrids are not carried out: `errSecParam`).
    ///
    /// ```
    /// use secure_transport::key::{Algorithm, GenerateKeyOptions, SecKey};
    ///
    /// let key = SecKey::new(GenerateKeyOptions::default().set_size_in_bits(2048))?;
    /// let public = key.public_key().unwrap();
    /// let sealed = public.encrypt_data(Algorithm::RSAEncryptionOAEPSHA256, b"secret")?;
    /// assert_eq!(key.decrypt_data(Algorithm::RSAEncryptionOAEPSHA256, &sealed)?, b"secret");
    /// # Ok::<(), secure_transport::key::KeyError>(())
    /// ```
    pub fn encrypt_data(&self, algorithm: Algorithm, input: &[u8]) -> Result<Vec<u8>, KeyError> {
        let (padding, digest) = rsa_scheme(algorithm).ok_or_else(|| unsupported(algorithm))?;
        let key = self
            .public_pkey()
            .filter(|k| k.rsa().is_ok())
            .ok_or_else(|| unsupported(algorithm))?;
        let done = (|| {
            let mut ctx = PkeyCtx::new(&key)?;
            ctx.encrypt_init()?;
            ctx.set_rsa_padding(padding)?;
            if let Some(md) = digest {
                ctx.set_rsa_oaep_md(md)?;
                ctx.set_rsa_mgf1_md(md)?;
            }
            let mut out = Vec::new();
            ctx.encrypt_to_vec(input, &mut out)?;
            Ok::<_, openssl::error::ErrorStack>(out)
        })();
        done.map_err(|_| {
            KeyError::new(
                errSecParam,
                format!("{}: encryption failed", algorithm.name()),
            )
        })
    }

    /// `SecKeyCreateDecryptedData` with a private key: the algorithms of
    /// [`SecKey::encrypt_data`]; `errSecParam` for data that does not decrypt.
    ///
    /// ```
    /// use secure_transport::key::{Algorithm, GenerateKeyOptions, SecKey};
    ///
    /// let key = SecKey::new(GenerateKeyOptions::default().set_size_in_bits(2048))?;
    /// let sealed = key.public_key().unwrap().encrypt_data(Algorithm::RSAEncryptionPKCS1, b"hi")?;
    /// assert_eq!(key.decrypt_data(Algorithm::RSAEncryptionPKCS1, &sealed)?, b"hi");
    /// let wrong = key.decrypt_data(Algorithm::RSAEncryptionOAEPSHA1, &sealed).unwrap_err();
    /// assert_eq!(wrong.code(), -50); // errSecParam
    /// # Ok::<(), secure_transport::key::KeyError>(())
    /// ```
    pub fn decrypt_data(&self, algorithm: Algorithm, input: &[u8]) -> Result<Vec<u8>, KeyError> {
        let (padding, digest) = rsa_scheme(algorithm).ok_or_else(|| unsupported(algorithm))?;
        let key = match &self.material {
            Material::Private(key) if key.rsa().is_ok() => key,
            _ => return Err(unsupported(algorithm)),
        };
        let done = (|| {
            let mut ctx = PkeyCtx::new(key)?;
            ctx.decrypt_init()?;
            ctx.set_rsa_padding(padding)?;
            if let Some(md) = digest {
                ctx.set_rsa_oaep_md(md)?;
                ctx.set_rsa_mgf1_md(md)?;
            }
            let mut out = Vec::new();
            ctx.decrypt_to_vec(input, &mut out)?;
            Ok::<_, openssl::error::ErrorStack>(out)
        })();
        done.map_err(|_| {
            KeyError::new(
                errSecParam,
                format!("{}: decryption failed", algorithm.name()),
            )
        })
    }

    /// `SecKeyCopyKeyExchangeResult`: ECDH of this private key with `public_key`, the shared
    /// secret itself (`ECDHKeyExchangeStandard`, `…Cofactor`) or `requested_size` bytes of
    /// X9.63's KDF over it with `shared_info` (`…X963SHA256` and the others). The NIST
    /// curves' cofactor is 1: both kinds agree.
    ///
    /// ```
    /// use secure_transport::key::{Algorithm, GenerateKeyOptions, KeyType, SecKey};
    ///
    /// let mut options = GenerateKeyOptions::default();
    /// options.set_key_type(KeyType::ec()).set_size_in_bits(384);
    /// let (a, b) = (SecKey::new(&options)?, SecKey::new(&options)?);
    /// let algorithm = Algorithm::ECDHKeyExchangeStandardX963SHA256;
    /// let ab = a.key_exchange(algorithm, &b.public_key().unwrap(), 32, Some(b"info"))?;
    /// let ba = b.key_exchange(algorithm, &a.public_key().unwrap(), 32, Some(b"info"))?;
    /// assert_eq!(ab, ba);
    /// # Ok::<(), secure_transport::key::KeyError>(())
    /// ```
    pub fn key_exchange(
        &self,
        algorithm: Algorithm,
        public_key: &SecKey,
        requested_size: usize,
        shared_info: Option<&[u8]>,
    ) -> Result<Vec<u8>, KeyError> {
        let kdf = ecdh_kdf(algorithm).ok_or_else(|| unsupported(algorithm))?;
        let (Material::Private(private), Some(peer)) = (&self.material, public_key.public_pkey())
        else {
            return Err(unsupported(algorithm));
        };
        let secret = Deriver::new(private)
            .and_then(|mut d| {
                d.set_peer(&peer)?;
                d.derive_to_vec()
            })
            .map_err(|_| KeyError::new(errSecParam, "ECDH key exchange failed"))?;
        match kdf {
            None => Ok(secret),
            Some(digest) => x963_kdf(digest, &secret, shared_info.unwrap_or(&[]), requested_size)
                .ok_or_else(|| KeyError::new(errSecParam, "X9.63 KDF failed")),
        }
    }
}

impl SecKey {
    /// Whether this key encrypts (a public RSA key), decrypts (a private RSA key) or
    /// agrees on a key (a private EC key) with `algorithm`, as the calls above do.
    pub(super) fn does_cipher_operation(
        &self,
        operation: KeyOperation,
        algorithm: Algorithm,
    ) -> bool {
        let private = matches!(self.material, Material::Private(_));
        let (key_type, needs_private, known) = match operation {
            KeyOperation::Encrypt => (KeyType::Rsa, false, rsa_scheme(algorithm).is_some()),
            KeyOperation::Decrypt => (KeyType::Rsa, true, rsa_scheme(algorithm).is_some()),
            KeyOperation::KeyExchange => (KeyType::Ec, true, ecdh_kdf(algorithm).is_some()),
            KeyOperation::Sign | KeyOperation::Verify => return false,
        };
        known && self.key_type() == key_type && private == needs_private
    }
}

fn unsupported(algorithm: Algorithm) -> KeyError {
    KeyError::new(
        errSecParam,
        format!("{} not supported by this key", algorithm.name()),
    )
}

/// The RSA padding and OAEP digest of an encryption algorithm.
fn rsa_scheme(algorithm: Algorithm) -> Option<(Padding, Option<&'static openssl::md::MdRef>)> {
    use Algorithm::*;
    Some(match algorithm {
        RSAEncryptionRaw => (Padding::NONE, None),
        RSAEncryptionPKCS1 => (Padding::PKCS1, None),
        RSAEncryptionOAEPSHA1 => (Padding::PKCS1_OAEP, Some(Md::sha1())),
        RSAEncryptionOAEPSHA224 => (Padding::PKCS1_OAEP, Some(Md::sha224())),
        RSAEncryptionOAEPSHA256 => (Padding::PKCS1_OAEP, Some(Md::sha256())),
        RSAEncryptionOAEPSHA384 => (Padding::PKCS1_OAEP, Some(Md::sha384())),
        RSAEncryptionOAEPSHA512 => (Padding::PKCS1_OAEP, Some(Md::sha512())),
        _ => return None,
    })
}

/// `Some(None)` for raw ECDH, `Some(Some(digest))` for ECDH with X9.63's KDF.
fn ecdh_kdf(algorithm: Algorithm) -> Option<Option<MessageDigest>> {
    use Algorithm::*;
    Some(match algorithm {
        ECDHKeyExchangeStandard | ECDHKeyExchangeCofactor => None,
        ECDHKeyExchangeStandardX963SHA1 | ECDHKeyExchangeCofactorX963SHA1 => {
            Some(MessageDigest::sha1())
        }
        ECDHKeyExchangeStandardX963SHA224 | ECDHKeyExchangeCofactorX963SHA224 => {
            Some(MessageDigest::sha224())
        }
        ECDHKeyExchangeStandardX963SHA256 | ECDHKeyExchangeCofactorX963SHA256 => {
            Some(MessageDigest::sha256())
        }
        ECDHKeyExchangeStandardX963SHA384 | ECDHKeyExchangeCofactorX963SHA384 => {
            Some(MessageDigest::sha384())
        }
        ECDHKeyExchangeStandardX963SHA512 | ECDHKeyExchangeCofactorX963SHA512 => {
            Some(MessageDigest::sha512())
        }
        _ => return None,
    })
}

/// ANSI X9.63's KDF: `Hash(Z || counter || info)` for counter 1, 2, … (big-endian, 32
/// bits), concatenated and cut to `size` bytes.
fn x963_kdf(digest: MessageDigest, z: &[u8], info: &[u8], size: usize) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(size + digest.size());
    let mut counter: u32 = 1;
    while out.len() < size {
        let mut hasher = Hasher::new(digest).ok()?;
        hasher.update(z).ok()?;
        hasher.update(&counter.to_be_bytes()).ok()?;
        hasher.update(info).ok()?;
        out.extend_from_slice(&hasher.finish().ok()?);
        counter = counter.checked_add(1)?;
    }
    out.truncate(size);
    Some(out)
}
