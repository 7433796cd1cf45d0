//! The I/O callback matrix (issue 14, item 1): {read, write} callback × {normal, one byte per
//! call, would block every other call, would block once} × {blocking, non-blocking reads} ×
//! {client, server} × {TLS 1.2, TLS 1.3, DTLS 1.2}. In every cell the handshake completes and
//! 1 MiB moves each way, in lock step, over a socketpair between two threads, as Mac code
//! drives a session on its own socket.
//!
//! Blocking reads really wait (in `poll`), so a session that waits for the peer while its
//! own flight still sits in the write queue deadlocks: each wait is bounded by [`STUCK`], and
//! a cell that meets it fails with a message naming the cell and the phase. A non-blocking
//! caller waits for its socket to be readable, or writable after its write callback refused
//! bytes (as `select` on both would tell it), and calls again.
//!
//! On datagrams a callback moves whole datagrams: the "one byte" cells there use the
//! smallest datagrams OpenSSL allows instead (`SSLSetMaxDatagramRecordSize(256)`).

// Apple's status names, matched as they are.
#![allow(non_upper_case_globals)]

use std::cell::{Cell, RefCell};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::time::{Duration, Instant};

use libc::{c_int, c_void};
use secure_transport::engine::{Context, SslConnectionRef};
use secure_transport::secure_transport::{SslConnectionType, SslProtocol};
use secure_transport::status::*;
use secure_transport::OSStatus;
use secure_transport_test_kit::pairs;
use secure_transport_test_kit::pki::{KeyKind, Pki};

/// The longest a side waits for its peer before the cell counts as deadlocked.
const STUCK: Duration = Duration::from_secs(5);
/// Bytes each way.
const TOTAL: usize = 1 << 20;
/// Calls of one session function a phase may take (one-byte reads take about one per byte).
const MAX_CALLS: usize = 8 << 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Version {
    Tls12,
    Tls13,
    Dtls12,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Direction {
    Read,
    Write,
}

/// What the faulty callback does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Behaviour {
    Normal,
    OneByte,
    /// Every other call (the first, the third, …) moves nothing: `errSSLWouldBlock`.
    EveryOther,
    /// The first call moves nothing: `errSSLWouldBlock`.
    Once,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reads {
    /// The read callback waits for every byte asked for.
    Blocking,
    /// The read callback returns what the socket has, `errSSLWouldBlock` if short.
    NonBlocking,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Client,
    Server,
}

#[derive(Clone, Copy, Debug)]
struct Case {
    version: Version,
    role: Role,
    direction: Direction,
    behaviour: Behaviour,
    reads: Reads,
}

impl Behaviour {
    /// Whether call number `call` (from 0) moves nothing.
    fn refuses(self, call: u64) -> bool {
        match self {
            Behaviour::EveryOther => call.is_multiple_of(2),
            Behaviour::Once => call == 0,
            Behaviour::Normal | Behaviour::OneByte => false,
        }
    }
}

/// One side's end of the socketpair and how its callbacks behave. Used by the thread that
/// drives the side's context only.
struct Link {
    fd: OwnedFd,
    datagram: bool,
    reads: Reads,
    read_fault: Behaviour,
    write_fault: Behaviour,
    read_calls: Cell<u64>,
    write_calls: Cell<u64>,
    /// Calls the fault made move nothing, or (one byte) less than asked.
    faults_met: Cell<u64>,
    /// The last write call took less than it was given: the socket looked full.
    write_refused: Cell<bool>,
    /// A read waited [`STUCK`] for the peer.
    stuck: Cell<bool>,
    /// Stream bytes received (`filled` of them), handed to the session from `taken` on.
    buffered: RefCell<Box<[u8]>>,
    filled: Cell<usize>,
    taken: Cell<usize>,
    /// Bytes the one-byte write callback took and has not sent yet: sent together before
    /// the side waits, so that the peer does not read them one by one.
    unsent: RefCell<Vec<u8>>,
}

impl Link {
    fn new(fd: OwnedFd, case: &Case, faulty: bool) -> Box<Link> {
        let fault = |direction| {
            if faulty && case.direction == direction {
                case.behaviour
            } else {
                Behaviour::Normal
            }
        };
        Box::new(Link {
            fd,
            datagram: case.version == Version::Dtls12,
            reads: case.reads,
            read_fault: fault(Direction::Read),
            write_fault: fault(Direction::Write),
            read_calls: Cell::new(0),
            write_calls: Cell::new(0),
            faults_met: Cell::new(0),
            write_refused: Cell::new(false),
            stuck: Cell::new(false),
            buffered: RefCell::new(vec![0; 65536].into_boxed_slice()),
            filled: Cell::new(0),
            taken: Cell::new(0),
            unsent: RefCell::default(),
        })
    }

    fn connection(&self) -> SslConnectionRef {
        (self as *const Link).cast()
    }

    /// Waits (bounded by [`STUCK`]) until the socket is readable; false if it never was.
    /// What the one-byte write callback took goes out first: the peer may wait for it.
    fn wait_readable(&self) -> bool {
        if self.send_unsent() != errSecSuccess {
            return false;
        }
        let mut poll = libc::pollfd {
            fd: self.fd.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        let millis = STUCK.as_millis() as c_int;
        // SAFETY: one valid pollfd.
        let ready = unsafe { libc::poll(&mut poll, 1, millis) };
        if ready == 0 {
            self.stuck.set(true);
        }
        ready != 0
    }

    /// One `recv` without waiting: bytes, 0 at EOF, or None when nothing is there.
    fn recv_now(&self, buf: &mut [u8]) -> Option<usize> {
        // SAFETY: `buf` is valid for its length.
        let n = unsafe {
            libc::recv(
                self.fd.as_raw_fd(),
                buf.as_mut_ptr().cast(),
                buf.len(),
                libc::MSG_DONTWAIT,
            )
        };
        match n {
            0.. => Some(n as usize),
            _ => None,
        }
    }

    /// A stream read of up to `buf.len()` bytes, from what is buffered first; blocking reads
    /// wait for all of them.
    fn read_stream(&self, buf: &mut [u8]) -> (usize, OSStatus) {
        let mut got = 0;
        let mut buffered = self.buffered.borrow_mut();
        while got < buf.len() {
            let (taken, filled) = (self.taken.get(), self.filled.get());
            if taken < filled {
                let n = (filled - taken).min(buf.len() - got);
                buf[got..got + n].copy_from_slice(&buffered[taken..taken + n]);
                self.taken.set(taken + n);
                got += n;
                continue;
            }
            match self.recv_now(&mut buffered) {
                Some(0) => return (got, errSSLClosedGraceful),
                Some(n) => {
                    self.filled.set(n);
                    self.taken.set(0);
                }
                None if self.reads == Reads::NonBlocking => return (got, errSSLWouldBlock),
                None if !self.wait_readable() => return (got, errSecIO),
                None => {}
            }
        }
        (got, errSecSuccess)
    }

    /// Whether received bytes wait in the buffer.
    fn has_buffered(&self) -> bool {
        self.taken.get() < self.filled.get()
    }

    /// One datagram into `buf`; blocking reads wait for it.
    fn read_datagram(&self, buf: &mut [u8]) -> (usize, OSStatus) {
        loop {
            match self.recv_now(buf) {
                Some(0) => return (0, errSSLClosedGraceful),
                Some(n) => return (n, errSecSuccess),
                None if self.reads == Reads::NonBlocking => return (0, errSSLWouldBlock),
                None if !self.wait_readable() => return (0, errSecIO),
                None => {}
            }
        }
    }

    /// Sends what the one-byte write callback took so far.
    fn send_unsent(&self) -> OSStatus {
        let mut unsent = self.unsent.borrow_mut();
        let status = self.send_all(&unsent);
        unsent.clear();
        status
    }

    /// Sends all of `data` (the socket is blocking; lock step keeps its buffer from filling).
    fn send_all(&self, data: &[u8]) -> OSStatus {
        let mut sent = 0;
        while sent < data.len() {
            // SAFETY: `data` is valid for its length.
            let n = unsafe {
                libc::send(
                    self.fd.as_raw_fd(),
                    data[sent..].as_ptr().cast(),
                    data.len() - sent,
                    libc::MSG_NOSIGNAL,
                )
            };
            if n < 0 {
                return errSecIO;
            }
            sent += n as usize;
        }
        errSecSuccess
    }
}

/// `SSLReadFunc` of a [`Link`].
unsafe extern "C" fn link_read(
    connection: SslConnectionRef,
    data: *mut c_void,
    len: *mut usize,
) -> OSStatus {
    // SAFETY: the context's connection is a live Link used by this thread only; `data` has
    // room for `*len` bytes.
    let (link, buf) = unsafe {
        (
            &*connection.cast::<Link>(),
            std::slice::from_raw_parts_mut(data.cast::<u8>(), *len),
        )
    };
    let call = link.read_calls.get();
    link.read_calls.set(call + 1);
    let (n, status) = if link.read_fault.refuses(call) {
        link.faults_met.set(link.faults_met.get() + 1);
        (0, errSSLWouldBlock)
    } else if link.datagram {
        link.read_datagram(buf)
    } else if link.read_fault == Behaviour::OneByte && buf.len() > 1 {
        link.faults_met.set(link.faults_met.get() + 1);
        match link.read_stream(&mut buf[..1]) {
            (1, errSecSuccess) => (1, errSSLWouldBlock),
            other => other,
        }
    } else {
        link.read_stream(buf)
    };
    // SAFETY: as above.
    unsafe { *len = n };
    status
}

/// `SSLWriteFunc` of a [`Link`].
unsafe extern "C" fn link_write(
    connection: SslConnectionRef,
    data: *const c_void,
    len: *mut usize,
) -> OSStatus {
    // SAFETY: as in `link_read`, with `*len` readable bytes at `data`.
    let (link, data) = unsafe {
        (
            &*connection.cast::<Link>(),
            std::slice::from_raw_parts(data.cast::<u8>(), *len),
        )
    };
    let call = link.write_calls.get();
    link.write_calls.set(call + 1);
    let one_byte = link.write_fault == Behaviour::OneByte && !link.datagram && data.len() > 1;
    let (n, status) = if link.write_fault.refuses(call) {
        (0, errSSLWouldBlock)
    } else if one_byte {
        link.unsent.borrow_mut().push(data[0]);
        (1, errSSLWouldBlock)
    } else {
        match link.send_unsent() {
            errSecSuccess => (data.len(), link.send_all(data)),
            failure => (0, failure),
        }
    };
    let refused = status == errSSLWouldBlock;
    link.write_refused.set(refused);
    if refused {
        link.faults_met.set(link.faults_met.get() + 1);
    }
    // SAFETY: as above.
    unsafe { *len = n };
    status
}

/// A context driven by one thread, as Mac code drives it: call again after
/// `errSSLWouldBlock`, at once with blocking reads, once the socket is ready without.
struct Side {
    ctx: Context,
    link: Box<Link>,
    name: &'static str,
}

impl Side {
    /// Decides what to do after `errSSLWouldBlock` in `phase`.
    fn wait(&self, phase: &str) -> Result<(), String> {
        if self.link.reads == Reads::Blocking || self.link.write_refused.replace(false) {
            return Ok(());
        }
        if !self.link.has_buffered() && !self.link.wait_readable() {
            return Err(format!(
                "{}: deadlock, waited {STUCK:?} for the peer during {phase}",
                self.name
            ));
        }
        Ok(())
    }

    /// Why `status` ended `phase`: a deadlock if a blocking read gave up waiting.
    fn failed(&self, phase: &str, status: OSStatus) -> String {
        if self.link.stuck.get() {
            format!(
                "{}: deadlock, a blocking read waited {STUCK:?} for the peer during {phase}",
                self.name
            )
        } else {
            format!("{}: {phase} failed with {status}", self.name)
        }
    }

    fn handshake(&mut self) -> Result<(), String> {
        for _ in 0..MAX_CALLS {
            match self.ctx.handshake().map_err(|e| e.code()) {
                Ok(()) => return Ok(()),
                Err(errSSLWouldBlock) => self.wait("the handshake")?,
                Err(status) => return Err(self.failed("the handshake", status)),
            }
        }
        Err(format!("{}: the handshake never ended", self.name))
    }

    /// `SSLWrite` of all of `data`, then empty writes until the queue drained.
    fn write_all(&mut self, data: &[u8]) -> Result<(), String> {
        let mut pending = data;
        for _ in 0..MAX_CALLS {
            let (n, result) = self.ctx.write(pending);
            assert!(
                n == 0 || n == pending.len(),
                "SSLWrite takes all or nothing"
            );
            pending = &pending[n..];
            match result.map_err(|e| e.code()) {
                Ok(()) if pending.is_empty() => return Ok(()),
                Ok(()) | Err(errSSLWouldBlock) => self.wait("a write")?,
                Err(status) => return Err(self.failed("a write", status)),
            }
        }
        Err(format!("{}: a write never drained", self.name))
    }

    /// `SSLRead` until `buf` is full.
    fn read_exact(&mut self, buf: &mut [u8]) -> Result<(), String> {
        let mut got = 0;
        for _ in 0..MAX_CALLS {
            if got == buf.len() {
                return Ok(());
            }
            let (n, result) = self.ctx.read(&mut buf[got..]);
            got += n;
            match result.map_err(|e| e.code()) {
                Ok(()) => {}
                Err(errSSLWouldBlock) if got < buf.len() => self.wait("a read")?,
                Err(errSSLWouldBlock) => {}
                Err(status) => return Err(self.failed("a read", status)),
            }
        }
        Err(format!("{}: a read never filled its buffer", self.name))
    }

    /// Handshake, then [`TOTAL`] bytes each way in lock step (`chunk` at a time, each side
    /// writing first), then `SSLClose`.
    fn run(mut self, chunk: usize) -> Result<Box<Link>, String> {
        self.handshake()?;
        let peer = if self.name == "client" {
            "server"
        } else {
            "client"
        };
        let (outgoing, expected) = (payload(self.name), payload(peer));
        let mut incoming = vec![0u8; chunk];
        let rounds = outgoing.chunks(chunk).zip(expected.chunks(chunk));
        for (round, (out, want)) in rounds.enumerate() {
            self.write_all(out)?;
            self.read_exact(&mut incoming)?;
            if incoming != want {
                return Err(format!("{}: round {round} received other bytes", self.name));
            }
        }
        self.close()?;
        self.link.send_unsent();
        Ok(self.link)
    }

    /// `SSLClose`, called again while its close_notify cannot drain.
    fn close(&mut self) -> Result<(), String> {
        for _ in 0..MAX_CALLS {
            match self.ctx.close().map_err(|e| e.code()) {
                Ok(()) => return Ok(()),
                Err(errSSLWouldBlock) => self.wait("SSLClose")?,
                Err(status) => return Err(self.failed("SSLClose", status)),
            }
        }
        Err(format!("{}: SSLClose never drained", self.name))
    }
}

/// The bytes `sender` writes.
fn payload(sender: &str) -> Vec<u8> {
    let salt = sender.len();
    (0..TOTAL)
        .map(|i| (i * 7 + salt + (i >> 9)) as u8)
        .collect()
}

/// Two connected sockets: a byte stream, or a reliable datagram pair for DTLS.
fn socketpair(datagram: bool) -> (OwnedFd, OwnedFd) {
    let kind = if datagram {
        libc::SOCK_SEQPACKET
    } else {
        libc::SOCK_STREAM
    };
    let mut fds = [0 as c_int; 2];
    // SAFETY: `fds` has room for the two descriptors.
    let ok = unsafe {
        libc::socketpair(
            libc::AF_UNIX,
            kind | libc::SOCK_CLOEXEC,
            0,
            fds.as_mut_ptr(),
        )
    };
    assert_eq!(ok, 0, "socketpair: {}", std::io::Error::last_os_error());
    // SAFETY: two fresh descriptors, each owned once.
    unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) }
}

/// Runs one cell; the error names what went wrong where.
fn run_case(pki: &Pki, case: Case) -> Result<(), String> {
    let kind = match case.version {
        Version::Dtls12 => SslConnectionType::DATAGRAM,
        _ => SslConnectionType::STREAM,
    };
    let (mut client, mut server) = pairs::contexts_of(pki, kind);
    match case.version {
        Version::Tls12 => client.set_protocol_version_max(SslProtocol::TLS12).unwrap(),
        Version::Tls13 => {
            for ctx in [&mut client, &mut server] {
                ctx.set_protocol_version_max(SslProtocol::TLS13).unwrap();
            }
        }
        Version::Dtls12 => {
            if case.behaviour == Behaviour::OneByte {
                let faulty = match case.role {
                    Role::Client => &mut client,
                    Role::Server => &mut server,
                };
                faulty.set_max_datagram_record_size(256).unwrap();
            }
        }
    }
    let chunk = match case.version {
        Version::Dtls12 => 4096,
        _ => 16384,
    };
    let (client_fd, server_fd) = socketpair(case.version == Version::Dtls12);
    let side = |mut ctx: Context, fd, name, role| {
        let link = Link::new(fd, &case, role == case.role);
        ctx.set_io_funcs(link_read, link_write).unwrap();
        ctx.set_connection(link.connection()).unwrap();
        Side { ctx, link, name }
    };
    let client = side(client, client_fd, "client", Role::Client);
    let server = side(server, server_fd, "server", Role::Server);
    let started = Instant::now();
    let (client, server) = std::thread::scope(|scope| {
        let client = scope.spawn(move || client.run(chunk));
        let server = scope.spawn(move || server.run(chunk));
        (client.join(), server.join())
    });
    let client = client.map_err(|_| "the client panicked".to_string())??;
    let server = server.map_err(|_| "the server panicked".to_string())??;
    let faulty = match case.role {
        Role::Client => client,
        Role::Server => server,
    };
    // A cell whose fault never fired would test nothing.
    let expects_faults = case.behaviour != Behaviour::Normal
        && !(case.version == Version::Dtls12 && case.behaviour == Behaviour::OneByte);
    if expects_faults && faulty.faults_met.get() == 0 {
        return Err("the fault never fired".into());
    }
    let limit = STUCK * 4;
    if started.elapsed() > limit {
        return Err(format!(
            "took {:?} (more than {limit:?})",
            started.elapsed()
        ));
    }
    Ok(())
}

/// Every cell of one version; fails listing each cell that failed and why.
fn matrix(version: Version) {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let mut failures = Vec::new();
    let mut cells = 0;
    for direction in [Direction::Read, Direction::Write] {
        for behaviour in [
            Behaviour::Normal,
            Behaviour::OneByte,
            Behaviour::EveryOther,
            Behaviour::Once,
        ] {
            for reads in [Reads::Blocking, Reads::NonBlocking] {
                for role in [Role::Client, Role::Server] {
                    let case = Case {
                        version,
                        role,
                        direction,
                        behaviour,
                        reads,
                    };
                    cells += 1;
                    if let Err(why) = run_case(&pki, case) {
                        failures.push(format!("{case:?}: {why}"));
                    }
                }
            }
        }
    }
    assert_eq!(cells, 2 * 4 * 2 * 2);
    assert!(
        failures.is_empty(),
        "{} of {cells} cells failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_callback_behaviour_over_tls12() {
    matrix(Version::Tls12);
}

#[test]
fn every_callback_behaviour_over_tls13() {
    matrix(Version::Tls13);
}

#[test]
fn every_callback_behaviour_over_dtls12() {
    matrix(Version::Dtls12);
}
