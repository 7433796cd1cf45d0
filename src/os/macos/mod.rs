//! security-framework's `os::macos`: file keychains, importing into them, finding an identity
//! by its certificate, and the macOS-only calls of Secure Transport. This file only declares
//! the modules.

pub mod identity;
pub mod import_export;
pub mod keychain;
pub mod secure_transport;
