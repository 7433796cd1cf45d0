//! security-framework's `os::macos`: file keychains, importing into them, and finding an
//! identity by its certificate. The TLS extensions are in [`crate::secure_transport`].

pub mod identity;
pub mod import_export;
pub mod keychain;
