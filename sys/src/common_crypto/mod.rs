//! CommonCrypto, as Mac code calls it around its TLS code, carried out by OpenSSL: digests
//! (CommonDigest.h), HMAC (CommonHMAC.h), symmetric ciphers (CommonCryptor.h), random bytes
//! (CommonRandom.h) and PBKDF2 (CommonKeyDerivation.h), with CommonCryptoError.h's codes.
//! Bad arguments — which crash CommonCrypto more often than not — return its codes instead.

pub mod cryptor;
pub mod digest;
pub mod hmac;
pub mod key_derivation;
pub mod random;

/// `CCStatus` / `CCCryptorStatus`.
pub type CCStatus = i32;

/// `kCCSuccess`.
pub const kCCSuccess: CCStatus = 0;
/// `kCCParamError`: an illegal parameter value.
pub const kCCParamError: CCStatus = -4300;
/// `kCCBufferTooSmall`: the output buffer is too small (nothing is lost; retry).
pub const kCCBufferTooSmall: CCStatus = -4301;
/// `kCCMemoryFailure`.
pub const kCCMemoryFailure: CCStatus = -4302;
/// `kCCAlignmentError`: input not a whole number of blocks, without padding.
pub const kCCAlignmentError: CCStatus = -4303;
/// `kCCDecodeError`: input that does not decrypt properly (bad padding).
pub const kCCDecodeError: CCStatus = -4304;
/// `kCCUnimplemented`: an algorithm or mode not implemented.
pub const kCCUnimplemented: CCStatus = -4305;
/// `kCCRNGFailure`: the random generator failed.
pub const kCCRNGFailure: CCStatus = -4307;
/// `kCCKeySizeError`: a key of a size the algorithm does not take.
pub const kCCKeySizeError: CCStatus = -4310;
