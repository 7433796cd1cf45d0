//! SecureTransportPriv.h: the SPI Apple's own code calls — DHE, the minimum DH group,
//! pre-shared keys, the session cache timeout and trusted leaf certificates — with Apple's
//! argument rules (NULL pointers and bad lengths are `errSecParam`).

use libc::{c_uint, c_void};
use secure_transport::status::errSecParam;
use secure_transport::OSStatus;

use crate::c_args;
use crate::cf::types::CFTypeRef;
use crate::guard;
use crate::security::certificate;
use crate::ssl::certificates::certificates;
use crate::ssl::context::{code, get, with_context, SSLContextRef};

/// `SSLSetDHEEnabled`: the default suites with DHE ones or without (replacing the enabled
/// list, as Apple's does).
#[no_mangle]
pub extern "C" fn SSLSetDHEEnabled(context: SSLContextRef, enabled: bool) -> OSStatus {
    guard::status(|| with_context(context, |c| code(c.set_dhe_enabled(enabled))))
}

/// `SSLGetDHEEnabled`.
#[no_mangle]
pub unsafe extern "C" fn SSLGetDHEEnabled(context: SSLContextRef, enabled: *mut bool) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe { get(context, enabled, |c| Ok(c.dhe_enabled())) }
    })
}

/// `SSLSetMinimumDHGroupSize` (client): kept within 512–2048 bits, as on Apple.
#[no_mangle]
pub extern "C" fn SSLSetMinimumDHGroupSize(context: SSLContextRef, nbits: c_uint) -> OSStatus {
    guard::status(|| with_context(context, |c| code(c.set_minimum_dh_group_size(nbits))))
}

/// `SSLGetMinimumDHGroupSize`.
#[no_mangle]
pub unsafe extern "C" fn SSLGetMinimumDHGroupSize(
    context: SSLContextRef,
    nbits: *mut c_uint,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe { get(context, nbits, |c| Ok(c.minimum_dh_group_size())) }
    })
}

/// `SSLSetPSKSharedSecret`: `secret_len` bytes at `secret` (none clears it).
#[no_mangle]
pub unsafe extern "C" fn SSLSetPSKSharedSecret(
    context: SSLContextRef,
    secret: *const c_void,
    secret_len: usize,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: `secret_len` readable bytes at `secret`.
        let Some(secret) = (unsafe { c_args::slice(secret.cast::<u8>(), secret_len) }) else {
            return errSecParam;
        };
        with_context(context, |c| code(c.set_psk_shared_secret(secret)))
    })
}

/// `SSLSetPSKIdentity`: NULL or empty is `errSecParam`, as on Apple.
#[no_mangle]
pub unsafe extern "C" fn SSLSetPSKIdentity(
    context: SSLContextRef,
    psk_identity: *const c_void,
    psk_identity_len: usize,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: `psk_identity_len` readable bytes at `psk_identity`.
        let identity = unsafe { c_args::slice(psk_identity.cast::<u8>(), psk_identity_len) };
        match identity {
            Some(identity) if !identity.is_empty() => {
                with_context(context, |c| code(c.set_psk_identity(identity)))
            }
            _ => errSecParam,
        }
    })
}

/// `SSLGetPSKIdentity`: the context's own bytes (NULL and 0 when none is set), valid until
/// the identity changes or the context goes.
#[no_mangle]
pub unsafe extern "C" fn SSLGetPSKIdentity(
    context: SSLContextRef,
    psk_identity: *mut *const c_void,
    psk_identity_len: *mut usize,
) -> OSStatus {
    guard::status(|| {
        if psk_identity.is_null() || psk_identity_len.is_null() {
            return errSecParam;
        }
        with_context(context, |c| {
            let identity = c.psk_identity().unwrap_or_default();
            let start = if identity.is_empty() {
                std::ptr::null()
            } else {
                identity.as_ptr().cast()
            };
            // SAFETY: the C API's contract: writable out-pointers (not NULL here).
            unsafe {
                c_args::put(psk_identity, start);
                c_args::put(psk_identity_len, identity.len());
            }
            secure_transport::status::errSecSuccess
        })
    })
}

/// `SSLSetSessionCacheTimeout`: how long a session made now stays resumable.
#[no_mangle]
pub extern "C" fn SSLSetSessionCacheTimeout(
    context: SSLContextRef,
    timeout_in_seconds: u32,
) -> OSStatus {
    guard::status(|| {
        with_context(context, |c| {
            code(c.set_session_cache_timeout(timeout_in_seconds))
        })
    })
}

/// `SSLSetTrustedLeafCertificates`: a CFArray of certificates (NULL is `errSecParam`).
#[no_mangle]
pub extern "C" fn SSLSetTrustedLeafCertificates(
    context: SSLContextRef,
    cert_refs: CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        let Some(leaves) = certificates(cert_refs, false) else {
            return errSecParam;
        };
        with_context(context, |c| code(c.set_trusted_leaf_certificates(leaves)))
    })
}

/// `SSLCopyTrustedLeafCertificates`: a new array the caller releases; NULL when none were
/// set.
#[no_mangle]
pub unsafe extern "C" fn SSLCopyTrustedLeafCertificates(
    context: SSLContextRef,
    cert_refs: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe {
            get(context, cert_refs, |c| {
                Ok(c.trusted_leaf_certificates()
                    .map_or(std::ptr::null(), |leaves| {
                        certificate::array_of(leaves.to_vec())
                    }))
            })
        }
    })
}
