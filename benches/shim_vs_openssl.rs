//! This crate's Secure Transport API against the plain `openssl` crate, side by side on the
//! same transport: an in-memory duplex pipe, both peers driven in turn by one thread (no
//! scheduling noise, no sockets).
//!
//! Three implementations:
//! - "ours": the safe facade, `secure_transport::secure_transport::SslContext::handshake`
//!   over a Rust stream (`SslStream<PipeEnd>`);
//! - "ours (C callbacks)": the engine `Context` driven the Apple way, through
//!   `SSLSetIOFuncs`-style `extern "C"` callbacks over the same queues;
//! - "openssl crate": `openssl::ssl::SslStream<PipeEnd>` with the same protocol version,
//!   cipher suite, certificate, key, CA and host name check; tickets and session cache off.
//!
//! Measurements (timed runs after a warm-up, the implementations taking turns within each
//! round so that drift hits them alike; bulk reports the best run, as interference from other
//! processes only slows runs down, handshakes the median):
//! - bulk: the client writes N bytes in 16 KiB writes, the server reads them all;
//! - handshakes: full handshakes (ECDSA P-256 leaf, the client verifying the chain and the
//!   host name against the CA), each over a fresh pipe with fresh sessions.
//!
//! Knobs, for reduced (e.g. callgrind) runs: `SHIM_BENCH_MIB` (MiB per bulk run, default 256),
//! `SHIM_BENCH_HANDSHAKES` (handshakes per run, default 300), `SHIM_BENCH_RUNS` (timed runs,
//! default 5), `SHIM_BENCH_FILTER` (only measurements whose name contains it, e.g. "bulk",
//! "handshakes", "1.2").
//!
//! Run: `cargo bench --bench shim_vs_openssl`. Without the `--bench` argument that `cargo bench`
//! passes (e.g. under `cargo test --all-targets`), it only does a quick smoke run.

#[path = "../tests/support/mod.rs"]
mod support;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::env;
use std::fmt;
use std::io::{self, ErrorKind, Read, Write};
use std::ptr;
use std::rc::Rc;
use std::time::{Duration, Instant};

use libc::c_void;
use openssl::pkey::{PKey, Private};
use openssl::ssl::{
    self as ossl, SslMethod, SslOptions, SslSessionCacheMode, SslVerifyMode, SslVersion,
};
use openssl::x509::verify::X509CheckFlags;
use openssl::x509::X509;
use secure_transport::certificate::SecCertificate;
use secure_transport::engine::{Context, SslConnectionRef};
use secure_transport::identity::SecIdentity;
use secure_transport::secure_transport::{
    self as st, ServerBuilder, SslConnectionType, SslProtocol, SslProtocolSide,
};
use secure_transport::status::{errSSLWouldBlock, errSecSuccess};
use secure_transport::OSStatus;
use support::{KeyKind, Pki};

/// Size of each application write (and of the reader's buffer): one full TLS record.
const CHUNK: usize = 16 * 1024;
/// Host name in the server certificate, sent as SNI and checked by the client.
const HOST: &str = "localhost";
/// Bound on handshake turns, against a handshake that never finishes.
const MAX_TURNS: usize = 1000;

// ---------------------------------------------------------------------------------------
// Transport: two queues, one per direction
// ---------------------------------------------------------------------------------------

type Queue = Rc<RefCell<VecDeque<u8>>>;

/// Moves up to `len` bytes from the front of `queue` to `dst`; returns how many.
///
/// # Safety
/// `dst` must be valid for writes of `len` bytes (it may be uninitialised).
unsafe fn pop_raw(queue: &mut VecDeque<u8>, dst: *mut u8, len: usize) -> usize {
    let (front, back) = queue.as_slices();
    let n1 = front.len().min(len);
    ptr::copy_nonoverlapping(front.as_ptr(), dst, n1);
    let n2 = back.len().min(len - n1);
    ptr::copy_nonoverlapping(back.as_ptr(), dst.add(n1), n2);
    queue.drain(..n1 + n2);
    n1 + n2
}

/// One end of the duplex pipe, as a Rust stream: reads `WouldBlock` when nothing is queued.
struct PipeEnd {
    rx: Queue,
    tx: Queue,
    /// Bytes this end has written (to report the size of a handshake).
    written: usize,
}

/// A fresh duplex pipe: (client end, server end).
fn pipe() -> (PipeEnd, PipeEnd) {
    let (up, down) = queues();
    let client = PipeEnd {
        rx: down.clone(),
        tx: up.clone(),
        written: 0,
    };
    let server = PipeEnd {
        rx: up,
        tx: down,
        written: 0,
    };
    (client, server)
}

/// Client-to-server and server-to-client queues.
fn queues() -> (Queue, Queue) {
    (Queue::default(), Queue::default())
}

impl Read for PipeEnd {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut rx = self.rx.borrow_mut();
        if rx.is_empty() {
            return Err(ErrorKind::WouldBlock.into());
        }
        // SAFETY: `buf` is valid for `buf.len()` bytes.
        Ok(unsafe { pop_raw(&mut rx, buf.as_mut_ptr(), buf.len()) })
    }
}

impl Write for PipeEnd {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.tx.borrow_mut().extend(buf);
        self.written += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl fmt::Debug for PipeEnd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PipeEnd")
            .field("rx_queued", &self.rx.borrow().len())
            .field("tx_queued", &self.tx.borrow().len())
            .finish()
    }
}

/// One end of the pipe as the C callbacks see it (the `SSLConnectionRef`).
struct CbEnd {
    rx: Queue,
    tx: Queue,
    written: Cell<usize>,
}

/// `SSLReadFunc`: Apple's contract, a short read reports `errSSLWouldBlock`.
unsafe extern "C" fn cb_read(
    conn: SslConnectionRef,
    data: *mut c_void,
    len: *mut usize,
) -> OSStatus {
    let end = &*(conn as *const CbEnd);
    let wanted = *len;
    let n = pop_raw(&mut end.rx.borrow_mut(), data.cast(), wanted);
    *len = n;
    if n < wanted {
        errSSLWouldBlock
    } else {
        errSecSuccess
    }
}

/// `SSLWriteFunc`: takes everything.
unsafe extern "C" fn cb_write(
    conn: SslConnectionRef,
    data: *const c_void,
    len: *mut usize,
) -> OSStatus {
    let end = &*(conn as *const CbEnd);
    let bytes = std::slice::from_raw_parts(data.cast::<u8>(), *len);
    end.tx.borrow_mut().extend(bytes);
    end.written.set(end.written.get() + bytes.len());
    errSecSuccess
}

/// An engine context wired to its callback end. `ctx` is declared first, so it is dropped
/// before the end its callbacks point at.
struct CbSide {
    ctx: Context,
    end: Box<CbEnd>,
}

impl CbSide {
    fn new(mut ctx: Context, rx: &Queue, tx: &Queue) -> CbSide {
        let end = Box::new(CbEnd {
            rx: rx.clone(),
            tx: tx.clone(),
            written: Cell::new(0),
        });
        ctx.set_io_funcs(cb_read, cb_write).expect("SSLSetIOFuncs");
        ctx.set_connection(&*end as *const CbEnd as SslConnectionRef)
            .expect("SSLSetConnection");
        CbSide { ctx, end }
    }
}

/// `errSSLWouldBlock` as a plain `WouldBlock` (no allocation: this column measures the C
/// path, not an error conversion), anything else through the crate's conversion.
fn io_error(e: secure_transport::Error) -> io::Error {
    if e.code() == errSSLWouldBlock {
        ErrorKind::WouldBlock.into()
    } else {
        e.into()
    }
}

/// `SSLRead`/`SSLWrite` as a Rust stream, for the shared bulk loop.
impl Read for CbSide {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.ctx.read(buf) {
            (n, _) if n > 0 => Ok(n),
            (_, Ok(())) => Ok(0),
            (_, Err(e)) => Err(io_error(e)),
        }
    }
}

impl Write for CbSide {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.ctx.write(buf) {
            (n, _) if n > 0 => Ok(n),
            (_, Ok(())) => Ok(0),
            (_, Err(e)) => Err(io_error(e)),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Configuration, identical on both stacks
// ---------------------------------------------------------------------------------------

/// A protocol version with the one cipher suite both stacks are limited to, unless
/// `restrict` is off: then both keep their default lists (which agree on the suite).
/// Handshake rows run unrestricted: an Apple context sets its suites per connection, and
/// parsing a cipher string costs OpenSSL more than the rest of the shim's per-connection
/// work, while the openssl crate parses it once per shared context.
#[derive(Clone, Copy)]
struct Proto {
    label: &'static str,
    restrict: bool,
    ours: SslProtocol,
    openssl: SslVersion,
    tls13: bool,
    suite: u16,
    /// OpenSSL's name for `suite`.
    suite_name: &'static str,
}

impl Proto {
    fn unrestricted(self) -> Proto {
        Proto {
            restrict: false,
            ..self
        }
    }
}

const TLS13: Proto = Proto {
    label: "TLS 1.3",
    restrict: true,
    ours: SslProtocol::TLS13,
    openssl: SslVersion::TLS1_3,
    tls13: true,
    suite: 0x1301,
    suite_name: "TLS_AES_128_GCM_SHA256",
};

const TLS12: Proto = Proto {
    label: "TLS 1.2",
    restrict: true,
    ours: SslProtocol::TLS12,
    openssl: SslVersion::TLS1_2,
    tls13: false,
    suite: 0xC02B,
    suite_name: "ECDHE-ECDSA-AES128-GCM-SHA256",
};

/// The PKI in both stacks' types, and the per-stack objects built once.
struct Setup {
    ca: SecCertificate,
    identity: SecIdentity,
    server_builder: ServerBuilder,
    ca_x509: X509,
    cert_x509: X509,
    key: PKey<Private>,
    /// A CA that did not sign the server's certificate, for the verification sanity check.
    other_ca: SecCertificate,
    other_ca_x509: X509,
}

impl Setup {
    fn new() -> Setup {
        let pki = Pki::new(KeyKind::EcdsaP256);
        let other = Pki::new(KeyKind::EcdsaP256);
        let identity = pki.server().identity();
        Setup {
            ca: pki.ca().certificate(),
            server_builder: ServerBuilder::new(&identity, &[]),
            identity,
            ca_x509: X509::from_pem(&pki.ca().cert_pem).unwrap(),
            cert_x509: X509::from_pem(&pki.server().cert_pem).unwrap(),
            key: PKey::private_key_from_pem(&pki.server().key_pem).unwrap(),
            other_ca: other.ca().certificate(),
            other_ca_x509: X509::from_pem(&other.ca().cert_pem).unwrap(),
        }
    }
}

/// Version and suite, tickets off (the engine's session cache is always off).
fn configure_engine(ctx: &mut Context, proto: Proto) {
    ctx.set_protocol_version_min(proto.ours).unwrap();
    ctx.set_protocol_version_max(proto.ours).unwrap();
    if proto.restrict {
        ctx.set_enabled_ciphers(&[proto.suite]).unwrap();
    }
    ctx.set_session_tickets_enabled(false).unwrap();
}

/// A client that verifies the server's chain against `ca` only, and its name.
fn engine_client(ctx: &mut Context, proto: Proto, ca: &SecCertificate) {
    configure_engine(ctx, proto);
    ctx.set_peer_domain_name(Some(HOST.as_bytes())).unwrap();
    ctx.set_trusted_roots(std::slice::from_ref(ca), true)
        .unwrap();
}

fn ours_client(proto: Proto, ca: &SecCertificate) -> st::SslContext {
    let mut ctx = st::SslContext::new(SslProtocolSide::CLIENT, SslConnectionType::STREAM).unwrap();
    ctx.set_peer_domain_name(HOST).unwrap();
    ctx.set_protocol_version_min(proto.ours).unwrap();
    ctx.set_protocol_version_max(proto.ours).unwrap();
    if proto.restrict {
        ctx.set_enabled_ciphers(&[proto.suite]).unwrap();
    }
    ctx.set_session_tickets_enabled(false).unwrap();
    ctx.engine_mut()
        .set_trusted_roots(std::slice::from_ref(ca), true)
        .unwrap();
    ctx
}

fn ours_server(setup: &Setup, proto: Proto) -> st::SslContext {
    let mut ctx = setup.server_builder.new_ssl_context().unwrap();
    ctx.set_protocol_version_min(proto.ours).unwrap();
    ctx.set_protocol_version_max(proto.ours).unwrap();
    if proto.restrict {
        ctx.set_enabled_ciphers(&[proto.suite]).unwrap();
    }
    ctx.set_session_tickets_enabled(false).unwrap();
    ctx
}

/// The plain `openssl` crate's contexts, built once per configuration (as its users do).
struct OpensslContexts {
    client: ossl::SslContext,
    server: ossl::SslContext,
}

fn openssl_builder(proto: Proto) -> ossl::SslContextBuilder {
    let mut b = ossl::SslContext::builder(SslMethod::tls()).unwrap();
    b.set_min_proto_version(Some(proto.openssl)).unwrap();
    b.set_max_proto_version(Some(proto.openssl)).unwrap();
    if proto.restrict && proto.tls13 {
        b.set_ciphersuites(proto.suite_name).unwrap();
    } else if proto.restrict {
        b.set_cipher_list(proto.suite_name).unwrap();
        b.set_ciphersuites("").unwrap();
    }
    b.set_session_cache_mode(SslSessionCacheMode::OFF);
    b.set_options(SslOptions::NO_TICKET);
    b
}

fn openssl_contexts(setup: &Setup, proto: Proto, ca: &X509) -> OpensslContexts {
    let mut client = openssl_builder(proto);
    client.set_verify(SslVerifyMode::PEER);
    client.cert_store_mut().add_cert(ca.clone()).unwrap();
    let mut server = openssl_builder(proto);
    server.set_certificate(&setup.cert_x509).unwrap();
    server.set_private_key(&setup.key).unwrap();
    server.check_private_key().unwrap();
    OpensslContexts {
        client: client.build(),
        server: server.build(),
    }
}

// ---------------------------------------------------------------------------------------
// Handshakes
// ---------------------------------------------------------------------------------------

/// Where one side's handshake stands.
enum Step<M, S> {
    Mid(M),
    Done(S),
    Failed(String),
}

/// Resumes whichever side is not done, client first, until both are; fails with the first
/// side that fails.
fn drive<MC, SC, MS, SS>(
    mut client: Step<MC, SC>,
    mut server: Step<MS, SS>,
    resume_client: impl Fn(MC) -> Step<MC, SC>,
    resume_server: impl Fn(MS) -> Step<MS, SS>,
) -> Result<(SC, SS), String> {
    for _ in 0..MAX_TURNS {
        match (client, server) {
            (Step::Done(c), Step::Done(s)) => return Ok((c, s)),
            (Step::Failed(e), _) => return Err(format!("client: {e}")),
            (_, Step::Failed(e)) => return Err(format!("server: {e}")),
            (c, s) => {
                client = match c {
                    Step::Mid(m) => resume_client(m),
                    other => other,
                };
                server = match s {
                    Step::Mid(m) => resume_server(m),
                    other => other,
                };
            }
        }
    }
    Err("handshake did not finish".into())
}

type OursStream = st::SslStream<PipeEnd>;
type OursMid = st::MidHandshakeSslStream<PipeEnd>;

fn ours_step(result: Result<OursStream, st::HandshakeError<PipeEnd>>) -> Step<OursMid, OursStream> {
    match result {
        Ok(stream) => Step::Done(stream),
        Err(st::HandshakeError::Interrupted(mid)) if mid.would_block() => Step::Mid(mid),
        Err(e) => Step::Failed(format!("{e:?}")),
    }
}

type OsslStream = ossl::SslStream<PipeEnd>;
type OsslMid = ossl::MidHandshakeSslStream<PipeEnd>;

fn openssl_step(
    result: Result<OsslStream, ossl::HandshakeError<PipeEnd>>,
) -> Step<OsslMid, OsslStream> {
    match result {
        Ok(stream) => Step::Done(stream),
        Err(ossl::HandshakeError::WouldBlock(mid)) => Step::Mid(mid),
        Err(e) => Step::Failed(e.to_string()),
    }
}

/// A full handshake through the safe facade over a fresh pipe.
fn handshake_ours(
    setup: &Setup,
    proto: Proto,
    ca: &SecCertificate,
) -> Result<(OursStream, OursStream), String> {
    let (client_end, server_end) = pipe();
    let client = ours_step(ours_client(proto, ca).handshake(client_end));
    let server = ours_step(ours_server(setup, proto).handshake(server_end));
    drive(
        client,
        server,
        |m| ours_step(m.handshake()),
        |m| ours_step(m.handshake()),
    )
}

/// A full handshake through the engine's C callbacks over fresh queues.
fn handshake_callbacks(
    setup: &Setup,
    proto: Proto,
    ca: &SecCertificate,
) -> Result<(CbSide, CbSide), String> {
    let (up, down) = queues();
    let mut client = Context::new(SslProtocolSide::CLIENT, SslConnectionType::STREAM).unwrap();
    engine_client(&mut client, proto, ca);
    let mut server = Context::new(SslProtocolSide::SERVER, SslConnectionType::STREAM).unwrap();
    server
        .set_certificate(Some(setup.identity.clone()), Vec::new())
        .unwrap();
    configure_engine(&mut server, proto);
    let mut client = CbSide::new(client, &down, &up);
    let mut server = CbSide::new(server, &up, &down);
    let (mut client_done, mut server_done) = (false, false);
    for _ in 0..MAX_TURNS {
        if !client_done {
            match client.ctx.handshake() {
                Ok(()) => client_done = true,
                Err(e) if e.code() == errSSLWouldBlock => {}
                Err(e) => return Err(format!("client: {e}")),
            }
        }
        if !server_done {
            match server.ctx.handshake() {
                Ok(()) => server_done = true,
                Err(e) if e.code() == errSSLWouldBlock => {}
                Err(e) => return Err(format!("server: {e}")),
            }
        }
        if client_done && server_done {
            return Ok((client, server));
        }
    }
    Err("handshake did not finish".into())
}

/// A full handshake with the plain `openssl` crate over a fresh pipe.
fn handshake_openssl(ctxs: &OpensslContexts) -> Result<(OsslStream, OsslStream), String> {
    let (client_end, server_end) = pipe();
    let mut ssl = ossl::Ssl::new(&ctxs.client).unwrap();
    ssl.set_hostname(HOST).unwrap();
    let param = ssl.param_mut();
    param.set_hostflags(X509CheckFlags::NO_PARTIAL_WILDCARDS);
    param.set_host(HOST).unwrap();
    let client = openssl_step(ssl.connect(client_end));
    let server = openssl_step(ossl::Ssl::new(&ctxs.server).unwrap().accept(server_end));
    drive(
        client,
        server,
        |m| openssl_step(m.handshake()),
        |m| openssl_step(m.handshake()),
    )
}

// ---------------------------------------------------------------------------------------
// Measurements
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Imp {
    Ours,
    Callbacks,
    Openssl,
}

const IMPS: [Imp; 3] = [Imp::Ours, Imp::Callbacks, Imp::Openssl];

/// The implementations in turn, starting with a different one each round.
fn rotation(round: usize) -> impl Iterator<Item = (usize, Imp)> {
    (0..IMPS.len()).map(move |k| {
        let i = (k + round) % IMPS.len();
        (i, IMPS[i])
    })
}

struct Knobs {
    bulk_bytes: usize,
    handshakes: usize,
    runs: usize,
    filter: Option<String>,
}

impl Knobs {
    /// `smoke`: tiny defaults, for a run that only checks that everything works.
    fn from_env(smoke: bool) -> Knobs {
        let num = |name: &str, default: usize| {
            env::var(name)
                .ok()
                .map(|v| {
                    v.parse()
                        .unwrap_or_else(|_| panic!("{name}={v}: not a number"))
                })
                .unwrap_or(default)
        };
        Knobs {
            bulk_bytes: num("SHIM_BENCH_MIB", if smoke { 1 } else { 256 }) << 20,
            handshakes: num("SHIM_BENCH_HANDSHAKES", if smoke { 5 } else { 300 }).max(1),
            runs: num("SHIM_BENCH_RUNS", if smoke { 1 } else { 5 }).max(1),
            filter: env::var("SHIM_BENCH_FILTER").ok(),
        }
    }

    fn wants(&self, name: &str) -> bool {
        self.filter.as_deref().map_or(true, |f| name.contains(f))
    }
}

/// One table row: rates per implementation (in `IMPS` order), one per timed run.
struct Row {
    name: String,
    unit: &'static str,
    stat: Stat,
    samples: [Vec<f64>; 3],
    /// Wall time of the whole measurement, warm-up included.
    took: Duration,
}

/// The client writes `total` bytes in `chunk`-sized writes; after each, the server reads
/// everything that arrived. Returns the time from the first write to the last byte read.
/// Not inlined, so that profiles show one instance per implementation.
#[inline(never)]
fn pump<C: Write, S: Read>(
    client: &mut C,
    server: &mut S,
    total: usize,
    chunk: &[u8],
    buf: &mut [u8],
) -> Duration {
    let start = Instant::now();
    let (mut sent, mut received) = (0, 0);
    while sent < total {
        let n = chunk.len().min(total - sent);
        client.write_all(&chunk[..n]).expect("client write");
        sent += n;
        loop {
            match server.read(buf) {
                Ok(0) => panic!("server read: unexpected EOF"),
                Ok(n) => received += n,
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(e) => panic!("server read: {e}"),
            }
        }
    }
    let elapsed = start.elapsed();
    assert_eq!(received, total, "server received a different amount");
    elapsed
}

/// Sends `data` through and checks that exactly it arrives.
fn check_transfer<C: Write, S: Read>(client: &mut C, server: &mut S, data: &[u8], what: &str) {
    let mut got = Vec::with_capacity(data.len());
    let mut buf = vec![0; CHUNK];
    for piece in data.chunks(CHUNK) {
        client.write_all(piece).expect("client write");
        loop {
            match server.read(&mut buf) {
                Ok(0) => panic!("{what}: unexpected EOF"),
                Ok(n) => got.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(e) => panic!("{what}: server read: {e}"),
            }
        }
    }
    assert!(got == data, "{what}: the server received other bytes");
}

/// What a handshake agreed on and how many bytes each side sent, for the report.
#[derive(Debug, PartialEq, Eq)]
struct Agreed {
    version: String,
    suite: u16,
    client_bytes: usize,
    server_bytes: usize,
}

impl fmt::Display for Agreed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} suite {:#06x}, handshake bytes client→server {}, server→client {}",
            self.version, self.suite, self.client_bytes, self.server_bytes
        )
    }
}

/// OpenSSL's spelling, to compare with `SslRef::version_str`.
fn protocol_name(protocol: SslProtocol) -> String {
    match protocol {
        SslProtocol::TLS13 => "TLSv1.3".into(),
        SslProtocol::TLS12 => "TLSv1.2".into(),
        other => format!("{other:?}"),
    }
}

fn agreed_ours(c: &OursStream, s: &OursStream) -> Agreed {
    let ctx = c.context();
    Agreed {
        version: protocol_name(ctx.negotiated_protocol_version().unwrap()),
        suite: ctx.negotiated_cipher().unwrap(),
        client_bytes: c.get_ref().written,
        server_bytes: s.get_ref().written,
    }
}

fn agreed_callbacks(c: &CbSide, s: &CbSide) -> Agreed {
    Agreed {
        version: protocol_name(c.ctx.negotiated_protocol_version()),
        suite: c.ctx.negotiated_cipher().unwrap(),
        client_bytes: c.end.written.get(),
        server_bytes: s.end.written.get(),
    }
}

fn agreed_openssl(c: &OsslStream, s: &OsslStream) -> Agreed {
    let cipher = c.ssl().current_cipher().expect("negotiated cipher");
    Agreed {
        version: c.ssl().version_str().to_string(),
        suite: u16::from_be_bytes(cipher.protocol_id()),
        client_bytes: c.get_ref().written,
        server_bytes: s.get_ref().written,
    }
}

/// Handshakes once with each implementation, checks that they agree on version and suite,
/// that a client trusting another CA fails on each, and that data arrives intact.
fn sanity(setup: &Setup, proto: Proto) {
    let ctxs = openssl_contexts(setup, proto, &setup.ca_x509);
    let mut ours = handshake_ours(setup, proto, &setup.ca).expect("ours: handshake");
    let mut cb = handshake_callbacks(setup, proto, &setup.ca).expect("callbacks: handshake");
    let mut os = handshake_openssl(&ctxs).expect("openssl: handshake");
    let agreed = [
        agreed_ours(&ours.0, &ours.1),
        agreed_callbacks(&cb.0, &cb.1),
        agreed_openssl(&os.0, &os.1),
    ];
    println!("{}: negotiated", proto.label);
    for (name, a) in ["ours", "ours (C callbacks)", "openssl crate"]
        .iter()
        .zip(&agreed)
    {
        println!("  - {name:<19} {a}");
    }
    for a in &agreed {
        let expected = if proto.restrict {
            proto.suite
        } else {
            agreed[0].suite
        };
        assert_eq!(a.suite, expected, "{}: cipher suites differ", proto.label);
    }
    let data: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    check_transfer(&mut ours.0, &mut ours.1, &data, "ours");
    check_transfer(&mut cb.0, &mut cb.1, &data, "callbacks");
    check_transfer(&mut os.0, &mut os.1, &data, "openssl");

    let wrong = openssl_contexts(setup, proto, &setup.other_ca_x509);
    let failures = [
        handshake_ours(setup, proto, &setup.other_ca).err(),
        handshake_callbacks(setup, proto, &setup.other_ca).err(),
        handshake_openssl(&wrong).err(),
    ];
    for (name, failure) in ["ours", "callbacks", "openssl"].iter().zip(&failures) {
        assert!(
            failure.is_some(),
            "{}: {name} accepted a server its CA did not sign: verification is off",
            proto.label
        );
    }
    println!(
        "  - a client trusting another CA fails on all three: {}",
        failures.map(|f| f.unwrap_or_default()).join(" | ")
    );
}

fn bulk(setup: &Setup, proto: Proto, knobs: &Knobs) -> Row {
    let began = Instant::now();
    let ctxs = openssl_contexts(setup, proto, &setup.ca_x509);
    let mut ours = handshake_ours(setup, proto, &setup.ca).expect("ours: handshake");
    let mut cb = handshake_callbacks(setup, proto, &setup.ca).expect("callbacks: handshake");
    let mut os = handshake_openssl(&ctxs).expect("openssl: handshake");
    let chunk: Vec<u8> = (0..CHUNK).map(|i| (i * 7 + 3) as u8).collect();
    let mut buf = vec![0u8; CHUNK];
    let total = knobs.bulk_bytes.max(CHUNK);
    let mut samples: [Vec<f64>; 3] = Default::default();
    // Round 0 is the warm-up.
    for round in 0..=knobs.runs {
        for (i, imp) in rotation(round) {
            let t = match imp {
                Imp::Ours => pump(&mut ours.0, &mut ours.1, total, &chunk, &mut buf),
                Imp::Callbacks => pump(&mut cb.0, &mut cb.1, total, &chunk, &mut buf),
                Imp::Openssl => pump(&mut os.0, &mut os.1, total, &chunk, &mut buf),
            };
            if round > 0 {
                samples[i].push(total as f64 / t.as_secs_f64() / 1e6);
            }
        }
    }
    Row {
        name: format!(
            "bulk {} {}, {} MiB in 16 KiB writes",
            proto.label,
            proto.suite_name,
            total >> 20
        ),
        unit: "MB/s",
        stat: Stat::Best,
        samples,
        took: began.elapsed(),
    }
}

fn handshakes(setup: &Setup, proto: Proto, knobs: &Knobs) -> Row {
    let began = Instant::now();
    let ctxs = openssl_contexts(setup, proto, &setup.ca_x509);
    let mut samples: [Vec<f64>; 3] = Default::default();
    for round in 0..=knobs.runs {
        let n = if round == 0 {
            (knobs.handshakes / 5).max(1)
        } else {
            knobs.handshakes
        };
        for (i, imp) in rotation(round) {
            let start = Instant::now();
            for _ in 0..n {
                match imp {
                    Imp::Ours => drop(handshake_ours(setup, proto, &setup.ca).expect("ours")),
                    Imp::Callbacks => {
                        drop(handshake_callbacks(setup, proto, &setup.ca).expect("callbacks"))
                    }
                    Imp::Openssl => drop(handshake_openssl(&ctxs).expect("openssl")),
                }
            }
            if round > 0 {
                samples[i].push(n as f64 / start.elapsed().as_secs_f64());
            }
        }
    }
    Row {
        name: format!(
            "full handshakes {} ECDSA P-256, {} per run",
            proto.label, knobs.handshakes
        ),
        unit: "handshakes/s",
        stat: Stat::Median,
        samples,
        took: began.elapsed(),
    }
}

// ---------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / 2.0
    }
}

/// How a row sums up its runs. Bulk takes the best run: on a shared machine, interference
/// only ever slows a run down. Handshakes take the median.
#[derive(Clone, Copy)]
enum Stat {
    Best,
    Median,
}

impl Stat {
    fn of(self, values: &[f64]) -> f64 {
        match self {
            Stat::Best => values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            Stat::Median => median(values),
        }
    }

    fn label(self) -> &'static str {
        match self {
            Stat::Best => "best",
            Stat::Median => "median",
        }
    }
}

/// "1234.5 ±0.8%": the summary and half the min–max range, relative to it.
fn cell(stat: Stat, values: &[f64]) -> String {
    let m = stat.of(values);
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let spread = if m > 0.0 {
        (hi - lo) / 2.0 / m * 100.0
    } else {
        0.0
    };
    format!("{m:.1} ±{spread:.1}%")
}

fn main() {
    // `cargo bench` passes `--bench`; without it (`cargo test --all-targets` runs this in a
    // debug build) only a smoke run checks that everything works. Other arguments are ignored.
    let smoke = !env::args().any(|a| a == "--bench");
    let knobs = Knobs::from_env(smoke);
    let started = Instant::now();
    println!("# secure-transport vs the openssl crate");
    println!();
    if smoke {
        println!("smoke run (no --bench argument): tiny sizes, the numbers mean nothing");
    }
    println!("{}", openssl::version::version());
    println!(
        "one thread, in-memory pipe (VecDeque queues); {} timed runs after a warm-up, the \
         implementations taking turns; bulk reports the best run, handshakes the median; \
         ± is half the min-max range",
        knobs.runs
    );
    let setup = Setup::new();
    println!();
    for proto in [TLS13, TLS12] {
        sanity(&setup, proto);
        sanity(&setup, proto.unrestricted());
    }

    let mut rows = Vec::new();
    for proto in [TLS13, TLS12] {
        if knobs.wants(&format!("bulk {}", proto.label)) {
            rows.push(bulk(&setup, proto, &knobs));
        }
    }
    for proto in [TLS13, TLS12] {
        if knobs.wants(&format!("handshakes {}", proto.label)) {
            rows.push(handshakes(&setup, proto.unrestricted(), &knobs));
        }
    }

    println!();
    println!(
        "| measurement | unit | ours | ours (C callbacks) | openssl crate | ratio ours/openssl | ratio callbacks/openssl |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|");
    let mut min_ours: Option<(f64, &str)> = None;
    let mut min_cb: Option<(f64, &str)> = None;
    for row in &rows {
        let [ours, cb, os] = &row.samples;
        let stat = row.stat;
        let ratio_ours = stat.of(ours) / stat.of(os);
        let ratio_cb = stat.of(cb) / stat.of(os);
        println!(
            "| {} | {}, {} of {} | {} | {} | {} | {:.3} | {:.3} |",
            row.name,
            row.unit,
            stat.label(),
            ours.len(),
            cell(stat, ours),
            cell(stat, cb),
            cell(stat, os),
            ratio_ours,
            ratio_cb
        );
        if min_ours.map_or(true, |(r, _)| ratio_ours < r) {
            min_ours = Some((ratio_ours, &row.name));
        }
        if min_cb.map_or(true, |(r, _)| ratio_cb < r) {
            min_cb = Some((ratio_cb, &row.name));
        }
    }
    println!();
    for row in &rows {
        println!("({}: {:.1} s)", row.name, row.took.as_secs_f64());
    }
    if let (Some((ours, ours_at)), Some((cb, cb_at))) = (min_ours, min_cb) {
        println!(
            "minimum ratio ours/openssl: {ours:.3} ({ours_at}); callbacks/openssl: {cb:.3} ({cb_at}); total {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
}
