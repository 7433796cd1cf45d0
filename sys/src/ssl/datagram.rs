//! DTLS: the hello cookie and record sizes (on stream contexts: `errSecParam`, Apple's
//! code).

use std::ffi::c_void;

use secure_transport::status::errSecParam;
use secure_transport::OSStatus;

use crate::c_args;
use crate::guard;
use crate::ssl::context::{code, get, with_context, SSLContextRef};

/// `SSLSetDatagramHelloCookie`: at most 32 bytes.
#[no_mangle]
pub unsafe extern "C" fn SSLSetDatagramHelloCookie(
    dtls_context: SSLContextRef,
    cookie: *const c_void,
    cookie_len: usize,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: `cookie_len` readable bytes at `cookie`.
        let Some(cookie) = (unsafe { c_args::slice(cookie.cast::<u8>(), cookie_len) }) else {
            return errSecParam;
        };
        with_context(dtls_context, |c| code(c.set_datagram_hello_cookie(cookie)))
    })
}

/// `SSLSetMaxDatagramRecordSize`.
#[no_mangle]
pub extern "C" fn SSLSetMaxDatagramRecordSize(
    dtls_context: SSLContextRef,
    max_size: usize,
) -> OSStatus {
    guard::status(|| {
        with_context(dtls_context, |c| {
            code(c.set_max_datagram_record_size(max_size))
        })
    })
}

/// `SSLGetMaxDatagramRecordSize`.
#[no_mangle]
pub unsafe extern "C" fn SSLGetMaxDatagramRecordSize(
    dtls_context: SSLContextRef,
    max_size: *mut usize,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe { get(dtls_context, max_size, |c| c.max_datagram_record_size()) }
    })
}

/// `SSLGetDatagramWriteSize`: the most plaintext one record carries.
#[no_mangle]
pub unsafe extern "C" fn SSLGetDatagramWriteSize(
    dtls_context: SSLContextRef,
    buf_size: *mut usize,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe { get(dtls_context, buf_size, |c| c.datagram_write_size()) }
    })
}
