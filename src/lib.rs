//! Apple's Secure Transport API on Linux, carried out by OpenSSL.
//!
//! - [`secure_transport`]: the safe Rust API, shaped like the `security-framework` crate's
//!   module of the same name, so macOS code ports by renaming the dependency.
//! - [`engine`]: the session context with Apple's exact semantics and result codes, which
//!   the C ABI (`sys/`) exposes under Apple's function names.
//! - [`types`]: SecureTransport.h's enumerations, the leaf every other module builds on.
//! - [`certificate`], [`key`], [`identity`], [`trust`], [`policy`], [`import_export`],
//!   [`keychain`], [`random`]: the Security framework pieces TLS code needs around Secure
//!   Transport; [`item`] and [`os::macos`] give them security-framework's shape.

// Apple's names (errSSLWouldBlock, ...) are kept as they are, in patterns too.
#![allow(non_upper_case_globals)]

pub mod base;
pub mod certificate;
pub mod cipher_suite;
pub mod engine;
mod ffi;
pub mod identity;
pub mod import_export;
pub mod item;
pub mod key;
pub mod keychain;
mod keychain_ref;
pub mod os;
pub mod policy;
pub mod random;
pub mod secure_transport;
pub mod status;
pub mod trust;
pub mod types;

pub use base::{Error, OSStatus, Result};
