//! The keychain file on disk, read whole and replaced whole, so that it is always one
//! complete version: a new version is written to a temporary file in the same directory,
//! synced, renamed over the old one, and the directory synced — a process killed at any point
//! leaves the old version or the new one. Changes are serialised between processes and
//! threads by an exclusive `flock` on the file being replaced, held from reading it to the
//! rename; a reader needs no lock (a rename swaps whole files).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::base::{Error, Result};
use crate::status::{
    errSecDiskFull, errSecDuplicateKeychain, errSecIO, errSecNoSuchKeychain, errSecWrPerm,
};

/// The files' permissions: the owner's alone, as `~/.ssh`'s keys.
const MODE: u32 = 0o600;

/// How often a change starts over because another process replaced the file between its
/// opening and its locking (each start is one more replacement by others: bounded only to
/// be safe).
const LOCK_ATTEMPTS: usize = 1000;

/// The file's bytes: `errSecNoSuchKeychain` if there is none.
pub(super) fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(io_status)
}

/// `Ok` if there is a file: `errSecNoSuchKeychain` if not.
pub(super) fn exists(path: &Path) -> Result<()> {
    fs::metadata(path).map(drop).map_err(io_status)
}

/// Makes the file with `bytes`, atomically, and its directory if need be (the owner's
/// alone, as Apple's keychain files make theirs): `errSecDuplicateKeychain` if it exists.
pub(super) fn create(path: &Path, bytes: &[u8]) -> Result<()> {
    let (directory, _) = split(path);
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&directory)
        .map_err(io_status)?;
    let temporary = write_temporary(path, bytes)?;
    // A hard link, unlike a rename, fails if the name is taken.
    let linked = fs::hard_link(&temporary, path);
    let _ = fs::remove_file(&temporary);
    match linked {
        Ok(()) => sync_directory(path),
        Err(_) if fs::symlink_metadata(path).is_ok() => {
            Err(Error::from_code(errSecDuplicateKeychain))
        }
        Err(e) => Err(io_status(e)),
    }
}

/// Replaces the file's bytes with what `change` makes of them, serialised with every other
/// change; nothing is written if `change` fails. `errSecNoSuchKeychain` if there is no file.
pub(super) fn replace<T>(
    path: &Path,
    change: impl FnOnce(&[u8]) -> Result<(Vec<u8>, T)>,
) -> Result<T> {
    let mut locked = lock(path)?;
    let mut bytes = Vec::new();
    locked.read_to_end(&mut bytes).map_err(io_status)?;
    let (replacement, outcome) = change(&bytes)?;
    remove_leftovers(path);
    let temporary = write_temporary(path, &replacement)?;
    if let Err(e) = fs::rename(&temporary, path) {
        let _ = fs::remove_file(&temporary);
        return Err(io_status(e));
    }
    sync_directory(path)?;
    Ok(outcome)
}

/// Removes the file, once no change is under way. `errSecNoSuchKeychain` if there is none.
pub(super) fn delete(path: &Path) -> Result<()> {
    let _locked = lock(path)?;
    remove_leftovers(path);
    fs::remove_file(path).map_err(io_status)?;
    sync_directory(path)
}

/// The file, open and exclusively locked: the one at `path` now, not one a change of
/// another process has since renamed away. The lock goes with the file's closing.
fn lock(path: &Path) -> Result<File> {
    for _ in 0..LOCK_ATTEMPTS {
        let file = File::open(path).map_err(io_status)?;
        loop {
            // SAFETY: a descriptor of an open file.
            if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } == 0 {
                break;
            }
            let error = io::Error::last_os_error();
            if error.kind() != io::ErrorKind::Interrupted {
                return Err(io_status(error));
            }
        }
        let locked = file.metadata().map_err(io_status)?;
        match fs::metadata(path) {
            Ok(now) if now.dev() == locked.dev() && now.ino() == locked.ino() => return Ok(file),
            Ok(_) => continue,
            Err(e) => return Err(io_status(e)),
        }
    }
    log::error!("{}: replaced too often to be locked", path.display());
    Err(Error::from_code(errSecIO))
}

/// The directory and name of the keychain file.
fn split(path: &Path) -> (PathBuf, String) {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (directory, name)
}

/// A temporary file's name: `.<keychain>.<pid>-<n>.tmp`, hidden, beside the keychain.
fn temporary_name(name: &str) -> String {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let n = COUNT.fetch_add(1, Ordering::Relaxed);
    format!(".{name}.{}-{n}.tmp", std::process::id())
}

/// Whether `file` is one of `name`'s temporary files.
fn is_temporary_of(file: &str, name: &str) -> bool {
    let Some(rest) = file
        .strip_prefix('.')
        .and_then(|f| f.strip_prefix(name))
        .and_then(|f| f.strip_prefix('.'))
        .and_then(|f| f.strip_suffix(".tmp"))
    else {
        return false;
    };
    rest.split_once('-').is_some_and(|(pid, n)| {
        [pid, n]
            .iter()
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// Removes the temporary files of changes whose process was killed: with the file locked,
/// no change of another process is writing one.
fn remove_leftovers(path: &Path) {
    let (directory, name) = split(path);
    let Ok(entries) = fs::read_dir(&directory) else {
        return;
    };
    for entry in entries.flatten() {
        if is_temporary_of(&entry.file_name().to_string_lossy(), &name) {
            log::info!(
                "removing {}, left by an interrupted change",
                entry.path().display()
            );
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// A new temporary file holding `bytes`, synced to the disk; its path.
fn write_temporary(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let (directory, name) = split(path);
    let temporary = directory.join(temporary_name(&name));
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(MODE)
        .open(&temporary)
        .map_err(io_status)?;
    if let Err(e) = file.write_all(bytes).and_then(|()| file.sync_all()) {
        let _ = fs::remove_file(&temporary);
        return Err(io_status(e));
    }
    Ok(temporary)
}

/// Makes a rename or removal in the file's directory durable.
fn sync_directory(path: &Path) -> Result<()> {
    let (directory, _) = split(path);
    File::open(directory)
        .and_then(|d| d.sync_all())
        .map_err(io_status)
}

/// Apple's code for a file system error.
fn io_status(error: io::Error) -> Error {
    let code = match error.kind() {
        io::ErrorKind::NotFound => errSecNoSuchKeychain,
        io::ErrorKind::PermissionDenied => errSecWrPerm,
        io::ErrorKind::StorageFull => errSecDiskFull,
        _ => errSecIO,
    };
    if code == errSecIO {
        log::warn!("keychain file: {error}");
    }
    Error::from_code(code)
}

#[cfg(test)]
mod tests {
    use crate::keychain::file::{is_temporary_of, temporary_name};

    #[test]
    fn temporary_files_are_told_apart_by_keychain() {
        let mine = temporary_name("login.keychain");
        assert!(is_temporary_of(&mine, "login.keychain"));
        assert!(!is_temporary_of(&mine, "login"));
        assert!(!is_temporary_of(
            ".login.keychain.1-2.tmp.3-4.tmp",
            "login.keychain"
        ));
        assert!(!is_temporary_of(
            ".login.keychain.x-2.tmp",
            "login.keychain"
        ));
        assert!(!is_temporary_of("login.keychain", "login.keychain"));
    }
}
