//! The engine: one Secure Transport session context on one OpenSSL `SSL`.
//!
//! OpenSSL runs the protocol; this module keeps Apple's session states, result codes and I/O
//! contract (see `io` for the write queue). The C ABI and the safe facade both drive a
//! [`Context`]; neither adds behaviour of its own.

mod callbacks;
pub(crate) mod ciphers;
mod config;
mod datagram;
mod errors;
mod extensions;
pub(crate) mod io;
mod resumption;
mod session_config;
mod versions;

use std::mem::ManuallyDrop;
use std::ptr::{self, NonNull};
use std::sync::OnceLock;

use foreign_types::ForeignTypeRef;
use libc::c_int;
use openssl::ssl::{Ssl, SslContext, SslMethod, SslSessionCacheMode};
use openssl_sys as sys;

use crate::base::{Error, Result};
use crate::ffi;
use crate::identity::SecIdentity;
use crate::status::*;
use crate::types::{SessionState, SslConnectionType, SslProtocolSide};
use config::Config;
use errors::Cause;
use io::{Io, Transport};
pub use io::{SslConnectionRef, SslReadFunc, SslWriteFunc};

pub(crate) use callbacks::Events;

/// The protocol versions a context of `kind` can enable with the linked OpenSSL, oldest
/// first (SSL 3.0 only when OpenSSL was built with it).
pub fn supported_protocols(kind: SslConnectionType) -> Vec<crate::types::SslProtocol> {
    versions::supported(kind)
}

/// Where the session is, finer than Apple's `SSLSessionState` where the result codes differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Idle,
    Handshake,
    Connected,
    /// `SSLClose` was called or the peer's close_notify arrived.
    Closed,
    /// A fatal error or `SSLSetError`.
    Aborted,
    /// The transport ended without a close_notify after the handshake.
    NoNotify,
}

/// What OpenSSL's callbacks read and write while a call into OpenSSL runs. It lives in its
/// own allocation, reached only through raw pointers, so those callbacks never alias a Rust
/// reference held by [`Context`].
pub(crate) struct Shared {
    pub io: Io,
    pub config: Config,
    pub events: Events,
}

/// A Secure Transport session (`SSLContextRef`).
pub struct Context {
    ssl: ManuallyDrop<Ssl>,
    shared: NonNull<Shared>,
    state: State,
    /// The status given to `SSLSetError`.
    out_of_band_error: Option<OSStatus>,
    /// The last read filled the caller's buffer, so its record may have bytes left: only
    /// then is `SSL_pending` worth asking (a read that stops short emptied its record).
    record_may_have_more: bool,
}

// SAFETY: a context is used by one thread at a time (Apple's rule too); nothing in it is tied
// to a thread. Streams that are not `Send` are only stored by `SslStream<S>`, which is `Send`
// only when `S` is.
unsafe impl Send for Context {}

/// The `SSL_CTX` of a side and connection type: it carries the callbacks and the session
/// cache; all other settings are made on each `SSL`. With `identity`, its certificate and key
/// too. Clients and servers never share one, so a server's cached sessions cannot collide
/// with a client's in the same process.
fn new_ssl_ctx(
    side: SslProtocolSide,
    kind: SslConnectionType,
    identity: Option<&SecIdentity>,
) -> Option<SslContext> {
    ciphers::load_rc4_if_offered();
    let method = if kind == SslConnectionType::DATAGRAM {
        SslMethod::dtls()
    } else {
        SslMethod::tls()
    };
    let mut builder = SslContext::builder(method).ok()?;
    builder.set_session_cache_mode(if side == SslProtocolSide::CLIENT {
        // Clients keep sessions by peer ID (see `resumption`), not in OpenSSL's store.
        SslSessionCacheMode::CLIENT | SslSessionCacheMode::NO_INTERNAL_STORE
    } else {
        SslSessionCacheMode::SERVER
    });
    // Secure Transport has no way to feed PSK or SRP suites: keep them off the list.
    builder.set_cipher_list("DEFAULT:!PSK:!SRP").ok()?;
    callbacks::install_on_ctx(&mut builder);
    if let Some(identity) = identity {
        builder.set_certificate(identity.certificate_x509()).ok()?;
        builder.set_private_key(identity.private_key()).ok()?;
    }
    Some(builder.build())
}

/// Which of the four `SSL_CTX`s (side × connection type) a context uses.
fn ssl_ctx_slot(side: SslProtocolSide, kind: SslConnectionType) -> usize {
    usize::from(kind == SslConnectionType::DATAGRAM) * 2
        + usize::from(side == SslProtocolSide::CLIENT)
}

/// The `SSL_CTX` every context of this side and type starts from.
fn shared_ssl_ctx(side: SslProtocolSide, kind: SslConnectionType) -> Result<&'static SslContext> {
    static CONTEXTS: [OnceLock<Option<SslContext>>; 4] = [const { OnceLock::new() }; 4];
    CONTEXTS[ssl_ctx_slot(side, kind)]
        .get_or_init(|| new_ssl_ctx(side, kind, None))
        .as_ref()
        .ok_or(Error::from_code(errSSLInternal))
}

/// The `SSL_CTX` of this side and type with `identity` installed, if it has one (see
/// [`SecIdentity::ssl_context`]).
fn identity_ssl_ctx(
    side: SslProtocolSide,
    kind: SslConnectionType,
    identity: &SecIdentity,
) -> Option<&SslContext> {
    identity.ssl_context(ssl_ctx_slot(side, kind), || {
        new_ssl_ctx(side, kind, Some(identity))
    })
}

impl Context {
    /// `SSLCreateContext`: a context for one side of a stream (TLS) or datagram (DTLS)
    /// connection.
    pub fn new(side: SslProtocolSide, kind: SslConnectionType) -> Result<Context> {
        if side != SslProtocolSide::CLIENT && side != SslProtocolSide::SERVER {
            return Err(Error::from_code(errSecParam));
        }
        if kind != SslConnectionType::STREAM && kind != SslConnectionType::DATAGRAM {
            return Err(Error::from_code(errSecParam));
        }
        let mut ssl =
            Ssl::new(shared_ssl_ctx(side, kind)?).map_err(|_| Error::from_code(errSecAllocate))?;
        let shared = Box::into_raw(Box::new(Shared {
            io: Io::new(kind == SslConnectionType::DATAGRAM),
            config: Config::new(side, kind),
            events: Events::default(),
        }));
        // SAFETY: `shared` is a fresh, non-null allocation owned by this context until drop.
        let shared = unsafe { NonNull::new_unchecked(shared) };
        // SAFETY: the BIO points at `shared.io`, which outlives the SSL (see Drop).
        unsafe {
            let bio = io::new_bio(ptr::addr_of_mut!((*shared.as_ptr()).io));
            if bio.is_null() {
                drop(Box::from_raw(shared.as_ptr()));
                return Err(Error::from_code(errSecAllocate));
            }
            sys::SSL_set_bio(ssl.as_ptr(), bio, bio);
        }
        callbacks::attach(&mut ssl, shared);
        if side == SslProtocolSide::CLIENT {
            ssl.set_connect_state();
        } else {
            ssl.set_accept_state();
        }
        Ok(Context {
            ssl: ManuallyDrop::new(ssl),
            shared,
            state: State::Idle,
            out_of_band_error: None,
            record_may_have_more: false,
        })
    }

    /// The state shared with OpenSSL's callbacks. Never held across a call into OpenSSL.
    fn shared(&self) -> &Shared {
        // SAFETY: owned by `self`; callbacks only run inside calls that take `&mut self`.
        unsafe { self.shared.as_ref() }
    }

    fn shared_mut(&mut self) -> &mut Shared {
        // SAFETY: as above, and `&mut self` makes this the only reference.
        unsafe { self.shared.as_mut() }
    }

    fn ssl_ptr(&self) -> *mut sys::SSL {
        self.ssl.as_ptr()
    }

    /// `SSLGetSessionState`.
    pub fn session_state(&self) -> SessionState {
        match self.state {
            State::Idle => SessionState::IDLE,
            State::Handshake => SessionState::HANDSHAKE,
            State::Connected => SessionState::CONNECTED,
            State::Closed => SessionState::CLOSED,
            State::Aborted | State::NoNotify => SessionState::ABORTED,
        }
    }

    /// Whether configuration is refused (`errSecBadReq`): Apple counts every state but idle,
    /// closed and aborted-by-error as active — an EOF without close_notify included.
    pub fn is_active(&self) -> bool {
        matches!(
            self.state,
            State::Handshake | State::Connected | State::NoNotify
        )
    }

    /// `SSLSetIOFuncs`.
    pub fn set_io_funcs(&mut self, read: SslReadFunc, write: SslWriteFunc) -> Result<()> {
        self.configurable()?;
        self.shared_mut().io.transport = Transport::Callbacks { read, write };
        Ok(())
    }

    /// `SSLSetConnection`: the opaque value handed to the I/O callbacks.
    pub fn set_connection(&mut self, connection: SslConnectionRef) -> Result<()> {
        self.configurable()?;
        self.shared_mut().io.connection = connection;
        Ok(())
    }

    /// `SSLGetConnection`.
    pub fn connection(&self) -> SslConnectionRef {
        self.shared().io.connection
    }

    pub(crate) fn set_stream(&mut self, stream: Box<dyn io::Stream>) {
        self.shared_mut().io.transport = Transport::Stream(stream);
    }

    pub(crate) fn stream(&self) -> Option<&dyn io::Stream> {
        match &self.shared().io.transport {
            Transport::Stream(s) => Some(s.as_ref()),
            _ => None,
        }
    }

    pub(crate) fn stream_mut(&mut self) -> Option<&mut dyn io::Stream> {
        match &mut self.shared_mut().io.transport {
            Transport::Stream(s) => Some(s.as_mut()),
            _ => None,
        }
    }

    /// Takes the error the Rust stream itself returned during the last call, if any.
    pub(crate) fn take_stream_error(&mut self) -> Option<std::io::Error> {
        self.shared_mut().io.stream_error.take()
    }

    /// Takes a panic raised inside the Rust stream during the last call, if any.
    pub(crate) fn take_stream_panic(&mut self) -> Option<Box<dyn std::any::Any + Send>> {
        self.shared_mut().io.panic.take()
    }

    /// `SSLHandshake`: runs the handshake as far as the transport allows.
    pub fn handshake(&mut self) -> Result<()> {
        match self.state {
            State::Closed => return Err(Error::from_code(errSSLClosedGraceful)),
            State::Aborted | State::NoNotify => {
                let status = self.out_of_band_error.unwrap_or(errSSLClosedAbort);
                return Err(Error::from_code(status));
            }
            State::Idle => self.start()?,
            State::Handshake | State::Connected => {}
        }
        if self.state == State::Handshake {
            self.retransmit_if_due();
            self.shared_mut().io.forget_failures();
            // SAFETY: a live SSL; callbacks reach `shared` only through raw pointers.
            let ret = unsafe {
                clear_error_queue();
                sys::SSL_do_handshake(self.ssl_ptr())
            };
            if ret != 1 {
                return Err(Error::from_code(self.fail(self.ssl_error(ret))));
            }
            if let Some(code) = self.client_auth_break() {
                self.flush().ok();
                return Err(Error::from_code(code));
            }
            self.state = State::Connected;
        }
        self.flush()
    }

    /// `SSLReHandshake`: starts a renegotiation of a connected TLS 1.2 (or older) session;
    /// `SSLHandshake` or `SSLRead` then carry it out, as on Apple. A server sends a
    /// HelloRequest, a client a new ClientHello. TLS 1.3 has no renegotiation:
    /// `errSecBadReq`, as for any state but connected.
    pub fn re_handshake(&mut self) -> Result<()> {
        match self.state {
            State::Closed => return Err(Error::from_code(errSSLClosedGraceful)),
            State::Aborted | State::NoNotify => return Err(Error::from_code(errSSLClosedAbort)),
            State::Idle | State::Handshake => return Err(Error::from_code(errSecBadReq)),
            State::Connected => {}
        }
        if self.ssl.version2() == Some(openssl::ssl::SslVersion::TLS1_3) {
            log::warn!("SSLReHandshake: TLS 1.3 has no renegotiation");
            return Err(Error::from_code(errSecBadReq));
        }
        // Asking for one means accepting this one, whatever the peer-initiated policy.
        config::set_options(
            &mut self.ssl,
            openssl::ssl::SslOptions::NO_RENEGOTIATION,
            false,
        );
        // SAFETY: a live SSL.
        let ok = quietly(|| unsafe { ffi::SSL_renegotiate(self.ssl_ptr()) });
        if ok != 1 {
            log::warn!("SSLReHandshake: OpenSSL refused to renegotiate");
            return Err(Error::from_code(errSSLInternal));
        }
        self.state = State::Handshake;
        Ok(())
    }

    /// How many renegotiations this session went through (OpenSSL's count).
    pub fn renegotiations(&self) -> usize {
        /// From ssl.h.
        const SSL_CTRL_GET_NUM_RENEGOTIATIONS: c_int = 10;
        // SAFETY: a live SSL; the control only reads.
        let n = unsafe {
            sys::SSL_ctrl(
                self.ssl_ptr(),
                SSL_CTRL_GET_NUM_RENEGOTIATIONS,
                0,
                ptr::null_mut(),
            )
        };
        usize::try_from(n).unwrap_or(0)
    }

    /// Server side with break-on-client-auth: OpenSSL cannot pause a server after the
    /// client's certificate, so the break comes once the handshake is done, before any data.
    fn client_auth_break(&mut self) -> Option<OSStatus> {
        let has_peer_cert = self.ssl.peer_certificate().is_some();
        self.shared_mut()
            .take_break(config::Options::BREAK_ON_CLIENT_AUTH, has_peer_cert)
            .then_some(errSSLClientAuthCompleted)
    }

    /// `SSLRead`: serves decrypted bytes, at most one new record per call.
    pub fn read(&mut self, buf: &mut [u8]) -> (usize, Result<()>) {
        match self.state {
            State::Closed => return (0, Err(Error::from_code(errSSLClosedGraceful))),
            State::Aborted => return (0, Err(Error::from_code(errSSLClosedAbort))),
            State::NoNotify => return (0, Err(Error::from_code(errSSLClosedNoNotify))),
            State::Idle | State::Handshake => {
                if let Err(e) = self.handshake() {
                    return (0, Err(e));
                }
            }
            State::Connected => {}
        }
        // A blocked flush does not stop a read.
        if let Err(e) = self.flush() {
            if e.code() != errSSLWouldBlock {
                return (0, Err(e));
            }
        }
        if buf.is_empty() {
            return (0, Ok(()));
        }
        let buffered = self.leftover();
        let (n, result) = self.read_record(buf);
        if result.is_ok() && buffered > 0 && n == buffered && n < buf.len() {
            // Leftover bytes of an earlier record were served; Apple reads one more record.
            let (more, result) = self.read_record(&mut buf[n..]);
            return (n + more, result);
        }
        (n, result)
    }

    fn read_record(&mut self, buf: &mut [u8]) -> (usize, Result<()>) {
        // A DTLS peer may still wait for our last flight again.
        self.retransmit_if_due();
        self.shared_mut().io.forget_failures();
        let mut n = 0;
        // SAFETY: `buf` is valid for `buf.len()` bytes.
        let ret =
            unsafe { sys::SSL_read_ex(self.ssl_ptr(), buf.as_mut_ptr().cast(), buf.len(), &mut n) };
        self.record_may_have_more = ret == 1 && n == buf.len();
        if ret == 1 {
            return (n, Ok(()));
        }
        let error = self.record_error(ret);
        let masked_close = matches!(error, sys::SSL_ERROR_SSL | sys::SSL_ERROR_SYSCALL)
            && self.peer_sent_close_notify();
        if error == sys::SSL_ERROR_ZERO_RETURN || masked_close {
            self.peer_closed();
            return (0, Err(Error::from_code(errSSLClosedGraceful)));
        }
        (0, Err(Error::from_code(self.fail(error))))
    }

    /// The peer's close_notify arrived: answer it, as Apple does, and end the session.
    fn peer_closed(&mut self) {
        // SAFETY: a live SSL.
        quietly(|| unsafe { sys::SSL_shutdown(self.ssl_ptr()) });
        let _ = self.shared_mut().io.flush();
        self.state = State::Closed;
    }

    /// `SSLWrite`: takes all of `data` into the write queue, then flushes what it can.
    /// Returns how many bytes were taken (all or none) with the flush's status.
    pub fn write(&mut self, data: &[u8]) -> (usize, Result<()>) {
        match self.state {
            State::Closed => return (0, Err(Error::from_code(errSSLClosedGraceful))),
            State::Aborted | State::NoNotify => {
                return (0, Err(Error::from_code(errSSLClosedAbort)))
            }
            State::Idle => return (0, Err(Error::from_code(errSecBadReq))),
            State::Handshake => {
                if let Err(e) = self.handshake() {
                    return (0, Err(e));
                }
            }
            State::Connected => {}
        }
        if let Err(e) = self.flush() {
            return (0, Err(e));
        }
        // A datagram carries at most one record's worth; larger writes go out as several,
        // as Apple's record layer splits them.
        let chunk = self.datagram_write_size().unwrap_or(data.len()).max(1);
        for piece in data.chunks(chunk) {
            self.shared_mut().io.forget_failures();
            let mut n = 0;
            // SAFETY: `piece` is valid for `piece.len()` bytes.
            let ret = unsafe {
                sys::SSL_write_ex(self.ssl_ptr(), piece.as_ptr().cast(), piece.len(), &mut n)
            };
            if ret != 1 {
                // Apple queues all the records before the transport sees one, so a transport
                // failure comes from the flush, after every byte was taken.
                let taken = if self.shared().io.failure.is_some() {
                    data.len()
                } else {
                    0
                };
                return (
                    taken,
                    Err(Error::from_code(self.fail(self.record_error(ret)))),
                );
            }
        }
        (data.len(), self.flush())
    }

    /// `SSLClose`: sends close_notify (after a completed handshake) through the write queue.
    /// Transport errors of an already-closed connection are not reported.
    pub fn close(&mut self) -> Result<()> {
        if self.state == State::Connected {
            // SAFETY: a live SSL.
            quietly(|| unsafe { sys::SSL_shutdown(self.ssl_ptr()) });
        }
        self.state = State::Closed;
        match self.shared_mut().io.flush() {
            errSecSuccess | errSecIO | errSSLClosedGraceful | errSSLClosedNoNotify
            | errSSLClosedAbort => Ok(()),
            status => Err(Error::from_code(status)),
        }
    }

    /// `SSLSetError`: puts the session into an out-of-band error state: `SSLHandshake`
    /// returns `status` from then on, reads and writes `errSSLClosedAbort`.
    pub fn set_error(&mut self, status: OSStatus) -> Result<()> {
        log::debug!("SSLSetError({})", Error::from_code(status));
        self.state = State::Aborted;
        self.out_of_band_error = Some(status);
        Ok(())
    }

    /// `SSLGetBufferedReadSize`: decrypted bytes `read` can return without I/O.
    pub fn buffered_read_size(&self) -> usize {
        self.ssl.pending()
    }

    /// The same, for the read path: only a read that filled the caller's buffer can have
    /// left bytes of its record, so only then is OpenSSL asked.
    pub(crate) fn leftover(&self) -> usize {
        if self.record_may_have_more {
            self.ssl.pending()
        } else {
            0
        }
    }

    /// Flushes the write queue: `errSSLWouldBlock` while it cannot drain; a transport
    /// failure aborts the session.
    fn flush(&mut self) -> Result<()> {
        match self.shared_mut().io.flush() {
            errSecSuccess => Ok(()),
            errSSLWouldBlock => Err(Error::from_code(errSSLWouldBlock)),
            status => Err(Error::from_code(self.abort(status))),
        }
    }

    fn abort(&mut self, status: OSStatus) -> OSStatus {
        self.state = State::Aborted;
        status
    }

    /// `SSL_get_error` for an OpenSSL call that returned `ret`. Asked once per failure: each
    /// call walks this thread's error queue.
    fn ssl_error(&self, ret: c_int) -> c_int {
        // SAFETY: a live SSL.
        unsafe { sys::SSL_get_error(self.ssl_ptr(), ret) }
    }

    /// `SSL_get_error` for a failed `SSL_read_ex` or `SSL_write_ex`, without asking this
    /// thread's error queue in the common case. `SSL_get_error` trusts the queue first, so it
    /// needs the queue emptied before each call, and each look at the queue costs about a
    /// fifth of what a 1 KiB record costs the shim. Instead, a transport with nothing to read
    /// during this call while OpenSSL waits to read (`SSL_want`, reset by every read and
    /// write) is a would-block; only other failures ask `SSL_get_error`. Errors other code
    /// left on the queue stay there, and are not taken for this session's.
    fn record_error(&self, ret: c_int) -> c_int {
        // SAFETY: a live SSL; only its state is read.
        if self.shared().io.blocked && unsafe { ffi::SSL_want(self.ssl_ptr()) } == ffi::SSL_READING
        {
            return sys::SSL_ERROR_WANT_READ;
        }
        self.ssl_error(ret)
    }

    /// Whether the peer's close_notify ended the last read: a received alert outside a
    /// handshake (a fatal one puts the SSL back into its handshake states). For when errors
    /// other code left on this thread's queue made `SSL_get_error` report an error instead.
    fn peer_sent_close_notify(&self) -> bool {
        let ssl = self.ssl_ptr();
        // SAFETY: a live SSL; only its state is read.
        unsafe {
            sys::SSL_get_shutdown(ssl) & sys::SSL_RECEIVED_SHUTDOWN != 0
                && ffi::SSL_in_init(ssl) == 0
        }
    }

    /// Turns an OpenSSL call's failure (`error`, from [`Self::ssl_error`]) into Apple's code,
    /// moving the state as Apple does.
    fn fail(&mut self, error: c_int) -> OSStatus {
        let pause = match error {
            sys::SSL_ERROR_WANT_READ | sys::SSL_ERROR_WANT_WRITE => Some(errSSLWouldBlock),
            crate::ffi::SSL_ERROR_WANT_RETRY_VERIFY => Some(errSSLPeerAuthCompleted),
            sys::SSL_ERROR_WANT_X509_LOOKUP => Some(errSSLClientCertRequested),
            crate::ffi::SSL_ERROR_WANT_CLIENT_HELLO_CB => Some(errSSLClientHelloReceived),
            _ => None,
        };
        if let Some(code) = pause {
            // The flight OpenSSL just wrote must reach the peer before we wait.
            return match self.flush() {
                Err(e) if e.code() != errSSLWouldBlock => e.code(),
                _ => code,
            };
        }
        let shared = self.shared_mut();
        let cause = if let Some(failure) = shared.events.verify_failure.take() {
            Cause::Fatal(failure.ssl_status())
        } else {
            match shared.io.failure.take() {
                Some(errSSLClosedGraceful | errSSLClosedNoNotify) => {
                    openssl::error::ErrorStack::get();
                    Cause::Eof
                }
                Some(status) => {
                    openssl::error::ErrorStack::get();
                    Cause::Fatal(status)
                }
                None if error == sys::SSL_ERROR_ZERO_RETURN => Cause::Fatal(errSSLClosedAbort),
                None => errors::cause_from_queue(),
            }
        };
        // Best effort: the alert OpenSSL queued tells the peer why.
        let _ = self.shared_mut().io.flush();
        match cause {
            Cause::Eof if self.state == State::Connected => {
                self.state = State::NoNotify;
                errSSLClosedNoNotify
            }
            Cause::Eof => self.abort(errSSLClosedAbort),
            Cause::Fatal(status) => self.abort(status),
        }
    }
}

/// Runs an OpenSSL call whose failure the caller reports in its own terms, then drops what
/// the call queued, leaving what other code left on this thread's error queue.
fn quietly<T>(call: impl FnOnce() -> T) -> T {
    // SAFETY: thread-local queue operations; the mark set is the mark popped.
    unsafe {
        ffi::ERR_set_mark();
        let result = call();
        ffi::ERR_pop_to_mark();
        result
    }
}

/// Empties this thread's OpenSSL error queue, which `SSL_get_error` needs empty before a
/// handshake step. Peeking first is cheap; clearing an empty queue costs more.
fn clear_error_queue() {
    // SAFETY: thread-local queue operations.
    unsafe {
        if crate::ffi::ERR_peek_error() != 0 {
            sys::ERR_clear_error();
        }
    }
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("side", &self.protocol_side())
            .field("state", &self.state)
            .finish()
    }
}

impl Drop for Context {
    fn drop(&mut self) {
        // SAFETY: the SSL (and its BIO) goes first, then what its callbacks pointed at.
        unsafe {
            ManuallyDrop::drop(&mut self.ssl);
            drop(Box::from_raw(self.shared.as_ptr()));
        }
    }
}
