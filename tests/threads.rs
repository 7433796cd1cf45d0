//! Load and the thread rules: contexts are independent, so many may run at once on many
//! threads; one context is used by one thread at a time, and may move between threads
//! (`Context` and `SslStream<S: Send>` are `Send`), as Apple's rule allows.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use secure_transport::engine::Context;
use secure_transport::secure_transport::{
    ClientBuilder, SessionState, SslConnectionType, SslProtocol, SslProtocolSide, SslStream,
};
use secure_transport::status::*;
use secure_transport_test_kit::code;
use secure_transport_test_kit::pairs::{self, Side};
use secure_transport_test_kit::peers::Peer;
use secure_transport_test_kit::pki::{KeyKind, Pki};
use secure_transport_test_kit::tcp::{self, accept, connect, tcp_read, tcp_write};
use secure_transport_test_kit::wire::Faults;

/// Threads, and context pairs alive at once on each. `SECURE_TRANSPORT_LOAD_PAIRS` lowers the
/// count where every call is slow (memcheck runs this file under a sanitizer).
const THREADS: usize = 8;

fn pairs_per_thread() -> usize {
    std::env::var("SECURE_TRANSPORT_LOAD_PAIRS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(50)
}

/// A payload unique to (thread, pair), so that crossed wires would show.
fn payload(thread: usize, pair: usize, len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| {
            let seed = (thread * 1000 + pair) as u64;
            ((i as u64 + seed * 7919).wrapping_mul(0x9E37_79B9) >> 16) as u8
        })
        .collect()
}

/// `data` from one side to the other through harsh callbacks (both keep flushing), bounded.
fn send(from: &mut Side, to: &mut Side, data: &[u8]) {
    let (n, result) = from.ctx.write(data);
    assert!(result.is_ok() || result.unwrap_err().code() == errSSLWouldBlock);
    assert!(n == data.len() || n == 0, "SSLWrite takes all or nothing");
    let mut pending = if n == 0 { data } else { &[][..] };
    let mut got = Vec::with_capacity(data.len());
    let mut buf = [0u8; 8192];
    for _ in 0..200_000 {
        if got.len() == data.len() {
            assert_eq!(got, data, "bytes arrived intact");
            return;
        }
        let (n, _) = from.ctx.write(pending);
        if n == pending.len() {
            pending = &[];
        }
        let (n, result) = to.ctx.read(&mut buf);
        if let Err(e) = result {
            assert_eq!(e.code(), errSSLWouldBlock, "SSLRead");
        }
        got.extend_from_slice(&buf[..n]);
    }
    panic!("{} of {} bytes arrived", got.len(), data.len());
}

/// One thread's share: `count` client/server pairs alive at once, through callbacks that
/// cut, block and delay. Every fifth client asks for the wrong host name and must get
/// errSSLXCertChainInvalid (its server errSSLPeerCertUnknown): per-thread OpenSSL error state
/// must not leak between threads. The others handshake, echo 20 KiB and close.
fn load(pki: &Pki, thread: usize, count: usize) -> usize {
    let mut all: Vec<(Side, Side)> = (0..count)
        .map(|pair| {
            let (mut client, server) = pairs::contexts_tls13(pki);
            let version = [SslProtocol::TLS12, SslProtocol::TLS13][pair % 2];
            client.set_protocol_version_max(version).unwrap();
            if pair % 5 == 4 {
                client.set_peer_domain_name(Some(b"wrong.example")).unwrap();
            }
            let seed = (thread * 1000 + pair) as u64;
            pairs::connect(client, server, Faults::HARSH, seed)
        })
        .collect();
    let mut echoed = 0;
    for (pair, (client, server)) in all.iter_mut().enumerate() {
        let results = pairs::handshake(client, server);
        if pair % 5 == 4 {
            let what = format!("thread {thread} pair {pair}");
            assert_eq!(results.0, Err(errSSLXCertChainInvalid), "{what}");
            // The client's alert may still wait in its write queue (the callbacks blocked):
            // SSLClose sends it, as on Apple.
            let closed = (0..1000).find(|_| client.ctx.close().is_ok());
            assert!(closed.is_some(), "{what}: SSLClose never flushed");
            let server_result = std::iter::once(results.1)
                .chain((0..1000).map(|_| server.ctx.handshake().map_err(|e| e.code())))
                .find(|result| *result != Err(errSSLWouldBlock));
            assert_eq!(server_result, Some(Err(errSSLPeerCertUnknown)), "{what}");
            continue;
        }
        assert_eq!(results, (Ok(()), Ok(())), "thread {thread} pair {pair}");
        let request = payload(thread, pair, 20_000);
        send(client, server, &request);
        send(server, client, &request);
        echoed += 1;
    }
    for ctx in all.iter_mut().flat_map(|(c, s)| [&mut c.ctx, &mut s.ctx]) {
        // The close_notify may wait in the queue behind a blocked callback: Apple's SSLClose
        // reports errSSLWouldBlock then, and the session is closed either way.
        let status = code(ctx.close());
        assert!(
            status == errSecSuccess || status == errSSLWouldBlock,
            "SSLClose: {status}"
        );
        assert_eq!(ctx.session_state(), SessionState::CLOSED);
    }
    echoed
}

#[test]
fn many_contexts_at_once_across_threads() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let count = pairs_per_thread();
    let echoed: usize = thread::scope(|scope| {
        let workers: Vec<_> = (0..THREADS)
            .map(|thread| {
                let pki = &pki;
                scope.spawn(move || load(pki, thread, count))
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    assert_eq!(echoed, THREADS * (count - count / 5));
}

/// A context and the socket its callbacks point at, moved together; the context goes first.
struct Connection {
    ctx: Context,
    /// Never read: the context's callbacks point at it.
    _tcp: Box<TcpStream>,
}

impl Connection {
    fn new(side: SslProtocolSide, tcp: TcpStream, pki: &Pki) -> Connection {
        tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        tcp.set_write_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut tcp = Box::new(tcp);
        let mut ctx = Context::new(side, SslConnectionType::STREAM).unwrap();
        ctx.set_protocol_version_max(SslProtocol::TLS13).unwrap();
        ctx.set_io_funcs(tcp_read, tcp_write).unwrap();
        ctx.set_connection(tcp::connection(&mut tcp)).unwrap();
        if side == SslProtocolSide::CLIENT {
            ctx.set_trusted_roots(&[pki.ca().certificate()], true)
                .unwrap();
            ctx.set_peer_domain_name(Some(b"localhost")).unwrap();
        } else {
            ctx.set_certificate(Some(pki.server().identity()), vec![])
                .unwrap();
        }
        Connection { ctx, _tcp: tcp }
    }
}

/// Runs `work` on a new thread that owns `connection`, and hands it back.
fn on_thread(
    mut connection: Connection,
    work: impl FnOnce(&mut Context) + Send + 'static,
) -> thread::JoinHandle<Connection> {
    thread::spawn(move || {
        work(&mut connection.ctx);
        connection
    })
}

/// Contexts made on one thread, handshaken on others, carrying data on yet others, closed
/// and dropped on the first: Apple's rule is one thread at a time, not one thread for life.
#[test]
fn contexts_move_between_threads() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    for round in 0..8u8 {
        let client_tcp = connect(port);
        let server_tcp = accept(&listener).unwrap();
        let client = Connection::new(SslProtocolSide::CLIENT, client_tcp, &pki);
        let server = Connection::new(SslProtocolSide::SERVER, server_tcp, &pki);

        let handshake = |ctx: &mut Context| assert!(ctx.handshake().is_ok());
        let client = on_thread(client, handshake);
        let server = on_thread(server, handshake);
        let (client, server) = (client.join().unwrap(), server.join().unwrap());

        let message = vec![round; 50_000];
        let sent = message.clone();
        let client = on_thread(client, move |ctx| {
            assert_eq!(ctx.write(&sent), (sent.len(), Ok(())));
        });
        let server = on_thread(server, move |ctx| {
            let mut got = Vec::new();
            let mut buf = [0u8; 16384];
            while got.len() < message.len() {
                let (n, result) = ctx.read(&mut buf);
                assert!(result.is_ok(), "SSLRead: {result:?}");
                got.extend_from_slice(&buf[..n]);
            }
            assert_eq!(got, message);
            assert!(ctx.close().is_ok());
        });
        let (mut client, server) = (client.join().unwrap(), server.join().unwrap());
        let mut buf = [0u8; 16];
        let (_, result) = client.ctx.read(&mut buf);
        assert_eq!(result.unwrap_err().code(), errSSLClosedGraceful);
        assert!(client.ctx.close().is_ok());
        assert_eq!(server.ctx.session_state(), SessionState::CLOSED);
        drop((client, server));
    }
}

/// The Rust facade's streams move too: handshake on one thread, I/O on another, against a
/// real `openssl s_server -rev`.
#[test]
fn ssl_streams_move_between_threads() {
    fn is_send<T: Send>(_: &T) {}
    let pki = Pki::new(KeyKind::EcdsaP256);
    let server = Peer::rev_server(&pki, &[]);
    let tcp = connect(server.port);
    tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let ca = pki.ca().certificate();
    let handshaken = thread::spawn(move || {
        ClientBuilder::new()
            .anchor_certificates(&[ca])
            .protocol_max(SslProtocol::TLS13)
            .handshake("localhost", tcp)
            .expect("handshake")
    });
    let stream: SslStream<TcpStream> = handshaken.join().unwrap();
    is_send(&stream);
    let echoed = thread::spawn(move || {
        let mut stream = stream;
        stream.write_all(b"moved\n").unwrap();
        let mut reply = [0u8; 6];
        stream.read_exact(&mut reply).unwrap();
        reply
    });
    assert_eq!(&echoed.join().unwrap(), b"devom\n");
}
