//! What is negotiated: protocol versions and cipher suites.

use secure_transport::status::errSecParam;
use secure_transport::types::{SslCipherSuite, SslProtocol};
use secure_transport::OSStatus;

use crate::c_args;
use crate::cf::types::Boolean;
use crate::guard;
use crate::ssl::context::{code, fill, get, with_context, SSLContextRef};

/// `SSLSetProtocolVersionMin`.
#[no_mangle]
pub extern "C" fn SSLSetProtocolVersionMin(context: SSLContextRef, min_version: i32) -> OSStatus {
    guard::status(|| {
        with_context(context, |c| {
            code(c.set_protocol_version_min(SslProtocol::from_raw(min_version)))
        })
    })
}

/// `SSLGetProtocolVersionMin`.
#[no_mangle]
pub unsafe extern "C" fn SSLGetProtocolVersionMin(
    context: SSLContextRef,
    min_version: *mut i32,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe {
            get(context, min_version, |c| {
                Ok(c.protocol_version_min().to_raw())
            })
        }
    })
}

/// `SSLSetProtocolVersionMax`.
#[no_mangle]
pub extern "C" fn SSLSetProtocolVersionMax(context: SSLContextRef, max_version: i32) -> OSStatus {
    guard::status(|| {
        with_context(context, |c| {
            code(c.set_protocol_version_max(SslProtocol::from_raw(max_version)))
        })
    })
}

/// `SSLGetProtocolVersionMax`.
#[no_mangle]
pub unsafe extern "C" fn SSLGetProtocolVersionMax(
    context: SSLContextRef,
    max_version: *mut i32,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe {
            get(context, max_version, |c| {
                Ok(c.protocol_version_max().to_raw())
            })
        }
    })
}

/// `SSLSetProtocolVersionEnabled` (deprecated).
#[no_mangle]
pub extern "C" fn SSLSetProtocolVersionEnabled(
    context: SSLContextRef,
    protocol: i32,
    enable: Boolean,
) -> OSStatus {
    guard::status(|| {
        with_context(context, |c| {
            code(c.set_protocol_version_enabled(SslProtocol::from_raw(protocol), enable != 0))
        })
    })
}

/// `SSLGetProtocolVersionEnabled` (deprecated).
#[no_mangle]
pub unsafe extern "C" fn SSLGetProtocolVersionEnabled(
    context: SSLContextRef,
    protocol: i32,
    enable: *mut Boolean,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe {
            get(context, enable, |c| {
                c.protocol_version_enabled(SslProtocol::from_raw(protocol))
                    .map(Boolean::from)
            })
        }
    })
}

/// `SSLSetProtocolVersion` (deprecated).
#[no_mangle]
pub extern "C" fn SSLSetProtocolVersion(context: SSLContextRef, version: i32) -> OSStatus {
    guard::status(|| {
        with_context(context, |c| {
            code(c.set_protocol_version(SslProtocol::from_raw(version)))
        })
    })
}

/// `SSLGetProtocolVersion` (deprecated).
#[no_mangle]
pub unsafe extern "C" fn SSLGetProtocolVersion(
    context: SSLContextRef,
    protocol: *mut i32,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe {
            get(context, protocol, |c| {
                c.protocol_version().map(SslProtocol::to_raw)
            })
        }
    })
}

/// `SSLGetNegotiatedProtocolVersion`.
#[no_mangle]
pub unsafe extern "C" fn SSLGetNegotiatedProtocolVersion(
    context: SSLContextRef,
    protocol: *mut i32,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe {
            get(context, protocol, |c| {
                Ok(c.negotiated_protocol_version().to_raw())
            })
        }
    })
}

/// `SSLGetNumberSupportedCiphers`.
#[no_mangle]
pub unsafe extern "C" fn SSLGetNumberSupportedCiphers(
    context: SSLContextRef,
    num_ciphers: *mut usize,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe { get(context, num_ciphers, |c| Ok(c.supported_ciphers().len())) }
    })
}

/// `SSLGetSupportedCiphers`: `*num_ciphers` is the buffer's room in, the count out.
#[no_mangle]
pub unsafe extern "C" fn SSLGetSupportedCiphers(
    context: SSLContextRef,
    ciphers: *mut SslCipherSuite,
    num_ciphers: *mut usize,
) -> OSStatus {
    guard::status(|| {
        with_context(context, |c| {
            // SAFETY: the C API's contract: room for `*num_ciphers` suites.
            unsafe { fill(&c.supported_ciphers(), ciphers, num_ciphers) }
        })
    })
}

/// `SSLGetNumberEnabledCiphers`.
#[no_mangle]
pub unsafe extern "C" fn SSLGetNumberEnabledCiphers(
    context: SSLContextRef,
    num_ciphers: *mut usize,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe { get(context, num_ciphers, |c| Ok(c.enabled_ciphers().len())) }
    })
}

/// `SSLSetEnabledCiphers`: at least one suite.
#[no_mangle]
pub unsafe extern "C" fn SSLSetEnabledCiphers(
    context: SSLContextRef,
    ciphers: *const SslCipherSuite,
    num_ciphers: usize,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: `num_ciphers` suites at `ciphers`.
        let Some(suites) = (unsafe { c_args::slice(ciphers, num_ciphers) }) else {
            return errSecParam;
        };
        if suites.is_empty() {
            return errSecParam;
        }
        with_context(context, |c| code(c.set_enabled_ciphers(suites)))
    })
}

/// `SSLGetEnabledCiphers`: `*num_ciphers` is the buffer's room in, the count out.
#[no_mangle]
pub unsafe extern "C" fn SSLGetEnabledCiphers(
    context: SSLContextRef,
    ciphers: *mut SslCipherSuite,
    num_ciphers: *mut usize,
) -> OSStatus {
    guard::status(|| {
        with_context(context, |c| {
            // SAFETY: the C API's contract: room for `*num_ciphers` suites.
            unsafe { fill(&c.enabled_ciphers(), ciphers, num_ciphers) }
        })
    })
}

/// `SSLGetNegotiatedCipher`: Apple checks the session state before the out-pointer.
#[no_mangle]
pub unsafe extern "C" fn SSLGetNegotiatedCipher(
    context: SSLContextRef,
    cipher_suite: *mut SslCipherSuite,
) -> OSStatus {
    guard::status(|| {
        with_context(context, |c| match c.negotiated_cipher() {
            // SAFETY: the C API's contract: NULL or a writable out-pointer.
            Ok(suite) if unsafe { c_args::put(cipher_suite, suite) } => {
                secure_transport::status::errSecSuccess
            }
            Ok(_) => errSecParam,
            Err(e) => e.code(),
        })
    })
}
