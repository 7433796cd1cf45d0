//! CommonKeyDerivation.h: PBKDF2 (RFC 8018) with HMAC-SHA1 or SHA-2, by OpenSSL.

use std::time::Instant;

use openssl::hash::MessageDigest;

use crate::c_args;
use crate::common_crypto::{kCCParamError, kCCSuccess};
use crate::guard;

/// `CCPBKDFAlgorithm`.
pub type CCPBKDFAlgorithm = u32;
/// `CCPseudoRandomAlgorithm`.
pub type CCPseudoRandomAlgorithm = u32;

/// `kCCPBKDF2`: the one algorithm.
pub const kCCPBKDF2: CCPBKDFAlgorithm = 2;
/// `kCCPRFHmacAlgSHA1`.
pub const kCCPRFHmacAlgSHA1: CCPseudoRandomAlgorithm = 1;
/// `kCCPRFHmacAlgSHA224`.
pub const kCCPRFHmacAlgSHA224: CCPseudoRandomAlgorithm = 2;
/// `kCCPRFHmacAlgSHA256`.
pub const kCCPRFHmacAlgSHA256: CCPseudoRandomAlgorithm = 3;
/// `kCCPRFHmacAlgSHA384`.
pub const kCCPRFHmacAlgSHA384: CCPseudoRandomAlgorithm = 4;
/// `kCCPRFHmacAlgSHA512`.
pub const kCCPRFHmacAlgSHA512: CCPseudoRandomAlgorithm = 5;

fn prf(prf: CCPseudoRandomAlgorithm) -> Option<MessageDigest> {
    Some(match prf {
        kCCPRFHmacAlgSHA1 => MessageDigest::sha1(),
        kCCPRFHmacAlgSHA224 => MessageDigest::sha224(),
        kCCPRFHmacAlgSHA256 => MessageDigest::sha256(),
        kCCPRFHmacAlgSHA384 => MessageDigest::sha384(),
        kCCPRFHmacAlgSHA512 => MessageDigest::sha512(),
        _ => return None,
    })
}

/// PBKDF2 into `key`; `false` for what CommonKeyDerivation.c refuses.
fn derive(
    algorithm: CCPBKDFAlgorithm,
    password: &[u8],
    salt: &[u8],
    prf: CCPseudoRandomAlgorithm,
    rounds: u32,
    key: &mut [u8],
) -> bool {
    let Some(digest) = self::prf(prf) else {
        return false;
    };
    if algorithm != kCCPBKDF2 || rounds == 0 || key.is_empty() {
        return false;
    }
    let Ok(rounds) = usize::try_from(rounds) else {
        return false;
    };
    match openssl::pkcs5::pbkdf2_hmac(password, salt, rounds, digest, key) {
        Ok(()) => true,
        Err(e) => {
            log::error!("CCKeyDerivationPBKDF: {e}");
            false
        }
    }
}

/// `CCKeyDerivationPBKDF`: `kCCSuccess`, or `kCCParamError` for an algorithm other than
/// `kCCPBKDF2`, an unknown PRF, no rounds, a NULL password, salt or output, or an empty
/// output — CommonKeyDerivation.c's checks.
#[no_mangle]
pub unsafe extern "C" fn CCKeyDerivationPBKDF(
    algorithm: CCPBKDFAlgorithm,
    password: *const libc::c_char,
    password_length: usize,
    salt: *const u8,
    salt_length: usize,
    prf: CCPseudoRandomAlgorithm,
    rounds: libc::c_uint,
    derived_key: *mut u8,
    derived_key_length: usize,
) -> libc::c_int {
    guard::value(kCCParamError, || {
        if password.is_null() || salt.is_null() || derived_key.is_null() {
            return kCCParamError;
        }
        // SAFETY: the C API's contract: the lengths' bytes, readable and writable.
        let (password, salt, key) = unsafe {
            (
                c_args::slice(password.cast::<u8>(), password_length),
                c_args::slice(salt, salt_length),
                (isize::try_from(derived_key_length).is_ok())
                    .then(|| std::slice::from_raw_parts_mut(derived_key, derived_key_length)),
            )
        };
        let (Some(password), Some(salt), Some(key)) = (password, salt, key) else {
            return kCCParamError;
        };
        if derive(algorithm, password, salt, prf, rounds, key) {
            kCCSuccess
        } else {
            kCCParamError
        }
    })
}

/// `CCCalibratePBKDF`: the rounds that take about `msec` milliseconds here, measured on a
/// run of 10,000 rounds (Apple measures 100,000); `(uint)-1` for no key length, a salt
/// empty or over 132 bytes, an algorithm other than `kCCPBKDF2` or an unknown PRF, as
/// CommonKeyDerivation.c.
#[no_mangle]
pub extern "C" fn CCCalibratePBKDF(
    algorithm: CCPBKDFAlgorithm,
    password_length: usize,
    salt_length: usize,
    prf: CCPseudoRandomAlgorithm,
    derived_key_length: usize,
    msec: u32,
) -> libc::c_uint {
    const ROUNDS: u32 = 10_000;
    const FAILED: libc::c_uint = libc::c_uint::MAX;
    guard::value(FAILED, || {
        if derived_key_length == 0
            || salt_length == 0
            || salt_length > 128 + 4
            || derived_key_length > 1 << 20
        {
            return FAILED;
        }
        let password = vec![b'a'; password_length.clamp(1, 1 << 16)];
        let salt: Vec<u8> = (0..salt_length).map(|i| i as u8).collect();
        let mut key = vec![0u8; derived_key_length];
        let start = Instant::now();
        if !derive(algorithm, &password, &salt, prf, ROUNDS, &mut key) {
            return FAILED;
        }
        let micros = start.elapsed().as_micros().max(1);
        let rounds = u128::from(msec) * 1000 * u128::from(ROUNDS) / micros;
        libc::c_uint::try_from(rounds).unwrap_or(FAILED - 1)
    })
}
