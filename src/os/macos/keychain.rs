//! security-framework's `os::macos::keychain`: [`SecKeychain`] (see [`crate::keychain`]) and
//! [`CreateOptions`], the way it makes one.

use std::path::Path;

use crate::base::{Error, Result};
use crate::status::errSecNoDefaultKeychain;

pub use crate::keychain::SecKeychain;

/// `SecPreferencesDomain`: whose default keychain [`SecKeychain::default_for_domain`] gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum SecPreferencesDomain {
    /// `kSecPreferencesDomainUser`: this user's, the process's default keychain.
    User = 0,
    /// `kSecPreferencesDomainSystem`: the machine's; there is none here.
    System = 1,
    /// `kSecPreferencesDomainCommon`: shared by every user; there is none here.
    Common = 2,
    /// `kSecPreferencesDomainDynamic`: the smart-card domain; there is none here.
    Dynamic = 3,
}

impl SecKeychain {
    /// The default keychain of `domain` (`SecKeychainCopyDomainDefault`): the user's is
    /// [`SecKeychain::default`]; the others do not exist on Linux (`errSecNoDefaultKeychain`).
    ///
    /// ```
    /// use secure_transport::os::macos::keychain::{SecKeychain, SecPreferencesDomain};
    ///
    /// let system = SecKeychain::default_for_domain(SecPreferencesDomain::System);
    /// assert_eq!(system.unwrap_err().code(), -25307); // errSecNoDefaultKeychain
    /// ```
    pub fn default_for_domain(domain: SecPreferencesDomain) -> Result<SecKeychain> {
        match domain {
            SecPreferencesDomain::User => SecKeychain::default(),
            _ => Err(Error::from_code(errSecNoDefaultKeychain)),
        }
    }
}

/// How [`CreateOptions::create`] makes a keychain (`SecKeychainCreate`'s arguments).
#[derive(Default, Debug)]
pub struct CreateOptions {
    password: Option<String>,
    prompt_user: bool,
}

impl CreateOptions {
    /// No password (an empty one) and no prompt.
    pub fn new() -> CreateOptions {
        CreateOptions::default()
    }

    /// The password that encrypts the keychain.
    pub fn password(&mut self, password: &str) -> &mut CreateOptions {
        self.password = Some(password.to_owned());
        self
    }

    /// Ask the user for the password: there is no one to ask here, so `create` gives
    /// `errSecInteractionNotAllowed` when this is set without a password.
    ///
    /// ```
    /// use secure_transport::os::macos::keychain::CreateOptions;
    ///
    /// let dir = std::env::temp_dir().join(format!("prompt-doc-{}", std::process::id()));
    /// let asked = CreateOptions::new().prompt_user(true).create(dir.join("p.keychain"));
    /// assert_eq!(asked.unwrap_err().code(), -25308); // errSecInteractionNotAllowed
    /// let keychain = CreateOptions::new().prompt_user(true).password("pw").create(dir.join("p.keychain"))?;
    /// # keychain.delete()?;
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn prompt_user(&mut self, prompt_user: bool) -> &mut CreateOptions {
        self.prompt_user = prompt_user;
        self
    }

    /// Makes the keychain at `path` and unlocks it ([`SecKeychain::create`]):
    /// `errSecDuplicateKeychain` if the file exists.
    ///
    /// ```
    /// use secure_transport::os::macos::keychain::CreateOptions;
    ///
    /// let dir = std::env::temp_dir().join(format!("create-doc-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// let keychain = CreateOptions::new().password("secret").create(dir.join("a.keychain"))?;
    /// assert!(keychain.path().exists());
    /// # keychain.delete()?;
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn create<P: AsRef<Path>>(&self, path: P) -> Result<SecKeychain> {
        if self.prompt_user && self.password.is_none() {
            return Err(Error::from_code(crate::status::errSecInteractionNotAllowed));
        }
        let password = self.password.as_deref().unwrap_or("");
        SecKeychain::create(path, password.as_bytes())
    }
}

/// A keychain's settings (`SecKeychainSettings`), which [`SecKeychain::set_settings`] gives
/// it: no lock on sleep and no lock interval by default.
#[derive(Debug, Default)]
pub struct KeychainSettings {
    lock_on_sleep: bool,
    lock_interval: Option<u32>,
}

impl KeychainSettings {
    /// The default settings: the keychain stays unlocked.
    pub fn new() -> KeychainSettings {
        KeychainSettings::default()
    }

    /// Lock the keychain when the computer sleeps (`lockOnSleep`): kept, but never
    /// triggered on Linux, where this library hears of no sleep.
    pub fn set_lock_on_sleep(&mut self, lock_on_sleep: bool) {
        self.lock_on_sleep = lock_on_sleep;
    }

    /// Lock the keychain after this many seconds without use (`useLockInterval`,
    /// `lockInterval`); `None`: never.
    pub fn set_lock_interval(&mut self, lock_interval: Option<u32>) {
        self.lock_interval = lock_interval;
    }
}

impl SecKeychain {
    /// Gives the keychain `settings` (`SecKeychainSetSettings`), for every reference to it
    /// in this process: once unlocked, it locks again when it goes longer than the lock
    /// interval without use, and calls that need it unlocked say
    /// `errSecInteractionNotAllowed` until [`SecKeychain::unlock`]. `errSecNoSuchKeychain`
    /// if there is no file.
    ///
    /// ```
    /// use secure_transport::os::macos::keychain::{CreateOptions, KeychainSettings};
    ///
    /// let dir = std::env::temp_dir().join(format!("settings-doc-{}", std::process::id()));
    /// let mut keychain = CreateOptions::new().password("pw").create(dir.join("s.keychain"))?;
    /// let mut settings = KeychainSettings::new();
    /// settings.set_lock_interval(Some(300));
    /// settings.set_lock_on_sleep(true);
    /// keychain.set_settings(&settings)?;
    /// assert!(keychain.status()?.contains(secure_transport::keychain::KeychainStatus::UNLOCKED));
    /// # keychain.delete()?;
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn set_settings(&mut self, settings: &KeychainSettings) -> Result<()> {
        if settings.lock_on_sleep {
            log::debug!("{self:?}: lock on sleep kept; Linux tells this library of no sleep");
        }
        self.set_lock_interval(settings.lock_interval)
    }
}
