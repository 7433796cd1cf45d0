//! Cipher suites by their IANA numbers (Apple's `SSLCipherSuite`), on top of OpenSSL's lists.

use std::sync::OnceLock;

use foreign_types::ForeignTypeRef;
use libc::c_int;
use openssl::ssl::{Ssl, SslCipherRef, SslRef};
use openssl_sys as sys;

use crate::ffi;
use crate::secure_transport::SslCipherSuite;

/// TLS 1.3 suites have their own OpenSSL list (`SSL_set_ciphersuites`).
fn is_tls13(suite: SslCipherSuite) -> bool {
    suite >> 8 == 0x13
}

/// The ciphers configured on `ssl`, in preference order.
fn configured_ciphers(ssl: &SslRef) -> Vec<*const sys::SSL_CIPHER> {
    // SAFETY: the stack is owned by `ssl`; its ciphers live in OpenSSL's static table.
    unsafe { ffi::stack_items::<_, sys::SSL_CIPHER>(ffi::SSL_get_ciphers(ssl.as_ptr())) }
        .into_iter()
        .map(|c| c as *const sys::SSL_CIPHER)
        .collect()
}

/// The suites configured on `ssl`, in preference order.
pub fn configured(ssl: &SslRef) -> Vec<SslCipherSuite> {
    configured_ciphers(ssl)
        .into_iter()
        // SAFETY: a cipher from OpenSSL's static table.
        .map(|cipher| unsafe { sys::SSL_CIPHER_get_protocol_id(cipher) })
        .collect()
}

/// Everything the linked OpenSSL can negotiate, weak suites included (they stay off unless
/// enabled). PSK and SRP suites are left out: Secure Transport has no way to feed them.
pub fn supported(ssl_for_method: &SslRef) -> &'static [SslCipherSuite] {
    static SUPPORTED: OnceLock<Vec<SslCipherSuite>> = OnceLock::new();
    SUPPORTED.get_or_init(|| {
        let Ok(mut ssl) = Ssl::new(ssl_for_method.ssl_context()) else {
            return Vec::new();
        };
        ssl.set_security_level(0);
        let every = "ALL:COMPLEMENTOFALL:!PSK:!SRP:@SECLEVEL=0";
        let tls13 = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:\
                     TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256";
        if ssl.set_cipher_list(every).is_err() || ssl.set_ciphersuites(tls13).is_err() {
            log::warn!("OpenSSL refused the full cipher list");
        }
        configured(&ssl)
    })
}

/// OpenSSL's description of a suite it knows (any method's suite can be looked up).
fn find(ssl: &SslRef, suite: SslCipherSuite) -> Option<&'static SslCipherRef> {
    let id = suite.to_be_bytes();
    // SAFETY: `id` is the two bytes SSL_CIPHER_find reads; the result is in OpenSSL's static
    // table, so it outlives `ssl`.
    unsafe {
        let cipher = ffi::SSL_CIPHER_find(ssl.as_ptr(), id.as_ptr());
        (!cipher.is_null()).then(|| SslCipherRef::from_ptr(cipher as *mut _))
    }
}

/// The suite's IANA name (`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`), if OpenSSL knows it.
pub fn standard_name(ssl: &SslRef, suite: SslCipherSuite) -> Option<&'static str> {
    find(ssl, suite).and_then(SslCipherRef::standard_name)
}

/// Sets the enabled suites on `ssl`, keeping the order given. Suites OpenSSL does not know
/// are skipped (and logged); returns how many were set.
pub fn set(ssl: &mut SslRef, suites: &[SslCipherSuite]) -> usize {
    let mut tls12 = Vec::new();
    let mut tls13 = Vec::new();
    for &suite in suites {
        let Some(cipher) = find(ssl, suite) else {
            log::info!("cipher suite {suite:#06x} is unknown to the linked OpenSSL");
            continue;
        };
        let name = cipher.name();
        if is_tls13(suite) {
            tls13.push(name);
        } else {
            tls12.push(name);
        }
    }
    // OpenSSL reports an error when the TLS 1.2 list ends up empty, yet installs it; an
    // empty list is what the caller asked for, so the error is dropped.
    let _ = ssl.set_cipher_list(&tls12.join(":"));
    let _ = ssl.set_ciphersuites(&tls13.join(":"));
    openssl::error::ErrorStack::get();
    tls12.len() + tls13.len()
}

/// Whether any configured suite is one OpenSSL's security levels above 0 refuse (no
/// encryption or no authentication).
pub fn needs_level_zero(ssl: &SslRef) -> bool {
    configured_ciphers(ssl).into_iter().any(|cipher| {
        // SAFETY: a cipher from OpenSSL's static table.
        unsafe {
            let no_encryption = sys::SSL_CIPHER_get_cipher_nid(cipher) == sys::NID_undef;
            let no_auth = ffi::SSL_CIPHER_get_auth_nid(cipher) == NID_AUTH_NULL;
            no_encryption || no_auth
        }
    })
}

/// `NID_auth_null` from obj_mac.h.
const NID_AUTH_NULL: c_int = 1053;
