//! What the fuzz targets share: a fixed identity, a deterministic random source (so recorded
//! flights replay), a peer made of the fuzz input (over the test kit's wire), and the checks
//! every call must pass.

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
