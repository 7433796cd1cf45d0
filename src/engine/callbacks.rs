//! OpenSSL's callbacks: where the handshake pauses for Apple's break options and where the
//! peer's certificates are judged.
//!
//! Each `extern "C"` shim finds the context's [`Shared`] through the SSL's ex-data, catches
//! any panic, and leaves the decision to plain Rust methods below.

use std::panic::{self, AssertUnwindSafe};
use std::ptr::NonNull;
use std::sync::OnceLock;

use foreign_types::ForeignTypeRef;
use libc::{c_int, c_void};
use openssl::ex_data::Index;
use openssl::ssl::{Ssl, SslContextBuilder, SslRef};
use openssl::x509::X509Ref;
use openssl_sys as sys;

use super::config::Options;
use super::Shared;
use crate::certificate::SecCertificate;
use crate::ffi;
use crate::secure_transport::{SslClientCertificateState, SslProtocolSide};
use crate::trust::TrustFailure;

/// What the callbacks learned during the handshake.
#[derive(Debug)]
pub(crate) struct Events {
    /// Our own evaluation rejected the peer's chain.
    pub verify_failure: Option<TrustFailure>,
    /// Break options already reported to the caller (each breaks once per handshake).
    pub breaks_taken: Options,
    pub client_cert_state: SslClientCertificateState,
}

impl Default for Events {
    fn default() -> Events {
        Events {
            verify_failure: None,
            breaks_taken: Options::empty(),
            client_cert_state: SslClientCertificateState::NONE,
        }
    }
}

/// The verdict on the peer's certificate chain.
enum Verdict {
    Accept,
    /// Pause the handshake and let the caller judge (break on server auth).
    Suspend,
    Reject(c_int),
}

impl Shared {
    /// Whether `option` is set and not reported yet (and `when` holds); marks it reported.
    pub(crate) fn take_break(&mut self, option: Options, when: bool) -> bool {
        let due = when
            && self.config.options.contains(option)
            && !self.events.breaks_taken.contains(option);
        if due {
            self.events.breaks_taken.insert(option);
        }
        due
    }

    fn judge_peer(&mut self, chain: Vec<SecCertificate>) -> Verdict {
        let client = self.config.side == SslProtocolSide::CLIENT;
        if client {
            if self.config.options.contains(Options::BREAK_ON_SERVER_AUTH) {
                // The caller judges; once resumed, its decision stands.
                return if self.take_break(Options::BREAK_ON_SERVER_AUTH, true) {
                    Verdict::Suspend
                } else {
                    Verdict::Accept
                };
            }
        } else {
            self.events.client_cert_state = SslClientCertificateState::SENT;
            if self.config.options.contains(Options::BREAK_ON_CLIENT_AUTH) {
                return Verdict::Accept;
            }
        }
        if !self.config.enable_cert_verify {
            return Verdict::Accept;
        }
        let verdict = match self.config.peer_trust(chain) {
            Some(trust) => trust.evaluate(),
            None => Err(TrustFailure::internal()),
        };
        match verdict {
            Ok(()) => Verdict::Accept,
            Err(failure) => {
                log::info!("peer certificate rejected: {:?}", failure.kind);
                self.events.verify_failure = Some(failure);
                if !client {
                    self.events.client_cert_state = SslClientCertificateState::REJECTED;
                }
                Verdict::Reject(failure.x509_error)
            }
        }
    }

    /// The server asked the client for a certificate. `false` pauses the handshake.
    fn certificate_requested(&mut self) -> bool {
        if self.config.side != SslProtocolSide::CLIENT {
            return true;
        }
        if self.events.client_cert_state == SslClientCertificateState::NONE {
            self.events.client_cert_state = SslClientCertificateState::REQUESTED;
        }
        if self.take_break(Options::BREAK_ON_CERT_REQUESTED, true) {
            return false;
        }
        if self.config.identity.is_some() {
            self.events.client_cert_state = SslClientCertificateState::SENT;
        }
        true
    }
}

/// The ex-data slot that holds each SSL's pointer to its context's [`Shared`].
#[derive(Clone, Copy)]
struct SharedPtr(NonNull<Shared>);
// SAFETY: only dereferenced by the thread that is inside a call on the owning context.
unsafe impl Send for SharedPtr {}
unsafe impl Sync for SharedPtr {}

fn index() -> Index<Ssl, SharedPtr> {
    static INDEX: OnceLock<Index<Ssl, SharedPtr>> = OnceLock::new();
    *INDEX.get_or_init(|| Ssl::new_ex_index().expect("SSL ex-data index"))
}

/// Links `ssl` to its context's shared state and installs the per-SSL callback.
pub(crate) fn attach(ssl: &mut SslRef, shared: NonNull<Shared>) {
    ssl.set_ex_data(index(), SharedPtr(shared));
    // SAFETY: a live SSL; the callback finds its state through the ex-data set above.
    unsafe { ffi::SSL_set_cert_cb(ssl.as_ptr(), Some(cert_cb), std::ptr::null_mut()) };
}

/// Installs the callbacks every SSL of this `SSL_CTX` shares.
pub(crate) fn install_on_ctx(builder: &mut SslContextBuilder) {
    // SAFETY: plain setters on a context being built.
    unsafe {
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
    }
}

/// Runs `decide` on the SSL's shared state; `failed` if there is none or it panicked.
unsafe fn with_shared(
    ssl: *mut sys::SSL,
    failed: c_int,
    decide: impl FnOnce(&mut Shared) -> c_int,
) -> c_int {
    if ssl.is_null() {
        return failed;
    }
    let Some(ptr) = SslRef::from_ptr(ssl).ex_data(index()).copied() else {
        return failed;
    };
    // SAFETY: the context is inside an OpenSSL call and holds no reference to `Shared`.
    let shared = &mut *ptr.0.as_ptr();
    panic::catch_unwind(AssertUnwindSafe(|| decide(shared))).unwrap_or(failed)
}

unsafe extern "C" fn verify_cb(store: *mut sys::X509_STORE_CTX, _arg: *mut c_void) -> c_int {
    let ssl = sys::X509_STORE_CTX_get_ex_data(store, sys::SSL_get_ex_data_X509_STORE_CTX_idx())
        as *mut sys::SSL;
    let chain = peer_chain(store);
    with_shared(ssl, 0, |shared| match shared.judge_peer(chain) {
        Verdict::Accept => 1,
        Verdict::Suspend => ffi::ssl_set_retry_verify(ssl),
        Verdict::Reject(code) => {
            sys::X509_STORE_CTX_set_error(store, code);
            0
        }
    })
}

/// The certificates the peer sent, leaf first.
unsafe fn peer_chain(store: *mut sys::X509_STORE_CTX) -> Vec<SecCertificate> {
    ffi::stack_items::<_, sys::X509>(ffi::X509_STORE_CTX_get0_untrusted(store))
        .into_iter()
        .map(|cert| SecCertificate::from_x509(X509Ref::from_ptr(cert).to_owned()))
        .collect()
}

unsafe extern "C" fn cert_cb(ssl: *mut sys::SSL, _arg: *mut c_void) -> c_int {
    with_shared(ssl, 0, |shared| {
        if shared.certificate_requested() {
            1
        } else {
            -1
        }
    })
}

unsafe extern "C" fn client_hello_cb(
    ssl: *mut sys::SSL,
    _alert: *mut c_int,
    _arg: *mut c_void,
) -> c_int {
    const SUCCESS: c_int = 1;
    const RETRY: c_int = -1;
    with_shared(ssl, 0, |shared| {
        if shared.take_break(Options::BREAK_ON_CLIENT_HELLO, true) {
            RETRY
        } else {
            SUCCESS
        }
    })
}
