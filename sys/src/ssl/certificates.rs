//! Certificates and trust: the identity a side presents, the peer's chain and its trust,
//! and how that chain is judged.

use secure_transport::certificate::SecCertificate;
use secure_transport::identity::SecIdentity;
use secure_transport::status::{errSSLBadCert, errSecBadReq, errSecParam, errSecSuccess};
use secure_transport::trust::Tolerance;
use secure_transport::OSStatus;

use crate::c_args;
use crate::cf::array;
use crate::cf::base::{CFRetain, Retained};
use crate::cf::runtime;
use crate::cf::types::{Boolean, CFTypeRef};
use crate::guard;
use crate::security::certificate;
use crate::ssl::context::{code, get, with_context, ContextObject, SSLContextRef};

/// A list of certificates given as a CFArray (or, where Apple allows, one certificate).
pub fn certificates(list: CFTypeRef, single_allowed: bool) -> Option<Vec<SecCertificate>> {
    match array::items(list) {
        Some(items) => certificate::values(&items),
        None if single_allowed => certificate::values(&[list]),
        None => None,
    }
}

/// `SSLSetCertificate`: `cert_refs` a SecIdentityRef, then the SecCertificateRefs of its
/// chain; NULL clears. The array is kept for `SSLGetCertificate` once accepted.
#[no_mangle]
pub extern "C" fn SSLSetCertificate(context: SSLContextRef, cert_refs: CFTypeRef) -> OSStatus {
    guard::status(|| {
        // The context is checked first, as on Apple.
        with_context(context, |c| {
            if cert_refs.is_null() {
                c.certificate = None;
                return code(c.set_certificate(None, Vec::new()));
            }
            let Some(items) = array::items(cert_refs) else {
                return errSecParam;
            };
            let Some((&first, rest)) = items.split_first() else {
                log::warn!("SSLSetCertificate: an empty array");
                return errSSLBadCert;
            };
            let Some(identity) = runtime::hold::<SecIdentity>(first).map(|i| i.clone()) else {
                return errSecParam;
            };
            let Some(chain) = certificate::values(rest) else {
                return errSecParam;
            };
            // As on Apple, the previous array goes first, whatever happens next.
            c.certificate = None;
            let status = code(c.set_certificate(Some(identity), chain));
            if status == errSecSuccess {
                c.certificate = Some(Retained::new(cert_refs));
            }
            status
        })
    })
}

/// `SSLSetEncryptionCertificate`: Apple keeps the array only for
/// `SSLGetEncryptionCertificate`, as no handshake uses it since export-grade RSA key
/// exchange went away. Same here.
#[no_mangle]
pub extern "C" fn SSLSetEncryptionCertificate(
    context: SSLContextRef,
    cert_refs: CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        if array::items(cert_refs).is_none() {
            return errSecParam;
        }
        with_context(context, |c| {
            if c.is_active() {
                return errSecBadReq;
            }
            log::info!("SSLSetEncryptionCertificate: kept for its getter, unused (as on Apple)");
            c.encryption_certificate = Some(Retained::new(cert_refs));
            errSecSuccess
        })
    })
}

/// The array a setter kept, not retained for the caller (NULL if none).
///
/// # Safety
/// `out` must be NULL or valid for a write.
unsafe fn kept_array(
    context: SSLContextRef,
    out: *mut CFTypeRef,
    kept: impl FnOnce(&ContextObject) -> &Option<Retained>,
) -> OSStatus {
    // SAFETY: the caller's promise.
    unsafe {
        get(context, out, |c| {
            Ok(kept(c).as_ref().map_or(std::ptr::null(), Retained::get))
        })
    }
}

/// `SSLGetCertificate`: the array `SSLSetCertificate` kept, not retained for the caller.
#[no_mangle]
pub unsafe extern "C" fn SSLGetCertificate(
    context: SSLContextRef,
    cert_refs: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe { kept_array(context, cert_refs, |c| &c.certificate) }
    })
}

/// `SSLGetEncryptionCertificate`: the array `SSLSetEncryptionCertificate` kept.
#[no_mangle]
pub unsafe extern "C" fn SSLGetEncryptionCertificate(
    context: SSLContextRef,
    cert_refs: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe { kept_array(context, cert_refs, |c| &c.encryption_certificate) }
    })
}

/// `SSLCopyPeerCertificates`: Apple's code for no certificates (yet) is `errSecBadReq`,
/// with NULL stored.
#[no_mangle]
pub unsafe extern "C" fn SSLCopyPeerCertificates(
    context: SSLContextRef,
    certs: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe {
            if !c_args::put(certs, std::ptr::null()) {
                return errSecParam;
            }
            get(context, certs, |c| {
                let peer = c.peer_certificates();
                if peer.is_empty() {
                    return Err(secure_transport::Error::from_code(errSecBadReq));
                }
                Ok(certificate::array_of(peer))
            })
        }
    })
}

/// `SSLCopyPeerTrust`: the peer's trust, retained for the caller; NULL (and noErr) before
/// the peer's certificates.
#[no_mangle]
pub unsafe extern "C" fn SSLCopyPeerTrust(
    context: SSLContextRef,
    trust: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe {
            get(context, trust, |c| {
                c.peer_trust_object().map(|t| CFRetain(t))
            })
        }
    })
}

/// `SSLGetPeerSecTrust`: as `SSLCopyPeerTrust`, but the context keeps the reference.
#[no_mangle]
pub unsafe extern "C" fn SSLGetPeerSecTrust(
    context: SSLContextRef,
    trust: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe { get(context, trust, ContextObject::peer_trust_object) }
    })
}

/// `SSLSetEnableCertVerify`.
#[no_mangle]
pub extern "C" fn SSLSetEnableCertVerify(
    context: SSLContextRef,
    enable_verify: Boolean,
) -> OSStatus {
    guard::status(|| {
        with_context(context, |c| {
            code(c.set_enable_cert_verify(enable_verify != 0))
        })
    })
}

/// `SSLGetEnableCertVerify`.
#[no_mangle]
pub unsafe extern "C" fn SSLGetEnableCertVerify(
    context: SSLContextRef,
    enable_verify: *mut Boolean,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe {
            get(context, enable_verify, |c| {
                Ok(Boolean::from(c.enable_cert_verify()))
            })
        }
    })
}

/// A tolerance's setter and getter; `any_state`: Apple lets any-root change in any state,
/// the expiry ones only when idle.
macro_rules! tolerance {
    ($set:ident, $get:ident, $field:ident, $any_state:expr) => {
        #[doc = concat!("`", stringify!($set), "`.")]
        #[no_mangle]
        pub extern "C" fn $set(context: SSLContextRef, value: Boolean) -> OSStatus {
            guard::status(|| {
                with_context(context, |c| {
                    code(c.set_tolerance($any_state, |t: &mut Tolerance| t.$field = value != 0))
                })
            })
        }

        #[doc = concat!("`", stringify!($get), "`.")]
        #[no_mangle]
        pub unsafe extern "C" fn $get(context: SSLContextRef, value: *mut Boolean) -> OSStatus {
            guard::status(|| {
                // SAFETY: the C API's contract: NULL or a writable out-pointer.
                unsafe { get(context, value, |c| Ok(Boolean::from(c.tolerance().$field))) }
            })
        }
    };
}

tolerance!(
    SSLSetAllowsExpiredCerts,
    SSLGetAllowsExpiredCerts,
    expired_certs,
    false
);
tolerance!(
    SSLSetAllowsExpiredRoots,
    SSLGetAllowsExpiredRoots,
    expired_roots,
    false
);
tolerance!(SSLSetAllowsAnyRoot, SSLGetAllowsAnyRoot, any_root, true);

/// `SSLSetTrustedRoots`: a CFArray of anchor certificates.
#[no_mangle]
pub extern "C" fn SSLSetTrustedRoots(
    context: SSLContextRef,
    trusted_roots: CFTypeRef,
    replace_existing: Boolean,
) -> OSStatus {
    guard::status(|| {
        let Some(roots) = certificates(trusted_roots, false) else {
            return errSecParam;
        };
        with_context(context, |c| {
            code(c.set_trusted_roots(&roots, replace_existing != 0))
        })
    })
}

/// `SSLCopyTrustedRoots`: NULL when none were set.
#[no_mangle]
pub unsafe extern "C" fn SSLCopyTrustedRoots(
    context: SSLContextRef,
    trusted_roots: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe {
            get(context, trusted_roots, |c| {
                let roots = c.trusted_roots();
                Ok(if roots.is_empty() {
                    std::ptr::null()
                } else {
                    certificate::array_of(roots.to_vec())
                })
            })
        }
    })
}
