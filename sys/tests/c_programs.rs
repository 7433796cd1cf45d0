//! The C programs of tests/c, built with the system C compiler against our headers and
//! library using nothing but Apple's API, run against real openssl peers — under valgrind
//! when it is installed (no leak, no invalid access), as CI does.

mod cc;

use std::path::PathBuf;
use std::time::Duration;

use secure_transport_test_kit::der_flaws::DerFlaw;
use secure_transport_test_kit::peers::{path, Peer};
use secure_transport_test_kit::pki::{Issued, KeyKind, LeafSpec, Pki};

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

/// Apple's Secure Transport never negotiates TLS 1.3 unless asked: a client left at its
/// defaults speaks TLS 1.2 to a server that offers 1.3, and learns of a rejected client
/// certificate from `SSLHandshake`, not from a later `SSLRead`.
#[test]
fn a_default_client_negotiates_tls12_and_hears_of_its_rejection_in_the_handshake() {
    let exe = cc::build("default_versions");
    let pki = Pki::new(KeyKind::EcdsaP256);
    let ca = der_file(&pki, &pki.ca().cert_pem, "ca.der");
    let server = Peer::rev_server(&pki, &[]);
    let requiring = Peer::rev_server(
        &pki,
        &[
            "-Verify",
            "1",
            "-verify_return_error",
            "-CAfile",
            path(&pki.ca().cert_path),
        ],
    );
    let ports = (server.port.to_string(), requiring.port.to_string());
    let outcome = cc::run(&exe, &[&ports.0, path(&ca), &ports.1], TIMEOUT);
    let stdout = succeeded(outcome, &requiring);
    // kTLSProtocol12 = 8; the server's handshake_failure alert is errSSLPeerHandshakeFail.
    assert_eq!(stdout.trim_end(), "OK 8 -9824", "{}", server.output());
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

/// Keychain Access's PKCS#12 (RC2-40, 3DES, SHA-1 MAC) through `SecPKCS12Import`.
#[test]
fn legacy_pkcs12_imports_through_secpkcs12import() {
    let exe = cc::build("pkcs12_legacy");
    let pki = Pki::new(KeyKind::Rsa2048);
    let legacy = pki.dir().join("legacy.p12");
    let undecodable = pki.dir().join("unknown-mac.p12");
    let server = pki.server();
    std::fs::write(
        &legacy,
        server.pkcs12_made_by_openssl("keychain", &["-legacy"]),
    )
    .expect("write PKCS#12");
    std::fs::write(
        &undecodable,
        server.pkcs12_with_unknown_mac_digest("keychain"),
    )
    .expect("write PKCS#12");
    let outcome = cc::run(
        &exe,
        &[path(&legacy), path(&undecodable), "keychain"],
        TIMEOUT,
    );
    assert!(outcome.success, "{}{}", outcome.stdout, outcome.stderr);
    // One item; errSecAuthFailed = -25293, errSecDecode = -26275.
    assert_eq!(outcome.stdout.trim_end(), "OK 1 -25293 -26275");
}

/// `SSLSetPSKSharedSecret` and `SSLSetPSKIdentity` (SecureTransportPriv.h) against
/// `openssl s_server -psk`: the right key connects over a PSK suite, a wrong key fails the
/// handshake. (s_server only warns about an identity it did not expect: our server's
/// identity check is in tests/private_spi.rs.)
#[test]
fn psk_client_against_s_server_psk() {
    let exe = cc::build("psk_client");
    let pki = Pki::new(KeyKind::EcdsaP256);
    let key = "00112233445566778899aabbccddeeff";
    let run = |client_key: &str, identity: &str| {
        let server = Peer::rev_server(
            &pki,
            &[
                "-psk",
                key,
                "-psk_identity",
                "mac-client",
                "-cipher",
                "PSK-AES128-GCM-SHA256",
            ],
        );
        let port = server.port.to_string();
        let outcome = cc::run(&exe, &[&port, client_key, identity], TIMEOUT);
        succeeded(outcome, &server)
    };
    // TLS_PSK_WITH_AES_128_GCM_SHA256.
    assert_eq!(run(key, "mac-client").trim_end(), "OK 0x00a8");
    let wrong_key = run("ffeeddccbbaa99887766554433221100", "mac-client");
    assert!(wrong_key.starts_with("FAILED -98"), "{wrong_key}");
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

#[test]
fn error_messages_are_apples_descriptions() {
    let table = std::fs::read_to_string(cc::repo().join("tests/reference/error-messages.tsv"))
        .expect("the reference table");
    // (code, Apple's text): every row of SecBase.h's descriptions, then SecBase.cpp's
    // fallbacks for a code without one and for the errno range.
    let mut expected: Vec<(String, String)> = table
        .lines()
        .skip(1)
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            (cols[1].to_owned(), cols[2].to_owned())
        })
        .collect();
    expected.push(("-12345".into(), "OSStatus -12345".into()));
    expected.push(("100002".into(), "UNIX[No such file or directory]".into()));
    let exe = cc::build("error_messages");
    let codes: Vec<&str> = expected.iter().map(|(code, _)| code.as_str()).collect();
    let outcome = cc::run(&exe, &codes, TIMEOUT);
    assert!(outcome.success, "{}", outcome.stderr);
    let got: Vec<(String, String)> = outcome
        .stdout
        .lines()
        .map(|line| {
            let (code, text) = line.split_once('\t').expect("code and text");
            (code.to_owned(), text.to_owned())
        })
        .collect();
    assert_eq!(got.len(), expected.len());
    for (got, want) in got.iter().zip(&expected) {
        assert_eq!(got, want);
    }
}

#[test]
fn certificates_are_parsed_as_apples_parser_parses_them() {
    let exe = cc::build("certificate_parsing");
    let pki = Pki::new(KeyKind::Rsa2048);
    let good = openssl::x509::X509::from_pem(&pki.server().cert_pem)
        .and_then(|c| c.to_der())
        .expect("DER");
    // (flaw, what Apple's SecCertificateCreateWithData gives): libDER ignores bytes after
    // the certificate and refuses the rest (see tests/certificate_parsing.rs).
    let cases = DerFlaw::ALL.map(|flaw| {
        let answer = if flaw == DerFlaw::TrailingAfter {
            "CERT same"
        } else {
            "NULL"
        };
        (Some(flaw), answer)
    });
    let cases = [(None, "CERT same")].into_iter().chain(cases);
    let (files, answers): (Vec<_>, Vec<_>) = cases
        .enumerate()
        .map(|(i, (flaw, answer))| {
            let file = pki.dir().join(format!("flawed-{i}.der"));
            let der = flaw.map_or(good.clone(), |flaw| flaw.apply(&good));
            std::fs::write(&file, der).expect("write DER");
            (file, format!("{flaw:?}: {answer}"))
        })
        .unzip();
    let args: Vec<&str> = files.iter().map(|f| path(f)).collect();
    let outcome = cc::run(&exe, &args, TIMEOUT);
    assert!(outcome.success, "{}", outcome.stderr);
    let got: Vec<String> = outcome
        .stdout
        .lines()
        .zip(&answers)
        .map(|(line, answer)| format!("{}: {line}", answer.split(':').next().unwrap()))
        .collect();
    assert_eq!(got, answers);
}

/// tests/c/trust_policy.c's report on `leaf` (and its chain) judged for `side` and `host`
/// with `anchor` ("system:<pem>" for the system's roots).
fn trust_report(
    exe: &std::path::Path,
    pki: &Pki,
    anchor: &str,
    side: &str,
    leaf: &Issued,
) -> String {
    let name = leaf
        .cert_path
        .file_stem()
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let mut files = vec![der_file(pki, &leaf.cert_pem, &format!("{name}.der"))];
    for (i, cert) in leaf.chain().iter().enumerate() {
        let pem = openssl::x509::X509::from_der(&cert.to_der())
            .unwrap()
            .to_pem()
            .unwrap();
        files.push(der_file(pki, &pem, &format!("{name}-chain-{i}.der")));
    }
    let mut args = vec![anchor, side, "localhost"];
    args.extend(files.iter().map(|f| path(f)));
    let outcome = cc::run(exe, &args, TIMEOUT);
    assert!(outcome.success, "{}{}", outcome.stdout, outcome.stderr);
    outcome.stdout
}

#[test]
fn trust_evaluation_reports_apples_results_codes_texts_and_the_built_chain() {
    let exe = cc::build("trust_policy");
    let pki = Pki::new(KeyKind::Rsa2048);
    let ca = der_file(&pki, &pki.ca().cert_pem, "ca.der");
    let ca = path(&ca);
    let roots = pki.dir().join("roots.pem");
    std::fs::write(&roots, &pki.ca().cert_pem).unwrap();
    let system = format!("system:{}", path(&roots));
    let issue = |spec| pki.issue(spec);
    // (anchor, side, leaf, Apple's report): SecTrustResultType (4 unspecified, 5 recoverable,
    // 6 fatal), SecPolicyChecks.list's code of the reported check, SecFrameworkStrings.h's
    // sentence, and the chain SecTrust.c's getters give: built up to the anchor.
    let cases = [
        (ca, "server", pki.server().clone(), "COUNT 2\nRESULT 4\nCODE 0\nDESCRIPTION -\nCHAIN localhost|secure-transport test CA\n"),
        (ca, "server", issue(LeafSpec::Expired), "COUNT 2\nRESULT 5\nCODE -67818\nDESCRIPTION “localhost” certificate is expired\nCHAIN localhost|secure-transport test CA\n"),
        (ca, "server", issue(LeafSpec::Rsa1024), "COUNT 2\nRESULT 5\nCODE -67735\nDESCRIPTION “localhost” certificate is using a broken key size\nCHAIN localhost|secure-transport test CA\n"),
        (ca, "server", issue(LeafSpec::Md5Signed), "COUNT 3\nRESULT 6\nCODE -67815\nDESCRIPTION “localhost” certificate is using a broken signature algorithm\nCHAIN localhost|RSA Intermediate CA|secure-transport test CA\n"),
        (ca, "server", issue(LeafSpec::CommonNameOnly), "COUNT 2\nRESULT 5\nCODE -67602\nDESCRIPTION “localhost” certificate name does not match input\nCHAIN localhost|secure-transport test CA\n"),
        (ca, "server", issue(LeafSpec::LongValidity), "COUNT 2\nRESULT 5\nCODE -67901\nDESCRIPTION “localhost” certificate is not standards compliant\nCHAIN localhost|secure-transport test CA\n"),
        // Before 1 July 2019, the caller's anchor makes no rule of serverAuth or 825 days…
        (ca, "server", issue(LeafSpec::IssuedJune2019), "COUNT 2\nRESULT 4\nCODE 0\nDESCRIPTION -\nCHAIN localhost|secure-transport test CA\n"),
        // … but a system root does (since 1 March 2018); Compliance outranks Usage.
        (system.as_str(), "server", issue(LeafSpec::IssuedJune2019), "COUNT 2\nRESULT 5\nCODE -67901\nDESCRIPTION “localhost” certificate is not standards compliant\nCHAIN localhost|secure-transport test CA\n"),
        // The client policy: only broken keys and hashes, not the server's rules.
        (ca, "client", issue(LeafSpec::Rsa1024), "COUNT 2\nRESULT 4\nCODE 0\nDESCRIPTION -\nCHAIN localhost|secure-transport test CA\n"),
        (ca, "client", issue(LeafSpec::Rsa512), "COUNT 2\nRESULT 6\nCODE -67735\nDESCRIPTION “localhost” certificate is using a broken key size\nCHAIN localhost|secure-transport test CA\n"),
    ];
    for (anchor, side, leaf, expected) in cases {
        let report = trust_report(&exe, &pki, anchor, side, &leaf);
        assert_eq!(report, expected, "{side} {}", leaf.cert_path.display());
    }
}

#[test]
fn a_refused_server_is_an_invalid_chain_and_the_trust_says_why() {
    let exe = cc::build("untrusted_server");
    let pki = Pki::new(KeyKind::EcdsaP256);
    let leaf = pki.issue(LeafSpec::WrongHost);
    let ca = der_file(&pki, &pki.ca().cert_pem, "ca.der");
    let mut server = Peer::s_server(&[
        "-cert",
        path(&leaf.cert_path),
        "-key",
        path(&leaf.key_path),
        "-naccept",
        "1",
    ]);
    let outcome = cc::run(&exe, &[&server.port.to_string(), path(&ca)], TIMEOUT);
    let stdout = succeeded(outcome, &server);
    // sslVerifyCertChain's one code, the state kSSLAborted (4); the trust evaluated in the
    // handshake (kSecTrustResultRecoverableTrustFailure), SSLHostname's code and sentence.
    assert_eq!(
        stdout,
        "HANDSHAKE -9807\nSTATE 4\nRESULT 5\nCODE -67602\n\
         DESCRIPTION “wrong.example” certificate name does not match input\n"
    );
    server.wait(TIMEOUT);
    // The server heard Apple's alert.
    assert!(
        server.output().contains("certificate unknown"),
        "{}",
        server.output()
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

/// Issue 15 (a): a client identity from `SecItemImport` of a PKCS#12 file, with no keychain
/// (the file's name tells the format), into `SSLSetCertificate`, for `openssl s_server
/// -Verify 1`, which accepts only a client certificate its CA signed.
#[test]
fn item_import_of_pkcs12_gives_the_client_identity_a_server_requires() {
    let exe = cc::build("item_import_identity");
    for kind in [KeyKind::Rsa2048, KeyKind::EcdsaP256] {
        let pki = Pki::new(kind);
        let ca = der_file(&pki, &pki.ca().cert_pem, "ca.der");
        let p12 = pki.dir().join("client.p12");
        std::fs::write(&p12, pki.client().pkcs12("import pass")).expect("write PKCS#12");
        let server = Peer::rev_server(
            &pki,
            &[
                "-Verify",
                "1",
                "-verify_return_error",
                "-CAfile",
                path(&pki.ca().cert_path),
            ],
        );
        let port = server.port.to_string();
        let outcome = cc::run(
            &exe,
            &[&port, path(&ca), path(&p12), "import pass"],
            TIMEOUT,
        );
        let stdout = succeeded(outcome, &server);
        // kSecFormatPKCS12 = 12, kSecItemTypeAggregate = 5, one identity, the key class
        // "1" (kSecAttrKeyClassPrivate), kSSLClientCertSent = 2, "me" reversed.
        assert_eq!(stdout.trim_end(), "OK 12 5 1 1 2 em", "{kind:?}");
        assert!(
            server.output().contains("CN = client") || server.output().contains("CN=client"),
            "the server saw no client certificate:\n{}",
            server.output()
        );
    }
}

/// The server certificate's public key as Apple's external representation, computed by the
/// openssl tool alone: PKCS#1 DER for RSA, the X9.63 point `openssl ec -text` prints for EC.
fn tools_public_key(pki: &Pki, cert: &std::path::Path, kind: KeyKind) -> String {
    use secure_transport_test_kit::peers::run_openssl;
    let run = |args: &[&str]| {
        let (status, output) = run_openssl(args, TIMEOUT);
        assert!(
            status.is_some_and(|s| s.success()),
            "openssl {args:?}:\n{output}"
        );
        output
    };
    let public = pki.dir().join("pinned.pem");
    run(&[
        "x509",
        "-in",
        path(cert),
        "-noout",
        "-pubkey",
        "-out",
        path(&public),
    ]);
    match kind {
        KeyKind::Rsa2048 => {
            let der = pki.dir().join("pinned.der");
            run(&[
                "rsa",
                "-pubin",
                "-in",
                path(&public),
                "-RSAPublicKey_out",
                "-outform",
                "DER",
                "-out",
                path(&der),
            ]);
            std::fs::read(&der)
                .unwrap()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect()
        }
        KeyKind::EcdsaP256 => {
            let text = run(&["ec", "-pubin", "-in", path(&public), "-text", "-noout"]);
            text.lines()
                .skip_while(|l| !l.starts_with("pub:"))
                .skip(1)
                .take_while(|l| l.starts_with(' '))
                .map(|l| l.trim().replace(':', ""))
                .collect()
        }
    }
}

/// Issue 15 (d): pinning — `SecTrustCopyKey` of the handshake's trust, its external
/// representation compared with the key the harness computed with the openssl tool; a pin
/// of another key does not match.
#[test]
fn pinning_compares_the_servers_key_with_the_tools() {
    let exe = cc::build("key_pinning");
    for (kind, expected) in [
        (KeyKind::Rsa2048, "PINNED RSA 2048 256"),
        (KeyKind::EcdsaP256, "PINNED EC 256 32"),
    ] {
        let pki = Pki::new(kind);
        let ca = der_file(&pki, &pki.ca().cert_pem, "ca.der");
        let pinned = tools_public_key(&pki, &pki.server().cert_path, kind);
        let other = tools_public_key(&pki, &pki.client().cert_path, kind);
        for (pin, answer) in [(&pinned, expected), (&other, "NOT PINNED")] {
            let server = Peer::rev_server(&pki, &[]);
            let port = server.port.to_string();
            let outcome = cc::run(&exe, &[&port, path(&ca), pin], TIMEOUT);
            assert_eq!(succeeded(outcome, &server).trim_end(), answer, "{kind:?}");
        }
    }
}

/// The summary line of a checking program ("checked <n>, <f> failures"): fails unless it
/// ran at least `at_least` checks and none failed.
fn all_checks_passed(outcome: cc::Outcome, at_least: usize) {
    let summary = outcome.stdout.lines().last().unwrap_or_default().to_owned();
    assert!(outcome.success, "{}\n{}", outcome.stdout, outcome.stderr);
    let checked: usize = summary
        .strip_prefix("checked ")
        .and_then(|rest| rest.split(',').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no summary: {summary}"));
    assert!(summary.ends_with(", 0 failures"), "{summary}");
    assert!(checked >= at_least, "{summary}");
}

/// CommonCrypto from C against published vectors: FIPS 180-2 and RFC 1321 digests
/// (streamed through copied contexts too), RFC 2202/4231 HMACs, SP 800-38A AES, FIPS 81
/// DES, SP 800-67 3DES, RFC 6070/7914 PBKDF2; Apple's context sizes; CommonCryptor.c's
/// lengths, padding and errors.
#[test]
fn common_crypto_gives_the_published_answers() {
    let exe = cc::build("common_crypto");
    all_checks_passed(cc::run(&exe, &[], Duration::from_secs(300)), 800);
}

/// CFString, CFArray, CFDictionary, CFData, CFError, CFURL and the base calls from C, with
/// the results CoreFoundation documents or gives on a Mac.
#[test]
fn core_foundation_families_behave_as_on_a_mac() {
    let exe = cc::build("cf_families");
    let scratch = std::env::temp_dir().join(format!("cf-families-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("scratch dir");
    let outcome = cc::run(&exe, &[path(&scratch)], TIMEOUT);
    std::fs::remove_dir_all(&scratch).ok();
    assert!(
        outcome
            .stderr
            .contains("CFShow: a string shows its text\n(null)\n"),
        "CFShow's lines on stderr: {}",
        outcome.stderr
    );
    all_checks_passed(outcome, 100);
}

/// Client code written as curl's Secure Transport backend writes it (its platform
/// conditionals, sysctl for the Darwin version, ALPN read with CFStringCompare, the CA file
/// read through CFURL, CopyCertSubject, CC_SHA256) builds unchanged with only -I and -l,
/// and talks to s_server: Darwin 19.6 (macOS 10.15), the ALPN protocol the server chose,
/// the leaf's real hash.
#[test]
fn mac_tls_code_written_as_curl_writes_it_runs_unchanged() {
    let exe = cc::build("sectransp_usage");
    let pki = Pki::new(KeyKind::EcdsaP256);
    let ca = der_file(&pki, &pki.ca().cert_pem, "ca.der");
    let leaf = openssl::x509::X509::from_pem(&pki.server().cert_pem)
        .and_then(|c| c.to_der())
        .expect("the server's certificate");
    let leaf_hash: String = openssl::sha::sha256(&leaf)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    for (offered, chosen) in [("h2,http/1.1", "h2"), ("http/1.1", "http/1.1")] {
        let server = Peer::rev_server(&pki, &["-alpn", offered]);
        let port = server.port.to_string();
        let stdout = succeeded(cc::run(&exe, &[&port, path(&ca)], TIMEOUT), &server);
        assert_eq!(
            stdout,
            format!(
                "DARWIN 19.6\nSUBJECT localhost\nALPN {chosen}\nLEAF-SHA256 {leaf_hash}\n\
                 REPLY lruc\nLABEL localhost:{port} via SecureTransport (Darwin 19)\n"
            ),
            "server offering {offered}"
        );
    }
}

/// Issue 15 (b): a keychain of the program's own, a PEM certificate and key imported into it,
/// the identity it pairs them into, a handshake with that identity, the keychain deleted.
#[test]
fn a_temporary_keychain_gives_the_client_identity_a_server_requires() {
    let exe = cc::build("keychain_identity");
    for kind in [KeyKind::EcdsaP256, KeyKind::Rsa2048] {
        let pki = Pki::new(kind);
        let ca = der_file(&pki, &pki.ca().cert_pem, "ca.der");
        let client = pki.client();
        let keychain = pki.dir().join("keychains").join("run.keychain");
        let server = Peer::rev_server(
            &pki,
            &[
                "-Verify",
                "1",
                "-verify_return_error",
                "-CAfile",
                path(&pki.ca().cert_path),
            ],
        );
        let port = server.port.to_string();
        let env = cc::keychain_env(pki.dir());
        let args = [
            port.as_str(),
            path(&ca),
            path(&client.cert_path),
            path(&client.key_path),
            path(&keychain),
        ];
        let outcome = cc::start_with_env(&exe, &args, &env).finish(TIMEOUT);
        let stdout = succeeded(outcome, &server);
        // kSSLClientCertSent = 2, "me" reversed; unlocked: all three status bits, locked:
        // kSecReadPermStatus.
        assert_eq!(stdout.trim_end(), "OK 2 em 7 2", "{kind:?}");
        assert!(
            server.output().contains("CN = client") || server.output().contains("CN=client"),
            "the server saw no client certificate:\n{}",
            server.output()
        );
        assert!(!keychain.exists(), "the keychain was not deleted");
    }
}

/// Issue 15 (c): an identity stored in the default keychain by one run (imported from
/// PKCS#12 into it, relabelled), found by that label with `SecItemCopyMatching` by a later
/// run, which proves with it who it is to a server that requires a client certificate. The
/// default keychain is a PKCS#12 file where `XDG_DATA_HOME` says, which `openssl pkcs12`
/// reads with the empty password.
#[test]
fn an_identity_found_by_label_in_the_default_keychain() {
    let exe = cc::build("default_keychain_identity");
    let pki = Pki::new(KeyKind::EcdsaP256);
    let ca = der_file(&pki, &pki.ca().cert_pem, "ca.der");
    let p12 = pki.dir().join("client.p12");
    std::fs::write(&p12, pki.client().pkcs12("p12 pass")).expect("write PKCS#12");
    let data = pki.dir().join("data");
    let env = cc::keychain_env(&data);
    let label = "My TLS client";

    let stored =
        cc::start_with_env(&exe, &["store", path(&p12), "p12 pass", label], &env).finish(TIMEOUT);
    assert!(stored.success, "{}{}", stored.stdout, stored.stderr);
    let keychain = data.join("secure-transport").join("login.keychain");
    assert_eq!(
        stored.stdout.trim_end(),
        format!("STORED {}", keychain.display())
    );
    let (status, info) = secure_transport_test_kit::peers::run_openssl(
        &[
            "pkcs12",
            "-info",
            "-noenc",
            "-in",
            path(&keychain),
            "-passin",
            "pass:",
        ],
        TIMEOUT,
    );
    assert!(status.is_some_and(|s| s.success()), "{info}");
    // The certificate and its key, both under the new label.
    assert_eq!(
        info.matches(&format!("friendlyName: {label}")).count(),
        2,
        "{info}"
    );

    let server = Peer::rev_server(
        &pki,
        &[
            "-Verify",
            "1",
            "-verify_return_error",
            "-CAfile",
            path(&pki.ca().cert_path),
        ],
    );
    let port = server.port.to_string();
    let args = ["connect", port.as_str(), path(&ca), label];
    let outcome = cc::start_with_env(&exe, &args, &env).finish(TIMEOUT);
    let stdout = succeeded(outcome, &server);
    // kSSLClientCertSent = 2, "me" reversed; an identity's attributes are its certificate's.
    assert_eq!(stdout.trim_end(), "OK 2 em cert");
    assert!(
        server.output().contains("CN = client") || server.output().contains("CN=client"),
        "the server saw no client certificate:\n{}",
        server.output()
    );
}

/// What the item functions give back, in the shapes of macOS's SecItem.cpp (a reference, an
/// array past a limit of one, a dictionary for several kinds; data, attributes and
/// persistent references of the items).
#[test]
fn item_results_have_apples_shapes() {
    let exe = cc::build("keychain_items");
    let pki = Pki::new(KeyKind::EcdsaP256);
    let keychain = pki.dir().join("items.keychain");
    let client = pki.client();
    let args = [
        path(&keychain),
        path(&client.cert_path),
        path(&client.key_path),
        path(&pki.ca().cert_path),
    ];
    let env = cc::keychain_env(pki.dir());
    let outcome = cc::start_with_env(&exe, &args, &env).finish(TIMEOUT);
    assert!(outcome.success, "{}{}", outcome.stdout, outcome.stderr);
    // Both certificates in the array; a key's attributes say kSecClassKey ("keys").
    assert_eq!(outcome.stdout.trim_end(), "OK 2 keys");
    assert!(!keychain.exists(), "the keychain was not deleted");
}
