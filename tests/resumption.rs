//! Session resumption keyed by peer ID, Apple's model: in process for TLS 1.2 and 1.3, our
//! client against `s_server`, and `s_client -reconnect` against our server. Only a context
//! given a peer ID makes resumable sessions, on either side.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener};
use std::thread;
use std::time::Duration;

use secure_transport::engine::Context;
use secure_transport::secure_transport::{
    ServerBuilder, SslConnectionType, SslContext, SslProtocol, SslProtocolSide,
};
use secure_transport_test_kit::pairs::{self, Side};
use secure_transport_test_kit::peers::{path, Peer};
use secure_transport_test_kit::pki::{KeyKind, LeafSpec, Pki};
use secure_transport_test_kit::tcp::connect;
use secure_transport_test_kit::wire::Faults;

const TIMEOUT: Duration = Duration::from_secs(30);

/// The peer ID our servers give their clients in these tests.
const CLIENT_ADDRESS: &[u8] = b"127.0.0.1";

/// One session through the pipe: handshake, a byte each way (so a TLS 1.3 client reads the
/// server's ticket), close. The server gets `server_peer_id` if any; `tickets` enables
/// session tickets on both sides. Returns whether each side saw a resumed session.
fn session(
    pki: &Pki,
    version: SslProtocol,
    peer_id: &[u8],
    server_peer_id: Option<&[u8]>,
    tickets: bool,
    seed: u64,
) -> (bool, bool) {
    let (mut client, mut server) = pairs::contexts(pki);
    for ctx in [&mut client, &mut server] {
        ctx.set_protocol_version_min(version).unwrap();
        ctx.set_protocol_version_max(version).unwrap();
        ctx.set_session_tickets_enabled(tickets).unwrap();
    }
    client.set_peer_id(peer_id).unwrap();
    if let Some(id) = server_peer_id {
        server.set_peer_id(id).unwrap();
    }
    let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, seed);
    assert_eq!(pairs::handshake(&mut client, &mut server), (Ok(()), Ok(())));
    exchange(&mut server, &mut client);
    exchange(&mut client, &mut server);
    let resumed = (client.ctx.session_resumed(), server.ctx.session_resumed());
    client.ctx.close().unwrap();
    server.ctx.close().unwrap();
    resumed
}

/// Whether each side resumed, for a server with a peer ID.
fn resumed(pki: &Pki, version: SslProtocol, peer_id: &[u8], seed: u64) -> (bool, bool) {
    session(pki, version, peer_id, Some(CLIENT_ADDRESS), false, seed)
}

fn trust_only(ctx: &mut Context, pki: &Pki) {
    ctx.set_trusted_roots(&[pki.ca().certificate()], true)
        .unwrap();
}

fn exchange(from: &mut Side, to: &mut Side) {
    let (n, result) = from.ctx.write(b"x");
    assert_eq!((n, result.map_err(|e| e.code())), (1, Ok(())));
    let mut byte = [0u8; 1];
    for _ in 0..100 {
        if to.ctx.read(&mut byte).0 == 1 {
            return;
        }
    }
    panic!("the byte never arrived");
}

#[test]
fn the_same_peer_id_resumes_in_tls12_and_tls13() {
    for (version, seed) in [(SslProtocol::TLS12, 10), (SslProtocol::TLS13, 20)] {
        let pki = Pki::new(KeyKind::EcdsaP256);
        let peer_id = format!("peer {version:?} {}", std::process::id());
        assert_eq!(
            resumed(&pki, version, peer_id.as_bytes(), seed),
            (false, false),
            "{version:?}: nothing to resume at first"
        );
        assert_eq!(
            resumed(&pki, version, peer_id.as_bytes(), seed + 1),
            (true, true),
            "{version:?}: same peer ID"
        );
        assert_eq!(
            resumed(&pki, version, b"another peer", seed + 2),
            (false, false),
            "{version:?}: another peer ID"
        );
    }
}

/// Apple's `SSLSetPeerID` is "mandatory if this session is to be resumable", on a server
/// too: without one a server sends no ticket and caches nothing, so a client that offers
/// the session again gets a full handshake.
#[test]
fn a_server_without_a_peer_id_makes_no_session_resumable() {
    for (version, seed) in [(SslProtocol::TLS12, 40), (SslProtocol::TLS13, 50)] {
        let pki = Pki::new(KeyKind::EcdsaP256);
        let peer_id = format!("no server peer ID {version:?} {}", std::process::id());
        for tickets in [false, true] {
            for seed in [seed, seed + 1] {
                assert_eq!(
                    session(&pki, version, peer_id.as_bytes(), None, tickets, seed),
                    (false, false),
                    "{version:?}, tickets {tickets}"
                );
            }
        }
        // The same client resumes once the server has a peer ID.
        assert_eq!(
            resumed(&pki, version, peer_id.as_bytes(), seed + 2),
            (false, false)
        );
        assert_eq!(
            resumed(&pki, version, peer_id.as_bytes(), seed + 3),
            (true, true)
        );
    }
}

#[test]
fn a_server_with_another_certificate_does_not_resume() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let peer_id = format!("cert switch {}", std::process::id());
    assert_eq!(
        resumed(&pki, SslProtocol::TLS12, peer_id.as_bytes(), 30),
        (false, false)
    );
    // Same CA, same host name, another server key: a full handshake.
    let (mut client, _) = pairs::contexts(&pki);
    client.set_protocol_version_max(SslProtocol::TLS12).unwrap();
    client.set_peer_id(peer_id.as_bytes()).unwrap();
    let mut server = pairs::context(SslProtocolSide::SERVER);
    let other = pki.issue(LeafSpec::WrongHost);
    server
        .set_certificate(Some(other.identity()), vec![])
        .unwrap();
    server.set_peer_id(CLIENT_ADDRESS).unwrap();
    client.set_peer_domain_name(Some(b"wrong.example")).unwrap();
    let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 31);
    assert_eq!(pairs::handshake(&mut client, &mut server), (Ok(()), Ok(())));
    assert!(!client.ctx.session_resumed() && !server.ctx.session_resumed());
}

#[test]
fn our_client_resumes_with_s_server() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let server = pki.server();
    let peer_id = format!("s_server {}", std::process::id());
    let mut peer = Peer::s_server(&[
        "-cert",
        path(&server.cert_path),
        "-key",
        path(&server.key_path),
        "-tls1_2",
        "-naccept",
        "2",
        "-rev",
    ]);
    let mut resumed = Vec::new();
    for _ in 0..2 {
        let mut ctx = SslContext::new(SslProtocolSide::CLIENT, SslConnectionType::STREAM).unwrap();
        ctx.set_peer_id(peer_id.as_bytes()).unwrap();
        ctx.set_peer_domain_name("localhost").unwrap();
        trust_only(ctx.engine_mut(), &pki);
        let stream = connect(peer.port);
        let mut tls = match ctx.handshake(stream) {
            Ok(tls) => tls,
            Err(e) => panic!("{e:?}\n{}", peer.output()),
        };
        resumed.push(tls.context().engine().session_resumed());
        tls.write_all(b"ab\n").unwrap();
        let mut reply = [0u8; 3];
        tls.read_exact(&mut reply).unwrap();
        tls.close().unwrap();
    }
    peer.wait(TIMEOUT);
    assert_eq!(resumed, [false, true], "{}", peer.output());
}

#[test]
fn s_client_reconnects_resume_with_our_server() {
    let pki = Pki::new(KeyKind::Rsa2048);
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let builder = ServerBuilder::new(&pki.server().identity(), &[]);
    // s_client -reconnect: the first connection and five more.
    let ours = thread::spawn(move || {
        let mut resumed = Vec::new();
        for _ in 0..6 {
            let (stream, from) = listener.accept().map_err(|e| e.to_string())?;
            let mut ctx = builder.new_ssl_context().map_err(|e| e.to_string())?;
            ctx.set_peer_id(from.ip().to_string().as_bytes())
                .map_err(|e| e.to_string())?;
            match ctx.handshake(stream) {
                Ok(mut tls) => {
                    resumed.push(tls.context().engine().session_resumed());
                    let _ = tls.close();
                }
                Err(e) => return Err(format!("{e:?}")),
            }
        }
        Ok::<_, String>(resumed)
    });
    let mut client = Peer::s_client(
        port,
        &[
            "-tls1_2",
            "-reconnect",
            "-CAfile",
            path(&pki.ca().cert_path),
        ],
    );
    client.close_stdin();
    client.wait(TIMEOUT);
    let output = client.output();
    let resumed = ours
        .join()
        .unwrap()
        .unwrap_or_else(|e| panic!("{e}\n{output}"));
    assert_eq!(resumed, [false, true, true, true, true, true], "{output}");
    assert_eq!(output.matches("Reused, TLSv1.2").count(), 5, "{output}");
}
