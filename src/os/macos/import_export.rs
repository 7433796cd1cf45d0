//! security-framework's `os::macos::import_export`: [`ImportOptions`] with the options it
//! has on macOS (a keychain to import into, the passphrase prompt), and [`SecItems`].

use std::sync::Arc;

use crate::base::{Error, Result};
use crate::import_export::{Destination, Item, Pkcs12ImportOptions};
use crate::keychain::{ItemValue, SecKeychain};
use crate::status::errSecUnimplemented;

pub use crate::import_export::{ImportOptions, SecItems};

impl ImportOptions<'_> {
    /// Ask the user for the passphrase when none is given: there is no one to ask here,
    /// so such an import gives `errSecInteractionNotAllowed`.
    ///
    /// ```
    /// # use secure_transport_test_kit::pki::{KeyKind, Pki};
    /// # let pki = Pki::new(KeyKind::EcdsaP256);
    /// use secure_transport::import_export::ImportOptions;
    ///
    /// let archive = pki.server().pkcs12("pw");
    /// // No one to ask for the passphrase (errSecInteractionNotAllowed).
    /// let asked = ImportOptions::new()
    ///     .pkcs12()
    ///     .secure_passphrase(true)
    ///     .alert_title("Import")
    ///     .alert_prompt("Passphrase of the server's archive")
    ///     .no_access_control(true)
    ///     .import(&archive);
    /// assert_eq!(asked.unwrap_err().code(), -25308);
    /// // With the passphrase given, the prompt options change nothing.
    /// ImportOptions::new().pkcs12().passphrase("pw").secure_passphrase(true).no_access_control(true).import(&archive)?;
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn secure_passphrase(&mut self, secure_passphrase: bool) -> &mut Self {
        self.secure_passphrase = secure_passphrase;
        self
    }

    /// No access control list on the imported keys: a keychain file here has none, so
    /// this changes nothing.
    pub fn no_access_control(&mut self, no_access_control: bool) -> &mut Self {
        let _ = no_access_control;
        self
    }

    /// The title of the passphrase prompt: there is no prompt here (see
    /// [`ImportOptions::secure_passphrase`]), so it is not shown.
    pub fn alert_title(&mut self, alert_title: &str) -> &mut Self {
        let _ = alert_title;
        self
    }

    /// The text of the passphrase prompt: not shown, as for [`ImportOptions::alert_title`].
    pub fn alert_prompt(&mut self, alert_prompt: &str) -> &mut Self {
        let _ = alert_prompt;
        self
    }

    /// Stores what [`ImportOptions::import`] finds in `keychain` too, all of it or none
    /// (`errSecDuplicateItem` if one is there already).
    ///
    /// ```
    /// use secure_transport::import_export::ImportOptions;
    /// use secure_transport::item::{ItemClass, ItemSearchOptions};
    /// use secure_transport::os::macos::keychain::CreateOptions;
    /// use secure_transport_test_kit::pki::{KeyKind, Pki};
    ///
    /// let pki = Pki::new(KeyKind::Rsa2048);
    /// let keychain = CreateOptions::new().password("pw").create(pki.dir().join("i.keychain"))?;
    /// ImportOptions::new().keychain(&keychain).import(&pki.ca().cert_pem)?;
    /// let found = ItemSearchOptions::new()
    ///     .class(ItemClass::certificate())
    ///     .keychains(&[keychain])
    ///     .search()?;
    /// assert_eq!(found.len(), 1);
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn keychain(&mut self, keychain: &SecKeychain) -> &mut Self {
        self.destination = Some(into(keychain.clone()));
        self
    }
}

impl Pkcs12ImportOptions {
    /// Stores the identities imported in `keychain` too (`kSecImportExportKeychain`), with
    /// the archive's friendly name as label, all or none (`errSecDuplicateItem` if one is
    /// there already).
    ///
    /// ```
    /// # use secure_transport_test_kit::pki::{KeyKind, Pki};
    /// # let pki = Pki::new(KeyKind::EcdsaP256);
    /// use secure_transport::import_export::Pkcs12ImportOptions;
    /// use secure_transport::os::macos::keychain::CreateOptions;
    ///
    /// let keychain = CreateOptions::new().password("pw").create(pki.dir().join("p.keychain"))?;
    /// let archive = pki.server().pkcs12("pw");
    /// let mut options = Pkcs12ImportOptions::new();
    /// options.passphrase("pw").keychain(keychain.clone());
    /// options.import(&archive)?;
    /// // The identity is there now: a second import finds it (errSecDuplicateItem).
    /// assert_eq!(options.import(&archive).unwrap_err().code(), -25299);
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn keychain(&mut self, keychain: SecKeychain) -> &mut Self {
        self.destination = Some(into(keychain));
        self
    }
}

/// A destination that stores in `keychain`.
fn into(keychain: SecKeychain) -> Destination {
    Destination(Arc::new(move |items: Vec<(Item, Option<String>)>| {
        store_labelled(&keychain, &items)
    }))
}

/// Stores imported items in `keychain`, all or none: `errSecUnimplemented` for a public key
/// (keychain files keep private keys only), `errSecDuplicateItem` for one there already.
///
/// ```
/// use secure_transport::import_export::Item;
/// use secure_transport::os::macos::import_export::store_in;
/// use secure_transport::os::macos::keychain::CreateOptions;
/// use secure_transport_test_kit::pki::{KeyKind, Pki};
///
/// let pki = Pki::new(KeyKind::EcdsaP256);
/// let keychain = CreateOptions::new().password("pw").create(pki.dir().join("i.keychain"))?;
/// let items = [Item::Identity(pki.client().identity()), Item::Certificate(pki.ca().certificate())];
/// store_in(&keychain, &items)?;
/// assert_eq!(store_in(&keychain, &items).unwrap_err().code(), -25299); // errSecDuplicateItem
/// # Ok::<(), secure_transport::base::Error>(())
/// ```
pub fn store_in(keychain: &SecKeychain, items: &[Item]) -> Result<()> {
    let labelled: Vec<(Item, Option<String>)> = items.iter().map(|i| (i.clone(), None)).collect();
    store_labelled(keychain, &labelled)
}

fn store_labelled(keychain: &SecKeychain, items: &[(Item, Option<String>)]) -> Result<()> {
    let values = items
        .iter()
        .map(|(item, label)| {
            let value = match item {
                Item::Certificate(certificate) => ItemValue::Certificate(certificate.clone()),
                Item::Identity(identity) => ItemValue::Identity(identity.clone()),
                Item::Key(key) => match key.private_pkey() {
                    Some(private) => ItemValue::Key(private.to_owned()),
                    None => return Err(Error::from_code(errSecUnimplemented)),
                },
            };
            Ok((value, label.as_deref()))
        })
        .collect::<Result<Vec<(ItemValue, Option<&str>)>>>()?;
    keychain.add_all(&values)
}
