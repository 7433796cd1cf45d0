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
