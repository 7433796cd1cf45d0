//! The smallest DH group a client accepts (`SSLSetMinimumDHGroupSize`), enforced in
//! OpenSSL's security callback when the server's ephemeral DH key is checked.
//!
//! OpenSSL's security level has a floor of its own (1024 bits at level 1, 2048 at level 2,
//! Debian's default; none at level 0, where contexts that enable TLS 1.0 run): only a
//! minimum above it needs the callback. A minimum below it (coreTLS allows down to 512)
//! cannot lower OpenSSL's floor without lowering the whole context's level.

use std::sync::OnceLock;

use foreign_types::ForeignTypeRef;
use libc::{c_int, c_void};
use openssl::ssl::SslRef;
use openssl_sys as sys;

use super::callbacks::shared_settings;
use super::settings::Settings;
use crate::ffi::{self, SecurityCallback, SSL_SECOP_TMP_DH};

/// The smallest DH group OpenSSL's security `level` accepts (its documented strengths:
/// 80, 112, 128, 192 and 256 bits for levels 1 to 5).
fn openssl_floor(level: u32) -> u32 {
    [0, 1024, 2048, 3072, 7680, 15360][level.min(5) as usize]
}

/// OpenSSL's own security callback, which ours hands every other question to.
static DEFAULT: OnceLock<Option<SecurityCallback>> = OnceLock::new();

/// Installs the check on a client whose minimum is above OpenSSL's floor (call it once the
/// `SSL`'s security level is set).
pub(super) fn apply(ssl: &mut SslRef, settings: &Settings) {
    let min = settings.min_dh_group();
    let floor = openssl_floor(ssl.security_level());
    if settings.is_server() || min <= floor {
        if min < floor {
            log::info!("minimum DH group {min} bits: OpenSSL's security level keeps {floor}");
        }
        return;
    }
    // SAFETY: a live SSL; its callback is OpenSSL's default until replaced here.
    unsafe {
        DEFAULT.get_or_init(|| ffi::SSL_get_security_callback(ssl.as_ptr()));
        ffi::SSL_set_security_callback(ssl.as_ptr(), Some(check));
    }
}

/// Refuses a server's DH key smaller than the client's minimum, then asks OpenSSL's own
/// callback, as for every other question.
unsafe extern "C" fn check(
    ssl: *const sys::SSL,
    ctx: *const sys::SSL_CTX,
    op: c_int,
    bits: c_int,
    nid: c_int,
    other: *mut c_void,
    ex: *mut c_void,
) -> c_int {
    if op == SSL_SECOP_TMP_DH && !ssl.is_null() && !other.is_null() {
        // SAFETY: OpenSSL asks about a live SSL, and passes the peer's key for this op.
        let (settings, key_bits) = unsafe {
            (
                shared_settings(SslRef::from_ptr(ssl.cast_mut())),
                sys::EVP_PKEY_get_bits(other.cast()),
            )
        };
        if let Some(min) = settings.map(Settings::min_dh_group) {
            if u32::try_from(key_bits).unwrap_or(0) < min {
                log::warn!("server's DH group of {key_bits} bits refused: the minimum is {min}");
                return 0;
            }
        }
    }
    match DEFAULT.get().copied().flatten() {
        // SAFETY: OpenSSL's callback, with OpenSSL's own arguments.
        Some(default) => unsafe { default(ssl, ctx, op, bits, nid, other, ex) },
        None => 1,
    }
}
