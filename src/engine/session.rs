//! The session state machine: Apple's session states, what each call does in each of them
//! (with Apple's result codes), and the calls that move a session along on its OpenSSL
//! `SSL`: handshake, renegotiation, read, write, close and `SSLSetError`.

use std::mem::ManuallyDrop;
use std::ptr::{self, NonNull};

use foreign_types::ForeignType;
use libc::c_int;
use openssl::ssl::{Ssl, SslOptions, SslRef, SslVersion};
use openssl_sys as sys;

use super::errors;
use super::io::{self, Io, Transport};
use super::settings::{Options, Settings};
use super::shared::{Events, Shared};
use super::{apply, datagram, readers, ssl_contexts};
use crate::base::{Error, Result};
use crate::ffi;
use crate::status::*;
use crate::types::{SessionState, SslConnectionType, SslProtocolSide};

/// Where the session is, finer than Apple's `SSLSessionState` where the result codes differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum State {
    Idle,
    Handshake,
    Connected,
    /// A handshake after the first one, asked for by either side: reads and writes carry it
    /// on (OpenSSL takes the peer's data between its messages).
    Renegotiating,
    /// `SSLClose` was called or the peer's close_notify arrived.
    Closed,
    /// A fatal error or `SSLSetError`.
    Aborted,
}

/// The calls whose result depends on the state before they touch OpenSSL.
#[derive(Clone, Copy, Debug)]
enum Call {
    Handshake,
    ReHandshake,
    Read,
    Write,
}

/// What a call does in a state before it touches OpenSSL.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    /// It fails at once with this code.
    Refuse(OSStatus),
    /// A handshake call in the idle state: the settings go to the `SSL`, the handshake begins.
    Start,
    /// A read or write: the handshake runs first (it may still be pending).
    HandshakeFirst,
    /// It goes ahead.
    Go,
}

impl State {
    /// `SSLGetSessionState`.
    pub(super) fn apple(self) -> SessionState {
        match self {
            State::Idle => SessionState::IDLE,
            State::Handshake | State::Renegotiating => SessionState::HANDSHAKE,
            State::Connected => SessionState::CONNECTED,
            State::Closed => SessionState::CLOSED,
            State::Aborted => SessionState::ABORTED,
        }
    }

    /// Whether configuration is refused (`errSecBadReq`): Apple counts every state but idle,
    /// closed and aborted as active.
    pub(super) fn is_active(self) -> bool {
        matches!(
            self,
            State::Handshake | State::Connected | State::Renegotiating
        )
    }

    /// What `call` does in this state; `out_of_band` is the status given to `SSLSetError`,
    /// which `SSLHandshake` returns from then on.
    #[inline]
    fn entry(self, call: Call, out_of_band: Option<OSStatus>) -> Entry {
        use Call::*;
        match (self, call) {
            (State::Connected, _)
            | (State::Handshake, Handshake)
            | (State::Renegotiating, Handshake | Read | Write) => Entry::Go,
            (State::Idle, Handshake) => Entry::Start,
            (State::Idle, Read) | (State::Handshake, Read | Write) => Entry::HandshakeFirst,
            (State::Idle | State::Handshake | State::Renegotiating, ReHandshake)
            | (State::Idle, Write) => Entry::Refuse(errSecBadReq),
            (State::Closed, _) => Entry::Refuse(errSSLClosedGraceful),
            (State::Aborted, Handshake) => Entry::Refuse(out_of_band.unwrap_or(errSSLClosedAbort)),
            (State::Aborted, _) => Entry::Refuse(errSSLClosedAbort),
        }
    }
}

/// OpenSSL's record buffers, about 34 KiB of a session's heap: given back while a stream
/// session is idle, made again by the next write or the next read that finds a record.
/// Idle means the handshake just ended, or a read found nothing twice with no record moving
/// in between; never while data flows, so a steady transfer allocates nothing per record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Buffers {
    /// In use; `moved`: a record moved since the last read that found nothing.
    InUse { moved: bool },
    /// Given back: a read first asks the transport whether anything came (`Io::probe`).
    Released,
}

/// The most plaintext one TLS record carries: a longer `SSLWrite` makes several records,
/// which go to the transport in one burst.
const RECORD_PLAINTEXT: usize = 16384;

/// One session on one OpenSSL `SSL`: its state, and the shared part its callbacks reach.
pub(super) struct Session {
    ssl: ManuallyDrop<Ssl>,
    shared: NonNull<Shared>,
    state: State,
    /// The status given to `SSLSetError`.
    out_of_band_error: Option<OSStatus>,
    /// The last read filled the caller's buffer, so its record may have bytes left: only
    /// then is `SSL_pending` worth asking (a read that stops short emptied its record).
    record_may_have_more: bool,
    /// kSSLSessionOptionSendOneByteRecord applies to the version agreed (see
    /// `splits_records`).
    one_byte_records: bool,
    buffers: Buffers,
    /// The last records written carried application data: no handshake since the last
    /// `SSLWrite` (after a close_notify nothing is written).
    data_written_last: bool,
}

// SAFETY: a session is used by one thread at a time (Apple's rule too), and nothing in it is
// tied to a thread: between calls it holds no Rust stream (a lent stream is gone when the
// call that lent it returns), and a C caller's connection value is opaque to us, handed to
// its callbacks on whichever thread calls in, as on Apple.
unsafe impl Send for Session {}

// SAFETY: a shared session is only read. Every change goes through `&mut self` (the state,
// the settings, the transport, the lent stream, the stream's error and panic slots, and all
// OpenSSL calls that run callbacks: handshake, read, write, close), so two threads holding
// `&Session` see no change while they do. What `&self` reaches is plain data (the state,
// `Shared`'s settings and events, read through `shared()`; the connection and `SSL` pointers
// copied as values, never followed) and OpenSSL's getters on the `SSL` through `&SslRef`,
// which the openssl crate makes `Sync` (it is for `&Ssl`). The fields that make the auto
// trait fail — the raw pointers to `Shared`, the `SSL` and a lent stream, and the stored
// panic payload — are followed or taken only by `&mut self` methods.
unsafe impl Sync for Session {}

impl Session {
    /// `SSLCreateContext`: a session for one side of a stream (TLS) or datagram (DTLS)
    /// connection.
    pub(super) fn new(side: SslProtocolSide, kind: SslConnectionType) -> Result<Session> {
        if side != SslProtocolSide::CLIENT && side != SslProtocolSide::SERVER {
            return Err(Error::from_code(errSecParam));
        }
        if kind != SslConnectionType::STREAM && kind != SslConnectionType::DATAGRAM {
            return Err(Error::from_code(errSecParam));
        }
        let ctx = ssl_contexts::shared(side, kind)?;
        // Not `Ssl::new`, which keeps a reference to the `SSL_CTX` in the SSL's ex-data for
        // the openssl crate's own callbacks (we install none that need it): ~100 bytes of
        // every session. The callbacks find the session through the SSL's BIO instead.
        // SAFETY: a live SSL_CTX; the new SSL is ours.
        let ssl = unsafe { sys::SSL_new(ctx.as_ptr()) };
        if ssl.is_null() {
            openssl::error::ErrorStack::get();
            return Err(Error::from_code(errSecAllocate));
        }
        // SAFETY: a new SSL we own.
        let mut ssl = unsafe { Ssl::from_ptr(ssl) };
        let shared = NonNull::from(Box::leak(Box::new(Shared {
            io: Io::new(kind == SslConnectionType::DATAGRAM),
            settings: Settings::new(side, kind),
            events: Events::default(),
        })));
        // SAFETY: `shared` is ours until drop; the BIO points at its `io`, which outlives the
        // SSL (see Drop), and through it OpenSSL's callbacks find the rest (`callbacks`).
        unsafe {
            let bio = io::new_bio(ptr::addr_of_mut!((*shared.as_ptr()).io));
            if bio.is_null() {
                drop(Box::from_raw(shared.as_ptr()));
                return Err(Error::from_code(errSecAllocate));
            }
            sys::SSL_set_bio(ssl.as_ptr(), bio, bio);
            (*shared.as_ptr()).io.ssl = ssl.as_ptr();
        }
        if side == SslProtocolSide::CLIENT {
            ssl.set_connect_state();
        } else {
            ssl.set_accept_state();
        }
        Ok(Session {
            ssl: ManuallyDrop::new(ssl),
            shared,
            state: State::Idle,
            out_of_band_error: None,
            record_may_have_more: false,
            one_byte_records: false,
            buffers: Buffers::InUse { moved: true },
            data_written_last: false,
        })
    }

    /// The state shared with OpenSSL's callbacks. Never held across a call into OpenSSL.
    pub(super) fn shared(&self) -> &Shared {
        // SAFETY: owned by `self`; callbacks only run inside calls that take `&mut self`.
        unsafe { self.shared.as_ref() }
    }

    pub(super) fn shared_mut(&mut self) -> &mut Shared {
        // SAFETY: as above, and `&mut self` makes this the only reference.
        unsafe { self.shared.as_mut() }
    }

    pub(super) fn settings(&self) -> &Settings {
        &self.shared().settings
    }

    pub(super) fn settings_mut(&mut self) -> &mut Settings {
        &mut self.shared_mut().settings
    }

    /// The settings, if the session allows changing them: Apple refuses configuration
    /// changes while a session is active (`errSecBadReq`). The peer's trust, kept as parts
    /// that need the settings as they were, is made whole first.
    pub(super) fn configurable(&mut self) -> Result<&mut Settings> {
        if self.state.is_active() {
            return Err(Error::from_code(errSecBadReq));
        }
        self.shared_mut().peer_trust_made_whole();
        Ok(self.settings_mut())
    }

    pub(super) fn ssl(&self) -> &SslRef {
        &self.ssl
    }

    /// The `SSL` and the shared state at once, for carrying settings over to the `SSL`:
    /// none of the setters used for that runs a callback, which would alias `Shared`.
    pub(super) fn parts(&mut self) -> (&mut SslRef, &mut Shared) {
        // SAFETY: `Shared` is a separate allocation owned by the session, never reached
        // through `ssl` while the caller holds both (see above).
        (&mut self.ssl, unsafe { self.shared.as_mut() })
    }

    pub(super) fn state(&self) -> State {
        self.state
    }

    fn ssl_ptr(&self) -> *mut sys::SSL {
        self.ssl.as_ptr()
    }

    fn io(&mut self) -> &mut Io {
        &mut self.shared_mut().io
    }

    /// `SSLHandshake`: runs the handshake as far as the transport allows.
    pub(super) fn handshake(&mut self) -> Result<()> {
        match self.state.entry(Call::Handshake, self.out_of_band_error) {
            Entry::Refuse(code) => return Err(Error::from_code(code)),
            Entry::Start => self.start()?,
            Entry::HandshakeFirst | Entry::Go => {}
        }
        if self.state != State::Handshake {
            // Connected: a renegotiation may be pending (a server's HelloRequest went out).
            self.renegotiate()?;
            return self.flush();
        }
        {
            self.retransmit_if_due();
            self.io().forget_failures();
            errors::clear_queue();
            // SAFETY: a live SSL; callbacks reach `shared` only through raw pointers.
            let ret = self.in_one_burst(|s| unsafe { sys::SSL_do_handshake(s.ssl_ptr()) });
            if ret != 1 {
                return Err(Error::from_code(self.fail(self.ssl_error(ret))));
            }
            if let Some(code) = self.client_auth_break() {
                self.flush().ok();
                return Err(Error::from_code(code));
            }
            self.state = State::Connected;
            self.shared_mut().events.handshake_began = false;
            self.data_written_last = false;
            self.one_byte_records = self
                .settings()
                .options()
                .contains(Options::SEND_ONE_BYTE_RECORD)
                && !self.settings().is_datagram()
                && matches!(
                    self.ssl.version2(),
                    Some(SslVersion::SSL3 | SslVersion::TLS1)
                );
        }
        let flushed = self.flush();
        self.release_buffers();
        flushed
    }

    /// Carries the settings over to the `SSL` and enters the handshake.
    fn start(&mut self) -> Result<()> {
        if matches!(self.shared().io.transport, Transport::Unset) {
            log::warn!("SSLHandshake called before SSLSetIOFuncs");
            return Err(Error::from_code(errSecBadReq));
        }
        let (ssl, shared) = self.parts();
        shared.settings.ready_for_handshake()?;
        apply::handshake_start(ssl, &shared.settings)?;
        shared.events = Events::default();
        self.state = State::Handshake;
        Ok(())
    }

    /// `SSLReHandshake`: starts a renegotiation of a connected TLS 1.2 (or older) session;
    /// `SSLHandshake` or `SSLRead` then carry it out, as on Apple. A server sends a
    /// HelloRequest, a client a new ClientHello. TLS 1.3 has no renegotiation:
    /// `errSecBadReq`, as for any state but connected.
    pub(super) fn re_handshake(&mut self) -> Result<()> {
        if let Entry::Refuse(code) = self.state.entry(Call::ReHandshake, self.out_of_band_error) {
            return Err(Error::from_code(code));
        }
        if self.ssl.version2() == Some(SslVersion::TLS1_3) {
            log::warn!("SSLReHandshake: TLS 1.3 has no renegotiation");
            return Err(Error::from_code(errSecBadReq));
        }
        // OpenSSL will not ask while it refuses the peer's asking (a server without
        // kSSLSessionOptionAllowRenegotiation); it takes the answer to its own request
        // either way, where Apple's server refuses that too (README: behaviour).
        let refusing = self.settings().is_server()
            && !self
                .settings()
                .options()
                .contains(Options::ALLOW_RENEGOTIATION);
        if refusing {
            log::info!(
                "SSLReHandshake on a server without kSSLSessionOptionAllowRenegotiation: \
                 Apple would refuse the client's answer, OpenSSL takes it"
            );
        }
        ffi::set_ssl_options(&mut self.ssl, SslOptions::NO_RENEGOTIATION, false);
        // SAFETY: a live SSL.
        let ok = errors::quietly(|| unsafe { ffi::SSL_renegotiate(self.ssl_ptr()) });
        ffi::set_ssl_options(&mut self.ssl, SslOptions::NO_RENEGOTIATION, refusing);
        if ok != 1 {
            log::warn!("SSLReHandshake: OpenSSL refused to renegotiate");
            return Err(Error::from_code(errSSLInternal));
        }
        // The next read or handshake call sends the request.
        self.buffers = Buffers::InUse { moved: true };
        // A client's new ClientHello starts the handshake (Apple: kSSLHandshake at once); a
        // server stays connected until the client answers its HelloRequest.
        if !self.settings().is_server() {
            self.state = State::Renegotiating;
        }
        Ok(())
    }

    /// Carries a pending renegotiation on, as coreTLS's SSLHandshake after SSLReHandshake
    /// runs the new handshake to its end: `SSL_do_handshake` sends what is due (a server's
    /// HelloRequest) and runs the handshake while OpenSSL is in it; a server waiting for the
    /// client's answer reads it with a peek, which leaves application data where it is.
    fn renegotiate(&mut self) -> Result<()> {
        if !self.renegotiation_pending() {
            // One that ended inside an SSLRead may have left the state behind.
            self.follow_renegotiation();
            return Ok(());
        }
        self.io().forget_failures();
        errors::clear_queue();
        self.buffers = Buffers::InUse { moved: true };
        // SAFETY: a live SSL.
        let ret = self.in_one_burst(|s| unsafe { sys::SSL_do_handshake(s.ssl_ptr()) });
        if ret != 1 {
            return Err(Error::from_code(self.fail(self.ssl_error(ret))));
        }
        if self.renegotiation_pending() {
            let (mut byte, mut n) = (0u8, 0);
            // SAFETY: `byte` has room for one byte.
            let ret = unsafe {
                sys::SSL_peek_ex(self.ssl_ptr(), (&mut byte as *mut u8).cast(), 1, &mut n)
            };
            if ret != 1 {
                return Err(Error::from_code(self.fail(self.ssl_error(ret))));
            }
            self.follow_renegotiation();
            if self.renegotiation_pending() {
                // Apple's SSLHandshake takes this record for a handshake message and fails
                // (tls_handshake_process: not a protocol message); here the data stays for
                // SSLRead, which carries the renegotiation on.
                log::info!("SSLHandshake: application data came before the renegotiation");
                return Err(Error::from_code(errSSLProtocol));
            }
        }
        self.follow_renegotiation();
        Ok(())
    }

    /// Whether OpenSSL has a renegotiation asked for or under way.
    fn renegotiation_pending(&self) -> bool {
        // SAFETY: a live SSL; its state is read only.
        unsafe {
            ffi::SSL_renegotiate_pending(self.ssl_ptr()) != 0
                || ffi::SSL_in_init(self.ssl_ptr()) != 0
        }
    }

    /// Moves a connected session into a renegotiation OpenSSL entered (either side's), and
    /// back out once it is over.
    fn follow_renegotiation(&mut self) {
        // SAFETY: a live SSL; its state is read only.
        let in_init = unsafe { ffi::SSL_in_init(self.ssl_ptr()) } != 0;
        let ended = !in_init && !self.renegotiation_pending();
        self.state = match self.state {
            State::Connected if in_init => State::Renegotiating,
            State::Connected | State::Renegotiating if ended => {
                self.shared_mut().events.handshake_began = false;
                // The renegotiation's records came last.
                self.data_written_last = false;
                State::Connected
            }
            state => state,
        };
    }

    /// Server side with break-on-client-auth: OpenSSL cannot pause a server after the
    /// client's certificate, so the break comes once the handshake is done, before any data.
    fn client_auth_break(&mut self) -> Option<OSStatus> {
        let has_peer_cert = self.ssl.peer_certificate().is_some();
        self.shared_mut()
            .take_break(Options::BREAK_ON_CLIENT_AUTH, has_peer_cert)
            .then_some(errSSLClientAuthCompleted)
    }

    /// `SSLRead`: serves decrypted bytes, at most one new record per call.
    pub(super) fn read(&mut self, buf: &mut [u8]) -> (usize, Result<()>) {
        match self.state.entry(Call::Read, self.out_of_band_error) {
            Entry::Refuse(code) => return (0, Err(Error::from_code(code))),
            Entry::HandshakeFirst => {
                if let Err(e) = self.handshake() {
                    return (0, Err(e));
                }
            }
            Entry::Start | Entry::Go => {}
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
        self.io().forget_failures();
        // (A renegotiation asked for has a message to send first.)
        if self.buffers == Buffers::Released && self.state == State::Connected && !self.wake() {
            return (0, Err(Error::from_code(errSSLWouldBlock)));
        }
        let mut n = 0;
        // SAFETY: `buf` is valid for `buf.len()` bytes.
        let ret =
            unsafe { sys::SSL_read_ex(self.ssl_ptr(), buf.as_mut_ptr().cast(), buf.len(), &mut n) };
        self.record_may_have_more = ret == 1 && n == buf.len();
        if ret == 1 {
            self.buffers = Buffers::InUse { moved: true };
            if self.state == State::Renegotiating {
                self.follow_renegotiation();
            }
            return (n, Ok(()));
        }
        let error = self.record_error(ret);
        let masked_close = matches!(error, sys::SSL_ERROR_SSL | sys::SSL_ERROR_SYSCALL)
            && self.peer_sent_close_notify();
        if error == sys::SSL_ERROR_ZERO_RETURN || masked_close {
            self.peer_closed();
            return (0, Err(Error::from_code(errSSLClosedGraceful)));
        }
        let code = self.fail(error);
        if code == errSSLWouldBlock && self.state == State::Connected {
            self.found_nothing();
        }
        (0, Err(Error::from_code(code)))
    }

    /// An idle session's read: whether anything came (`Io::probe`), the buffers then in use.
    #[cold]
    fn wake(&mut self) -> bool {
        let woken = self.io().probe();
        if woken {
            self.buffers = Buffers::InUse { moved: true };
        }
        woken
    }

    /// A read found nothing to read: the second time in a row with no record moving in
    /// between, the session is idle and gives its buffers back.
    fn found_nothing(&mut self) {
        match self.buffers {
            Buffers::InUse { moved: true } => self.buffers = Buffers::InUse { moved: false },
            Buffers::InUse { moved: false } | Buffers::Released => self.release_buffers(),
        }
    }

    /// Gives OpenSSL's record buffers and the write queue's spare room back (stream
    /// contexts; OpenSSL refuses while a buffer holds part of a record).
    fn release_buffers(&mut self) {
        if self.settings().is_datagram() {
            return;
        }
        // SAFETY: a live SSL, between calls into it.
        if unsafe { ffi::SSL_free_buffers(self.ssl_ptr()) } == 1 {
            self.buffers = Buffers::Released;
            self.io().release_buffers();
        }
    }

    /// Runs `call` with the records it makes held in the write queue, so that they reach
    /// the transport in one write callback call (see `io`).
    fn in_one_burst<T>(&mut self, call: impl FnOnce(&mut Session) -> T) -> T {
        self.io().hold_writes = true;
        let result = call(self);
        self.io().hold_writes = false;
        result
    }

    /// The peer's close_notify arrived: answer it, as Apple does, and end the session.
    fn peer_closed(&mut self) {
        // SAFETY: a live SSL.
        errors::quietly(|| unsafe { sys::SSL_shutdown(self.ssl_ptr()) });
        let _ = self.io().flush();
        self.state = State::Closed;
        self.release_buffers();
    }

    /// `SSLWrite`: takes all of `data` into the write queue, then flushes what it can.
    /// Returns how many bytes were taken (all or none) with the flush's status.
    pub(super) fn write(&mut self, data: &[u8]) -> (usize, Result<()>) {
        match self.state.entry(Call::Write, self.out_of_band_error) {
            Entry::Refuse(code) => return (0, Err(Error::from_code(code))),
            Entry::HandshakeFirst => {
                if let Err(e) = self.handshake() {
                    return (0, Err(e));
                }
            }
            Entry::Start | Entry::Go => {}
        }
        if let Err(e) = self.flush() {
            return (0, Err(e));
        }
        if self.splits_records(data.len()) {
            return self.write_split(data);
        }
        // A datagram carries at most one record's worth; larger writes go out as several,
        // as Apple's record layer splits them.
        let chunk = self
            .settings()
            .datagram_write_size()
            .unwrap_or(data.len())
            .max(1);
        let write_all = |s: &mut Session| {
            data.chunks(chunk)
                .find_map(|piece| s.write_record(piece, data.len()))
        };
        // A write of one record goes straight to the transport, uncopied.
        let failed = if data.len() > RECORD_PLAINTEXT {
            self.in_one_burst(write_all)
        } else {
            write_all(self)
        };
        if let Some(failed) = failed {
            return failed;
        }
        // (An empty write writes no record, as Apple's skips them.)
        self.data_written_last |= !data.is_empty();
        (data.len(), self.flush())
    }

    /// `SSLWrite` of the 1/n-1 split: both records reach the write callback together, as
    /// Apple queues a write's records before sending them (no Nagle stall between them).
    #[cold]
    fn write_split(&mut self, data: &[u8]) -> (usize, Result<()>) {
        let (first, rest) = data.split_at(1);
        let failed = self.in_one_burst(|s| {
            [first, rest]
                .into_iter()
                .find_map(|piece| s.write_record(piece, data.len()))
        });
        failed.unwrap_or_else(|| (data.len(), self.flush()))
    }

    /// One `SSL_write_ex` of a write of `total` bytes; on failure what `SSLWrite` returns.
    fn write_record(&mut self, piece: &[u8], total: usize) -> Option<(usize, Result<()>)> {
        self.io().forget_failures();
        self.buffers = Buffers::InUse { moved: true };
        let mut n = 0;
        // SAFETY: `piece` is valid for `piece.len()` bytes.
        let ret = unsafe {
            sys::SSL_write_ex(self.ssl_ptr(), piece.as_ptr().cast(), piece.len(), &mut n)
        };
        if ret == 1 {
            return None;
        }
        // Apple queues all the records before the transport sees one, so a transport
        // failure comes from the flush, after every byte was taken.
        let taken = if self.shared().io.write_failure.is_some() {
            total
        } else {
            0
        };
        Some((
            taken,
            Err(Error::from_code(self.fail(self.record_error(ret)))),
        ))
    }

    /// Apple's 1/n-1 split against BEAST (coreTLS tls_record.c, `tls_record_encrypt`): with
    /// kSSLSessionOptionSendOneByteRecord, on SSL 3.0 and TLS 1.0 with a block cipher, a
    /// write's first byte goes in a record of its own — but only when the last record
    /// written carried application data (`firstDataRecordEncrypted`: the first write after
    /// a handshake is not split), and a 1-byte write is one record either way.
    fn splits_records(&self, len: usize) -> bool {
        self.one_byte_records
            && len > 1
            && self.data_written_last
            && readers::block_cipher(&self.ssl)
    }

    /// `SSLClose`: sends close_notify through the write queue, in any state once the version
    /// is known, as coreTLS's `tls_handshake_close` does. Transport errors of an
    /// already-closed connection are not reported.
    pub(super) fn close(&mut self) -> Result<()> {
        if self.state.is_active() {
            // SAFETY: a live SSL; only its state is read.
            if unsafe { ffi::SSL_in_init(self.ssl_ptr()) } == 0 {
                // SAFETY: a live SSL.
                errors::quietly(|| unsafe { sys::SSL_shutdown(self.ssl_ptr()) });
            } else {
                self.close_mid_handshake();
            }
        }
        self.state = State::Closed;
        let flushed = self.io().flush();
        self.release_buffers();
        match flushed {
            errSecSuccess | errSecIO | errSSLClosedGraceful | errSSLClosedNoNotify
            | errSSLClosedAbort => Ok(()),
            status => Err(Error::from_code(status)),
        }
    }

    /// A close_notify mid-handshake, which OpenSSL refuses to send. While everything we sent
    /// went out in the clear, so does coreTLS's alert (its write cipher is still the null
    /// one): the engine writes it. Once our records are protected only OpenSSL could, and
    /// nothing is sent (README: behaviour).
    fn close_mid_handshake(&mut self) {
        const ALERT: u8 = 21;
        const WARNING: u8 = 1;
        const CLOSE_NOTIFY: u8 = 0;
        let Some(version) = readers::clear_close_notify_version(&self.ssl) else {
            log::info!(
                "SSLClose mid-handshake: no version agreed yet, no close_notify (as coreTLS)"
            );
            return;
        };
        if self.settings().is_datagram() || !self.shared().io.written.unprotected() {
            log::warn!(
                "SSLClose mid-handshake: our records are protected and OpenSSL sends no alert \
                 during a handshake: no close_notify"
            );
            return;
        }
        let [high, low] = version.to_be_bytes();
        self.io()
            .write_record(&[ALERT, high, low, 0, 2, WARNING, CLOSE_NOTIFY]);
    }

    /// `SSLSetError`: puts the session into an out-of-band error state: `SSLHandshake`
    /// returns `status` from then on, reads and writes `errSSLClosedAbort`.
    pub(super) fn set_error(&mut self, status: OSStatus) {
        log::debug!("SSLSetError({})", Error::from_code(status));
        self.state = State::Aborted;
        self.out_of_band_error = Some(status);
    }

    /// Decrypted bytes a read can return without I/O, for the read path: only a read that
    /// filled the caller's buffer can have left bytes of its record, so only then is OpenSSL
    /// asked.
    #[inline]
    pub(super) fn leftover(&self) -> usize {
        if self.record_may_have_more {
            self.ssl.pending()
        } else {
            0
        }
    }

    /// Flushes the write queue: `errSSLWouldBlock` while it cannot drain; a transport
    /// failure aborts the session.
    fn flush(&mut self) -> Result<()> {
        match self.io().flush() {
            errSecSuccess => Ok(()),
            errSSLWouldBlock => Err(Error::from_code(errSSLWouldBlock)),
            status => Err(Error::from_code(self.abort(status))),
        }
    }

    fn abort(&mut self, status: OSStatus) -> OSStatus {
        self.state = State::Aborted;
        status
    }

    /// Retransmits a DTLS session's last flight if its timer ran out.
    fn retransmit_if_due(&mut self) {
        if self.settings().is_datagram() {
            datagram::retransmit_if_due(&mut self.ssl);
        }
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
    #[inline]
    fn fail(&mut self, error: c_int) -> OSStatus {
        // The common case first (every read that drains the transport ends in it): nothing
        // more to read, nothing went wrong, no handshake began.
        let shared = self.shared();
        let quiet = shared.io.read_failure.is_none()
            && shared.io.write_failure.is_none()
            && !shared.events.handshake_began;
        if quiet && matches!(error, sys::SSL_ERROR_WANT_READ | sys::SSL_ERROR_WANT_WRITE) {
            return self.paused(errSSLWouldBlock);
        }
        self.fail_otherwise(error)
    }

    /// `fail` for everything but a quiet would-block.
    fn fail_otherwise(&mut self, error: c_int) -> OSStatus {
        if let Some(status) = self.io().read_failure.take() {
            // What OpenSSL made of it (its own view of a header) is not the session's answer.
            openssl::error::ErrorStack::get();
            return self.read_failed(status);
        }
        let pause = match error {
            sys::SSL_ERROR_WANT_READ | sys::SSL_ERROR_WANT_WRITE => Some(errSSLWouldBlock),
            ffi::SSL_ERROR_WANT_RETRY_VERIFY => Some(errSSLPeerAuthCompleted),
            sys::SSL_ERROR_WANT_X509_LOOKUP => Some(errSSLClientCertRequested),
            ffi::SSL_ERROR_WANT_CLIENT_HELLO_CB => Some(errSSLClientHelloReceived),
            _ => None,
        };
        if let Some(code) = pause {
            if let Some(status) = self.io().write_failure.take() {
                // The write queue failed to drain before a read (see `io`).
                return self.abort(status);
            }
            let began = self.state == State::Connected && self.shared().events.handshake_began;
            if began || self.state == State::Renegotiating {
                // The peer started a renegotiation inside SSL_read or SSL_write, or one
                // ended there.
                self.follow_renegotiation();
            }
            return self.paused(code);
        }
        // Every trust failure is errSSLXCertChainInvalid, as in Apple's sslVerifyCertChain;
        // the detail is in the peer's trust.
        let code = if std::mem::take(&mut self.shared_mut().events.chain_rejected) {
            errSSLXCertChainInvalid
        } else {
            let write_failure = self.io().write_failure.take();
            match (errors::cause_from_queue(), write_failure) {
                (Some(_), _) if self.record_too_short() => errSSLClosedAbort,
                // The record error OpenSSL was sending an alert about when the transport
                // failed: the failed alert does not replace it.
                (Some(code), _) if code != errSSLCrypto => code,
                (_, Some(status)) => status,
                (Some(code), None) => code,
                (None, None) => return self.ended_without_error(),
            }
        };
        // Best effort: the alert OpenSSL queued tells the peer why.
        let _ = self.io().flush();
        self.abort(code)
    }

    /// A pause (`code`: would-block or a break): the flight OpenSSL just wrote must reach
    /// the peer before we wait.
    fn paused(&mut self, code: OSStatus) -> OSStatus {
        match self.flush() {
            Err(e) if e.code() != errSSLWouldBlock => e.code(),
            _ => code,
        }
    }

    /// Whether the record OpenSSL just failed was too short to decrypt, which Apple's record
    /// layer reports as errSSLClosedAbort whatever OpenSSL found (see
    /// `readers::shortest_decryptable`).
    fn record_too_short(&self) -> bool {
        self.state == State::Connected
            && !self.settings().is_datagram()
            && readers::shortest_decryptable(&self.ssl)
                .is_some_and(|shortest| self.shared().io.last_record_body() <= shortest)
    }

    /// A transport failure in Apple's terms (see `io`): the end of the stream inside a record
    /// body leaves a connected session as it was, as Apple's SSLRead does for
    /// errSSLClosedGraceful and errSSLClosedNoNotify; anything else aborts it.
    fn read_failed(&mut self, status: OSStatus) -> OSStatus {
        match status {
            errSSLClosedGraceful | errSSLClosedNoNotify
                if matches!(self.state, State::Connected | State::Renegotiating) =>
            {
                status
            }
            _ => self.abort(status),
        }
    }

    /// OpenSSL stopped with nothing to say: the peer's close_notify arrived (during a
    /// handshake: coreTLS reports errSSLClosedGraceful for it, and answers), or nothing did.
    fn ended_without_error(&mut self) -> OSStatus {
        // SAFETY: a live SSL; only its state is read.
        let received =
            unsafe { sys::SSL_get_shutdown(self.ssl_ptr()) } & sys::SSL_RECEIVED_SHUTDOWN;
        if received != 0 {
            // coreTLS answers it (SSLProcessAlert calls tls_handshake_close).
            self.close_mid_handshake();
            let _ = self.io().flush();
            self.state = State::Closed;
            return errSSLClosedGraceful;
        }
        self.abort(errSSLClosedAbort)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // SAFETY: the SSL (and its BIO) goes first, then what its callbacks pointed at.
        unsafe {
            ManuallyDrop::drop(&mut self.ssl);
            drop(Box::from_raw(self.shared.as_ptr()));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::session::*;

    /// Every state, the aborted one with and without an `SSLSetError` status.
    const STATES: [(State, Option<OSStatus>); 6] = [
        (State::Idle, None),
        (State::Handshake, None),
        (State::Connected, None),
        (State::Closed, None),
        (State::Aborted, None),
        (State::Aborted, Some(-1234)),
    ];

    #[test]
    fn states_read_as_apples_session_states() {
        let apple: Vec<SessionState> = STATES.iter().map(|(s, _)| s.apple()).collect();
        assert_eq!(
            apple,
            [
                SessionState::IDLE,
                SessionState::HANDSHAKE,
                SessionState::CONNECTED,
                SessionState::CLOSED,
                SessionState::ABORTED,
                SessionState::ABORTED,
            ]
        );
        // Configuration is refused while active.
        let active: Vec<bool> = STATES.iter().map(|(s, _)| s.is_active()).collect();
        assert_eq!(active, [false, true, true, false, false, false]);
    }

    /// Apple's codes per state (sslTransport.c, summarized in the reference's behaviour.md):
    /// after a graceful close reads and writes get `errSSLClosedGraceful`, after an error
    /// `errSSLClosedAbort`;
    /// `SSLWrite` before any handshake `errSecBadReq`; reads and writes run a pending
    /// handshake first; `SSLSetError`'s status is what `SSLHandshake` returns.
    #[test]
    fn each_call_meets_apples_code_for_the_state() {
        use Entry::*;
        let table = [
            (
                Call::Handshake,
                [
                    Start,
                    Go,
                    Go,
                    Refuse(errSSLClosedGraceful),
                    Refuse(errSSLClosedAbort),
                    Refuse(-1234),
                ],
            ),
            (
                Call::Read,
                [
                    HandshakeFirst,
                    HandshakeFirst,
                    Go,
                    Refuse(errSSLClosedGraceful),
                    Refuse(errSSLClosedAbort),
                    Refuse(errSSLClosedAbort),
                ],
            ),
            (
                Call::Write,
                [
                    Refuse(errSecBadReq),
                    HandshakeFirst,
                    Go,
                    Refuse(errSSLClosedGraceful),
                    Refuse(errSSLClosedAbort),
                    Refuse(errSSLClosedAbort),
                ],
            ),
            (
                Call::ReHandshake,
                [
                    Refuse(errSecBadReq),
                    Refuse(errSecBadReq),
                    Go,
                    Refuse(errSSLClosedGraceful),
                    Refuse(errSSLClosedAbort),
                    Refuse(errSSLClosedAbort),
                ],
            ),
        ];
        for (call, expected) in table {
            for ((state, set_error), expected) in STATES.into_iter().zip(expected) {
                let entry = state.entry(call, set_error);
                assert_eq!(entry, expected, "{call:?} in {state:?} ({set_error:?})");
            }
        }
    }
}
