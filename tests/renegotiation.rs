//! Renegotiation as coreTLS runs it (issue 14, item 14), TLS 1.2 on the in-memory wire:
//! `SSLHandshake` after `SSLReHandshake` carries the new handshake to its end (a server's
//! too, which has to wait for the client's answer to its HelloRequest); the new handshake
//! raises the same breaks as the first, from `SSLHandshake` on the side that asked and from
//! `SSLRead` on the other; and a client always answers a HelloRequest.

// Apple's status names, matched as they are.
#![allow(non_upper_case_globals)]

use secure_transport::engine::Context;
use secure_transport::secure_transport::{SessionState, SslProtocol, SslSessionOption};
use secure_transport::status::*;
use secure_transport::OSStatus;
use secure_transport_test_kit::pairs::{self, Side};
use secure_transport_test_kit::pki::{KeyKind, Pki};
use secure_transport_test_kit::wire::Faults;

/// Calls a side makes before a test gives up on it.
const MAX_CALLS: usize = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Client,
    Server,
}

/// A TLS 1.2 pair with `client_options` and `server_options` on, connected (through any
/// break the options ask for on the first handshake).
fn connected(
    pki: &Pki,
    client_options: &[SslSessionOption],
    server_options: &[SslSessionOption],
) -> (Side, Side) {
    let (mut client, mut server) = pairs::contexts(pki);
    client.set_protocol_version_max(SslProtocol::TLS12).unwrap();
    for (ctx, options) in [(&mut client, client_options), (&mut server, server_options)] {
        for &option in options {
            ctx.set_session_option(option, true).unwrap();
        }
    }
    let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 3);
    let mut results = (Err(errSSLWouldBlock), Err(errSSLWouldBlock));
    for _ in 0..MAX_CALLS {
        if results == (Ok(()), Ok(())) {
            return (client, server);
        }
        for (side, result) in [(&mut client, &mut results.0), (&mut server, &mut results.1)] {
            if *result != Ok(()) {
                *result = side.ctx.handshake().map_err(|e| e.code());
            }
        }
    }
    panic!("the first handshake did not finish: {results:?}");
}

/// The status of one `SSLRead` that must return no data.
fn read_nothing(ctx: &mut Context) -> Result<(), OSStatus> {
    let mut buf = [0u8; 16];
    let (n, result) = ctx.read(&mut buf);
    assert_eq!(n, 0, "no data was sent");
    result.map_err(|e| e.code())
}

/// The asker calls `SSLHandshake` until it returns noErr, the other side `SSLRead` in
/// between; returns each side's statuses other than errSSLWouldBlock, in order. A side that
/// stops with one is in the new handshake (kSSLHandshake).
fn renegotiate(asker: &mut Side, other: &mut Side) -> (Vec<OSStatus>, Vec<OSStatus>) {
    let (mut asked, mut answered) = (Vec::new(), Vec::new());
    for _ in 0..MAX_CALLS {
        match asker.ctx.handshake().map_err(|e| e.code()) {
            Ok(()) => return (asked, answered),
            Err(errSSLWouldBlock) => {}
            Err(status) => {
                asked.push(status);
                assert_eq!(asker.ctx.session_state(), SessionState::HANDSHAKE);
            }
        }
        match read_nothing(&mut other.ctx) {
            Ok(()) | Err(errSSLWouldBlock) => {}
            Err(status) => {
                answered.push(status);
                assert_eq!(other.ctx.session_state(), SessionState::HANDSHAKE);
            }
        }
    }
    panic!("the renegotiation did not finish: {asked:?} {answered:?}");
}

/// The side `role` names first.
fn pick<'a>(
    role: Role,
    client: &'a mut Side,
    server: &'a mut Side,
) -> (&'a mut Side, &'a mut Side) {
    match role {
        Role::Client => (client, server),
        Role::Server => (server, client),
    }
}

/// `from` sends a message; `to` reads it (reading the end of the new handshake first).
fn deliver(from: &mut Side, to: &mut Side) {
    assert_eq!(from.ctx.write(b"after"), (5, Ok(())));
    let mut buf = [0u8; 16];
    let mut got = Vec::new();
    for _ in 0..MAX_CALLS {
        if got.len() == 5 {
            break;
        }
        let (n, result) = to.ctx.read(&mut buf);
        got.extend_from_slice(&buf[..n]);
        if let Err(e) = result {
            assert_eq!(e.code(), errSSLWouldBlock);
        }
    }
    assert_eq!(got, b"after");
}

/// Data each way on the renegotiated session, which both sides end connected.
fn both_ways(client: &mut Side, server: &mut Side) {
    deliver(client, server);
    deliver(server, client);
    for side in [client, server] {
        assert_eq!(side.ctx.session_state(), SessionState::CONNECTED);
    }
}

/// `SSLHandshake` after `SSLReHandshake` returns noErr only once the new handshake is done,
/// on the side that asked: a client's at once in kSSLHandshake, a server's connected until
/// the client answers its HelloRequest. Before: a server's SSLHandshake returned noErr as
/// soon as its HelloRequest was out, the client not having answered.
#[test]
fn ssl_handshake_after_ssl_re_handshake_runs_the_new_handshake_to_its_end() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let mut idle = pairs::context(secure_transport::secure_transport::SslProtocolSide::SERVER);
    assert_eq!(idle.re_handshake().map_err(|e| e.code()), Err(errSecBadReq));
    for asking in [Role::Client, Role::Server] {
        let allow = [SslSessionOption::ALLOW_RENEGOTIATION];
        let (mut client, mut server) = connected(&pki, &[], &allow);
        let (asker, other) = pick(asking, &mut client, &mut server);
        assert_eq!(asker.ctx.re_handshake().map_err(|e| e.code()), Ok(()));
        let state = match asking {
            Role::Client => SessionState::HANDSHAKE,
            Role::Server => SessionState::CONNECTED,
        };
        assert_eq!(asker.ctx.session_state(), state, "{asking:?}");
        if asking == Role::Client {
            // Apple: errSecBadReq while a handshake is pending.
            assert_eq!(
                asker.ctx.re_handshake().map_err(|e| e.code()),
                Err(errSecBadReq)
            );
        }
        assert_eq!(renegotiate(asker, other), (vec![], vec![]), "{asking:?}");
        assert_eq!(asker.ctx.session_state(), SessionState::CONNECTED);
        // When the asker is done the client went through the renegotiation, asking or
        // answering (OpenSSL counts it on the side that starts one).
        assert_eq!(client.ctx.renegotiations(), 1, "{asking:?}");
        both_ways(&mut client, &mut server);
    }
}

/// The breaks of the first handshake come again in a renegotiation: errSSLPeerAuthCompleted
/// on a client with kSSLSessionOptionBreakOnServerAuth, errSSLClientHelloReceived on a
/// server with kSSLSessionOptionBreakOnClientHello — from SSLHandshake on the side that
/// asked, from SSLRead on the other; after each, calling again carries the handshake on.
/// Before: each break came on the first handshake only.
#[test]
fn the_breaks_of_the_first_handshake_come_again() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let allow = SslSessionOption::ALLOW_RENEGOTIATION;
    let server_auth = SslSessionOption::BREAK_ON_SERVER_AUTH;
    let client_hello = SslSessionOption::BREAK_ON_CLIENT_HELLO;
    let cases = [
        (
            Role::Client,
            vec![server_auth],
            vec![allow],
            vec![errSSLPeerAuthCompleted],
            vec![],
        ),
        (
            Role::Server,
            vec![server_auth],
            vec![allow],
            vec![],
            vec![errSSLPeerAuthCompleted],
        ),
        (
            Role::Server,
            vec![],
            vec![allow, client_hello],
            vec![errSSLClientHelloReceived],
            vec![],
        ),
        (
            Role::Client,
            vec![],
            vec![allow, client_hello],
            vec![],
            vec![errSSLClientHelloReceived],
        ),
    ];
    for (asking, client_options, server_options, asker_breaks, other_breaks) in cases {
        let what = format!("{asking:?} asks, client {client_options:?}, server {server_options:?}");
        let (mut client, mut server) = connected(&pki, &client_options, &server_options);
        let (asker, other) = pick(asking, &mut client, &mut server);
        assert_eq!(
            asker.ctx.re_handshake().map_err(|e| e.code()),
            Ok(()),
            "{what}"
        );
        let (asked, answered) = renegotiate(asker, other);
        assert_eq!((asked, answered), (asker_breaks, other_breaks), "{what}");
        both_ways(&mut client, &mut server);
    }
}

/// A client answers a HelloRequest without kSSLSessionOptionAllowRenegotiation: the option
/// only gates a server receiving a ClientHello (coreTLS sslHandshake.c), and a server takes
/// the answer to its own request. Before: the client refused (no_renegotiation), and the
/// server's next SSLRead failed.
#[test]
fn a_client_always_answers_a_hello_request() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (mut client, mut server) = connected(&pki, &[], &[]);
    assert_eq!(server.ctx.re_handshake().map_err(|e| e.code()), Ok(()));
    assert_eq!(renegotiate(&mut server, &mut client), (vec![], vec![]));
    assert_eq!(client.ctx.renegotiations(), 1);
    both_ways(&mut client, &mut server);
}

/// A server's renegotiation that ends inside its own `SSLRead` (the client answered the
/// HelloRequest while the server was reading) leaves the server connected: the read that
/// ends it says so, and `SSLHandshake` afterwards returns noErr in kSSLConnected (Apple's
/// SSLHandshake, sslTransport.c, returns noErr only once its handshake is done). Before, the
/// state stayed kSSLHandshake, and SSLHandshake returned noErr in it (found by the fuzz
/// harness's invariant).
#[test]
fn a_renegotiation_that_ends_in_the_servers_read_leaves_it_connected() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (mut client, mut server) = connected(&pki, &[], &[]);
    assert_eq!(server.ctx.re_handshake().map_err(|e| e.code()), Ok(()));
    // The HelloRequest goes out.
    assert_eq!(
        server.ctx.handshake().map_err(|e| e.code()),
        Err(errSSLWouldBlock)
    );
    let connected = |side: &Side| side.ctx.session_state() == SessionState::CONNECTED;
    let mut done = false;
    for _ in 0..MAX_CALLS {
        let _ = read_nothing(&mut client.ctx);
        let _ = read_nothing(&mut server.ctx);
        if connected(&client) && connected(&server) {
            done = true;
            break;
        }
    }
    assert_eq!(server.ctx.renegotiations(), 1);
    assert!(
        done,
        "the server's reads did not end the renegotiation connected"
    );
    assert_eq!(server.ctx.handshake().map_err(|e| e.code()), Ok(()));
    assert_eq!(server.ctx.session_state(), SessionState::CONNECTED);
    both_ways(&mut client, &mut server);
}
