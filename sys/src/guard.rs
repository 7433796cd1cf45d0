//! No panic crosses the C ABI: every exported function runs its body through one of these.

use std::panic::{catch_unwind, AssertUnwindSafe};

use secure_transport::status::errSecInternalComponent;
use secure_transport::OSStatus;

/// Runs `body`; a panic becomes `errSecInternalComponent` (and is logged).
#[inline(always)]
pub fn status(body: impl FnOnce() -> OSStatus) -> OSStatus {
    value(errSecInternalComponent, body)
}

/// Runs `body`; a panic becomes `fallback` (and is logged). Inlined into each exported
/// function: a frame of its own cost every `SSLRead` and `SSLWrite` about 20 instructions.
#[inline(always)]
pub fn value<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(value) => value,
        Err(_) => caught(fallback),
    }
}

/// What a caught panic gives: `fallback`, logged.
#[cold]
#[inline(never)]
fn caught<T>(fallback: T) -> T {
    log::error!("internal error (a panic) caught at the C boundary");
    fallback
}
