//! What the fuzz targets share: a fixed identity, a deterministic random source (so recorded
//! flights replay), a peer made of the fuzz input, and the checks every call must pass.

// Apple's names (errSSLWouldBlock, ...) are kept as they are, in patterns too.
#![allow(non_upper_case_globals)]
pub mod calls;
pub mod fixture;
pub mod peer;
pub mod random;

use secure_transport::status::{self, errSecInternalComponent};
use secure_transport::OSStatus;

/// Every status the library returns must be one of Apple's documented codes; a caught panic
/// (`errSecInternalComponent` at the C boundary) is a bug too.
pub fn check(call: &str, status: OSStatus) -> OSStatus {
    assert!(
        status == 0 || status::name(status).is_some(),
        "{call} returned {status}, not a documented OSStatus"
    );
    assert_ne!(
        status, errSecInternalComponent,
        "{call}: a panic was caught"
    );
    status
}

/// A small, seeded generator (xorshift64*) for decisions the input delegates.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn advance(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.advance() % n.max(1) as u64) as usize
    }
}
