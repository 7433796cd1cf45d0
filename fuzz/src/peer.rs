//! One of our contexts (client or server, TLS or DTLS) against a peer made of the fuzz input.
//!
//! Input layout, shared by `peer_bytes_stream` and `peer_bytes_datagram`:
//!
//! - byte 0, [`Setup`]: which side we are and how the context is configured;
//! - byte 1, the transport schedule: 0 is a kind transport; any other value seeds short
//!   reads and writes and `errSSLWouldBlock` stalls, and its low bit picks how the input
//!   ends: with an EOF (`errSSLClosedGraceful` from the read callback) or with endless
//!   `errSSLWouldBlock`;
//! - the rest, what the peer sends: the bytes themselves on a stream; on datagrams, each
//!   datagram as a 2-byte big-endian length and its bytes.
//!
//! The seeds are flights recorded from our own peer (`examples/record_seeds.rs`); with
//! [`random`](crate::random) they replay to a finished handshake and beyond.

use libc::c_void;
use secure_transport::engine::{Context, SslConnectionRef};
use secure_transport::secure_transport::{
    SessionState, SslAuthenticate, SslConnectionType, SslProtocol, SslProtocolSide,
    SslSessionOption,
};
use secure_transport::status::*;
use secure_transport::{OSStatus, Result};

use secure_transport_test_kit::code;
use secure_transport_test_kit::wire::{self, End, Faults, Mode};

use crate::{check, fixture, random};

/// Most `errSSLWouldBlock` stalls the transport makes in one run.
const MAX_STALLS: usize = 24;
/// Read callback calls that find the input used up before a driver stops waiting.
const MAX_STARVED: usize = 6;
/// Calls a driver makes in one phase at most (the input bounds them long before).
const MAX_CALLS: usize = 10_000;
/// The hello cookie of DTLS servers that ask for one.
pub const COOKIE: &[u8] = b"fuzz-cookie";
/// What each side writes once connected.
pub const MESSAGE: &[u8] = b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";

/// The first input byte: side and configuration.
#[derive(Clone, Copy, Debug)]
pub struct Setup(pub u8);

impl Setup {
    fn bit(self, n: u8) -> bool {
        self.0 & (1 << n) != 0
    }

    /// Bit 0: server (1) or client (0).
    pub fn side(self) -> SslProtocolSide {
        if self.bit(0) {
            SslProtocolSide::SERVER
        } else {
            SslProtocolSide::CLIENT
        }
    }

    /// The same configuration for the other side.
    pub fn peer(self) -> Setup {
        Setup(self.0 ^ 1)
    }

    /// Bit 7: the handshake is driven by `SSLRead` instead of `SSLHandshake`.
    fn handshake_by_read(self) -> bool {
        self.bit(7)
    }

    /// Applies bits 1–6 to a new context.
    fn configure(self, ctx: &mut Context, kind: SslConnectionType) -> Result<()> {
        let client = self.side() == SslProtocolSide::CLIENT;
        let datagram = kind == SslConnectionType::DATAGRAM;
        // Always: without tickets a TLS 1.2 server caches each session under an ID drawn
        // from the deterministic stream, the next run draws the same ID, OpenSSL sees it
        // taken and draws again, and the replay of a recorded flight no longer matches.
        ctx.set_session_tickets_enabled(true)?;
        // Always: the suites the seeds were recorded with (a client's defaults now leave
        // DHE out, as Apple's; a different ClientHello would no longer match them).
        ctx.set_dhe_enabled(true)?;
        // Bits 1–2: the protocol range (TLS 1.3 asked for: contexts stop at TLS 1.2 unless
        // asked, as Apple's do).
        match ((self.0 >> 1) & 3, datagram) {
            (0, false) => ctx.set_protocol_version_max(SslProtocol::TLS13)?,
            (1, false) => ctx.set_protocol_version_max(SslProtocol::TLS12)?,
            (2, false) => {
                ctx.set_protocol_version_max(SslProtocol::TLS11)?;
                ctx.set_protocol_version_min(SslProtocol::TLS1)?;
            }
            (3, false) => ctx.set_protocol_version_min(SslProtocol::TLS13)?,
            (1, true) => ctx.set_protocol_version_max(SslProtocol::DTLS1)?,
            (2, true) => ctx.set_protocol_version_min(SslProtocol::DTLS1)?,
            _ => {}
        }
        // Bit 3: break where the caller may judge (the driver goes on each time).
        let pause = if client {
            SslSessionOption::BREAK_ON_SERVER_AUTH
        } else {
            SslSessionOption::BREAK_ON_CLIENT_HELLO
        };
        ctx.set_session_option(pause, self.bit(3))?;
        // Bit 4: client certificates, required by the server.
        if client {
            ctx.set_trusted_roots(&[fixture::ca()], true)?;
            ctx.set_peer_domain_name(Some(b"localhost"))?;
            if self.bit(4) {
                ctx.set_certificate(Some(fixture::identity()), vec![])?;
            }
        } else {
            ctx.set_certificate(Some(fixture::identity()), vec![fixture::ca()])?;
            if self.bit(4) {
                ctx.set_trusted_roots(&[fixture::ca()], true)?;
                ctx.set_client_side_authenticate(SslAuthenticate::ALWAYS)?;
            }
        }
        // Bit 5: ALPN.
        if self.bit(5) {
            ctx.set_alpn_protocols(&[b"h2", b"http/1.1"])?;
        }
        // Bit 6: renegotiation accepted (TLS), the hello cookie (DTLS server).
        if self.bit(6) {
            if !datagram {
                ctx.set_session_option(SslSessionOption::ALLOW_RENEGOTIATION, true)?;
            } else if !client {
                ctx.set_datagram_hello_cookie(COOKIE)?;
            }
        }
        Ok(())
    }
}

/// What carries the bytes: an end of the test kit's wire. Its peer is the fuzz input
/// (injected up front), or the other end of an in-process pipe that a driver plays by hand
/// (what the end writes is taken off with [`Wire::take_sent`] and handed over with
/// [`Wire::deliver`]). Transparent, so that a `*mut Wire` is the end's connection for
/// [`read_cb`] and [`write_cb`].
#[repr(transparent)]
pub struct Wire(End);

/// The transport faults of schedule byte `schedule` (0: none), drawn from it as the seed:
/// short and one-byte transfers (a quarter each) and a bounded number of stalls.
fn faults(schedule: u8) -> Faults {
    if schedule == 0 {
        return Faults::NONE;
    }
    Faults {
        one_byte: 25,
        partial: 33,
        would_block: 17,
        max_stalls: MAX_STALLS,
        ..Faults::NONE
    }
}

impl Wire {
    fn new(kind: SslConnectionType, schedule: u8) -> (Wire, End) {
        let mode = if kind == SslConnectionType::DATAGRAM {
            Mode::Datagram
        } else {
            Mode::Stream
        };
        let (end, peer) = wire::pair(mode);
        end.set_faults(faults(schedule), u64::from(schedule));
        (Wire(end), peer)
    }

    /// The transport of a fuzz run: `schedule` and the peer's `bytes` as the input has them.
    /// The peer hangs up after them (`errSSLClosedGraceful`) when the schedule's low bit is
    /// clear; otherwise reads would block forever.
    pub fn from_input(kind: SslConnectionType, schedule: u8, bytes: &[u8]) -> Wire {
        let (wire, peer) = Wire::new(kind, schedule);
        if kind == SslConnectionType::DATAGRAM {
            for datagram in split_datagrams(bytes) {
                wire.0.inject(&datagram);
            }
        } else {
            wire.0.inject(bytes);
        }
        if ends_with_eof(schedule) {
            peer.hang_up(errSSLClosedGraceful);
        }
        wire
    }

    /// One end of an in-process pipe whose other end the driver plays: it never ends.
    /// Schedule 0 records a peer's flights without faults.
    pub fn pipe_end(kind: SslConnectionType, schedule: u8) -> Wire {
        Wire::new(kind, schedule).0
    }

    /// Hands the context more of its peer's bytes (a datagram, or a stream chunk).
    pub fn deliver(&self, bytes: Vec<u8>) {
        self.0.inject(&bytes);
    }

    /// What the context wrote and nobody has taken yet: the datagrams, or the stream bytes.
    pub fn take_sent(&self) -> Vec<Vec<u8>> {
        self.0.take_output()
    }

    /// Whether a driver should stop waiting: the input is used up and no more will come.
    fn exhausted(&self) -> bool {
        self.0.stats().empty_reads >= MAX_STARVED
    }
}

/// The kit's read callback, for a [`Wire`] or NULL (the C ABI harness leaves contexts
/// without a connection): a NULL connection is a broken transport.
///
/// # Safety
/// `connection` is NULL or the address of a live [`Wire`]; `len` is valid for reads and
/// writes; `data` is valid for writes of `*len` bytes. (The engine calls it so: with the
/// connection given to `SSLSetConnection`, its own buffer and its own count of it.)
pub unsafe extern "C" fn read_cb(
    connection: SslConnectionRef,
    data: *mut c_void,
    len: *mut usize,
) -> OSStatus {
    if connection.is_null() {
        // SAFETY: `len` is valid for writes (# Safety).
        unsafe { *len = 0 };
        return errSecIO;
    }
    // SAFETY: `connection` is not NULL, so it is a live `Wire` (# Safety), and a
    // `#[repr(transparent)]` `Wire` is its `End` at the same address: the `End::connection`
    // of a live end, as the kit's callback requires; `data` and `len` are as it requires too.
    unsafe { wire::read_cb(connection, data, len) }
}

/// The kit's write callback, for a [`Wire`] or NULL, as [`read_cb`].
///
/// # Safety
/// `connection` is NULL or the address of a live [`Wire`]; `len` is valid for reads and
/// writes; `data` is valid for reads of `*len` bytes.
pub unsafe extern "C" fn write_cb(
    connection: SslConnectionRef,
    data: *const c_void,
    len: *mut usize,
) -> OSStatus {
    if connection.is_null() {
        // SAFETY: `len` is valid for writes (# Safety).
        unsafe { *len = 0 };
        return errSecIO;
    }
    // SAFETY: as in `read_cb`: a live `Wire` is the `End::connection` of a live end, and
    // `data` and `len` are as the kit's callback requires (# Safety).
    unsafe { wire::write_cb(connection, data, len) }
}

/// Whether the input of `schedule` ends with an EOF (else with endless `errSSLWouldBlock`).
fn ends_with_eof(schedule: u8) -> bool {
    schedule & 1 == 0
}

/// Datagrams from `[len: u16 BE][bytes]…`; a short last one keeps what is there.
fn split_datagrams(mut bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut datagrams = Vec::new();
    while let [high, low, rest @ ..] = bytes {
        let len = usize::from(u16::from_be_bytes([*high, *low])).min(rest.len());
        datagrams.push(rest[..len].to_vec());
        bytes = &rest[len..];
    }
    datagrams
}

/// The inverse of [`split_datagrams`].
pub fn join_datagrams(datagrams: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for datagram in datagrams {
        let len = u16::try_from(datagram.len()).expect("a datagram fits in 64 KiB");
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(datagram);
    }
    out
}

/// How one handshake step ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The session is connected.
    Done,
    /// The handshake waits for the transport, or paused for the caller: call again.
    Blocked,
    /// The handshake failed with this status (the session stays failed).
    Failed(OSStatus),
}

/// The codes that pause a handshake for the caller, who then calls again
/// (`errSSLClientAuthCompleted` is another name of `errSSLPeerAuthCompleted`).
fn is_break(status: OSStatus) -> bool {
    matches!(
        status,
        errSSLPeerAuthCompleted | errSSLClientCertRequested | errSSLClientHelloReceived
    )
}

/// A context wired to its [`Wire`]. Field order matters: the context goes before the wire
/// its callbacks point at.
pub struct Session {
    /// The context under test.
    pub ctx: Context,
    /// Its transport, boxed so that the connection the context holds stays put.
    pub wire: Box<Wire>,
    setup: Setup,
    /// The random stream of this side.
    stream: usize,
    /// Application bytes read so far.
    pub received: usize,
}

impl Session {
    /// A context of `kind` on `setup`'s side, configured by `setup` (its random stream
    /// selected while it is made), its callbacks reading and writing `wire`.
    pub fn new(kind: SslConnectionType, setup: Setup, wire: Wire) -> Session {
        let stream = usize::from(setup.side() == SslProtocolSide::SERVER);
        random::select(stream);
        let mut ctx = Context::new(setup.side(), kind).expect("SSLCreateContext");
        setup
            .configure(&mut ctx, kind)
            .expect("the fixed configurations are valid");
        let wire = Box::new(wire);
        ctx.set_io_funcs(read_cb, write_cb).expect("SSLSetIOFuncs");
        ctx.set_connection(wire.0.connection())
            .expect("SSLSetConnection");
        Session {
            ctx,
            wire,
            setup,
            stream,
            received: 0,
        }
    }

    fn state(&self) -> SessionState {
        self.ctx.session_state()
    }

    /// One call that moves the handshake on, with the invariants of its result.
    pub fn handshake_step(&mut self) -> Step {
        random::select(self.stream);
        let status = if self.setup.handshake_by_read() {
            let mut buf = [0u8; 64];
            self.read(&mut buf)
        } else {
            check("SSLHandshake", code(self.ctx.handshake()))
        };
        match status {
            errSecSuccess | errSSLWouldBlock if self.state() == SessionState::CONNECTED => {
                Step::Done
            }
            // The read that finished the handshake met the stream's end inside the next
            // record: Apple's SSLRead reports it and leaves the session connected.
            errSSLClosedGraceful | errSSLClosedNoNotify
                if self.state() == SessionState::CONNECTED =>
            {
                Step::Done
            }
            errSecSuccess => panic!("handshake succeeded in state {:?}", self.state()),
            errSSLWouldBlock => Step::Blocked,
            s if is_break(s) => {
                assert_eq!(self.state(), SessionState::HANDSHAKE, "paused by {s}");
                Step::Blocked
            }
            failure => {
                self.assert_failed(failure);
                Step::Failed(failure)
            }
        }
    }

    /// A session that reported `failure` stays failed.
    fn assert_failed(&mut self, failure: OSStatus) {
        let state = self.state();
        assert!(
            matches!(
                state,
                SessionState::IDLE | SessionState::ABORTED | SessionState::CLOSED
            ),
            "{failure} left the session in {state:?}"
        );
        let again = check("SSLHandshake", code(self.ctx.handshake()));
        assert!(
            again != errSecSuccess && again != errSSLWouldBlock && !is_break(again),
            "after {failure}, SSLHandshake returned {again}"
        );
    }

    /// `SSLRead` into `buf`, with the invariants of its result.
    pub fn read(&mut self, buf: &mut [u8]) -> OSStatus {
        random::select(self.stream);
        let (n, result) = self.ctx.read(buf);
        let status = check("SSLRead", code(result));
        assert!(n <= buf.len(), "SSLRead processed {n} of {}", buf.len());
        self.received += n;
        let buffered = self.ctx.buffered_read_size();
        assert!(buffered <= 16_384 + 2048, "{buffered} bytes buffered");
        status
    }

    /// `SSLWrite` of `data`: all bytes taken or none.
    pub fn write(&mut self, data: &[u8]) -> OSStatus {
        random::select(self.stream);
        let (n, result) = self.ctx.write(data);
        let status = check("SSLWrite", code(result));
        assert!(
            n == 0 || n == data.len(),
            "SSLWrite took {n} of {}",
            data.len()
        );
        status
    }

    /// `SSLReHandshake`: whether a renegotiation started (TLS 1.3 has none).
    pub fn re_handshake(&mut self) -> bool {
        random::select(self.stream);
        check("SSLReHandshake", code(self.ctx.re_handshake())) == errSecSuccess
    }

    /// `SSLClose`, then the closed session's answers.
    pub fn close(&mut self) -> OSStatus {
        random::select(self.stream);
        let status = check("SSLClose", code(self.ctx.close()));
        assert_eq!(self.state(), SessionState::CLOSED, "after SSLClose");
        let mut buf = [0u8; 16];
        assert_eq!(
            self.ctx.read(&mut buf).1.err().map(|e| e.code()),
            Some(errSSLClosedGraceful)
        );
        assert_eq!(
            self.ctx.write(b"x").1.err().map(|e| e.code()),
            Some(errSSLClosedGraceful)
        );
        status
    }
}

/// What a fuzz run reached, for the recorder's replay check.
#[derive(Debug)]
pub struct Outcome {
    /// Whether the handshake finished.
    pub connected: bool,
    /// The handshake's failure, if it failed.
    pub failure: Option<OSStatus>,
    /// How many renegotiations the session went through (OpenSSL's count).
    pub renegotiations: usize,
    /// Application bytes read.
    pub received: usize,
}

/// Creates every kind of context once, and gives each the identity twice, so the shared
/// OpenSSL contexts and the identity's own (with their random ticket keys) exist before the
/// random streams restart, then restarts them.
pub fn prepare() {
    static WARM: std::sync::Once = std::sync::Once::new();
    random::reset();
    WARM.call_once(|| {
        fixture::ca();
        for side in [SslProtocolSide::CLIENT, SslProtocolSide::SERVER] {
            for kind in [SslConnectionType::STREAM, SslConnectionType::DATAGRAM] {
                let mut ctx = Context::new(side, kind).expect("SSLCreateContext");
                for _ in 0..2 {
                    ctx.set_certificate(Some(fixture::identity()), vec![])
                        .expect("SSLSetCertificate");
                }
            }
        }
        random::reset();
    });
}

/// One fuzz input (layout in the module doc): handshake, a write, reads until the input is
/// used up, close, drop.
pub fn run(kind: SslConnectionType, input: &[u8]) -> Option<Outcome> {
    let [setup, schedule, peer @ ..] = input else {
        return None;
    };
    prepare();
    let mut session = Session::new(kind, Setup(*setup), Wire::from_input(kind, *schedule, peer));
    let ends_with_eof = ends_with_eof(*schedule);
    let mut connected = false;
    let mut failure = None;
    for _ in 0..MAX_CALLS {
        match session.handshake_step() {
            Step::Done => {
                connected = true;
                break;
            }
            Step::Failed(status) => {
                failure = Some(status);
                break;
            }
            Step::Blocked if session.wire.exhausted() => {
                // A stream that reached EOF must end the handshake, not block forever.
                assert!(
                    !ends_with_eof || kind == SslConnectionType::DATAGRAM,
                    "the handshake blocks after EOF"
                );
                break;
            }
            Step::Blocked => {}
        }
    }
    if connected {
        exchange(&mut session, kind, ends_with_eof);
    }
    session.close();
    let outcome = Outcome {
        connected,
        failure,
        renegotiations: session.ctx.renegotiations(),
        received: session.received,
    };
    if expect_replay() {
        assert!(
            connected && outcome.received >= MESSAGE.len(),
            "a recorded seed no longer reaches application data: {outcome:?}"
        );
    }
    Some(outcome)
}

/// With `FUZZ_EXPECT_REPLAY` set (`ci/fuzz.sh` runs the recorded seeds so), every input
/// must reach application data: a library change can make recorded flights stale, and
/// fuzzing from stale seeds stays shallow.
fn expect_replay() -> bool {
    static EXPECT: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *EXPECT.get_or_init(|| std::env::var_os("FUZZ_EXPECT_REPLAY").is_some())
}

/// The connected phase: one write, then reads of varying sizes until the input ends.
fn exchange(session: &mut Session, kind: SslConnectionType, ends_with_eof: bool) {
    if !matches!(session.write(MESSAGE), errSecSuccess | errSSLWouldBlock) {
        return;
    }
    let sizes = [16_384, 1, 100, 5000];
    for (i, size) in sizes.iter().cycle().take(MAX_CALLS).enumerate() {
        let mut buf = vec![0u8; *size];
        match session.read(&mut buf) {
            errSecSuccess => {}
            errSSLWouldBlock if session.wire.exhausted() => {
                assert!(
                    !ends_with_eof || kind == SslConnectionType::DATAGRAM,
                    "SSLRead blocks after EOF"
                );
                return;
            }
            errSSLWouldBlock => {}
            // Renegotiation breaks, like the handshake's: the caller goes on.
            s if is_break(s) => {}
            _ => return,
        }
        if i == 7 {
            session.write(MESSAGE);
        }
    }
}
