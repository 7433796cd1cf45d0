//! DTLS on the `SSL`: Apple's record size instead of OpenSSL's MTU discovery, the hello
//! cookie exchange, and the retransmission timer that Apple's callers drive by calling
//! `SSLHandshake` or `SSLRead` again after `errSSLWouldBlock`. (The values and their rules
//! are in `settings`.)

use foreign_types::ForeignTypeRef;
use libc::{c_int, c_long};
use openssl::ssl::{SslOptions, SslRef};
use openssl_sys as sys;

use super::settings::Settings;
use crate::ffi;

/// From ssl.h.
const SSL_CTRL_SET_MTU: c_int = 17;
const DTLS_CTRL_HANDLE_TIMEOUT: c_int = 74;

/// Sets the largest datagram on the `SSL`. Done as soon as it is given, in any state: Apple
/// lets a caller change the record size mid-session.
pub(super) fn set_mtu(ssl: &mut SslRef, mtu: usize) {
    let mtu = c_long::try_from(mtu).unwrap_or(c_long::MAX);
    // SAFETY: a live SSL; SSL_set_mtu only stores the value.
    unsafe { sys::SSL_ctrl(ssl.as_ptr(), SSL_CTRL_SET_MTU, mtu, std::ptr::null_mut()) };
}

/// Datagram settings for the handshake: our MTU instead of asking the BIO, and the cookie
/// exchange on a server that has a cookie.
pub(super) fn apply(ssl: &mut SslRef, settings: &Settings) {
    let Ok(mtu) = settings.mtu() else {
        return;
    };
    ffi::set_ssl_options(ssl, SslOptions::NO_QUERY_MTU, true);
    set_mtu(ssl, mtu);
    let cookie = settings.is_server() && settings.hello_cookie().is_some();
    ffi::set_ssl_options(ssl, SslOptions::COOKIE_EXCHANGE, cookie);
}

/// Retransmits the last flight if its timer ran out, as Apple does at the start of
/// `SSLHandshake` (and `SSLRead`: a peer may still wait for our last flight).
pub(super) fn retransmit_if_due(ssl: &mut SslRef) {
    // SAFETY: a live SSL; DTLSv1_handle_timeout acts only if the timer expired.
    unsafe {
        sys::SSL_ctrl(
            ssl.as_ptr(),
            DTLS_CTRL_HANDLE_TIMEOUT,
            0,
            std::ptr::null_mut(),
        )
    };
}
