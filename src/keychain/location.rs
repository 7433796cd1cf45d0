//! Where keychains live: the directory that relative keychain paths and the default keychain
//! are in, as `~/Library/Keychains` is on a Mac.

use std::env;
use std::path::{Path, PathBuf};

use crate::base::{Error, Result};
use crate::status::{errSecNoDefaultKeychain, errSecParam};

/// The environment variable naming the default keychain's file (a path as
/// `SecKeychainOpen` takes one).
pub const DEFAULT_KEYCHAIN_VARIABLE: &str = "SECURE_TRANSPORT_KEYCHAIN";

/// The default keychain's file in the directory, named as a Mac user's.
const DEFAULT_NAME: &str = "login.keychain";

/// `$XDG_DATA_HOME/secure-transport`, else `~/.local/share/secure-transport` (the XDG base
/// directory rules: a relative `XDG_DATA_HOME` is ignored).
fn directory() -> Result<PathBuf> {
    let absolute = |name| {
        env::var_os(name)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    let data = absolute("XDG_DATA_HOME")
        .or_else(|| absolute("HOME").map(|home| home.join(".local/share")))
        .ok_or(Error::from_code(errSecNoDefaultKeychain))?;
    Ok(data.join("secure-transport"))
}

/// A keychain path as Apple reads one: in the keychain directory unless it is absolute.
/// `errSecParam` for an empty path.
pub(super) fn resolve(path: &Path) -> Result<PathBuf> {
    if path.as_os_str().is_empty() {
        Err(Error::from_code(errSecParam))
    } else if path.is_absolute() {
        Ok(path.to_owned())
    } else {
        Ok(directory()?.join(path))
    }
}

/// The default keychain's path: the environment variable's, else `login.keychain` in the
/// keychain directory.
pub(super) fn default_path() -> Result<PathBuf> {
    match env::var_os(DEFAULT_KEYCHAIN_VARIABLE) {
        Some(path) if !path.is_empty() => resolve(Path::new(&path)),
        _ => Ok(directory()?.join(DEFAULT_NAME)),
    }
}
