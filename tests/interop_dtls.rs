//! DTLS against real `openssl s_server -dtls` / `s_client -dtls` over UDP on 127.0.0.1: both
//! sides of ours, DTLS 1.2 and 1.0, and the cookie exchange (`-listen`, and our server's
//! SSLSetDatagramHelloCookie).

use std::io::Write;
use std::net::{Ipv4Addr, UdpSocket};
use std::thread;
use std::time::Duration;

use secure_transport::secure_transport::{
    SslConnectionType, SslContext, SslProtocol, SslProtocolSide,
};
use secure_transport_test_kit::peers::{path, Peer};
use secure_transport_test_kit::pki::{KeyKind, Pki};
use secure_transport_test_kit::udp::{finish, read_exactly, UdpStream};

const TIMEOUT: Duration = Duration::from_secs(30);

fn client_context(pki: &Pki, version: SslProtocol) -> SslContext {
    let mut ctx = SslContext::new(SslProtocolSide::CLIENT, SslConnectionType::DATAGRAM).unwrap();
    ctx.set_peer_domain_name("localhost").unwrap();
    ctx.engine_mut()
        .set_trusted_roots(&[pki.ca().certificate()], true)
        .unwrap();
    ctx.set_protocol_version_min(version).unwrap();
    ctx.set_protocol_version_max(version).unwrap();
    ctx
}

#[test]
fn our_client_against_s_server_dtls() {
    for (version, flag, listen) in [
        (SslProtocol::DTLS12, "-dtls1_2", false),
        (SslProtocol::DTLS12, "-dtls1_2", true),
        (SslProtocol::DTLS1, "-dtls1", false),
        (SslProtocol::DTLS1, "-dtls1", true),
    ] {
        let pki = Pki::new(KeyKind::EcdsaP256);
        let server = pki.server();
        let mut args = vec![
            "-cert",
            path(&server.cert_path),
            "-key",
            path(&server.key_path),
            "-naccept",
            "1",
            "-cipher",
            "DEFAULT@SECLEVEL=0",
            "-trace",
        ];
        if listen {
            // DTLSv1_listen: the cookie exchange first.
            args.push("-listen");
        }
        let mut peer = Peer::s_server_dtls(flag, &args);
        let ctx = client_context(&pki, version);
        let mut tls = finish(
            ctx.handshake(UdpStream::connect(peer.port).unwrap()),
            TIMEOUT,
        )
        .unwrap();
        assert_eq!(
            tls.context().negotiated_protocol_version().unwrap(),
            version
        );
        // s_server (no -rev with DTLS) prints what it gets and sends its stdin.
        tls.write_all(b"to the server\n").unwrap();
        assert!(
            peer.wait_for_output("to the server", TIMEOUT),
            "{version:?} listen={listen}:\n{}",
            peer.output()
        );
        peer.write_stdin(b"to the client\n");
        let reply = read_exactly(&mut tls, 14, TIMEOUT).unwrap();
        assert_eq!(
            reply,
            b"to the client\n",
            "{version:?} listen={listen}:\n{}",
            peer.output()
        );
        // s_server always asks DTLS clients for a cookie (statelessly with -listen); our
        // second ClientHello must echo it.
        let output = peer.output();
        assert!(
            output.contains("cookie (len=20)"),
            "{version:?} listen={listen}: no cookie echoed:\n{output}"
        );
        tls.close().unwrap();
        peer.wait(TIMEOUT);
    }
}

#[test]
fn s_client_dtls_against_our_server() {
    for (flag, cookie) in [
        ("-dtls1_2", false),
        ("-dtls1_2", true),
        ("-dtls1", false),
        ("-dtls1", true),
    ] {
        let pki = Pki::new(KeyKind::EcdsaP256);
        let socket = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let port = socket.local_addr().unwrap().port();
        let identity = pki.server().identity();
        let ours = thread::spawn(move || {
            let mut ctx =
                SslContext::new(SslProtocolSide::SERVER, SslConnectionType::DATAGRAM).unwrap();
            ctx.set_certificate(&identity, &[]).unwrap();
            ctx.set_protocol_version_min(SslProtocol::DTLS1).unwrap();
            if cookie {
                ctx.engine_mut()
                    .set_datagram_hello_cookie(b"cookie for 127.0.0.1")
                    .unwrap();
            }
            let mut tls = finish(
                ctx.handshake(UdpStream::accept(socket, TIMEOUT).unwrap()),
                TIMEOUT,
            )
            .unwrap();
            let line = read_exactly(&mut tls, 6, TIMEOUT).unwrap();
            tls.write_all(&line.to_ascii_uppercase()).unwrap();
            let version = tls.context().negotiated_protocol_version().unwrap();
            // s_client hangs up once it has its answer; no close_notify needed.
            (line, version)
        });
        let mut client = Peer::s_client(
            port,
            &[
                flag,
                "-trace",
                "-CAfile",
                path(&pki.ca().cert_path),
                "-verify_return_error",
                "-verify_hostname",
                "localhost",
                "-cipher",
                "DEFAULT@SECLEVEL=0",
            ],
        );
        client.write_stdin(b"hello\n");
        let answered = client.wait_for_output("HELLO", TIMEOUT);
        client.close_stdin();
        client.wait(TIMEOUT);
        let (line, version) = ours.join().unwrap();
        let output = client.output();
        assert!(answered, "{flag} cookie={cookie}:\n{output}");
        // The server asks for its cookie only when it has one (-trace names the messages).
        assert_eq!(
            output.contains("HelloVerifyRequest"),
            cookie,
            "{flag} cookie={cookie}:\n{output}"
        );
        assert_eq!(line, b"hello\n");
        let expected = if flag == "-dtls1" {
            SslProtocol::DTLS1
        } else {
            SslProtocol::DTLS12
        };
        assert_eq!(version, expected);
    }
}
