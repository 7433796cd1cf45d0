//! The keychains the process has opened: each a file and whether this process has unlocked
//! it, shared by every reference to the file; and the process's default keychain and search
//! list.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use bitflags::bitflags;

use super::format::{self, Password};
use super::items::{self, Contents, ItemValue, Query};
use super::{file, location};
use crate::base::{Error, Result};
pub use crate::keychain_ref::SecKeychain;
use crate::keychain_ref::{Access, Shared};
use crate::status::{
    errSecAuthFailed, errSecDuplicateKeychain, errSecInteractionNotAllowed, errSecNoSuchKeychain,
    errSecParam,
};

bitflags! {
    /// What `SecKeychainGetStatus` reports (`SecKeychainStatus`).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct KeychainStatus: u32 {
        /// `kSecUnlockStateStatus`.
        const UNLOCKED = 1;
        /// `kSecReadPermStatus`.
        const READABLE = 2;
        /// `kSecWritePermStatus`.
        const WRITABLE = 4;
    }
}

/// Every keychain the process has opened, by path: the state each reference shares.
static OPENED: Mutex<Option<HashMap<PathBuf, SecKeychain>>> = Mutex::new(None);
/// The default keychain `SecKeychainSetDefault` chose, if it did.
static DEFAULT: Mutex<Option<SecKeychain>> = Mutex::new(None);
/// The search list `SecKeychainSetSearchList` chose, if it did.
static SEARCH_LIST: Mutex<Option<Vec<SecKeychain>>> = Mutex::new(None);

/// A lock that a panic elsewhere did not spoil: each guarded value changes in one step.
fn guard<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl SecKeychain {
    /// The keychain at `path`, relative to the keychain directory unless absolute
    /// (`SecKeychainOpen`). The file need not exist: calls that need it say
    /// `errSecNoSuchKeychain`.
    pub fn open(path: impl AsRef<Path>) -> Result<SecKeychain> {
        let path = location::resolve(path.as_ref())?;
        let mut opened = guard(&OPENED);
        let keychain = opened.get_or_insert_with(HashMap::new).entry(path.clone());
        Ok(keychain
            .or_insert_with(|| {
                SecKeychain(Arc::new(Shared {
                    path,
                    access: Mutex::new(Access::default()),
                }))
            })
            .clone())
    }

    /// A new, empty keychain at `path`, encrypted with `password` (UTF-8) and unlocked
    /// (`SecKeychainCreate`): `errSecDuplicateKeychain` if the file exists, `errSecParam` for
    /// a password that is not UTF-8 or holds a NUL.
    pub fn create(path: impl AsRef<Path>, password: &[u8]) -> Result<SecKeychain> {
        let password = Password::new(password).ok_or(Error::from_code(errSecParam))?;
        let keychain = SecKeychain::open(path)?;
        keychain.make_file(password)?;
        Ok(keychain)
    }

    /// The default keychain (`SecKeychainCopyDefault`): the one [`SecKeychain::set_default`]
    /// chose, else the one `SECURE_TRANSPORT_KEYCHAIN` names, else `login.keychain` in
    /// `$XDG_DATA_HOME/secure-transport/` (`~/.local/share/secure-transport/`). Made, with an
    /// empty password, if its file does not exist.
    #[allow(clippy::should_implement_trait)] // Apple's name; it can fail, as Default cannot.
    pub fn default() -> Result<SecKeychain> {
        if let Some(chosen) = guard(&DEFAULT).clone() {
            return Ok(chosen);
        }
        let keychain = SecKeychain::open(location::default_path()?)?;
        if let Err(e) = file::exists(keychain.path()) {
            if e.code() != errSecNoSuchKeychain {
                return Err(e);
            }
            // Another process may be making it too: either file will do.
            match keychain.make_file(Password::empty()) {
                Ok(()) => log::info!("default keychain made at {}", keychain.path().display()),
                Err(e) if e.code() == errSecDuplicateKeychain => {}
                Err(e) => return Err(e),
            }
        }
        Ok(keychain)
    }

    /// Makes `keychain` the default (`SecKeychainSetDefault`); `None`: the default is again
    /// the one of the environment or the keychain directory. For this process only.
    pub fn set_default(keychain: Option<&SecKeychain>) {
        *guard(&DEFAULT) = keychain.cloned();
    }

    /// The keychains a search without keychains goes through (`SecKeychainCopySearchList`):
    /// those [`SecKeychain::set_search_list`] chose, else the default keychain.
    pub fn search_list() -> Result<Vec<SecKeychain>> {
        match guard(&SEARCH_LIST).clone() {
            Some(list) => Ok(list),
            None => Ok(vec![SecKeychain::default()?]),
        }
    }

    /// Sets the search list, for this process (`SecKeychainSetSearchList`); an empty one
    /// makes searches find nothing.
    pub fn set_search_list(keychains: &[SecKeychain]) {
        *guard(&SEARCH_LIST) = Some(keychains.to_vec());
    }

    /// The keychain's file (`SecKeychainGetPath`).
    pub fn path(&self) -> &Path {
        &self.0.path
    }

    /// `SecKeychainGetStatus`: unlocked, readable and writable, or (locked) readable only.
    /// An unused keychain with an empty password is unlocked by the asking.
    pub fn status(&self) -> Result<KeychainStatus> {
        let bytes = file::read(self.path())?;
        match self.password_for(&bytes) {
            Ok(_) => Ok(KeychainStatus::all()),
            Err(e) if e.code() == errSecInteractionNotAllowed => Ok(KeychainStatus::READABLE),
            Err(e) => Err(e),
        }
    }

    /// Forgets the password until [`SecKeychain::unlock`] (`SecKeychainLock`).
    pub fn lock(&self) -> Result<()> {
        file::exists(self.path())?;
        self.access().lock();
        Ok(())
    }

    /// Locks every keychain the process has opened (`SecKeychainLockAll`).
    pub fn lock_all() {
        let opened: Vec<SecKeychain> = guard(&OPENED)
            .iter()
            .flat_map(|o| o.values().cloned())
            .collect();
        for keychain in opened {
            keychain.access().lock();
        }
    }

    /// Unlocks the keychain with `password` (`SecKeychainUnlock`): `errSecAuthFailed` if it
    /// is not the keychain's. With none, as there is no one to ask, only an empty password is
    /// tried: `errSecInteractionNotAllowed` if it is not the keychain's. Nothing is checked
    /// if the keychain is unlocked already, as on a Mac.
    ///
    /// ```
    /// use secure_transport::os::macos::keychain::{CreateOptions, SecKeychain};
    /// use secure_transport_test_kit::pki::{KeyKind, Pki};
    ///
    /// let pki = Pki::new(KeyKind::EcdsaP256);
    /// let path = pki.dir().join("doc.keychain");
    /// CreateOptions::new().password("secret").create(&path)?;
    /// let mut keychain = SecKeychain::open(&path)?;
    /// keychain.lock()?;
    /// assert!(keychain.unlock(Some("wrong")).is_err());
    /// keychain.unlock(Some("secret"))?;
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn unlock(&mut self, password: Option<&str>) -> Result<()> {
        self.unlock_bytes(password.map(str::as_bytes))
    }

    /// [`SecKeychain::unlock`] with the password's bytes, as C callers give it:
    /// `errSecParam` if they are not UTF-8 or hold a NUL.
    ///
    /// ```
    /// use secure_transport::os::macos::keychain::CreateOptions;
    ///
    /// let dir = std::env::temp_dir().join(format!("unlock-doc-{}", std::process::id()));
    /// let keychain = CreateOptions::new().password("pässword").create(dir.join("u.keychain"))?;
    /// keychain.lock()?;
    /// assert_eq!(keychain.unlock_bytes(Some(b"\xff")).unwrap_err().code(), -50); // errSecParam
    /// keychain.unlock_bytes(Some("pässword".as_bytes()))?;
    /// # keychain.delete()?;
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn unlock_bytes(&self, password: Option<&[u8]>) -> Result<()> {
        let given = password
            .map(|p| Password::new(p).ok_or(Error::from_code(errSecParam)))
            .transpose()?;
        let bytes = file::read(self.path())?;
        let mut access = self.access();
        if access.use_password().is_some() {
            return Ok(());
        }
        let password = match given {
            Some(password) => {
                format::check_password(&bytes, &password)?;
                password
            }
            None => try_empty(&bytes)?,
        };
        access.unlock(password);
        Ok(())
    }

    /// Locks the keychain again once it goes `seconds` without use while unlocked (`None`:
    /// never), for every reference to it in this process (`SecKeychainSetSettings`'s
    /// `lockInterval`). `errSecNoSuchKeychain` if there is no file.
    pub(crate) fn set_lock_interval(&self, seconds: Option<u32>) -> Result<()> {
        file::exists(self.path())?;
        self.access().lock_interval = seconds;
        Ok(())
    }

    /// Removes the keychain's file, and the keychain from the search list and as the default
    /// (`SecKeychainDelete`). `errSecNoSuchKeychain` if there is no file.
    pub fn delete(&self) -> Result<()> {
        file::delete(self.path())?;
        *self.access() = Access::default();
        guard(&DEFAULT).take_if(|chosen| chosen == self);
        if let Some(list) = guard(&SEARCH_LIST).as_mut() {
            list.retain(|k| k != self);
        }
        Ok(())
    }

    /// Adds an item, with `label` or a default one (a certificate's: its subject summary; a
    /// key's: its certificate's label) (`SecItemAdd`). `errSecDuplicateItem` if it is here
    /// already (an identity: its certificate and its key both), `errSecInteractionNotAllowed`
    /// if the keychain is locked.
    pub fn add(&self, value: &ItemValue, label: Option<&str>) -> Result<Item> {
        let label = self.change(|contents| contents.add(value, label))?;
        Ok(self.item(label, value.clone()))
    }

    /// Adds several items, each with its label or a default one (`SecItemImport`,
    /// `SecPKCS12Import` into a keychain): all of them, or none if one cannot be
    /// (`errSecDuplicateItem` for one that is here already).
    pub fn add_all(&self, items: &[(ItemValue, Option<&str>)]) -> Result<()> {
        self.change(|contents| {
            (items.iter()).try_for_each(|(value, label)| contents.add(value, *label).map(drop))
        })
    }

    /// The items of this keychain `query` names.
    pub(super) fn find(&self, query: &Query) -> Result<Vec<Item>> {
        let bytes = file::read(self.path())?;
        let password = self.password_for(&bytes)?;
        let found = format::decode(&bytes, &password)?.find(query);
        Ok((found.into_iter())
            .map(|(label, value)| self.item(label, value))
            .collect())
    }

    fn item(&self, label: String, value: ItemValue) -> Item {
        Item {
            label,
            value,
            keychain: self.clone(),
        }
    }

    /// Changes the keychain's contents, one change at a time across processes; the file is
    /// left as it was if `change` fails.
    pub(super) fn change<T>(&self, change: impl FnOnce(&mut Contents) -> Result<T>) -> Result<T> {
        file::replace(self.path(), |bytes| {
            let password = self.password_for(bytes)?;
            let mut contents = format::decode(bytes, &password)?;
            let outcome = change(&mut contents)?;
            Ok((format::encode(&contents, &password)?, outcome))
        })
    }

    /// The password to read `bytes` with: the one the keychain was unlocked with, or — no one
    /// being there to ask — an empty one, unless the keychain was locked on purpose.
    /// `errSecInteractionNotAllowed` if neither opens it.
    fn password_for(&self, bytes: &[u8]) -> Result<Password> {
        let mut access = self.access();
        if let Some(password) = access.use_password() {
            return Ok(password);
        }
        if access.locked {
            return Err(Error::from_code(errSecInteractionNotAllowed));
        }
        let password = try_empty(bytes)?;
        access.unlock(password.clone());
        Ok(password)
    }

    /// Writes the file of a new, empty keychain, which `password` unlocks.
    fn make_file(&self, password: Password) -> Result<()> {
        file::create(
            self.path(),
            &format::encode(&Contents::default(), &password)?,
        )?;
        let mut access = self.access();
        *access = Access::default();
        access.unlock(password);
        Ok(())
    }

    fn access(&self) -> MutexGuard<'_, Access> {
        guard(&self.0.access)
    }
}

/// The empty password, if it is the keychain's; `errSecInteractionNotAllowed` if not (the
/// keychain needs a password no one is there to type).
fn try_empty(bytes: &[u8]) -> Result<Password> {
    let empty = Password::empty();
    match format::check_password(bytes, &empty) {
        Ok(()) => Ok(empty),
        Err(e) if e.code() == errSecAuthFailed => {
            Err(Error::from_code(errSecInteractionNotAllowed))
        }
        Err(e) => Err(e),
    }
}

impl PartialEq for SecKeychain {
    fn eq(&self, other: &Self) -> bool {
        self.path() == other.path()
    }
}

impl Eq for SecKeychain {}

impl std::fmt::Debug for SecKeychain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecKeychain({:?})", self.path())
    }
}

/// An item found in (or added to) a keychain.
#[derive(Clone, Debug)]
pub struct Item {
    label: String,
    value: ItemValue,
    keychain: SecKeychain,
}

impl Item {
    /// The item's label (`kSecAttrLabel`); an identity's is its certificate's.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The item itself.
    pub fn value(&self) -> &ItemValue {
        &self.value
    }

    /// The item itself, taken out.
    pub fn into_value(self) -> ItemValue {
        self.value
    }

    /// The keychain it is in.
    pub fn keychain(&self) -> &SecKeychain {
        &self.keychain
    }

    /// Bytes that name the item beyond this process (`kSecReturnPersistentRef`): its class,
    /// a digest of it (its certificate's DER, its key's public key) and its keychain's path.
    /// `ItemSearchOptions::with_persistent_ref` finds it again.
    pub fn persistent_ref(&self) -> Vec<u8> {
        items::persistent_ref(&self.value, self.keychain.path())
    }
}
