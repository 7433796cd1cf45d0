//! security-framework's `os` module: the extensions it has for macOS only, which this crate
//! has on Linux (its keychains are files, as a Mac's file keychains).

pub mod macos;
