//! SecRandom: random bytes for the caller's buffer.

use std::ffi::{c_int, c_void};

use secure_transport::status::errSecParam;

use crate::cf::runtime::ConstRef;
use crate::guard;

/// `kSecRandomDefault`: NULL, as on Apple; the generator is OpenSSL's either way.
#[no_mangle]
pub static kSecRandomDefault: ConstRef = ConstRef::NULL;

/// `SecRandomCopyBytes`: 0 on success; `errSecParam` for NULL bytes with a count, or a
/// count no buffer can have; -1 if the generator fails (Apple's header: "-1 if something
/// went wrong"). `rnd` is ignored, as Apple's implementation does.
#[no_mangle]
pub unsafe extern "C" fn SecRandomCopyBytes(
    _rnd: *const c_void,
    count: usize,
    bytes: *mut c_void,
) -> c_int {
    guard::value(-1, || {
        if count == 0 {
            return 0;
        }
        if bytes.is_null() || isize::try_from(count).is_err() {
            return errSecParam;
        }
        // SAFETY: the C API's contract: `count` writable bytes at `bytes` (not NULL here).
        let buffer = unsafe { std::slice::from_raw_parts_mut(bytes.cast::<u8>(), count) };
        match secure_transport::random::copy_bytes(buffer) {
            Ok(()) => 0,
            Err(_) => -1,
        }
    })
}
