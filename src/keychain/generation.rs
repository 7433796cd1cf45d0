//! `SecKeyCreateRandomKey` with a keychain: a new key, stored where its options say. Here,
//! above the key module, as the keychain builds on keys.

use super::items::ItemValue;
use super::keychains::SecKeychain;
use crate::base::Error;
use crate::key::{GenerateKeyOptions, KeyError, SecKey};
use crate::keychain_ref::Location;
use crate::status::errSecInternalComponent;

impl SecKey {
    /// A new private key (`SecKeyCreateRandomKey`): RSA of 1024 to 8192 bits (a multiple of
    /// 8), or EC on P-192, P-224, P-256, P-384 or P-521; `errSecParam` for another size.
    /// With a [`GenerateKeyOptions::location`], the key is added to that keychain with its
    /// label (`kSecAttrIsPermanent`): the keychain's error if it cannot be.
    ///
    /// ```
    /// use secure_transport::item::{ItemSearchOptions, KeyClass, Location};
    /// use secure_transport::key::{Algorithm, GenerateKeyOptions, KeyType, SecKey};
    /// use secure_transport::os::macos::keychain::CreateOptions;
    ///
    /// let key = SecKey::new(GenerateKeyOptions::default().set_key_type(KeyType::ec()))?;
    /// let signature = key.create_signature(Algorithm::ECDSASignatureMessageX962SHA256, b"hi")?;
    /// let public = key.public_key().unwrap();
    /// assert!(public.verify_signature(Algorithm::ECDSASignatureMessageX962SHA256, b"hi", &signature)?);
    ///
    /// let dir = std::env::temp_dir().join(format!("generate-doc-{}", std::process::id()));
    /// let keychain = CreateOptions::new().password("pw").create(dir.join("keys.keychain")).unwrap();
    /// let mut options = GenerateKeyOptions::default();
    /// options.set_label("signing").set_location(Location::FileKeychain(keychain.clone()));
    /// let kept = SecKey::new(&options)?;
    /// let found = ItemSearchOptions::new()
    ///     .key_class(KeyClass::private())
    ///     .keychains(&[keychain.clone()])
    ///     .label("signing")
    ///     .application_label(&kept.application_label().unwrap())
    ///     .search()
    ///     .unwrap();
    /// assert_eq!(found.len(), 1);
    /// # keychain.delete().unwrap();
    /// # Ok::<(), secure_transport::key::KeyError>(())
    /// ```
    pub fn new(options: &GenerateKeyOptions) -> Result<SecKey, KeyError> {
        let key = SecKey::generate(options)?;
        let Some(location) = &options.location else {
            return Ok(key);
        };
        let stored = (|| {
            let keychain = match location {
                Location::FileKeychain(keychain) => keychain.clone(),
                Location::DefaultFileKeychain => SecKeychain::default()?,
            };
            let private = key
                .private_pkey()
                .ok_or(Error::from_code(errSecInternalComponent))?;
            let value = ItemValue::Key(private.to_owned());
            keychain.add(&value, options.label.as_deref())
        })();
        match stored {
            Ok(_) => Ok(key),
            Err(e) => Err(KeyError::new(e.code(), e.message().unwrap_or_default())),
        }
    }
}
