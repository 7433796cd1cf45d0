//! What the tests, the C ABI's tests, the benchmarks, the fuzz targets and the examples of
//! secure-transport share, so that each exists once:
//!
//! - [`pki`]: a throwaway CA with server and client leaves, and broken leaves on demand;
//! - [`der_flaws`]: a certificate's DER with one flaw, for the parser tests;
//! - [`peers`]: real `openssl s_server` / `s_client` processes, stopped by PID;
//! - [`tcp`] and [`udp`]: sockets on 127.0.0.1, free ports, bounded connects and accepts;
//! - [`wire`]: the one in-memory transport (streams and datagrams, seeded faults), usable
//!   as Apple-style C callbacks and as a Rust `Read + Write` stream;
//! - [`pairs`]: engine contexts wired to the two ends of a wire, and the handshake driver;
//! - [`counting`]: the counting global allocator and OpenSSL's allocator hooks;
//! - [`matrix`]: the interop matrix of versions × peers × keys;
//! - [`rng`]: the seeded generator behind every fault.
//!
//! Every loop is bounded in count, and where a real process or clock must be waited for,
//! by a deadline.

pub mod counting;
pub mod der_flaws;
pub mod keychains;
pub mod matrix;
pub mod ocsp;
pub mod pairs;
pub mod peers;
pub mod pki;
pub mod rng;
pub mod tcp;
pub mod udp;
pub mod wire;

use secure_transport::status::errSecSuccess;
use secure_transport::OSStatus;

/// The `OSStatus` of a result: `errSecSuccess` for `Ok`.
pub fn code<T>(result: secure_transport::Result<T>) -> OSStatus {
    result.err().map_or(errSecSuccess, |e| e.code())
}
