//! No panic crosses the C ABI: every exported function runs its body through one of these.

use std::panic::{catch_unwind, AssertUnwindSafe};

use secure_transport::status::errSecInternalComponent;
use secure_transport::OSStatus;

/// Runs `body`; a panic becomes `errSecInternalComponent` (and is logged).
pub fn status(body: impl FnOnce() -> OSStatus) -> OSStatus {
    value(errSecInternalComponent, body)
}

/// Runs `body`; a panic becomes `fallback` (and is logged).
pub fn value<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|_| {
        log::error!("internal error (a panic) caught at the C boundary");
        fallback
    })
}
