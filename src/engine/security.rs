//! OpenSSL's security callback, where Apple's rules differ from OpenSSL's security level:
//! a client's smallest DH group (`dh_group`), and the context's own certificates, which
//! Apple's Secure Transport sends whatever their key size or signature (a server for legacy
//! clients may hold an RSA-1024 or SHA-1 certificate; judging it is the peer's business).
//! Every other question goes to OpenSSL's own callback.

use std::sync::OnceLock;

use foreign_types::ForeignTypeRef;
use libc::{c_int, c_void};
use openssl::ssl::SslRef;
use openssl_sys as sys;

use super::dh_group;
use crate::ffi::{self, SecurityCallback, SSL_SECOP_TMP_DH};

/// `SSL_SECOP_EE_KEY`, `SSL_SECOP_CA_KEY` and `SSL_SECOP_CA_MD` (ssl.h): a certificate's key
/// or signature is checked; with `SSL_SECOP_PEER` it is the peer's, without it our own.
const OWN_CERTIFICATE_OPS: [c_int; 3] = [16 | (6 << 16), 17 | (6 << 16), 18 | (6 << 16)];

/// OpenSSL's own security callback, which ours hands every other question to.
static DEFAULT: OnceLock<Option<SecurityCallback>> = OnceLock::new();

/// Puts our callback on `ssl` (it lives in the `SSL`'s certificate settings: set it after
/// switching the `SSL_CTX`).
pub(super) fn install(ssl: &mut SslRef) {
    // SAFETY: a live SSL. DEFAULT takes the callback of the first SSL ours goes on, which is
    // OpenSSL's: ours is only ever set here, after DEFAULT holds it.
    unsafe {
        DEFAULT.get_or_init(|| ffi::SSL_get_security_callback(ssl.as_ptr()));
        ffi::SSL_set_security_callback(ssl.as_ptr(), Some(check));
    }
}

unsafe extern "C" fn check(
    ssl: *const sys::SSL,
    ctx: *const sys::SSL_CTX,
    op: c_int,
    bits: c_int,
    nid: c_int,
    other: *mut c_void,
    ex: *mut c_void,
) -> c_int {
    if OWN_CERTIFICATE_OPS.contains(&op) {
        return 1;
    }
    if op == SSL_SECOP_TMP_DH && !ssl.is_null() && !other.is_null() {
        // SAFETY: OpenSSL asks about a live SSL, and passes the peer's key for this op.
        let allowed = unsafe {
            dh_group::allows(
                SslRef::from_ptr(ssl.cast_mut()),
                sys::EVP_PKEY_get_bits(other.cast()),
            )
        };
        if !allowed {
            return 0;
        }
    }
    match DEFAULT.get().copied().flatten() {
        // SAFETY: OpenSSL's callback, with OpenSSL's own arguments.
        Some(default) => unsafe { default(ssl, ctx, op, bits, nid, other, ex) },
        None => 1,
    }
}
