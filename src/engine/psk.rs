//! Pre-shared keys (`SSLSetPSKSharedSecret`, `SSLSetPSKIdentity`), through OpenSSL's PSK
//! callbacks: a client sends its identity and uses the secret; a server uses the secret for
//! the identity set, or for any identity when none is.

use foreign_types::ForeignTypeRef;
use libc::{c_char, c_uint};
use openssl::ssl::SslRef;
use openssl_sys as sys;

use super::callbacks::shared_settings;
use super::settings::Settings;
use crate::ffi;

/// Installs the side's PSK callback when the context has a secret.
pub(super) fn apply(ssl: &mut SslRef, settings: &Settings) {
    if settings.psk_secret().is_none() {
        return;
    }
    // SAFETY: a live SSL; the callbacks find the settings through the SSL.
    unsafe {
        if settings.is_server() {
            ffi::SSL_set_psk_server_callback(ssl.as_ptr(), Some(server_psk));
        } else {
            ffi::SSL_set_psk_client_callback(ssl.as_ptr(), Some(client_psk));
        }
    }
}

/// Copies the secret into OpenSSL's buffer of `room` bytes; 0 (no key) if it does not fit.
///
/// # Safety
/// `out` is valid for `room` bytes.
unsafe fn put_secret(settings: &Settings, out: *mut u8, room: c_uint) -> c_uint {
    let Some(secret) = settings.psk_secret() else {
        return 0;
    };
    match c_uint::try_from(secret.len()) {
        Ok(len) if len <= room => {
            // SAFETY: the caller's promise; the secret fits.
            unsafe { std::ptr::copy_nonoverlapping(secret.as_ptr(), out, secret.len()) };
            len
        }
        _ => {
            log::warn!(
                "PSK of {} bytes: OpenSSL takes at most {room}",
                secret.len()
            );
            0
        }
    }
}

/// The settings of the context `ssl` belongs to.
///
/// # Safety
/// `ssl` is a live SSL inside one of its callbacks.
unsafe fn settings_of<'a>(ssl: *mut sys::SSL) -> Option<&'a Settings> {
    // SAFETY: the caller's promise.
    shared_settings(unsafe { SslRef::from_ptr(ssl) })
}

/// OpenSSL's client PSK callback: the identity (NUL-terminated, at most `max_identity`
/// bytes before the NUL; none set sends an empty one) and the secret; 0 (no key) on an
/// `SSL` of no context.
pub(super) unsafe extern "C" fn client_psk(
    ssl: *mut sys::SSL,
    _hint: *const c_char,
    identity: *mut c_char,
    max_identity: c_uint,
    psk: *mut u8,
    max_psk: c_uint,
) -> c_uint {
    // SAFETY: OpenSSL calls this on a live SSL.
    let Some(settings) = (unsafe { settings_of(ssl) }) else {
        return 0;
    };
    let name = settings.psk_identity().unwrap_or_default();
    if name.len() > max_identity as usize || name.contains(&0) {
        log::warn!(
            "PSK identity of {} bytes: OpenSSL sends a C string of at most {max_identity}",
            name.len()
        );
        return 0;
    }
    // SAFETY: OpenSSL's buffers: `max_identity` + 1 bytes for the identity, `max_psk` for
    // the key.
    unsafe {
        std::ptr::copy_nonoverlapping(name.as_ptr(), identity.cast::<u8>(), name.len());
        *identity.add(name.len()) = 0;
        put_secret(settings, psk, max_psk)
    }
}

/// OpenSSL's server PSK callback: the secret, if the client's identity is the one set (or
/// none is); 0 otherwise, which OpenSSL answers with unknown_psk_identity.
unsafe extern "C" fn server_psk(
    ssl: *mut sys::SSL,
    identity: *const c_char,
    psk: *mut u8,
    max_psk: c_uint,
) -> c_uint {
    // SAFETY: OpenSSL calls this on a live SSL.
    let Some(settings) = (unsafe { settings_of(ssl) }) else {
        return 0;
    };
    if let Some(expected) = settings.psk_identity() {
        // SAFETY: OpenSSL passes the client's identity as a C string (or NULL).
        let given =
            (!identity.is_null()).then(|| unsafe { std::ffi::CStr::from_ptr(identity) }.to_bytes());
        if given != Some(expected) {
            log::info!("PSK client with another identity refused");
            return 0;
        }
    }
    // SAFETY: OpenSSL's key buffer of `max_psk` bytes.
    unsafe { put_secret(settings, psk, max_psk) }
}
