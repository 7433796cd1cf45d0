//! security-framework's `os` modules: what it offers on one OS only, here on Linux so code
//! that imports `security_framework::os::macos::…` ports unchanged (its keychains are files,
//! as a Mac's file keychains). This file only declares the modules.

pub mod macos;
