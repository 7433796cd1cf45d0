//! `SecKeyCreateSignature`, `SecKeyVerifySignature`, `SecKeyIsAlgorithmSupported`: Apple's
//! signature algorithms by OpenSSL, with SecKeyAdaptors.c's checks, codes and texts.

use openssl::bn::BigNum;
use openssl::ecdsa::EcdsaSig;
use openssl::hash::hash;
use openssl::pkey::{HasPublic, PKeyRef};
use openssl::pkey_ctx::PkeyCtx;
use openssl::rsa::Padding;
use openssl::sign::RsaPssSaltlen;

use crate::key::algorithm::{Scheme, SchemeKind};
use crate::key::{Algorithm, KeyClass, KeyError, KeyOperation, KeyType, Material, SecKey};
use crate::status::{errSecParam, errSecVerifyFailed};

impl SecKey {
    /// `SecKeyCreateSignature`, with a private key: PKCS#1 v1.5 and PSS signatures, ECDSA's
    /// X9.62 DER or RFC 4754's `r || s`.
    pub fn create_signature(
        &self,
        algorithm: Algorithm,
        input: &[u8],
    ) -> Result<Vec<u8>, KeyError> {
        let scheme = self.scheme_for(KeyOperation::Sign, algorithm)?;
        let digest = digest_of(scheme, algorithm, input)?;
        let Material::Private(key) = &self.material else {
            return Err(self.unsupported(algorithm));
        };
        let signed = (|| {
            let mut ctx = PkeyCtx::new(key)?;
            ctx.sign_init()?;
            configure(&mut ctx, scheme)?;
            let mut signature = Vec::new();
            ctx.sign_to_vec(&digest, &mut signature)?;
            Ok::<_, openssl::error::ErrorStack>(signature)
        })();
        let signature = signed.map_err(|e| {
            log::warn!("{}: signing failed: {e}", algorithm.name());
            KeyError::new(errSecParam, format!("{}: signing failed", algorithm.name()))
        })?;
        if scheme.kind == SchemeKind::EcdsaRaw {
            return raw_ecdsa(&signature, self.block_size())
                .ok_or_else(|| KeyError::new(errSecParam, "Wrong ECDSA X962 signature"));
        }
        Ok(signature)
    }

    /// `SecKeyVerifySignature`, with a public key: `Ok(true)` if `signature` is one of
    /// `signed` under `algorithm`; a signature that is not is `errSecVerifyFailed` with
    /// Apple's text, as on Apple (which returns false with that error).
    pub fn verify_signature(
        &self,
        algorithm: Algorithm,
        signed: &[u8],
        signature: &[u8],
    ) -> Result<bool, KeyError> {
        let scheme = self.scheme_for(KeyOperation::Verify, algorithm)?;
        let digest = digest_of(scheme, algorithm, signed)?;
        let Material::Public(key) = &self.material else {
            return Err(self.unsupported(algorithm));
        };
        let der;
        let signature = if scheme.kind == SchemeKind::EcdsaRaw {
            let expected = 2 * self.block_size();
            if signature.len() != expected {
                return Err(KeyError::new(
                    errSecParam,
                    format!(
                        "bad signature size, got {}, expecting {expected} bytes",
                        signature.len()
                    ),
                ));
            }
            der = der_ecdsa(signature).ok_or_else(|| self.mismatch())?;
            &der[..]
        } else {
            signature
        };
        let verified = verify(key, scheme, &digest, signature).unwrap_or(false);
        if verified {
            Ok(true)
        } else {
            Err(self.mismatch())
        }
    }

    /// `SecKeyIsAlgorithmSupported`: whether `operation` with `algorithm` is one this key
    /// carries out. Signing and decrypting need a private key, verifying and encrypting a
    /// public one (as Apple's keys: a private key encrypts nothing); PSS needs room in the
    /// modulus for two digests; encryption is RSA's (raw, PKCS#1, OAEP), key exchange ECDH
    /// with a private EC key.
    ///
    /// ```
    /// use secure_transport::key::{Algorithm, GenerateKeyOptions, KeyOperation, KeyType, SecKey};
    ///
    /// let rsa = SecKey::new(GenerateKeyOptions::default().set_size_in_bits(2048))?;
    /// let public = rsa.public_key().unwrap();
    /// let oaep = Algorithm::RSAEncryptionOAEPSHA256;
    /// assert!(public.is_algorithm_supported(KeyOperation::Encrypt, oaep));
    /// assert!(rsa.is_algorithm_supported(KeyOperation::Decrypt, oaep));
    /// assert!(!rsa.is_algorithm_supported(KeyOperation::Encrypt, oaep));
    ///
    /// let ec = SecKey::new(GenerateKeyOptions::default().set_key_type(KeyType::ec()))?;
    /// let ecdh = Algorithm::ECDHKeyExchangeStandardX963SHA256;
    /// assert!(ec.is_algorithm_supported(KeyOperation::KeyExchange, ecdh));
    /// assert!(!rsa.is_algorithm_supported(KeyOperation::KeyExchange, ecdh));
    /// # Ok::<(), secure_transport::key::KeyError>(())
    /// ```
    pub fn is_algorithm_supported(&self, operation: KeyOperation, algorithm: Algorithm) -> bool {
        match operation {
            KeyOperation::Sign | KeyOperation::Verify => {
                self.scheme_for(operation, algorithm).is_ok()
            }
            _ => self.does_cipher_operation(operation, algorithm),
        }
    }

    /// The scheme of `algorithm` if this key does `operation` with it, else Apple's error.
    fn scheme_for(
        &self,
        operation: KeyOperation,
        algorithm: Algorithm,
    ) -> Result<Scheme, KeyError> {
        let class = match operation {
            KeyOperation::Sign => KeyClass::Private,
            KeyOperation::Verify => KeyClass::Public,
            _ => return Err(self.unsupported(algorithm)),
        };
        let scheme = algorithm
            .scheme()
            .ok_or_else(|| self.unsupported(algorithm))?;
        let key_type = match scheme.kind {
            SchemeKind::RsaPkcs1 | SchemeKind::RsaPss => KeyType::Rsa,
            SchemeKind::EcdsaX962 | SchemeKind::EcdsaRaw => KeyType::Ec,
        };
        if self.key_class() != class || self.key_type() != key_type {
            return Err(self.unsupported(algorithm));
        }
        if let (SchemeKind::RsaPss, Some(digest)) = (scheme.kind, scheme.digest) {
            // EMSA-PSS needs the digest, a salt as long, and two bytes (SecKeyAdaptors.c).
            let size = self.block_size();
            if size < 2 * digest.size() + 2 {
                return Err(KeyError::new(
                    errSecParam,
                    format!(
                        "algorithm {} incompatible with {}bit RSA key",
                        algorithm.name(),
                        size * 8
                    ),
                ));
            }
        }
        Ok(scheme)
    }

    /// SecKey.c's error for an algorithm the key does not do.
    fn unsupported(&self, algorithm: Algorithm) -> KeyError {
        KeyError::new(
            errSecParam,
            format!(
                "{}: algorithm not supported by the key {self:?}",
                algorithm.name()
            ),
        )
    }

    /// A signature that does not verify, in SecKeyAdaptors.c's or SecECKey.c's words.
    fn mismatch(&self) -> KeyError {
        let text = match self.key_type() {
            KeyType::Rsa => "RSA signature verification failed, no match",
            KeyType::Ec => "EC signature verification failed, no match",
        };
        KeyError::new(errSecVerifyFailed, text)
    }
}

/// What the key signs: the message's digest, or the digest given, which must be as long as
/// the algorithm's hash makes them (`errSecParam` with SecKeyAdaptors.c's texts).
fn digest_of(scheme: Scheme, algorithm: Algorithm, input: &[u8]) -> Result<Vec<u8>, KeyError> {
    let Some(digest) = scheme.digest else {
        return Ok(input.to_vec());
    };
    if scheme.message {
        return hash(digest.md(), input)
            .map(|d| d.to_vec())
            .map_err(|_| KeyError::new(errSecParam, "digest failed"));
    }
    if input.len() != digest.size() {
        let text = match scheme.kind {
            SchemeKind::RsaPkcs1 | SchemeKind::RsaPss => "RSAsign wrong input data length".into(),
            _ => format!(
                "bad digest size for signing with algorithm {}",
                algorithm.name()
            ),
        };
        return Err(KeyError::new(errSecParam, text));
    }
    Ok(input.to_vec())
}

/// Sets the padding, hash and salt of an RSA scheme (ECDSA signs the digest as it is).
fn configure<T>(ctx: &mut PkeyCtx<T>, scheme: Scheme) -> Result<(), openssl::error::ErrorStack> {
    let Some(digest) = scheme.digest else {
        return Ok(());
    };
    match scheme.kind {
        SchemeKind::RsaPkcs1 => {
            ctx.set_rsa_padding(Padding::PKCS1)?;
            ctx.set_signature_md(digest.md_ref())
        }
        SchemeKind::RsaPss => {
            ctx.set_rsa_padding(Padding::PKCS1_PSS)?;
            ctx.set_signature_md(digest.md_ref())?;
            ctx.set_rsa_mgf1_md(digest.md_ref())?;
            ctx.set_rsa_pss_saltlen(RsaPssSaltlen::DIGEST_LENGTH)
        }
        SchemeKind::EcdsaX962 | SchemeKind::EcdsaRaw => Ok(()),
    }
}

fn verify<T: HasPublic>(
    key: &PKeyRef<T>,
    scheme: Scheme,
    digest: &[u8],
    signature: &[u8],
) -> Result<bool, openssl::error::ErrorStack> {
    let mut ctx = PkeyCtx::new(key)?;
    ctx.verify_init()?;
    configure(&mut ctx, scheme)?;
    ctx.verify(digest, signature)
}

/// An X9.62 DER signature as RFC 4754's `r || s`, each as long as the field.
fn raw_ecdsa(der: &[u8], size: usize) -> Option<Vec<u8>> {
    let signature = EcdsaSig::from_der(der).ok()?;
    let size = i32::try_from(size).ok()?;
    let mut raw = signature.r().to_vec_padded(size).ok()?;
    raw.extend(signature.s().to_vec_padded(size).ok()?);
    Some(raw)
}

/// RFC 4754's `r || s` as X9.62 DER.
fn der_ecdsa(raw: &[u8]) -> Option<Vec<u8>> {
    let (r, s) = raw.split_at(raw.len() / 2);
    let signature =
        EcdsaSig::from_private_components(BigNum::from_slice(r).ok()?, BigNum::from_slice(s).ok()?)
            .ok()?;
    signature.to_der().ok()
}
