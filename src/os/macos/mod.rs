//! security-framework's `os::macos`: its macOS-only extensions. This file only declares the
//! modules.

pub mod secure_transport;
