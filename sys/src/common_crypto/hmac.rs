//! CommonHMAC.h: HMAC (RFC 2104) with MD5, SHA-1 and SHA-2, one-shot and streaming.
//!
//! The caller allocates `CCHmacContext` (384 bytes, 4-aligned) and may copy it, so it holds
//! the whole state as plain bytes: the algorithm, the inner hash's state after the padded
//! key (Apple's digest context layout, see `digest`), and the outer hash's chaining value
//! after its padded key — never the key itself.

use std::ffi::c_void;

use crate::c_args;
use crate::common_crypto::digest::{Algorithm, State};
use crate::guard;

/// `CCHmacAlgorithm`.
pub type CCHmacAlgorithm = u32;

/// `kCCHmacAlgSHA1`.
pub const kCCHmacAlgSHA1: CCHmacAlgorithm = 0;
/// `kCCHmacAlgMD5`.
pub const kCCHmacAlgMD5: CCHmacAlgorithm = 1;
/// `kCCHmacAlgSHA256`.
pub const kCCHmacAlgSHA256: CCHmacAlgorithm = 2;
/// `kCCHmacAlgSHA384`.
pub const kCCHmacAlgSHA384: CCHmacAlgorithm = 3;
/// `kCCHmacAlgSHA512`.
pub const kCCHmacAlgSHA512: CCHmacAlgorithm = 4;
/// `kCCHmacAlgSHA224`.
pub const kCCHmacAlgSHA224: CCHmacAlgorithm = 5;

/// `CC_HMAC_CONTEXT_SIZE`: `CCHmacContext` is that many `uint32_t`s.
pub const CC_HMAC_CONTEXT_SIZE: usize = 96;

/// Marks a context `CCHmacInit` set up (the low byte is the algorithm).
const MAGIC: u32 = 0x484D_4100;

/// The digest an HMAC algorithm uses.
pub fn digest(algorithm: CCHmacAlgorithm) -> Option<Algorithm> {
    Some(match algorithm {
        kCCHmacAlgSHA1 => Algorithm::Sha1,
        kCCHmacAlgMD5 => Algorithm::Md5,
        kCCHmacAlgSHA256 => Algorithm::Sha256,
        kCCHmacAlgSHA384 => Algorithm::Sha384,
        kCCHmacAlgSHA512 => Algorithm::Sha512,
        kCCHmacAlgSHA224 => Algorithm::Sha224,
        _ => return None,
    })
}

/// The context's layout, in its bytes: tag, inner state, outer chaining value.
const TAG: std::ops::Range<usize> = 0..4;
const INNER: usize = 8;
const OUTER: usize = INNER + 208;

/// An HMAC in progress.
pub struct Hmac {
    algorithm: CCHmacAlgorithm,
    digest: Algorithm,
    inner: State,
    outer: Vec<u8>,
}

impl Hmac {
    /// Starts an HMAC with `key`.
    pub fn new(algorithm: CCHmacAlgorithm, key: &[u8]) -> Option<Hmac> {
        let digest = digest(algorithm)?;
        let block = digest.block_length();
        let mut padded = vec![0u8; block];
        if key.len() > block {
            let mut hashed = State::new(digest);
            hashed.update(key);
            hashed.finish(&mut padded);
        } else {
            padded[..key.len()].copy_from_slice(key);
        }
        let keyed = |pad: u8| {
            let mut state = State::new(digest);
            state.update(&padded.iter().map(|b| b ^ pad).collect::<Vec<_>>());
            state
        };
        let inner = keyed(0x36);
        let outer = keyed(0x5c).chaining_value().to_vec();
        padded.fill(0);
        Some(Hmac {
            algorithm,
            digest,
            inner,
            outer,
        })
    }

    /// Hashes `data` into the HMAC.
    pub fn update(&mut self, data: &[u8]) {
        self.inner.update(data);
    }

    /// The HMAC into `out` (the digest's length).
    pub fn finish(self, out: &mut [u8]) {
        let mut inner = [0u8; 64];
        self.inner.finish(&mut inner);
        let mut outer = State::after_one_block(self.digest, &self.outer);
        outer.update(&inner[..self.digest.digest_length()]);
        outer.finish(out);
    }

    /// The HMAC in a `CCHmacContext`'s bytes.
    fn store(&self, bytes: &mut [u8]) {
        bytes.fill(0);
        bytes[TAG].copy_from_slice(&(MAGIC | self.algorithm).to_ne_bytes());
        self.inner.store(&mut bytes[INNER..]);
        bytes[OUTER..OUTER + self.outer.len()].copy_from_slice(&self.outer);
    }

    /// The HMAC a `CCHmacContext`'s bytes hold, if `CCHmacInit` set them up.
    fn load(bytes: &[u8]) -> Option<Hmac> {
        let tag = u32::from_ne_bytes(bytes[TAG].try_into().expect("four bytes"));
        if tag & !0xFF != MAGIC {
            return None;
        }
        let algorithm = tag & 0xFF;
        let digest = digest(algorithm)?;
        Some(Hmac {
            algorithm,
            digest,
            inner: State::load(digest, &bytes[INNER..]),
            outer: bytes[OUTER..OUTER + digest.chaining_length()].to_vec(),
        })
    }
}

/// The caller's `CCHmacContext`, as bytes.
///
/// # Safety
/// `context` must be NULL or point at a `CCHmacContext`.
unsafe fn context<'a>(context: *mut u32) -> Option<&'a mut [u8]> {
    // SAFETY: the caller's promise: `CC_HMAC_CONTEXT_SIZE` words.
    (!context.is_null()).then(|| unsafe {
        std::slice::from_raw_parts_mut(context.cast::<u8>(), CC_HMAC_CONTEXT_SIZE * 4)
    })
}

/// `CCHmacInit`: an unknown algorithm, NULL key bytes with a length, or a NULL context,
/// leave the context unusable (logged): the calls after it do nothing.
#[no_mangle]
pub unsafe extern "C" fn CCHmacInit(
    ctx: *mut u32,
    algorithm: CCHmacAlgorithm,
    key: *const c_void,
    key_length: usize,
) {
    guard::value((), || {
        // SAFETY: the C API's contract.
        let Some(bytes) = (unsafe { context(ctx) }) else {
            log::warn!("CCHmacInit: NULL context");
            return;
        };
        // SAFETY: the C API's contract: `key_length` readable bytes.
        let key = unsafe { c_args::slice(key.cast::<u8>(), key_length) };
        match key.and_then(|key| Hmac::new(algorithm, key)) {
            Some(hmac) => hmac.store(bytes),
            None => {
                log::warn!("CCHmacInit: algorithm {algorithm} or the key refused");
                bytes.fill(0);
            }
        }
    })
}

/// `CCHmacUpdate`.
#[no_mangle]
pub unsafe extern "C" fn CCHmacUpdate(ctx: *mut u32, data: *const c_void, data_length: usize) {
    guard::value((), || {
        // SAFETY: the C API's contract.
        let Some(bytes) = (unsafe { context(ctx) }) else {
            return;
        };
        // SAFETY: the C API's contract: `data_length` readable bytes.
        let data = unsafe { c_args::slice(data.cast::<u8>(), data_length) };
        match (Hmac::load(bytes), data) {
            (Some(mut hmac), Some(data)) => {
                hmac.update(data);
                hmac.store(bytes);
            }
            _ => log::warn!("CCHmacUpdate: a context CCHmacInit did not set up, or NULL data"),
        }
    })
}

/// `CCHmacFinal`: the MAC into `mac_out` (the digest's length); the context is cleared.
#[no_mangle]
pub unsafe extern "C" fn CCHmacFinal(ctx: *mut u32, mac_out: *mut c_void) {
    guard::value((), || {
        // SAFETY: the C API's contract.
        let Some(bytes) = (unsafe { context(ctx) }) else {
            return;
        };
        let Some(hmac) = Hmac::load(bytes) else {
            log::warn!("CCHmacFinal: a context CCHmacInit did not set up");
            return;
        };
        if mac_out.is_null() {
            log::warn!("CCHmacFinal: NULL output");
            return;
        }
        let length = hmac.digest.digest_length();
        // SAFETY: the C API's contract: room for the MAC.
        let out = unsafe { std::slice::from_raw_parts_mut(mac_out.cast::<u8>(), length) };
        hmac.finish(out);
        bytes.fill(0);
    })
}

/// `CCHmac`: one-shot; NULL key or data with a length, or NULL output, compute nothing.
#[no_mangle]
pub unsafe extern "C" fn CCHmac(
    algorithm: CCHmacAlgorithm,
    key: *const c_void,
    key_length: usize,
    data: *const c_void,
    data_length: usize,
    mac_out: *mut c_void,
) {
    guard::value((), || {
        // SAFETY: the C API's contract: `key_length` and `data_length` readable bytes.
        let (key, data) = unsafe {
            (
                c_args::slice(key.cast::<u8>(), key_length),
                c_args::slice(data.cast::<u8>(), data_length),
            )
        };
        let (Some(key), Some(data)) = (key, data) else {
            log::warn!("CCHmac: NULL key or data with a length");
            return;
        };
        let Some(mut hmac) = Hmac::new(algorithm, key) else {
            log::warn!("CCHmac: unknown algorithm {algorithm}");
            return;
        };
        if mac_out.is_null() {
            log::warn!("CCHmac: NULL output");
            return;
        }
        hmac.update(data);
        // SAFETY: the C API's contract: room for the MAC.
        let out = unsafe {
            std::slice::from_raw_parts_mut(mac_out.cast::<u8>(), hmac.digest.digest_length())
        };
        hmac.finish(out);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// RFC 4231 test case 2 ("Jefe"), through a stored and reloaded context.
    #[test]
    fn a_reloaded_context_gives_rfc_4231_s_mac() {
        let mut hmac = Hmac::new(kCCHmacAlgSHA256, b"Jefe").unwrap();
        let mut bytes = [0u8; CC_HMAC_CONTEXT_SIZE * 4];
        hmac.update(b"what do ya want ");
        hmac.store(&mut bytes);
        let mut reloaded = Hmac::load(&bytes).unwrap();
        reloaded.update(b"for nothing?");
        let mut out = [0u8; 32];
        reloaded.finish(&mut out);
        assert_eq!(
            hex(&out),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert!(Hmac::load(&[0u8; CC_HMAC_CONTEXT_SIZE * 4]).is_none());
    }
}
