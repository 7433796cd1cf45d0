//! ALPN, the server's view of SNI, and caller-given Diffie-Hellman parameters: in process
//! through the test pipe, and against `openssl s_server` / `s_client`.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener};
use std::thread;
use std::time::Duration;

use openssl::dh::Dh;
use secure_transport::cipher_suite::CipherSuite;
use secure_transport::engine::Context;
use secure_transport::secure_transport::{
    ClientBuilder, ServerBuilder, SslProtocol, SslProtocolSide, SslSessionOption,
};
use secure_transport::status::*;
use secure_transport_test_kit::code;
use secure_transport_test_kit::ocsp::{self, Status};
use secure_transport_test_kit::pairs;
use secure_transport_test_kit::peers::{path, Peer};
use secure_transport_test_kit::pki::{KeyKind, LeafSpec, Pki};
use secure_transport_test_kit::tcp::connect;
use secure_transport_test_kit::wire::Faults;

const TIMEOUT: Duration = Duration::from_secs(30);

fn names(list: &[&str]) -> Vec<Vec<u8>> {
    list.iter().map(|n| n.as_bytes().to_vec()).collect()
}

fn alpn(ctx: &mut Context, list: &[&str]) {
    let bytes: Vec<&[u8]> = list.iter().map(|n| n.as_bytes()).collect();
    ctx.set_alpn_protocols(&bytes).unwrap();
}

#[test]
fn alpn_server_preference_and_what_each_side_reads() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (mut client, mut server) = pairs::contexts_tls13(&pki);
    alpn(&mut client, &["h2", "http/1.1"]);
    alpn(&mut server, &["http/1.1", "h2"]);
    let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 1);
    assert_eq!(pairs::handshake(&mut client, &mut server), (Ok(()), Ok(())));
    // A client reads the server's choice (the server's preference wins); a server, the
    // client's whole offer — what each peer sent, as on Apple.
    assert_eq!(client.ctx.alpn_protocols().unwrap(), names(&["http/1.1"]));
    assert_eq!(
        server.ctx.alpn_protocols().unwrap(),
        names(&["h2", "http/1.1"])
    );

    // Nothing in common: no protocol, and no failure either.
    let (mut client, mut server) = pairs::contexts_tls13(&pki);
    alpn(&mut client, &["h2"]);
    alpn(&mut server, &["spdy/3"]);
    let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 2);
    assert_eq!(pairs::handshake(&mut client, &mut server), (Ok(()), Ok(())));
    assert_eq!(code(client.ctx.alpn_protocols()), errSecParam);
    assert_eq!(server.ctx.alpn_protocols().unwrap(), names(&["h2"]));
}

#[test]
fn alpn_lists_apple_refuses() {
    let mut ctx = pairs::context(SslProtocolSide::CLIENT);
    let long = [b'x'; 33];
    let many: Vec<&[u8]> = vec![b"abcdefghijklmnopqrstuvwxyz012345"; 8];
    for bad in [&[][..], &[&b""[..]][..], &[&long[..]][..], &many[..]] {
        assert_eq!(code(ctx.set_alpn_protocols(bad)), errSecParam, "{bad:?}");
    }
    assert_eq!(
        code(ctx.alpn_protocols()),
        errSecParam,
        "nothing before a handshake"
    );
}

#[test]
fn alpn_against_openssl_both_ways() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    // Our client, s_server choosing.
    let mut peer = Peer::one_connection(&pki, &["-alpn", "http/1.1,h2"]);
    let mut tls = ClientBuilder::new()
        .anchor_certificates(&[pki.ca().certificate()])
        .alpn_protocols(&["h2", "http/1.1"])
        .protocol_max(SslProtocol::TLS13)
        .handshake("localhost", connect(peer.port))
        .unwrap_or_else(|e| panic!("{e:?}\n{}", peer.output()));
    // s_server prefers its own order.
    assert_eq!(tls.context().alpn_protocols().unwrap(), ["http/1.1"]);
    tls.close().unwrap();
    peer.wait(TIMEOUT);

    // Our server, s_client offering.
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let builder = ServerBuilder::new(&pki.server().identity(), &[]);
    let ours = thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut ctx = builder.new_ssl_context().unwrap();
        ctx.set_protocol_version_max(SslProtocol::TLS13).unwrap();
        ctx.set_alpn_protocols(&["spdy/3", "http/1.1"]).unwrap();
        let mut tls = ctx.handshake(stream).map_err(|e| format!("{e:?}"))?;
        let offered = tls.context().alpn_protocols().map_err(|e| e.to_string())?;
        tls.write_all(b"bye\n").map_err(|e| e.to_string())?;
        tls.close().map_err(|e| e.to_string())?;
        Ok::<_, String>(offered)
    });
    let mut client = Peer::s_client(
        port,
        &["-alpn", "h2,http/1.1", "-CAfile", path(&pki.ca().cert_path)],
    );
    let chosen = client.wait_for_output("ALPN protocol: http/1.1", TIMEOUT);
    client.close_stdin();
    client.wait(TIMEOUT);
    let offered = ours.join().unwrap().unwrap();
    assert!(chosen, "s_client:\n{}", client.output());
    assert_eq!(offered, ["h2", "http/1.1"]);
}

#[test]
fn a_server_picks_its_certificate_from_the_requested_name() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    // The leaf for "wrong.example" stands for a second virtual host.
    let other = pki.issue(LeafSpec::WrongHost);
    let mut client = pairs::context(SslProtocolSide::CLIENT);
    client
        .set_trusted_roots(&[pki.ca().certificate()], true)
        .unwrap();
    client.set_peer_domain_name(Some(b"wrong.example")).unwrap();
    let mut server = pairs::context(SslProtocolSide::SERVER);
    server
        .set_session_option(SslSessionOption::BREAK_ON_CLIENT_HELLO, true)
        .unwrap();
    for ctx in [&mut client, &mut server] {
        ctx.set_protocol_version_max(SslProtocol::TLS13).unwrap();
    }
    assert_eq!(code(server.requested_peer_name()), errSecParam);
    let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 3);

    let results = pairs::handshake(&mut client, &mut server);
    assert_eq!(results.1, Err(errSSLClientHelloReceived));
    let name = server.ctx.requested_peer_name().unwrap().to_vec();
    assert_eq!(name, b"wrong.example");
    server
        .ctx
        .set_certificate(Some(other.identity()), vec![])
        .unwrap();
    let results = pairs::handshake(&mut client, &mut server);
    assert_eq!(
        results,
        (Ok(()), Ok(())),
        "the client accepted the picked certificate"
    );

    // A server that breaks but never picks a certificate fails the handshake cleanly.
    let (client, _) = pairs::contexts_tls13(&pki);
    let mut server = pairs::context(SslProtocolSide::SERVER);
    server
        .set_session_option(SslSessionOption::BREAK_ON_CLIENT_HELLO, true)
        .unwrap();
    let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 6);
    let results = pairs::handshake(&mut client, &mut server);
    assert_eq!(results.1, Err(errSSLClientHelloReceived));
    let (client_result, server_result) = pairs::handshake(&mut client, &mut server);
    assert!(
        client_result.is_err() && server_result.is_err(),
        "{client_result:?} {server_result:?}"
    );

    // A client that sends no name.
    let (mut client, server) = pairs::contexts_tls13(&pki);
    client.set_peer_domain_name(None).unwrap();
    client.set_enable_cert_verify(false).unwrap();
    let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 4);
    assert_eq!(pairs::handshake(&mut client, &mut server), (Ok(()), Ok(())));
    assert_eq!(code(server.ctx.requested_peer_name()), errSecParam);
}

#[test]
fn our_server_reads_the_name_s_client_asks_for() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let builder = ServerBuilder::new(&pki.server().identity(), &[]);
    let ours = thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut ctx = builder.new_ssl_context().unwrap();
        ctx.set_protocol_version_max(SslProtocol::TLS13).unwrap();
        let mut tls = ctx.handshake(stream).map_err(|e| format!("{e:?}"))?;
        let name = tls
            .context()
            .engine()
            .requested_peer_name()
            .map(<[u8]>::to_vec);
        tls.write_all(b"bye\n").map_err(|e| e.to_string())?;
        tls.close().map_err(|e| e.to_string())?;
        Ok::<_, String>(name.map_err(|e| e.code()))
    });
    let mut client = Peer::s_client(port, &["-servername", "vhost.example"]);
    client.wait_for_output("bye", TIMEOUT);
    client.close_stdin();
    client.wait(TIMEOUT);
    let name = ours.join().unwrap().unwrap();
    assert_eq!(
        name.as_deref(),
        Ok(&b"vhost.example"[..]),
        "{}",
        client.output()
    );
}

/// The hex bytes of every handshake message `s_client -msg` printed, run together.
fn message_hex(output: &str) -> String {
    output
        .lines()
        .filter(|l| l.starts_with("    "))
        .flat_map(|l| l.split_whitespace())
        .filter(|t| t.len() == 2 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .collect()
}

#[test]
fn dhe_uses_the_callers_parameters() {
    let pki = Pki::new(KeyKind::Rsa2048);
    // RFC 5114's 2048-bit group: not the one OpenSSL would pick by itself (RFC 7919's).
    let dh = Dh::get_2048_256().unwrap();
    let prime_hex: String = dh.prime_p().to_vec()[..24]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let der = dh.params_to_der().unwrap();

    let mut ctx = pairs::context(SslProtocolSide::SERVER);
    assert_eq!(code(ctx.set_diffie_hellman_params(b"junk")), errSecParam);
    assert_eq!(ctx.diffie_hellman_params(), None);

    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let builder = ServerBuilder::new(&pki.server().identity(), &[]);
    let ours = thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut ctx = builder.new_ssl_context().unwrap();
        ctx.engine_mut().set_diffie_hellman_params(&der).unwrap();
        assert_eq!(ctx.engine().diffie_hellman_params(), Some(&der[..]));
        let mut tls = ctx.handshake(stream).map_err(|e| format!("{e:?}"))?;
        let suite = tls
            .context()
            .negotiated_cipher()
            .map_err(|e| e.to_string())?;
        let mut line = [0u8; 3];
        tls.read_exact(&mut line).map_err(|e| e.to_string())?;
        tls.close().map_err(|e| e.to_string())?;
        Ok::<_, String>(suite)
    });
    let mut client = Peer::s_client(
        port,
        &["-tls1_2", "-cipher", "DHE-RSA-AES128-GCM-SHA256", "-msg"],
    );
    client.write_stdin(b"hi\n");
    // "Server Temp Key" up to OpenSSL 3.4, "Peer Temp Key" after.
    let done = client.wait_for_output("Temp Key: DH, 2048 bits", TIMEOUT);
    client.close_stdin();
    client.wait(TIMEOUT);
    let output = client.output();
    assert_eq!(
        ours.join().unwrap(),
        Ok(CipherSuite::TLS_DHE_RSA_WITH_AES_128_GCM_SHA256),
        "{output}"
    );
    assert!(done, "{output}");
    assert!(
        message_hex(&output).contains(&prime_hex),
        "the ServerKeyExchange carries our prime {prime_hex}:\n{output}"
    );
}

#[test]
fn a_server_offers_dhe_by_default_as_apple_does() {
    let pki = Pki::new(KeyKind::Rsa2048);
    let (mut client, server) = pairs::contexts(&pki);
    client.set_protocol_version_max(SslProtocol::TLS12).unwrap();
    client.set_enabled_ciphers(&[0x009E]).unwrap();
    let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 5);
    assert_eq!(pairs::handshake(&mut client, &mut server), (Ok(()), Ok(())));
    assert_eq!(server.ctx.negotiated_cipher(), Ok(0x009E));
}

#[test]
fn ocsp_responses_are_stapled_and_read_back() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let response = ocsp::response(&pki, pki.ca(), pki.server(), Status::Unknown, "ocsp");

    // In process: our server staples, our client (asking by default) reads it.
    let (client, mut server) = pairs::contexts_tls13(&pki);
    assert_eq!(code(server.set_ocsp_response(b"")), errSecParam);
    server.set_ocsp_response(&response).unwrap();
    let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 7);
    assert_eq!(pairs::handshake(&mut client, &mut server), (Ok(()), Ok(())));
    assert_eq!(client.ctx.peer_ocsp_response(), Some(&response[..]));

    // Our server to `s_client -status`.
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let builder = ServerBuilder::new(&pki.server().identity(), &[]);
    let staple = response.clone();
    let ours = thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut ctx = builder.new_ssl_context().unwrap();
        ctx.set_protocol_version_max(SslProtocol::TLS13).unwrap();
        ctx.engine_mut().set_ocsp_response(&staple).unwrap();
        let mut tls = ctx.handshake(stream).map_err(|e| format!("{e:?}"))?;
        tls.write_all(b"bye\n").map_err(|e| e.to_string())?;
        tls.close().map_err(|e| e.to_string())
    });
    let mut client = Peer::s_client(port, &["-status", "-CAfile", path(&pki.ca().cert_path)]);
    let stapled = client.wait_for_output("OCSP Response Status: successful", TIMEOUT);
    client.close_stdin();
    client.wait(TIMEOUT);
    ours.join().unwrap().unwrap();
    assert!(stapled, "s_client:\n{}", client.output());

    // `s_server -status_file` to our client.
    let der_path = pki.dir().join("ocsp-response.der");
    let mut peer = Peer::one_connection(&pki, &["-status_file", path(&der_path)]);
    let mut tls = ClientBuilder::new()
        .anchor_certificates(&[pki.ca().certificate()])
        .protocol_max(SslProtocol::TLS13)
        .handshake("localhost", connect(peer.port))
        .unwrap_or_else(|e| panic!("{e:?}\n{}", peer.output()));
    assert_eq!(
        tls.context().engine().peer_ocsp_response(),
        Some(&response[..])
    );
    tls.close().unwrap();
    peer.wait(TIMEOUT);
}
