//! `SecKeychainRef` itself — a keychain's file and this process's hold on it (its password
//! once unlocked) — and `Location`, where `SecItemAdd` stores. Below every module that keeps
//! items in a keychain, so that a key's generation options can name one: the keychain's
//! workings are [`crate::keychain`]'s.

use std::ffi::{c_char, c_int};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A keychain (`SecKeychainRef`): a file, and whether this process has unlocked it. Clones,
/// and every keychain opened at the same path, share that state; two are equal when their
/// paths are.
#[derive(Clone)]
pub struct SecKeychain(pub(crate) Arc<Shared>);

pub(crate) struct Shared {
    pub(crate) path: PathBuf,
    pub(crate) access: Mutex<Access>,
}

/// What this process knows to open the keychain with.
#[derive(Default)]
pub(crate) struct Access {
    /// The password, once checked: the keychain is unlocked.
    pub(crate) password: Option<Password>,
    /// Locked on purpose: not even an empty password is tried without being asked.
    pub(crate) locked: bool,
    /// When this process last used it unlocked: its lock interval counts from there.
    last_used: Option<Instant>,
    /// Seconds without use after which the keychain locks again, as its settings last read
    /// or set say (`None`: never).
    pub(crate) lock_interval: Option<u32>,
}

impl Access {
    /// Unlocked with `password`, now.
    pub(crate) fn unlock(&mut self, password: Password) {
        self.password = Some(password);
        self.locked = false;
        self.last_used = Some(Instant::now());
    }

    /// Locked on purpose: the password forgotten.
    pub(crate) fn lock(&mut self) {
        self.password = None;
        self.locked = true;
        self.last_used = None;
    }

    /// The password, if the keychain is unlocked and was used within its lock interval
    /// (which this use starts again); locked if it was not.
    pub(crate) fn use_password(&mut self) -> Option<Password> {
        let now = Instant::now();
        let idle = self
            .last_used
            .map(|used| now.saturating_duration_since(used));
        let interval = self
            .lock_interval
            .map(|s| Duration::from_secs(u64::from(s)));
        if let (Some(idle), Some(interval)) = (idle, interval) {
            if idle > interval {
                log::info!("keychain unused for {idle:?}: locked again");
                self.lock();
                return None;
            }
        }
        let password = self.password.clone()?;
        self.last_used = Some(now);
        Some(password)
    }
}

/// Which keychain an item is added to (security-framework's `Location`).
pub enum Location {
    /// The default keychain ([`SecKeychain::default`]).
    DefaultFileKeychain,
    /// This keychain.
    FileKeychain(SecKeychain),
}

impl std::fmt::Debug for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Location::DefaultFileKeychain => "DefaultFileKeychain",
            Location::FileKeychain(_) => "FileKeychain",
        })
    }
}

/// A keychain's password: UTF-8 without NUL (what PKCS#12's MAC and OpenSSL's C strings
/// take), wiped from memory when dropped.
#[derive(Clone)]
pub(crate) struct Password(Vec<u8>);

impl Password {
    /// `None` for bytes that are not UTF-8 or contain a NUL.
    pub(crate) fn new(password: &[u8]) -> Option<Password> {
        if std::str::from_utf8(password).is_err() || password.contains(&0) {
            return None;
        }
        let mut terminated = Vec::with_capacity(password.len() + 1);
        terminated.extend_from_slice(password);
        terminated.push(0);
        Some(Password(terminated))
    }

    /// The empty password: an unattended keychain's.
    pub(crate) fn empty() -> Password {
        Password(vec![0])
    }

    /// The NUL-terminated password.
    pub(crate) fn as_ptr(&self) -> *const c_char {
        self.0.as_ptr().cast()
    }

    /// Its length, without the NUL.
    pub(crate) fn len(&self) -> c_int {
        c_int::try_from(self.0.len() - 1).unwrap_or(c_int::MAX)
    }
}

impl Drop for Password {
    fn drop(&mut self) {
        for byte in &mut self.0 {
            // SAFETY: a byte of the vector's own; a volatile write is not optimised away.
            unsafe { std::ptr::write_volatile(byte, 0) };
        }
        std::sync::atomic::compiler_fence(std::sync::atomic::Ordering::SeqCst);
    }
}
