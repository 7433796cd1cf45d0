//! CommonRandom.h: random bytes from OpenSSL's generator (its DRBG, seeded by the kernel).

use std::ffi::c_void;

use crate::common_crypto::{kCCParamError, kCCRNGFailure, kCCSuccess, CCStatus};
use crate::guard;

/// `CCRandomGenerateBytes`: `count` random bytes into `bytes`. `kCCSuccess` for none, as
/// Apple; `kCCParamError` for NULL with a count; `kCCRNGFailure` if OpenSSL fails.
#[no_mangle]
pub unsafe extern "C" fn CCRandomGenerateBytes(bytes: *mut c_void, count: usize) -> CCStatus {
    guard::value(kCCRNGFailure, || {
        if count == 0 {
            return kCCSuccess;
        }
        if bytes.is_null() || isize::try_from(count).is_err() {
            return kCCParamError;
        }
        // SAFETY: the C API's contract: `count` writable bytes.
        let buffer = unsafe { std::slice::from_raw_parts_mut(bytes.cast::<u8>(), count) };
        // OpenSSL takes an int's worth at a time.
        for chunk in buffer.chunks_mut(1 << 30) {
            if let Err(e) = openssl::rand::rand_bytes(chunk) {
                log::error!("CCRandomGenerateBytes: {e}");
                return kCCRNGFailure;
            }
        }
        kCCSuccess
    })
}
