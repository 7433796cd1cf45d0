//! Engine contexts on the two ends of a [`wire`](crate::wire), both driven by the test's
//! thread, and the handshake driver Apple's callers would write: call again after
//! `errSSLWouldBlock`.

use std::thread;
use std::time::{Duration, Instant};

use secure_transport::engine::Context;
use secure_transport::secure_transport::{SslConnectionType, SslProtocol, SslProtocolSide};
use secure_transport::status::errSSLWouldBlock;
use secure_transport::OSStatus;

use crate::peers::POLL;
use crate::pki::Pki;
use crate::wire::{self, End, Faults, Mode};

/// Handshake turns (one step of each side) before the driver gives up.
const MAX_TURNS: usize = 100_000;
/// Turns the other side gets once one side has stopped: it may be waiting for it.
const TURNS_AFTER_ONE_STOPPED: usize = 10_000;
/// Bound on one wait for a DTLS retransmission (OpenSSL's timer starts at 1 s and
/// doubles with each loss in a row).
const RETRANSMISSION_WAIT: Duration = Duration::from_secs(20);

/// A context wired to one end of a wire. The context is dropped before its end.
pub struct Side {
    /// The context.
    pub ctx: Context,
    /// The end its callbacks read and write.
    pub end: Box<End>,
}

/// The client's and the server's handshake results.
pub type Results = (Result<(), OSStatus>, Result<(), OSStatus>);

/// A new stream context of `side`, unconfigured.
pub fn context(side: SslProtocolSide) -> Context {
    Context::new(side, SslConnectionType::STREAM).expect("SSLCreateContext")
}

/// A stream client trusting only the test CA (and checking the name "localhost"), and a
/// server with the test identity.
pub fn contexts(pki: &Pki) -> (Context, Context) {
    contexts_of(pki, SslConnectionType::STREAM)
}

/// As [`contexts`], both raised to TLS 1.3 (`SSLSetProtocolVersionMax(kTLSProtocol13)`):
/// contexts stop at TLS 1.2 unless asked, as Apple's do.
pub fn contexts_tls13(pki: &Pki) -> (Context, Context) {
    let (mut client, mut server) = contexts(pki);
    for ctx in [&mut client, &mut server] {
        ctx.set_protocol_version_max(SslProtocol::TLS13)
            .expect("SSLSetProtocolVersionMax");
    }
    (client, server)
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

/// Points `ctx`'s callbacks at `end`.
fn attach(ctx: &mut Context, end: &End) {
    ctx.set_io_funcs(wire::read_cb, wire::write_cb)
        .expect("SSLSetIOFuncs");
    ctx.set_connection(end.connection())
        .expect("SSLSetConnection");
}

/// Wires two contexts together (a stream or datagram wire, as the client's type), each end
/// with `faults` seeded from `seed`.
pub fn connect(
    mut client: Context,
    mut server: Context,
    faults: Faults,
    seed: u64,
) -> (Side, Side) {
    let mode = match client.connection_type() {
        SslConnectionType::DATAGRAM => Mode::Datagram,
        _ => Mode::Stream,
    };
    let (client_end, server_end) = wire::pair(mode);
    let side = |ctx: &mut Context, end: End, seed: u64| {
        let end = Box::new(end);
        end.set_faults(faults, seed);
        attach(ctx, &end);
        end
    };
    let client_end = side(&mut client, client_end, seed);
    let server_end = side(
        &mut server,
        server_end,
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

/// Runs both handshakes in turn until neither would block. Once one side stops (done,
/// paused by a break, or failed), the other gets a bounded number of further turns: it may
/// be waiting for the stopped side. Returns each side's last result.
///
/// On datagrams a finished side also reads (it sends its last flight again from
/// `SSLRead`), and when nothing is in flight the driver waits for a retransmission: lost
/// datagrams come again only when OpenSSL's DTLS timer runs out.
pub fn handshake(client: &mut Side, server: &mut Side) -> Results {
    let blocked = Err(errSSLWouldBlock);
    let mut results = (blocked, blocked);
    let mut turns_left = TURNS_AFTER_ONE_STOPPED;
    let datagram = client.end.mode() == Mode::Datagram;
    for _ in 0..MAX_TURNS {
        turn(client, server, &mut results);
        if results.0 != blocked && results.1 != blocked {
            return results;
        }
        if results.0 != blocked || results.1 != blocked {
            if turns_left == 0 {
                return results;
            }
            turns_left -= 1;
        }
        if datagram
            && idle(client, server)
            && !wait_for_retransmission(client, server, &mut results)
        {
            return results;
        }
    }
    panic!("handshake did not finish: {results:?}");
}

/// One step of each side still handshaking; on datagrams, a read of each finished side.
fn turn(client: &mut Side, server: &mut Side, results: &mut Results) {
    let datagram = client.end.mode() == Mode::Datagram;
    for (side, result) in [
        (&mut *client, &mut results.0),
        (&mut *server, &mut results.1),
    ] {
        if *result == Err(errSSLWouldBlock) {
            *result = side.ctx.handshake().map_err(|e| e.code());
        } else if datagram && *result == Ok(()) {
            let _ = side.ctx.read(&mut [0u8; 1]);
        }
    }
}

/// Nothing in flight either way.
fn idle(client: &Side, server: &Side) -> bool {
    client.end.queued() == 0 && server.end.queued() == 0
}

/// Polls (bounded by [`RETRANSMISSION_WAIT`]) until a datagram is in flight or a result
/// changes; false if neither happened.
fn wait_for_retransmission(client: &mut Side, server: &mut Side, results: &mut Results) -> bool {
    let before = *results;
    let deadline = Instant::now() + RETRANSMISSION_WAIT;
    while Instant::now() < deadline {
        thread::sleep(POLL);
        turn(client, server, results);
        if !idle(client, server) || *results != before {
            return true;
        }
    }
    false
}
