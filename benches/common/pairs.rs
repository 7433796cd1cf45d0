//! The implementations compared, each as a client/server pair over a fresh in-memory
//! [`wire`] with no faults:
//! - the safe facade: `secure_transport::secure_transport::SslContext::handshake` over a Rust
//!   stream, then `SslStream`'s `Read`/`Write`;
//! - the engine `Context` driven the Apple way, through `SSLSetIOFuncs`-style callbacks;
//! - the C ABI: the `extern "C"` functions of libsecuretransport (`SSLCreateContext`,
//!   `SSLSetIOFuncs`, `SSLHandshake`, `SSLWrite`, `SSLRead`…), called as C calls them;
//! - the plain `openssl` crate's `SslStream` over the same wire.
//!
//! Each starts every connection the way its users do (see [`Config`]).

// Apple's status names, matched as they are.
#![allow(non_upper_case_globals)]

use std::io::{ErrorKind, Read, Write};

use openssl::ssl as ossl;
use openssl::x509::verify::X509CheckFlags;
use secure_transport::cipher_suite::CipherSuite;
use secure_transport::engine::Context;
use secure_transport::secure_transport::{
    self as st, SslConnectionType, SslProtocol, SslProtocolSide,
};
use secure_transport::status::{errSSLWouldBlock, errSecSuccess};
use secure_transport::types::{cipher_suite, SslCipherSuite};
use secure_transport::OSStatus;
use secure_transport_test_kit::wire::{self, End, Mode};

use super::c_abi::{self as c, CFTypeRef};
use super::{protocol_name, Config, HOST, MAX_TURNS};

/// An implementation under test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Imp {
    Facade,
    Callbacks,
    CAbi,
    Openssl,
}

impl Imp {
    pub const ALL: [Imp; 4] = [Imp::Facade, Imp::Callbacks, Imp::CAbi, Imp::Openssl];
    /// Where the openssl crate, every ratio's denominator, is in [`Imp::ALL`].
    pub const BASELINE: usize = 3;

    pub fn name(self) -> &'static str {
        match self {
            Imp::Facade => "ours (Rust facade)",
            Imp::Callbacks => "ours (engine, C callbacks)",
            Imp::CAbi => "ours (C ABI)",
            Imp::Openssl => "openssl crate",
        }
    }

    /// The name in a ratio's column header.
    pub fn short_name(self) -> &'static str {
        match self {
            Imp::Facade => "facade",
            Imp::Callbacks => "callbacks",
            Imp::CAbi => "C ABI",
            Imp::Openssl => "openssl",
        }
    }

    /// A new client/server pair over a fresh wire, its handshake not started.
    pub fn start(self, cfg: &Config) -> Box<dyn Pair> {
        match self {
            Imp::Facade => Box::new(facade(cfg)),
            Imp::Callbacks => Box::new(EnginePair::new(cfg)),
            Imp::CAbi => Box::new(CPair::new(cfg)),
            Imp::Openssl => Box::new(openssl_crate(cfg)),
        }
    }
}

/// The implementations with their index in [`Imp::ALL`], starting with a different one each
/// round, so that drift hits them alike.
pub fn rotation(round: usize) -> impl Iterator<Item = (usize, Imp)> {
    let n = Imp::ALL.len();
    (0..n).map(move |k| ((k + round) % n, Imp::ALL[(k + round) % n]))
}

/// What a handshake agreed on and how many bytes each side sent, for the report.
#[derive(Debug, PartialEq, Eq)]
pub struct Agreed {
    pub version: String,
    pub suite: SslCipherSuite,
    pub client_bytes: usize,
    pub server_bytes: usize,
}

/// A client and a server of one implementation, connected by a wire.
pub trait Pair {
    /// One handshake step for each side still handshaking, client first: true once both
    /// are done, an error naming the side that failed.
    fn turn(&mut self) -> Result<bool, String>;
    /// The client writes all of `data`.
    fn send(&mut self, data: &[u8]);
    /// The server reads everything that has arrived, `buf` at a time, appending it to `keep`
    /// if given; returns how much.
    fn receive(&mut self, buf: &mut [u8], keep: Option<&mut Vec<u8>>) -> usize;
    fn agreed(&self) -> Agreed;
    /// Gives back the wire's spare capacity (see [`End::trim`]).
    fn trim(&self);
}

/// A pair of `imp` with its handshake done.
pub fn connect(imp: Imp, cfg: &Config) -> Result<Box<dyn Pair>, String> {
    let mut pair = imp.start(cfg);
    for _ in 0..MAX_TURNS {
        if pair.turn()? {
            return Ok(pair);
        }
    }
    Err("handshake did not finish".into())
}

/// As [`connect`], panicking with the implementation's name if the handshake fails.
pub fn connected(imp: Imp, cfg: &Config) -> Box<dyn Pair> {
    connect(imp, cfg).unwrap_or_else(|e| panic!("{}: {e}", imp.name()))
}

/// Bound on the reads that drain one write, far above what any write size needs.
const MAX_READS: usize = 1 << 20;

/// Reads until `WouldBlock`, keeping the bytes in `keep` if given; panics on EOF or another
/// error.
fn drain(reader: &mut impl Read, buf: &mut [u8], mut keep: Option<&mut Vec<u8>>) -> usize {
    let mut got = 0;
    for _ in 0..MAX_READS {
        match reader.read(buf) {
            Ok(0) => panic!("server read: unexpected EOF"),
            Ok(n) => {
                got += n;
                if let Some(kept) = keep.as_deref_mut() {
                    kept.extend_from_slice(&buf[..n]);
                }
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => return got,
            Err(e) => panic!("server read: {e}"),
        }
    }
    panic!("server read: no end after {MAX_READS} reads");
}

/// `Ok(true)` for done, `Ok(false)` for would block, else the status.
fn handshake_status(status: OSStatus) -> Result<bool, String> {
    match status {
        errSecSuccess => Ok(true),
        errSSLWouldBlock => Ok(false),
        other => Err(secure_transport::Error::from_code(other).to_string()),
    }
}

// ---------------------------------------------------------------------------------------
// Rust streams: the facade and the openssl crate
// ---------------------------------------------------------------------------------------

/// Where one side of a stream handshake stands.
enum Side<M, S> {
    Mid(M),
    Done(S),
    Failed(String),
}

/// A mid-handshake stream of either library.
trait Resume: Sized {
    type Stream: Read + Write;
    fn resume(self) -> Side<Self, Self::Stream>;
    /// Negotiated version (OpenSSL's spelling) and suite.
    fn negotiated(stream: &Self::Stream) -> (String, SslCipherSuite);
    fn end(stream: &Self::Stream) -> &End;
}

type OursMid = st::MidHandshakeSslStream<End>;
type OursStream = st::SslStream<End>;

fn ours_side(result: Result<OursStream, st::HandshakeError<End>>) -> Side<OursMid, OursStream> {
    match result {
        Ok(stream) => Side::Done(stream),
        Err(st::HandshakeError::Interrupted(mid)) if mid.would_block() => Side::Mid(mid),
        Err(e) => Side::Failed(format!("{e:?}")),
    }
}

impl Resume for OursMid {
    type Stream = OursStream;
    fn resume(self) -> Side<Self, OursStream> {
        ours_side(self.handshake())
    }
    fn negotiated(stream: &OursStream) -> (String, SslCipherSuite) {
        let ctx = stream.context();
        (
            protocol_name(ctx.negotiated_protocol_version().unwrap()),
            ctx.negotiated_cipher().unwrap().to_raw(),
        )
    }
    fn end(stream: &OursStream) -> &End {
        stream.get_ref()
    }
}

type OsslMid = ossl::MidHandshakeSslStream<End>;
type OsslStream = ossl::SslStream<End>;

fn openssl_side(
    result: Result<OsslStream, ossl::HandshakeError<End>>,
) -> Side<OsslMid, OsslStream> {
    match result {
        Ok(stream) => Side::Done(stream),
        Err(ossl::HandshakeError::WouldBlock(mid)) => Side::Mid(mid),
        Err(e) => Side::Failed(e.to_string()),
    }
}

impl Resume for OsslMid {
    type Stream = OsslStream;
    fn resume(self) -> Side<Self, OsslStream> {
        openssl_side(self.handshake())
    }
    fn negotiated(stream: &OsslStream) -> (String, SslCipherSuite) {
        let cipher = stream.ssl().current_cipher().expect("negotiated cipher");
        (
            stream.ssl().version_str().to_string(),
            cipher_suite(u16::from_be_bytes(cipher.protocol_id())),
        )
    }
    fn end(stream: &OsslStream) -> &End {
        stream.get_ref()
    }
}

struct StreamPair<M: Resume> {
    client: Side<M, M::Stream>,
    server: Side<M, M::Stream>,
}

/// Resumes `side` if it is mid-handshake; true once it is done.
fn advance<M: Resume>(side: &mut Side<M, M::Stream>) -> Result<bool, String> {
    if matches!(side, Side::Mid(_)) {
        if let Side::Mid(mid) = std::mem::replace(side, Side::Failed(String::new())) {
            *side = mid.resume();
        }
    }
    match side {
        Side::Done(_) => Ok(true),
        Side::Mid(_) => Ok(false),
        Side::Failed(e) => Err(e.clone()),
    }
}

fn done<M, S>(side: &Side<M, S>) -> &S {
    match side {
        Side::Done(stream) => stream,
        _ => panic!("the handshake has not finished"),
    }
}

fn done_mut<M, S>(side: &mut Side<M, S>) -> &mut S {
    match side {
        Side::Done(stream) => stream,
        _ => panic!("the handshake has not finished"),
    }
}

impl<M: Resume> Pair for StreamPair<M> {
    fn turn(&mut self) -> Result<bool, String> {
        let client = advance(&mut self.client).map_err(|e| format!("client: {e}"))?;
        let server = advance(&mut self.server).map_err(|e| format!("server: {e}"))?;
        Ok(client && server)
    }

    fn send(&mut self, data: &[u8]) {
        done_mut(&mut self.client)
            .write_all(data)
            .expect("client write");
    }

    fn receive(&mut self, buf: &mut [u8], keep: Option<&mut Vec<u8>>) -> usize {
        drain(done_mut(&mut self.server), buf, keep)
    }

    fn agreed(&self) -> Agreed {
        let (client, server) = (done(&self.client), done(&self.server));
        let (version, suite) = M::negotiated(client);
        Agreed {
            version,
            suite,
            client_bytes: M::end(client).stats().bytes_written,
            server_bytes: M::end(server).stats().bytes_written,
        }
    }

    fn trim(&self) {
        M::end(done(&self.client)).trim();
    }
}

/// Gives a facade context `cfg`'s version and suite, without tickets.
pub fn configure(ctx: &mut st::SslContext, cfg: &Config) {
    ctx.set_protocol_version_min(cfg.proto.ours).unwrap();
    ctx.set_protocol_version_max(cfg.proto.ours).unwrap();
    if let Some(suite) = cfg.suite {
        ctx.set_enabled_ciphers(&[CipherSuite::from_raw(suite.id)])
            .unwrap();
    }
    ctx.set_session_tickets_enabled(false).unwrap();
}

fn facade(cfg: &Config) -> StreamPair<OursMid> {
    let (client_end, server_end) = wire::pair(Mode::Stream);
    let mut client = st::SslContext::new(SslProtocolSide::CLIENT, SslConnectionType::STREAM)
        .expect("SslContext::new");
    client.set_peer_domain_name(HOST).unwrap();
    client
        .engine_mut()
        .set_trusted_roots(std::slice::from_ref(&cfg.ca), true)
        .unwrap();
    let mut server = cfg.server_builder.new_ssl_context().unwrap();
    for ctx in [&mut client, &mut server] {
        configure(ctx, cfg);
    }
    StreamPair {
        client: ours_side(client.handshake(client_end)),
        server: ours_side(server.handshake(server_end)),
    }
}

fn openssl_crate(cfg: &Config) -> StreamPair<OsslMid> {
    let (client_end, server_end) = wire::pair(Mode::Stream);
    let mut ssl = ossl::Ssl::new(&cfg.openssl_client).unwrap();
    ssl.set_hostname(HOST).unwrap();
    let param = ssl.param_mut();
    param.set_hostflags(X509CheckFlags::NO_PARTIAL_WILDCARDS);
    param.set_host(HOST).unwrap();
    StreamPair {
        client: openssl_side(ssl.connect(client_end)),
        server: openssl_side(
            ossl::Ssl::new(&cfg.openssl_server)
                .unwrap()
                .accept(server_end),
        ),
    }
}

// ---------------------------------------------------------------------------------------
// The engine with C callbacks
// ---------------------------------------------------------------------------------------

/// An engine context wired to its end. `ctx` is declared first, so it is dropped before the
/// end its callbacks point at.
struct EngineSide {
    ctx: Context,
    end: Box<End>,
    done: bool,
}

impl EngineSide {
    fn new(side: SslProtocolSide, cfg: &Config, end: End) -> EngineSide {
        let mut ctx = Context::new(side, SslConnectionType::STREAM).expect("SSLCreateContext");
        let end = Box::new(end);
        ctx.set_io_funcs(wire::read_cb, wire::write_cb).unwrap();
        ctx.set_connection(end.connection()).unwrap();
        ctx.set_protocol_version_min(cfg.proto.ours).unwrap();
        ctx.set_protocol_version_max(cfg.proto.ours).unwrap();
        if let Some(suite) = cfg.suite {
            ctx.set_enabled_ciphers(&[suite.id]).unwrap();
        }
        ctx.set_session_tickets_enabled(false).unwrap();
        EngineSide {
            ctx,
            end,
            done: false,
        }
    }

    fn step(&mut self) -> Result<bool, String> {
        if !self.done {
            self.done = handshake_status(self.ctx.handshake().map_or_else(|e| e.code(), |()| 0))?;
        }
        Ok(self.done)
    }
}

/// `SSLRead`/`SSLWrite` as a Rust stream, for the shared drain loop.
impl Read for EngineSide {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self.ctx.read(buf) {
            (n, _) if n > 0 => Ok(n),
            (_, Ok(())) => Ok(0),
            (_, Err(e)) => Err(e.into()),
        }
    }
}

struct EnginePair {
    client: EngineSide,
    server: EngineSide,
}

impl EnginePair {
    fn new(cfg: &Config) -> EnginePair {
        let (client_end, server_end) = wire::pair(Mode::Stream);
        let mut client = EngineSide::new(SslProtocolSide::CLIENT, cfg, client_end);
        client
            .ctx
            .set_peer_domain_name(Some(HOST.as_bytes()))
            .unwrap();
        client
            .ctx
            .set_trusted_roots(std::slice::from_ref(&cfg.ca), true)
            .unwrap();
        let mut server = EngineSide::new(SslProtocolSide::SERVER, cfg, server_end);
        server
            .ctx
            .set_certificate(Some(cfg.identity.clone()), Vec::new())
            .unwrap();
        EnginePair { client, server }
    }
}

impl Pair for EnginePair {
    fn turn(&mut self) -> Result<bool, String> {
        let client = self.client.step().map_err(|e| format!("client: {e}"))?;
        let server = self.server.step().map_err(|e| format!("server: {e}"))?;
        Ok(client && server)
    }

    fn send(&mut self, data: &[u8]) {
        let (n, result) = self.client.ctx.write(data);
        assert_eq!((n, result), (data.len(), Ok(())), "client write");
    }

    fn receive(&mut self, buf: &mut [u8], keep: Option<&mut Vec<u8>>) -> usize {
        drain(&mut self.server, buf, keep)
    }

    fn agreed(&self) -> Agreed {
        Agreed {
            version: protocol_name(self.client.ctx.negotiated_protocol_version()),
            suite: self.client.ctx.negotiated_cipher().unwrap(),
            client_bytes: self.client.end.stats().bytes_written,
            server_bytes: self.server.end.stats().bytes_written,
        }
    }

    fn trim(&self) {
        self.client.end.trim();
    }
}

// ---------------------------------------------------------------------------------------
// The C ABI
// ---------------------------------------------------------------------------------------

/// An `SSLContextRef` wired to its end; released (before the end goes) on drop.
struct CSide {
    ctx: CFTypeRef,
    end: Box<End>,
    done: bool,
}

/// Panics unless a C call returned `noErr`.
fn check(status: OSStatus, call: &str) {
    assert_eq!(status, errSecSuccess, "{call}");
}

impl CSide {
    fn new(side: SslProtocolSide, cfg: &Config, end: End) -> CSide {
        let end = Box::new(end);
        // SAFETY: C ABI calls on a context we own, with valid arguments; the end outlives it.
        unsafe {
            let ctx = c::SSLCreateContext(
                std::ptr::null(),
                side.to_raw(),
                SslConnectionType::STREAM.to_raw(),
            );
            assert!(!ctx.is_null(), "SSLCreateContext");
            check(
                c::SSLSetIOFuncs(ctx, Some(wire::read_cb), Some(wire::write_cb)),
                "SSLSetIOFuncs",
            );
            check(
                c::SSLSetConnection(ctx, end.connection()),
                "SSLSetConnection",
            );
            let version = cfg.proto.ours.to_raw();
            check(c::SSLSetProtocolVersionMin(ctx, version), "VersionMin");
            check(c::SSLSetProtocolVersionMax(ctx, version), "VersionMax");
            if let Some(suite) = cfg.suite {
                check(c::SSLSetEnabledCiphers(ctx, &suite.id, 1), "Ciphers");
            }
            check(c::SSLSetSessionTicketsEnabled(ctx, 0), "Tickets");
            CSide {
                ctx,
                end,
                done: false,
            }
        }
    }

    fn step(&mut self) -> Result<bool, String> {
        if !self.done {
            // SAFETY: our live context.
            self.done = handshake_status(unsafe { c::SSLHandshake(self.ctx) })?;
        }
        Ok(self.done)
    }
}

impl Drop for CSide {
    fn drop(&mut self) {
        // SAFETY: our one reference to the context.
        unsafe { c::CFRelease(self.ctx) }
    }
}

/// `SSLRead` as a Rust stream, for the shared drain loop.
impl Read for CSide {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        // SAFETY: our live context; `buf` is valid for its length.
        let status = unsafe { c::SSLRead(self.ctx, buf.as_mut_ptr().cast(), buf.len(), &mut n) };
        match status {
            _ if n > 0 => Ok(n),
            errSecSuccess => Ok(0),
            other => Err(secure_transport::Error::from_code(other).into()),
        }
    }
}

struct CPair {
    client: CSide,
    server: CSide,
}

impl CPair {
    fn new(cfg: &Config) -> CPair {
        let (client_end, server_end) = wire::pair(Mode::Stream);
        let client = CSide::new(SslProtocolSide::CLIENT, cfg, client_end);
        let server = CSide::new(SslProtocolSide::SERVER, cfg, server_end);
        // SAFETY: C ABI calls on our contexts with valid arguments.
        unsafe {
            check(
                c::SSLSetPeerDomainName(client.ctx, HOST.as_ptr().cast(), HOST.len()),
                "SSLSetPeerDomainName",
            );
            check(
                c::SSLSetTrustedRoots(client.ctx, cfg.c_roots.0, 1),
                "SSLSetTrustedRoots",
            );
            check(
                c::SSLSetCertificate(server.ctx, cfg.c_certificates.0),
                "SSLSetCertificate",
            );
        }
        CPair { client, server }
    }
}

impl Pair for CPair {
    fn turn(&mut self) -> Result<bool, String> {
        let client = self.client.step().map_err(|e| format!("client: {e}"))?;
        let server = self.server.step().map_err(|e| format!("server: {e}"))?;
        Ok(client && server)
    }

    fn send(&mut self, data: &[u8]) {
        let mut n = 0;
        // SAFETY: our live context; `data` is valid for its length.
        let status =
            unsafe { c::SSLWrite(self.client.ctx, data.as_ptr().cast(), data.len(), &mut n) };
        assert_eq!((status, n), (errSecSuccess, data.len()), "SSLWrite");
    }

    fn receive(&mut self, buf: &mut [u8], keep: Option<&mut Vec<u8>>) -> usize {
        drain(&mut self.server, buf, keep)
    }

    fn agreed(&self) -> Agreed {
        let (mut version, mut suite) = (0, 0);
        // SAFETY: our live context, valid out-pointers.
        unsafe {
            check(
                c::SSLGetNegotiatedProtocolVersion(self.client.ctx, &mut version),
                "SSLGetNegotiatedProtocolVersion",
            );
            check(
                c::SSLGetNegotiatedCipher(self.client.ctx, &mut suite),
                "SSLGetNegotiatedCipher",
            );
        }
        Agreed {
            version: protocol_name(SslProtocol::from_raw(version)),
            suite,
            client_bytes: self.client.end.stats().bytes_written,
            server_bytes: self.server.end.stats().bytes_written,
        }
    }

    fn trim(&self) {
        self.client.end.trim();
    }
}
