//! Writes the seed corpora of `fuzz/corpus/`: for the peer targets, the flights our own
//! client and server send each other (recorded in process with the deterministic random
//! streams, then replayed through the fuzz harness to check they still reach application
//! data); for the others, the fixture files and a few call programs.
//!
//! `cargo run --manifest-path fuzz/Cargo.toml --example record_seeds` (after changing the
//! fixtures or the harness's configurations). `ci/fuzz.sh` replays the recorded peer seeds
//! with `FUZZ_EXPECT_REPLAY` set: each must still reach application data; it also records
//! them again into a scratch directory (`FUZZ_CORPUS_OUT`), which checks every invariant
//! of the harness on our own client and server, renegotiation included.

use std::fs;
use std::path::{Path, PathBuf};

use openssl::pkey::PKey;
use openssl::symm::Cipher;
use secure_transport::certificate::SecCertificate;
use secure_transport::secure_transport::SslConnectionType;
use secure_transport_fuzz::calls::{self, Op, CONSTANT, JUNK, NULL};
use secure_transport_fuzz::fixture;
use secure_transport_fuzz::peer::{self, Session, Setup, Step, Wire, MESSAGE};

/// Configurations recorded (the client's setup byte; the server's differs in bit 0). See
/// `peer::Setup` for the bits.
const STREAM_SETUPS: &[u8] = &[
    0x00, // TLS 1.3
    0x02, // TLS 1.2
    0x04, // TLS 1.0–1.1
    0x06, // TLS 1.3 only
    0x08, // break on server auth / client hello
    0x10, // client certificate, TLS 1.3
    0x12, // client certificate, TLS 1.2
    0x20, // ALPN
    0x42, // renegotiation allowed, TLS 1.2
    0x80, // handshake driven by SSLRead
    0xAA, // TLS 1.2, breaks, ALPN, SSLRead
];
const DATAGRAM_SETUPS: &[u8] = &[
    0x00, // DTLS 1.2
    0x02, // DTLS 1.0
    0x40, // hello cookie
    0x50, // hello cookie, client certificate
    0x88, // breaks, SSLRead
    0x22, // ALPN, DTLS 1.0
];
/// A faulty transport schedule the replays must also get through.
const FAULTY: u8 = 0x5A;

fn main() {
    // `ci/fuzz.sh` records into a scratch directory, to check that recording still works.
    let corpus = std::env::var_os("FUZZ_CORPUS_OUT").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"),
        PathBuf::from,
    );
    for (kind, target, setups) in [
        (
            SslConnectionType::STREAM,
            "peer_bytes_stream",
            STREAM_SETUPS,
        ),
        (
            SslConnectionType::DATAGRAM,
            "peer_bytes_datagram",
            DATAGRAM_SETUPS,
        ),
    ] {
        let dir = fresh_dir(&corpus.join(target));
        for &setup in setups {
            let [from_client, from_server] = record(kind, Setup(setup));
            for (peer_setup, sent) in [(setup, from_server), (setup | 1, from_client)] {
                let body = match kind {
                    SslConnectionType::STREAM => sent.concat(),
                    _ => peer::join_datagrams(&sent),
                };
                for schedule in [0, FAULTY] {
                    let seed = [&[peer_setup, schedule][..], &body].concat();
                    let what = format!("{target} {peer_setup:#04x}/{schedule:#04x}");
                    let outcome = assert_replays(kind, &seed, &what);
                    if renegotiates(kind, Setup(peer_setup)) && peer_setup & 1 == 0 {
                        assert_eq!(outcome.renegotiations, 1, "{what} renegotiates");
                    }
                }
                let name = format!("{}-{peer_setup:02x}", side_name(Setup(peer_setup)));
                fs::write(dir.join(name), [&[peer_setup, 0][..], &body].concat()).unwrap();
            }
        }
        println!("{target}: {} seeds, all replay", setups.len() * 2);
    }
    let dir = fresh_dir(&corpus.join("c_abi_calls"));
    for (name, program, handshakes) in call_programs() {
        let done = calls::run(&program);
        assert_eq!(done, handshakes, "c_abi_calls {name}: contexts connected");
        fs::write(dir.join(name), program).unwrap();
    }
    let dir = fresh_dir(&corpus.join("import_paths"));
    for (name, mode, bytes) in import_seeds() {
        fs::write(dir.join(name), [&[mode][..], &bytes].concat()).unwrap();
    }
    println!("c_abi_calls, import_paths: seeds written");
}

/// Call programs (see `calls` for the encoding): two contexts connected in process, TLS
/// and DTLS, with data, copies and close; TLS 1.2 with ALPN and a renegotiation; bad
/// arguments everywhere. Each with the number of contexts it must connect.
fn call_programs() -> Vec<(&'static str, Vec<u8>, usize)> {
    let op = |op: Op, args: &[u8]| [&[op as u8][..], args].concat();
    // Contexts 0 (client) and 1 (server) on pipe ends `wires`, the server with the fixture
    // identity, the client trusting the CA for "localhost". Owned objects: 0 client,
    // 1 server, 2 identity, 3 [identity], 4 CA DER, 5 CA, 6 [CA].
    let pair = |kind: u8, wires: [u8; 2]| {
        [
            op(Op::Create, &[1, kind]),
            op(Op::Create, &[0, kind]),
            op(Op::SetIoFuncs, &[0, 0]),
            op(Op::SetIoFuncs, &[1, 0]),
            op(Op::SetConnection, &[0, wires[0]]),
            op(Op::SetConnection, &[1, wires[1]]),
            op(Op::Security, &[0]),
            op(Op::MakeArray, &[1, 2, 0]),
            op(Op::SetObject, &[0, 1, 3, 0]),
            op(Op::Security, &[1]),
            op(Op::MakeArray, &[1, 5, 0]),
            op(Op::SetObject, &[5, 0, 6, 1]),
            op(
                Op::SetBytes,
                &[
                    0, 0, 9, b'l', b'o', b'c', b'a', b'l', b'h', b'o', b's', b't', 0,
                ],
            ),
        ]
        .concat()
    };
    let talk = [
        // 31 rounds, the most one Pump makes: the faulty schedule's handshake no longer
        // finished in 16.
        op(Op::Pump, &[0, 1, 31]),
        op(Op::Write, &[0, 0, 0x20, 0]),
        op(Op::Read, &[1, 1, 0, 0]),
        op(Op::Write, &[1, 0, 0x40, 0]),
        op(Op::Read, &[0, 1, 0, 0]),
        op(Op::CopyObject, &[3, 0, 0]),
        op(Op::CopyObject, &[4, 0, 0]),
        op(Op::CopyObject, &[2, 0, 0]),
        op(Op::Get, &[4, 0, 0, 0]),
        op(Op::GetBytes, &[4, 1, 64, 0]),
        op(Op::Ciphers, &[3, 0, 0]),
        op(Op::Close, &[0]),
        op(Op::Read, &[1, 0, 0x10, 0]),
        op(Op::Close, &[1]),
    ]
    .concat();
    let stream = [&[0][..], &pair(0, [0, 1]), &talk].concat();
    let faulty = [&[0x5A][..], &pair(0, [0, 1]), &talk].concat();
    let datagram = [
        &[0][..],
        &pair(1, [2, 3]),
        &op(
            Op::SetBytes,
            &[2, 1, 6, b'c', b'o', b'o', b'k', b'i', b'e', 0],
        ),
        &talk,
    ]
    .concat();
    // TLS 1.2 (kTLSProtocol12 = 8), ALPN "h2" on both (owned 7 "h2", 8 ["h2"]), the server
    // accepting renegotiation (option 8), which the client then starts.
    let renegotiation = [
        &[0][..],
        &pair(0, [0, 1]),
        &op(Op::SetInt, &[1, 0, 8]),
        &op(Op::MakeString, &[2, b'h', b'2']),
        &op(Op::MakeArray, &[1, 7, 0]),
        &op(Op::SetObject, &[2, 0, 8, 0]),
        &op(Op::SetObject, &[2, 1, 8, 0]),
        &op(Op::SetIntFlag, &[0, 1, 8, 1]),
        &op(Op::Pump, &[0, 1, 12]),
        &op(Op::CopyObject, &[8, 0, 0]),
        &op(Op::ReHandshake, &[0]),
        &op(Op::Pump, &[0, 1, 12]),
        &talk,
    ]
    .concat();
    let bad = [
        &[0][..],
        &op(Op::Create, &[1, 0]),
        &op(Op::Handshake, &[0]),
        &op(Op::Handshake, &[NULL]),
        &op(Op::Read, &[JUNK, 0, 8, 0]),
        &op(Op::Read, &[0, 0, 8, 4]),
        &op(Op::Write, &[0, 0, 8, 1]),
        &op(Op::SetBytes, &[0, 0, 1, b'x', 3]),
        &op(Op::SetObject, &[0, 0, CONSTANT, 0]),
        &op(Op::SetObject, &[5, CONSTANT, NULL, 1]),
        &op(Op::CopyObject, &[3, 0, 1]),
        &op(Op::Get, &[0, JUNK, 0, 0]),
        &op(Op::Release, &[JUNK]),
        &op(Op::Release, &[NULL]),
        &op(Op::Dispose, &[0]),
        &op(Op::Dispose, &[0]),
    ]
    .concat();
    vec![
        ("handshake-stream", stream, 2),
        ("handshake-stream-faulty", faulty, 2),
        ("handshake-datagram", datagram, 2),
        ("renegotiation-alpn", renegotiation, 2),
        ("bad-arguments", bad, 0),
    ]
}

/// Import seeds: (name, mode byte, data); the modes are those of `import_paths`
/// (`SecItemImport`'s are 3 | hints << 2: a PKCS#12 format hint is 2 << 2, the name
/// ".p12" 16 << 2).
fn import_seeds() -> Vec<(&'static str, u8, Vec<u8>)> {
    let der = |pem: &[u8]| SecCertificate::from_pem(pem).unwrap().to_der();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let file = |name: &str| fs::read(fixtures.join(name)).unwrap();
    let key = PKey::private_key_from_pem(fixture::SERVER_KEY).unwrap();
    let passphrase = fixture::P12_PASSPHRASE.as_bytes();
    let wrapped = key
        .private_key_to_pem_pkcs8_passphrase(Cipher::aes_256_cbc(), passphrase)
        .unwrap();
    let traditional = key
        .ec_key()
        .unwrap()
        .private_key_to_pem_passphrase(Cipher::aes_128_cbc(), passphrase)
        .unwrap();
    let public = key.public_key_to_der().unwrap();
    vec![
        ("p12-identity", 0, fixture::SERVER_P12.to_vec()),
        ("p12-wrong-passphrase", 4, fixture::SERVER_P12.to_vec()),
        ("p12-certificates-only", 0, file("certs-only.p12")),
        ("p12-legacy", 0, file("legacy.p12")),
        ("der-ca", 1, der(fixture::CA_PEM)),
        ("der-server", 1, der(fixture::SERVER_PEM)),
        (
            "pem-identity",
            2,
            [fixture::SERVER_PEM, fixture::SERVER_KEY].concat(),
        ),
        (
            "pem-bundle",
            2,
            [fixture::SERVER_PEM, fixture::CA_PEM].concat(),
        ),
        ("item-p12", 3 | 2 << 2, fixture::SERVER_P12.to_vec()),
        (
            "item-p12-by-name",
            3 | 16 << 2,
            fixture::SERVER_P12.to_vec(),
        ),
        ("item-p12-legacy", 3 | 2 << 2, file("legacy.p12")),
        (
            "item-pem-sequence",
            3,
            [fixture::SERVER_PEM, fixture::SERVER_KEY, fixture::CA_PEM].concat(),
        ),
        ("item-der-certificate", 3, der(fixture::SERVER_PEM)),
        ("item-pem-key", 3, fixture::SERVER_KEY.to_vec()),
        ("item-wrapped-pkcs8", 3, wrapped),
        ("item-traditional-encrypted", 3, traditional),
        ("item-public-key", 3, public),
    ]
}

fn assert_replays(kind: SslConnectionType, seed: &[u8], what: &str) -> peer::Outcome {
    let outcome = peer::run(kind, seed).expect("a whole input");
    assert!(
        outcome.connected && outcome.received >= MESSAGE.len(),
        "{what} does not replay: {outcome:?}"
    );
    outcome
}

/// Whether the recording renegotiates: TLS with setup bit 6 (renegotiation allowed).
fn renegotiates(kind: SslConnectionType, setup: Setup) -> bool {
    kind == SslConnectionType::STREAM && setup.0 & 0x40 != 0
}

fn side_name(setup: Setup) -> &'static str {
    if setup.0 & 1 == 0 {
        "client"
    } else {
        "server"
    }
}

fn fresh_dir(dir: &PathBuf) -> PathBuf {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).unwrap();
    dir.clone()
}

/// A client and a server with `setup`, in process: handshake, a message each way, the
/// client's close and the server's answer. Returns what each sent, per callback call.
fn record(kind: SslConnectionType, setup: Setup) -> [Vec<Vec<u8>>; 2] {
    peer::prepare();
    let client_setup = Setup(setup.0 & !1);
    let mut sides = [
        Session::new(kind, client_setup, Wire::pipe_end(kind, 0)),
        Session::new(kind, client_setup.peer(), Wire::pipe_end(kind, 0)),
    ];
    let mut sent = [Vec::new(), Vec::new()];
    let mut done = [false, false];
    for _ in 0..1000 {
        for i in 0..2 {
            if !done[i] {
                match sides[i].handshake_step() {
                    Step::Done => done[i] = true,
                    Step::Blocked => {}
                    Step::Failed(status) => panic!("{setup:?}: side {i} failed with {status}"),
                }
            }
            shuttle(&mut sides, &mut sent);
        }
        if done == [true, true] {
            break;
        }
    }
    assert_eq!(
        done,
        [true, true],
        "{setup:?}: the handshake did not finish"
    );
    for side in &mut sides {
        assert_eq!(side.write(MESSAGE), 0);
    }
    shuttle(&mut sides, &mut sent);
    for i in [0, 1, 0] {
        let mut buf = [0u8; 4096];
        while sides[i].read(&mut buf) == 0 {}
        shuttle(&mut sides, &mut sent);
    }
    if renegotiates(kind, setup) {
        renegotiate(&mut sides, &mut sent);
    }
    sides[0].close();
    shuttle(&mut sides, &mut sent);
    let mut buf = [0u8; 64];
    assert_eq!(sides[1].read(&mut buf), -9805, "errSSLClosedGraceful");
    shuttle(&mut sides, &mut sent);
    sent
}

/// The server asks for a renegotiation (allowed by setup bit 6), which the client carries
/// out in its reads.
fn renegotiate(sides: &mut [Session; 2], sent: &mut [Vec<Vec<u8>>; 2]) {
    assert!(sides[1].re_handshake(), "TLS 1.2 renegotiates");
    for _ in 0..20 {
        sides[1].handshake_step();
        shuttle(sides, sent);
        for i in [0, 1] {
            sides[i].read(&mut [0u8; 64]);
            shuttle(sides, sent);
        }
    }
    assert_eq!(sides[0].ctx.renegotiations(), 1, "the client renegotiated");
}

/// Moves what each side wrote to the other, keeping a copy.
fn shuttle(sides: &mut [Session; 2], sent: &mut [Vec<Vec<u8>>; 2]) {
    for from in 0..2 {
        for chunk in sides[from].wire.take_sent() {
            sent[from].push(chunk.clone());
            sides[1 - from].wire.deliver(chunk);
        }
    }
}
