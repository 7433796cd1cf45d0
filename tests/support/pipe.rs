//! Apple-style I/O callbacks over in-memory queues, with seeded faults: short reads and
//! writes, one-byte transfers and `errSSLWouldBlock`, the way non-blocking Mac callers see
//! their sockets. Single-threaded: both ends are driven in turn by the test.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use libc::c_void;
use secure_transport::engine::{Context, SslConnectionRef};
use secure_transport::secure_transport::{SslConnectionType, SslProtocolSide};
use secure_transport::status::*;
use secure_transport::OSStatus;

use super::Pki;

/// A small, seeded generator (xorshift64*): the same seed gives the same faults.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// How unkind the transport is.
#[derive(Clone, Copy, Debug)]
pub struct Faults {
    /// Largest transfer per callback call.
    pub max_chunk: usize,
    /// Percent of calls that move one byte only.
    pub one_byte: usize,
    /// Percent of calls that move nothing and return `errSSLWouldBlock`.
    pub would_block: usize,
}

impl Faults {
    pub const NONE: Faults = Faults {
        max_chunk: usize::MAX,
        one_byte: 0,
        would_block: 0,
    };
    pub const HARSH: Faults = Faults {
        max_chunk: 3000,
        one_byte: 15,
        would_block: 20,
    };
}

/// One direction of the connection.
#[derive(Default)]
pub struct Link {
    pub bytes: VecDeque<u8>,
    /// The writer is gone: reads past the queued bytes report EOF with `eof_status`.
    pub closed: bool,
    pub eof_status: OSStatus,
    /// Writes refuse everything (`errSSLWouldBlock`) while set.
    pub blocked: bool,
}

/// A transport failure a test plans: the callback moves `after` more bytes, then returns
/// `status` on that call and every later one (an error, or an EOF status: the peer vanished).
#[derive(Clone, Copy, Debug)]
pub struct Failure {
    pub after: usize,
    pub status: OSStatus,
}

impl Failure {
    /// How many of `n` bytes may move; `Some(status)` once the failure is due.
    fn limit(plan: &mut Option<Failure>, n: &mut usize) -> Option<OSStatus> {
        let failure = plan.as_mut()?;
        *n = (*n).min(failure.after);
        failure.after -= *n;
        (failure.after == 0).then_some(failure.status)
    }
}

/// What a context's callbacks see: where to read, where to write, and the fault plan.
pub struct End {
    pub incoming: Rc<RefCell<Link>>,
    pub outgoing: Rc<RefCell<Link>>,
    faults: Faults,
    rng: Rng,
    /// Callback calls made, for tests that count them.
    pub calls: usize,
    /// Bytes the read and the write callback moved so far.
    pub bytes_read: usize,
    pub bytes_written: usize,
    /// Planned failures of the read and the write callback.
    pub fail_read: Option<Failure>,
    pub fail_write: Option<Failure>,
}

impl End {
    fn chunk(&mut self, wanted: usize) -> Option<usize> {
        self.calls += 1;
        if self.rng.chance(self.faults.would_block) {
            return None;
        }
        let limit = if self.rng.chance(self.faults.one_byte) {
            1
        } else {
            self.faults.max_chunk
        };
        Some(wanted.min(limit))
    }
}

unsafe extern "C" fn read_cb(
    conn: SslConnectionRef,
    data: *mut c_void,
    len: *mut usize,
) -> OSStatus {
    let end = &mut *(conn as *mut End);
    let wanted = *len;
    *len = 0;
    let Some(chunk) = end.chunk(wanted) else {
        return errSSLWouldBlock;
    };
    let mut link = end.incoming.borrow_mut();
    let mut n = chunk.min(link.bytes.len());
    let failed = Failure::limit(&mut end.fail_read, &mut n);
    let out = std::slice::from_raw_parts_mut(data.cast::<u8>(), n);
    for (slot, byte) in out.iter_mut().zip(link.bytes.drain(..n)) {
        *slot = byte;
    }
    *len = n;
    end.bytes_read += n;
    if let Some(status) = failed {
        status
    } else if n == wanted {
        errSecSuccess
    } else if link.closed && link.bytes.is_empty() {
        link.eof_status
    } else {
        errSSLWouldBlock
    }
}

unsafe extern "C" fn write_cb(
    conn: SslConnectionRef,
    data: *const c_void,
    len: *mut usize,
) -> OSStatus {
    let end = &mut *(conn as *mut End);
    let wanted = *len;
    *len = 0;
    if end.outgoing.borrow().blocked {
        return errSSLWouldBlock;
    }
    let Some(mut n) = end.chunk(wanted) else {
        return errSSLWouldBlock;
    };
    let failed = Failure::limit(&mut end.fail_write, &mut n);
    let bytes = std::slice::from_raw_parts(data.cast::<u8>(), n);
    end.outgoing.borrow_mut().bytes.extend(bytes);
    *len = n;
    end.bytes_written += n;
    if let Some(status) = failed {
        status
    } else if n == wanted {
        errSecSuccess
    } else {
        errSSLWouldBlock
    }
}

/// A context wired to one end of a pipe. The context is dropped before its end.
pub struct Side {
    pub ctx: Context,
    pub end: Box<End>,
}

impl Side {
    /// Closes the transport towards the peer: its reads see EOF with `status`.
    pub fn hang_up(&mut self, status: OSStatus) {
        let mut link = self.end.outgoing.borrow_mut();
        link.closed = true;
        link.eof_status = status;
    }

    /// Puts `bytes` on the transport towards this side, as if the peer had sent them.
    pub fn inject(&self, bytes: &[u8]) {
        self.end.incoming.borrow_mut().bytes.extend(bytes);
    }
}

/// A new context of `side`, unconfigured but for its callbacks.
pub fn context(side: SslProtocolSide) -> Context {
    Context::new(side, SslConnectionType::STREAM).expect("SSLCreateContext")
}

/// A client trusting only the test CA (and checking the name "localhost"), and a server
/// with the test identity.
pub fn contexts(pki: &Pki) -> (Context, Context) {
    contexts_of(pki, SslConnectionType::STREAM)
}

/// As [`contexts`], for either connection type.
pub fn contexts_of(pki: &Pki, kind: SslConnectionType) -> (Context, Context) {
    let new = |side| Context::new(side, kind).expect("SSLCreateContext");
    let mut client = new(SslProtocolSide::CLIENT);
    client
        .set_trusted_roots(&[pki.ca().certificate()], true)
        .unwrap();
    client.set_peer_domain_name(Some(b"localhost")).unwrap();
    let mut server = new(SslProtocolSide::SERVER);
    server
        .set_certificate(Some(pki.server().identity()), vec![])
        .unwrap();
    (client, server)
}

/// Wires two contexts together through callbacks with `faults`, seeded by `seed`.
pub fn connect(
    mut client: Context,
    mut server: Context,
    faults: Faults,
    seed: u64,
) -> (Side, Side) {
    let up = Rc::new(RefCell::new(Link::default()));
    let down = Rc::new(RefCell::new(Link::default()));
    let wire =
        |ctx: &mut Context, incoming: &Rc<RefCell<Link>>, outgoing: &Rc<RefCell<Link>>, seed| {
            let mut end = Box::new(End {
                incoming: incoming.clone(),
                outgoing: outgoing.clone(),
                faults,
                rng: Rng::new(seed),
                calls: 0,
                bytes_read: 0,
                bytes_written: 0,
                fail_read: None,
                fail_write: None,
            });
            ctx.set_io_funcs(read_cb, write_cb).expect("SSLSetIOFuncs");
            ctx.set_connection(&mut *end as *mut End as SslConnectionRef)
                .expect("SSLSetConnection");
            end
        };
    let client_end = wire(&mut client, &down, &up, seed);
    let server_end = wire(
        &mut server,
        &up,
        &down,
        seed.wrapping_mul(31).wrapping_add(7),
    );
    (
        Side {
            ctx: client,
            end: client_end,
        },
        Side {
            ctx: server,
            end: server_end,
        },
    )
}

/// The client's and the server's handshake results.
pub type Results = (Result<(), OSStatus>, Result<(), OSStatus>);

/// Runs both handshakes in turn until neither would block. Once one side stops (done,
/// paused by a break, or failed), the other gets a bounded number of further turns: it may be
/// waiting for the stopped side. Returns each side's last result.
pub fn handshake(
    client: &mut Side,
    server: &mut Side,
) -> (Result<(), OSStatus>, Result<(), OSStatus>) {
    let blocked = Err(errSSLWouldBlock);
    let mut results = (blocked, blocked);
    let mut turns_left = None;
    for _ in 0..100_000 {
        if results.0 == blocked {
            results.0 = client.ctx.handshake().map_err(|e| e.code());
        }
        if results.1 == blocked {
            results.1 = server.ctx.handshake().map_err(|e| e.code());
        }
        if results.0 != blocked && results.1 != blocked {
            return results;
        }
        if results.0 != blocked || results.1 != blocked {
            let left: u32 = *turns_left.get_or_insert(10_000);
            if left == 0 {
                return results;
            }
            turns_left = Some(left - 1);
        }
    }
    panic!("handshake did not finish: {results:?}");
}
