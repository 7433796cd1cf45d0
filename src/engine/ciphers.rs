//! Cipher suites by their IANA numbers (Apple's `SSLCipherSuite`), on top of OpenSSL's lists.

use std::sync::OnceLock;

use foreign_types::ForeignTypeRef;
use libc::c_int;
use openssl::cipher::Cipher;
use openssl::error::ErrorStack;
use openssl::provider::Provider;
use openssl::ssl::{Ssl, SslCipherRef, SslContext, SslMethod, SslRef};
use openssl_sys as sys;

use super::psk;
use crate::ffi;
use crate::types::{cipher_suite, iana_id, SslCipherSuite};

/// TLS 1.3 suites have their own OpenSSL list (`SSL_set_ciphersuites`).
pub fn is_tls13(suite: SslCipherSuite) -> bool {
    suite >> 8 == 0x13
}

/// The IANA numbers of OpenSSL ciphers.
fn ids(ciphers: Vec<*mut sys::SSL_CIPHER>) -> Vec<SslCipherSuite> {
    ciphers
        .into_iter()
        .map(|cipher| {
            // SAFETY: a cipher from OpenSSL's static table.
            cipher_suite(unsafe { sys::SSL_CIPHER_get_protocol_id(cipher) })
        })
        .collect()
}

/// The ciphers configured on `ssl`, in preference order.
fn configured_ciphers(ssl: &SslRef) -> Vec<*mut sys::SSL_CIPHER> {
    // SAFETY: the stack is owned by `ssl`; its ciphers live in OpenSSL's static table.
    unsafe { ffi::stack_items(ffi::SSL_get_ciphers(ssl.as_ptr())) }
}

/// The suites configured on `ssl` that its method can carry, in preference order (OpenSSL
/// keeps its TLS 1.3 list on DTLS objects too, unused).
pub fn configured(ssl: &SslRef) -> Vec<SslCipherSuite> {
    let carried = supported(ssl);
    let mut suites = ids(configured_ciphers(ssl));
    suites.retain(|s| carried.contains(s));
    suites
}

/// Everything the linked OpenSSL can negotiate over `ssl`'s method (TLS or DTLS: no TLS 1.3
/// suites and no stream ciphers over datagrams), weak and PSK suites included (they stay off
/// unless enabled; `SSLSetPSKSharedSecret` feeds the PSK ones). SRP suites are left out:
/// Secure Transport has no way to feed them.
pub fn supported(ssl_for_method: &SslRef) -> &'static [SslCipherSuite] {
    static SUPPORTED: [OnceLock<Vec<SslCipherSuite>>; 2] = [OnceLock::new(), OnceLock::new()];
    // SAFETY: a live SSL object.
    let datagram = unsafe { ffi::SSL_is_dtls(ssl_for_method.as_ptr()) } == 1;
    SUPPORTED[datagram as usize].get_or_init(|| {
        let Ok(mut ssl) = Ssl::new(ssl_for_method.ssl_context()) else {
            return Vec::new();
        };
        ssl.set_security_level(0);
        // Every version of the method, so that no suite is left out for its version.
        let every_version = ssl
            .set_min_proto_version(None)
            .and_then(|()| ssl.set_max_proto_version(None));
        let every = "ALL:COMPLEMENTOFALL:!SRP:@SECLEVEL=0";
        let tls13 = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:\
                     TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256";
        if every_version.is_err()
            || ssl.set_cipher_list(every).is_err()
            || ssl.set_ciphersuites(tls13).is_err()
        {
            log::warn!("OpenSSL refused the full cipher list");
        }
        // OpenSSL counts PSK suites only where a PSK callback could feed them.
        // SAFETY: a live SSL; the callback gives no key to an SSL of no context.
        unsafe { ffi::SSL_set_psk_client_callback(ssl.as_ptr(), Some(psk::client_psk)) };
        // SAFETY: the stack is ours to free (its ciphers stay in OpenSSL's static table).
        unsafe {
            let stack = ffi::SSL_get1_supported_ciphers(ssl.as_ptr());
            let suites = ids(ffi::stack_items(stack));
            sys::OPENSSL_sk_free(stack.cast());
            suites
        }
    })
}

/// Makes RC4 usable when the linked OpenSSL has RC4 suites (built with weak SSL ciphers, as
/// `ci/legacy-openssl.sh` does): OpenSSL 3 keeps RC4 itself in its legacy provider, which
/// this loads into the default library context, next to the default provider. Call it before
/// the first `SSL_CTX` is made: each records at creation which ciphers it can fetch. The
/// suites stay disabled until a caller enables them; with a distribution OpenSSL, which has
/// no RC4 suites, nothing is loaded.
pub fn load_rc4_if_offered() {
    static LEGACY: OnceLock<Option<Provider>> = OnceLock::new();
    LEGACY.get_or_init(|| {
        let rc4_sha = SslContext::builder(SslMethod::tls())
            .and_then(|builder| Ssl::new(&builder.build()))
            .map(|ssl| find(&ssl, 0x0005).is_some());
        if !matches!(rc4_sha, Ok(true)) || Cipher::fetch(None, "RC4", None).is_ok() {
            return None;
        }
        match Provider::try_load(None, "legacy", true) {
            Ok(provider) => {
                log::info!("loaded OpenSSL's legacy provider for the RC4 suites");
                Some(provider)
            }
            Err(e) => {
                log::warn!("RC4 suites stay unusable: OpenSSL's legacy provider: {e}");
                None
            }
        }
    });
}

/// OpenSSL's description of a suite it knows (any method's suite can be looked up).
fn find(ssl: &SslRef, suite: SslCipherSuite) -> Option<&'static SslCipherRef> {
    let id = iana_id(suite)?.to_be_bytes();
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

/// The suites a context starts with: OpenSSL's defaults less the PSK and SRP ones (off
/// until enabled), with DHE ones on a server and without on a client, as Apple's
/// (`SSLSetDHEEnabled`).
pub fn default_list(dhe: bool) -> &'static str {
    if dhe {
        "DEFAULT:!PSK:!SRP"
    } else {
        "DEFAULT:!PSK:!SRP:!kDHE"
    }
}

/// The TLS 1.3 suites a context starts with, in Apple's order (Security's
/// `CiphersuitesTLS13`, first in its default group, and `STKnownCipherSuites`): AES-128-GCM
/// first, where OpenSSL's own list puts AES-256-GCM. Its SHA-256 also keeps an idle
/// session's two transcript hashes (kept by OpenSSL for post-handshake authentication)
/// smaller than SHA-384's.
pub(super) const DEFAULT_TLS13: &str =
    "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";

/// Enables the default suites on `ssl`, with DHE ones or without: the TLS 1.2 list of
/// [`default_list`] and the TLS 1.3 suites its `SSL_CTX` has.
pub fn set_defaults(ssl: &mut SslRef, dhe: bool) -> Result<(), ErrorStack> {
    // SAFETY: the SSL_CTX outlives `ssl`; the stack is its own, its ciphers in OpenSSL's
    // static table.
    let ctx_ciphers =
        unsafe { ffi::stack_items(ffi::SSL_CTX_get_ciphers(ssl.ssl_context().as_ptr())) };
    let tls13: Vec<&str> = ctx_ciphers
        .into_iter()
        // SAFETY: ciphers of OpenSSL's static table.
        .map(|c| unsafe { SslCipherRef::from_ptr(c) })
        .filter(|c| is_tls13(cipher_suite(u16::from_be_bytes(c.protocol_id()))))
        .map(SslCipherRef::name)
        .collect();
    ssl.set_cipher_list(default_list(dhe))?;
    ssl.set_ciphersuites(&tls13.join(":"))
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

#[cfg(test)]
mod tests {
    use crate::engine::ciphers::*;

    /// Apple's `SSLCipherSuite` constants (CipherSuite.h), from the reference table.
    fn apple_suites() -> Vec<(String, SslCipherSuite)> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/reference/secure-transport-constants.tsv"
        );
        let table = std::fs::read_to_string(path).expect("the reference table");
        let suites: Vec<(String, SslCipherSuite)> = table
            .lines()
            .map(|line| line.split('\t').collect::<Vec<_>>())
            .filter(|cols| cols[0] == "CipherSuite.h" && cols[1].is_empty())
            .map(|cols| (cols[2].to_owned(), cols[3].parse().expect("a suite number")))
            .collect();
        assert!(suites.len() > 100, "CipherSuite.h rows in {path}");
        suites
    }

    /// The TLS 1.3 suites by name (RFC 8446, appendix B.4): no key exchange in the name.
    fn named_as_tls13(name: &str) -> bool {
        ["TLS_AES_", "TLS_CHACHA20_"]
            .iter()
            .any(|prefix| name.starts_with(prefix))
            && !name.contains("_WITH_")
    }

    #[test]
    fn tls13_suites_are_told_apart_by_their_numbers() {
        let suites = apple_suites();
        assert_eq!(suites.iter().filter(|(n, _)| named_as_tls13(n)).count(), 5);
        for (name, suite) in suites {
            assert_eq!(
                is_tls13(suite),
                named_as_tls13(&name),
                "{name} ({suite:#06x})"
            );
        }
    }

    #[test]
    fn suites_are_found_in_openssl_by_their_iana_numbers() {
        let ctx = SslContext::builder(SslMethod::tls()).unwrap().build();
        let ssl = Ssl::new(&ctx).unwrap();
        let mut known = 0;
        for (name, suite) in apple_suites() {
            // Apple keeps the SSL_ prefix of some older names, where IANA says TLS_.
            let iana = name.replacen("SSL_", "TLS_", 1);
            if let Some(standard) = standard_name(&ssl, suite) {
                known += 1;
                assert_eq!(standard, iana, "{suite:#06x}");
            }
        }
        assert!(known > 50, "OpenSSL knew only {known} of Apple's suites");
        assert_eq!(standard_name(&ssl, 0x1301), Some("TLS_AES_128_GCM_SHA256"));
        assert_eq!(standard_name(&ssl, 0xfffe), None);
    }
}
