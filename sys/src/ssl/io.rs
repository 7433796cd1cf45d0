//! The connection and the data: I/O callbacks, the handshake, reads, writes and the close.

use std::ffi::c_void;

use secure_transport::engine::{SslConnectionRef, SslReadFunc, SslWriteFunc};
use secure_transport::status::errSecParam;
use secure_transport::OSStatus;

use crate::c_args;
use crate::guard;
use crate::ssl::context::{code, get, with_context, SSLContextRef};

/// `SSLSetIOFuncs`: the callbacks that move the session's bytes.
#[no_mangle]
pub extern "C" fn SSLSetIOFuncs(
    context: SSLContextRef,
    read_func: Option<SslReadFunc>,
    write_func: Option<SslWriteFunc>,
) -> OSStatus {
    guard::status(|| {
        let (Some(read), Some(write)) = (read_func, write_func) else {
            return errSecParam;
        };
        with_context(context, |c| code(c.set_io_funcs(read, write)))
    })
}

/// `SSLSetConnection`: what the callbacks get as their first argument.
#[no_mangle]
pub extern "C" fn SSLSetConnection(
    context: SSLContextRef,
    connection: SslConnectionRef,
) -> OSStatus {
    guard::status(|| with_context(context, |c| code(c.set_connection(connection))))
}

/// `SSLGetConnection`.
#[no_mangle]
pub unsafe extern "C" fn SSLGetConnection(
    context: SSLContextRef,
    connection: *mut SslConnectionRef,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe { get(context, connection, |c| Ok(c.connection())) }
    })
}

/// `SSLHandshake`: runs the handshake as far as the callbacks allow.
#[no_mangle]
pub extern "C" fn SSLHandshake(context: SSLContextRef) -> OSStatus {
    guard::status(|| with_context(context, |c| code(c.handshake())))
}

/// `SSLReHandshake`: starts a renegotiation (TLS 1.2 and older); SSLHandshake or SSLRead
/// carry it out.
#[no_mangle]
pub extern "C" fn SSLReHandshake(context: SSLContextRef) -> OSStatus {
    guard::status(|| with_context(context, |c| code(c.re_handshake())))
}

/// `SSLWrite`: `*processed` is how many bytes were taken.
#[no_mangle]
pub unsafe extern "C" fn SSLWrite(
    context: SSLContextRef,
    data: *const c_void,
    data_length: usize,
    processed: *mut usize,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: `data_length` readable bytes at `data`.
        let bytes = unsafe { c_args::slice(data.cast::<u8>(), data_length) };
        let (Some(bytes), false) = (bytes, processed.is_null()) else {
            return errSecParam;
        };
        // SAFETY: the C API's contract: a writable out-pointer (not NULL here).
        unsafe { c_args::put(processed, 0) };
        with_context(context, |c| {
            let (n, result) = c.write(bytes);
            // SAFETY: as above.
            unsafe { c_args::put(processed, n) };
            code(result)
        })
    })
}

/// `SSLRead`: `*processed` is how many bytes were read.
#[no_mangle]
pub unsafe extern "C" fn SSLRead(
    context: SSLContextRef,
    data: *mut c_void,
    data_length: usize,
    processed: *mut usize,
) -> OSStatus {
    guard::status(|| {
        // A length above isize::MAX is no buffer's (nor a Rust slice's): refused, as by SSLWrite.
        if processed.is_null() || data.is_null() || isize::try_from(data_length).is_err() {
            return errSecParam;
        }
        // SAFETY: the C API's contract: a writable out-pointer (not NULL here).
        unsafe { c_args::put(processed, 0) };
        with_context(context, |c| {
            // SAFETY: the C API's contract: `data_length` writable bytes at `data` (not NULL).
            let buffer = unsafe { std::slice::from_raw_parts_mut(data.cast(), data_length) };
            let (n, result) = c.read(buffer);
            // SAFETY: as above.
            unsafe { c_args::put(processed, n) };
            code(result)
        })
    })
}

/// `SSLGetBufferedReadSize`: decrypted bytes a read returns without I/O.
#[no_mangle]
pub unsafe extern "C" fn SSLGetBufferedReadSize(
    context: SSLContextRef,
    buffer_size: *mut usize,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe { get(context, buffer_size, |c| Ok(c.buffered_read_size())) }
    })
}

/// `SSLClose`: sends close_notify.
#[no_mangle]
pub extern "C" fn SSLClose(context: SSLContextRef) -> OSStatus {
    guard::status(|| with_context(context, |c| code(c.close())))
}
