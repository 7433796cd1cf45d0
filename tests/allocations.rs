//! No heap allocation per record once a session is up: none in this crate (a counting global
//! allocator), and in OpenSSL (its allocator hooked with `CRYPTO_set_mem_functions`, which
//! must happen before OpenSSL allocates anything, hence `harness = false`) none but its own
//! record writer's: OpenSSL 3.0 allocates small `WPACKET` sub-packets (crypto/packet.c) for
//! every record it writes (do_ssl3_write), whoever calls it. Anything else (BIO, error queue,
//! our glue) fails the test.
//!
//! An idle session gives OpenSSL's record buffers back (two reads in a row finding nothing,
//! no record between); reads that find nothing then allocate nothing at all, and going busy
//! again allocates exactly those two buffers on each side (the writer's write buffer, the
//! reader's read buffer), nothing else outside the record writer, nothing in Rust.

use std::sync::atomic::Ordering::Relaxed;

use secure_transport::secure_transport::SslProtocol;
use secure_transport::status::errSSLWouldBlock;
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

/// A read that finds nothing.
fn read_nothing(side: &mut Side, buf: &mut [u8]) {
    let (n, result) = side.ctx.read(buf);
    assert_eq!(
        (n, result.map_err(|e| e.code())),
        (0, Err(errSSLWouldBlock))
    );
}

/// Idle → busy cycles: both sides go idle, read nothing many times, then move one record each
/// way. Returns whether the allocations were exactly the ones allowed.
fn idle_cycles(name: &str, client: &mut Side, server: &mut Side) -> bool {
    let (data, mut buf) = (vec![0x5a; 1024], vec![0; 1024]);
    let counters = [&RUST_ALLOCATIONS, &OPENSSL_ALLOCATIONS, &OPENSSL_OTHER];
    let cycles = 10;
    let (mut idle_allocations, mut busy_rust, mut busy_other) = (0, 0, 0);
    for _ in 0..cycles {
        for side in [&mut *client, &mut *server] {
            // The first finds nothing after data moved; the second finds the session idle.
            read_nothing(side, &mut buf);
            read_nothing(side, &mut buf);
        }
        let before = counters.map(|c| c.load(Relaxed));
        for _ in 0..100 {
            read_nothing(client, &mut buf);
            read_nothing(server, &mut buf);
        }
        idle_allocations +=
            counters[0].load(Relaxed) + counters[1].load(Relaxed) - before[0] - before[1];
        let before = counters.map(|c| c.load(Relaxed));
        exchange(client, server, 1, &data, &mut buf);
        busy_rust += counters[0].load(Relaxed) - before[0];
        busy_other += counters[2].load(Relaxed) - before[2];
    }
    // Each side: its write buffer for its record, its read buffer for the peer's.
    let allowed = cycles * 4;
    let ok = idle_allocations == 0 && busy_rust == 0 && busy_other == allowed;
    println!(
        "{name}, {cycles} idle → busy cycles: {idle_allocations} allocations while idle, \
         {busy_rust} in Rust and {busy_other} in OpenSSL outside its record writer going busy \
         ({allowed} allowed: two record buffers per side): {}",
        if ok { "ok" } else { "FAILED" }
    );
    ok
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
        failed |= !idle_cycles(name, &mut client, &mut server);
    }
    if failed {
        std::process::exit(1);
    }
}
