//! Apple's 1/n-1 split (issue 14, item 13) with `kSSLSessionOptionSendOneByteRecord`, as
//! coreTLS's `tls_record_encrypt` does it: on SSL 3.0 and TLS 1.0 with a block cipher, a
//! write's first byte goes in a record of its own when the last record written carried
//! application data (so not the first write after the handshake), a 1-byte write is one
//! record, and the records of one `SSLWrite` reach the write callback in one call. Never
//! with a stream cipher (RC4), nor from TLS 1.1 on, nor without the option. No empty
//! records either way. (tests/c/io_contract.c checks TLS 1.0 through the C ABI.)

use secure_transport::secure_transport::{SslCipherSuite, SslProtocol, SslSessionOption};
use secure_transport_test_kit::pairs;
use secure_transport_test_kit::pki::{KeyKind, Pki};
use secure_transport_test_kit::wire::Faults;

/// TLS_RSA_WITH_AES_128_CBC_SHA, TLS_RSA_WITH_AES_256_CBC_SHA256, SSL_RSA_WITH_RC4_128_SHA.
const AES_CBC: SslCipherSuite = 0x002F;
const AES_CBC_SHA256: SslCipherSuite = 0x003D;
const RC4: SslCipherSuite = 0x0005;

/// The record bodies of each write callback call the client makes for `writes` (plain text
/// lengths), after a handshake at `version` with `suite`, the split option `split`.
fn records_per_write(
    version: SslProtocol,
    suite: SslCipherSuite,
    split: bool,
    writes: &[usize],
) -> Vec<Vec<usize>> {
    let pki = Pki::new(KeyKind::Rsa2048);
    let (mut client, mut server) = pairs::contexts(&pki);
    for ctx in [&mut client, &mut server] {
        ctx.set_protocol_version_min(version).unwrap();
        ctx.set_protocol_version_max(version).unwrap();
        ctx.set_enabled_ciphers(&[suite]).unwrap();
    }
    client
        .set_session_option(SslSessionOption::SEND_ONE_BYTE_RECORD, split)
        .unwrap();
    let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 4);
    assert_eq!(pairs::handshake(&mut client, &mut server), (Ok(()), Ok(())));
    assert_eq!(client.ctx.negotiated_protocol_version(), version);
    assert_eq!(client.ctx.negotiated_cipher(), Ok(suite));
    client.end.record_writes();
    let message = [0x61u8; 300];
    for &len in writes {
        assert_eq!(client.ctx.write(&message[..len]), (len, Ok(())));
        // The server reads it all (one record per SSLRead).
        let mut got = 0;
        for _ in 0..4 {
            got += server.ctx.read(&mut [0u8; 300]).0;
        }
        assert_eq!(got, len, "{version:?} {suite:#06x}: write of {len}");
    }
    client
        .end
        .writes()
        .iter()
        .map(|call| {
            let (mut bodies, mut at) = (Vec::new(), 0);
            while at + 5 <= call.len() {
                assert_eq!(call[at], 23, "application data only");
                let body = usize::from(u16::from_be_bytes([call[at + 3], call[at + 4]]));
                bodies.push(body);
                at += 5 + body;
            }
            assert_eq!(at, call.len(), "whole records");
            bodies
        })
        .collect()
}

/// The writes of every case: not split first, a 1-byte write, then split ones.
const WRITES: [usize; 4] = [100, 1, 100, 20];

/// What `records_per_write` gives for WRITES when each write after the first two is split:
/// `one` the body of a 1-byte record, `rest(n)` that of an n-byte one.
fn split_as_apple(one: usize, rest: impl Fn(usize) -> usize) -> Vec<Vec<usize>> {
    vec![
        vec![rest(100)],
        vec![one],
        vec![one, rest(99)],
        vec![one, rest(19)],
    ]
}

/// A CBC body under HMAC-SHA1 without an explicit IV (SSL 3.0, TLS 1.0): plain text, MAC,
/// padding to the 16-byte block; OpenSSL negotiates encrypt-then-MAC on TLS only.
fn cbc_sha1(len: usize, encrypt_then_mac: bool) -> usize {
    if encrypt_then_mac {
        (len / 16 + 1) * 16 + 20
    } else {
        (len + 20) / 16 * 16 + 16
    }
}

#[test]
fn tls1_cbc_records_are_split_one_and_the_rest() {
    let bodies = records_per_write(SslProtocol::TLS1, AES_CBC, true, &WRITES);
    let body = |n| cbc_sha1(n, true);
    assert_eq!(bodies, split_as_apple(body(1), body));
    // Without the option: one record per write, and no empty record before it.
    let bodies = records_per_write(SslProtocol::TLS1, AES_CBC, false, &WRITES);
    assert_eq!(bodies, WRITES.map(|n| vec![body(n)]));
}

/// From TLS 1.1 on the explicit IV protects each record: no split.
#[test]
fn tls12_cbc_records_are_not_split() {
    let bodies = records_per_write(SslProtocol::TLS12, AES_CBC_SHA256, true, &WRITES);
    assert!(bodies.iter().all(|call| call.len() == 1), "{bodies:?}");
}

#[test]
#[cfg_attr(
    openssl_no_ssl3,
    ignore = "needs the legacy OpenSSL build: ci/with-legacy-openssl.sh"
)]
fn ssl3_cbc_records_are_split_one_and_the_rest() {
    let bodies = records_per_write(SslProtocol::SSL3, AES_CBC, true, &WRITES);
    let body = |n| cbc_sha1(n, false);
    assert_eq!(bodies, split_as_apple(body(1), body));
}

/// RC4 is a stream cipher: coreTLS splits block ciphers only.
#[test]
#[cfg_attr(
    openssl_no_ssl3,
    ignore = "needs the legacy OpenSSL build: ci/with-legacy-openssl.sh"
)]
fn rc4_records_are_not_split() {
    for version in [SslProtocol::SSL3, SslProtocol::TLS1] {
        let bodies = records_per_write(version, RC4, true, &WRITES);
        assert_eq!(bodies, WRITES.map(|n| vec![n + 20]), "{version:?}");
    }
}
