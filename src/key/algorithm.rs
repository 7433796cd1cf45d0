//! `SecKeyAlgorithm`: Apple's algorithm names (SecKey.h), each a CFString whose text is
//! SecKeyAdaptors.c's, and the signature scheme behind the ones this crate carries out.

use std::ffi::CStr;

use openssl::hash::MessageDigest;
use openssl::md::{Md, MdRef};

/// `SecKeyOperationType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyOperation {
    /// `kSecKeyOperationTypeSign` (0).
    Sign,
    /// `kSecKeyOperationTypeVerify` (1).
    Verify,
    /// `kSecKeyOperationTypeEncrypt` (2).
    Encrypt,
    /// `kSecKeyOperationTypeDecrypt` (3).
    Decrypt,
    /// `kSecKeyOperationTypeKeyExchange` (4).
    KeyExchange,
}

impl KeyOperation {
    /// The operation of a `SecKeyOperationType` value.
    pub fn from_raw(value: isize) -> Option<KeyOperation> {
        Some(match value {
            0 => KeyOperation::Sign,
            1 => KeyOperation::Verify,
            2 => KeyOperation::Encrypt,
            3 => KeyOperation::Decrypt,
            4 => KeyOperation::KeyExchange,
            _ => return None,
        })
    }
}

/// The hash of a signature algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Digest {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Digest {
    pub(crate) fn md(self) -> MessageDigest {
        match self {
            Digest::Sha1 => MessageDigest::sha1(),
            Digest::Sha224 => MessageDigest::sha224(),
            Digest::Sha256 => MessageDigest::sha256(),
            Digest::Sha384 => MessageDigest::sha384(),
            Digest::Sha512 => MessageDigest::sha512(),
        }
    }

    /// The same hash, as `PkeyCtx` takes it.
    pub(crate) fn md_ref(self) -> &'static MdRef {
        match self {
            Digest::Sha1 => Md::sha1(),
            Digest::Sha224 => Md::sha224(),
            Digest::Sha256 => Md::sha256(),
            Digest::Sha384 => Md::sha384(),
            Digest::Sha512 => Md::sha512(),
        }
    }

    /// Bytes of a digest.
    pub(crate) fn size(self) -> usize {
        self.md().size()
    }
}

/// A signature scheme: RSA's padding, or ECDSA's encoding; with the hash of a digest
/// algorithm (`None`: ECDSA over input of any length), and whether the input is the message
/// (hashed here) or its digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Scheme {
    pub kind: SchemeKind,
    pub digest: Option<Digest>,
    pub message: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SchemeKind {
    RsaPkcs1,
    RsaPss,
    /// ECDSA, the signature DER-encoded as X9.62 says.
    EcdsaX962,
    /// ECDSA, the signature `r || s` as RFC 4754 says.
    EcdsaRaw,
}

macro_rules! algorithms {
    ($($(#[$doc:meta])* $name:ident = $text:literal $(=> $kind:ident $digest:tt $message:literal)?,)*) => {
        /// `SecKeyAlgorithm`: every algorithm SecKey.h names. Carried out: signatures
        /// (PKCS#1 v1.5 and PSS with SHA-1 to SHA-512, ECDSA as X9.62 and RFC 4754), RSA
        /// encryption (raw, PKCS#1 v1.5, OAEP with SHA-1 to SHA-512) and ECDH (raw and with
        /// X9.63's KDF). The ECIES and RSA-AES-GCM hybrids are named only
        /// (`SecKeyIsAlgorithmSupported` says false, the operations `errSecParam`).
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Algorithm {
            $($(#[$doc])* #[doc = concat!("`kSecKeyAlgorithm", stringify!($name), "`: \"", $text, "\".")] $name,)*
        }

        impl Algorithm {
            /// Every algorithm, in SecKey.h's order.
            pub const ALL: &'static [Algorithm] = &[$(Algorithm::$name,)*];

            /// Apple's text of the algorithm's CFString (what `%@` prints in its errors).
            pub fn name(self) -> &'static str {
                match self {
                    $(Algorithm::$name => $text,)*
                }
            }

            /// The same text, NUL-terminated, for the C constants.
            pub const fn c_name(self) -> &'static CStr {
                let bytes: &[u8] = match self {
                    $(Algorithm::$name => concat!($text, "\0").as_bytes(),)*
                };
                match CStr::from_bytes_with_nul(bytes) {
                    Ok(text) => text,
                    Err(_) => panic!("an algorithm's text has a NUL inside"),
                }
            }

            /// The algorithm whose CFString holds `text`.
            pub fn from_name(text: &str) -> Option<Algorithm> {
                Algorithm::ALL.iter().copied().find(|a| a.name() == text)
            }

            /// The signature scheme, for the algorithms carried out.
            pub(crate) fn scheme(self) -> Option<Scheme> {
                match self {
                    $($(Algorithm::$name => Some(Scheme {
                        kind: SchemeKind::$kind,
                        digest: algorithms!(@digest $digest),
                        message: $message,
                    }),)?)*
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
        }
    };
    (@digest None) => { None };
    (@digest $digest:ident) => { Some(Digest::$digest) };
}

algorithms! {
    RSASignatureRaw = "algid:sign:RSA:raw",
    RSASignatureDigestPKCS1v15Raw = "algid:sign:RSA:digest-PKCS1v15",
    RSASignatureDigestPKCS1v15SHA1 = "algid:sign:RSA:digest-PKCS1v15:SHA1" => RsaPkcs1 Sha1 false,
    RSASignatureDigestPKCS1v15SHA224 = "algid:sign:RSA:digest-PKCS1v15:SHA224" => RsaPkcs1 Sha224 false,
    RSASignatureDigestPKCS1v15SHA256 = "algid:sign:RSA:digest-PKCS1v15:SHA256" => RsaPkcs1 Sha256 false,
    RSASignatureDigestPKCS1v15SHA384 = "algid:sign:RSA:digest-PKCS1v15:SHA384" => RsaPkcs1 Sha384 false,
    RSASignatureDigestPKCS1v15SHA512 = "algid:sign:RSA:digest-PKCS1v15:SHA512" => RsaPkcs1 Sha512 false,
    RSASignatureMessagePKCS1v15SHA1 = "algid:sign:RSA:message-PKCS1v15:SHA1" => RsaPkcs1 Sha1 true,
    RSASignatureMessagePKCS1v15SHA224 = "algid:sign:RSA:message-PKCS1v15:SHA224" => RsaPkcs1 Sha224 true,
    RSASignatureMessagePKCS1v15SHA256 = "algid:sign:RSA:message-PKCS1v15:SHA256" => RsaPkcs1 Sha256 true,
    RSASignatureMessagePKCS1v15SHA384 = "algid:sign:RSA:message-PKCS1v15:SHA384" => RsaPkcs1 Sha384 true,
    RSASignatureMessagePKCS1v15SHA512 = "algid:sign:RSA:message-PKCS1v15:SHA512" => RsaPkcs1 Sha512 true,
    // Apple's text says 24 bytes of salt for SHA-224 (a slip of SecKeyAdaptors.c's); the
    // salt is the digest's length, 28, whatever the name says.
    RSASignatureDigestPSSSHA1 = "algid:sign:RSA:digest-PSS:SHA1:SHA1:20" => RsaPss Sha1 false,
    RSASignatureDigestPSSSHA224 = "algid:sign:RSA:digest-PSS:SHA224:SHA224:24" => RsaPss Sha224 false,
    RSASignatureDigestPSSSHA256 = "algid:sign:RSA:digest-PSS:SHA256:SHA256:32" => RsaPss Sha256 false,
    RSASignatureDigestPSSSHA384 = "algid:sign:RSA:digest-PSS:SHA384:SHA384:48" => RsaPss Sha384 false,
    RSASignatureDigestPSSSHA512 = "algid:sign:RSA:digest-PSS:SHA512:SHA512:64" => RsaPss Sha512 false,
    RSASignatureMessagePSSSHA1 = "algid:sign:RSA:message-PSS:SHA1:SHA1:20" => RsaPss Sha1 true,
    RSASignatureMessagePSSSHA224 = "algid:sign:RSA:message-PSS:SHA224:SHA224:24" => RsaPss Sha224 true,
    RSASignatureMessagePSSSHA256 = "algid:sign:RSA:message-PSS:SHA256:SHA256:32" => RsaPss Sha256 true,
    RSASignatureMessagePSSSHA384 = "algid:sign:RSA:message-PSS:SHA384:SHA384:48" => RsaPss Sha384 true,
    RSASignatureMessagePSSSHA512 = "algid:sign:RSA:message-PSS:SHA512:SHA512:64" => RsaPss Sha512 true,
    ECDSASignatureRFC4754 = "algid:sign:ECDSA:RFC4754" => EcdsaRaw None false,
    ECDSASignatureDigestX962 = "algid:sign:ECDSA:digest-X962" => EcdsaX962 None false,
    ECDSASignatureDigestX962SHA1 = "algid:sign:ECDSA:digest-X962:SHA1" => EcdsaX962 Sha1 false,
    ECDSASignatureDigestX962SHA224 = "algid:sign:ECDSA:digest-X962:SHA224" => EcdsaX962 Sha224 false,
    ECDSASignatureDigestX962SHA256 = "algid:sign:ECDSA:digest-X962:SHA256" => EcdsaX962 Sha256 false,
    ECDSASignatureDigestX962SHA384 = "algid:sign:ECDSA:digest-X962:SHA384" => EcdsaX962 Sha384 false,
    ECDSASignatureDigestX962SHA512 = "algid:sign:ECDSA:digest-X962:SHA512" => EcdsaX962 Sha512 false,
    ECDSASignatureMessageX962SHA1 = "algid:sign:ECDSA:message-X962:SHA1" => EcdsaX962 Sha1 true,
    ECDSASignatureMessageX962SHA224 = "algid:sign:ECDSA:message-X962:SHA224" => EcdsaX962 Sha224 true,
    ECDSASignatureMessageX962SHA256 = "algid:sign:ECDSA:message-X962:SHA256" => EcdsaX962 Sha256 true,
    ECDSASignatureMessageX962SHA384 = "algid:sign:ECDSA:message-X962:SHA384" => EcdsaX962 Sha384 true,
    ECDSASignatureMessageX962SHA512 = "algid:sign:ECDSA:message-X962:SHA512" => EcdsaX962 Sha512 true,
    RSAEncryptionRaw = "algid:encrypt:RSA:raw",
    RSAEncryptionPKCS1 = "algid:encrypt:RSA:PKCS1",
    RSAEncryptionOAEPSHA1 = "algid:encrypt:RSA:OAEP:SHA1",
    RSAEncryptionOAEPSHA224 = "algid:encrypt:RSA:OAEP:SHA224",
    RSAEncryptionOAEPSHA256 = "algid:encrypt:RSA:OAEP:SHA256",
    RSAEncryptionOAEPSHA384 = "algid:encrypt:RSA:OAEP:SHA384",
    RSAEncryptionOAEPSHA512 = "algid:encrypt:RSA:OAEP:SHA512",
    RSAEncryptionOAEPSHA1AESGCM = "algid:encrypt:RSA:OAEP:SHA1:AESGCM",
    RSAEncryptionOAEPSHA224AESGCM = "algid:encrypt:RSA:OAEP:SHA224:AESGCM",
    RSAEncryptionOAEPSHA256AESGCM = "algid:encrypt:RSA:OAEP:SHA256:AESGCM",
    RSAEncryptionOAEPSHA384AESGCM = "algid:encrypt:RSA:OAEP:SHA384:AESGCM",
    RSAEncryptionOAEPSHA512AESGCM = "algid:encrypt:RSA:OAEP:SHA512:AESGCM",
    ECIESEncryptionStandardX963SHA1AESGCM = "algid:encrypt:ECIES:ECDH:KDFX963:SHA1:AESGCM",
    ECIESEncryptionStandardX963SHA224AESGCM = "algid:encrypt:ECIES:ECDH:KDFX963:SHA224:AESGCM",
    ECIESEncryptionStandardX963SHA256AESGCM = "algid:encrypt:ECIES:ECDH:KDFX963:SHA256:AESGCM",
    ECIESEncryptionStandardX963SHA384AESGCM = "algid:encrypt:ECIES:ECDH:KDFX963:SHA384:AESGCM",
    ECIESEncryptionStandardX963SHA512AESGCM = "algid:encrypt:ECIES:ECDH:KDFX963:SHA512:AESGCM",
    ECIESEncryptionCofactorX963SHA1AESGCM = "algid:encrypt:ECIES:ECDHC:KDFX963:SHA1:AESGCM",
    ECIESEncryptionCofactorX963SHA224AESGCM = "algid:encrypt:ECIES:ECDHC:KDFX963:SHA224:AESGCM",
    ECIESEncryptionCofactorX963SHA256AESGCM = "algid:encrypt:ECIES:ECDHC:KDFX963:SHA256:AESGCM",
    ECIESEncryptionCofactorX963SHA384AESGCM = "algid:encrypt:ECIES:ECDHC:KDFX963:SHA384:AESGCM",
    ECIESEncryptionCofactorX963SHA512AESGCM = "algid:encrypt:ECIES:ECDHC:KDFX963:SHA512:AESGCM",
    ECIESEncryptionStandardVariableIVX963SHA224AESGCM = "algid:encrypt:ECIES:ECDH:KDFX963:SHA224:AESGCM-KDFIV",
    ECIESEncryptionStandardVariableIVX963SHA256AESGCM = "algid:encrypt:ECIES:ECDH:KDFX963:SHA256:AESGCM-KDFIV",
    ECIESEncryptionStandardVariableIVX963SHA384AESGCM = "algid:encrypt:ECIES:ECDH:KDFX963:SHA384:AESGCM-KDFIV",
    ECIESEncryptionStandardVariableIVX963SHA512AESGCM = "algid:encrypt:ECIES:ECDH:KDFX963:SHA512:AESGCM-KDFIV",
    ECIESEncryptionCofactorVariableIVX963SHA224AESGCM = "algid:encrypt:ECIES:ECDHC:KDFX963:SHA224:AESGCM-KDFIV",
    ECIESEncryptionCofactorVariableIVX963SHA256AESGCM = "algid:encrypt:ECIES:ECDHC:KDFX963:SHA256:AESGCM-KDFIV",
    ECIESEncryptionCofactorVariableIVX963SHA384AESGCM = "algid:encrypt:ECIES:ECDHC:KDFX963:SHA384:AESGCM-KDFIV",
    ECIESEncryptionCofactorVariableIVX963SHA512AESGCM = "algid:encrypt:ECIES:ECDHC:KDFX963:SHA512:AESGCM-KDFIV",
    ECDHKeyExchangeStandard = "algid:keyexchange:ECDH",
    ECDHKeyExchangeStandardX963SHA1 = "algid:keyexchange:ECDH:KDFX963:SHA1",
    ECDHKeyExchangeStandardX963SHA224 = "algid:keyexchange:ECDH:KDFX963:SHA224",
    ECDHKeyExchangeStandardX963SHA256 = "algid:keyexchange:ECDH:KDFX963:SHA256",
    ECDHKeyExchangeStandardX963SHA384 = "algid:keyexchange:ECDH:KDFX963:SHA384",
    ECDHKeyExchangeStandardX963SHA512 = "algid:keyexchange:ECDH:KDFX963:SHA512",
    ECDHKeyExchangeCofactor = "algid:keyexchange:ECDHC",
    ECDHKeyExchangeCofactorX963SHA1 = "algid:keyexchange:ECDHC:KDFX963:SHA1",
    ECDHKeyExchangeCofactorX963SHA224 = "algid:keyexchange:ECDHC:KDFX963:SHA224",
    ECDHKeyExchangeCofactorX963SHA256 = "algid:keyexchange:ECDHC:KDFX963:SHA256",
    ECDHKeyExchangeCofactorX963SHA384 = "algid:keyexchange:ECDHC:KDFX963:SHA384",
    ECDHKeyExchangeCofactorX963SHA512 = "algid:keyexchange:ECDHC:KDFX963:SHA512",
}
