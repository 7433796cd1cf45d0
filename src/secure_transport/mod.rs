//! SecureTransport.h for Rust: the API of `security_framework::secure_transport`.

mod types;

pub use types::*;
