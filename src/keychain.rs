//! SecKeychain.h: keychains, stores of certificates and private keys that outlive the
//! process. On Linux a keychain is a file any `openssl pkcs12` reads (see `format`), encrypted
//! with the keychain's password, changed atomically and one process at a time (see `file`).
//!
//! As on a Mac, a keychain is locked or unlocked, and the state is shared by every reference
//! to it in the process: unlocked, this process holds its password. A keychain whose password
//! is empty — the default keychain made on first use is one — needs no one to type it and is
//! unlocked when first used, as a Mac's login keychain is at login; one locked on purpose
//! stays locked until unlocked. The default keychain and the search list are the process's:
//! set them with [`SecKeychain::set_default`] and [`SecKeychain::set_search_list`], or name
//! the default keychain's file in `SECURE_TRANSPORT_KEYCHAIN`.

mod file;
mod format;
mod generation;
mod items;
mod keychains;
mod location;
mod removal;
mod search;

pub use items::{ItemClass, ItemValue};
pub use keychains::{Item, KeychainStatus, SecKeychain};
pub use location::DEFAULT_KEYCHAIN_VARIABLE;
pub use search::{ItemSearchOptions, Limit};
