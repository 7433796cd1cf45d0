//! Client authentication: whether a server asks for a certificate, which CAs and names it
//! names, and what came of it.

use std::ffi::c_void;

use secure_transport::status::errSecParam;
use secure_transport::types::SslAuthenticate;
use secure_transport::OSStatus;

use crate::c_args;
use crate::cf::types::{Boolean, CFTypeRef};
use crate::cf::{array, data};
use crate::guard;
use crate::security::certificate;
use crate::ssl::certificates::certificates;
use crate::ssl::context::{code, get, with_context, SSLContextRef};

/// `SSLSetClientSideAuthenticate`.
#[no_mangle]
pub extern "C" fn SSLSetClientSideAuthenticate(context: SSLContextRef, auth: i32) -> OSStatus {
    guard::status(|| {
        with_context(context, |c| {
            code(c.set_client_side_authenticate(SslAuthenticate::from_raw(auth)))
        })
    })
}

/// `SSLGetClientSideAuthenticate`.
#[no_mangle]
pub unsafe extern "C" fn SSLGetClientSideAuthenticate(
    context: SSLContextRef,
    auth: *mut i32,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe { get(context, auth, |c| Ok(c.client_side_authenticate().to_raw())) }
    })
}

/// `SSLGetClientCertificateState`.
#[no_mangle]
pub unsafe extern "C" fn SSLGetClientCertificateState(
    context: SSLContextRef,
    client_state: *mut i32,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe {
            get(context, client_state, |c| {
                Ok(c.client_certificate_state().to_raw())
            })
        }
    })
}

/// `SSLAddDistinguishedName`: a DER name, not empty.
#[no_mangle]
pub unsafe extern "C" fn SSLAddDistinguishedName(
    context: SSLContextRef,
    der_dn: *const c_void,
    der_dn_len: usize,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: `der_dn_len` readable bytes at `der_dn`.
        let der = unsafe { c_args::slice(der_dn.cast::<u8>(), der_dn_len) };
        let Some(der) = der.filter(|d| !d.is_empty()) else {
            return errSecParam;
        };
        with_context(context, |c| code(c.add_distinguished_name(der)))
    })
}

/// `SSLSetCertificateAuthorities`: one SecCertificateRef or a CFArray of them.
#[no_mangle]
pub extern "C" fn SSLSetCertificateAuthorities(
    context: SSLContextRef,
    certificate_or_array: CFTypeRef,
    replace_existing: Boolean,
) -> OSStatus {
    guard::status(|| {
        let Some(cas) = certificates(certificate_or_array, true) else {
            return errSecParam;
        };
        with_context(context, |c| {
            code(c.set_certificate_authorities(&cas, replace_existing != 0))
        })
    })
}

/// `SSLCopyCertificateAuthorities`: NULL when none were set, as on Apple.
#[no_mangle]
pub unsafe extern "C" fn SSLCopyCertificateAuthorities(
    context: SSLContextRef,
    certificates: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe {
            get(context, certificates, |c| {
                let cas = c.certificate_authorities();
                Ok(if cas.is_empty() {
                    std::ptr::null()
                } else {
                    certificate::array_of(cas.to_vec())
                })
            })
        }
    })
}

/// `SSLCopyDistinguishedNames`: a CFArray of CFData, each a DER distinguished name; NULL
/// when there are none.
#[no_mangle]
pub unsafe extern "C" fn SSLCopyDistinguishedNames(
    context: SSLContextRef,
    names: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe {
            get(context, names, |c| {
                let dns = c.distinguished_names();
                Ok(if dns.is_empty() {
                    std::ptr::null()
                } else {
                    array::of_created(dns.into_iter().map(data::create).collect())
                })
            })
        }
    })
}
