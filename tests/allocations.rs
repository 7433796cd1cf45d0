//! No heap allocation per record once a session is up: none in this crate (a counting global
//! allocator), and in OpenSSL (its allocator hooked with `CRYPTO_set_mem_functions`, which
//! must happen before OpenSSL allocates anything, hence `harness = false`) none but its own
//! record writer's: OpenSSL 3.0 allocates small `WPACKET` sub-packets (crypto/packet.c) for
//! every record it writes (do_ssl3_write), whoever calls it. Anything else (BIO, error queue,
//! our glue) fails the test.

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::{c_char, c_int, c_void, CStr};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use secure_transport::secure_transport::SslProtocol;
use support::pipe::{self, Faults, Side};
use support::{KeyKind, Pki};

static RUST_ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static OPENSSL_ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
/// OpenSSL allocations made outside its record writer's packet code.
static OPENSSL_OTHER: AtomicUsize = AtomicUsize::new(0);

struct Counting;

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        RUST_ALLOCATIONS.fetch_add(1, Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        RUST_ALLOCATIONS.fetch_add(1, Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

type Malloc = unsafe extern "C" fn(usize, *const c_char, c_int) -> *mut c_void;
type Realloc = unsafe extern "C" fn(*mut c_void, usize, *const c_char, c_int) -> *mut c_void;
type Free = unsafe extern "C" fn(*mut c_void, *const c_char, c_int);

extern "C" {
    fn CRYPTO_set_mem_functions(m: Malloc, r: Realloc, f: Free) -> c_int;
}

/// Counts an OpenSSL allocation made at `file` (OpenSSL's source path, or NULL).
unsafe fn count_openssl(file: *const c_char) {
    OPENSSL_ALLOCATIONS.fetch_add(1, Relaxed);
    let in_packet_code = !file.is_null()
        && CStr::from_ptr(file)
            .to_bytes()
            .ends_with(b"crypto/packet.c");
    if !in_packet_code {
        OPENSSL_OTHER.fetch_add(1, Relaxed);
    }
}

unsafe extern "C" fn openssl_malloc(size: usize, file: *const c_char, _: c_int) -> *mut c_void {
    count_openssl(file);
    libc::malloc(size)
}

unsafe extern "C" fn openssl_realloc(
    ptr: *mut c_void,
    size: usize,
    file: *const c_char,
    _: c_int,
) -> *mut c_void {
    count_openssl(file);
    libc::realloc(ptr, size)
}

unsafe extern "C" fn openssl_free(ptr: *mut c_void, _: *const c_char, _: c_int) {
    libc::free(ptr)
}

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
    // SAFETY: called first, before OpenSSL has allocated (it refuses, returning 0, after).
    let hooked = unsafe { CRYPTO_set_mem_functions(openssl_malloc, openssl_realloc, openssl_free) };
    assert_eq!(hooked, 1, "OpenSSL allocated before main");

    let pki = Pki::new(KeyKind::EcdsaP256);
    let mut failed = false;
    for (name, version) in [
        ("TLS 1.3", SslProtocol::TLS13),
        ("TLS 1.2", SslProtocol::TLS12),
    ] {
        let (mut client, mut server) = pipe::contexts(&pki);
        for ctx in [&mut client, &mut server] {
            ctx.set_protocol_version_min(version).unwrap();
            ctx.set_protocol_version_max(version).unwrap();
        }
        let (mut client, mut server) = pipe::connect(client, server, Faults::NONE, 1);
        assert_eq!(pipe::handshake(&mut client, &mut server), (Ok(()), Ok(())));
        for size in [1 << 10, 16 << 10] {
            let (data, mut buf) = (vec![0x5a; size], vec![0; size]);
            // Warm up: session tickets, OpenSSL's record buffers, the pipe's queues.
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
