//! The C programs of tests/c, built with the system C compiler against our headers and
//! library using nothing but Apple's API, run against real openssl peers — under valgrind
//! when it is installed (no leak, no invalid access), as CI does.

mod cc;

use std::path::PathBuf;
use std::time::Duration;

use secure_transport_test_kit::peers::{path, Peer};
use secure_transport_test_kit::pki::{KeyKind, Pki};

const TIMEOUT: Duration = Duration::from_secs(60);

/// Starts tests/c/server.c; returns it with the port it announced.
fn start_server(exe: &std::path::Path, args: &[&str]) -> (cc::Running, u16) {
    let server = cc::start(exe, args);
    let announced = server.next_line(TIMEOUT);
    match announced
        .as_deref()
        .and_then(|l| l.strip_prefix("PORT ")?.parse().ok())
    {
        Some(port) => (server, port),
        None => panic!(
            "no PORT line ({announced:?}):\n{}",
            server.finish(TIMEOUT).stderr
        ),
    }
}

/// Fails with both sides' output unless the program succeeded; returns its stdout.
fn succeeded(outcome: cc::Outcome, peer: &Peer) -> String {
    assert!(
        outcome.success,
        "C program failed:\n{}{}\nopenssl:\n{}",
        outcome.stdout,
        outcome.stderr,
        peer.output()
    );
    outcome.stdout
}

/// A DER copy of a PEM certificate, for C code that reads DER.
fn der_file(pki: &Pki, pem: &[u8], name: &str) -> PathBuf {
    let path = pki.dir().join(name);
    let der = openssl::x509::X509::from_pem(pem)
        .and_then(|c| c.to_der())
        .expect("PEM certificate");
    std::fs::write(&path, der).expect("write DER");
    path
}

#[test]
fn blocking_client_against_s_server() {
    let exe = cc::build("blocking_client");
    // SSLProtocol values: kTLSProtocol1 = 4, kTLSProtocol12 = 8, kTLSProtocol13 = 10.
    for (version, flags, protocol) in [
        ("12", &["-tls1_2"][..], 8),
        ("13", &["-tls1_3"][..], 10),
        ("10", &["-tls1", "-cipher", "DEFAULT@SECLEVEL=0"][..], 4),
    ] {
        let pki = Pki::new(KeyKind::EcdsaP256);
        let ca = der_file(&pki, &pki.ca().cert_pem, "ca.der");
        let server = Peer::rev_server(&pki, flags);
        let port = server.port.to_string();
        let outcome = cc::run(&exe, &[&port, path(&ca), version], TIMEOUT);
        let stdout = succeeded(outcome, &server);
        assert!(
            stdout.starts_with(&format!("OK {protocol} ")),
            "TLS {version}: {stdout}"
        );
    }
}

#[test]
fn server_answers_s_client() {
    let exe = cc::build("server");
    for (kind, flags) in [
        (KeyKind::Rsa2048, &["-tls1_2"][..]),
        (KeyKind::EcdsaP256, &["-tls1_3"][..]),
    ] {
        let pki = Pki::new(kind);
        let p12 = pki.dir().join("server.p12");
        std::fs::write(&p12, pki.server().pkcs12("secret")).expect("write PKCS#12");
        let (server, port) = start_server(&exe, &[path(&p12), "secret"]);

        let ca = path(&pki.ca().cert_path);
        let mut args = vec![
            "-CAfile",
            ca,
            "-verify_return_error",
            "-verify_hostname",
            "localhost",
        ];
        args.extend_from_slice(flags);
        let mut client = Peer::s_client(port, &args);
        client.write_stdin(b"first line\nsecond line\n");
        let answered = client.wait_for_output("echo: second line", TIMEOUT);
        client.close_stdin();
        let status = client.wait(TIMEOUT);
        let stdout = succeeded(server.finish(TIMEOUT), &client);
        let output = client.output();
        assert!(answered, "no echo in s_client's output:\n{output}");
        assert!(output.contains("echo: first line"), "{output}");
        assert!(output.contains("Verify return code: 0 (ok)"), "{output}");
        assert!(status.is_some(), "s_client did not exit:\n{output}");
        let protocol = if flags == ["-tls1_3"] { 10 } else { 8 };
        assert!(
            stdout.starts_with(&format!("OK {protocol} ")) && stdout.trim_end().ends_with(" 2"),
            "{stdout}"
        );
    }
}

#[test]
fn server_requires_and_judges_a_client_certificate() {
    let exe = cc::build("server");
    let pki = Pki::new(KeyKind::EcdsaP256);
    let p12 = pki.dir().join("server.p12");
    std::fs::write(&p12, pki.server().pkcs12("secret")).expect("write PKCS#12");
    let client_ca = der_file(&pki, &pki.ca().cert_pem, "ca.der");

    // With the client's certificate: judged trusted, then served.
    let (server, port) = start_server(&exe, &[path(&p12), "secret", path(&client_ca)]);
    let client = pki.client();
    let mut peer = Peer::s_client(
        port,
        &[
            "-CAfile",
            path(&pki.ca().cert_path),
            "-cert",
            path(&client.cert_path),
            "-key",
            path(&client.key_path),
        ],
    );
    peer.write_stdin(b"with a certificate\n");
    let answered = peer.wait_for_output("echo: with a certificate", TIMEOUT);
    peer.close_stdin();
    peer.wait(TIMEOUT);
    let stdout = succeeded(server.finish(TIMEOUT), &peer);
    assert!(answered, "{}", peer.output());
    assert!(stdout.starts_with("OK "), "{stdout}");

    // Without one: the handshake fails on our side, and the program says why.
    let (server, port) = start_server(&exe, &[path(&p12), "secret", path(&client_ca)]);
    let mut peer = Peer::s_client(port, &["-CAfile", path(&pki.ca().cert_path)]);
    peer.close_stdin();
    peer.wait(TIMEOUT);
    let outcome = server.finish(TIMEOUT);
    assert!(!outcome.success, "served a client without a certificate");
    assert!(outcome.stderr.contains("handshake: "), "{}", outcome.stderr);
}

#[test]
fn non_blocking_client_resumes_after_would_block() {
    let exe = cc::build("nonblocking_client");
    let pki = Pki::new(KeyKind::EcdsaP256);
    let ca = der_file(&pki, &pki.ca().cert_pem, "ca.der");
    let server = Peer::rev_server(&pki, &[]);
    let outcome = cc::run(&exe, &[&server.port.to_string(), path(&ca)], TIMEOUT);
    let stdout = succeeded(outcome, &server);
    let counts: Vec<i64> = stdout
        .strip_prefix("OK ")
        .unwrap_or_else(|| panic!("{stdout}"))
        .split_whitespace()
        .map(|n| n.parse().expect("count"))
        .collect();
    let [lines, blocked_reads, blocked_writes, queued] = counts[..] else {
        panic!("{stdout}")
    };
    assert_eq!(lines, 2000);
    assert!(
        blocked_reads > 0,
        "reads never met errSSLWouldBlock: {stdout}"
    );
    assert!(
        blocked_writes > 0,
        "writes never met errSSLWouldBlock: {stdout}"
    );
    assert!(queued > 0, "SSLWrite never queued: {stdout}");
}

#[test]
fn pkcs12_client_identity_for_a_server_that_requires_one() {
    let exe = cc::build("client_identity");
    for flags in [&["-tls1_2"][..], &["-tls1_3"][..]] {
        let pki = Pki::new(KeyKind::Rsa2048);
        let ca = der_file(&pki, &pki.ca().cert_pem, "ca.der");
        let p12 = pki.dir().join("client.p12");
        std::fs::write(&p12, pki.client().pkcs12("client pass")).expect("write PKCS#12");
        let mut extra = vec![
            "-Verify",
            "1",
            "-verify_return_error",
            "-CAfile",
            path(&pki.ca().cert_path),
        ];
        extra.extend_from_slice(flags);
        let server = Peer::rev_server(&pki, &extra);
        let port = server.port.to_string();
        let outcome = cc::run(
            &exe,
            &[&port, path(&ca), path(&p12), "client pass"],
            TIMEOUT,
        );
        let stdout = succeeded(outcome, &server);
        // kSSLClientCertSent = 2; "me" reversed.
        assert_eq!(stdout.trim_end(), "OK 2 em", "{flags:?}");
    }
}

#[test]
fn custom_anchors_through_break_on_server_auth() {
    let exe = cc::build("custom_anchors_client");
    let pki = Pki::new(KeyKind::EcdsaP256);

    let ca = der_file(&pki, &pki.ca().cert_pem, "ca.der");
    let server = Peer::rev_server(&pki, &[]);
    let outcome = cc::run(&exe, &[&server.port.to_string(), path(&ca)], TIMEOUT);
    assert_eq!(succeeded(outcome, &server).trim_end(), "TRUSTED derohcna");

    // Another CA: SecTrustEvaluate says kSecTrustResultRecoverableTrustFailure (5).
    let other = Pki::new(KeyKind::EcdsaP256);
    let wrong = der_file(&other, &other.ca().cert_pem, "other-ca.der");
    let server = Peer::rev_server(&pki, &[]);
    let outcome = cc::run(&exe, &[&server.port.to_string(), path(&wrong)], TIMEOUT);
    assert_eq!(succeeded(outcome, &server).trim_end(), "REJECTED 5");
}

#[test]
fn trust_arguments_follow_apple() {
    let exe = cc::build("trust_arguments");
    let pki = Pki::new(KeyKind::EcdsaP256);
    let leaf = der_file(&pki, &pki.server().cert_pem, "leaf.der");
    let ca = der_file(&pki, &pki.ca().cert_pem, "ca.der");
    let ca_pem = pki.dir().join("ca-roots.pem");
    std::fs::write(&ca_pem, &pki.ca().cert_pem).expect("write PEM");
    let outcome = cc::run(&exe, &[path(&leaf), path(&ca), path(&ca_pem)], TIMEOUT);
    assert!(outcome.success, "{}", outcome.stderr);
    assert_eq!(outcome.stdout.trim_end(), "OK", "{}", outcome.stderr);
}

#[test]
fn a_context_released_from_its_own_callbacks_outlives_the_call() {
    let exe = cc::build("release_in_callbacks");
    let pki = Pki::new(KeyKind::EcdsaP256);
    let p12 = pki.dir().join("server.p12");
    std::fs::write(&p12, pki.server().pkcs12("secret")).expect("write PKCS#12");
    let ca = der_file(&pki, &pki.ca().cert_pem, "ca.der");
    let outcome = cc::run(&exe, &[path(&p12), "secret", path(&ca)], TIMEOUT);
    assert!(outcome.success, "{}{}", outcome.stdout, outcome.stderr);
    assert!(
        outcome.stdout.ends_with("checked 16 cases, 0 failures\n"),
        "{}",
        outcome.stdout
    );
}

/// Apple's I/O contract through the C ABI (issue 14): a read callback's errSSLWouldBlock
/// with bytes, SSLClose mid-handshake, the 1/n-1 split of TLS 1.0 CBC records.
#[test]
fn io_contract_as_mac_code_meets_it() {
    let exe = cc::build("io_contract");
    let pki = Pki::new(KeyKind::EcdsaP256);
    let p12 = pki.dir().join("server.p12");
    std::fs::write(&p12, pki.server().pkcs12("secret")).expect("write PKCS#12");
    let ca = der_file(&pki, &pki.ca().cert_pem, "ca.der");
    let outcome = cc::run(&exe, &[path(&p12), "secret", path(&ca)], TIMEOUT);
    assert!(outcome.success, "{}{}", outcome.stdout, outcome.stderr);
    assert!(
        outcome.stdout.ends_with("checked 10 checks, 0 failures\n"),
        "{}",
        outcome.stdout
    );
}
