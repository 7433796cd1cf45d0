//! No heap allocation per record once a session is up: none in this crate (a counting global
//! allocator), and in OpenSSL (its allocator hooked with `CRYPTO_set_mem_functions`, which
//! must happen before OpenSSL allocates anything, hence `harness = false`) none but its own
//! record writer's: OpenSSL 3.0 allocates small `WPACKET` sub-packets (crypto/packet.c) for
//! every record it writes (do_ssl3_write), whoever calls it. Anything else (BIO, error queue,
//! our glue) fails the test.

use std::sync::atomic::Ordering::Relaxed;

use secure_transport::secure_transport::SslProtocol;
use secure_transport_test_kit::counting::{
    self, Counting, OPENSSL_ALLOCATIONS, OPENSSL_OTHER, RUST_ALLOCATIONS,
};
use secure_transport_test_kit::pairs::{self, Side};
use secure_transport_test_kit::pki::{KeyKind, Pki};
use secure_transport_test_kit::wire::Faults;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Writes one record of `data` on `from` and reads it whole into `buf` on `to`.
fn send(from: &mut Side, to: &mut Side, data: &[u8], buf: &mut [u8]) {
    let (written, result) = from.ctx.write(data);
    assert_eq!((written, result), (data.len(), Ok(())));
    let mut got = 0;
    while got < data.len() {
        let (n, result) = to.ctx.read(&mut buf[got..]);
        assert!(result.is_ok() && n > 0, "read: {result:?}");
        got += n;
    }
    assert_eq!(buf, data);
}

/// Moves `records` records of `data.len()` bytes each way; panics if any is lost or altered.
fn exchange(client: &mut Side, server: &mut Side, records: usize, data: &[u8], buf: &mut [u8]) {
    for _ in 0..records {
        send(client, server, data, buf);
        send(server, client, data, buf);
    }
}

fn main() {
    assert!(counting::hook_openssl(), "OpenSSL allocated before main");

    let pki = Pki::new(KeyKind::EcdsaP256);
    let mut failed = false;
    for (name, version) in [
        ("TLS 1.3", SslProtocol::TLS13),
        ("TLS 1.2", SslProtocol::TLS12),
    ] {
        let (mut client, mut server) = pairs::contexts(&pki);
        for ctx in [&mut client, &mut server] {
            ctx.set_protocol_version_min(version).unwrap();
            ctx.set_protocol_version_max(version).unwrap();
        }
        let (mut client, mut server) = pairs::connect(client, server, Faults::NONE, 1);
        assert_eq!(pairs::handshake(&mut client, &mut server), (Ok(()), Ok(())));
        for size in [1 << 10, 16 << 10] {
            let (data, mut buf) = (vec![0x5a; size], vec![0; size]);
            // Warm up: session tickets, OpenSSL's record buffers, the wire's queues.
            exchange(&mut client, &mut server, 4, &data, &mut buf);
            let counters = [&RUST_ALLOCATIONS, &OPENSSL_ALLOCATIONS, &OPENSSL_OTHER];
            let before = counters.map(|c| c.load(Relaxed));
            let records = 1000;
            exchange(&mut client, &mut server, records, &data, &mut buf);
            let [rust, openssl, other] = [0, 1, 2].map(|i| counters[i].load(Relaxed) - before[i]);
            let ok = rust == 0 && other == 0;
            failed |= !ok;
            println!(
                "{name}, {records} records of {size} bytes each way: {rust} allocations in \
                 Rust, {openssl} in OpenSSL ({other} outside its record writer): {}",
                if ok { "ok" } else { "FAILED" }
            );
        }
    }
    if failed {
        std::process::exit(1);
    }
}
