//! The engine: one Secure Transport session context on one OpenSSL `SSL`.
//!
//! OpenSSL runs the protocol; the engine keeps Apple's session states, result codes and I/O
//! contract. The C ABI and the safe facade both drive a [`Context`]; neither adds behaviour
//! of its own. This file only declares the modules; each imports its siblings directly.
//!
//! - `context`: [`Context`], Apple's function set, each call handed to one of:
//! - `session`: the state machine (states, Apple's codes per state, handshake, read,
//!   write, close) on the `SSL`;
//! - `settings` (and `version_range`): what the caller configured, with Apple's rules,
//!   free of OpenSSL;
//! - `apply`: the settings carried over to the `SSL`;
//! - `readers`: what the handshake agreed and revealed.
//!
//! Beneath them: `shared` (what OpenSSL's callbacks reach), `callbacks` (OpenSSL's
//! callbacks), `io` (transport, write queue, BIO), `records` (the records passing through
//! it), `ssl_contexts` (every `SSL_CTX`), `resumption`, `datagram`, `ciphers`, `versions`,
//! `errors`, `alpn`, `session_config`, `psk` and `dh_group` (two of SecureTransportPriv.h's
//! settings, in OpenSSL's callbacks).

mod alpn;
mod apply;
mod callbacks;
mod ciphers;
mod context;
mod datagram;
mod dh_group;
mod errors;
mod io;
mod psk;
mod readers;
mod records;
mod resumption;
mod security;
mod session;
mod session_config;
mod settings;
mod shared;
mod ssl_contexts;
mod version_range;
mod versions;

pub use context::Context;
pub use io::{SslConnectionRef, SslReadFunc, SslWriteFunc};
pub use versions::supported as supported_protocols;
