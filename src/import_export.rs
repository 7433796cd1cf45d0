//! SecImportExport.h: identities from PKCS#12 archives (`SecPKCS12Import`), certificates
//! and keys in and out of PEM, DER, PKCS#7, PKCS#8 and PKCS#12 (`SecItemImport`,
//! `SecItemExport`).

mod export;
mod formats;
mod importer;
mod pem;
mod pkcs12;

pub use self::export::ExportOptions;
pub use self::formats::{Destination, ExternalFormat, ExternalItemType, Item, SecItems};
pub use self::importer::{ImportOptions, Imported};
pub use self::pkcs12::legacy_context;

use crate::base::Result;
use crate::certificate::SecCertificate;
use crate::identity::SecIdentity;
use crate::policy::SecPolicy;
use crate::trust::SecTrust;

/// What one PKCS#12 import found (a `kSecImportItem*` dictionary).
#[derive(Debug, Clone)]
pub struct ImportedIdentity {
    /// `kSecImportItemLabel`: the friendly name, if the archive has one.
    pub label: Option<String>,
    /// `kSecImportItemKeyID`: the localKeyID attribute of the identity's certificate bag, if
    /// it has one (`openssl pkcs12 -export` and Keychain Access put the SHA-1 of the
    /// certificate there).
    pub key_id: Option<Vec<u8>>,
    /// `kSecImportItemIdentity`.
    pub identity: Option<SecIdentity>,
    /// `kSecImportItemCertChain`: the identity's certificate first, then the archive's others.
    pub cert_chain: Option<Vec<SecCertificate>>,
    /// `kSecImportItemTrust`: a trust object for the chain, with the basic X.509 policy.
    pub trust: Option<SecTrust>,
}

/// `SecPKCS12Import` options.
#[derive(Default, Clone, Debug)]
pub struct Pkcs12ImportOptions {
    passphrase: Option<String>,
    pub(crate) destination: Option<Destination>,
}

impl Pkcs12ImportOptions {
    /// Options with no passphrase.
    pub fn new() -> Pkcs12ImportOptions {
        Pkcs12ImportOptions::default()
    }

    /// `kSecImportExportPassphrase`.
    pub fn passphrase(&mut self, passphrase: &str) -> &mut Self {
        self.passphrase = Some(passphrase.to_owned());
        self
    }

    /// Imports a DER PKCS#12 archive: `errSecAuthFailed` if the passphrase is wrong (the
    /// archive's MAC does not verify), `errSecDecode` for anything else that cannot be read,
    /// legacy algorithms included when the linked OpenSSL has no legacy provider.
    ///
    /// ```
    /// # use secure_transport_test_kit::pki::{KeyKind, Pki};
    /// # let pki = Pki::new(KeyKind::EcdsaP256);
    /// use secure_transport::import_export::Pkcs12ImportOptions;
    ///
    /// let archive = pki.server().pkcs12("pw");
    /// let imported = Pkcs12ImportOptions::new().passphrase("pw").import(&archive)?;
    /// assert_eq!(imported[0].cert_chain.as_ref().unwrap()[0], pki.server().certificate());
    /// assert!(imported[0].key_id.is_some());
    /// let wrong = Pkcs12ImportOptions::new().passphrase("no").import(&archive);
    /// assert_eq!(wrong.unwrap_err().code(), -25293); // errSecAuthFailed
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn import(&self, der: &[u8]) -> Result<Vec<ImportedIdentity>> {
        let contents = pkcs12::contents(der, self.passphrase.as_deref().unwrap_or(""))?;
        let (Some(cert), Some(key)) = (contents.certificate, contents.key) else {
            return Ok(Vec::new());
        };
        let leaf = SecCertificate::from_x509(cert);
        let identity = SecIdentity::new(leaf.clone(), key)?;
        let mut chain = vec![leaf];
        chain.extend(contents.others.into_iter().map(SecCertificate::from_x509));
        let trust = SecTrust::create_with_certificates(&chain, &[SecPolicy::create_x509()])?;
        if let Some(destination) = &self.destination {
            (destination.0)(vec![(
                Item::Identity(identity.clone()),
                contents.label.clone(),
            )])?;
        }
        Ok(vec![ImportedIdentity {
            label: contents.label,
            key_id: contents.key_id,
            identity: Some(identity),
            cert_chain: Some(chain),
            trust: Some(trust),
        }])
    }
}
