//! Writes the seed corpora of `fuzz/corpus/`: for the peer targets, the flights our own
//! client and server send each other (recorded in process with the deterministic random
//! streams, then replayed through the fuzz harness to check they still reach application
//! data); for the others, the fixture files and a few call programs.
//!
//! `cargo run --manifest-path fuzz/Cargo.toml --example record_seeds` (after changing the
//! fixtures or the harness's configurations); with `-- --check` it writes nothing and only
//! replays the peer seeds there are, failing if one no longer reaches application data (CI
//! runs that: a library change can make recorded flights stale).

use std::fs;
use std::path::{Path, PathBuf};

use secure_transport::secure_transport::SslConnectionType;
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
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    if std::env::args().any(|a| a == "--check") {
        check(&corpus);
        return;
    }
    for (kind, target, setups) in [
        (SslConnectionType::STREAM, "peer_bytes_stream", STREAM_SETUPS),
        (SslConnectionType::DATAGRAM, "peer_bytes_datagram", DATAGRAM_SETUPS),
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
                    assert_replays(kind, &seed, &what);
                }
                let name = format!("{}-{peer_setup:02x}", side_name(Setup(peer_setup)));
                fs::write(dir.join(name), [&[peer_setup, 0][..], &body].concat()).unwrap();
            }
        }
        println!("{target}: {} seeds, all replay", setups.len() * 2);
    }
}

/// Replays every peer seed; each must connect and read the peer's message.
fn check(corpus: &Path) {
    for (kind, target) in [
        (SslConnectionType::STREAM, "peer_bytes_stream"),
        (SslConnectionType::DATAGRAM, "peer_bytes_datagram"),
    ] {
        let mut count = 0;
        for entry in fs::read_dir(corpus.join(target)).unwrap() {
            let path = entry.unwrap().path();
            let seed = fs::read(&path).unwrap();
            assert_replays(kind, &seed, &path.display().to_string());
            count += 1;
        }
        assert!(count > 0, "no seeds in corpus/{target}");
        println!("{target}: {count} seeds replay to application data");
    }
}

fn assert_replays(kind: SslConnectionType, seed: &[u8], what: &str) {
    let outcome = peer::run(kind, seed).expect("a whole input");
    assert!(
        outcome.connected && outcome.received >= MESSAGE.len(),
        "{what} does not replay: {outcome:?}"
    );
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
        Session::new(kind, client_setup, Wire::recording(kind)),
        Session::new(kind, client_setup.peer(), Wire::recording(kind)),
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
    assert_eq!(done, [true, true], "{setup:?}: the handshake did not finish");
    for side in &mut sides {
        assert_eq!(side.write(MESSAGE), 0);
    }
    shuttle(&mut sides, &mut sent);
    for i in [0, 1, 0] {
        let mut buf = [0u8; 4096];
        while sides[i].read(&mut buf) == 0 {}
        shuttle(&mut sides, &mut sent);
    }
    sides[0].close();
    shuttle(&mut sides, &mut sent);
    let mut buf = [0u8; 64];
    assert_eq!(sides[1].read(&mut buf), -9805, "errSSLClosedGraceful");
    shuttle(&mut sides, &mut sent);
    sent
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
