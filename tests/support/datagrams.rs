//! Apple-style datagram callbacks over in-memory queues: each write callback call is one
//! datagram, each read callback call returns one. Seeded faults lose, duplicate and reorder
//! datagrams, as UDP may. Single-threaded: the test drives both ends in turn.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::time::{Duration, Instant};

use libc::c_void;
use secure_transport::engine::{Context, SslConnectionRef};
use secure_transport::secure_transport::{SslConnectionType, SslProtocolSide};
use secure_transport::status::*;
use secure_transport::OSStatus;

use super::pipe::Rng;
use super::Pki;

/// What the network does to datagrams, in percent.
#[derive(Clone, Copy, Debug)]
pub struct Network {
    pub loss: usize,
    pub duplicate: usize,
    pub reorder: usize,
}

impl Network {
    pub const PERFECT: Network = Network {
        loss: 0,
        duplicate: 0,
        reorder: 0,
    };
}

/// One direction: datagrams in flight, every one ever sent, and how many the network lost.
#[derive(Default)]
pub struct Wire {
    pub in_flight: VecDeque<Vec<u8>>,
    pub sent: Vec<Vec<u8>>,
    pub lost: usize,
}

/// One end: what it reads, what it writes, and the network in between.
pub struct End {
    pub incoming: Rc<RefCell<Wire>>,
    pub outgoing: Rc<RefCell<Wire>>,
    pub network: Network,
    rng: Rng,
    /// When set, the read or the write callback fails with this status.
    pub fail_read: Option<OSStatus>,
    pub fail_write: Option<OSStatus>,
}

unsafe extern "C" fn read_cb(
    conn: SslConnectionRef,
    data: *mut c_void,
    len: *mut usize,
) -> OSStatus {
    let end = &mut *(conn as *mut End);
    if let Some(status) = end.fail_read {
        *len = 0;
        return status;
    }
    match end.incoming.borrow_mut().in_flight.pop_front() {
        Some(datagram) => {
            // A datagram larger than the buffer is cut, as recv() does.
            let n = datagram.len().min(*len);
            std::ptr::copy_nonoverlapping(datagram.as_ptr(), data.cast::<u8>(), n);
            *len = n;
            errSecSuccess
        }
        None => {
            *len = 0;
            errSSLWouldBlock
        }
    }
}

unsafe extern "C" fn write_cb(
    conn: SslConnectionRef,
    data: *const c_void,
    len: *mut usize,
) -> OSStatus {
    let end = &mut *(conn as *mut End);
    if let Some(status) = end.fail_write {
        *len = 0;
        return status;
    }
    let datagram = std::slice::from_raw_parts(data.cast::<u8>(), *len).to_vec();
    let network = end.network;
    let mut wire = end.outgoing.borrow_mut();
    wire.sent.push(datagram.clone());
    if end.rng.chance(network.loss) {
        wire.lost += 1;
        return errSecSuccess;
    }
    let copies = if end.rng.chance(network.duplicate) {
        2
    } else {
        1
    };
    for _ in 0..copies {
        if end.rng.chance(network.reorder) && !wire.in_flight.is_empty() {
            let at = end.rng.below(wire.in_flight.len());
            wire.in_flight.insert(at, datagram.clone());
        } else {
            wire.in_flight.push_back(datagram.clone());
        }
    }
    errSecSuccess
}

/// A datagram context wired to one end. The context is dropped before its end.
pub struct Side {
    pub ctx: Context,
    pub end: Box<End>,
}

/// A new DTLS context of `side`.
pub fn context(side: SslProtocolSide) -> Context {
    Context::new(side, SslConnectionType::DATAGRAM).expect("SSLCreateContext(kSSLDatagramType)")
}

/// A DTLS client trusting only the test CA (name "localhost") and a server with its identity.
pub fn contexts(pki: &Pki) -> (Context, Context) {
    super::pipe::contexts_of(pki, SslConnectionType::DATAGRAM)
}

/// Wires two contexts through `network`, seeded by `seed`.
pub fn connect(
    mut client: Context,
    mut server: Context,
    network: Network,
    seed: u64,
) -> (Side, Side) {
    let up = Rc::new(RefCell::new(Wire::default()));
    let down = Rc::new(RefCell::new(Wire::default()));
    let wire =
        |ctx: &mut Context, incoming: &Rc<RefCell<Wire>>, outgoing: &Rc<RefCell<Wire>>, seed| {
            let mut end = Box::new(End {
                incoming: incoming.clone(),
                outgoing: outgoing.clone(),
                network,
                rng: Rng::new(seed),
                fail_read: None,
                fail_write: None,
            });
            ctx.set_io_funcs(read_cb, write_cb).expect("SSLSetIOFuncs");
            ctx.set_connection(&mut *end as *mut End as SslConnectionRef)
                .expect("SSLSetConnection");
            end
        };
    let client_end = wire(&mut client, &down, &up, seed);
    let server_end = wire(&mut server, &up, &down, seed ^ 0x5eed);
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

/// Runs both handshakes until neither would block, as Apple's callers do: call again after
/// `errSSLWouldBlock`, and let time pass so lost flights are sent again. Bounded by
/// `limit`. Returns each side's last result.
pub fn handshake(
    client: &mut Side,
    server: &mut Side,
    limit: Duration,
) -> (Result<(), OSStatus>, Result<(), OSStatus>) {
    let blocked = Err(errSSLWouldBlock);
    let mut results = (blocked, blocked);
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if results.0 == blocked {
            results.0 = client.ctx.handshake().map_err(|e| e.code());
        }
        if results.1 == blocked {
            results.1 = server.ctx.handshake().map_err(|e| e.code());
        }
        if results.0 != blocked && results.1 != blocked {
            return results;
        }
        let idle = client.end.incoming.borrow().in_flight.is_empty()
            && server.end.incoming.borrow().in_flight.is_empty();
        if idle {
            // Everything in flight was lost or is waiting for a timer.
            std::thread::sleep(Duration::from_millis(20));
        }
        if results.0 != blocked || results.1 != blocked {
            // One side is done; the other may still need the done side's last flight again,
            // which the done side sends from SSLRead (no data flows yet).
            let mut byte = [0u8; 1];
            if results.0 == Ok(()) {
                let _ = client.ctx.read(&mut byte);
            }
            if results.1 == Ok(()) {
                let _ = server.ctx.read(&mut byte);
            }
        }
    }
    results
}
