//! OpenSSL's callbacks: where the handshake pauses for Apple's break options and where the
//! peer's certificates are judged.
//!
//! Each `extern "C"` shim finds the context's [`Shared`] through the SSL's BIO, catches
//! any panic, and leaves the decision to plain Rust methods below.

use std::mem::offset_of;
use std::panic::{self, AssertUnwindSafe};
use std::ptr::NonNull;

use foreign_types::{ForeignType, ForeignTypeRef};
use libc::{c_int, c_void};
use openssl::ssl::{SslContextBuilder, SslRef, SslSession};
use openssl::x509::X509Ref;
use openssl_sys as sys;

use super::settings::{Options, Settings};
use super::shared::{PeerTrust, Shared};
use super::{alpn, io, resumption};
use crate::certificate::SecCertificate;
use crate::ffi;
use crate::trust::SecTrust;
use crate::types::SslClientCertificateState;

/// The verdict on the peer's certificate chain.
enum Verdict {
    Accept,
    /// Pause the handshake and let the caller judge (break on server auth).
    Suspend,
    /// OpenSSL then sends certificate_unknown, the alert Apple sends for every trust failure
    /// (coreTLS's `tls_handshake_trust_cert_invalid`): the store context's error is left at
    /// `X509_V_OK`, which OpenSSL's table of X.509 errors to alerts maps to it.
    Reject,
}

impl Shared {
    /// As Apple's `sslVerifyCertChain`: a trust for the peer's chain is made whatever the
    /// options (the caller may copy it), with the OCSP response the server stapled (as
    /// coreTLS's `tls_helper_create_peer_trust` in secCrypto.c sets it on a client's trust),
    /// and evaluated unless the caller judges the peer.
    fn judge_peer(&mut self, chain: Vec<SecCertificate>, stapled: Option<&[u8]>) -> Verdict {
        let mut trust = self.settings.peer_trust(&chain);
        if let (Some(trust), Some(response)) = (trust.as_mut(), stapled) {
            // Cannot fail: the setter only keeps the bytes.
            let _ = trust.set_trust_ocsp_response(std::iter::once(response));
        }
        let verdict = self.verdict(trust.as_ref());
        match trust {
            // A stapled response is not in the settings: such a trust is kept whole.
            Some(trust) if stapled.is_some() => {
                self.events.peer_trust = PeerTrust::Whole(Box::new(trust));
            }
            Some(trust) => self.keep_peer_trust(chain, &trust),
            None => self.events.peer_trust = PeerTrust::default(),
        }
        verdict
    }

    /// A client received the server's stapled OCSP response. In TLS 1.3 it came with the
    /// chain, which was judged with it; in TLS 1.2 it comes after the chain was judged
    /// (OpenSSL verifies at the Certificate message, where coreTLS waits for the
    /// CertificateStatus that follows), so the chain is judged again with it: a revoked
    /// certificate fails the handshake. `false` fails it.
    fn stapled(&mut self, response: &[u8]) -> bool {
        let chain = match &self.events.peer_trust {
            PeerTrust::Parts { chain, .. } if !chain.is_empty() => chain.to_vec(),
            // Judged with the response already (a whole trust), or no chain judged in this
            // handshake (a resumed session sends none).
            _ => return true,
        };
        match self.judge_peer(chain, Some(response)) {
            Verdict::Accept => true,
            // The caller judged at the break already; its decision stands.
            Verdict::Suspend => true,
            Verdict::Reject => false,
        }
    }

    fn verdict(&mut self, trust: Option<&SecTrust>) -> Verdict {
        let client = !self.settings.is_server();
        if client {
            if self
                .settings
                .options()
                .contains(Options::BREAK_ON_SERVER_AUTH)
            {
                // The caller judges; once resumed, its decision stands.
                return if self.take_break(Options::BREAK_ON_SERVER_AUTH, true) {
                    Verdict::Suspend
                } else {
                    Verdict::Accept
                };
            }
        } else {
            self.events.client_cert_state = SslClientCertificateState::SENT;
            if self
                .settings
                .options()
                .contains(Options::BREAK_ON_CLIENT_AUTH)
            {
                return Verdict::Accept;
            }
        }
        if !self.settings.enable_cert_verify() {
            return Verdict::Accept;
        }
        let Some(trust) = trust else {
            log::warn!("peer certificate rejected: no trust could be made for its chain");
            return self.reject();
        };
        let evaluation = trust.evaluated();
        if evaluation.trusted() {
            return Verdict::Accept;
        }
        // Apple's sslVerifyCertChain consults the trusted leaves after a failed evaluation.
        if self
            .settings
            .trusts_leaf(trust.certificate_at_index(0).as_ref())
        {
            log::info!("peer certificate accepted: its leaf is one of the trusted leaves");
            return Verdict::Accept;
        }
        if self.settings.tolerance().excuses(&evaluation) {
            log::info!(
                "peer certificate accepted as asked: {}",
                evaluation.details()
            );
            return Verdict::Accept;
        }
        log::info!("peer certificate rejected: {}", evaluation.details());
        self.reject()
    }

    fn reject(&mut self) -> Verdict {
        self.events.chain_rejected = true;
        if self.settings.is_server() {
            self.events.client_cert_state = SslClientCertificateState::REJECTED;
        }
        Verdict::Reject
    }

    /// The server asked the client for a certificate. `false` pauses the handshake.
    fn certificate_requested(&mut self) -> bool {
        if self.settings.is_server() {
            return true;
        }
        if self.events.client_cert_state == SslClientCertificateState::NONE {
            self.events.client_cert_state = SslClientCertificateState::REQUESTED;
        }
        if self.take_break(Options::BREAK_ON_CERT_REQUESTED, true) {
            return false;
        }
        if self.settings.identity().is_some() {
            self.events.client_cert_state = SslClientCertificateState::SENT;
        }
        true
    }
}

/// The shared state of the context `ssl` belongs to: the [`Shared`] around the `Io` behind
/// the SSL's BIO (every session's SSL reads from one of ours, made for its `Shared`'s `io`).
/// No ex-data: an SSL's first ex-data costs it ~80 bytes of OpenSSL's heap.
fn shared_of(ssl: &SslRef) -> Option<NonNull<Shared>> {
    let io = io::io_behind(ssl)?;
    // SAFETY: the `Io` behind one of our BIOs is the `io` field of a session's `Shared`, and
    // the pointer to it was taken from the pointer to the whole `Shared` (`Session::new`).
    Some(unsafe { io.byte_sub(offset_of!(Shared, io)) }.cast())
}

/// Installs the callbacks every SSL of this `SSL_CTX` shares.
pub(crate) fn install_on_ctx(builder: &mut SslContextBuilder) {
    // A server staples the response given to SSLSetOCSPResponse when the client asks; a
    // client judges the server's chain with what it receives (see `Shared::stapled`).
    let staple = builder.set_status_callback(|ssl| {
        if !ssl.is_server() {
            let Some(response) = ssl.ocsp_status().map(<[u8]>::to_vec) else {
                return Ok(true);
            };
            // SAFETY: the SSL of the handshake running this callback.
            let kept = unsafe {
                with_shared(ssl.as_ptr(), 0, |shared| {
                    c_int::from(shared.stapled(&response))
                })
            };
            return Ok(kept == 1);
        }
        match shared_settings(ssl).and_then(|s| s.ocsp_response().map(<[u8]>::to_vec)) {
            Some(response) => ssl.set_ocsp_status(&response).map(|()| true),
            None => Ok(false),
        }
    });
    if staple.is_err() {
        log::warn!("OpenSSL refused the OCSP status callback: no stapling");
    }
    // DTLS servers with SSLSetDatagramHelloCookie: the cookie is the caller's.
    builder.set_cookie_generate_cb(|ssl, out| {
        let cookie = shared_settings(ssl)
            .and_then(Settings::hello_cookie)
            .unwrap_or_default();
        let n = cookie.len().min(out.len());
        out[..n].copy_from_slice(&cookie[..n]);
        Ok(n)
    });
    builder.set_cookie_verify_cb(|ssl, cookie| {
        shared_settings(ssl).and_then(Settings::hello_cookie) == Some(cookie)
    });
    // SAFETY: plain setters on a context being built.
    unsafe {
        ffi::SSL_CTX_set_cert_cb(builder.as_ptr(), Some(cert_cb), std::ptr::null_mut());
        ffi::SSL_CTX_set_cert_verify_callback(
            builder.as_ptr(),
            Some(verify_cb),
            std::ptr::null_mut(),
        );
        sys::SSL_CTX_set_client_hello_cb(
            builder.as_ptr(),
            Some(client_hello_cb),
            std::ptr::null_mut(),
        );
        sys::SSL_CTX_set_alpn_select_cb__fixed_rust(
            builder.as_ptr(),
            Some(alpn_select_cb),
            std::ptr::null_mut(),
        );
        ffi::SSL_CTX_set_info_callback(builder.as_ptr(), Some(info_cb));
        // Not the openssl crate's closure: it needs `Ssl::new`'s ex-data (see `shared_of`).
        sys::SSL_CTX_sess_set_new_cb(builder.as_ptr(), Some(new_session_cb));
    }
}

/// The settings of the context `ssl` belongs to, for callbacks the openssl crate wraps.
pub(super) fn shared_settings(ssl: &SslRef) -> Option<&Settings> {
    let ptr = shared_of(ssl)?;
    // SAFETY: called inside an OpenSSL call on the owning context, which holds no reference
    // to `Shared` then; the settings are only read.
    Some(unsafe { &(*ptr.as_ptr()).settings })
}

/// Runs `decide` on the SSL's shared state; `failed` if there is none or it panicked.
///
/// # Safety
///
/// `ssl` is null or a live SSL, inside an OpenSSL call that one of its callbacks runs in.
unsafe fn with_shared(
    ssl: *mut sys::SSL,
    failed: c_int,
    decide: impl FnOnce(&mut Shared) -> c_int,
) -> c_int {
    if ssl.is_null() {
        return failed;
    }
    // SAFETY: a live SSL (the caller's promise).
    let ssl = unsafe { SslRef::from_ptr(ssl) };
    let Some(ptr) = shared_of(ssl) else {
        return failed;
    };
    // SAFETY: the context is inside an OpenSSL call and holds no reference to `Shared`.
    let shared = unsafe { &mut *ptr.as_ptr() };
    panic::catch_unwind(AssertUnwindSafe(|| decide(shared))).unwrap_or(failed)
}

/// OpenSSL's verification of the peer's chain, replaced by ours (`judge_peer`).
///
/// # Safety
///
/// Called by OpenSSL with the live store context of an SSL's handshake.
unsafe extern "C" fn verify_cb(store: *mut sys::X509_STORE_CTX, _arg: *mut c_void) -> c_int {
    // SAFETY: a live store context of an SSL handshake, which keeps its SSL at this index.
    let ssl = unsafe {
        sys::X509_STORE_CTX_get_ex_data(store, sys::SSL_get_ex_data_X509_STORE_CTX_idx())
    } as *mut sys::SSL;
    // SAFETY: a live store context.
    let chain = unsafe { peer_chain(store) };
    let stapled = if ssl.is_null() {
        None
    } else {
        // SAFETY: a live SSL; the response, if any, stays OpenSSL's while this runs.
        unsafe { SslRef::from_ptr(ssl) }.ocsp_status()
    };
    let decide = |shared: &mut Shared| {
        // A server's SSL holds the response it staples itself, not one from the client.
        let stapled = stapled.filter(|_| !shared.settings.is_server());
        match shared.judge_peer(chain, stapled) {
            Verdict::Accept => 1,
            // SAFETY: a live SSL inside its verification.
            Verdict::Suspend => unsafe { ffi::ssl_set_retry_verify(ssl) },
            Verdict::Reject => 0,
        }
    };
    // SAFETY: the SSL of the handshake running this callback.
    unsafe { with_shared(ssl, 0, decide) }
}

/// The certificates the peer sent, leaf first.
///
/// # Safety
///
/// `store` is a live store context.
unsafe fn peer_chain(store: *mut sys::X509_STORE_CTX) -> Vec<SecCertificate> {
    // SAFETY: the untrusted stack of a live store context holds live certificates, each
    // up-referenced by `to_owned` before the store goes.
    unsafe {
        ffi::stack_items::<_, sys::X509>(ffi::X509_STORE_CTX_get0_untrusted(store))
            .into_iter()
            .map(|cert| SecCertificate::from_x509(X509Ref::from_ptr(cert).to_owned()))
            .collect()
    }
}

/// The server asked for our certificate: a break, or on with the certificate set.
///
/// # Safety
///
/// Called by OpenSSL with a live SSL in its handshake.
unsafe extern "C" fn cert_cb(ssl: *mut sys::SSL, _arg: *mut c_void) -> c_int {
    // SAFETY: the SSL of the handshake running this callback.
    unsafe {
        with_shared(ssl, 0, |shared| {
            if shared.certificate_requested() {
                1
            } else {
                -1
            }
        })
    }
}

/// OpenSSL made a session: a client keeps it under its peer ID, if it has one (see
/// `resumption`).
///
/// # Safety
///
/// Called by OpenSSL with a live SSL and a reference to the session, which returning 1
/// says we took.
unsafe extern "C" fn new_session_cb(ssl: *mut sys::SSL, session: *mut sys::SSL_SESSION) -> c_int {
    // SAFETY: OpenSSL's reference, ours from here (kept or dropped).
    let session = unsafe { SslSession::from_ptr(session) };
    let keep = |shared: &mut Shared| {
        let settings = &shared.settings;
        if !settings.is_server() {
            if let Some(peer_id) = settings.peer_id() {
                resumption::remember(peer_id, session, settings.session_cache_timeout());
            }
        }
        1
    };
    // SAFETY: the SSL of the handshake running this callback.
    unsafe { with_shared(ssl, 1, keep) }
}

/// A server received the ClientHello: note the host name asked for, and break if asked to.
///
/// # Safety
///
/// Called by OpenSSL with a live server SSL processing a ClientHello.
unsafe extern "C" fn client_hello_cb(
    ssl: *mut sys::SSL,
    _alert: *mut c_int,
    _arg: *mut c_void,
) -> c_int {
    const SUCCESS: c_int = 1;
    const RETRY: c_int = -1;
    let decide = |shared: &mut Shared| {
        if shared.events.requested_name.is_none() {
            let mut data = std::ptr::null();
            let mut len = 0;
            // SAFETY: a live SSL in its ClientHello callback; 0 is the server_name extension,
            // whose body OpenSSL keeps for the handshake.
            unsafe {
                if sys::SSL_client_hello_get0_ext(ssl, 0, &mut data, &mut len) == 1 {
                    let extension = std::slice::from_raw_parts(data, len);
                    shared.events.requested_name = host_name(extension).map(Box::from);
                }
            }
        }
        if shared.take_break(Options::BREAK_ON_CLIENT_HELLO, true) {
            RETRY
        } else {
            SUCCESS
        }
    };
    // SAFETY: the SSL of the handshake running this callback.
    unsafe { with_shared(ssl, 0, decide) }
}

/// A handshake begins, the first or a renegotiation: its breaks may come again, as coreTLS
/// raises them on every handshake, and the session learns of it without asking OpenSSL
/// after every read.
///
/// # Safety
///
/// Called by OpenSSL with a live SSL.
unsafe extern "C" fn info_cb(ssl: *const sys::SSL, where_: c_int, _ret: c_int) {
    if where_ & ffi::SSL_CB_HANDSHAKE_START != 0 {
        // SAFETY: the SSL of the handshake running this callback.
        unsafe {
            with_shared(ssl.cast_mut(), 0, |shared| {
                shared.events.breaks_taken = Options::empty();
                shared.events.handshake_began = true;
                0
            })
        };
    }
}

/// The host name in a server_name extension's body (RFC 6066: a 2-byte list length, then
/// entries of type, 2-byte length and name; type 0 is a host name).
fn host_name(mut extension: &[u8]) -> Option<&[u8]> {
    extension = extension.get(2..)?;
    while let [kind, high, low, rest @ ..] = extension {
        let len = usize::from(u16::from_be_bytes([*high, *low]));
        let name = rest.get(..len)?;
        if *kind == 0 {
            return Some(name);
        }
        extension = &rest[len..];
    }
    None
}

/// A server's ALPN choice: the first of its own protocols the client offered (the server's
/// preference, as RFC 7301 suggests). Without a match, no protocol is agreed and the
/// handshake goes on, as with Apple's server.
///
/// # Safety
///
/// Called by OpenSSL with a live server SSL, the client's offer (`offered_len` bytes) and
/// the places for the choice.
unsafe extern "C" fn alpn_select_cb(
    ssl: *mut sys::SSL,
    out: *mut *const u8,
    out_len: *mut u8,
    offered: *const u8,
    offered_len: libc::c_uint,
    _arg: *mut c_void,
) -> c_int {
    const OK: c_int = 0; // SSL_TLSEXT_ERR_OK
    const NOACK: c_int = 3; // SSL_TLSEXT_ERR_NOACK
                            // SAFETY: OpenSSL's offer, valid for the handshake.
    let offered = unsafe { std::slice::from_raw_parts(offered, offered_len as usize) };
    let decide = |shared: &mut Shared| {
        shared.events.peer_alpn = Some(offered.into());
        let chosen = shared
            .settings
            .alpn()
            .iter()
            .find_map(|ours| alpn::entries(offered).find(|theirs| *theirs == ours.as_slice()));
        match chosen {
            Some(protocol) => {
                // SAFETY: OpenSSL's places for the choice, which points into `offered`
                // (kept by OpenSSL for the handshake); names are at most 255 bytes.
                unsafe {
                    *out = protocol.as_ptr();
                    *out_len = protocol.len() as u8;
                }
                OK
            }
            None => NOACK,
        }
    };
    // SAFETY: the SSL of the handshake running this callback.
    unsafe { with_shared(ssl, NOACK, decide) }
}

#[cfg(test)]
mod tests {
    use crate::engine::callbacks::*;

    #[test]
    fn the_host_name_is_read_from_a_server_name_extension_as_in_rfc_6066() {
        // ServerNameList: its length, then entries of type (0: host_name), length, name.
        let one = b"\x00\x0e\x00\x00\x0bexample.com";
        assert_eq!(host_name(one), Some(&b"example.com"[..]));
        // An entry of another type comes first: skipped.
        let two = b"\x00\x13\x07\x00\x02xy\x00\x00\x0bexample.com";
        assert_eq!(host_name(two), Some(&b"example.com"[..]));
        assert_eq!(host_name(b"\x00\x05\x07\x00\x02xy"), None, "no host name");
        assert_eq!(host_name(b"\x00\x0e\x00\x00\x0bexample"), None, "truncated");
        assert_eq!(host_name(b"\x00"), None);
    }
}
