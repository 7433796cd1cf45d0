//! A deterministic stand-in for OpenSSL's random generator, for fuzzing only.
//!
//! A context that receives the same peer bytes then draws the same randoms (client and
//! server random, key shares, signature nonces), so a flight recorded from a real peer is
//! valid again on replay: the fuzzer gets past Finished into application data, close_notify
//! and post-handshake messages, instead of stopping at the first signature or MAC check.
//! Each side has its own stream, chosen before every call into a context, so a context
//! draws the same numbers whether its peer runs in the same process (recording) or not.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Once;

use libc::{c_double, c_int, c_void};

/// OpenSSL's `RAND_METHOD` (rand.h); still honoured by OpenSSL 3 for every draw.
#[repr(C)]
struct RandMethod {
    seed: Option<unsafe extern "C" fn(*const c_void, c_int) -> c_int>,
    bytes: Option<unsafe extern "C" fn(*mut u8, c_int) -> c_int>,
    cleanup: Option<unsafe extern "C" fn()>,
    add: Option<unsafe extern "C" fn(*const c_void, c_int, c_double) -> c_int>,
    pseudorand: Option<unsafe extern "C" fn(*mut u8, c_int) -> c_int>,
    status: Option<unsafe extern "C" fn() -> c_int>,
}

extern "C" {
    fn RAND_set_rand_method(method: *const RandMethod) -> c_int;
}

static METHOD: RandMethod = RandMethod {
    seed: Some(ignore_seed),
    bytes: Some(bytes),
    cleanup: None,
    add: Some(ignore_add),
    pseudorand: Some(bytes),
    status: Some(ready),
};

/// The two streams (one per side) and which one draws now.
static STATES: [AtomicU64; 2] = [AtomicU64::new(0), AtomicU64::new(0)];
static ACTIVE: AtomicUsize = AtomicUsize::new(0);

/// Replaces OpenSSL's generator (once per process) and restarts both streams.
pub fn reset() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // SAFETY: a method table with functions of the signatures rand.h gives, in a static:
        // it outlives the pointer OpenSSL keeps.
        let ok = unsafe { RAND_set_rand_method(&METHOD) };
        assert_eq!(ok, 1, "RAND_set_rand_method");
    });
    for (i, state) in STATES.iter().enumerate() {
        state.store(0x5EED_0000 + i as u64, Ordering::Relaxed);
    }
}

/// Makes `stream` (0 or 1) the one OpenSSL draws from.
pub fn select(stream: usize) {
    ACTIVE.store(stream & 1, Ordering::Relaxed);
}

/// SplitMix64: no secrecy needed, only the same bytes for the same draws.
///
/// # Safety
/// For a positive `len`, `buf` is valid for writes of `len` bytes. OpenSSL calls it so, as
/// `RAND_METHOD.bytes`, with the buffer and length its caller gave `RAND_bytes`.
unsafe extern "C" fn bytes(buf: *mut u8, len: c_int) -> c_int {
    let state = &STATES[ACTIVE.load(Ordering::Relaxed)];
    // No bytes to draw: done, as the loop below would be, without making a slice of a `buf`
    // that may then be NULL.
    let Ok(len @ 1..) = usize::try_from(len) else {
        return 1;
    };
    // SAFETY: `len` is positive, so `buf` is valid for writes of `len` bytes (# Safety), and
    // nothing else uses that buffer while OpenSSL waits for this call.
    let out = unsafe { std::slice::from_raw_parts_mut(buf, len) };
    for chunk in out.chunks_mut(8) {
        let mut z = state
            .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed)
            .wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        chunk.copy_from_slice(&z.to_le_bytes()[..chunk.len()]);
    }
    1
}

/// Seeding changes nothing: the streams are [`reset`] instead.
extern "C" fn ignore_seed(_buf: *const c_void, _len: c_int) -> c_int {
    1
}

/// Added entropy changes nothing either.
extern "C" fn ignore_add(_buf: *const c_void, _len: c_int, _entropy: c_double) -> c_int {
    1
}

/// Always seeded.
extern "C" fn ready() -> c_int {
    1
}
